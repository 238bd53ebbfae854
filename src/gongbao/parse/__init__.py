"""Gazette parsing: text -> Gazette (masthead, TOC, documents with metadata).

    from gongbao.parse import parse_gazette
    gazette = parse_gazette(text, source="盐湖区公报2024年第4期.txt")

Pure: no I/O. Works on a whole issue or on a single document.
"""

from __future__ import annotations

import re

from gongbao.models import Document, Gazette, IssueInfo, TocEntry
from gongbao.parse.headings import (
    Heading,
    displaced_starts,
    find_docnum_headings,
    find_pattern_headings,
    find_toc_headings,
    merge_headings,
    title_like,
)
from gongbao.parse.head import HEAD_SCAN, find_head
from gongbao.parse.lines import Line, prepare_lines, reader_lines
from gongbao.parse.masthead import parse_masthead
from gongbao.parse.closing import lend_attachment_lists, lend_closes
from gongbao.parse.consistency import mend_issue
from gongbao.parse.metadata import body_fields, body_indices, fuller_name, heading_fields
from gongbao.parse.sections import assign_sections
from gongbao.parse.toc import parse_toc
from gongbao.text.decode import split_lines
from gongbao.text.script import ScriptFold, fold_script, strip_pinyin_glosses

__all__ = ["parse_gazette"]

_SPEECH_DATELINE = re.compile(r"^(?:[—\-－]{1,2}|一一).{0,6}(?:19|20)\d\d年")
_TOC_HEAD = re.compile(r"^[【\[]?(?:目录|目次)[】\]]?$")
_SPEAKER = re.compile(
    r"^(?P<org>\S+?(?:人民政府|政府|委员会|局|厅))(?:市长|县长|区长|省长|州长|旗长|主任|局长|厅长|副\S{1,3})\s*\S{2,4}$"
)


def parse_gazette(text: str, source: str = "<text>", pages: list[int] | None = None) -> Gazette:
    raw = split_lines(text)
    # Rules match the simplified script; what is reported keeps the characters as printed.
    unglossed = strip_pinyin_glosses("\n".join(raw)).split("\n") if "(" in text or "（" in text else raw
    script = fold_script("\n".join(unglossed))
    lines = prepare_lines(script.text.split("\n") if script.changed else unglossed, {})
    heads, toc, toc_start, body_lo = _headings(lines)
    issue = _issue(lines, heads, toc, toc_start, body_lo)
    back = _back_matter(lines, heads[-1].end + 1 if heads else len(lines), issue)
    spans = displaced_starts(lines, heads, body_lo)
    ends = [
        spans[k + 1] if k + 1 < len(heads) else (back if back is not None else len(lines))
        for k in range(len(heads))
    ]
    docs = _documents(lines, heads, spans, ends, len(raw), issue)
    assign_sections(docs, toc, lines, [min(h.start, s) for h, s in zip(heads, spans)])
    mend_issue(docs, "\n".join(ln.text for ln in lines))
    if script.changed:
        for doc in docs:  # each document restored to its own script (an issue may mix them)
            _restore_script(doc, fold_script("\n".join(unglossed[doc.span_start - 1 : doc.end_line])))
        lines = prepare_lines(unglossed)  # the reader's text in the script it was printed in
    # pinyin glosses are damage a mirror put in, like a BOM: the stored text is without them
    return Gazette(
        source=source,
        issue=issue,
        documents=docs,
        lines=unglossed,
        pages=pages,
        warnings=_toc_warnings(toc, docs),
        clean_lines=reader_lines(len(raw), lines),
    )


def _headings(lines: list[Line]) -> tuple[list[Heading], list[TocEntry], int | None, int]:
    """Where the documents begin, the 目录 and where the body starts after it."""
    n = len(lines)
    heads = find_docnum_headings(lines, 0, n)
    first_head = heads[0].start if heads else n
    toc_start = next((i for i in range(min(first_head, n)) if _TOC_HEAD.match(lines[i].key)), None)
    toc, body_lo = [], 0
    if toc_start is not None:
        toc, body_lo = parse_toc(lines, toc_start + 1, first_head)
        heads = [h for h in heads if h.start >= body_lo]
    heads = merge_headings([heads, find_toc_headings(lines, body_lo, n, toc, heads)], lines)
    heads = merge_headings([heads, find_pattern_headings(lines, body_lo, n, heads)], lines)
    if not toc and len(heads) <= 1 and n:
        # One document on its own (a web page, a single file): its head is read by shape.
        head = find_head(lines, 0, n) if not heads or heads[0].start < HEAD_SCAN else None
        if head is not None:
            heads = [head]
    if not heads and n:
        heads = [_whole_file_heading(lines)]
    return heads, toc, toc_start, body_lo


def _issue(
    lines: list[Line], heads: list[Heading], toc: list[TocEntry], toc_start: int | None, body_lo: int
) -> IssueInfo:
    front_end = heads[0].start if heads and heads[0].kind != "whole" else (body_lo or len(lines))
    issue = parse_masthead(lines[:front_end]) if toc or front_end > 0 else IssueInfo()
    if toc_start is not None or issue.title:
        issue.toc = toc
        if toc:
            issue.lines["toc"] = [toc[0].line, toc[-1].line]
    return issue


