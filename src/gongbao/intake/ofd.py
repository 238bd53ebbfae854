"""OFD (GB/T 33190-2016, 版式文档) intake: the package read in memory with zipfile + lxml.

The package is a ZIP of XML parts. ``OFD.xml`` holds one ``DocBody`` per document: its
``DocInfo`` (Title, Author, CreationDate, CustomDatas such as 发文字号) and its ``DocRoot``
(``Document.xml``), which lists the pages in reading order (``Pages/Page@BaseLoc``) and the
template pages they draw on. A page's ``Content.xml`` holds ``Layer``s (and nested
``PageBlock``s) of ``TextObject``s: a ``Boundary`` (x y w h) placing the object on the page,
a font ``Size``, an optional ``CTM`` (a b c d e f) transforming the object's coordinates, and
``TextCode`` runs whose first glyph sits at (X, Y) (Y is the baseline) and each next one
``DeltaX``/``DeltaY`` further (``g N v`` repeats v N times). Units are millimetres.

Every glyph becomes a box in points, runs of glyphs on one line become the same ``Box``es the
PDF text layer gives, and the same layout pass reads them (reading order, two columns, running
headers and footers, the page of every line). A page without text whose image is a scan is
OCRed like a scanned PDF page (``ocr`` auto|always; never leaves it out).

Damaged or hostile packages end in a one-line InputError: not a ZIP, no OFD.xml or
Document.xml, XML that does not parse or carries a DTD (entity declarations: the
"billion laughs" bomb, external entities), entry names that are absolute or climb out of the
package (path traversal), entries too large or compressed too well (ZIP bombs). Nothing is
ever extracted to disk: parts are read into memory with a size cap.

Why not ``easyofd`` (measured in benchmarks/ofd_readers.py, figures in RESULTS.md): it
writes the package into the working directory and extracts every entry there, gives XML as
dicts without text positions (DeltaX g runs and CTMs are still the caller's work), and pulls
PyMuPDF (AGPL) with onnxruntime: 385 MB, for no gain in speed or correctness.
"""

from __future__ import annotations

import functools
import math
import os
import posixpath
import re
import time
import unicodedata
import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from gongbao.intake.layout import Box, PageLines, assemble, order_boxes
from gongbao.text.chars import HAN
from gongbao.text.decode import InputError

MM = 72 / 25.4  # points per millimetre: the layout pass works in points, as for PDF
MAX_PART = 64 * 1024 * 1024  # bytes of one part once inflated (a dense page is well under 1 MB)
MAX_RATIO = 200  # inflated / compressed size of a part above 1 MB (XML compresses ~10-30x)
MAX_ENTRIES = 50_000
ASCENT, DESCENT = 0.88, 0.12  # share of the em above and below the baseline (a CJK font's box)

_UNSAFE_NAME = re.compile(r"^(?:[/\\]|[A-Za-z]:)|(?:^|[/\\])\.\.(?:[/\\]|$)")
_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)")
_ROOT = re.compile(rb"<[A-Za-z_]")
_FLOAT = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


# --------------------------------------------------------------------------- the package


