"""Where documents begin: their headings (发文机关 + 标题 + 文号).

Three kinds of evidence, strongest first:
1. a line holding only a 文号, with the title just above it (or just below it);
2. a title from the TOC that has no 文号, found again in the body ("政 府 工 作 报 告");
3. a "…关于…的通知" title line followed directly by a recipients line (主送机关).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from gongbao.docnum import DocNumber, find_doc_numbers, is_doc_number_line
from gongbao.models import TocEntry
from gongbao.parse.lines import Line
from gongbao.parse.patterns import (
    RELATIVE_SECTION,
    ENUMERATION,
    doc_type_of,
    looks_like_addressee,
    looks_like_recipients,
    public_marker,
    signature_date,
    split_orgs,
)
from gongbao.parse.toc import similar, title_key, title_span
from gongbao.text.dates import DATE_RE, match_to_iso, numeric_date
from gongbao.text.normalize import close_up, strip_spaces
from gongbao.text.chars import HAN

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
    red_head: int | None = None  # "示例市人民政府文件"
    decree: str | None = None  # "山西省人民政府令第300号": a decree's number, which stands for its 文号
    decree_kind: str | None = None  # 令 | 公告: the header that publishes a rule
    decree_org: str | None = None  # the organ of that header (山西省人民政府)
    subject_line: int | None = None  # a decree's 《regulation》 line, which names the document
    head_date: str | None = None  # a signing date printed in the head, beside the 文号
    head_orgs: list[int] = field(default_factory=list)  # organ lines in the head (red heads without 文件)


_DECREE = re.compile(r"^(?P<org>\S{2,24}?(?:人民政府|政府|委员会|部|厅|局))令$")
_DECREE_NO = re.compile(r"^[（(]?第\s*(\d{1,4})\s*号[)）]?$")
_SPEECH_LINE = re.compile(r"^(?:[—\-－]{1,2}|一一(?=\s*(?:19|20)\d\d)).{0,40}(?:会议|大会|会上|讲话|报告)")
_RED_HEAD = re.compile(r"^(?P<org>.{2,40}?)文件$")
# A TOC line: a 文号 or title closed by a page number ("…10号 1", "…(运政函[2024]2 号) (15)").
_LEADER_PAGE = re.compile(r"(?:[.·…．]{2,}|…)\s*\d{1,3}\s*$")  # "…的通知……8": a 目录 entry
_TOC_LINE = re.compile(r"号\s*[)）〕\]]?\s*[.·…]*\s*[(（]?\d{1,3}(?:\s*-\s*\d{1,3})?[)）]?\s*$")


def title_like(ln: Line) -> bool:
    k = ln.key
    if not k or len(k) > 100 or "\t" in ln.text:
        return False
    if "。" in k:
        return False
    if k[-1] in "。；;：:，," or "。" in k:
        return False
    if ENUMERATION.match(k) or k.startswith(("附件", "——")):
        return False
    if k.startswith(("(", "（")) and not (len(k) <= 40 and doc_type_of(k)):  # '(2025—2027年)的通知' goes on
        return False
    if signature_date(ln.text) or is_doc_number_line(ln.text):
        return False
    if public_marker(ln.text) and doc_type_of(k) is None:  # '…依申请公开…的通知' is a title
        return False
    if _TOC_LINE.search(ln.plain) or _LEADER_PAGE.search(ln.plain):
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
    while (
        j < hi
        and len(block) < MAX_TITLE_LINES
        and title_like(lines[j])
        and not looks_like_recipients(lines[j].text)
    ):
        block.append(j)
        j += 1
    if block and _is_title_text(close_up(" ".join(lines[b].text for b in block))):
        return block
    return []


def _red_head(lines: list[Line], j: int, lo: int, bare: bool = False) -> int | None:
    """The issuer's mark (发文机关标志): 'XX文件', or (``bare``) the organ's name alone."""
    if j >= lo:
        m = _RED_HEAD.match(lines[j].key)
        if m and split_orgs(m.group("org")) and not RELATIVE_SECTION.match(lines[j].key):
            return j
        if bare and split_orgs(lines[j].text) and len(lines[j].key) <= 40:
            return j
    return None


_SIGNER = re.compile(r"\s*签\s*发\s*人\s*[:：]\s*\S{2,4}(?:\s+\S{2,4})*\s*$")
_YEAR_SEQ_ONLY = re.compile(r"^[〔\[(（【［]\s*(?:19|20)\d\d\s*[〕\])）】］]")


def docnum_at(lines: list[Line], i: int, hi: int) -> tuple[DocNumber, int] | None:
    """The 文号 on line i (a 签发人 after it is allowed), or split over lines i and i+1
    ("运盐政发" / "〔2024〕10号"). Returns (文号, index of its last line)."""
    key = lines[i].key
    if "号" not in key:
        if (
            i + 1 < hi
            and len(key) <= 12
            and "号" in lines[i + 1].key
            and _YEAR_SEQ_ONLY.match(lines[i + 1].key)
        ):
            d = is_doc_number_line(key + _SIGNER.sub("", lines[i + 1].text))
            if d is not None and d.complete:
                return d, i + 1
        return None
    text = _SIGNER.sub("", lines[i].text) if "签" in key else lines[i].text
    if len(strip_spaces(text)) > 30:
        dated = docnum_with_date(key)
        return (dated[0], i) if dated else None
    d = is_doc_number_line(text)
    if d is None and (dated := docnum_with_date(key)):
        d = dated[0]
    return (d, i) if d is not None and d.complete else None


def docnum_with_date(key: str) -> tuple[DocNumber, str | None] | None:
    """'(冀政函〔2010〕57号 2010年4月23日)', '浙政发[2009]69号 2009-11-03': a 文号 line with
    the signing date that gazettes and sites print beside it."""
    if len(key) > 50 or "号" not in key:
        return None
    inner = key[1:-1] if key[:1] in "(（" and key[-1:] in ")）" else key
    found = [d for d in find_doc_numbers(inner) if d.complete]
    if len(found) != 1 or found[0].span[0] > 0:
        return None
    d = found[0]
    rest = inner[d.span[1] :].strip(" ,，")
    if not rest:
        return d, None
    m = DATE_RE.fullmatch(rest)
    date = match_to_iso(m) if m else numeric_date(rest)
    return (d, date) if date else None


_TITLE_WITH_DOCNUM = re.compile(r"^(?P<t>.{6,}?)[（(](?P<dn>[^()（）]{4,30}号)[)）]$")


def _title_with_docnum(lines: list[Line], i: int, hi: int) -> Heading | None:
    """'运城市人民政府关于…的通知（运政发〔2024〕10号）' over a recipients line."""
    m = _TITLE_WITH_DOCNUM.match(lines[i].key)
    if not m or "关于" not in m.group("t") or doc_type_of(m.group("t")) is None:
        return None
    d = is_doc_number_line(m.group("dn"))
    if d is None or not d.complete:
        return None
    if not any(looks_like_recipients(lines[j].text) for j in range(i + 1, min(i + 3, hi))):
        return None
    return Heading(start=i, end=i, kind="docnum", docnum=d, docnum_index=i, title_lines=[i])


def find_docnum_headings(lines: list[Line], lo: int, hi: int) -> list[Heading]:
    found: list[Heading] = []
    i = lo
    while i < hi:
        hit = docnum_at(lines, i, hi)
        if hit is None:
            same = _title_with_docnum(lines, i, hi) if "号" in lines[i].key else None
            if same is not None:
                found.append(same)
            i += 1
            continue
        d, last = hit
        # A TOC prints 文号 lines back to back; a heading is followed by text, not another 文号.
        if last + 2 < hi and (
            is_doc_number_line(lines[last + 1].text) or is_doc_number_line(lines[last + 2].text)
        ):
            i = last + 1
            continue
        before = _title_block_before(lines, i, lo)
        if before:
            start = before[0]
            red = _red_head(lines, start - 1, lo)
            h = Heading(
                start=red if red is not None else start,
                end=last,
                kind="docnum",
                docnum=d,
                docnum_index=i,
                title_lines=before,
                red_head=red,
            )
        else:
            after = _title_block_after(lines, last, hi)
            if not after:
                i = last + 1
                continue
            # 版头: the issuer's mark over the 文号, then the title under it (GB/T 9704 7.2)
            red = _red_head(lines, i - 1, lo, bare=True)
            h = Heading(
                start=red if red is not None else i,
                end=after[-1],
                kind="docnum",
                docnum=d,
                docnum_index=i,
                title_lines=after,
                red_head=red,
            )
        _split_issuer(lines, h)
        found.append(h)
        i = h.end + 1
    return found


def _split_issuer(lines: list[Line], h: Heading) -> None:
    """An issuer line of its own (交城县人民政府 / 关于…) is not part of the title."""
    if (
        len(h.title_lines) > 1
        and split_orgs(lines[h.title_lines[0]].text)
        and "关于" not in lines[h.title_lines[0]].key
    ):
        h.issuer_lines = [h.title_lines[0]]
        h.title_lines = h.title_lines[1:]


def find_toc_headings(
    lines: list[Line], lo: int, hi: int, toc: list[TocEntry], taken: list[Heading]
) -> list[Heading]:
    """Headings of TOC entries without a 文号 (政府工作报告): the title again in the body."""
    wanted = [title_key(e.title) for e in toc if not e.doc_number and e.title]
    wanted = [tk for tk in wanted if len(tk) >= 4]
    if not wanted:
        return []
    busy = {j for h in taken for j in range(h.start, h.end + 1)}
    longest = max(len(tk) for tk in wanted) * 1.5 + 6
    found: list[Heading] = []
    for i in range(lo, hi):
        if i in busy or len(lines[i].key) > longest or not title_like(lines[i]):
            continue
        k = title_key(lines[i].key)
        for tk in wanted:
            span = title_span(lines, i, hi, tk, k, title_like)
            if span:
                found.append(
                    Heading(start=i, end=i + span - 1, kind="toc", title_lines=list(range(i, i + span)))
                )
                wanted.remove(tk)
                break
        if not wanted:
            break
    return found


def find_pattern_headings(lines: list[Line], lo: int, hi: int, taken: list[Heading]) -> list[Heading]:
    """Documents without a 文号: a 关于…title line directly over a recipients line, or a
    report/speech title over its "——2024年3月26日在…会议上" line."""
    near = {j for h in taken for j in range(h.start - 1, h.end + 2)}
    found = []
    for i in range(lo, hi - 1):
        if i in near:
            continue
        ln = lines[i]
        if decree := _decree_heading(lines, i, hi):
            found.append(decree)
            continue
        if not title_like(ln) or doc_type_of(ln.key) is None:
            continue
        nxt = lines[i + 1]
        # a 文号 line too damaged to read (OCR: "示政办发〔202有38号") may stand between
        skip = 1 if i + 2 < hi and _DAMAGED_DOCNUM.match(nxt.key) else 0
        if _addressee_under(lines, i + 1 + skip, hi) or _after_a_close(lines, i, lo):
            block = _title_block_before(lines, i + 1, lo)
            if block and "关于" in "".join(lines[j].key for j in block):
                h = Heading(start=block[0], end=i + skip, kind="pattern", title_lines=block)
                _split_issuer(lines, h)
                found.append(h)
                continue
        if _SPEECH_LINE.match(nxt.text) and DATE_RE.search(nxt.text) and len(ln.key) <= 30:
            issuer = []
            if i - 1 >= lo and split_orgs(lines[i - 1].text) and title_like(lines[i - 1]):
                issuer = [i - 1]
            found.append(
                Heading(
                    start=issuer[0] if issuer else i,
                    end=i,
                    kind="pattern",
                    title_lines=[i],
                    issuer_lines=issuer,
                )
            )
    return found


_DAMAGED_DOCNUM = re.compile(rf"^[{HAN}]{{1,10}}[〔\[(（【［]\s*[12]\d{{2}}\S{{0,8}}号?$")


def _after_a_close(lines: list[Line], i: int, lo: int) -> bool:
    """A 关于 title whose block starts right after another document's close (its date or
    disclosure marker) and is followed by a sentence: a document with neither 文号 nor
    主送机关 (公告, 通告, 报告), as gazettes print them one after another."""
    block = _title_block_before(lines, i + 1, lo)
    if not block or block[0] - 1 < lo or i + 1 >= len(lines) or "。" not in lines[i + 1].key:
        return False
    prev = lines[block[0] - 1].text
    return bool(signature_date(prev) or public_marker(prev))


def _addressee_under(lines: list[Line], j: int, hi: int) -> bool:
    """The 主送机关 right under a title: with its colon, or (lost) over the first sentence."""
    if j >= hi:
        return False
    if looks_like_addressee(lines[j].text):
        return True
    return j + 1 < hi and "。" in lines[j + 1].key and looks_like_addressee(lines[j].text, colon=False)


_DECREE_ONE_LINE = re.compile(
    r"^(?P<org>\S{2,24}?(?:人民政府|政府|委员会|部|厅|局|府))令\s*第\s*(?P<no>\d{1,5})\s*号$"
)


def _decree_heading(lines: list[Line], i: int, hi: int) -> Heading | None:
    """政府令: 'XX人民政府令' over '第N号', or both on one line; the rule it publishes is named
    in the next lines (《…》)."""
    key = lines[i].key
    if not key.endswith(("令", "号")):
        return None
    if (m := _DECREE.match(key)) and i + 1 < hi and (n := _DECREE_NO.match(lines[i + 1].key)):
        end, org, no = i + 1, m.group("org"), n.group(1)
    elif m := _DECREE_ONE_LINE.match(key):
        end, org, no = i, m.group("org"), m.group("no")
    else:
        return None
    title_at = next((j for j in range(end + 1, min(end + 4, hi)) if "《" in lines[j].key), None)
    return Heading(
        start=i,
        end=end,
        kind="decree",
        title_lines=[],
        decree=f"{org}令第{no}号",
        decree_kind="令",
        decree_org=org,
        subject_line=title_at,
    )


def _title_text(lines: list[Line], h: Heading) -> str:
    return "".join(lines[i].key for i in h.title_lines)


def merge_headings(groups: list[list[Heading]], lines: list[Line]) -> list[Heading]:
    """All headings in line order. Dropped: one inside another's block, and a title without
    文号 that the notice before it issues (印发/转发 …《政府工作报告》): that is the notice's
    own content, one document with it."""
    allh = sorted((h for g in groups for h in g), key=lambda h: (h.start, h.kind != "docnum"))
    out: list[Heading] = []
    for h in allh:
        if out and h.start <= out[-1].end:
            continue
        if out and _one_heading(lines, out[-1], h):
            prev = out[-1]  # a rule's title over its decree header: one heading
            prev.end, prev.decree, prev.decree_kind, prev.decree_org = (
                h.end,
                h.decree,
                h.decree_kind,
                h.decree_org,
            )
            prev.docnum, prev.docnum_index = prev.docnum or h.docnum, prev.docnum_index or h.docnum_index
            continue
        if out and h.docnum is None and h.start - out[-1].end <= 8 and _same_title(lines, out[-1], h):
            # the title printed twice (a page's heading, then the document's own): one heading
            out[-1].end, out[-1].title_lines, out[-1].issuer_lines = h.end, h.title_lines, h.issuer_lines
            continue
        if out and h.docnum is None:
            prev = _title_text(lines, out[-1])
            own = _title_text(lines, h).strip('《》<>"“”')
            if (
                re.search(r"印发|转发|颁布|发布", prev)
                and len(own) >= 4
                and own in prev.replace("《", "").replace("》", "")
            ):
                continue
        out.append(h)
    return out


def _same_title(lines: list[Line], a: Heading, b: Heading) -> bool:
    ta, tb = title_key(_title_text(lines, a)), title_key(_title_text(lines, b))
    # the same words (a line break or a space apart), not two notices on like subjects
    if len(ta) < 6 or len(tb) < 6:
        return False
    near_length = min(len(ta), len(tb)) >= 0.9 * max(len(ta), len(tb))
    return near_length and (ta in tb or tb in ta or similar(ta, tb, 0.95) >= 0.95)


def _one_heading(lines: list[Line], prev: Heading, h: Heading) -> bool:
    """A decree header a few lines under a title without a number of its own (the rule's
    title, its organ line, then XX人民政府令 第N号) belongs to that title."""
    if h.kind != "decree" or prev.docnum is not None or prev.decree or h.start - prev.end > 3:
        return False
    return all(split_orgs(lines[j].text) or title_like(lines[j]) for j in range(prev.end + 1, h.start))


_CLOSING = re.compile(r"负责解读|负责解释|见网络版|此件|公开发布|主动公开")


def _recipients_before(lines: list[Line], h: Heading, floor: int, strict: bool = True) -> int | None:
    """A recipients line above the heading that opens a document's first page: it follows
    the close of the document before (signature, date, public marker, 解读 note, table), or
    a signature date follows it before the heading. Not ``strict`` (the file is known to
    print title boxes after their page): the nearest recipients line will do."""
    for r in range(h.start - 1, max(floor, h.start - 80) - 1, -1):
        if not looks_like_recipients(lines[r].text):
            continue
        if not strict:
            return r
        prev = lines[r - 1] if r - 1 >= 0 else None
        closes = (
            prev is None
            or r - 1 < floor
            or bool(
                signature_date(prev.text)
                or public_marker(prev.text)
                or _CLOSING.search(prev.text)
                or "\t" in prev.text
            )
        )
        if closes or any(signature_date(lines[j].text) for j in range(r + 1, h.start)):
            return r
        return None
    return None


def _own_recipients(lines: list[Line], h: Heading) -> int | None:
    """The recipients line under a heading, past the organ and date lines a web page's head
    may carry between the 文号 and the 主送机关."""
    j = h.end + 1
    for _ in range(4):
        if j >= len(lines):
            return None
        t = lines[j].text
        if looks_like_recipients(t):
            return j
        sd = signature_date(t)
        if not (split_orgs(t) or (sd and len(lines[j].key) <= 24)):
            return None
        j += 1
    return None


def displaced_starts(lines: list[Line], heads: list[Heading], lo: int) -> list[int]:
    """Where each document's lines begin. Usually at its heading; but when a PDF's title box
    comes out after the body of the page it sits on, the document's first lines (recipients,
    body, signature) stand above its heading: they are taken back from the document before.

    A file is laid out one way or the other throughout, so the evidence is weighed for the
    whole file: recipients right under a heading can be the next document's, printed before
    its own displaced title box."""
    own = [_own_recipients(lines, h) for h in heads]

    def after(h: Heading) -> bool:
        return own[heads.index(h)] is not None

    def floor(k: int, gap: int) -> int:
        return heads[k - 1].end + gap if k else lo

    loose = [_recipients_before(lines, h, floor(k, 1)) for k, h in enumerate(heads)]
    # Recipients right under the previous heading (past a web head's organ and date lines)
    # may be that document's own: no evidence.
    with_before = sum(
        r is not None and (k == 0 or (r > heads[k - 1].end + 2 and r != own[k - 1]))
        for k, r in enumerate(loose)
    )
    with_after = sum(o is not None for o in own)
    file_displaced = with_before >= 2 and with_before >= 0.5 * max(with_after, 1)
    starts = [h.start for h in heads]
    for k, h in enumerate(heads):
        if file_displaced:
            r = loose[k] if loose[k] is not None else _recipients_before(lines, h, floor(k, 1), strict=False)
        else:
            if after(h):
                continue
            # The document before owns the recipients right under its own heading.
            r = _recipients_before(lines, h, floor(k, 3))
        if r is not None:
            starts[k] = r
    return starts
