"""Actionable facts pulled out of parsed documents: citations, appointments, tasks, money.

Every extractor is a pure function over a document's lines (:class:`DocLines`); each item
carries the 1-based file line it comes from, inside the document.
"""

from __future__ import annotations

from gongbao.extract._text import DocLines
from gongbao.extract.appointments import extract_appointments
from gongbao.extract.citations import extract_citations
from gongbao.extract.money import extract_money
from gongbao.extract.tasks import extract_tasks
from gongbao.extract.units import region_of
from gongbao.models import Document, Gazette

__all__ = ["DocLines", "extract_document", "extract_gazette"]


def _year(doc: Document) -> int | None:
    if doc.date and doc.date[:4].isdigit():
        return int(doc.date[:4])
    return None


def extract_document(doc: Document, lines: list[str], cleaned: bool = False, region: str | None = None,
                     raw: list[str] | None = None) -> Document:
    """Fill one document's citations, appointments, tasks and money lists (in place).
    ``lines`` are the file's lines, raw or already cleaned (Gazette.clean_lines); ``region``
    (the gazette's place) qualifies task units when the issuer names none; ``raw``: the file's
    lines as printed when ``lines`` are cleaned (rosters are read by their layout)."""
    first = doc.span_start or doc.start_line
    last = doc.end_line or len(lines)
    if first < 1 or last < first:
        return doc
    dl = DocLines.from_lines(lines, first, last, cleaned=cleaned, raw=raw)
    doc.citations = extract_citations(dl, doc.doc_number)
    doc.appointments = extract_appointments(dl, doc.title, doc.issuer)
    doc.tasks = extract_tasks(dl, _year(doc), region_of(doc.issuer) or region)
    doc.money = extract_money(dl)
    return doc


def extract_gazette(gazette: Gazette) -> Gazette:
    """Fill each document's citations, appointments, tasks and money lists (in place)."""
    cleaned = len(gazette.clean_lines) == len(gazette.lines)
    lines = gazette.clean_lines if cleaned else gazette.lines
    region = region_of(gazette.issue.title)
    for doc in gazette.documents:
        extract_document(doc, lines, cleaned=cleaned, region=region, raw=gazette.lines)
    return gazette
