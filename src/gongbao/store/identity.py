"""Stable ids of issues and documents: 12 hex digits of sha256 over a canonical key.

An issue is its masthead (title, year, number, total number); a file without one (a single
document) is its file name. A document is its issue and its normalized 文号, or its title,
issuer and date when it has none. Names and numbers enter the keys in their canonical form
(gongbao.text.canonical, frozen), so re-ingesting an issue, from another path or after a parser
upgrade that keeps the metadata, keeps its ids; they are computed here once, when a file is
stored, and stored with it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from gongbao.docnum import normalize_doc_number
from gongbao.models import Document, Gazette, IssueInfo
from gongbao.parse.patterns import split_orgs
from gongbao.text.canonical import canonical
from gongbao.text.searchform import norm


def short_id(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]


def issue_key(issue: IssueInfo, source_name: str) -> str:
    if issue.title:
        return f"issue|{canonical(issue.title)}|{issue.year}|{issue.number}|{issue.total_number}"
    return f"file|{source_name}"


def document_key(doc: Document, issue: str) -> str:
    """The key of a document of the issue whose key is ``issue``."""
    num = normalize_doc_number(doc.doc_number) if doc.doc_number else None
    if num:
        return f"{issue}|no|{canonical(num)}"
    return f"{issue}|t|{canonical(doc.title)}|{canonical(doc.issuer)}|{doc.date}"


def cited_title_key(title: str | None) -> str | None:
    """The search form of a title cited without its 文号 (documents.search_title holds the same
    form), when the title can name one document: it opens with its issuer, as a 公文 title does
    (GB/T 9704 7.2.3: 发文机关 + 关于 + 事由 + 文种, 示例县人民政府关于做好春耕工作的通知). A title
    without its issuer (《关于做好春耕工作的通知》, 《政府工作报告》) may be any of many: None."""
    t = "".join((title or "").split()).strip("《》〈〉<>")
    at = t.find("关于")
    if at < 2 or not split_orgs(t[:at]):
        return None
    return norm(t)


def masthead_key(issue: IssueInfo) -> tuple[str, int, int | None, int | None] | None:
    """The masthead as the identity of an issue when it names one: title, year and the issue's
    number (第N期) or total number (总第N期). A title alone could be any issue of the gazette."""
    if issue.title and issue.year and (issue.number or issue.total_number):
        return canonical(issue.title), issue.year, issue.number, issue.total_number
    return None


@dataclass(frozen=True)
class Ids:
    """The ids of one parsed file: its issue's and its documents' (in order)."""

    issue: str
    documents: tuple[str, ...]


def gazette_ids(gazette: Gazette, source_name: str) -> Ids:
    """Ids of an issue and its documents; a document whose key repeats one before it in the same
    issue (two untitled tables) gets the key's id salted with how many came before."""
    issue = issue_key(gazette.issue, source_name)
    seen: dict[str, int] = {}
    docs = []
    for doc in gazette.documents:
        base = short_id(document_key(doc, issue))
        n = seen.get(base, 0)
        seen[base] = n + 1
        docs.append(base if n == 0 else short_id(f"{base}|{n}"))
    return Ids(short_id(issue), tuple(docs))


def unique_id(wanted: str, source_path: str, taken: Callable[[str], bool]) -> str:
    """``wanted``, or when another file holds it (the same issue as a PDF and as text, stored
    before duplicates were refused), the first free id salted with this file's path."""
    found, n = wanted, 0
    while taken(found):
        n += 1
        found = short_id(f"{wanted}|{source_path}|{n}")
    return found