class Package:
    """An OFD package opened for reading: parts by name, each read into memory once."""

    def __init__(self, path: Path):
        self.path = path
        try:
            self.zip = zipfile.ZipFile(path)
            infos = self.zip.infolist()
        except (zipfile.BadZipFile, OSError, ValueError) as e:
            raise InputError(path, f"not an OFD package: damaged ZIP ({e})") from None
        if len(infos) > MAX_ENTRIES:
            raise self.fail(f"{len(infos)} entries in the package (more than {MAX_ENTRIES})")
        for info in infos:
            if _UNSAFE_NAME.search(info.filename):
                raise self.fail(f"unsafe entry name {info.filename!r} (path traversal)")
        self.infos = {i.filename: i for i in infos if not i.is_dir()}
        self.folded = {name.lower(): name for name in self.infos}

    def fail(self, reason: str) -> InputError:
        return InputError(self.path, "damaged OFD: " + " ".join(reason.split()))

    def close(self) -> None:
        self.zip.close()

    def resolve(self, loc: str, base: str = "") -> str | None:
        """A location as OFD writes it (relative to the part ``base`` refers from, or from the
        package root with a leading "/") -> the name of an entry, or None when there is none.
        A location that climbs out of the package is an error."""
        loc = loc.strip().replace("\\", "/")
        if not loc:
            return None
        tries = [loc.lstrip("/")] if loc.startswith("/") \
            else [posixpath.join(posixpath.dirname(base), loc), loc]
        for t in tries:
            norm = posixpath.normpath(t)
            if norm == ".." or norm.startswith("../"):
                raise self.fail(f"location {loc!r} in {base or 'OFD.xml'} points outside the package")
            name = norm if norm in self.infos else self.folded.get(norm.lower())
            if name:
                return name
        return None

    def read(self, name: str) -> bytes:
        info = self.infos[name]
        if info.file_size > MAX_PART:
            raise self.fail(f"{name} inflates to {info.file_size} bytes (more than {MAX_PART})")
        if info.file_size > 1 << 20 and info.file_size > MAX_RATIO * max(1, info.compress_size):
            raise self.fail(f"{name} is compressed {info.file_size // max(1, info.compress_size)}:1"
                            " (a ZIP bomb?)")
        try:
            with self.zip.open(info) as fh:
                data = fh.read(MAX_PART + 1)
        except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError) as e:
            raise self.fail(f"cannot read {name} ({e})") from None
        except Exception as e:  # zlib.error and friends from a corrupt stream
            raise self.fail(f"cannot read {name} ({type(e).__name__}: {e})") from None
        if len(data) > MAX_PART:
            raise self.fail(f"{name} inflates to more than {MAX_PART} bytes")
        return data

    def xml(self, name: str):
        """A part parsed safely: no entities resolved, no DTD loaded, no network, no huge
        trees; a part that declares a DTD at all is refused (OFD parts have none)."""
        from lxml import etree

        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False,
                                 dtd_validation=False, remove_comments=True, remove_pis=True)
        data = self.read(name)
        root_at = _ROOT.search(data)
        if _DTD.search(data, 0, root_at.start() if root_at else len(data)):
            raise self.fail(f"{name} declares a DTD or entities (refused: an XML bomb or external entity)")
        try:
            root = etree.fromstring(data, parser)
        except etree.XMLSyntaxError as e:
            raise self.fail(f"{name} is not well-formed XML ({e})") from None
        if root is None:
            raise self.fail(f"{name} is empty")
        docinfo = root.getroottree().docinfo
        if docinfo.doctype or docinfo.internalDTD is not None:
            raise self.fail(f"{name} declares a DTD or entities (refused: an XML bomb or external entity)")
        return root

    def part(self, loc: str, base: str, what: str):
        name = self.resolve(loc, base)
        if name is None:
            raise self.fail(f"{what} {loc!r} (from {base or 'OFD.xml'}) is missing")
        return name, self.xml(name)


def _child(el, tag: str):
    return el.find("{*}" + tag) if el is not None else None


def _text(el, tag: str) -> str:
    c = _child(el, tag)
    return (c.text or "").strip() if c is not None else ""


def numbers(s: str | None) -> list[float]:
    """An OFD number array ("0 0 210 297", "g 3 10.5 2.2": g N v is v repeated N times)."""
    out: list[float] = []
    toks = (s or "").replace(",", " ").split()
    i = 0
    while i < len(toks):
        if toks[i] == "g" and i + 2 < len(toks) and toks[i + 1].isdigit() and _FLOAT.fullmatch(toks[i + 2]):
            out.extend([float(toks[i + 2])] * min(int(toks[i + 1]), 100_000))
            i += 3
            continue
        if _FLOAT.fullmatch(toks[i]):
            out.append(float(toks[i]))
        i += 1
    return out


