"""The damaged layouts of benchmarks/robustness_eval.py, on a small invented gazette.

Each damage must keep every line of the text (only blank lines and leading spaces are added,
and `nofront` drops exactly the front matter), move what its docstring says it moves, and carry
the gold start_line values to the same line content.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import robustness_eval as rb  # noqa: E402

GAZETTE = """示例市人民政府公报
2025年第1期（总第9期）
示例市人民政府办公室 主管主办

目 录
市政府文件
关于印发示例市节水行动方案的通知
示政发〔2025〕1号 1
关于做好春季植树工作的通知
示政发〔2025〕2号 4
市政府办公室文件
关于调整市防汛指挥部成员的通知
示政办发〔2025〕3号 6

示例市人民政府关于印发示例市节水行动方案的通知
示政发〔2025〕1号
各县（区）人民政府，市直各有关单位：
现将《示例市节水行动方案》印发给你们，请认真贯彻执行。
示例市人民政府
2025年1月6日
（此件公开发布）
示例市节水行动方案
一、总体要求
坚持节水优先，全面提升用水效率。
二、主要任务
（一）推进农业节水。推广喷灌滴灌。
（二）推进工业节水。开展水效对标。
（三）推进城镇节水。改造老旧管网。
三、保障措施
各地要加强组织领导，确保任务落实。
示例市人民政府关于做好春季植树工作的通知
示政发〔2025〕2号
各县（区）人民政府，市直各有关单位：
为做好今年春季植树工作，现就有关事项通知如下：
一、提早谋划。各地要尽早落实苗木和地块。
二、科学栽植。坚持适地适树，提高成活率。
三、加强管护。落实管护责任，防止毁林。
四、做好宣传。引导群众积极参与义务植树。
示例市人民政府
2025年2月20日
（此件公开发布）
示例市人民政府办公室关于调整市防汛指挥部成员的通知
示政办发〔2025〕3号
各县（区）人民政府，市直各有关单位：
因人事变动，经市政府同意，现将市防汛指挥部成员调整如下：
总指挥：张某某 副市长
副总指挥：李某某 市水务局局长
成员：市应急局、市气象局、市自然资源局负责人。
指挥部办公室设在市水务局，承担日常工作。
示例市人民政府办公室
2025年3月3日
（此件公开发布）"""
LINES = GAZETTE.split("\n")
DOCS = [  # title line, 文号, issuer, date, section, toc_page
    ("示例市人民政府关于印发示例市节水行动方案的通知", "示政发〔2025〕1号", "示例市人民政府", "2025-01-06", "市政府文件", 1),
    ("示例市人民政府关于做好春季植树工作的通知", "示政发〔2025〕2号", "示例市人民政府", "2025-02-20", "市政府文件", 4),
    ("示例市人民政府办公室关于调整市防汛指挥部成员的通知", "示政办发〔2025〕3号", "示例市人民政府办公室",
     "2025-03-03", "市政府办公室文件", 6),
]
GOLD = {
    "issue": {"title": "示例市人民政府公报", "year": 2025, "number": 1, "total_number": 9},
    "documents": [{"title": t[t.index("关于"):], "doc_number": n, "issuer": i, "date": d, "section": s,
                   "toc_page": p, "start_line": LINES.index(t) + 1} for t, n, i, d, s, p in DOCS],
}
STARTS = [d["start_line"] for d in GOLD["documents"]]
PAGE = 10  # lines a page, so that the little gazette has several pages


def line_of(text: str, after: int = 0) -> int:
    """1-based number of the first line equal to ``text`` after line ``after``."""
    return LINES.index(text, after) + 1


def sig_lines(k: int) -> tuple[int, int, int]:
    """Issuer, date and 此件公开发布 lines of document k."""
    date = line_of(f"{int(DOCS[k][3][:4])}年{int(DOCS[k][3][5:7])}月{int(DOCS[k][3][8:])}日")
    return date - 1, date, date + 1


DAMAGES = {  # name -> the damage as the benchmark applies it on its own (small pages here)
    "tailswap": lambda lines, gold: rb.swap_tails(lines, gold),
    "signature": lambda lines, gold: rb.detach_signatures(lines, gold, page_lines=PAGE),
    "blanklines": rb.space_lines,
    "pagespace": lambda lines, gold: rb.mark_page_starts(lines, gold, page_lines=PAGE),
    "nofront": rb.drop_front_matter,
}


def content(lines: list[str]) -> Counter:
    return Counter(x.strip() for x in lines if x.strip())


@pytest.mark.parametrize("name", DAMAGES)
def test_damage_keeps_every_line(name):
    out, _ = DAMAGES[name](LINES, GOLD)
    kept = LINES[STARTS[0] - 1:] if name == "nofront" else LINES
    assert content(out) == content(kept)


@pytest.mark.parametrize("name", DAMAGES)
def test_damage_carries_each_line_to_its_new_place(name):
    out, where = DAMAGES[name](LINES, GOLD)
    assert where and all(out[new - 1].strip() == LINES[old - 1].strip() for old, new in where.items())


@pytest.mark.parametrize("name", ["tailswap", "signature", "blanklines", "pagespace", "nofront", "ooo"])
def test_variant_gold_points_at_the_same_heading_lines(name):
    data, gold = rb.variant(GAZETTE, GOLD, name)
    out = data.decode("utf-8").split("\n")
    assert [out[d["start_line"] - 1].strip() for d in gold["documents"]] == [t for t, *_ in DOCS]


@pytest.mark.parametrize("name", [*DAMAGES, "ooo"])
def test_damage_is_deterministic(name):
    assert rb.variant(GAZETTE, GOLD, name) == rb.variant(GAZETTE, GOLD, name)


def test_ooo_keeps_every_line_of_the_documents():
    data, _ = rb.variant(GAZETTE, GOLD, "ooo")
    assert content(data.decode("utf-8").split("\n")) == content(LINES[STARTS[0] - 1:])


def test_tailswap_prints_next_heading_before_previous_tail():
    _, where = rb.swap_tails(LINES, GOLD)
    for k in range(len(DOCS) - 1):
        last = STARTS[k + 1] - 1  # document k's last line
        assert where[STARTS[k]] < where[STARTS[k + 1]] < where[last]
        assert where[STARTS[k + 1] + 1] == where[STARTS[k + 1]] + 1  # the heading stays whole
    _, _, marker = sig_lines(1)
    assert where[marker] > where[STARTS[2]]  # document 2's signature now follows document 3's heading


def test_signature_block_moves_whole_past_lines_of_text():
    out, where = rb.detach_signatures(LINES, GOLD, page_lines=PAGE)
    for k in (0, 1):  # the last document's block has no page break below it
        issuer, date, marker = sig_lines(k)
        assert [where[issuer], where[date], where[marker]] == [where[issuer] + i for i in range(3)]
        between = out[where[issuer - 1]:where[issuer] - 1]
        assert len([x for x in between if x.strip()]) >= 3
    for s in STARTS:  # never between a title and its 文号
        assert where[s + 1] == where[s] + 1


SIGNATURES = [  # (text before, signature lines, text after) -> the lines the block spans
    ("issuer, date, marker", ["示例县人民政府", "2025年4月1日", "（此件公开发布）"], 3),
    ("issuer and date on one line, no marker", ["示例县人民政府 2025年4月1日"], 1),
    ("joint issuers on two lines", ["示例县人民政府", "某某县人民政府", "2025年4月1日"], 3),
    ("date with spaces and zeros", ["示例县人民政府", "2025 年 04 月 01 日", "(此件公开发布)"], 3),
    ("issuer, date and marker on one quoted line", ["> 示例县人民政府 2025年4月1日 (此件公开发布)"], 1),
]


@pytest.mark.parametrize("case,sig,size", SIGNATURES, ids=[c[0] for c in SIGNATURES])
def test_signature_block_is_found(case, sig, size):
    lines = ["关于示例事项的通知", "示政发〔2025〕9号", "各单位：", "现将有关事项通知如下。", *sig, "附件正文。"]
    doc = {"date": "2025-04-01", "issuer": "示例县人民政府、某某县人民政府", "start_line": 1}
    first, last = rb.signature_block(lines, doc, 1, len(lines))
    assert (first, last - first + 1) == (5, size)


def test_a_dateline_inside_other_text_is_no_signature_block():
    lines = ["政府工作报告", "——2025年4月1日在示例县人民代表大会上", "各位代表：", "现在报告工作。"]
    assert rb.signature_block(lines, {"date": "2025-04-01", "issuer": "示例县人民政府"}, 1, len(lines)) is None


def test_blanklines_follow_every_line():
    out, _ = rb.space_lines(LINES, GOLD)
    assert out[0::2] == LINES and set(out[1::2]) == {""}


def test_pagespace_marks_only_the_first_line_of_each_page():
    out, _ = rb.mark_page_starts(LINES, GOLD, page_lines=PAGE)
    pages = rb.page_starts(LINES, GOLD, page_lines=PAGE)
    marked = {i for i, x in enumerate(out, 1) if x.startswith(" ")}
    assert marked == {next(i for i in range(p, len(LINES) + 1) if LINES[i - 1].strip()) for p in pages}
    assert len(pages) >= len(LINES) // PAGE and all(b - a <= PAGE for a, b in zip(pages, pages[1:]))
    assert [x.lstrip(" ") for x in out] == LINES


def test_nofront_starts_with_the_first_document_and_expects_nothing_from_front_matter():
    data, gold = rb.variant(GAZETTE, GOLD, "nofront")
    out = data.decode("utf-8").split("\n")
    assert out[0] == DOCS[0][0] and "目 录" not in out
    assert gold["issue"] == {}
    assert {(d["toc_page"], d["section"]) for d in gold["documents"]} == {(None, None)}


def test_clean_variant_keeps_the_gold():
    assert rb.variant(GAZETTE, GOLD, "clean") == (GAZETTE.encode("utf-8"), GOLD)
