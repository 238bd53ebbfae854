"""Make OFD files (GB/T 33190-2016) from text for tests and benchmarks.

The pages are laid out by tests/pdfmake.py's ``typeset`` (the same printed lines as the PDFs
made there: wrapped and indented paragraphs, one or two columns, a title box, a running
header with a rule, a page-number footer); ``OFDCanvas`` takes reportlab's canvas calls and
writes them as OFD parts: one ``TextObject`` per drawn string (or per character, as some
converters write), positions in millimetres from the top left, glyph advances as ``DeltaX``
with ``g N v`` runs, optionally in a scaled object space with a ``CTM``. A red seal image can
be put on the last page; ``DocInfo`` carries a title and custom data such as 发文字号.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import pdfmake

NS = "http://www.ofdspec.org/2016"
PT = 25.4 / 72  # millimetres per point
A4_MM = (210.0, 297.0)


def _num(v: float) -> str:
    return f"{v:.3f}".rstrip("0").rstrip(".") or "0"


def deltas(widths: list[float]) -> str:
    """Advances as an OFD DeltaX array, runs of one value written ``g N v``."""
    out: list[str] = []
    i = 0
    while i < len(widths):
        j = i
        while j < len(widths) and _num(widths[j]) == _num(widths[i]):
            j += 1
        out.append(f"g {j - i} {_num(widths[i])}" if j - i > 2 else " ".join([_num(widths[i])] * (j - i)))
        i = j
    return " ".join(out)


class OFDCanvas:
    """The reportlab canvas calls ``pdfmake.typeset`` makes, recorded as OFD page content.

    ``per_char``: one TextObject per character; ``ctm``: text objects in points scaled to
    millimetres by their CTM (Size, X, Y, DeltaX in points)."""

    def __init__(self, *, per_char: bool = False, ctm: bool = False):
        self.per_char = per_char
        self.ctm = ctm
        self.pages: list[list[str]] = [[]]
        self.font = pdfmake.FONT
        self.size = 11.0
        self.next_id = 10

    def _id(self) -> int:
        self.next_id += 1
        return self.next_id

    def setFont(self, name: str, size: float) -> None:  # noqa: N802 - reportlab's name
        self.font, self.size = name, size

    def drawCentredString(self, x: float, y: float, text: str) -> None:  # noqa: N802
        from reportlab.pdfbase.pdfmetrics import stringWidth

        self.drawString(x - stringWidth(text, self.font, self.size) / 2, y, text)

    def drawString(self, x: float, y: float, text: str) -> None:  # noqa: N802
        from reportlab.pdfbase.pdfmetrics import stringWidth

        if not text:
            return
        widths = [stringWidth(ch, self.font, self.size) for ch in text]
        parts = [(x + sum(widths[:k]), ch, [w]) for k, (ch, w) in enumerate(zip(text, widths))] \
            if self.per_char else [(x, text, widths)]
        for px, part, ws in parts:
            if part.strip():
                self.pages[-1].append(self._text_object(px, y, part, ws))

    def _text_object(self, x: float, y: float, text: str, widths: list[float]) -> str:
        """A TextObject whose Boundary is the line's box; the baseline is at y (points, from
        the bottom of the page as reportlab counts)."""
        size = self.size
        left, top = x * PT, (pdfmake.A4[1] - y - size) * PT
        box = f"{_num(left)} {_num(top)} {_num(sum(widths) * PT + size * PT)} {_num(1.3 * size * PT)}"
        if self.ctm:  # object space in points, scaled to mm
            k = PT
            attrs = f'Size="{_num(size)}" CTM="{_num(k)} 0 0 {_num(k)} 0 0"'
            code = f'X="0" Y="{_num(size)}" DeltaX="{deltas(widths[:-1])}"'
        else:
            attrs = f'Size="{_num(size * PT)}"'
            code = f'X="0" Y="{_num(size * PT)}" DeltaX="{deltas([w * PT for w in widths[:-1]])}"'
        return (f'<ofd:TextObject ID="{self._id()}" Boundary="{box}" Font="1" {attrs}>'
                f'<ofd:FillColor Value="0 0 0"/><ofd:TextCode {code}>{escape(text)}</ofd:TextCode></ofd'
                ':TextObject>')

    def line(self, x1: float, y1: float, x2: float, y2: float) -> None:
        h = pdfmake.A4[1]
        left, top = min(x1, x2) * PT, (h - max(y1, y2)) * PT
        self.pages[-1].append(
            f'<ofd:PathObject ID="{self._id()}" Boundary="{_num(left)} {_num(top)}'
            f' {_num(abs(x2 - x1) * PT)} 0.5">'
            f'<ofd:AbbreviatedData>M 0 0 L {_num(abs(x2 - x1) * PT)} 0</ofd:AbbreviatedData>'
            '</ofd:PathObject>')

    def image(self, resource: int, box_mm: tuple[float, float, float, float]) -> None:
        x, y, w, h = box_mm
        self.pages[-1].append(f'<ofd:ImageObject ID="{self._id()}" ResourceID="{resource}" '
                              f'Boundary="{_num(x)} {_num(y)} {_num(w)} {_num(h)}" CTM="{_num(w)} 0 0'
                              f' {_num(h)} 0 0"/>')

    def showPage(self) -> None:  # noqa: N802
        self.pages.append([])

    def page_contents(self) -> list[str]:
        pages = [p for p in self.pages]
        while pages and not pages[-1]:
            pages.pop()
        return pages


def seal_png(diameter: int = 240) -> bytes:
    """A red round seal (an official seal is stamped over the issuer's name)."""
    from PIL import Image, ImageDraw

    img = Image.new("RGBA", (diameter, diameter), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    d.ellipse((4, 4, diameter - 4, diameter - 4), outline=(220, 0, 0, 255), width=10)
    d.regular_polygon((diameter / 2, diameter / 2, diameter / 6), 5, fill=(220, 0, 0, 255))
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


def _doc_info(info: dict[str, str], custom: dict[str, str]) -> str:
    fields = "".join(f"<ofd:{k}>{escape(v)}</ofd:{k}>" for k, v in info.items())
    if custom:
        fields += "<ofd:CustomDatas>" + "".join(
            f"<ofd:CustomData Name={quoteattr(k)}>{escape(v)}</ofd:CustomData>" for k, v in custom.items()
        ) + "</ofd:CustomDatas>"
    return f"<ofd:DocInfo><ofd:DocID>0c1d4f7eb6a0e0e1</ofd:DocID>{fields}</ofd:DocInfo>"


def _xml(body: str) -> str:
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}'


def package(
    pages: list[str],
    *,
    info: dict[str, str] | None = None,
    custom: dict[str, str] | None = None,
    images: dict[int, bytes] | None = None,
    templates: dict[int, str] | None = None,
    page_names: list[str] | None = None,
    extra: dict[str, bytes | str] | None = None,
) -> bytes:
    """An OFD package from page contents (the XML of each page's objects, in reading order).

    ``images``: MultiMedia resources by ID (PNG bytes); ``templates``: template page
    contents by ID, drawn on every page; ``page_names``: the page folders (Page_0, Page_1, …
    by default: give them out of order to check that Document.xml's order rules);
    ``extra``: more entries written as they are."""
    names = page_names or [f"Page_{k}" for k in range(len(pages))]
    info = {"Title": "", "Author": "", "CreationDate": "2024-03-05"} | (info or {})
    info = {k: v for k, v in info.items() if v}
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("OFD.xml", _xml(
            f'<ofd:OFD xmlns:ofd="{NS}" Version="1.0"'
            f' DocType="OFD"><ofd:DocBody>{_doc_info(info, custom or {})}'
            "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>"))
        tpl = "".join(f'<ofd:TemplatePage ID="{k}" BaseLoc="Tpls/Tpl_{k}/Content.xml"/>'
                      for k in (templates or {}))
        page_refs = "".join(f'<ofd:Page ID="{100 + k}" BaseLoc="Pages/{n}/Content.xml"/>'
                            for k, n in enumerate(names))
        z.writestr("Doc_0/Document.xml", _xml(
            f'<ofd:Document xmlns:ofd="{NS}"><ofd:CommonData><ofd:MaxUnitID>99999</ofd:MaxUnitID>'
            "<ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea>"
            "<ofd:PublicRes>PublicRes.xml</ofd:PublicRes><ofd:DocumentRes>DocumentRes.xml</ofd:DocumentRes>"
            f"{tpl}</ofd:CommonData><ofd:Pages>{page_refs}</ofd:Pages></ofd:Document>"))
        z.writestr("Doc_0/PublicRes.xml", _xml(
            f'<ofd:Res xmlns:ofd="{NS}" BaseLoc="Res"><ofd:Fonts>'
            '<ofd:Font ID="1" FontName="WenQuanYi Zen Hei" FamilyName="WenQuanYi Zen'
            ' Hei"/></ofd:Fonts></ofd:Res>'))
        media = "".join(f'<ofd:MultiMedia ID="{k}" Type="Image" Format="PNG"><ofd:MediaFile>image_{k}.png'
                        "</ofd:MediaFile></ofd:MultiMedia>" for k in (images or {}))
        z.writestr("Doc_0/DocumentRes.xml", _xml(
            f'<ofd:Res xmlns:ofd="{NS}" BaseLoc="Res"><ofd:MultiMedias>{media}</ofd:MultiMedias></ofd:Res>'))
        for k, data in (images or {}).items():
            z.writestr(f"Doc_0/Res/image_{k}.png", data)
        for k, content in (templates or {}).items():
            z.writestr(f"Doc_0/Tpls/Tpl_{k}/Content.xml", _page_xml(content, None))
        for name, content in zip(names, pages):
            z.writestr(f"Doc_0/Pages/{name}/Content.xml", _page_xml(content, list(templates or {})))
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return buf.getvalue()


def _page_xml(content: str, templates: list[int] | None) -> str:
    tpl = "".join(f'<ofd:Template TemplateID="{k}" ZOrder="Background"/>' for k in templates or [])
    return _xml(f'<ofd:Page xmlns:ofd="{NS}">{tpl}<ofd:Area><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox>'
                f'</ofd:Area><ofd:Content><ofd:Layer ID="2" Type="Body">{content}</ofd:Layer></ofd:Content'
                '></ofd:Page>')


def text_to_ofd(
    text: str,
    out: str | Path | None = None,
    *,
    per_char: bool = False,
    ctm: bool = False,
    seal: bool = True,
    info: dict[str, str] | None = None,
    custom: dict[str, str] | None = None,
    reverse_page_names: bool = False,
    **layout,
) -> bytes:
    """Render ``text`` as an OFD file (layout options as ``pdfmake.typeset``); returns the bytes
    (and writes them to ``out`` when given). ``seal`` stamps a red seal image on the last page;
    ``reverse_page_names`` names the page folders last to first (Document.xml keeps the order)."""
    c = OFDCanvas(per_char=per_char, ctm=ctm)
    pdfmake.typeset(c, text, **layout)
    if seal:
        c.pages = c.page_contents()
        c.image(1, (130.0, 200.0, 42.0, 42.0))
    pages = c.page_contents()
    n = len(pages)
    names = [f"Page_{n - 1 - k}" for k in range(n)] if reverse_page_names else None
    data = package(pages, info=info, custom=custom, images={1: seal_png()} if seal else None,
                   page_names=names)
    if out is not None:
        Path(out).write_bytes(data)
    return data
