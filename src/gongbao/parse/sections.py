"""Tie documents to TOC entries (page, section), and infer sections the TOC leaves out."""

from __future__ import annotations

import re

from gongbao.docnum import parse_doc_number
from gongbao.models import Document, TocEntry
from gongbao.parse.lines import Line
from gongbao.parse.patterns import RELATIVE_SECTION
from gongbao.parse.toc import section_heading, section_names, similar, title_key
from gongbao.text.normalize import fold

_LEVEL = re.compile(r"(?P<level>[省市县区州旗盟])(?:人民)?政府(?P<office>办公室|办公厅)?$")


def match_toc(docs: list[Document], toc: list[TocEntry]) -> dict[int, int]:
    """doc index -> TOC entry index: same 文号 first, then the most similar title."""
    pairs: dict[int, int] = {}
    used: set[int] = set()
    for di, d in enumerate(docs):
        if not d.doc_number:
            continue
        for ti, e in enumerate(toc):
            if ti not in used and e.doc_number == d.doc_number:
                pairs[di] = ti
                used.add(ti)
                break
    for di, d in enumerate(docs):
        if di in pairs:
            continue
        dk = title_key(d.title)
        best, best_ti = 0.0, None
        for ti, e in enumerate(toc):
            if ti in used:
                continue
            s = similar(dk, title_key(e.title))
            if s > best:
                best, best_ti = s, ti
        if best_ti is not None and best >= 0.8:
            pairs[di] = best_ti
            used.add(best_ti)
    return pairs


def _docnum_from_toc(doc: Document, entry: TocEntry) -> None:
    """The 目录 states each document's 文号: it fills one the body lost (an OCR slip made it
    unreadable) and mends one that differs from it in a single character of the organ code
    with the same year and number (函 read as 冰)."""
    if not entry.doc_number or doc.doc_number == entry.doc_number:
        return
    own, listed = parse_doc_number(doc.doc_number or ""), parse_doc_number(entry.doc_number)
    if listed is None:
        return
    if own is None and not doc.doc_number:
        doc.doc_number = entry.doc_number
        doc.lines["doc_number"] = [entry.line]
    elif (
        own is not None
        and (own.year, own.seq) == (listed.year, listed.seq)
        and _one_apart(own.issuer_code, listed.issuer_code)
    ):
        doc.doc_number = entry.doc_number


def _one_apart(a: str, b: str) -> bool:
    return len(a) == len(b) and sum(x != y for x, y in zip(a, b)) == 1


def infer_section(doc: Document, known: list[str]) -> str | None:
    """The section a gazette would file this document under, by its issuer and kind:
    a 人民政府 document under 县政府文件, its office's under 县政府办公室文件, …"""
    folded = {fold(s): s for s in known}
    issuer = (doc.issuers[0] if doc.issuers else doc.issuer) or ""
    if (doc.doc_number and re.search(r"任字|任免", doc.doc_number)) or re.search(
        r"任免|任职|免职", doc.title or ""
    ):
        for s in known:
            if "任免" in s:
                return s
    m = _LEVEL.search(issuer)
    if m:
        office = m.group("office") or ""
        candidates = [f"{m.group('level')}政府{office}文件", f"{m.group('level')}人民政府{office}文件"]
        for c in candidates:
            if fold(c) in folded:
                return folded[fold(c)]
        if known:
            return candidates[0]
        return None
    for s in known:
        if "部门" in s:
            return s
    return None


def body_sections(lines: list[Line], starts: list[int]) -> list[str | None]:
    """For an issue without a 目录: each document's section from the section heading printed
    above it in the body (【区政府文件】 over its first document)."""
    out: list[str | None] = []
    current = None
    k = 0
    for i, ln in enumerate(lines):
        name = section_heading(ln)
        if name and (
            RELATIVE_SECTION.match(name) or name in section_names() or _BRACKETED_NAME.match(ln.key)
        ):
            current = name
        while k < len(starts) and starts[k] <= i:
            out.append(current)
            k += 1
    out.extend([current] * (len(starts) - len(out)))
    return out


_BRACKETED_NAME = re.compile(r"^[【\[〔［][^】\]〕］]{2,16}[】\]〕］]$")


def assign_sections(
    docs: list[Document],
    toc: list[TocEntry],
    lines: list[Line] | None = None,
    starts: list[int] | None = None,
) -> None:
    if not toc:
        if lines is not None and starts is not None:
            for doc, name in zip(docs, body_sections(lines, starts)):
                doc.section = doc.section or name
        return
    pairs = match_toc(docs, toc)
    for di, ti in pairs.items():
        _docnum_from_toc(docs[di], toc[ti])
    for di, ti in pairs.items():
        e = toc[ti]
        docs[di].toc_page = e.page
        docs[di].section = e.section
        docs[di].lines["toc_page"] = [e.line]
    _page_ranges(docs, toc, pairs)
    known = list(dict.fromkeys(e.section for e in toc if e.section))
    for d in docs:
        if d.section is None:
            d.section = infer_section(d, known)


def _paired_pages(docs: list[Document], pairs: dict[int, int]) -> tuple[list[int | None], list[int | None]]:
    """For each document, the TOC page of the nearest matched document before it and after it
    (one pass each way: an issue of thousands of documents is not searched again for each)."""
    before: list[int | None] = []
    last = None
    for di, d in enumerate(docs):
        before.append(last)
        if di in pairs and d.toc_page:
            last = d.toc_page
    after: list[int | None] = [None] * len(docs)
    last = None
    for di in range(len(docs) - 1, -1, -1):
        after[di] = last
        if di in pairs and docs[di].toc_page:
            last = docs[di].toc_page
    return before, after


def _page_ranges(docs: list[Document], toc: list[TocEntry], pairs: dict[int, int]) -> None:
    """A TOC entry that stands for several documents ("任免人员名单 (17-18)") covers the
    unmatched documents printed between the matched ones around its pages."""
    used = set(pairs.values())
    spans = [(ti, e) for ti, e in enumerate(toc) if ti not in used and e.page is not None]
    if not spans:
        return
    before, after = _paired_pages(docs, pairs)
    for di, d in enumerate(docs):
        if di in pairs:
            continue
        prev_page, next_page = before[di], after[di]
        for ti, e in spans:
            last = e.page_end or e.page
            if (prev_page is None or prev_page <= e.page) and (next_page is None or last <= next_page):
                d.toc_page = e.page
                d.section = e.section
                d.lines["toc_page"] = [e.line]
                break
