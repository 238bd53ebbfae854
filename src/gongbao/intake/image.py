"""Scanned pages as image files (PNG, JPEG, TIFF including multi-page, BMP) -> OCR.

The format comes from the file's first bytes (magic numbers), not its name. Pillow decodes;
the EXIF orientation tag is honoured (a phone or scanner that stores the page sideways with a
rotation tag gets it turned upright); every frame of a multi-page TIFF is a page. Pages go
through the Tesseract path of scanned PDFs (intake/ocr.py): in parallel, with the progress
bar, the per-file time limit and the same layout pass.
"""

from __future__ import annotations

import io
import os
import time
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Callable

from gongbao.intake.layout import PageLines, assemble
from gongbao.text.decode import InputError

MAX_PIXELS = 150_000_000  # one page (an A3 scan at 600 dpi is 70 million pixels)
MAX_FRAMES = 5_000
MIN_LONG_SIDE = 1200  # pixels: a page image smaller than this (A4 under ~100 dpi) is enlarged
OCR_LONG_SIDE = 2400  # to this size (enlarging a page scanned at 150-300 dpi only blurs it)
DEFAULT_DPI = 300.0

_MAGIC = ((b"\x89PNG\r\n\x1a\n", "PNG"), (b"\xff\xd8\xff", "JPEG"), (b"II*\x00", "TIFF"),
          (b"MM\x00*", "TIFF"),
          (b"II+\x00", "TIFF"), (b"MM\x00+", "TIFF"))
_BMP_HEADERS = (12, 16, 40, 52, 56, 64, 108, 124)  # sizes of the BMP info header versions


def image_format(head: bytes) -> str | None:
    """PNG | JPEG | TIFF | BMP from a file's first bytes, or None."""
    for magic, name in _MAGIC:
        if head.startswith(magic):
            return name
    if head[:2] == b"BM" and len(head) >= 18 and head[6:10] == b"\0\0\0\0" \
            and int.from_bytes(head[14:18], "little") in _BMP_HEADERS:
        return "BMP"
    return None


_DECODE_ERRORS = (OSError, SyntaxError, ValueError, EOFError, TypeError, IndexError, KeyError,
                  ZeroDivisionError)


def decode_image(source: bytes | Path, name: str | os.PathLike[str]):
    """Open an image (lazily: pixels are decoded page by page), or InputError."""
    from PIL import Image

    try:
        with warnings.catch_warnings():  # Pillow's warnings on damaged data: the error says it
            warnings.simplefilter("ignore")
            img = Image.open(io.BytesIO(source) if isinstance(source, bytes) else source)
    except Image.DecompressionBombError as e:
        raise InputError(name, f"image too large to decode ({e})") from None
    except _DECODE_ERRORS as e:
        raise InputError(name, f"damaged or unsupported image ({_one_line(e)})") from None
    _check_size(img, name)
    return img


def _one_line(e: BaseException) -> str:
    return " ".join(str(e).split()) or type(e).__name__


def _check_size(img, name) -> None:
    w, h = img.size
    if w <= 0 or h <= 0:
        raise InputError(name, f"image of {w}x{h} pixels has no page")
    if w * h > MAX_PIXELS:
        raise InputError(name,
                         f"image of {w}x{h} pixels is too large for one page (more than {MAX_PIXELS:,})")


def frames(img, name: str | os.PathLike[str] = "<image>") -> Iterator:
    """Each page of an image, upright (EXIF orientation applied) and greyscale."""
    from PIL import Image, ImageOps

    count = getattr(img, "n_frames", 1)
    if count > MAX_FRAMES:
        raise InputError(name, f"{count} pages in one image file (more than {MAX_FRAMES})")
    for k in range(count):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                img.seek(k)
                _check_size(img, name)
                page = (ImageOps.exif_transpose(img) or img).convert("L")
            yield page
        except Image.DecompressionBombError as e:
            raise InputError(name, f"image too large to decode ({e})") from None
        except _DECODE_ERRORS as e:
            raise InputError(name,
                             f"damaged image: page {k + 1} cannot be decoded ({_one_line(e)})") from None


def dpi_of(img) -> float:
    """The image's resolution when it records a plausible one, else 300 dpi."""
    dpi = img.info.get("dpi")
    try:
        value = float(dpi[0]) if dpi else 0.0
    except (TypeError, ValueError, IndexError):
        value = 0.0
    return value if 50 <= value <= 2400 else DEFAULT_DPI


def for_ocr(page, dpi: float) -> tuple[object, float]:
    """A page enlarged when it is too coarse for tesseract (a thumbnail-sized image), with its
    scale in points per pixel."""
    from PIL import Image

    scale = 72 / dpi
    long = max(page.size)
    if long < MIN_LONG_SIDE:
        k = min(4.0, OCR_LONG_SIDE / long)
        page = page.resize((round(page.width * k), round(page.height * k)), Image.LANCZOS)
        scale /= k
    return page, scale


def extract_image(
    path: str | os.PathLike[str],
    ocr: str = "auto",
    deadline: float | None = None,
    progress: Callable[[int, int, str], None] | None = None,
    workers: int = 2,
) -> tuple[str, list[int], dict]:
    """OCR every page of an image file: (text, page of each line, meta)."""
    from gongbao.intake import ocr as ocrmod

    path = Path(path)
    if ocr == "never":
        raise InputError(path, "an image has no text layer: it needs OCR (use --ocr auto)")
    if not ocrmod.available():
        raise InputError(path, "an image needs OCR, but tesseract with the chi_sim model is not installed "
                         "(apt-get install tesseract-ocr tesseract-ocr-chi-sim)")
    with decode_image(path, path) as img:
        fmt = img.format
        total = getattr(img, "n_frames", 1)
        dpi = dpi_of(img)
        pages: list[PageLines] = []
        runner = ocrmod.PageOCR(path, workers=workers, deadline=deadline)
        try:
            for k, page in enumerate(frames(img, path)):
                if deadline is not None and time.monotonic() > deadline:
                    raise InputError(path, f"timed out at page {k + 1} of {total}")
                big, scale = for_ocr(page, dpi)
                pages.append(PageLines(k + 1, big.width * scale, big.height * scale, []))
                runner.submit_image(k, big, scale)
                if progress:
                    progress(k + 1, total, "ocr")
            for k, lines in runner.results(progress):
                pages[k] = PageLines(k + 1, pages[k].width, pages[k].height, lines)
        finally:
            runner.close()
    text, line_pages = assemble(pages)
    if not text.strip():
        raise InputError(path, f"no text found by OCR in this {fmt} image")
    meta = {"page_count": len(pages), "ocr_pages": list(range(1, len(pages) + 1)), "format": fmt,
            "warnings": []}
    return text, line_pages, meta
