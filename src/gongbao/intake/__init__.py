"""Files as published -> text for the parser: text, PDF (text layer or OCR), HTML, Word,
OFD (GB/T 33190 版式文档), images of scanned pages (OCR).

One entry point: ``load(path, ocr="auto", timeout=...)`` returns an ``IntakeText`` whose
``kind`` is txt | pdf | html | docx | doc | ofd | image (OFD files and images, like PDFs, keep
the page of every line; ``meta`` holds an OFD file's DocInfo). The file
type is found from the content (magic bytes), not the name alone; a file whose name promises
one format but whose content is another (a ".pdf" that is an HTML error page or a ZIP) gets a
clear ``InputError`` naming the file, as does every unreadable file, never a hang.
"""

from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from gongbao.text.decode import DEFAULT_MAX_BYTES, InputError, decode_bytes, open_regular, read_text_file

OCR_MODES = ("auto", "always", "never")
DEFAULT_TIMEOUT = 600.0  # seconds per file
SUFFIXES = (".txt", ".pdf", ".html", ".htm", ".docx", ".doc", ".ofd")
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp")


@dataclass
class IntakeText:
    """Text of one input file. ``pages[i]`` is the 1-based page of text line i+1 (None when
    the format has no pages); ``kind`` is txt | pdf | html | docx | doc; ``meta`` holds what the
    format told us (page_count, ocr_pages, HTML metadata header fields, warnings); ``sha256``
    is the checksum of the bytes that were read (set by ``load_isolated``)."""

    text: str
    pages: list[int] | None
    kind: str
    meta: dict = field(default_factory=dict)
    sha256: str | None = None


_HTML_START = re.compile(rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body|meta|title|div|table|p)\b",
                         re.I | re.S)


