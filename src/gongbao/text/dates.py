"""Dates as official documents write them: 2024年10月10日, 二〇二四年十月十日, 2024 年 3 月 2 日."""

from __future__ import annotations

import re
from datetime import date

_CN_DIGITS = {
    "〇": 0,
    "○": 0,
    "零": 0,
    "Ｏ": 0,
    "O": 0,
    "o": 0,
    "0": 0,
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    "两": 2,
}
_CN_CHARS = "〇○零Ｏ一二三四五六七八九十两"

DATE_RE = re.compile(
    r"(?P<y>(?:19|20)\d\d)\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日"
    rf"|(?P<cy>[{_CN_CHARS}Oo0]{{4}})\s*年\s*(?P<cm>[{_CN_CHARS}]{{1,3}})\s*月\s*(?P<cd>[{_CN_CHARS}]{{1,3}})\s*日"
)


def cn_number(s: str) -> int | None:
    """一 -> 1, 十 -> 10, 十二 -> 12, 二十 -> 20, 三十一 -> 31, 二〇二四 -> 2024 (digit by digit)."""
    if not s:
        return None
    if s.isdigit():
        return int(s)
    if "十" in s:
        head, _, tail = s.partition("十")
        tens = _CN_DIGITS.get(head, None) if head else 1
        ones = _CN_DIGITS.get(tail, None) if tail else 0
        if tens is None or ones is None:
            return None
        return tens * 10 + ones
    value = 0
    for ch in s:
        if ch not in _CN_DIGITS:
            return None
        value = value * 10 + _CN_DIGITS[ch]
    return value


def _valid(y: int | None, m: int | None, d: int | None) -> str | None:
    if y is None or m is None or d is None:
        return None
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def match_to_iso(m: re.Match[str]) -> str | None:
    if m.group("y"):
        return _valid(int(m.group("y")), int(m.group("m")), int(m.group("d")))
    return _valid(cn_number(m.group("cy")), cn_number(m.group("cm")), cn_number(m.group("cd")))


def find_dates(text: str) -> list[tuple[str, tuple[int, int]]]:
    """Every valid date in the text as (ISO date, span)."""
    out = []
    for m in DATE_RE.finditer(text):
        iso = match_to_iso(m)
        if iso:
            out.append((iso, m.span()))
    return out


def parse_date(text: str) -> str | None:
    """The first valid date in the text, as ISO."""
    found = find_dates(text)
    return found[0][0] if found else None


_NUMERIC_DATE = re.compile(
    r"(?P<y>(?:19|20)\d\d)\s*(?P<sep>[-./])\s*(?P<m>\d{1,2})\s*(?P=sep)\s*(?P<d>\d{1,2})"
)


def numeric_date(s: str) -> str | None:
    """A date written with digits and separators only (2009-11-03, 2009.11.3): ISO, or None
    when ``s`` is anything more than that date."""
    m = _NUMERIC_DATE.fullmatch(s.strip())
    return _valid(int(m.group("y")), int(m.group("m")), int(m.group("d"))) if m else None
