"""The heading of a document met on its own: what stands above its first sentence.

GB/T 9704-2012 prints a document's head in a fixed order – red head (XX文件), 文号, title
(issuer + 关于 + subject + 文种), 主送机关 – and decrees and announcements put a header of their
own (XX人民政府令 / 第N号, XX常务委员会公告) above the sentence that publishes a rule. Web pages
and mirrors shuffle and repeat these pieces: the title twice (once as the page's heading, once
as printed), the issuer on a line of its own, the 文号 in brackets with the signing date beside
it. Each line above the body is classified by its shape, and the best title candidate is chosen
on its features (ends with a 文种, holds 关于, starts with an organ), never on its position alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from gongbao.docnum import DocNumber, find_doc_numbers
from gongbao.parse.headings import Heading, docnum_at, docnum_with_date, title_like
from gongbao.parse.lines import Line
from gongbao.parse.patterns import (
    BOOK_TITLE,
    TRAILING_DOCNUM,
    ENUMERATION,
    doc_type_of,
    looks_like_addressee,
    looks_like_org,
    looks_like_recipients,
    public_marker,
    signature_date,
    split_orgs,
)
from gongbao.text.dates import DATE_RE, match_to_iso, numeric_date
from gongbao.text.chars import HAN

HEAD_SCAN = 18  # lines looked at above the first sentence
MAX_TITLE = 160
_RED_HEAD = re.compile(r"^\d{0,3}(?P<org>.{2,60}?)文件$")
# Decree or announcement header: 山西省人民政府令 / 第300号, 渝府令第121号,
# XX常务委员会公告 / 〔十五届〕第20号
_PROMULGATION = re.compile(
    r"^(?P<org>\S{2,40}?)(?P<kind>令|公告)(?:\s*(?P<no>(?:[〔\[(（][^〕\])）]{1,8}[〕\])）])?\s*第\s*\d{1,5}\s*号))?$"
)
_PROMULGATION_NO = re.compile(
    r"^[（(]?(?P<no>(?:[〔\[(（][^〕\])）]{1,8}[〕\])）])?\s*第\s*\d{1,5}\s*号)[)）]?$"
)
_SHORT_ORDER = re.compile(rf"^(?P<code>[{HAN}]{{1,6}}令)\s*第\s*(?P<seq>\d{{1,5}})\s*号$")
# A 文号 damaged past parsing ("浦府〔20221"): a code and a bracketed year, nothing after.
_BROKEN_DOCNUM = re.compile(rf"^[{HAN}]{{1,10}}[〔\[(（【]\s*(?:19|20)\d")
# A speech dates itself under its title; OCR reads the dash as 一一.
_SPEECH_DATELINE = re.compile(
    r"^(?:[—\-－]{1,2}|一一)\s*(?:(?:19|20)\d\d|[〇○一二三四五六七八九]{4})年.{0,40}(?:会议|大会|会上)"
)
_SENTENCE = re.compile(r"[。；;！？]")
_LONE_DOC_TYPE = re.compile(r"^[通知报告批复决定意见函公告通告命令]{2}$")
_TITLE_OPENERS = ("的", "》", "）", ")", "(", "（", "和", "及", "与", "、")


@dataclass
class HeadItem:
    index: int
    kind: str  # red_head | docnum | promulgation | title | org | date | broken_docnum | lone_type
    docnum: DocNumber | None = None
    date: str | None = None
    org: str | None = None
    extra: dict = field(default_factory=dict)


def is_body_line(ln: Line) -> bool:
    """A sentence of the document: it has sentence punctuation, or it is a numbered item, or
    it is too long for a heading."""
    k = ln.key
    if _SENTENCE.search(k) or len(k) > MAX_TITLE or ENUMERATION.match(k):
        return True
    return ("，" in k or "," in k) and len(k) > 40 and doc_type_of(k) is None


def _parenthesized_docnum(ln: Line) -> HeadItem | None:
    dated = docnum_with_date(ln.key)
    return HeadItem(0, "docnum", docnum=dated[0], date=dated[1]) if dated else None


def _classify(lines: list[Line], i: int, hi: int) -> HeadItem | None:
    ln = lines[i]
    k = ln.key
    if (m := _PROMULGATION.match(k)) and split_orgs(m.group("org")):
        return HeadItem(
            i, "promulgation", org=m.group("org"), extra={"kind": m.group("kind"), "no": m.group("no")}
        )
    if m := _SHORT_ORDER.match(k):
        return HeadItem(
            i,
            "promulgation",
            org=None,
            extra={"kind": "令", "no": f"第{m.group('seq')}号", "code": m.group("code")},
        )
    if m := _PROMULGATION_NO.match(k):
        return HeadItem(i, "promulgation_no", extra={"no": m.group("no")})
    hit = docnum_at(lines, i, hi)
    if hit is not None:
        dated = docnum_with_date(k)
        return HeadItem(i, "docnum", docnum=hit[0], date=dated[1] if dated else None, extra={"last": hit[1]})
    if item := _parenthesized_docnum(ln):
        item.index = i
        return item
    if _BROKEN_DOCNUM.match(k) and len(k) <= 20:
        return HeadItem(i, "broken_docnum")
    if m := _RED_HEAD.match(k):
        if split_orgs(m.group("org")):
            return HeadItem(i, "red_head", org=m.group("org"))
    sd = signature_date(ln.text)
    if sd and not sd[1] and len(k) <= 16:
        return HeadItem(i, "date", date=sd[0])
    if _SPEECH_DATELINE.match(k) and (m := DATE_RE.search(k)):
        return HeadItem(i, "date", date=match_to_iso(m))  # ——2024年3月26日在…会议上
    if iso := numeric_date(k):
        return HeadItem(i, "date", date=iso)
    if _LONE_DOC_TYPE.match(k):
        return HeadItem(i, "lone_type")
    if split_orgs(ln.text) and "关于" not in k and doc_type_of(k) is None:
        return HeadItem(i, "org", org=k)
    if title_like(ln) or _title_continuation(lines, i):
        return HeadItem(i, "title")
    if item := _publication_note(ln):
        item.index = i
        return item
    return None


def _title_continuation(lines: list[Line], i: int) -> bool:
    """'(2025—2027年)的通知' under '…三年行动方案': a title line that opens with a bracket."""
    k = lines[i].key
    return (
        i > 0
        and k[:1] in "(（"
        and len(k) <= 40
        and not _SENTENCE.search(k)
        and (doc_type_of(k) is not None or bool(re.fullmatch(r"[（(][^()（）]{1,16}[)）]", k)))
        and title_like(lines[i - 1])
    )


# A regulation compiled with its publication: "(1991年3月26日济南市人民政府令19号发布)".
_PUBLICATION_NOTE = re.compile(
    rf"^[（(](?P<date>{DATE_RE.pattern})(?P<order>\S{{2,30}}?令\s*第?\s*\d{{1,5}}\s*号)(?:发布|公布)[^()（）]{{0,20}}[)）]$"
)


def _publication_note(ln: Line) -> HeadItem | None:
    m = _PUBLICATION_NOTE.match(ln.key)
    if not m:
        return None
    date = match_to_iso(DATE_RE.match(m.group("date")))
    return HeadItem(0, "publication", date=date, extra={"order": m.group("order")})


def head_items(lines: list[Line], lo: int, hi: int) -> tuple[list[HeadItem], int]:
    """The classified lines above the body, and the index where the body starts."""
    items: list[HeadItem] = []
    i = lo
    stop = min(hi, lo + HEAD_SCAN)
    while i < stop:
        ln = lines[i]
        if public_marker(ln.text) and doc_type_of(ln.key) is None:
            if items or i > lo:
                break
            i += 1  # a disclosure marker printed above the head
            lo += 1
            continue
        if looks_like_recipients(ln.text) or is_body_line(ln):
            break
        if i + 1 < hi and is_body_line(lines[i + 1]) and looks_like_addressee(ln.text, colon=False):
            break  # the 主送机关 without its colon, over the first sentence
        item = _classify(lines, i, hi)
        if item is None:
            break
        items.append(item)
        i = item.extra.get("last", i) + 1
    return items, i


def _title_groups(lines: list[Line], items: list[HeadItem]) -> list[list[int]]:
    """Runs of title lines (an organ line may open one), cut where a title is complete: a
    line ending with a 文种 that the next line does not continue."""
    groups: list[list[int]] = []
    cur: list[int] = []
    prev = None
    for it in items:
        joinable = it.kind in ("title", "org") and (prev is None or it.index == prev + 1)
        if not joinable or (cur and lines[cur[-1]].key and it.kind == "org" and _complete(lines, cur)):
            if cur:
                groups.append(cur)
            cur = []
        if it.kind in ("title", "org"):
            if cur and _complete(lines, cur) and not lines[it.index].key.startswith(_TITLE_OPENERS):
                groups.append(cur)
                cur = []
            cur.append(it.index)
        prev = it.index
    if cur:
        groups.append(cur)
    return groups


def _complete(lines: list[Line], group: list[int]) -> bool:
    return doc_type_of("".join(lines[j].key for j in group)) is not None


def _score(lines: list[Line], group: list[int]) -> float:
    text = "".join(lines[j].key for j in group)
    if len(text) > MAX_TITLE or split_orgs(lines[group[-1]].text) and len(group) == 1:
        return -1
    score = 0.0
    if doc_type_of(text):
        score += 3
    if "关于" in text or re.search(r"印发|转发|批转|颁发", text):
        score += 2
    if split_orgs(lines[group[0]].text) or looks_like_org(
        text[: text.find("关于")] if "关于" in text else ""
    ):
        score += 1
    return score


def _head_date(items: list[HeadItem], docnum: HeadItem | None, best: list[int] | None) -> str | None:
    """A signing date printed in the head (beside or under the 文号). A title after the 文号
    that is not the document's own opens the paper a notice issues (its body printed above its
    title box): a dateline under that title (——2022年1月25日在…会议上) is the paper's."""
    paper = next(
        (
            it.index
            for it in items
            if it.kind == "title" and docnum and it.index > docnum.index and it.index not in (best or [])
        ),
        None,
    )
    return next((it.date for it in items if it.date and (paper is None or it.index < paper)), None)


