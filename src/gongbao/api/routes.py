"""The REST API under /api (documented at /api/docs, schema at /api/openapi.json): each route
reads its parameters and asks the query layer (gongbao.query); errors are answered by the app
(gongbao.server)."""

from __future__ import annotations

import datetime
from typing import Annotated, Optional

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response, StreamingResponse

from gongbao import query
from gongbao.api import schemas
from gongbao.api.feed import atom_feed
from gongbao.models import Action, MoneyKind
from gongbao.query import Catalog, SearchParams
from gongbao.store.records import AppointmentRow, DocumentRecord, IssueRecord, MoneyRow, TaskRow

ERRORS = {404: {"model": schemas.ErrorBody, "description": "Not in this library"},
          422: {"model": schemas.ErrorBody, "description": "Bad parameter (the message says which and why)"}}
FEED_ENTRIES = 30

router = APIRouter(prefix="/api", responses={422: ERRORS[422]})


def library(request: Request) -> Catalog:
    return request.app.state.library.get()


def asked(p: Annotated[SearchParams, Depends()]) -> SearchParams:
    """The search in the query string; ``q`` must hold a word, a name or a 文号."""
    return p.check(need_words=True)


L = Annotated[Catalog, Depends(library)]
Asked = Annotated[SearchParams, Depends(asked)]
Page = Annotated[int, Query(ge=1, le=100_000)]
Offset = Annotated[int, Query(ge=0, le=10_000_000)]
Limit = Annotated[int, Query(ge=1, le=500)]


def _doc_id(key: str) -> str:
    key = key.strip()
    if not (len(key) == 12 and all(c in "0123456789abcdefABCDEF" for c in key)):
        raise query.NotFound(f"no document with id {key!r} (ids are 12 hex digits; "
                             "look a 文号 up with /api/documents?doc_number=…)")
    return key


@router.get("/search", summary="Search documents", response_model=schemas.SearchResponse, tags=["search"])
def api_search(request: Request, lib: L, p: Asked):
    """Ranked documents for a query (`q`: words, a phrase, a 文号 in any bracket form, a name),
    with highlighted snippets and facet counts.

    Filters narrow the results (issuer, region, section: contains; year and dates of the 成文日期;
    doc_type: 通知 / 批复 / 决定 / 意见 …); facets count issuer, region, year, doc_type and section
    over all hits (not just this page). `exact=true` counts every document found: without it
    `total` and the facets are exact up to 2,000 documents and beyond where the index counts
    them, else `total_exact` is false and `total` a lower bound.
    """
    return query.search(lib, p, request.app.state.search_cache)


@router.get("/documents", summary="Find documents by 文号, or list them", response_model=schemas.DocumentList,
            tags=["documents"])
def api_documents(
    lib: L,
    doc_number: Annotated[Optional[str], Query(max_length=100, description="文号 in any bracket form: "
                                               "运盐政发[2024]10号 = 运盐政发〔2024〕10号")] = None,
    issuer: Annotated[Optional[str], Query(max_length=200)] = None,
    region: Annotated[Optional[str], Query(max_length=200)] = None,
    year: Annotated[Optional[int], Query(ge=1900, le=2100)] = None,
    doc_type: Annotated[Optional[str], Query(max_length=50)] = None,
    page: Page = 1,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
):
    """Documents with a 文号 (any bracket variant), or all documents newest first, filtered."""
    if doc_number is not None:
        docs = query.documents_by_number(lib, doc_number)
        return {"total": len(docs), "page": 1, "limit": max(len(docs), 1), "documents": docs}
    total, docs = query.documents(lib, issuer, region, year, doc_type, page, limit)
    return {"total": total, "page": page, "limit": limit, "documents": docs}


@router.get("/documents/{doc_id}", summary="One document", response_model=DocumentRecord,
            response_model_exclude={"source_path"}, tags=["documents"], responses={404: ERRORS[404]})
def api_document(lib: L, doc_id: str):
    """One document: every stored field, its citations both ways, full text, extracted facts and
    its issue (where the file lay on the server stays private)."""
    return query.document_by_id(lib, _doc_id(doc_id))


@router.get("/documents/{doc_id}/citations", summary="Citations both ways", response_model=query.Citations,
            tags=["documents"], responses={404: ERRORS[404]})
def api_citations(lib: L, doc_id: str):
    """What the document cites (ids of stored documents, null when unresolved) and what cites it."""
    return query.citations(lib, _doc_id(doc_id))


@router.get("/issues", summary="List issues", response_model=schemas.IssueList, tags=["issues"])
def api_issues(
    lib: L,
    region: Annotated[Optional[str], Query(max_length=200)] = None,
    publisher: Annotated[Optional[str], Query(max_length=200)] = None,
    year: Annotated[Optional[int], Query(ge=1900, le=2100)] = None,
    page: Page = 1,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
):
    """Gazette issues, newest first."""
    total, issues = query.issues(lib, region=region, publisher=publisher, year=year, page=page, limit=limit)
    return {"total": total, "page": page, "limit": limit, "issues": issues}


