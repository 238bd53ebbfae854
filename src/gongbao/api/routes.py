"""The REST API under /api (documented at /api/docs, schema at /api/openapi.json)."""

from __future__ import annotations

import datetime
from typing import Annotated, Literal, Optional

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response, StreamingResponse

from gongbao.api import schemas, service
from gongbao.api.errors import ApiError
from gongbao.api.reader import Reader
from gongbao.api.service import SearchParams

ERRORS = {404: {"model": schemas.ErrorBody, "description": "Not in this library"},
          422: {"model": schemas.ErrorBody, "description": "Bad parameter (the message says which and why)"}}

router = APIRouter(prefix="/api", responses={422: ERRORS[422]})


def reader(request: Request) -> Reader:
    return request.app.state.reader


R = Annotated[Reader, Depends(reader)]
Page = Annotated[int, Query(ge=1, le=100_000)]
Offset = Annotated[int, Query(ge=0, le=10_000_000)]
Limit = Annotated[int, Query(ge=1, le=500)]


@router.get("/search", summary="Search documents", response_model=schemas.SearchResponse, tags=["search"])
def api_search(rd: R, p: Annotated[SearchParams, Depends(service.api_search_params)]):
    """Ranked documents for a query, with highlighted snippets and facet counts.

    Filters narrow the results; facets count issuer, region, year, doc_type and section over
    all hits (not just this page).
    """
    return service.run_search(rd, p)


@router.get("/documents", summary="Find documents by 文号, or list them", response_model=schemas.DocumentList, tags=["documents"])
def api_documents(
    rd: R,
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
        docs = service.documents_by_number(rd, doc_number)
        return {"total": len(docs), "page": 1, "limit": max(len(docs), 1), "documents": docs}
    total, docs = rd.list_documents(issuer=issuer, region=region, year=year, doc_type=doc_type,
                                    page=page, limit=limit)
    return {"total": total, "page": page, "limit": limit, "documents": docs}


@router.get("/documents/{doc_id}", summary="One document", response_model=schemas.Document, tags=["documents"],
            responses={404: ERRORS[404]})
def api_document(rd: R, doc_id: str):
    """One document: every parsed field, full text, extracted facts and its issue's id."""
    return service.document(rd, service.find_document(rd, doc_id))


@router.get("/documents/{doc_id}/citations", summary="Citations both ways", response_model=schemas.Citations, tags=["documents"],
            responses={404: ERRORS[404]})
def api_citations(rd: R, doc_id: str):
    """What the document cites (ids of stored documents, null when unresolved) and what cites it."""
    return service.citations(rd, service.find_document(rd, doc_id))


@router.get("/issues", summary="List issues", response_model=schemas.IssueList, tags=["issues"])
def api_issues(
    rd: R,
    region: Annotated[Optional[str], Query(max_length=200)] = None,
    publisher: Annotated[Optional[str], Query(max_length=200)] = None,
    year: Annotated[Optional[int], Query(ge=1900, le=2100)] = None,
    page: Page = 1,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
):
    """Gazette issues, newest first."""
    total, issues = rd.issues(region=region, publisher=publisher, year=year, page=page, limit=limit)
    return {"total": total, "page": page, "limit": limit, "issues": issues}


@router.get("/issues/{issue_id}", summary="One issue with its TOC", response_model=schemas.Issue, tags=["issues"], responses={404: ERRORS[404]})
def api_issue(rd: R, issue_id: str):
    """One issue: masthead, table of contents (entries linked to documents) and its documents."""
    issue = rd.issue(issue_id)
    if issue is None:
        raise ApiError(404, f"no issue with id {issue_id!r} in this library")
    return issue


@router.get("/export", summary="Export a whole search (JSONL)", tags=["search"], response_class=StreamingResponse,
            responses={200: {"content": {"application/x-ndjson": {}},
                             "description": "One JSON document per line (the /api/documents/{id} form)"}})
def api_export(rd: R, p: Annotated[SearchParams, Depends(service.api_search_params)]):
    """Every document a search finds (not one page; at most 10,000), as JSON lines, streamed.

    The X-Total-Count header says how many lines follow.
    """
    rowids = service.ranked_rowids(rd, p, service.EXPORT_MAX)
    return StreamingResponse(service.export_lines(rd, rowids), media_type="application/x-ndjson",
                             headers={"Content-Disposition": 'attachment; filename="gongbao-export.jsonl"',
                                      "X-Total-Count": str(len(rowids)),
                                      "X-Truncated": "true" if len(rowids) >= service.EXPORT_MAX else "false"})


@router.get("/feed.atom", summary="Atom feed of a search", tags=["search"], response_class=Response,
            responses={200: {"content": {"application/atom+xml": {}}, "description": "Atom 1.0 feed"}})
def api_feed(request: Request, rd: R, p: Annotated[SearchParams, Depends(service.api_search_params)]):
    """An Atom feed of the newest documents matching a search: subscribe to a topic."""
    p.limit = min(p.limit if "limit" in request.query_params else service.FEED_ENTRIES, 100)
    base = str(request.base_url)
    body = service.atom_feed(rd, p, base, str(request.url))
    return Response(body, media_type="application/atom+xml; charset=utf-8")


@router.get("/tasks", summary="Tasks by unit and deadline", response_model=schemas.FactList, tags=["facts"])
def api_tasks(
    rd: R,
    unit: Annotated[Optional[str], Query(max_length=100, description="Lead or responsible unit contains this.")] = None,
    due_before: Annotated[Optional[datetime.date], Query(description="Deadline before this date.")] = None,
    due_after: Annotated[Optional[datetime.date], Query(description="Deadline on or after this date.")] = None,
    overdue: Annotated[Optional[bool], Query(description="Only tasks past (true) or not past (false) their deadline.")] = None,
    offset: Offset = 0,
    limit: Limit = 100,
):
    """Tasks with responsible units and deadlines (soonest first); `overdue` is computed for today."""
    rows = service.tasks(rd, unit, due_before and due_before.isoformat(), due_after and due_after.isoformat(), overdue)
    return {"total": len(rows), "offset": offset, "limit": limit, "items": rows[offset : offset + limit]}


@router.get("/appointments", summary="Appointments (任免)", response_model=schemas.FactList, tags=["facts"])
def api_appointments(
    rd: R,
    person: Annotated[Optional[str], Query(max_length=50)] = None,
    organ: Annotated[Optional[str], Query(max_length=100, description="Organ or post contains this.")] = None,
    action: Annotated[Optional[Literal["appoint", "remove", "other"]], Query()] = None,
    offset: Offset = 0,
    limit: Limit = 100,
):
    """Personnel appointments and removals (任免), newest first."""
    rows = service.appointments(rd, person, organ, action)
    return {"total": len(rows), "offset": offset, "limit": limit, "items": rows[offset : offset + limit]}


@router.get("/money", summary="Money rules", response_model=schemas.FactList, tags=["facts"])
def api_money(
    rd: R,
    unit: Annotated[Optional[str], Query(max_length=20, description="Per what: 户 / 亩 / 人 / 件 / 辆 …")] = None,
    kind: Annotated[Optional[Literal["subsidy", "reward", "fee", "fine", "voucher", "cap", "premium", "other"]],
                    Query()] = None,
    offset: Offset = 0,
    limit: Limit = 100,
):
    """Money rules: subsidies, rewards, fees, fines… with amounts in yuan and funding splits."""
    rows = rd.lib.query_money(unit=unit, kind=kind)
    return {"total": len(rows), "offset": offset, "limit": limit, "items": rows[offset : offset + limit]}
