"""PDF intake with pypdfium2: the text layer page by page, OCR for pages without one.

Chosen by measurement (benchmarks/bench_intake.py): pdfium's text runs plus our own layout
pass are many times faster than pdfminer.six's layout analysis on the same files.
One page is open at a time; only the text lines of each page are kept (for running-header
detection), so memory stays bounded for a 500-page issue.
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path
from typing import Callable

from gongbao.intake.layout import Box, PageLines, assemble, order_boxes
from gongbao.text.decode import InputError

# A page's text layer is unusable when it has almost no text or mostly garbage characters
# (private-use glyphs, replacement characters, control characters from broken fonts).
MIN_PAGE_CHARS = 8
SCAN_STAMP_CHARS = 200  # fewer characters than this over a page-sized image: a scan with a stamp
_BAD_CHAR = re.compile(r"[\ue000-\uf8ff\ufffd\x00-\x08\x0b\x0e-\x1f]")


def _open(path: Path):
    import pypdfium2 as pdfium

    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            fh.seek(max(0, size - 2048))
            tail = fh.read()
    except OSError as e:
        raise InputError(path, f"cannot read: {e.strerror}") from None
    try:
        doc = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as e:
        msg = str(e).lower()
        if "password" in msg:
            raise InputError(path, "encrypted PDF (needs a password); save an unprotected copy") from None
        if "format" in msg or "file" in msg:
            reason = "truncated or damaged PDF" if b"%%EOF" not in tail else "damaged PDF"
            raise InputError(path, f"{reason}: pdfium cannot read it ({e})") from None
        raise InputError(path, f"unreadable PDF ({e})") from None
    if b"%%EOF" not in tail:
        doc.close()
        raise InputError(path, "truncated PDF (no %%EOF end marker: the download may be incomplete)")
    if len(doc) == 0:
        doc.close()
        raise InputError(path, "PDF has no pages")
    return doc


def _display(rotation: int, width: float, height: float):
    """PDF user-space rectangle (left, bottom, right, top) -> top-down box on the page as
    displayed with its /Rotate (a landscape table set on a portrait page reads left to right)."""
    if rotation == 90:
        return lambda x0, b, r, t: (b, x0, t, r)
    if rotation == 180:
        return lambda x0, b, r, t: (width - r, b, width - x0, t)
    if rotation == 270:
        return lambda x0, b, r, t: (height - t, width - r, height - b, width - x0)
    return lambda x0, b, r, t: (x0, height - t, r, height - b)


def display_size(page) -> tuple[float, float]:
    w, h = page.get_size()
    return (h, w) if page.get_rotation() in (90, 270) else (w, h)


def page_boxes(textpage, height: float, rotation: int = 0, width: float = 0.0) -> list[Box]:
    """The text runs of one page as top-down boxes (``width``/``height``: the unrotated size).

    Characters are read one by one with pdfium's loose boxes (the font's full height, so
    punctuation lines up with its line); a run ends at a line break, a step back, a change of
    line or a gap wider than 1.5 em.
    """
    import ctypes

    import pypdfium2.raw as raw

    tp = textpage.raw
    to_display = _display(rotation, width, height)
    n = raw.FPDFText_CountChars(tp)
    rect = raw.FS_RECTF()
    boxes: list[Box] = []
    cur: list[str] = []
    x0 = top = x1 = bottom = 0.0

    def flush() -> None:
        if cur and "".join(cur).strip():
            boxes.append(Box(x0, top, x1, bottom, "".join(cur)))
        cur.clear()

    # all characters in one call (UTF-16, one unit per character unless some lie outside the
    # BMP: then one call per character)
    buf = (ctypes.c_ushort * (n + 1))()
    got = raw.FPDFText_GetText(tp, 0, n, buf) if n else 0
    text = bytes(memoryview(buf).cast("B")[: max(0, got - 1) * 2]).decode("utf-16-le", "replace")
    if len(text) != n:
        text = "".join(chr(c) if c < 0x110000 else "\ufffd"
                       for c in (raw.FPDFText_GetUnicode(tp, i) for i in range(n)))
    box = ctypes.byref(rect)
    get_box = raw.FPDFText_GetLooseCharBox
    for i, ch in enumerate(text):
        if ch in "\n\r\x02":  # generated line breaks; 2 = a hyphen pdfium marks as soft
            flush()
            continue
        if not get_box(tp, i, box):
            continue
        left, t, r, b = to_display(rect.left, rect.bottom, rect.right, rect.top)
        if ch.isspace():
            if cur:
                cur.append(" ")
            continue
        if cur:
            em = bottom - top
            mid = (t + b) / 2
            if left < x1 - 0.5 * em or left - x1 > 1.5 * em or not (top <= mid <= bottom):
                flush()
        if not cur:
            x0, top, x1, bottom = left, t, r, b
        else:
            x1 = max(x1, r)
            top = min(top, t)
            bottom = max(bottom, b)
        cur.append(ch)
    flush()
    return boxes


def image_cover(page) -> float:
    """The share of the page covered by its largest image (a scan fills most of its page)."""
    import pypdfium2.raw as raw

    width, height = page.get_size()
    best = 0.0
    for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_IMAGE], max_depth=1):
        left, bottom, right, top = obj.get_bounds()
        w = min(right, width) - max(left, 0.0)
        h = min(top, height) - max(bottom, 0.0)
        if w > 0 and h > 0:
            best = max(best, w * h / (width * height))
    return best


def usable(page: PageLines, pdf_page=None) -> bool:
    """Whether a page's text layer can be used as it is: enough characters, mostly not garbage,
    and not a scan that merely carries a stamped page number or header."""
    text = "".join(ln.text for ln in page.lines)
    chars = len(text.replace(" ", "").replace("\t", ""))
    if chars < MIN_PAGE_CHARS or len(_BAD_CHAR.findall(text)) > 0.3 * chars:
        return False
    if chars < SCAN_STAMP_CHARS and pdf_page is not None:
        return image_cover(pdf_page) < 0.5
    return True


def extract_pdf(
    path: str | os.PathLike[str],
    ocr: str = "auto",
    deadline: float | None = None,
    progress: Callable[[int, int, str], None] | None = None,
    workers: int = 2,
) -> tuple[str, list[int], dict]:
    """Text of a PDF with the page of each line; pages without a text layer are OCRed
    (``ocr="auto"``), every page is OCRed (``"always"``) or none is (``"never"``)."""
    from gongbao.intake import ocr as ocrmod

    path = Path(path)
    doc = _open(path)
    n = len(doc)
    pages: list[PageLines | None] = [None] * n
    meta: dict = {"page_count": n, "ocr_pages": [], "not_ocred": [], "warnings": []}
    runner = None
    try:
        for i in range(n):
            _check(path, deadline, i, n)
            page = doc[i]
            try:
                uw, uh = page.get_size()
                w, h = display_size(page)
                lines: list = []
                if ocr != "always":
                    tp = page.get_textpage()
                    try:
                        lines = order_boxes(page_boxes(tp, uh, page.get_rotation(), uw))
                    finally:
                        tp.close()
                pl = PageLines(i + 1, w, h, lines)
                if ocr == "always" or (ocr == "auto" and not usable(pl, page)):
                    if ocr == "auto" and not ocrmod.available():
                        meta["not_ocred"].append(i + 1)  # no tesseract: keep what the layer has
                    else:
                        if runner is None:
                            runner = ocrmod.PageOCR(path, workers=workers, deadline=deadline)
                        runner.submit(i, page, w, h)
                        meta["ocr_pages"].append(i + 1)
                pages[i] = pl
            finally:
                page.close()
            if progress:
                progress(i + 1, n, "read" if runner is None else "ocr")
        if runner is not None:
            for i, lines in runner.results(progress):
                pages[i] = PageLines(i + 1, pages[i].width, pages[i].height, lines)
    finally:
        if runner is not None:
            runner.close()
        doc.close()
    done = [p for p in pages if p is not None]
    text, line_pages = assemble(done)
    if not text.strip():
        hint = "" if ocr != "never" else " (scanned? try --ocr auto)"
        if ocr != "never" and not ocrmod.available():
            hint = (" (scanned? OCR needs tesseract with chi_sim: apt-get install tesseract-ocr"
                    " tesseract-ocr-chi-sim)")
        raise InputError(path, f"no text in this PDF{hint}")
    empty = [p.number for p in done if not p.lines]
    if empty and ocr == "never":
        meta["warnings"].append(f"{len(empty)} page(s) without a text layer were not OCRed (--ocr never)")
    if meta["not_ocred"]:
        meta["warnings"].append(f"{len(meta['not_ocred'])} page(s) without a usable text layer were"
                                " not OCRed: "
                                "tesseract with chi_sim is not installed")
    return text, line_pages, meta


def _check(path: Path, deadline: float | None, i: int, n: int) -> None:
    if deadline is not None and time.monotonic() > deadline:
        raise InputError(path, f"timed out at page {i + 1} of {n}")
