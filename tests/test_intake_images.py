"""Images of scanned pages (PNG, JPEG, TIFF, BMP) -> OCR text with pages; the format from the
content; EXIF orientation honoured; damaged images -> one-line errors naming the file."""

from __future__ import annotations

import io
import struct
import zlib

import pytest

import pdfmake
from system import needs
from gongbao.intake import detect, load
from gongbao.intake.image import image_format
from gongbao.text.decode import InputError
from test_intake_files import DOC

pytestmark = needs("font")
needs_tesseract = needs("tesseract")

TITLE = "关于做好春季农田水利建设工作的通知"
DOC_NUMBER = "示县政发〔2024〕7号"


def page_image(text: str, dpi: int = 200, size: float = 14, crop: float = 0.5):
    """A grey 'scan' of the top ``crop`` of a page set with ``text``."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdfmake.text_to_pdf(text, size=size, header=None, footer=False))
    try:
        img = doc[0].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
    finally:
        doc.close()
    return img.crop((0, 0, img.width, int(img.height * crop)))


def encoded(img, fmt: str, **kw) -> bytes:
    buf = io.BytesIO()
    img.save(buf, fmt, **kw)
    return buf.getvalue()


@pytest.mark.parametrize("fmt, expected",
                         [("PNG", "PNG"), ("JPEG", "JPEG"), ("TIFF", "TIFF"), ("BMP", "BMP")])
def test_the_image_format_comes_from_the_first_bytes(fmt, expected, tmp_path):
    from PIL import Image

    data = encoded(Image.new("L", (8, 8), 255), fmt)
    assert image_format(data[:32]) == expected
    for name in ("扫描件", "扫描件.txt", "扫描件.jpg"):  # no suffix, a wrong one, another image's
        p = tmp_path / name
        p.write_bytes(data)
        assert detect(p) == "image"


def test_text_that_starts_like_a_bitmap_is_still_text(tmp_path):
    p = tmp_path / "BM.txt"
    p.write_text("BM公司关于做好春季农田水利建设工作的通知\n", encoding="utf-8")
    assert detect(p) == "txt"


@pytest.mark.parametrize("name, content, reason", [
    ("扫描件.png", "<html><body>404</body></html>", r"named \.png but is an HTML page, not an image"),
    ("扫描件.jpg", "关于做好春季农田水利建设工作的通知", r"named \.jpg but is plain text, not an image"),
])
def test_an_image_name_on_other_content_is_a_clear_error(tmp_path, name, content, reason):
    p = tmp_path / name
    p.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=reason):
        load(p)


def chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_header(width: int, height: int) -> bytes:
    """A PNG declaring a size, with an empty pixel data chunk."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", b"") + chunk(b"IEND", b"")


