"""The whole-gazette OCR benchmark's own logic (benchmarks/ocr_eval.py): character accuracy
over pages, the figures read from a scorer line, and the OCR cache lookup."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import ocr_eval  # noqa: E402

TEXT = "示例市人民政府关于做好春季植树工作的通知\n示政发〔2025〕2号"
TESS = "tesseract 5.3.0"


ACCURACY = [  # (case, text layer pages, OCR pages, accuracy)
    ("same text", {1: "示政发〔2025〕2号"}, {1: "示政发〔2025〕2号"}, 1.0),
    ("one character of ten misread", {1: "各县人民政府现就通知"}, {1: "各县人民政府现就通矢"}, 0.9),
    ("a page the OCR lost counts in full", {1: "一二三四五", 2: "六七八九十"}, {1: "一二三四五"}, 2 * 5 / 15),
    ("pages are compared page by page", {1: "甲乙", 2: "丙丁"}, {1: "丙丁", 2: "甲乙"}, 0.0),
]


@pytest.mark.parametrize("case,truth,got,expected", ACCURACY, ids=[c[0] for c in ACCURACY])
def test_char_accuracy(case, truth, got, expected):
    assert ocr_eval.char_accuracy(truth, got) == pytest.approx(expected)


def test_char_accuracy_nfkc_folds_full_width_forms():
    assert ocr_eval.char_accuracy({1: "（２０２５）"}, {1: "(2025)"}, nfkc=True) == 1.0
    assert ocr_eval.char_accuracy({1: "（２０２５）"}, {1: "(2025)"}) == 0.0


def test_page_texts_joins_each_pages_lines_without_whitespace():
    assert ocr_eval.page_texts("第一 行\n第二行\n\n第三行", [1, 1, 2, 2]) == {1: "第一行第二行", 2: "第三行"}


def test_figures_reads_a_scorer_summary():
    line = "docs_f1=0.933 (gold=11 pred=10 matched=10) start=0.818 title=0.909 cites_f1=1.000"
    assert ocr_eval.figures(line) == {"docs_f1": 0.933, "start": 0.818, "title": 0.909, "cites_f1": 1.0}


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setattr(ocr_eval, "CACHE", tmp_path)

    def put(key: str, **meta) -> None:
        base = {"key": key, "tesseract": TESS, "source": ocr_eval.source_key(TEXT), "intake_code": ocr_eval.intake_code()}
        (tmp_path / f"g.{key}.txt").write_text(f"OCR text {key}", encoding="utf-8")
        (tmp_path / f"g.{key}.json").write_text(json.dumps({**base, **meta}), encoding="utf-8")

    return put


def test_cached_text_is_found_by_its_key(cache):
    cache("k1")
    cache("k2")
    assert ocr_eval.find_cached("g", TEXT, TESS, exact_key="k2").text == "OCR text k2"
    assert ocr_eval.find_cached("g", TEXT, TESS, exact_key="k3") is None


def test_cached_text_is_found_by_its_source_and_tesseract(cache):
    cache("k1", tesseract="tesseract 4.1.1")
    assert ocr_eval.find_cached("g", TEXT, TESS) is None
    assert ocr_eval.find_cached("g", TEXT + "\n另一行", "tesseract 4.1.1") is None
    assert ocr_eval.find_cached("g", TEXT, "tesseract 4.1.1").text == "OCR text k1"


def test_cached_text_from_other_intake_code_is_used_with_a_warning(cache, capsys):
    cache("k1", intake_code="0000")
    assert ocr_eval.find_cached("g", TEXT, TESS).text == "OCR text k1"
    assert "other intake code" in capsys.readouterr().err
