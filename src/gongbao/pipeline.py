"""One way in for data: read a file, parse it, extract facts from it."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable

from gongbao.extract import extract_gazette
from gongbao.intake import DEFAULT_TIMEOUT, IntakeText, load, load_isolated
from gongbao.models import Gazette
from gongbao.parse import parse_gazette

# metadata field (an HTML page's header, an OFD file's DocInfo) -> Document attribute, used
# when the parse of a single document left it empty
_META_FIELDS = {"title": "title", "doc_number": "doc_number", "issuer": "issuer", "date": "date"}


def parse_path(
    path: str | os.PathLike[str],
    ocr: str = "auto",
    timeout: float | None = DEFAULT_TIMEOUT,
    progress: Callable[[int, int, str], None] | None = None,
    isolate: bool = False,
) -> Gazette:
    """Parse one file (.txt, .pdf, .html/.htm, .docx, .doc, .ofd, an image) into a Gazette with
    extracted facts.

    The format comes from the file's content; PDFs keep the page of every line
    (``Gazette.pages``), pages without a text layer are OCRed per ``ocr`` (auto|always|never).
    Raises InputError on bad input, including a file that takes longer than ``timeout`` s.
    ``isolate=True`` reads the file in a child process killed at the timeout (for batch jobs:
    even a file that hangs the PDF library ends in an InputError; no progress callback then).
    """
    if isolate:
        intake = load_isolated(path, ocr=ocr, timeout=timeout or DEFAULT_TIMEOUT)
    else:
        intake = load(path, ocr=ocr, timeout=timeout, progress=progress)
    gazette = parse_gazette(intake.text, source=Path(path).name, pages=intake.pages)
    return extract_gazette(apply_intake(gazette, intake))


def apply_intake(gazette: Gazette, intake: IntakeText) -> Gazette:
    """Carry what the file format told us into the parse: pages, warnings, HTML metadata."""
    if intake.pages is not None and len(intake.pages) != len(gazette.lines):
        gazette.pages = None  # never point at a wrong page
        gazette.warnings.append("page numbers dropped: the text's lines did not match the pages")
    gazette.warnings.extend(intake.meta.get("warnings", []))
    if intake.kind in ("html", "ofd") and len(gazette.documents) == 1:
        doc = gazette.documents[0]
        for key, attr in _META_FIELDS.items():
            value = intake.meta.get(key)
            if value and not getattr(doc, attr):
                setattr(doc, attr, value)
                if attr == "issuer" and not doc.issuers:
                    doc.issuers = [value]
    return gazette
