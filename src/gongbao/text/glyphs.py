"""Repair glyphs mapped to wrong characters by broken PDF fonts.

Many gazette PDFs embed fonts whose character map is shifted by 0x31 rows in GB2312: the
symbol rows (A1-A3: ～ ≥ ≤ ℃ ① 、 ： 《 》 〔 〕 …) come out as Han characters of rows D2-D4
(耀 逸 臆 益 淤 尧 院 叶 曳 也 页 …). The map is computed from GB2312 itself, not listed by
hand. A shifted Han character is put back only where the context says it is a symbol: between
or before digits (2024耀2025, 逸2.0), around a year (也2024页 -> 〔2024〕), as a list marker.
"""

from __future__ import annotations

import re
from functools import lru_cache

from gongbao.text.chars import HAN, is_han


@lru_cache(maxsize=1)
def shifted_symbols() -> dict[str, str]:
    """Han character -> the GB2312 symbol it stands for when the font map is shifted."""
    table: dict[str, str] = {}
    for hi in (0xA1, 0xA2, 0xA3):
        for lo in range(0xA1, 0xFF):
            try:
                sym = bytes([hi, lo]).decode("gb2312")
                han = bytes([hi + 0x31, lo]).decode("gb2312")
            except UnicodeDecodeError:
                continue
            if sym.strip() and han.strip():
                table[han] = sym
    return table


def _sym(han: str) -> str:
    return shifted_symbols()[han]


# Range and comparison symbols next to numbers. Each shifted char here is rare as Han
# next to a digit in official prose.
# Each pattern starts with its literal character, so the regex engine can skip to it.
_RANGE = re.compile(r"耀(?<=[\d年月日%]耀)[ \t]*(?=\d)")
_COMPARE = re.compile(r"(逸|臆)[ \t]*(?=\d)")
_DEGREE = re.compile(r"益(?<=\d益)")
_PERMILLE = re.compile(r"译(?<=\d译)")
# 〔2024〕 printed as 也2024页 (open/close year brackets of a 文号).
_YEAR_BRACKETS = re.compile(r"也[ \t]*((?:19|20)\d\d)[ \t]*页")
# Circled numbers ①-⑩ used as list markers at the start of a line or clause.
_CIRCLED = re.compile("[淤盂榆虞愚舆俞逾]")  # 于 and 余 are too common to stand for ② ⑧
_CIRCLED_MARKER = re.compile(
    rf"([淤盂榆虞愚舆俞逾])(?:(?<=^[淤盂榆虞愚舆俞逾])|(?<=[。；;：:\n][淤盂榆虞愚舆俞逾]))(?=[{HAN}])"
)

_SUSPECT = re.compile("[耀逸臆益译也淤盂榆虞愚舆俞逾]")


def repair_glyphs(s: str) -> str:
    """Repair shifted glyphs in a line or a whole text (patterns never cross lines)."""
    if not s or not _SUSPECT.search(s):
        return s
    # Each pattern runs only when its character occurs: most texts have none of them.
    if "也" in s and "页" in s:
        s = _YEAR_BRACKETS.sub(lambda m: f"〔{m.group(1)}〕", s)
    if "耀" in s:
        s = _RANGE.sub(_sym("耀"), s)
    if "逸" in s or "臆" in s:
        s = _COMPARE.sub(lambda m: _sym(m.group(1)), s)
    if "益" in s:
        s = _DEGREE.sub(_sym("益"), s)
    if "译" in s:
        s = _PERMILLE.sub(_sym("译"), s)
    if _CIRCLED.search(s) and _is_circled_list(s):
        s = _CIRCLED_MARKER.sub(lambda m: _sym(m.group(1)), s)
    return s


def _is_circled_list(s: str) -> bool:
    """Shifted circled markers stand for a list: its first item (① as 淤) and another one.
    One such character at a line start is a word (榆林市…, 淤泥…), not a marker."""
    markers = [m.group(1) for m in _CIRCLED_MARKER.finditer(s)]
    return "淤" in markers and len(markers) >= 2


# Punctuation through other broken maps: some PDF fonts map ， and 。 to the Yi syllables ꎬ ꎮ,
# and a charset conversion that cannot encode a space (U+3000, U+00A0) writes "?" instead.
_YI_PUNCT = str.maketrans({"ꎬ": "，", "ꎮ": "。", "ꎯ": "、"})
_LOST_SPACE = re.compile(rf"(?<=[{HAN}])\?+|\?+(?=[{HAN}])")


def repair_marks(s: str) -> str:
    """Punctuation lost to a broken font or charset: ꎬ -> ，, ꎮ -> 。, '甘肃省?总?则' -> spaces."""
    if "ꎬ" in s or "ꎮ" in s or "ꎯ" in s:
        s = s.translate(_YI_PUNCT)
    if "?" in s:
        s = _LOST_SPACE.sub(lambda m: " " * len(m.group()), s)
    return s


# OCR of scans confuses 县 with 具 in organ names; 具 never precedes these words in Chinese.
_COUNTY_AS_JU = re.compile(
    r"具(?=人民政府|政府|委员会|委|直属|直各|直有关|人大|政协|级|长|财政|教育|公安|民政)"
)


def repair_ocr_confusions(s: str) -> str:
    """Organ names misread by OCR: '交城具人民政府' -> '交城县人民政府', '具直各单位' -> '县直各单位'."""
    if "具" not in s:
        return s

    def county(m: re.Match[str]) -> str:
        before = s[m.start() - 1] if m.start() else ""
        direct = s.startswith(("直各", "直有关", "直属"), m.end())
        # after a place name (示例具人民政府), or opening a phrase (具直各单位)
        return "县" if (before and is_han(before)) or direct else m.group()

    return _COUNTY_AS_JU.sub(county, s)
