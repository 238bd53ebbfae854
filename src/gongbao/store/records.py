"""What a library gives back: documents, issues, citation links and facts, as typed records.

Each is JSON-ready through ``dataclasses.asdict``; the CLI prints that, and the REST API
serves and documents the same classes, so one field has one shape everywhere (``cites`` is a
list of CitationLink in ``show --json``, exports, /api/documents and /citations alike).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

from gongbao.models import Appointment, Citation, Document, MoneyRule, Relation, Task


@dataclass
class DocumentSummary:
    """A stored document as lists show it."""

    id: str  # stable id (12 hex digits): it survives re-ingesting
    title: str | None
    doc_number: str | None  # canonical form, e.g. 运盐政发〔2024〕10号
    issuer: str | None
    date: str | None  # 成文日期, ISO
    doc_type: str | None  # as stored: a DocType, or what an older gongbao made of the title
    section: str | None
    region: str | None
    source: str  # the file it was ingested from (its name)
    start_line: int


@dataclass
class CitationLink:
    """A citation between two documents, seen from either end. ``relation`` and ``line`` say
    how and where the citing document cites the other one, when its extracted citations say."""

    doc_number: str | None
    title: str | None
    id: str | None  # the stored document at the other end; None when the library does not hold it
    relation: Relation | None = None
    line: int | None = None  # a line of the citing document


@dataclass
class IssueMasthead:
    """An issue as its masthead names it (the file name for a single document)."""

    id: str  # stable id (12 hex digits): it survives re-ingesting
    label: str  # 示例县人民政府公报 2024年第4期（总第16期）, or the file name
    title: str | None
    year: int | None
    number: int | None
    total_number: int | None
    published: str | None
    publisher: str | None
    region: str | None
    source: str


@dataclass
class IssueSummary(IssueMasthead):
    documents: int = 0  # how many documents the issue holds


@dataclass
class TocLink:
    """An entry of an issue's table of contents and the stored document it points to."""

    title: str
    doc_number: str | None
    page: int | None
    page_end: int | None
    section: str | None
    line: int
    document: str | None  # the id of the document this entry points to


@dataclass
class IssueRecord(IssueMasthead):
    toc: list[TocLink] = field(default_factory=list)
    documents: list[DocumentSummary] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass(kw_only=True)
class DocumentRecord:
    """Everything stored about one document: metadata, links, facts, text."""

    id: str
    title: str | None
    doc_number: str | None
    issuer: str | None
    issuers: list[str]
    doc_type: str | None
    date: str | None
    region: str | None
    recipients: list[str]
    section: str | None
    toc_page: int | None
    public: bool | None
    public_marker: str | None
    attachments: list[str]
    cites: list[CitationLink]  # what it cites: the 文号 it names, then titles cited without one
    cited_by: list[CitationLink]  # stored documents that cite it
    start_line: int
    end_line: int
    span_start: int
    lines: dict[str, list[int]]  # field -> input lines
    source: str
    source_path: str | None  # where the file lay when it was ingested (None where that is private)
    sha256: str
    parser_version: str
    issue_id: str
    issue: IssueMasthead
    citations: list[Citation]  # the citations extracted from its text (``resolved``: the stored document)
    appointments: list[Appointment]
    tasks: list[Task]
    money: list[MoneyRule]
    text: str | None  # None when it was not asked for

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def to_document(self) -> Document:
        """The parsed document again (export round trip); its ``cites`` are the 文号 of ``cites``."""
        names = {f.name for f in fields(Document)} - {"cites", "doc_type_word"}
        return Document(**{n: getattr(self, n) for n in names},
                        cites=[c.doc_number for c in self.cites if c.doc_number])


@dataclass(kw_only=True)
class FoundIn:
    """The document a fact was extracted from."""

    doc_id: str
    doc_number: str | None
    doc_title: str | None
    source: str


@dataclass(kw_only=True)
class TaskRow(Task, FoundIn):
    overdue: bool | None = None  # past its deadline today (set by gongbao.query.tasks)


@dataclass(kw_only=True)
class AppointmentRow(Appointment, FoundIn):
    pass


@dataclass(kw_only=True)
class MoneyRow(MoneyRule, FoundIn):
    pass


def record_from_dict(rec: dict[str, Any]) -> DocumentRecord:
    """A record read back from its JSON form (an export line)."""
    kinds = {"cites": CitationLink, "cited_by": CitationLink, "citations": Citation,
             "appointments": Appointment,
             "tasks": Task, "money": MoneyRule}
    values = {f.name: rec.get(f.name) for f in fields(DocumentRecord)}
    for name, kind in kinds.items():
        values[name] = [kind(**item) for item in rec.get(name) or []]
    values["issue"] = IssueMasthead(**rec["issue"])
    return DocumentRecord(**values)
