"""A document's close – attachment list, signature, date, disclosure marker – and whose it is.

GB/T 9704 ends a document with its 附件说明, the 发文机关署名, the 成文日期 and, in gazettes, the
disclosure marker (此件公开发布). When a PDF's text comes out of reading order, that block can
land inside the next document: a layout program writes the top of document k+1 before the last
lines of document k, or a signature block floats below the next page break. The block still
closes the document it belonged to. Closes are printed late, never early, so from a document
without one the closes that follow go back in order, the n-th to the n-th document, until as
many closes as documents have been seen (``lend_closes``); an issuing notice's own close (above
the paper it issues) and a forwarded document's signature stay where they are. The 附件说明
follows its close, or goes back on its own when it stands among the next document's first lines
(``lend_attachment_lists``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from gongbao.parse.lines import Line
from gongbao.parse.metadata import attachment_list_end
from gongbao.parse.patterns import (
    ATTACH_HEAD,
    ATTACH_SECTION,
    ATTACHMENT_NAME_END,
    public_marker,
    signature_date,
    split_orgs,
)
from gongbao.text.chars import ITEM_MARK, SECTION_MARK, SUBITEM_MARK, SUBSECTION_MARK
from gongbao.text.dates import cn_number

# GB/T 9704 7.3.4 numbers the items of a 附件说明 in Arabic numerals: '附件：1. …', '2. …'
_NUMBERED_ITEM = re.compile(r"^(\d+)\s*[.、．]")
_ATTACH_REACH = 8  # lines an attachment list runs above its signature
_MARKER_REACH = 2  # lines the disclosure marker stands below the date
_EARLY = 20  # body lines within which a displaced close stands in the next document
_SENTENCE_END = "。！？；：」”’）)》〕】.;:!?"


@dataclass
class Close:
    """Positions (into a document's list of line indices) of one closing block."""

    first: int  # the 附件说明 above the signature, when there is one
    date: int
    last: int
    orgs: list[str]
    signature: int = -1  # where the signature itself starts

    def block(self, lines: list[Line], idx: list[int]) -> list[int]:
        """The lines that go with the close when it moves to another document. The 附件说明
        above it stays when the document it stands in has attachments of its own after it
        ('附件1' labels) and no other list: a signature box floated to below that list."""
        start = self.first
        if self.signature > self.first:
            rest = [lines[i].key for i in idx[self.last + 1 :]]
            other = [lines[i].key for i in idx[: self.first]]
            if any(ATTACH_SECTION.match(k) for k in rest) and not any(ATTACH_HEAD.match(k) for k in other):
                start = self.signature
        return idx[start : self.last + 1]


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
        signature = first
        first = _attachment_top(lines, idx, first, out[-1].last if out else -1)
        last = p
        reach = 0 if public_marker(lines[idx[p]].text) else _MARKER_REACH  # the marker on the date line
        for q in range(p + 1, min(len(idx), p + 1 + reach)):
            if signature_date(lines[idx[q]].text):
                break  # the next close: the marker below it is its own
            if public_marker(lines[idx[q]].text):
                last = q
                break
        out.append(Close(first, p, last, orgs, signature))
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
        if ATTACH_HEAD.match(key):
            return q
        if "。" in key or len(key) > 80:
            break
        if m := _NUMBERED_ITEM.match(key):
            if m.group(1) == "1":  # the whole list is here: its head is right above, or none
                return q - 1 if q - 1 > floor and ATTACH_HEAD.match(lines[idx[q - 1]].key) else first
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
) -> set[int]:
    """Move closes printed among later documents' lines back to the documents they close (see
    the module docstring). ``bodies`` are the documents' line indices, changed in place;
    ``dated`` says which documents already have their date from elsewhere (a speech's
    dateline, a date beside the 文号); ``same_organ(a, b)`` compares two organ names;
    ``titles`` tell an issuing notice's own close (above the paper it issues). Returns the
    documents that took a close back."""
    ctx = _Context(lines, bodies, issuers, dated, same_organ, titles or [None] * len(bodies))
    closes = [find_closes(lines, b) if b else [] for b in bodies]
    took: set[int] = set()
    k = 0
    while k < len(bodies) - 1:
        if dated[k] or closes[k]:
            k += 1
            continue
        if moves := _late_run(ctx, closes, k):
            blocks = [(src, dst, c.block(lines, bodies[src])) for src, dst, c in moves]
            for src, dst, block in blocks:  # positions are read before any block moves
                took.add(dst)
                bodies[dst].extend(block)
                taken = set(block)
                bodies[src][:] = [i for i in bodies[src] if i not in taken]
            last = max(src for src, _, _ in moves)
            for i in range(k, last + 1):
                closes[i] = find_closes(lines, bodies[i])
            k = last
            continue
        if (c := _lent_alone(ctx, closes[k + 1], k)) is not None:
            block = c.block(lines, bodies[k + 1])
            taken = set(block)
            bodies[k + 1][:] = [i for i in bodies[k + 1] if i not in taken]
            bodies[k].extend(block)
            took.add(k)
            closes[k], closes[k + 1] = find_closes(lines, bodies[k]), find_closes(lines, bodies[k + 1])
        k += 1
    return took