@router.get("/issues/{issue_id}", summary="One issue with its TOC", response_model=IssueRecord,
            tags=["issues"],
            responses={404: ERRORS[404]})
def api_issue(lib: L, issue_id: str):
    """One issue: masthead, table of contents (entries linked to documents) and its documents."""
    return query.issue(lib, issue_id)


@router.get("/export", summary="Export a whole search (JSON lines or CSV)", tags=["search"],
            response_class=StreamingResponse,
            responses={200: {"content": {"application/x-ndjson": {}, "text/csv": {}},
                             "description": "One document a line: the /api/documents/{id} record as JSON, "
                                            "or a CSV row of its main fields"}})
def api_export(lib: L, p: Asked, format: query.ExportFormat = "jsonl"):  # noqa: A002 - the parameter's name
    """Every document a search finds (not one page; at most 10,000), streamed: as JSON lines
    (`format=jsonl`) or CSV (`format=csv`, the columns of `gongbao export --format csv`).

    The X-Total-Count header says how many documents follow.
    """
    rowids = query.ranked(lib, p, query.EXPORT_MAX)
    media = "application/x-ndjson" if format == "jsonl" else "text/csv; charset=utf-8"
    return StreamingResponse(query.export_lines(query.records(lib, rowids), format, private=True),
                             media_type=media,
                             headers={"Content-Disposition":
                                      f'attachment; filename="gongbao-export.{format}"',
                                      "X-Total-Count": str(len(rowids)),
                                      "X-Truncated": "true" if len(rowids) >= query.EXPORT_MAX else "false"})


@router.get("/feed.atom", summary="Atom feed of a search", tags=["search"], response_class=Response,
            responses={200: {"content": {"application/atom+xml": {}}, "description": "Atom 1.0 feed"}})
def api_feed(request: Request, lib: L, p: Asked):
    """An Atom feed of the newest documents matching a search: subscribe to a topic."""
    newest = p.replace(sort="date", page=1,
                       limit=min(p.limit if "limit" in request.query_params else FEED_ENTRIES, 100))
    found = query.search(lib, newest, request.app.state.search_cache)
    body = atom_feed(p.q, found, str(request.base_url), str(request.url), newest.url("", page=1))
    return Response(body, media_type="application/atom+xml; charset=utf-8")


@router.get("/tasks", summary="Tasks by unit and deadline", response_model=schemas.FactList[TaskRow],
            tags=["facts"])
def api_tasks(
    lib: L,
    unit: Annotated[Optional[str],
                    Query(max_length=100, description="Lead or responsible unit, by any of its names "
                                                      "(县住建局 = 县住房和城乡建设局).")] = None,
    due_before: Annotated[Optional[datetime.date], Query(description="Deadline before this date.")] = None,
    due_after: Annotated[Optional[datetime.date],
                         Query(description="Deadline on or after this date.")] = None,
    overdue: Annotated[Optional[bool], Query(description="Only tasks past (true) or not past (false) their "
                                                         "deadline.")] = None,
    offset: Offset = 0,
    limit: Limit = 100,
):
    """Tasks with responsible units and deadlines (soonest first); `overdue` is computed for today."""
    rows = query.tasks(lib, unit, due_before and due_before.isoformat(), due_after and due_after.isoformat(),
                       overdue)
    return {"total": len(rows), "offset": offset, "limit": limit, "items": rows[offset : offset + limit]}


@router.get("/appointments", summary="Appointments (任免)", response_model=schemas.FactList[AppointmentRow],
            tags=["facts"])
def api_appointments(
    lib: L,
    person: Annotated[Optional[str], Query(max_length=50)] = None,
    organ: Annotated[Optional[str], Query(max_length=100, description="Organ or post names this"
                                                                      " organ, by any "
                                                                      "of its names.")] = None,
    action: Optional[Action] = None,
    offset: Offset = 0,
    limit: Limit = 100,
):
    """Personnel appointments and removals (任免), newest first."""
    rows = query.appointments(lib, person, organ, action)
    return {"total": len(rows), "offset": offset, "limit": limit, "items": rows[offset : offset + limit]}


@router.get("/money", summary="Money rules", response_model=schemas.FactList[MoneyRow], tags=["facts"])
def api_money(
    lib: L,
    unit: Annotated[Optional[str],
                    Query(max_length=20, description="Per what: 户 / 亩 / 人 / 件 / 辆 …")] = None,
    kind: Optional[MoneyKind] = None,
    offset: Offset = 0,
    limit: Limit = 100,
):
    """Money rules: subsidies, rewards, fees, fines… with amounts in yuan and funding splits."""
    rows = query.money(lib, unit, kind)
    return {"total": len(rows), "offset": offset, "limit": limit, "items": rows[offset : offset + limit]}
