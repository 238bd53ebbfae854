"""Typed results shared by every stage: what a gazette issue and its documents are.

Line numbers are 1-based lines of the input text, so that every fact can be traced back to
the line(s) it came from (``Document.lines`` maps a field name to those lines).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

# The vocabularies, each defined here once. DocType is the kind of a document: kinds of the
# 党政机关公文处理工作条例 and the rules and plans gazettes print under their own names, anything
# else "other"; data/doc_types.tsv maps the words titles end with (实施意见, 复函 …) to them.
DocType = Literal["通知", "意见", "决定", "批复", "通报", "报告", "办法", "方案", "规定", "函", "公告",
                  "命令", "纪要", "议案", "请示", "other"]
# How a document cites another (gongbao.extract.citations).
Relation = Literal["basis", "implements", "repeals", "amends", "refers", "mentions"]
# What an appointment does to the person (gongbao.extract.appointments).
Action = Literal["appoint", "remove", "other"]
# What a money rule pays or charges (gongbao.extract.money).
MoneyKind = Literal["subsidy", "reward", "fee", "fine", "voucher", "cap", "premium", "other"]


@dataclass
class TocEntry:
    """One entry of an issue's table of contents (目录)."""

    title: str
    doc_number: str | None
    page: int | None
    section: str | None
    line: int
    page_end: int | None = None  # "(17-18)": an entry that spans several pages


@dataclass
class IssueInfo:
    """The masthead of a gazette issue. All fields are None for a single document."""

    title: str | None = None
    year: int | None = None
    number: int | None = None  # 年第N期
    total_number: int | None = None  # 总第N期
    published: str | None = None  # ISO date
    publisher: str | None = None
    toc: list[TocEntry] = field(default_factory=list)
    lines: dict[str, list[int]] = field(default_factory=dict)


@dataclass
class Citation:
    cited_number: str | None
    cited_title: str | None
    relation: Relation
    line: int
    resolved: str | None = None  # the stored document it names, by 文号 or title (filled when read)


@dataclass
class Appointment:
    person: str
    action: Action
    post: str
    organ: str | None
    note: str | None
    line: int


@dataclass
class Task:
    task: str
    lead: list[str]
    units: list[str]
    deadline: str | None
    deadline_text: str | None
    line: int
    qualified: list[str] = field(default_factory=list)  # units named within the issuing region


@dataclass
class MoneyRule:
    amount: float | None
    rate: float | None
    unit: str | None
    kind: MoneyKind
    beneficiary: str | None
    condition: str | None
    cap: float | None
    split: dict[str, float] | None
    line: int
    text: str


@dataclass
class Document:
    """One official document (公文) with its GB/T 9704 metadata."""

    title: str | None
    doc_number: str | None = None  # canonical form, e.g. 运盐政发〔2024〕10号
    issuer: str | None = None  # as printed in the heading; joint issuers joined with 、
    issuers: list[str] = field(default_factory=list)  # every issuing organ, lead first
    doc_type: DocType | None = None  # the kind named by doc_type_word (data/doc_types.tsv)
    doc_type_word: str | None = None  # the 文种 as the title prints it: 实施意见, 管理办法, 通告 …
    date: str | None = None  # 成文日期, ISO
    recipients: list[str] = field(default_factory=list)  # 主送机关
    section: str | None = None  # gazette section (from the TOC)
    toc_page: int | None = None
    public: bool | None = None
    public_marker: str | None = None  # the marker as printed, e.g. 此件公开发布
    attachments: list[str] = field(default_factory=list)
    cites: list[str] = field(default_factory=list)  # 文号 cited in the body
    start_line: int = 0  # the heading (issuer or title)
    end_line: int = 0
    span_start: int = 0  # first line owned by the document (<= start_line)
    lines: dict[str, list[int]] = field(default_factory=dict)  # field -> source lines
    citations: list[Citation] = field(default_factory=list)
    appointments: list[Appointment] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    money: list[MoneyRule] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Gazette:
    """A parsed input file: an issue with its documents, or a single document."""

    source: str
    issue: IssueInfo
    documents: list[Document]
    lines: list[str]  # the input's lines after decoding, line i+1 is lines[i]
    pages: list[int] | None = None  # page of each line when the source had pages (PDF)
    # The same lines as the reader sees them (layout spaces closed up, broken glyphs and
    # markup removed; "" for page furniture): what extraction and search work on.
    clean_lines: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def document_text(self, doc: Document) -> str:
        """The document's text: its lines, as in the input."""
        return "\n".join(self.lines[doc.span_start - 1 : doc.end_line])

    def to_dict(self, with_text: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {
            "source": self.source,
            "issue": asdict(self.issue),
            "documents": [],
        }
        for doc in self.documents:
            d = doc.to_dict()
            if self.pages:
                d["page"] = self.pages[doc.start_line - 1] if doc.start_line else None
            if with_text:
                d["text"] = self.document_text(doc)
            out["documents"].append(d)
        if self.warnings:
            out["warnings"] = list(self.warnings)
        return out