@dataclass
class _Context:
    lines: list[Line]
    bodies: list[list[int]]
    issuers: list[str | None]
    dated: list[bool]
    same_organ: Callable[[str, str], bool]
    titles: list[str | None]

    def names(self, c: Close, doc: int) -> bool | None:
        return _names(c.orgs, self.issuers[doc], self.same_organ)

    def signs(self, c: Close, doc: int) -> bool:
        """The close is signed by exactly the document's issuers, each once."""
        parts = (self.issuers[doc] or "").split("、")
        return (
            len(c.orgs) == len(parts) > 0
            and all(any(self.same_organ(o, p) for p in parts) for o in c.orgs)
            and all(any(self.same_organ(o, p) for o in c.orgs) for p in parts)
        )

    def issues_below(self, c: Close, doc: int) -> bool:
        """The close of a notice that issues a paper (印发/转发…): the paper's title is the
        next line."""
        idx = self.bodies[doc]
        return c.last + 1 < len(idx) and issued_paper_title(self.titles[doc], self.lines[idx[c.last + 1]].key)


_RUN_MAX = 12  # documents a run of late closes may span


def _late_run(ctx: _Context, closes: list[list[Close]], k: int) -> list[tuple[int, int, Close]] | None:
    """Document k has no close; the documents after it hold, in reading order, closes that run
    late (each printed in a later document than its own: a block floated past a page break,
    again and again, or the top of each next document printed before the tail of the one
    before). Walking on from k until the closes seen are as many as the documents, the n-th
    close found goes to the n-th document. Returns the moves (from, to, close), or None when
    the closes do not catch up within a few documents or one would move to a document whose
    issuer it does not name."""
    docs = [k]
    queue: list[tuple[int, Close]] = []
    for j in range(k + 1, min(len(closes), k + _RUN_MAX)):
        if ctx.dated[j]:
            return None
        docs.append(j)
        queue += [(j, c) for c in _lendable(ctx, closes[j], j, docs, docs[min(len(queue), len(docs) - 1)])]
        if len(queue) >= len(docs):
            break
    else:
        return None
    if len(queue) < len(docs):
        return None
    moves = [(src, dst, c) for dst, (src, c) in zip(docs, queue) if src != dst]
    if any(ctx.names(c, dst) is False for _, dst, c in moves):
        return None
    return moves


def _lendable(ctx: _Context, found: list[Close], j: int, docs: list[int], target: int) -> list[Close]:
    """Document j's closes in the order they can be lent back to ``target``: a close that names
    none of the run's issuers (a forwarded document's own signature) is not lent; an issuing
    notice's own close comes last, so a displaced one printed after it goes back first; a close
    signed by exactly the target's organs (a joint document's) and not by j's goes first."""
    mine = [c for c in found if any(ctx.names(c, d) is not False for d in docs)]

    def order(c: Close) -> tuple[bool, bool]:
        return ctx.issues_below(c, j), not (ctx.signs(c, target) and not ctx.signs(c, j))

    return sorted(mine, key=order)


