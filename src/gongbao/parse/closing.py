"""A document's close – attachment list, signature, date, disclosure marker – and whose it is.

GB/T 9704 ends a document with its 附件说明, the 发文机关署名, the 成文日期 and, in gazettes, the
disclosure marker (此件公开发布). When a PDF's text comes out of reading order, that block can
land inside the next document: a layout program writes the top of document k+1 before the last
lines of document k, or a signature block floats below the next page break. The block still
closes the document it belonged to, so a document whose own lines hold no close takes the first
close printed among the next document's lines, when that document has a later close of its own
or the block's organ is its own and not the next document's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from gongbao.parse.lines import Line
from gongbao.parse.patterns import public_marker, signature_date, split_orgs

_ATTACH_HEAD = re.compile(r"^附\s*件\s*(?:\d+|[一二三四五六七八九十]+)?\s*[:：]")
_ATTACH_ITEM = re.compile(r"^(\d+)\s*[.、．]")
_ATTACH_REACH = 8  # lines an attachment list runs above its signature
_MARKER_REACH = 2  # lines the disclosure marker stands below the date
_EARLY = 20  # body lines within which a displaced close stands in the next document
_SENTENCE_END = "。！？；：」”’）)》〕】.;:!?"


@dataclass
class Close:
    """Positions (into a document's list of line indices) of one closing block."""

    first: int
    date: int
    last: int
    orgs: list[str]


def find_closes(lines: list[Line], idx: list[int]) -> list[Close]:
    """Every signature+date block among the lines ``idx`` (positions into ``idx``)."""
    out: list[Close] = []
    p = 0
    while p < len(idx):
        sd = signature_date(lines[idx[p]].text)
        if not sd:
            p += 1
            continue
        first = p
        orgs = list(sd[1])
        while first - 1 >= 0 and split_orgs(lines[idx[first - 1]].text) and p - first < 12:
            first -= 1
            orgs = split_orgs(lines[idx[first]].text) + orgs
        first = _attachment_top(lines, idx, first, out[-1].last if out else -1)
        last = p
        for q in range(p + 1, min(len(idx), p + 1 + _MARKER_REACH)):
            if public_marker(lines[idx[q]].text):
                last = q
                break
        out.append(Close(first, p, last, orgs))
        p = last + 1
    return out


def _attachment_top(lines: list[Line], idx: list[int], first: int, floor: int) -> int:
    """Where a close starts once the 附件说明 above its signature is counted in: the '附件：'
    line when the list runs from it down to the signature, or the first item of the list's
    remainder ('2. …', '3. …') when the list began before a seam and its head stayed there.
    An item title holds no sentence, so a line with '。' ends the search."""
    top, pending = first, False
    for q in range(first - 1, max(floor, first - 1 - _ATTACH_REACH), -1):
        key = lines[idx[q]].key
        if _ATTACH_HEAD.match(key):
            return q
        if "。" in key or len(key) > 80:
            break
        if m := _ATTACH_ITEM.match(key):
            if m.group(1) == "1":  # the whole list is here: its head is right above, or none
                return q - 1 if q - 1 > floor and _ATTACH_HEAD.match(lines[idx[q - 1]].key) else first
            top, pending = q, False
        elif pending:
            break  # a second line that is no item: the list's remainder ended below it
        else:
            pending = True
    return top


def lend_closes(
    bodies: list[list[int]],
    issuers: list[str | None],
    dated: list[bool],
    lines: list[Line],
    same_organ,
    titles: list[str | None] | None = None,
) -> None:
    """Move a close printed among document k+1's lines to document k when k has none (see the
    module docstring). ``bodies`` are the documents' line indices, changed in place;
    ``dated`` says which documents already have their date from elsewhere (a speech's
    dateline, a date beside the 文号); ``same_organ(a, b)`` compares two organ names."""
    titles = titles or [None] * len(bodies)
    closes = [find_closes(lines, b) if b else [] for b in bodies]
    for k in range(len(bodies) - 1):
        if dated[k] or closes[k]:
            continue
        if chain := _chain(closes, dated, issuers, k, same_organ):
            for i in range(k, chain):  # every close of the run goes back one document
                _move_displaced(lines, bodies, i + 1, i, issuers[i], same_organ, titles[i + 1])
                closes[i], closes[i + 1] = find_closes(lines, bodies[i]), find_closes(lines, bodies[i + 1])
            continue
        nxt = closes[k + 1]
        if not nxt:
            continue
        c = nxt[_displaced(lines, bodies[k + 1], nxt, issuers[k], same_organ, titles[k + 1])]
        mine = _names(c.orgs, issuers[k], same_organ)
        theirs = _names(c.orgs, issuers[k + 1], same_organ)
        if (
            (len(nxt) >= 2 and mine is not False)
            or (mine and not theirs)
            or (
                mine is not False
                and (interrupts(lines, bodies[k + 1], c) or _text_goes_on(lines, bodies[k + 1], c))
            )
        ):
            block = bodies[k + 1][c.first : c.last + 1]
            del bodies[k + 1][c.first : c.last + 1]
            bodies[k].extend(block)
            closes[k], closes[k + 1] = find_closes(lines, bodies[k]), find_closes(lines, bodies[k + 1])


_EARLY = 20  # body lines within which a displaced close stands in the next document


def _chain(closes: list[list[Close]], dated: list[bool], issuers: list[str | None], k: int,
           same_organ) -> int | None:
    """Document k has no close; the next ones hold one each, and then one holds two: each
    close was printed one document late (a block floated past the next page break, again and
    again). Returns the index of the document holding two, or None. The closes must be able
    to name the documents they move to."""
    j = k + 1
    while j < len(closes) and not dated[j] and len(closes[j]) == 1:
        if _names(closes[j][0].orgs, issuers[j - 1], same_organ) is False:
            return None
        j += 1
    if j >= len(closes) or j == k + 1 or len(closes[j]) < 2 or dated[j]:
        return None
    return j if any(_names(c.orgs, issuers[j - 1], same_organ) is not False for c in closes[j]) else None


def _displaced(lines: list[Line], idx: list[int], found: list[Close], issuer: str | None,
               same_organ, title: str | None = None) -> int:
    """Which of a document's closes was printed there for the document before it (by
    ``issuer``): the first that may name that issuer and is not the close of a notice that
    issues a paper (印发/转发…: the notice's own close stands just above that paper's title).
    Falls back to the first close that may name it, then to the first."""
    fits = [i for i, c in enumerate(found) if _names(c.orgs, issuer, same_organ) is not False]
    for i in fits:
        c = found[i]
        if c.last + 1 >= len(idx) or not issued_paper_title(title, lines[idx[c.last + 1]].key):
            return i
    return fits[0] if fits else 0


_ISSUES = re.compile(r"(?:印发|转发|颁布|发布|公布)(?P<paper>.{4,}?)(?:的(?:通知|决定|命令|令|通告|公告))?$")


def issued_paper_title(title: str | None, key: str) -> bool:
    """``key`` (a line, spaces removed) is the title of the paper the notice ``title`` issues
    (关于印发X的通知 -> X), as printed below the notice's close."""
    m = _ISSUES.search("".join((title or "").split()))
    if not m or len(key) < 6:
        return False
    paper = re.sub(r"[《》〈〉<>\"“”]", "", m.group("paper"))
    line = re.sub(r"[《》〈〉<>\"“”]", "", key)
    return line[:12] in paper or paper[:12] in line


def _move_displaced(lines: list[Line], bodies: list[list[int]], src: int, dst: int,
                    issuer: str | None, same_organ, title: str | None) -> None:
    found = find_closes(lines, bodies[src])
    if found:
        c = found[_displaced(lines, bodies[src], found, issuer, same_organ, title)]
        block = bodies[src][c.first : c.last + 1]
        del bodies[src][c.first : c.last + 1]
        bodies[dst].extend(block)


def _text_goes_on(lines: list[Line], idx: list[int], c: Close) -> bool:
    """An early close followed by more of the same document's text, not by the title of what a
    notice issues (印发…: the plan printed after the notice's own close) nor by its 附件."""
    if c.first > _EARLY or c.last + 3 >= len(idx):
        return False
    nxt = lines[idx[c.last + 1]]
    return not (_ATTACH_HEAD.match(nxt.key) or nxt.key.startswith("附件") or _names_a_paper(nxt.key))


def _names_a_paper(key: str) -> bool:
    """A title line of a plan, rule or list: no sentence in it and a 文种 or paper ending."""
    return len(key) <= 60 and "。" not in key and bool(_PAPER_END.search(key))


_PAPER_END = re.compile(
    r"(?:方案|办法|规定|细则|规则|意见|计划|规划|要点|预案|清单|名单|目录|标准|制度|条例|纲要|报告|措施)"
    r"(?:[（(][^()（）]{1,16}[)）])?$"
)


def interrupts(lines: list[Line], idx: list[int], c: Close) -> bool:
    """The close stands inside a sentence of the document around it: the line before it stops
    mid-sentence and the text goes on after it. A document's own close follows its last
    sentence; one that cuts a sentence in two was printed out of place."""
    if c.first == 0 or c.last + 1 >= len(idx):
        return False
    before, after = lines[idx[c.first - 1]].key, lines[idx[c.last + 1]].key
    if len(before) < 12 or before[-1] in _SENTENCE_END:
        return False
    return not signature_date(lines[idx[c.last + 1]].text) and len(after) >= 6


def _names(orgs: list[str], issuer: str | None, same_organ) -> bool | None:
    """Whether a close's organs name ``issuer``; None when either is unknown."""
    if not orgs or not issuer:
        return None
    return any(same_organ(o, part) for o in orgs for part in issuer.split("、"))