def find_head(lines: list[Line], lo: int, hi: int) -> Heading | None:
    """The heading of the document that starts at ``lo`` (a whole file holding one document)."""
    items, body = head_items(lines, lo, hi)
    if not items:
        # No head above the first sentence (a page that starts at the 主送机关): the document
        # is all body; its title is unknown, its issuer and date come from the signature.
        return Heading(start=body, end=body - 1, kind="head") if body < hi else None
    best = _best_title(lines, items)
    docnum = _first(items, "docnum")
    red = _first(items, "red_head")
    h = Heading(
        start=items[0].index,
        end=max(it.extra.get("last", it.index) for it in items),
        kind="head",
        title_lines=best or [],
        docnum=docnum.docnum if docnum else None,
        docnum_index=docnum.index if docnum else None,
        red_head=red.index if red else None,
        head_date=_head_date(items, docnum, best),
    )
    _issuer_lines(h, items, best)
    if (published := _first(items, "publication")) is not None and h.docnum is None:
        h.decree = re.sub(r"\s+", "", published.extra["order"])
        h.decree_org = h.decree_org or h.decree.split("令")[0]  # the rule is the organ's
    if h.docnum is None and best:
        _docnum_closing_title(lines, h, best[-1])
    if (promulgation := _first(items, "promulgation")) is not None:
        _promulgation(lines, h, items, promulgation, body, hi)
    return h


