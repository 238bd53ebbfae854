"""Character classes and the small patterns every stage reads Chinese text with, defined once.

- ``HAN``: Chinese characters (CJK unified ideographs, extension A, compatibility ideographs),
  for regular expressions (``[{HAN}]``); ``is_han`` for one character.
- ``is_cjk``: a character of CJK text — Han, CJK symbols and punctuation (、。《》【】〔〕 …),
  full-width forms (，；：！（） Ａ１), and the quotes, dashes and dots Chinese text uses.
- ``WS`` / ``squeeze``: whitespace, and text without it (layout spaces inside Chinese text).
- ``OPEN_BRACKETS`` / ``CLOSE_BRACKETS``: every bracket a 文号's year or a note is printed in.
- The item markers of 公文, level by level: 一、 （一） 1. （1） ① 第一条 第一章.
- ``split_outside_brackets``: a list split at its separators, not inside brackets.
"""

from __future__ import annotations

import re

_HAN_RANGES = (("\u3400", "\u4dbf"), ("\u4e00", "\u9fff"), ("\uf900", "\ufaff"))
HAN = "".join(f"{lo}-{hi}" for lo, hi in _HAN_RANGES)
HAN_CHAR = re.compile(f"[{HAN}]")
# CJK symbols and punctuation, full-width forms, and what Chinese text prints outside those blocks
_CJK_RANGES = (*_HAN_RANGES, ("\u3000", "\u303f"), ("\uff00", "\uffef"))
_CJK_MARKS = frozenset("“”‘’—…·")
WS = re.compile(r"\s+")

OPEN_BRACKETS = "〔[(（【［〈<「{｛〖﹝"
CLOSE_BRACKETS = "〕])）】］〉>」}｝〗﹞"

# Item markers of 公文, outermost first; CN_NUMERALS write their numbers
CN_NUMERALS = "一二三四五六七八九十"
SECTION_MARK = rf"[{CN_NUMERALS}]{{1,3}}[、.．]"  # 一、
SUBSECTION_MARK = rf"[（(][{CN_NUMERALS}]{{1,3}}[）)]"  # （一）
ITEM_MARK = r"\d{1,2}[.．、](?!\d)"  # 1.
SUBITEM_MARK = r"[（(]\d{1,2}[）)]"  # （1）
CIRCLED_MARK = "[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮]"  # ①
ARTICLE_MARK = rf"第[{CN_NUMERALS}百零〇\d]+条"  # 第一条
CHAPTER_MARK = rf"第[{CN_NUMERALS}百零〇\d]+[章节编]"  # 第一章


def is_han(c: str) -> bool:
    return any(lo <= c <= hi for lo, hi in _HAN_RANGES)


def is_cjk(c: str) -> bool:
    return c in _CJK_MARKS or any(lo <= c <= hi for lo, hi in _CJK_RANGES)


def squeeze(s: str) -> str:
    """``s`` without whitespace (layout spaces inside Chinese text, line seams)."""
    return WS.sub("", s)


def split_outside_brackets(text: str, seps: str, opens: str = "（(【[", closes: str = "）)】]") -> list[str]:
    """The parts of ``text`` between the characters of ``seps`` that stand outside brackets,
    stripped, empty ones left out: 县财政局（含国库中心、会计中心）、县审计局 -> two parts."""
    parts, cur, depth = [], [], 0
    for c in text:
        if c in opens:
            depth += 1
        elif c in closes:
            depth = max(0, depth - 1)
        if c in seps and depth == 0:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(c)
    parts.append("".join(cur))
    return [p.strip() for p in parts if p.strip()]