def _documents(
    lines: list[Line],
    heads: list[Heading],
    spans: list[int],
    ends: list[int],
    last_line: int,
    issue: IssueInfo,
) -> list[Document]:
    """Each heading's document: heading fields, its closing block settled among neighbours,
    then its body fields."""
    docs: list[Document] = []
    bodies: list[list[int]] = []
    for k, h in enumerate(heads):
        end_line = lines[ends[k]].no - 1 if ends[k] < len(lines) else last_line
        doc = Document(
            title=None, start_line=lines[h.start].no, end_line=end_line, span_start=lines[spans[k]].no
        )
        heads[k] = h = _read_head(lines, h, ends[k])
        heading_fields(lines, h, doc)
        docs.append(doc)
        bodies.append(body_indices(h, ends[k], spans[k]))
    dated = [
        h.head_date is not None or h.kind == "pattern" and h.decree is None and _speech(lines, h)
        for h in heads
    ]
    took_close = lend_closes(
        bodies,
        [d.issuer for d in docs],
        dated,
        lines,
        lambda a, b: fuller_name(a, b) is not None,
        [d.title for d in docs],
    )
    lend_attachment_lists(bodies, lines, took_close)
    for k, (h, doc) in enumerate(zip(heads, docs)):
        body_fields(lines, h, bodies[k], doc)
        if not doc.issuer:
            _issuer_fallback(lines, h, ends[k], doc, issue)
    return docs


def _toc_warnings(toc: list[TocEntry], docs: list[Document]) -> list[str]:
    matched = {d.doc_number for d in docs if d.doc_number}
    return [
        f"TOC entry on line {e.line} ({e.doc_number} {e.title[:30]}) has no document in the text"
        for e in toc
        if e.doc_number
        and e.doc_number not in matched
        and not any(d.toc_page == e.page and d.section == e.section for d in docs if e.page)
    ]


def _restore_script(doc: Document, script: ScriptFold) -> None:
    """Names, titles and 文号 as printed (the store keys a 文号 by its simplified form:
    gongbao.docnum.normalize_doc_number)."""
    doc.title = script.restore(doc.title)
    doc.doc_number = script.restore(doc.doc_number)
    doc.cites = [script.restore(c) or c for c in doc.cites]
    doc.issuer = script.restore(doc.issuer)
    doc.issuers = [script.restore(x) or x for x in doc.issuers]
    doc.recipients = [script.restore(x) or x for x in doc.recipients]
    doc.attachments = [script.restore(x) or x for x in doc.attachments]
    doc.public_marker = script.restore(doc.public_marker)


def _speech(lines: list[Line], h: Heading) -> bool:
    """A speech or report dates itself under its title ("——2024年3月26日在…会议上")."""
    nxt = h.end + 1
    return nxt < len(lines) and bool(_SPEECH_DATELINE.match(lines[nxt].key))


def _read_head(lines: list[Line], h: Heading, end: int) -> Heading:
    """The segmenter knows where a document starts; its head is read by shape from there
    (the title among repeated or page-heading lines, red head, 文号 with its date, decree
    header), keeping what the segmenter found that the shape reading did not."""
    if h.kind in ("head", "whole"):
        return h
    r = find_head(lines, h.start, end)
    if r is None or not (r.title_lines or r.decree):
        return h
    if r.docnum is None and h.docnum is not None and (h.docnum_index or 0) <= max(r.end, h.end):
        r.docnum, r.docnum_index = h.docnum, h.docnum_index
    if not r.decree and h.decree:
        r.decree, r.decree_kind, r.decree_org, r.subject_line = (
            h.decree,
            h.decree_kind,
            h.decree_org,
            h.subject_line,
        )
    r.start = h.start
    r.end = max(r.end, h.end) if h.kind == "docnum" else r.end
    r.kind = h.kind
    return r


def _whole_file_heading(lines: list[Line]) -> Heading:
    """No heading found: the file is one document titled by its first title-like line."""
    first = next((i for i in range(min(10, len(lines))) if title_like(lines[i])), 0)
    return Heading(start=0, end=first, kind="whole", title_lines=[first])


def _back_matter(lines: list[Line], lo: int, issue: IssueInfo) -> int | None:
    """The gazette's closing pages (《…公报》简介, 征订启事) are not part of the last document."""
    if not issue.title:
        return None
    for i in range(lo, len(lines)):
        k = lines[i].key
        if issue.title in k and len(k) <= len(issue.title) + 12 and not k.startswith("关于"):
            return i
    return None


def _issuer_fallback(lines: list[Line], h: Heading, end: int, doc: Document, issue: IssueInfo) -> None:
    """A report has no signature: its speaker line names the organ ('运城市人民政府市长 储祥好');
    failing that, the government that publishes the gazette."""
    for j in range(h.start, min(h.end + 4, end)):
        m = _SPEAKER.match(lines[j].text.replace(" ", "")) or _SPEAKER.match(lines[j].text)
        if m:
            doc.issuer = m.group("org")
            doc.issuers = [doc.issuer]
            doc.lines["issuer"] = [lines[j].no]
            return
    # A government's own report in its gazette (政府工作报告) is the government's; any other
    # unsigned document of unknown issuer is left without one rather than guessed.
    if issue.title and issue.title.endswith("政府公报") and (doc.doc_type == "报告" or _speech(lines, h)):
        doc.issuer = issue.title[: -len("公报")]
        doc.issuers = [doc.issuer]
