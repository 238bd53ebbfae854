"""`gongbao ingest` over files as published: text, a PDF made here, and a broken PDF."""

from __future__ import annotations

import shutil
from pathlib import Path

from typer.testing import CliRunner

import pdfmake
from system import needs
from gongbao.cli import app
from gongbao.store import Library

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "示例县人民政府公报2024年第2期.txt"
NOTICE = """示例市人民政府关于做好防汛工作的通知

示政发〔2024〕8号

各县（市、区）人民政府：

请做好防汛工作，汛期每日报告一次。

示例市人民政府

2024年6月1日

（此件公开发布）
"""


@needs("font")
def test_ingest_text_pdf_and_a_bad_pdf(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(EXAMPLE, src / EXAMPLE.name)
    pdfmake.text_to_pdf(NOTICE, src / "防汛通知.pdf")
    (src / "坏文件.pdf").write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog")  # truncated
    db = tmp_path / "lib.db"
    result = CliRunner().invoke(app,
                                ["ingest", str(src), "--db", str(db), "--ocr", "never", "--timeout", "60"])
    assert result.exit_code == 1  # one file failed, the others are in
    assert "坏文件.pdf" in result.output
    lib = Library(db, readonly=True)
    try:
        assert lib.count_documents() == 7
        assert lib.resolve_key("示政发〔2024〕8号") is not None
    finally:
        lib.close()


def test_ingest_rejects_an_unknown_ocr_mode(tmp_path: Path) -> None:
    result = CliRunner().invoke(app,
                                ["ingest", str(EXAMPLE), "--db", str(tmp_path / "l.db"), "--ocr",
                                 "sometimes"])
    assert result.exit_code != 0 and "--ocr" in result.output