def _lent_alone(ctx: _Context, nxt: list[Close], k: int) -> Close | None:
    """The close among document k+1's that document k takes when no run settles it: one that
    names k's issuer and not k+1's, or one printed where a document's own close cannot stand
    (cutting a sentence, or followed by more of the text)."""
    if not nxt:
        return None
    c = (_lendable(ctx, nxt, k + 1, [k, k + 1], k) or nxt)[0]
    mine, theirs = ctx.names(c, k), ctx.names(c, k + 1)
    body = ctx.bodies[k + 1]
    if (mine and not theirs) or (
        mine is not False and (interrupts(ctx.lines, body, c) or _text_goes_on(ctx.lines, body, c))
    ):
        return c
    return None


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


def _text_goes_on(lines: list[Line], idx: list[int], c: Close) -> bool:
    """An early close followed by more of the same document's text, not by the title of what a
    notice issues (印发…: the plan printed after the notice's own close) nor by its 附件."""
    if c.first > _EARLY or c.last + 3 >= len(idx):
        return False
    nxt = lines[idx[c.last + 1]]
    return not (ATTACH_HEAD.match(nxt.key) or nxt.key.startswith("附件") or _names_a_paper(nxt.key))


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


def lend_attachment_lists(bodies: list[list[int]], lines: list[Line], took_close: set[int]) -> None:
    """The 附件说明 stands at the end of a document's text (GB/T 9704 7.3.4). Printed out of
    reading order it lands among the next document's first lines, whole (document k has no
    list) or its remainder (k's list breaks off at its last line; the next items, numbered on
    from k's last, follow in k+1). Either goes back to k. A document that took its close back
    (``took_close``) took the list above it along, and a list it does not have is not in the
    next document either. ``bodies`` change in place."""
    for k in range(len(bodies) - 1):
        mine, nxt = bodies[k], bodies[k + 1]
        if not mine or not nxt:
            continue
        heads = [p for p, i in enumerate(mine) if ATTACH_HEAD.match(lines[i].key)]
        if not heads:
            run = None if k in took_close else (_whole_list(lines, nxt) or _tail_with_list(lines, mine, nxt))
        elif _list_end(lines, mine, heads[-1]) == len(mine) - 1:
            run = _list_remainder(lines, mine, heads[-1], nxt)
        else:
            run = None
        if run:
            first, last = run
            mine.extend(nxt[first : last + 1])
            del nxt[first : last + 1]


def _list_end(lines: list[Line], idx: list[int], head: int) -> int:
    """The last position of the attachment list that the line at ``head`` opens."""
    return attachment_list_end([lines[i] for i in idx], head, len(idx))


def _whole_list(lines: list[Line], idx: list[int]) -> tuple[int, int] | None:
    """A whole 附件说明 among a document's first lines with more of its text after it (its own
    stands at the end of its text: above the signature, or below it and the disclosure marker,
    before the attachments themselves)."""
    for p in range(min(len(idx), _EARLY)):
        if signature_date(lines[idx[p]].text):
            return None  # the document's close comes first: a list below it is its own
        if ATTACH_HEAD.match(lines[idx[p]].key):
            after = _list_end(lines, idx, p) + 1
            if after < len(idx) - 2 and not (
                _close_starts(lines, idx, after) or _attachments_follow(lines, idx, p, after)
            ):
                return p, after - 1
            return None
    return None


def _attachments_follow(lines: list[Line], idx: list[int], head: int, after: int) -> bool:
    """The attachments the list names follow it: an '附件' label or an item's title within
    the next lines (the document's own close printed elsewhere)."""
    names = [re.sub(r"^\d+\s*[.、．]", "", _list_text(lines[idx[q]].key))[:8] for q in range(head, after)]
    for i in idx[after : after + 3]:
        key = lines[i].key
        if ATTACH_SECTION.match(key) or any(len(n) >= 4 and n in key for n in names):
            return True
    return False


