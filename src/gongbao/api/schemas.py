"""The envelopes of the REST API's answers (what /api/openapi.json documents). What they carry
are the records of gongbao.store.records and search hits, served as they are."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from pydantic import BaseModel, Field

from gongbao.search import Hit
from gongbao.store.records import DocumentSummary, IssueSummary

T = TypeVar("T")


class ErrorBody(BaseModel):
    error: str = Field(description="What is wrong, in one sentence.")
    status: int
    details: list[dict[str, Any]] = Field(default_factory=list,
                                          description="Per-parameter problems (422 only).")


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
    unindexed: int = Field(0,
                           description="Documents stored but not yet searchable: an ingest is running or was "
                                          "interrupted (`gongbao serve` or the next `gongbao ingest`"
                                          " indexes them).")
    page: int
    limit: int
    pages: int
    sort: str
    filters: dict[str, Any]
    terms: list[str]
    doc_numbers: list[str]
    hits: list[Hit] = Field(description="snippet: HTML, matched terms in <mark>…</mark>, everything"
                                        " else escaped; "
                                        "line: the input line where it starts.")
    facets: dict[str, list[FacetValue]]


class DocumentList(BaseModel):
    total: int
    page: int
    limit: int
    documents: list[DocumentSummary]


class IssueList(BaseModel):
    total: int
    page: int
    limit: int
    issues: list[IssueSummary]


class FactList(BaseModel, Generic[T]):
    total: int
    offset: int
    limit: int
    items: list[T]