# --------------------------------------------------------------------------- text geometry


@dataclass(slots=True)
class Glyph:
    ch: str
    x0: float
    top: float
    x1: float
    bottom: float
    turn: int = 0  # quarter turns of the text's direction on the page (clockwise; 0: left to right)


def _width(ch: str, size: float) -> float:
    """A glyph's width in a Chinese font: a full em for CJK and for the characters East Asian
    fonts set full-width (—, “”, …, ①), half an em for Latin letters and digits."""
    return size if unicodedata.east_asian_width(ch) in "WFA" else 0.5 * size


def _glyph_box(ctm: list[float], x0: float, y0: float, x1: float,
               y1: float) -> tuple[float, float, float, float]:
    """A box of object space through the CTM: its bounding box in the object's frame."""
    a, b, c, d, e, f = ctm
    if b == 0 and c == 0:  # scaled or flipped, not turned: the usual case, kept cheap
        xa, xb, ya, yb = a * x0 + e, a * x1 + e, d * y0 + f, d * y1 + f
        return min(xa, xb), min(ya, yb), max(xa, xb), max(ya, yb)
    xs = [a * x + c * y + e for x in (x0, x1) for y in (y0, y1)]
    ys = [b * x + d * y + f for x in (x0, x1) for y in (y0, y1)]
    return min(xs), min(ys), max(xs), max(ys)


def text_glyphs(obj) -> list[Glyph]:
    """The glyphs of one TextObject in page millimetres.

    A TextCode without X or Y takes the previous one's; a glyph is as wide as its font would
    set it, or as its DeltaX when that is less (narrow Latin letters); a missing DeltaX
    advances by the glyph's width."""
    box = numbers(obj.get("Boundary"))
    if len(box) < 4:
        return []
    size = (numbers(obj.get("Size")) or [3.5])[0]
    ctm = numbers(obj.get("CTM"))
    ctm = ctm if len(ctm) == 6 else [1.0, 0.0, 0.0, 1.0, 0.0, 0.0]
    turn = round(math.atan2(ctm[1], ctm[0]) / (math.pi / 2)) % 4
    out = []
    x = y = 0.0
    for code in obj.iterfind("{*}TextCode"):
        x = (numbers(code.get("X")) or [x])[0]
        y = (numbers(code.get("Y")) or [y])[0]
        dx, dy = numbers(code.get("DeltaX")), numbers(code.get("DeltaY"))
        for i, ch in enumerate(code.text or ""):
            w = _width(ch, size)
            step = dx[i] if i < len(dx) else w
            w = min(w, step) if step > 0 else w
            gx0, gy0, gx1, gy1 = _glyph_box(ctm, x, y - ASCENT * size, x + w, y + DESCENT * size)
            out.append(Glyph(ch, box[0] + gx0, box[1] + gy0, box[0] + gx1, box[1] + gy1, turn))
            x += step
            y += dy[i] if i < len(dy) else 0.0
    return out


def runs(glyphs: list[Glyph]) -> list[Box]:
    """A page's glyphs in content order (page millimetres) -> runs on one printed line
    (points), as pdfium's character stream gives them for PDF: a run ends at a step back, a
    change of line or a gap wider than 1.5 em (spaced-out titles, table cells); a gap of over
    a quarter em inside a run reads as a space (word spacing: OFD writers leave spaces out)."""
    boxes: list[Box] = []
    cur: list[str] = []
    x0 = top = x1 = bottom = 0.0

    def flush() -> None:
        if cur and "".join(cur).strip():
            boxes.append(Box(x0 * MM, top * MM, x1 * MM, bottom * MM, "".join(cur).strip()))
        cur.clear()

    for g in glyphs:
        if g.ch.isspace():
            if cur and cur[-1] != " ":
                cur.append(" ")
            continue
        if cur:
            em = bottom - top
            mid = (g.top + g.bottom) / 2
            if g.x0 < x1 - 0.5 * em or g.x0 - x1 > 1.5 * em or not (top <= mid <= bottom):
                flush()
            elif g.x0 - x1 > 0.25 * em and cur[-1] != " ":
                cur.append(" ")
        if not cur:
            x0, top, x1, bottom = g.x0, g.top, g.x1, g.bottom
        else:
            x1, top, bottom = max(x1, g.x1), min(top, g.top), max(bottom, g.bottom)
        cur.append(g.ch)
    flush()
    return boxes


