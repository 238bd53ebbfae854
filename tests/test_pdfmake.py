"""The PDF maker of the tests and benchmarks: the same input gives the same bytes, so a
benchmark can key a cache on a file's hash (an OCR cache, see benchmarks/ocr_eval.py)."""

from __future__ import annotations

import pdfmake
from system import needs

pytestmark = needs("font")
TEXT = "示例市人民政府关于做好春季植树工作的通知\n示政发〔2025〕2号\n各县（区）人民政府：\n现就有关事项通知如下。"


def test_same_text_gives_the_same_pdf():
    assert pdfmake.text_to_pdf(TEXT) == pdfmake.text_to_pdf(TEXT)


def test_other_text_gives_another_pdf():
    assert pdfmake.text_to_pdf(TEXT) != pdfmake.text_to_pdf(TEXT + "\n特此通知。")


def test_same_pdf_gives_the_same_scan(tmp_path):
    pdf = tmp_path / "a.pdf"
    pdfmake.text_to_pdf(TEXT, pdf)
    pdfmake.image_pdf(pdf, tmp_path / "one.pdf", dpi=100)
    pdfmake.image_pdf(pdf, tmp_path / "two.pdf", dpi=100)
    assert (tmp_path / "one.pdf").read_bytes() == (tmp_path / "two.pdf").read_bytes()
