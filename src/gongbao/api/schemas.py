"""Response shapes of the REST API (they are what /api/openapi.json documents)."""

from __future__ import annotations

from typing import Any, Optional

from pydantic import BaseModel, ConfigDict, Field


class ErrorBody(BaseModel):
    error: str = Field(description="What is wrong, in one sentence.")
    status: int
    details: list[dict[str, Any]] = Field(default_factory=list,
                                          description="Per-parameter problems (422 only).")


class DocumentSummary(BaseModel):
    id: str = Field(description="Stable document id (12 hex digits); it survives re-ingest.")
    title: Optional[str] = None
    doc_number: Optional[str] = Field(None, description="文号 in canonical form, e.g. 运盐政发〔2024〕10号")
    issuer: Optional[str] = None
    date: Optional[str] = Field(None, description="成文日期, ISO")
    doc_type: Optional[str] = None
    section: Optional[str] = None
    region: Optional[str] = None
    source: Optional[str] = None
    start_line: Optional[int] = None


class Hit(DocumentSummary):
    score: float
    snippet: str = Field(description="HTML: matched terms in <mark>…</mark>, everything else escaped.")
    line: Optional[int] = Field(None, description="Input line where the snippet starts.")
    matched: list[str] = Field(default_factory=list)


class FacetValue(BaseModel):
    value: Any
    count: int


class SearchResponse(BaseModel):
    query: str
    total: int = Field(description="Documents found: every one, the same on every page and in /api/export "
                                   "(a lower bound when total_exact is false).")
    total_exact: bool = Field(True, description="false: more documents than `total` are found; ask with "
                                                "exact=true to count them all.")
    facets_over: int = Field(0, description="How many of the documents found the facet counts cover "
                                            "(equal to total when they cover all).")
    unindexed: int = Field(0, description="Documents stored but not yet searchable: an ingest is running or was "
                                          "interrupted (`gongbao serve` or the next `gongbao ingest` indexes them).")
    page: int
    limit: int
    pages: int
    sort: str
    filters: dict[str, Any]
    terms: list[str]
    doc_numbers: list[str]
    hits: list[Hit]
    facets: dict[str, list[FacetValue]]


class DocumentList(BaseModel):
    total: int
    page: int
    limit: int
    documents: list[DocumentSummary]


class Document(BaseModel):
    """Everything stored about one document: metadata, text and extracted facts."""

    model_config = ConfigDict(extra="allow")
    id: str
    title: Optional[str] = None
    doc_number: Optional[str] = None
    issuer: Optional[str] = None
    issuers: list[str] = Field(default_factory=list)
    doc_type: Optional[str] = None
    date: Optional[str] = None
    region: Optional[str] = None
    recipients: list[str] = Field(default_factory=list)
    section: Optional[str] = None
    toc_page: Optional[int] = None
    public: Optional[bool] = None
    public_marker: Optional[str] = None
    attachments: list[str] = Field(default_factory=list)
    cites: list[str] = Field(default_factory=list)
    start_line: int
    end_line: int
    span_start: int
    lines: dict[str, list[int]] = Field(default_factory=dict, description="field -> input lines")
    source: str
    issue_id: Optional[str] = Field(None, description="Stable id of the gazette issue (see /api/issues/{id}).")
    issue: dict[str, Any] = Field(default_factory=dict)
    citations: list[dict[str, Any]] = Field(default_factory=list)
    appointments: list[dict[str, Any]] = Field(default_factory=list)
    tasks: list[dict[str, Any]] = Field(default_factory=list)
    money: list[dict[str, Any]] = Field(default_factory=list)
    text: str


class CitationLink(BaseModel):
    doc_number: Optional[str] = None
    title: Optional[str] = None
    id: Optional[str] = Field(None, description="Stored document, null when the library does not hold it.")
    relation: Optional[str] = Field(None, description="basis | implements | repeals | amends | refers | mentions")
    line: Optional[int] = None


class Citations(BaseModel):
    id: str
    cites: list[CitationLink]
    cited_by: list[CitationLink]


class IssueSummary(BaseModel):
    id: str = Field(description="Stable issue id (12 hex digits).")
    label: str
    title: Optional[str] = None
    year: Optional[int] = None
    number: Optional[int] = None
    total_number: Optional[int] = None
    published: Optional[str] = None
    publisher: Optional[str] = None
    region: Optional[str] = None
    source: Optional[str] = None
    documents: Optional[int] = None


class IssueList(BaseModel):
    total: int
    page: int
    limit: int
    issues: list[IssueSummary]


class TocEntry(BaseModel):
    title: str
    doc_number: Optional[str] = None
    page: Optional[int] = None
    page_end: Optional[int] = None
    section: Optional[str] = None
    line: int
    document: Optional[str] = Field(None, description="Id of the document this entry points to.")


class Issue(IssueSummary):
    toc: list[TocEntry]
    documents: list[DocumentSummary]  # type: ignore[assignment]  # the list, not the count
    warnings: list[str] = Field(default_factory=list)


class FactList(BaseModel):
    total: int
    offset: int
    limit: int
    items: list[dict[str, Any]]