def content_glyphs(root) -> list[Glyph]:
    """The glyphs of a page's (or template's) Content.xml, in content order."""
    return [g for obj in root.iter("{*}TextObject") for g in text_glyphs(obj)]


def upright(glyphs: list[Glyph], width: float, height: float) -> tuple[list[Glyph], tuple[float, float]]:
    """A page whose text mostly runs in one turned direction (a landscape table set on a
    portrait page by a CTM) turned so that it reads left to right, as it is read on screen:
    the glyphs and the (width, height) of the page as turned."""
    turns = Counter(g.turn for g in glyphs)
    turn, count = turns.most_common(1)[0] if turns else (0, 0)
    if turn == 0 or count * 2 <= len(glyphs):
        return glyphs, (width, height)
    w, h = width, height
    point = {1: lambda x, y: (y, w - x), 2: lambda x, y: (w - x, h - y), 3: lambda x, y: (h - y, x)}[turn]
    out = []
    for g in glyphs:
        (ax, ay), (bx, by) = point(g.x0, g.top), point(g.x1, g.bottom)
        out.append(Glyph(g.ch, min(ax, bx), min(ay, by), max(ax, bx), max(ay, by), (g.turn - turn) % 4))
    return out, (h, w) if turn % 2 else (w, h)


@dataclass
class PageImage:
    """An image drawn on a page: its resource ID and where it sits (page millimetres)."""

    resource: str
    x: float
    y: float
    width: float
    height: float


# --------------------------------------------------------------------------- the document


@dataclass
class PageRef:
    number: int
    content: str  # entry name of the page's Content.xml
    size: tuple[float, float]  # width, height in mm


class Document:
    """One DocBody: its metadata and its pages in Document.xml order."""

    def __init__(self, pkg: Package, body):
        self.pkg = pkg
        self.info = _child(body, "DocInfo")
        loc = _text(body, "DocRoot")
        if not loc:
            raise pkg.fail("OFD.xml names no DocRoot (the Document.xml of the document)")
        self.name, self.root = pkg.part(loc, "", "Document.xml")
        common = _child(self.root, "CommonData")
        self.size = _page_size(_child(common, "PageArea"), (210.0, 297.0))
        self.common = common
        self.templates = {t.get("ID"): t.get("BaseLoc", "") for t in (common.iterfind("{*}TemplatePage")
                                                                      if common is not None else [])}

    @functools.cached_property
    def media(self) -> dict[str, str]:
        """MultiMedia resources (images) by ID -> entry name, from DocumentRes and PublicRes
        (read only when a scanned page needs its image)."""
        media: dict[str, str] = {}
        common = self.common
        if common is None:
            return media
        for tag in ("DocumentRes", "PublicRes"):
            for loc in common.iterfind("{*}" + tag):
                name = self.pkg.resolve(loc.text or "", self.name)
                if name is None:
                    continue
                res = self.pkg.xml(name)
                base = posixpath.join(posixpath.dirname(name), res.get("BaseLoc", "")) + "/"
                for m in res.iter("{*}MultiMedia"):
                    file = self.pkg.resolve(_text(m, "MediaFile"), base)
                    if file:
                        media[m.get("ID", "")] = file
        return media

    def pages(self) -> list[PageRef]:
        out = []
        pages = _child(self.root, "Pages")
        for k, page in enumerate(pages.iterfind("{*}Page") if pages is not None else [], 1):
            content = self.pkg.resolve(page.get("BaseLoc", ""), self.name)
            if content is None:
                raise self.pkg.fail(f"page {k} ({page.get('BaseLoc')!r}) is missing from the package")
            out.append(PageRef(k, content, self.size))
        if not out:
            raise self.pkg.fail(f"{self.name} lists no pages")
        return out

    def page(self, ref: PageRef) -> tuple[tuple[float, float], list[Box], list[PageImage]]:
        """A page's size (mm), text runs (points, templates included) and images."""
        root = self.pkg.xml(ref.content)
        width, height = _page_size(_child(root, "Area"), ref.size)
        glyphs = content_glyphs(root)
        for t in root.iterfind("{*}Template"):
            loc = self.templates.get(t.get("TemplateID"))
            name = self.pkg.resolve(loc, self.name) if loc else None
            if name:
                glyphs += content_glyphs(self.pkg.xml(name))
        glyphs, size = upright(glyphs, width, height)
        return size, runs(glyphs), self._images(root)

    def _images(self, root) -> list[PageImage]:
        out = []
        for obj in root.iter("{*}ImageObject"):
            box = numbers(obj.get("Boundary"))
            if len(box) >= 4 and box[2] > 0 and box[3] > 0:
                out.append(PageImage(obj.get("ResourceID", ""), *box[:4]))
        return out

    def meta(self) -> dict:
        return doc_info(self.info)