def _first(items: list[HeadItem], kind: str) -> HeadItem | None:
    return next((it for it in items if it.kind == kind), None)


def _best_title(lines: list[Line], items: list[HeadItem]) -> list[int] | None:
    # A title names its kind or holds 关于 (GB/T 9704 7.2.3): 'A类' over a 文号 is no title.
    groups = [g for g in _title_groups(lines, items) if _score(lines, g) >= 2]
    # Of equal candidates the one printed nearest the body is the document's own; one above
    # it is the web page's heading.
    return max(groups, key=lambda g: (_score(lines, g), g[0]), default=None)


def _issuer_lines(h: Heading, items: list[HeadItem], best: list[int] | None) -> None:
    """An organ line over the title is the issuer's; one elsewhere in the head is a red head
    printed without 文件."""
    by_index = {it.index: it for it in items}
    if best:
        before = best[0] - 1
        if before in by_index and by_index[before].kind == "org":
            h.issuer_lines = [before]
        elif len(best) > 1 and by_index[best[0]].kind == "org":
            h.issuer_lines, h.title_lines = [best[0]], best[1:]
    h.head_orgs = [
        it.index
        for it in items
        if it.kind == "org" and it.index not in h.issuer_lines and it.index not in h.title_lines
    ]


def _docnum_closing_title(lines: list[Line], h: Heading, last: int) -> None:
    """'…的通知（示政发〔2024〕8号）': the 文号 closes the title line."""
    if m := TRAILING_DOCNUM.search(lines[last].key):
        found = find_doc_numbers(m.group("dn"))
        if len(found) == 1 and found[0].complete:
            h.docnum, h.docnum_index = found[0], last


def _promulgation(
    lines: list[Line], h: Heading, items: list[HeadItem], p: HeadItem, body: int, hi: int
) -> None:
    """令 / 公告 header: its number stands for the 文号; the rule it publishes names the document."""
    no = p.extra.get("no")
    if not no:
        nxt = next((it for it in items if it.kind == "promulgation_no" and it.index > p.index), None)
        no = nxt.extra["no"] if nxt else None
    kind = p.extra["kind"]
    org = p.org or ""
    if no:
        no = re.sub(r"\s+", "", no)
        if kind == "令":
            h.decree = f"{p.extra.get('code') or org + '令'}{no}"
        else:
            h.decree = no.translate(str.maketrans("[(（", "〔〔〔")).translate(
                str.maketrans("])）", "〕〕〕")
            )
    h.decree_kind = kind
    h.decree_org = org or None
    if not h.title_lines:
        # the rule it publishes: 《…》 in the publishing sentence, or its own heading below
        h.subject_line = next(
            (j for j in range(body, min(body + 3, hi)) if BOOK_TITLE.search(lines[j].key)), None
        )
        if h.subject_line is None:
            h.subject_line = next(
                (
                    j
                    for j in range(body, min(body + 15, hi))
                    if title_like(lines[j]) and doc_type_of(lines[j].key)
                ),
                None,
            )
