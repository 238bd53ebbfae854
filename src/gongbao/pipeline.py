"""One way in for data: read a file, parse it, extract facts from it."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from gongbao.extract import extract_gazette
from gongbao.intake import DEFAULT_TIMEOUT, IntakeText, load
from gongbao.models import Gazette
from gongbao.parse import parse_gazette

# metadata field (an HTML page's header, an OFD file's DocInfo) -> Document attribute, used
# when the parse of a single document left it empty
_META_FIELDS = {"title": "title", "doc_number": "doc_number", "issuer": "issuer", "date": "date"}


@dataclass
class ParsedFile:
    """One file parsed: the Gazette, the sha256 of the bytes that were parsed (None when read in
    this process) and what ``then`` computed from the Gazette in the reader process."""

    gazette: Gazette
    sha256: str | None = None
    extra: Any = None


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
    ``isolate=True`` reads and parses the file in a child process killed at the timeout (see
    parse_file).
    """
    if isolate:
        return parse_file(path, ocr=ocr, timeout=timeout, progress=progress).gazette
    intake = load(path, ocr=ocr, timeout=timeout, progress=progress)
    gazette = parse_gazette(intake.text, source=Path(path).name, pages=intake.pages)
    return extract_gazette(apply_intake(gazette, intake))


def parse_file(
    path: str | os.PathLike[str],
    ocr: str = "auto",
    timeout: float | None = DEFAULT_TIMEOUT,
    progress: Callable[[int, int, str], None] | None = None,
    then: Callable[[Gazette], Any] | None = None,
) -> ParsedFile:
    """Read, parse and extract one file in a child process on a private copy of its bytes
    (gongbao.intake.isolate): the time limit covers every step and every format, a file that
    blocks or grows is refused, and ``sha256`` is the checksum of exactly the bytes parsed.
    ``then`` (a module-level function) runs on the Gazette in the child too (index rows for
    the library)."""
    from gongbao.intake import size_limit
    from gongbao.intake.isolate import run_isolated

    limit = timeout or NO_TIME_LIMIT
    (gazette, extra), sha = run_isolated(path, _parse_snapshot, (ocr, limit, then), timeout=limit,
                                         progress=progress, limit=size_limit)
    return ParsedFile(gazette, sha, extra)


NO_TIME_LIMIT = 365 * 24 * 3600.0


def _parse_snapshot(snapshot: Path, ocr: str, timeout: float, then: Callable[[Gazette], Any] | None,
                    progress: Callable[[int, int, str], None] | None = None) -> tuple[Gazette, Any]:
    import gongbao.pipeline

    gazette = gongbao.pipeline.parse_path(snapshot, ocr=ocr, timeout=timeout, progress=progress)
    return gazette, then(gazette) if then is not None else None


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
