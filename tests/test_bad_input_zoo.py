"""A zoo of bad input: every kind gets a one-line error naming the file and what is wrong, no
traceback, no hang, and the good files beside it are still stored."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from gongbao.pipeline import parse_file
from gongbao.store import Library
from gongbao.text.decode import InputError

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "示例县人民政府公报2024年第2期.txt"
TEXT = EXAMPLE.read_text(encoding="utf-8")
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
NO_PAGES_PDF = (b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] "
                b"/Count 0 >>\nendobj\nxref\n0 3\n0000000000 65535 f \n0000000009 00000 n \n0000000058 00000 n \n"
                b"trailer\n<< /Size 3 /Root 1 0 R >>\nstartxref\n110\n%%EOF\n")


def _sparse(size: int, head: bytes = b"") -> Callable[[Path], None]:
    def make(p: Path) -> None:
        with open(p, "wb") as fh:  # large on paper, nothing on disk
            fh.write(head)
            fh.truncate(size)
    return make


def _bytes(data: bytes) -> Callable[[Path], None]:
    return lambda p: p.write_bytes(data)


def _zip(entries: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in entries.items():
            z.writestr(name, data)
    return buf.getvalue()


def _docx(paragraphs: list[str]) -> bytes:
    import docx

    d = docx.Document()
    for t in paragraphs:
        d.add_paragraph(t)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _docx_with(part: bytes) -> bytes:
    """A real .docx whose document.xml is replaced by ``part``."""
    src = zipfile.ZipFile(io.BytesIO(_docx(["通知"])))
    return _zip({n: (part if n == "word/document.xml" else src.read(n)) for n in src.namelist()})


def _encrypted_pdf() -> bytes:
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, encrypt="secret")
    c.drawString(72, 720, "notice")
    c.showPage()
    c.save()
    return buf.getvalue()


def _png() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("L", (40, 20), 255).save(buf, "PNG")
    return buf.getvalue()


BOMB = (b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>'
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r>'
        b"<w:t>&d;&d;&d;&d;&d;&d;&d;&d;</w:t></w:r></w:p></w:body></w:document>")

# kind: (file name, how to make it, what the error must say)
ZOO: dict[str, tuple[str, Callable[[Path], None], str]] = {
    "empty": ("空.txt", _bytes(b""), "empty"),
    "whitespace only": ("空白.txt", _bytes(b" \r\n\t\n" * 20), "empty"),
    "random binary": ("随机.txt", _bytes(bytes(range(256)) * 64), "binary"),
    "NUL bytes in text": ("含空字节.txt", _bytes(TEXT.encode("utf-8")[:600] + b"\x00\x01\x02" * 40), "binary"),
    "control characters": ("控制符.txt", _bytes(("通知\x01\x02\x03\x04\x05" * 200).encode("utf-8")), "binary"),
    "undecodable bytes": ("乱码.txt", _bytes("公报".encode("utf-8") + bytes([0xFF, 0xFE, 0x81, 0x30]) * 100 +
                                            bytes(range(128, 256)) * 4), "undecodable|binary"),
    "UTF-16 BOM, odd bytes": ("坏utf16.txt", _bytes(b"\xff\xfe" + "公报".encode("utf-16-le") + b"\x00\xd8\x41"),
                              "byte-order mark|binary"),
    "FIFO": ("管道.txt", os.mkfifo, "named pipe"),
    "symlink to /dev/zero": ("零.txt", lambda p: p.symlink_to("/dev/zero"), "character device"),
    "symlink to /dev/null": ("空设备.txt", lambda p: p.symlink_to("/dev/null"), "character device"),
    "dangling symlink": ("悬空.txt", lambda p: p.symlink_to(p.parent / "不存在的文件.txt"), "no such file"),
    "huge one-line text": ("巨大.txt", _sparse(70 * 1024 * 1024), "too large"),
    "huge PDF": ("巨大.pdf", _sparse(1100 * 1024 * 1024, b"%PDF-1.7\n"), "too large"),
    "txt that is a truncated PDF": ("伪文本.txt", _bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog"), "PDF"),
    "truncated PDF": ("截断.pdf", _bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R"), "truncated|damaged"),
    "PDF header then garbage": ("垃圾.pdf", _bytes(b"%PDF-1.5\n" + bytes(range(256)) * 16), "truncated|damaged"),
    "PDF without pages": ("无页.pdf", _bytes(NO_PAGES_PDF), "no pages|damaged|unreadable"),
    "encrypted PDF": ("加密.pdf", lambda p: p.write_bytes(_encrypted_pdf()), "encrypted"),
    "empty PDF": ("空.pdf", _bytes(b""), "empty"),
    "HTML posing as PDF": ("登录页.pdf", _bytes("<html><body>请登录</body></html>".encode("utf-8")), "not a PDF"),
    "ZIP posing as PDF": ("压缩.pdf", _bytes(_zip({"a.txt": b"x"})), "not a gazette file|ZIP"),
    "PNG posing as PDF": ("图片.pdf", lambda p: p.write_bytes(_png()), "not a PDF|image"),
    "old Word file posing as PDF": ("旧文档.pdf", _bytes(OLE + bytes(512)), "OLE"),
    "ZIP posing as docx": ("假文档.docx", _bytes(_zip({"readme.txt": b"hello"})), "ZIP archive"),
    "damaged ZIP as docx": ("坏压缩.docx", _bytes(b"PK\x03\x04" + bytes(range(256)) * 4), "damaged"),
    "docx with broken XML": ("坏XML.docx", lambda p: p.write_bytes(_docx_with(b"<w:document><w:body>")), "damaged"),
    "docx XML bomb": ("炸弹.docx", lambda p: p.write_bytes(_docx_with(BOMB)), "damaged|no text"),
    "docx without text": ("无字.docx", lambda p: p.write_bytes(_docx([])), "no text"),
    "text posing as docx": ("文本.docx", _bytes(TEXT.encode("utf-8")), "not a Word .docx"),
    "docx posing as txt": ("其实是Word.txt", lambda p: p.write_bytes(_docx(["通知"])), "rename it to .docx"),
    "ZIP posing as txt": ("其实是压缩.txt", _bytes(_zip({"a.txt": b"x"})), "ZIP archive"),
    "OLE posing as txt": ("其实是旧文档.txt", _bytes(OLE + bytes(512)), "OLE"),
    "text posing as doc": ("文本.doc", _bytes(TEXT.encode("utf-8")), "not a Word .doc"),
    "empty docx": ("空.docx", _bytes(b""), "empty"),
    "HTML nested 200k deep": ("深嵌套.html", lambda p: p.write_text(
        "<html><body>" + "<div>" * 200_000 + "通知" + "</div>" * 200_000 + "</body></html>", encoding="utf-8"),
        "nested"),
    "HTML without Chinese text": ("英文页.html", _bytes(b"<html><body><p>Login required</p></body></html>"),
                                  "no Chinese"),
    "HTML login page saved as txt": ("错误页.txt", _bytes(b"<!DOCTYPE html><html><body>404 Not Found</body></html>"),
                                     "no Chinese"),
    "binary named .htm": ("二进制.htm", _bytes(bytes(range(256)) * 64), "binary"),
    "empty HTML": ("空.html", _bytes(b""), "empty"),
    "gzip named txt": ("压缩包.txt", lambda p: p.write_bytes(__import__("gzip").compress(os.urandom(2000))),
                       "binary|undecodable"),
    "blank PNG named txt": ("截图.txt", lambda p: p.write_bytes(_png()), "binary|no text found"),
}


@pytest.fixture(scope="module")
def zoo(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("zoo")
    for kind, (name, make, _) in ZOO.items():
        make(folder / name)
    return folder


def test_the_zoo_holds_at_least_40_kinds() -> None:
    assert len(ZOO) >= 40


@pytest.mark.parametrize("kind", list(ZOO))
def test_each_kind_is_one_line_naming_the_file(zoo: Path, kind: str) -> None:
    name, _, reason = ZOO[kind]
    with pytest.raises(InputError) as e:
        parse_file(zoo / name, timeout=60)
    message = str(e.value)
    assert "\n" not in message and name in message, message
    assert re.search(reason, message), message


def test_a_folder_of_the_whole_zoo_is_ingested_around_it(zoo: Path, tmp_path: Path) -> None:
    good = [zoo / "好公报甲.txt", zoo / "好公报乙.txt"]
    good[0].write_text(TEXT, encoding="utf-8")
    good[1].write_text(TEXT.replace("2024年第2期", "2024年第3期"), encoding="utf-8")
    try:
        db = tmp_path / "lib.db"
        out = subprocess.run([sys.executable, "-m", "gongbao.cli", "ingest", str(zoo), "--db", str(db),
                              "--timeout", "60"], capture_output=True, text=True, timeout=600)
    finally:
        for f in good:
            f.unlink()
    assert out.returncode == 1 and "Traceback" not in out.stderr
    failed = [line for line in out.stderr.splitlines() if line.startswith("failed:")]
    for name, _, _ in ZOO.values():
        assert sum(f"{os.sep}{name}:" in line for line in failed) == 1, name
    assert len(failed) == len(ZOO)
    with Library(db, readonly=True) as lib:
        assert lib.count_issues() == 2 and lib.count_documents() == 12