def _page_size(area, default: tuple[float, float]) -> tuple[float, float]:
    box = numbers(_text(area, "PhysicalBox")) if area is not None else []
    return (box[2], box[3]) if len(box) >= 4 and box[2] > 0 and box[3] > 0 else default


def doc_info(info) -> dict:
    """DocInfo -> meta: title, author, created, custom (every CustomData by name), and the
    公文 fields a CustomData names as a disclosure page labels them (发文字号 -> doc_number,
    发文机关 -> issuer, 成文日期 -> date; see intake/html.py)."""
    from gongbao.intake.html import LABELS, _iso

    meta: dict = {}
    if info is None:
        return meta
    for key, tag in (("title", "Title"), ("author", "Author"), ("subject", "Subject"),
                     ("created", "CreationDate")):
        value = _text(info, tag)
        if value:
            meta[key] = value
    custom = {}
    for c in info.iter("{*}CustomData"):
        name, value = (c.get("Name") or "").strip(), (c.text or "").strip()
        if name and value:
            custom[name] = value
    if custom:
        meta["custom"] = custom
    for key, labels in LABELS.items():
        value = next((v for n, v in custom.items() if "".join(n.split()) in labels), None)
        if value and key not in meta:
            meta[key] = (_iso(value) or value) if key in ("date", "published") else value
    if "title" in meta and not _is_document_title(meta["title"]):
        meta["file_title"] = meta.pop("title")  # "Microsoft Word - 通知.doc" is not a 公文 title
    return meta


def _is_document_title(title: str) -> bool:
    return bool(re.search(rf"[{HAN}]", title)) and not re.search(r"\.(docx?|wps|pdf|ofd|txt)$|^Microsoft",
                                                                        title, re.I)


# --------------------------------------------------------------------------- entry point


def extract_ofd(
    path: str | os.PathLike[str],
    ocr: str = "auto",
    deadline: float | None = None,
    progress: Callable[[int, int, str], None] | None = None,
) -> tuple[str, list[int], dict]:
    """Text of an OFD file with the page of each line, and its metadata (see module doc)."""
    path = Path(path)
    pkg = Package(path)
    try:
        return _read(pkg, ocr, deadline, progress)
    finally:
        pkg.close()


