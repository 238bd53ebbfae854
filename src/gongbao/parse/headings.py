"""Where documents begin: their headings (发文机关 + 标题 + 文号).

Three kinds of evidence, strongest first:
1. a line holding only a 文号, with the title just above it (or just below it);
2. a title from the TOC that has no 文号, found again in the body ("政 府 工 作 报 告");
3. a "…关于…的通知" title line followed directly by a recipients line (主送机关).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from gongbao.docnum import DocNumber, is_doc_number_line
from gongbao.models import TocEntry
from gongbao.parse.lines import Line
from gongbao.parse.patterns import (
    ENUMERATION,
    doc_type_of,
    looks_like_recipients,
    public_marker,
    signature_date,
    split_orgs,
)
from gongbao.parse.toc import similar, title_key
from gongbao.text.normalize import close_up

MAX_TITLE_LINES = 4


@dataclass
class Heading:
    start: int  # index (into the parser's line list) of the first heading line
    end: int  # index of the last heading line
    kind: str  # docnum | toc | pattern
    docnum: DocNumber | None = None
    docnum_index: int | None = None
    title_lines: list[int] = field(default_factory=list)
    issuer_lines: list[int] = field(default_factory=list)
    red_head: int | None = None  # "运城市人民政府文件"


_RED_HEAD = re.compile(r"^(?P<org>.{2,40}?)文件$")
# A TOC line: a 文号 or title closed by a page number ("…10号 1", "…(运政函[2024]2 号) (15)").
_TOC_LINE = re.compile(r"号\s*[)）〕\]]?\s*[.·…]*\s*[(（]?\d{1,3}(?:\s*-\s*\d{1,3})?[)）]?\s*$")


def title_like(ln: Line) -> bool:
    k = ln.key
    if not k or len(k) > 100 or "\t" in ln.text:
        return False
    if k[-1] in "。；;：:，," or "。" in k:
        return False
    if ENUMERATION.match(k) or k.startswith(("附件", "——", "(", "（")):
        return False
    if signature_date(ln.text) or public_marker(ln.text) or is_doc_number_line(ln.text):
        return False
    if _TOC_LINE.search(ln.plain):
        return False
    return True


def _is_title_text(s: str) -> bool:
    return "关于" in s or doc_type_of(s) is not None


def _title_block_before(lines: list[Line], i: int, lo: int) -> list[int]:
    """Indices of the title (and issuer) lines that end just above line i."""
    block: list[int] = []
    j = i - 1
    while j >= lo and len(block) < MAX_TITLE_LINES and title_like(lines[j]):
        block.insert(0, j)
        j -= 1
    if not block:
        return []
    # The title begins at its first line holding 关于; an issuer line alone may precede it.
    first = next((b for b in block if "关于" in lines[b].key), None)
    if first is None:
        # No 关于 (政府工作报告, …令): the last line, when it names a kind of document.
        last = block[-1]
        if doc_type_of(lines[last].key) is None:
            return []
        first = last
    k = block.index(first)
    if k > 0 and split_orgs(lines[block[k - 1]].text):
        k -= 1
    return block[k:]


def _title_block_after(lines: list[Line], i: int, hi: int) -> list[int]:
    block: list[int] = []
    j = i + 1
    while j < hi and len(block) < MAX_TITLE_LINES and title_like(lines[j]) and not looks_like_recipients(lines[j].text):
        block.append(j)
        j += 1
    if block and _is_title_text(close_up(" ".join(lines[b].text for b in block))):
        return block
    return []


def _red_head(lines: list[Line], j: int, lo: int) -> int | None:
    if j >= lo:
        m = _RED_HEAD.match(lines[j].key)
        if m and split_orgs(m.group("org")):
            return j
    return None


def find_docnum_headings(lines: list[Line], lo: int, hi: int) -> list[Heading]:
    found: list[Heading] = []
    for i in range(lo, hi):
        ln = lines[i]
        if len(ln.key) > 30:
            continue
        d = is_doc_number_line(ln.text)
        if d is None or not d.complete:
            continue
        # A TOC prints 文号 lines back to back; a heading is followed by text, not another 文号.
        if i + 2 < hi and (is_doc_number_line(lines[i + 1].text) or is_doc_number_line(lines[i + 2].text)):
            continue
        before = _title_block_before(lines, i, lo)
        if before:
            start = before[0]
            red = _red_head(lines, start - 1, lo)
            h = Heading(start=red if red is not None else start, end=i, kind="docnum", docnum=d,
                        docnum_index=i, title_lines=before, red_head=red)
        else:
            after = _title_block_after(lines, i, hi)
            if not after:
                continue
            red = _red_head(lines, i - 1, lo)
            h = Heading(start=red if red is not None else i, end=after[-1], kind="docnum", docnum=d,
                        docnum_index=i, title_lines=after, red_head=red)
        _split_issuer(lines, h)
        found.append(h)
    return found


def _split_issuer(lines: list[Line], h: Heading) -> None:
    """An issuer line of its own (交城县人民政府 / 关于…) is not part of the title."""
    if len(h.title_lines) > 1 and split_orgs(lines[h.title_lines[0]].text) and "关于" not in lines[h.title_lines[0]].key:
        h.issuer_lines = [h.title_lines[0]]
        h.title_lines = h.title_lines[1:]


def find_toc_headings(lines: list[Line], lo: int, hi: int, toc: list[TocEntry],
                      taken: list[Heading]) -> list[Heading]:
    """Headings of TOC entries without a 文号 (政府工作报告): the title again in the body."""
    found: list[Heading] = []
    busy = {j for h in taken for j in range(h.start, h.end + 1)}
    for entry in toc:
        if entry.doc_number or not entry.title:
            continue
        tk = title_key(entry.title)
        if len(tk) < 4:
            continue
        for i in range(lo, hi):
            if i in busy:
                continue
            k = title_key(lines[i].key)
            if not title_like(lines[i]) or len(k) > len(tk) * 1.5 + 6:
                continue
            if k == tk or (len(tk) >= 6 and similar(k, tk) >= 0.9):
                h = Heading(start=i, end=i, kind="toc", title_lines=[i])
                found.append(h)
                busy.add(i)
                break
    return found


def find_pattern_headings(lines: list[Line], lo: int, hi: int, taken: list[Heading]) -> list[Heading]:
    """Documents without a 文号: a 关于…title line directly over a recipients line."""
    near = {j for h in taken for j in range(h.start - 3, h.end + 4)}
    found = []
    for i in range(lo, hi - 1):
        if i in near:
            continue
        ln = lines[i]
        if "关于" not in ln.key or not title_like(ln) or doc_type_of(ln.key) is None:
            continue
        if not looks_like_recipients(lines[i + 1].text):
            continue
        issuer = []
        if i - 1 >= lo and split_orgs(lines[i - 1].text) and title_like(lines[i - 1]):
            issuer = [i - 1]
        found.append(Heading(start=issuer[0] if issuer else i, end=i, kind="pattern",
                             title_lines=[i], issuer_lines=issuer))
    return found


def merge_headings(groups: list[list[Heading]]) -> list[Heading]:
    """All headings in line order; one inside another's block is dropped."""
    allh = sorted((h for g in groups for h in g), key=lambda h: (h.start, h.kind != "docnum"))
    out: list[Heading] = []
    for h in allh:
        if out and h.start <= out[-1].end:
            continue
        out.append(h)
    return out