def sniff(head: bytes) -> str:
    """The format of a file from its first bytes: pdf, zip, ole, html or text. A PDF starts
    with %PDF- (a text quoting "%PDF-" further on is text; see detect for junk before it)."""
    if head.lstrip()[:5] == b"%PDF-":
        return "pdf"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
    from gongbao.intake.image import image_format

    if image_format(head):  # PNG, JPEG, TIFF, BMP: a scanned page
        return "image"
    h = head
    for bom in (b"\xef\xbb\xbf",):
        if h.startswith(bom):
            h = h[len(bom):]
    if h[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            h = h.decode("utf-16").encode("utf-8", "replace")
        except UnicodeDecodeError:
            pass
    if _HTML_START.match(h[:4096]):
        return "html"
    return "text"


_NAMES = {"pdf": "a PDF", "zip": "a ZIP archive", "ole": "an old Word/OLE file", "html": "an HTML page",
          "text": "plain text", "image": "an image"}


def detect(path: Path) -> str:
    """txt | pdf | html | docx | doc, or InputError when the content is none of them or
    contradicts the file name."""
    try:
        with os.fdopen(open_regular(path), "rb") as fh:
            head = fh.read(8192)
    except OSError as e:
        raise InputError(path, f"cannot read: {e.strerror}") from None
    if not head.strip():
        raise InputError(path, "file is empty")
    found = sniff(head)
    ext = path.suffix.lower()
    if ext == ".pdf" and found != "pdf" and b"%PDF-" in head[:1024]:
        found = "pdf"  # junk before the header, which PDF readers accept
    if found == "zip":
        import zipfile

        try:
            with zipfile.ZipFile(path) as z:
                names = set(z.namelist())
        except (zipfile.BadZipFile, OSError) as e:
            raise InputError(path, f"damaged ZIP/DOCX/OFD file ({e})") from None
        if "ofd.xml" in {n.lower() for n in names}:
            if ext in (".pdf", ".html", ".htm", ".txt", ".docx", ".doc"):
                raise InputError(path, f"named {ext} but is an OFD file; rename it to .ofd")
            return "ofd"
        if ext == ".ofd":
            raise InputError(path, "named .ofd but the ZIP package has no OFD.xml: not an OFD file")
        if "word/document.xml" in names:
            if ext in (".pdf", ".html", ".htm", ".txt"):
                raise InputError(path, f"named {ext} but is a Word .docx file; rename it to .docx")
            return "docx"
        raise InputError(path, "is a ZIP archive, not a gazette file"
                         + (f" (named {ext})" if ext else "") + "; unpack it first")
    if found == "ole":
        if ext in (".pdf", ".html", ".htm", ".txt", ".docx"):
            raise InputError(path, f"named {ext} but is an old Word/OLE file; rename it to .doc")
        return "doc"
    if ext == ".pdf" and found != "pdf":
        why = " (a web page saved instead of the PDF, e.g. an error or login page)" if found == "html" else ""
        raise InputError(path, f"named .pdf but is {_NAMES[found]}, not a PDF{why}")
    if ext == ".docx" and found != "zip":
        raise InputError(path, f"named .docx but is {_NAMES[found]}, not a Word .docx file")
    if ext == ".doc" and found == "html":
        return "html"  # "Word" files saved as HTML are common on government sites
    if ext == ".doc" and found != "ole":
        raise InputError(path, f"named .doc but is {_NAMES[found]}, not a Word .doc file")
    if ext == ".ofd":
        raise InputError(path, f"named .ofd but is {_NAMES[found]}, not an OFD file")
    if ext in IMAGE_SUFFIXES and found != "image":
        raise InputError(path, f"named {ext} but is {_NAMES[found]}, not an image")
    if found == "image":
        return "image"
    if found == "pdf":
        return "pdf"
    if found == "html" or (ext in (".html", ".htm") and found == "text"):
        return "html"
    return "txt"


def load(
    path: str | os.PathLike[str],
    ocr: str = "auto",
    timeout: float | None = DEFAULT_TIMEOUT,
    progress: Callable[[int, int, str], None] | None = None,
) -> IntakeText:
    """Read one file as published into text (see IntakeText). Raises InputError on bad input,
    including when the file takes longer than ``timeout`` seconds."""
    if ocr not in OCR_MODES:
        raise ValueError(f"ocr must be one of {OCR_MODES}, not {ocr!r}")
    p = Path(path)
    kind = detect(p)
    deadline = time.monotonic() + timeout if timeout else None
    if kind == "txt":
        return IntakeText(read_text_file(p), None, "txt", {})
    if kind == "pdf":
        from gongbao.intake.pdf import extract_pdf

        text, pages, meta = extract_pdf(p, ocr=ocr, deadline=deadline, progress=progress)
        return IntakeText(text, pages, "pdf", meta)
    if kind == "html":
        from gongbao.intake.html import extract_html

        text, meta = extract_html(p)
        return IntakeText(text, None, "html", meta)
    if kind in ("ofd", "image"):
        from gongbao.intake.image import extract_image
        from gongbao.intake.ofd import extract_ofd

        extract = extract_ofd if kind == "ofd" else extract_image
        text, pages, meta = extract(p, ocr=ocr, deadline=deadline, progress=progress)
        return IntakeText(text, pages, kind, meta)
    if kind == "docx":
        from gongbao.intake.docx import extract_docx

        return IntakeText(extract_docx(p), None, "docx", {})
    from gongbao.intake.docx import extract_doc

    return IntakeText(extract_doc(p, deadline), None, "doc", {})


def load_isolated(
    path: str | os.PathLike[str],
    ocr: str = "auto",
    timeout: float = DEFAULT_TIMEOUT,
    progress: Callable[[int, int, str], None] | None = None,
) -> IntakeText:
    """``load`` in a child process that is killed after ``timeout`` seconds, on a private copy
    of the file (gongbao.intake.isolate): a file that blocks, grows, or hangs the PDF library
    itself still ends in an InputError, so a batch can go on. Every format, plain text too.
    The result's ``sha256`` is the checksum of the bytes that were read."""
    from gongbao.intake.isolate import run_isolated

    if ocr not in OCR_MODES:
        raise ValueError(f"ocr must be one of {OCR_MODES}, not {ocr!r}")
    intake, sha = run_isolated(path, _load_snapshot, (ocr, timeout), timeout=timeout, progress=progress,
                               limit=size_limit)
    intake.sha256 = sha
    return intake


def size_limit(path: Path) -> int:
    """The largest file read: text formats are capped lower than page formats."""
    from gongbao.intake.isolate import FILE_MAX_BYTES

    return DEFAULT_MAX_BYTES if detect(path) == "txt" else FILE_MAX_BYTES


def _load_snapshot(snapshot: Path, ocr: str, timeout: float, progress=None) -> IntakeText:
    import gongbao.intake

    return gongbao.intake.load(snapshot, ocr=ocr, timeout=timeout, progress=progress)


def read_html_bytes(path: Path, max_bytes: int = 32 * 1024 * 1024) -> str:
    """Decode an HTML file: its declared charset first, then the text decoder's detection."""
    data = path.read_bytes()[:max_bytes]
    m = re.search(rb"""charset\s*=\s*["']?([A-Za-z0-9_\-]+)""", data[:4096], re.I)
    if m:
        enc = m.group(1).decode("ascii").lower()
        enc = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030"}.get(enc, enc)
        try:
            return data.decode(enc)
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_bytes(data, path)
