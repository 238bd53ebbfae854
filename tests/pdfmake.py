"""Make gazette-like PDFs from text for tests and benchmarks (reportlab + a Debian CJK font).

Nothing is downloaded: the font is Debian's fonts-wqy-zenhei (installed by scripts/test).
Each input line becomes a paragraph wrapped to the column width; a blank input line becomes an
empty line slot; a tab becomes a wide gap. Pages get a running header (a rule under the
gazette name) and a page-number footer ("— 3 —"), as printed gazettes have.
The same input gives byte-identical files (no dates or random file IDs are written), so a
benchmark can key a cache on a file's hash.
"""

from __future__ import annotations

import io
import unicodedata
from pathlib import Path

from system import FONT_FILE
FONT = "WQYZenHei"
A4 = (595.28, 841.89)
TAB = 4  # a tab is drawn as a gap of this many em


def _register() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, str(FONT_FILE), subfontIndex=0))


def _is_wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in "WF"


def wrap(line: str, width: float, size: float, indent: float = 0.0) -> list[str]:
    """Break one paragraph into printed lines no wider than ``width`` points (the first line
    ``indent`` points narrower).

    Chinese breaks anywhere; a run of Latin letters/digits breaks at its last space when it can.
    """
    from reportlab.pdfbase.pdfmetrics import stringWidth

    out: list[str] = []
    cur = ""
    for ch in line:
        room = width - (indent if not out else 0.0)
        trial = cur + ch
        if stringWidth(trial.replace("\t", ""), FONT, size) + TAB * size * trial.count("\t") <= room or not cur:
            cur += ch
            continue
        cut = cur.rfind(" ")
        if not _is_wide(ch) and cut > len(cur) // 2 and not any(_is_wide(c) for c in cur[cut:]):
            out.append(cur[:cut])
            cur = cur[cut + 1 :] + ch
        else:
            out.append(cur)
            cur = ch
    if cur or not out:
        out.append(cur)
    return out


def _draw_line(c, x: float, y: float, text: str, size: float) -> None:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    for i, part in enumerate(text.split("\t")):
        if i:
            x += TAB * size
        c.drawString(x, y, part)
        x += stringWidth(part, FONT, size)


def text_to_pdf(text: str, out: str | Path | None = None, **layout) -> bytes:
    """Render ``text`` as a PDF (see ``typeset`` for the layout options); returns the bytes
    (and writes them to ``out`` when given)."""
    from reportlab.pdfgen import canvas

    _register()
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    typeset(c, text, **layout)
    c.save()
    data = buf.getvalue()
    if out is not None:
        Path(out).write_bytes(data)
    return data


def typeset(
    c,
    text: str,
    *,
    size: float = 11,
    header: str | None = "示例市人民政府公报",
    footer: bool = True,
    columns: int = 1,
    title: str | None = None,
    lines_per_page: int | None = None,
    indent: float | None = None,
) -> None:
    """Lay ``text`` out on pages of ``c``, anything with reportlab's canvas calls used here
    (setFont, drawString, drawCentredString, line, showPage): a PDF canvas, or the OFD
    writer of tests/ofdmake.py, so that both formats carry the same printed lines.

    ``columns=2`` sets the body in two columns; ``title`` puts a centered title box at the top
    of the first page spanning both columns. Paragraphs start ``indent`` points in (two
    characters by default, as GB/T 9704 sets them).
    """
    _register()
    if indent is None:
        indent = 2 * size
    w, h = A4
    margin = 64.0
    gutter = 24.0
    lead = size * 1.6
    col_w = (w - 2 * margin - gutter * (columns - 1)) / columns
    top = h - margin - 10
    bottom = margin + 20
    page = 0
    col = 0
    y = top
    first_top = top  # lowered under a title box on page 1

    def start_page() -> None:
        nonlocal page, col, y
        page += 1
        col = 0
        y = top
        if header:
            c.setFont(FONT, 9)
            c.drawCentredString(w / 2, h - 40, header)
            c.line(margin, h - 46, w - margin, h - 46)
        if footer:
            c.setFont(FONT, 9)
            c.drawCentredString(w / 2, 30, f"— {page} —")
        c.setFont(FONT, size)

    def next_slot() -> None:
        nonlocal col, y
        y -= lead
        col_top = first_top if page == 1 else top
        full = y < bottom or (lines_per_page is not None and (col_top - y) / lead >= lines_per_page - 0.5)
        if full:
            if col + 1 < columns:
                col += 1
                y = col_top
            else:
                c.showPage()
                start_page()

    start_page()
    if title:
        c.setFont(FONT, size * 1.8)
        for part in wrap(title, w - 2 * margin, size * 1.8):
            c.drawCentredString(w / 2, y, part)
            y -= size * 2.6
        y -= lead
        first_top = y
        c.setFont(FONT, size)
    for para in text.split("\n"):
        para = para.rstrip()
        if not para:
            next_slot()
            continue
        for k, part in enumerate(wrap(para, col_w, size, indent)):
            x = margin + col * (col_w + gutter) + (indent if k == 0 else 0.0)
            _draw_line(c, x, y, part, size)
            next_slot()
    c.showPage()


def image_pdf(pdf: bytes | str | Path, out: str | Path, dpi: int = 200) -> None:
    """An image-only copy of a PDF (every page rendered to a grey bitmap): a 'scan'."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf if not isinstance(pdf, Path) else str(pdf))
    images = []
    try:
        for i in range(len(doc)):
            page = doc[i]
            images.append(page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L"))
            page.close()
    finally:
        doc.close()
    images[0].save(str(out), "PDF", resolution=dpi, save_all=True, append_images=images[1:],
                   title=None, creationDate=None, modDate=None)