def truncated_png() -> bytes:
    from PIL import Image

    data = encoded(Image.effect_noise((300, 300), 60).convert("L"), "PNG")
    return data[: len(data) // 2]


BAD_IMAGES = {
    "truncated PNG": ("截断.png", truncated_png, r"damaged image: page 1 cannot be decoded"),
    "PNG header without pixels": ("空.png", lambda: png_header(100, 100), r"damaged image"),
    "decompression bomb": ("炸弹.png", lambda: png_header(60000, 60000), r"too large"),
    "JPEG header only": ("坏.jpg", lambda: b"\xff\xd8\xff\xe0" + b"\x00" * 40,
                         r"damaged or unsupported image"),
    "TIFF with a broken directory": ("坏.tif", lambda: b"II*\x00\xff\xff\xff\x7f" + b"\x00" * 40,
                                     r"damaged or unsupported image"),
    "BMP header only": ("坏.bmp", lambda: b"BM" + b"\x00" * 12 + struct.pack("<I", 40) + b"\x00" * 36,
                        r"damaged"),
}


@pytest.mark.parametrize("case", list(BAD_IMAGES))
def test_a_damaged_image_gets_a_one_line_error_naming_the_file(tmp_path, case, monkeypatch):
    from gongbao.intake import ocr

    monkeypatch.setattr(ocr, "available", lambda: True)  # the error comes before any OCR
    name, make, reason = BAD_IMAGES[case]
    p = tmp_path / name
    p.write_bytes(make())
    with pytest.raises(InputError, match=reason) as e:
        load(p)
    assert str(e.value).startswith(str(p)) and "\n" not in str(e.value)


def test_an_image_without_ocr_is_a_clear_error(tmp_path, monkeypatch):
    from PIL import Image

    from gongbao.intake import ocr

    p = tmp_path / "扫描件.png"
    p.write_bytes(encoded(Image.new("L", (50, 50), 255), "PNG"))
    with pytest.raises(InputError, match=r"needs OCR \(use --ocr auto\)"):
        load(p, ocr="never")
    monkeypatch.setattr(ocr, "available", lambda: False)
    with pytest.raises(InputError, match="tesseract with the chi_sim model is not installed"):
        load(p)


@needs_tesseract
def test_a_sideways_jpeg_with_an_exif_rotation_is_read_upright(tmp_path):
    from PIL import Image

    upright = page_image(DOC)
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: turn 90 degrees clockwise to view
    p = tmp_path / "手机拍照.jpg"
    p.write_bytes(encoded(upright.transpose(Image.Transpose.ROTATE_90), "JPEG", exif=exif, quality=90))
    r = load(p)
    assert r.kind == "image" and r.meta["format"] == "JPEG" and r.meta["ocr_pages"] == [1]
    assert DOC_NUMBER in r.text and TITLE in r.text


@needs_tesseract
def test_every_page_of_a_multi_page_tiff_is_read_with_its_page(tmp_path):
    first = page_image("示县政发〔2024〕7号\n关于做好春季农田水利建设工作的通知", crop=0.2)
    second = page_image("二、突出建设重点。\n示例县人民政府\n2024年3月5日", crop=0.2)
    p = tmp_path / "两页扫描.tif"
    first.save(p, "TIFF", save_all=True, append_images=[second], dpi=(200, 200))
    seen = []
    r = load(p, progress=lambda done, total, stage: seen.append((done, total, stage)))
    lines = r.text.split("\n")
    assert r.meta["page_count"] == 2 and "\f" in lines
    assert r.pages[lines.index(DOC_NUMBER)] == 1
    assert r.pages[lines.index("2024年3月5日")] == 2
    assert seen[-1] == (2, 2, "ocr")


@needs_tesseract
def test_a_bmp_scan_parses_to_its_doc_number_and_title(tmp_path):
    from gongbao.pipeline import parse_path

    p = tmp_path / "扫描件.bmp"
    page_image(DOC, crop=0.45).save(p, "BMP")
    doc = parse_path(p, isolate=True).documents[0]
    text = tmp_path / "原文.txt"
    text.write_text(DOC, encoding="utf-8")
    want = parse_path(text).documents[0]
    assert (doc.doc_number, doc.title) == (want.doc_number, want.title) and TITLE in doc.title


@needs_tesseract
def test_an_image_taking_longer_than_its_timeout_is_a_clear_error(tmp_path):
    p = tmp_path / "扫描件.png"
    page_image("示县政发〔2024〕7号", crop=0.1).save(p, "PNG")
    with pytest.raises(InputError, match="timed out"):
        load(p, timeout=1e-9)


def test_ingest_walks_folders_for_image_files(tmp_path):
    from gongbao.store.ingest import collect_files

    for name in ("a.png", "b.JPG", "c.jpeg", "d.tif", "e.tiff", "f.bmp", "g.gif"):
        (tmp_path / name).write_bytes(b"x")
    files, errors = collect_files([tmp_path])
    assert sorted(f.name for f in files) == ["a.png", "b.JPG", "c.jpeg", "d.tif", "e.tiff", "f.bmp"]
