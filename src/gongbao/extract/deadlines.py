"""Deadlines as written (2024年11月30日前, 年底前, 到2025年底, 长期坚持) and as ISO dates."""

from __future__ import annotations

import calendar
import re

_CN_NUM = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10,
           "十一": 11, "十二": 12}
_M = r"(?P<m>1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])"
_DEADLINE = re.compile(
    r"(?:(?P<pre>到|至|截至|截止|在|于)?(?:(?P<y>(?:19|20)\d\d)年)?"
    r"(?:" + _M + r"月(?:(?P<d>[0-3]?\d)日|(?P<mend>底|末|份)|(?P<xun>上旬|中旬|下旬))?|(?<=年)(?P<yend>底|"
                  r"末|上半年|下半年)|(?<=年)(?P<bare>))"
    r"(?P<post>前|之前|以前|内|底前|完成|,|，)?)"
)
_RELATIVE = re.compile(r"(?P<t>年底前|年内|年底|今年底|本年度内|年末前)")
_ONGOING = re.compile(r"长期坚持|持续推进|持续开展|长期推进|常态化推进|长期执行")
_QUARTER = re.compile(r"(?:(?P<y>(?:19|20)\d\d)年)?第?(?P<q>[一二三四1-4])季度(?:末|底)?(?:前|内)?")
_HALF = re.compile(r"(?:(?P<y>(?:19|20)\d\d)年)?(?P<h>上半年|下半年)(?:前|内|底前)?")
_RECURRING = re.compile(r"每(?:年|季度|半年|月)(?:[一二三四五六七八九十\d]{1,2}月(?:[0-3]?\d日|底|末|上旬|"
                        r"中旬|下旬)?前?|底前|末前)?")
_QUARTER_END = {1: (3, 31), 2: (6, 30), 3: (9, 30), 4: (12, 31)}


def _month(s: str) -> int:
    return int(s) if s.isdigit() else _CN_NUM.get(s, 0)


def _iso(y: int, m: int, d: int) -> str | None:
    try:
        last = calendar.monthrange(y, m)[1]
    except (ValueError, calendar.IllegalMonthError):
        return None
    if not 1 <= d <= last:
        return None
    return f"{y:04d}-{m:02d}-{d:02d}"


def find_deadlines(text: str, year: int | None) -> tuple[str | None, str | None]:
    """(deadline_text, ISO date) of the time limits in ``text``; the latest date wins.
    The year comes from the document when the text omits it."""
    texts: list[str] = []
    dates: list[str] = []
    for m in _DEADLINE.finditer(text) if ("年" in text or "月" in text) else ():
        iso = _date_of(m, text, year) if m.group(0) else None
        if iso:
            texts.append(m.group(0).rstrip(",，"))
            dates.append(iso)
    _periods(text, year, texts, dates)
    if not dates and year:
        r = _RELATIVE.search(text)
        if r:
            texts.append(r.group("t"))
            dates.append(f"{year:04d}-12-31")
    if not texts:
        return _undated(text), None
    return "；".join(dict.fromkeys(texts)), max(dates)


def _date_of(m: re.Match[str], text: str, year: int | None) -> str | None:
    """The date a match of _DEADLINE sets as a limit: a month (and day), 年底 / 上半年 of a year,
    or a bare year reached (到2025年); None when it is no time limit."""
    y = int(m.group("y")) if m.group("y") else None
    if m.group("m"):
        return _month_limit(m, y or year)
    if y and m.group("yend"):
        return _iso(y, *{"上半年": (6, 30)}.get(m.group("yend"), (12, 31)))
    pre, post = m.group("pre"), m.group("post")
    if y and m.group("bare") is not None and (pre in ("到", "至")
                                              or (post in (",", "，") and _clause_start(text, m.start()))):
        return _iso(y, 12, 31)
    return None


def _month_limit(m: re.Match[str], year: int | None) -> str | None:
    """3月底前, 11月30日前, 6月上旬: a limit when a word makes it one (前, 到, 底 …), not a
    recurring date (每年3月) nor a month named for what happens in it (3月份)."""
    if re.search(r"(每年|每季度|每月|每半年|次年)$", m.string[max(0, m.start() - 3):m.start()]):
        return None
    pre, post, mend = m.group("pre"), m.group("post"), m.group("mend")
    if not (post and post not in ",，" or pre or mend in ("底", "末")) or mend == "份":
        return None
    month = _month(m.group("m"))
    if not year or not 1 <= month <= 12:
        return None
    if m.group("d"):
        return _iso(year, month, int(m.group("d")))
    if m.group("xun") in ("上旬", "中旬"):
        return _iso(year, month, 10 if m.group("xun") == "上旬" else 20)
    return _iso(year, month, calendar.monthrange(year, month)[1])


def _periods(text: str, year: int | None, texts: list[str], dates: list[str]) -> None:
    """Quarters and half years: 第一季度 -> 03-31, 2024年上半年 -> 2024-06-30 (the document's
    year when the text gives none); a recurring 每季度 is no deadline."""
    for m in list(_QUARTER.finditer(text)) + list(_HALF.finditer(text)):
        if text[max(0, m.start() - 1):m.start()] == "每" or not (m.group("y") or year):
            continue
        y = int(m.group("y")) if m.group("y") else year
        if "q" in m.groupdict():
            q = _CN_NUM.get(m.group("q")) or int(m.group("q"))
            month, day = _QUARTER_END[q]
        else:
            month, day = (6, 30) if m.group("h") == "上半年" else (12, 31)
        texts.append(m.group(0))
        dates.append(f"{y:04d}-{month:02d}-{day:02d}")


def _undated(text: str) -> str | None:
    """A time limit without a date: 长期坚持 / 持续推进, or a recurring 每年3月."""
    m = _RECURRING.search(text) or _ONGOING.search(text)
    return m.group(0) if m else None


def _clause_start(text: str, i: int) -> bool:
    return i == 0 or text[i - 1] in "，,。；;：:（( "
