"""The masthead of an issue: gazette title, year, 期 number, 总第 number, date, publisher."""

from __future__ import annotations

import re

from gongbao.models import IssueInfo
from gongbao.parse.lines import Line
from gongbao.text.dates import DATE_RE, cn_number, match_to_iso
from gongbao.text.chars import HAN

_CN = "〇一二三四五六七八九十百"
_TITLE = re.compile(rf"^[《]?(?P<t>[{HAN}（）()]{{2,30}}公报)[》]?$")
_NUMBER = re.compile(rf"(?:(?P<y>(?:19|20)\d\d)\s*年?\s*)?第\s*(?P<n>\d{{1,3}}|[{_CN}]{{1,4}})\s*期")
_TOTAL = re.compile(rf"总\s*第?\s*(?P<n>\d{{1,4}}|[{_CN}]{{1,5}})\s*期")
_PUBLISHED = re.compile(r"出\s*版|印\s*发|编\s*印")
_PUBLISHER = (
    re.compile(
        r"^(?:主\s*办\s*单\s*位|主\s*办|编\s*辑\s*出\s*版|编\s*印|出\s*版\s*单\s*位)\s*[:：]\s*(?P<p>\S+)$"
    ),
    re.compile(r"^(?P<p>\S+?)\s*(?:主管主办|主办|编印|编辑出版)$"),
)
_YEAR_ONLY = re.compile(r"^(?P<y>(?:19|20)\d\d)(?:年|[.．/]\d{1,2})?$")


def parse_masthead(front: list[Line]) -> IssueInfo:
    """Read the masthead from the lines before the first document (front matter and TOC)."""
    info = IssueInfo()
    prov: dict[str, list[int]] = {}
    year_alone: Line | None = None
    for i, ln in enumerate(front):
        k = ln.key
        if info.title is None and (m := _TITLE.match(k)) and "关于" not in k:
            info.title = m.group("t")
            prov["title"] = [ln.no]
            continue
        if info.number is None and (m := _NUMBER.search(k)) and len(k) <= 80:
            info.number = cn_number(m.group("n"))
            prov["number"] = [ln.no]
            if m.group("y"):
                info.year = int(m.group("y"))
                prov["year"] = [ln.no]
            elif year_alone is not None and i > 0 and front[i - 1] is year_alone:
                # "2024" on its own line over "第2期（总第28期）"
                info.year = int(_YEAR_ONLY.match(year_alone.key).group("y"))
                prov["year"] = [year_alone.no]
        if info.total_number is None and (m := _TOTAL.search(k)) and len(k) <= 80:
            info.total_number = cn_number(m.group("n"))
            prov["total_number"] = [ln.no]
        if info.published is None and _PUBLISHED.search(k) and len(k) <= 40:
            if (d := DATE_RE.search(k)) and (iso := match_to_iso(d)):
                info.published = iso
                prov["published"] = [ln.no]
        if info.publisher is None:
            for pat in _PUBLISHER:
                if (m := pat.match(ln.text)) and len(m.group("p")) >= 4:
                    info.publisher = m.group("p").strip()
                    prov["publisher"] = [ln.no]
                    break
        if _YEAR_ONLY.match(k):
            year_alone = ln
    if info.title is None and info.number is None:
        return IssueInfo()  # not a gazette issue: a single document
    if info.year is None and info.published:
        info.year = int(info.published[:4])
        prov["year"] = prov.get("published", [])
    info.lines = prov
    return info