def _documents(pkg: Package) -> list[Document]:
    name = pkg.resolve("OFD.xml")
    if name is None:
        raise pkg.fail("no OFD.xml in the package (not an OFD file)")
    root = pkg.xml(name)
    bodies = list(root.iterfind("{*}DocBody"))
    if not bodies:
        raise pkg.fail("OFD.xml has no DocBody")
    return [Document(pkg, body) for body in bodies]


def _read(pkg: Package, ocr: str, deadline: float | None, progress) -> tuple[str, list[int], dict]:
    docs = _documents(pkg)
    refs = [(doc, ref) for doc in docs for ref in doc.pages()]
    n = len(refs)
    meta: dict = {"page_count": n, "ocr_pages": [], "not_ocred": [], "warnings": []}
    for doc in docs:
        for key, value in doc.meta().items():
            meta.setdefault(key, value)
    pages: list[PageLines] = []
    scans: list[tuple[int, Document, PageImage]] = []
    for i, (doc, ref) in enumerate(refs):
        if deadline is not None and time.monotonic() > deadline:
            raise InputError(pkg.path, f"timed out at page {i + 1} of {n}")
        (w, h), boxes, images = doc.page(ref)
        pl = PageLines(i + 1, w * MM, h * MM, order_boxes(boxes))
        scan = max(images, key=lambda im: im.width * im.height, default=None)
        if ocr != "never" and scan is not None and _is_scan(pl, scan, w, h):
            scans.append((i, doc, scan))
        pages.append(pl)
        if progress:
            progress(i + 1, n, "read")
    if scans:
        _ocr_scans(pkg, pages, scans, meta, deadline, progress)
    text, line_pages = assemble(pages)
    if not text.strip():
        raise InputError(pkg.path,
                         "no text in this OFD file" + (" (scanned? try --ocr auto)" if ocr == "never"
                                                       else ""))
    return text, line_pages, meta


def _is_scan(page: PageLines, image: PageImage, width: float, height: float) -> bool:
    """A page that is a scanned image: the image covers most of it and the text is missing,
    unusable or only a stamp (a page number, 扫描件), as for PDF (intake/pdf.py)."""
    from gongbao.intake.pdf import SCAN_STAMP_CHARS, usable

    if image.width * image.height < 0.5 * width * height:
        return False
    chars = sum(len("".join(ln.text.split())) for ln in page.lines)
    return chars < SCAN_STAMP_CHARS or not usable(page)


def _ocr_scans(pkg: Package, pages: list[PageLines], scans, meta: dict, deadline, progress) -> None:
    """OCR the page images of pages without text (a scan wrapped in OFD). An image Pillow
    cannot decode (JBIG2, say) leaves its page out with a warning."""
    from gongbao.intake import ocr as ocrmod
    from gongbao.intake.image import decode_image, for_ocr, frames

    if not ocrmod.available():
        meta["not_ocred"] = [i + 1 for i, _, _ in scans]
        meta["warnings"].append(f"{len(scans)} scanned page(s) were not OCRed: tesseract with chi_sim is "
                                "not installed")
        return
    runner = ocrmod.PageOCR(pkg.path, deadline=deadline)
    try:
        for i, doc, image in scans:
            entry = doc.media.get(image.resource)
            name = f"{pkg.path} ({entry})"
            try:
                if entry is None:
                    raise InputError(pkg.path, f"its image (resource {image.resource!r}) is missing")
                page = next(frames(decode_image(pkg.read(entry), name), name))
            except InputError as e:
                meta["not_ocred"].append(i + 1)
                meta["warnings"].append(f"page {i + 1} was not OCRed: {e.reason}")
                continue
            big, _ = for_ocr(page, 300.0)
            runner.submit_image(i, big, image.width * MM / big.width, (image.x * MM, image.y * MM))
            meta["ocr_pages"].append(i + 1)
        for i, lines in runner.results(progress):
            pages[i] = PageLines(i + 1, pages[i].width, pages[i].height, lines)
    finally:
        runner.close()