def _list_text(key: str) -> str:
    """A line of a 附件说明 without its '附件：' head."""
    m = ATTACH_HEAD.match(key)
    return m.group("rest") if m else key


def _close_starts(lines: list[Line], idx: list[int], p: int) -> bool:
    """A signature block starts at position ``p``: organ lines down to a date line."""
    q = p
    while q < len(idx) and q - p < 12 and not signature_date(lines[idx[q]].text):
        if not split_orgs(lines[idx[q]].text):
            return False
        q += 1
    return q < len(idx) and q - p < 12


def _list_remainder(lines: list[Line], mine: list[int], head: int, nxt: list[int]) -> tuple[int, int] | None:
    """The rest of the list that ends ``mine`` (opened at position ``head``), printed among
    ``nxt``'s first lines: the items numbered on from the list's last item, and the line
    finishing that item when it broke off."""
    keys = [_list_text(lines[mine[head]].key), *(lines[i].key for i in mine[head + 1 :])]
    numbers = [int(m.group(1)) for key in keys if (m := _NUMBERED_ITEM.match(key))]
    last_no = numbers[-1] if numbers else 1  # '附件：' with one unnumbered or a first item
    for p in range(min(len(nxt), _EARLY)):
        m = _NUMBERED_ITEM.match(lines[nxt[p]].key)
        if not m:
            continue
        if int(m.group(1)) != last_no + 1:
            return None  # the document's own numbered text comes first
        end = p
        while end + 1 < len(nxt) and (m2 := _NUMBERED_ITEM.match(lines[nxt[end + 1]].key)):
            if int(m2.group(1)) != int(_NUMBERED_ITEM.match(lines[nxt[end]].key).group(1)) + 1:
                break
            end += 1
        if any("。" in lines[nxt[q]].key for q in range(p, end + 1)):
            return None
        start = p
        before = lines[nxt[p - 1]].key if p else ""
        broke_off = not ATTACHMENT_NAME_END.search(lines[mine[-1]].key)
        if before and "。" not in before and len(before) <= 40 and broke_off:
            start = p - 1  # the line that finishes the item broken off at mine's end
        return start, end
    return None


# The enumeration styles of a document's points (text.chars), each numbered on by itself.
_MARKERS = tuple(
    (style, re.compile(f"^(?:{mark})"))
    for style, mark in (
        ("section", SECTION_MARK),
        ("subsection", SUBSECTION_MARK),
        ("item", ITEM_MARK),
        ("subitem", SUBITEM_MARK),
    )
)
_NUMERAL = re.compile(r"\d+|[一二三四五六七八九十]+")


def _marker(key: str) -> tuple[str, int] | None:
    """The enumeration style a line opens with and the number it carries: '（三）…' -> ('subsection', 3)."""
    key = key.lstrip("-*•>")
    for style, pattern in _MARKERS:
        if (m := pattern.match(key)) and (n := cn_number(_NUMERAL.search(m.group()).group())) is not None:
            return style, n
    return None


def _tail_with_list(lines: list[Line], mine: list[int], nxt: list[int]) -> tuple[int, int] | None:
    """The last lines of document k – the rest of its numbered points and its 附件说明 – printed
    among k+1's first lines (the top of k+1 came out before the tail of k): a point numbered on
    from k's last point ('（三）' after k's '（二）') that k+1 has not begun a series of its own
    with, followed within a few lines by a '附件：' list. The run up to the list's end goes back."""
    last = next((mk for i in reversed(mine) if (mk := _marker(lines[i].key))), None)
    if last is None:
        return None
    style, number = last
    for p in range(min(len(nxt), _EARLY)):
        mk = _marker(lines[nxt[p]].key)
        if mk is None or mk[0] != style:
            continue
        if mk[1] != number + 1:
            return None  # k+1's own series
        for q in range(p + 1, min(len(nxt), p + 12)):
            if ATTACH_HEAD.match(lines[nxt[q]].key):
                return p, _list_end(lines, nxt, q)
            if signature_date(lines[nxt[q]].text):
                return None
        return None
    return None
