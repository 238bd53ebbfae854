"""The character classes and item markers every stage shares (gongbao.text.chars)."""

from __future__ import annotations

import re

import pytest

from gongbao.text.chars import (ARTICLE_MARK, CHAPTER_MARK, CIRCLED_MARK, ITEM_MARK, SECTION_MARK,
                                SUBITEM_MARK,
                                SUBSECTION_MARK, is_cjk, is_han, split_outside_brackets, squeeze)


@pytest.mark.parametrize("c, han, cjk", [
    ("通", True, True), ("㐀", True, True),  # extension A
    ("﨑", True, True),  # a compatibility ideograph
    ("，", False, True), ("《", False, True), ("“", False, True), ("Ａ", False, True),
    ("\u3000", False, True),
    ("a", False, False), (",", False, False), ("1", False, False),
])
def test_classes(c, han, cjk):
    assert (is_han(c), is_cjk(c)) == (han, cjk)


def test_squeeze_drops_every_space():
    assert squeeze("运城 市\u3000盐湖\t区\n") == "运城市盐湖区"


@pytest.mark.parametrize("text, seps, parts", [
    ("县财政局（含国库中心、会计中心）、县审计局", "、", ["县财政局（含国库中心、会计中心）", "县审计局"]),
    ("甲局，乙局；【丙、丁】", "，；、", ["甲局", "乙局", "【丙、丁】"]),
    ("甲局）、乙局", "、", ["甲局）", "乙局"]),  # a stray closing bracket opens nothing
    ("、 、", "、", []),
])
def test_split_outside_brackets(text, seps, parts):
    assert split_outside_brackets(text, seps) == parts


@pytest.mark.parametrize("mark, yes, no", [
    (SECTION_MARK, ["一、", "十二．", "二十一."], ["一二三四、"]),
    (SUBSECTION_MARK, ["（一）", "(三)"], ["（1）"]),
    (ITEM_MARK, ["1.", "12、"], ["1.5", "123."]),
    (SUBITEM_MARK, ["（1）", "(12)"], ["（一）"]),
    (CIRCLED_MARK, ["①"], ["1"]),
    (ARTICLE_MARK, ["第一条", "第十二条", "第3条"], ["第一章"]),
    (CHAPTER_MARK, ["第一章", "第二节", "第三编"], ["第一条"]),
])
def test_item_markers(mark, yes, no):
    rx = re.compile(f"^(?:{mark})")
    assert all(rx.match(s) for s in yes) and not any(rx.match(s) for s in no)
