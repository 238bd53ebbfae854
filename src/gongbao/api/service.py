"""What the API and the web pages both answer: search, documents, citations, facts, feeds.

Plain functions over a Reader returning JSON-ready data; the routes only parse parameters and
choose the output form.
"""

from __future__ import annotations

import datetime
import inspect
import json
import re
import threading
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass, fields
from typing import Annotated, Any, Literal, Optional
from urllib.parse import urlencode
from xml.sax.saxutils import escape as xml_escape

from fastapi import Query

from gongbao.api.errors import ApiError
from gongbao.api.reader import Reader, doc_summary
from gongbao.docnum import normalize_doc_number
from gongbao.search import search
from gongbao.store import Filters

EXPORT_MAX = 10_000  # documents in one export (a search over the whole library is capped here)
FEED_ENTRIES = 30
MAX_RANK = 1000  # hits reachable by paging (page * limit); each page ranks all hits before it
FACET_NAMES = ("issuer", "region", "year", "doc_type", "section")


@dataclass
class SearchParams:
    """A search as it appears in a URL: query, filters, sort and page."""

    q: str = ""
    issuer: Optional[str] = None
    region: Optional[str] = None
    year: Optional[int] = None
    date_from: Optional[datetime.date] = None
    date_to: Optional[datetime.date] = None
    doc_type: Optional[str] = None
    section: Optional[str] = None
    sort: str = "relevance"
    page: int = 1
    limit: int = 10
    exact: bool = False  # count every document found (total and facets), however many

    FILTERS = ("issuer", "region", "year", "date_from", "date_to", "doc_type", "section")

    def filters(self) -> Filters:
        return Filters(issuer=self.issuer, region=self.region, year=self.year,
                       date_from=self.date_from.isoformat() if self.date_from else None,
                       date_to=self.date_to.isoformat() if self.date_to else None,
                       doc_type=self.doc_type, section=self.section)

    def active_filters(self) -> dict[str, Any]:
        out = {}
        for name in self.FILTERS:
            v = getattr(self, name)
            if v is not None and v != "":
                out[name] = v.isoformat() if isinstance(v, datetime.date) else v
        return out

    def url_items(self, **changes: Any) -> list[tuple[str, str]]:
        """The state as query parameters (defaults left out), with some values changed."""
        state = {f.name: getattr(self, f.name) for f in fields(self)}
        state.update(changes)
        out = []
        for f in fields(self):
            v = state[f.name]
            if v is None or v == "" or v == f.default:
                continue
            out.append((f.name, v.isoformat() if isinstance(v, datetime.date) else str(v).lower() if isinstance(v, bool)
                        else str(v)))
        return out

    def url(self, path: str = "/", **changes: Any) -> str:
        items = self.url_items(**changes)
        return path + ("?" + urlencode(items) if items else "")


def _search_params_dependency(required: bool, default_limit: int):
    """A FastAPI dependency reading SearchParams from the query string (q required or not)."""

    def dependency(
        q: Annotated[str, Query(max_length=500, description="Words, a phrase, a 文号 in any bracket form, a name.")],
        issuer: Annotated[Optional[str], Query(max_length=200, description="Issuer contains this.")] = None,
        region: Annotated[Optional[str], Query(max_length=200, description="Region contains this.")] = None,
        year: Annotated[Optional[int], Query(ge=1900, le=2100, description="Year of the 成文日期.")] = None,
        date_from: Annotated[Optional[datetime.date], Query(description="Signed on or after (YYYY-MM-DD).")] = None,
        date_to: Annotated[Optional[datetime.date], Query(description="Signed on or before (YYYY-MM-DD).")] = None,
        doc_type: Annotated[Optional[str], Query(max_length=50, description="通知 / 批复 / 决定 / 意见 …")] = None,
        section: Annotated[Optional[str], Query(max_length=200, description="Gazette section contains this.")] = None,
        sort: Annotated[Literal["relevance", "date"], Query(description="relevance or date (newest first)")] = "relevance",
        page: Annotated[int, Query(ge=1, le=1000)] = 1,
        limit: Annotated[int, Query(ge=1, le=100, description="Hits per page.")] = default_limit,
        exact: Annotated[bool, Query(description="Count every document found: `total` and the facets exact "
                                                 "however many there are (slower for very common words). "
                                                 "Without it they are exact up to 2,000 documents and beyond "
                                                 "where the index counts them; else `total_exact` is false and "
                                                 "`total` a lower bound.")] = False,
    ) -> SearchParams:
        if required and not q.strip():
            raise ApiError(422, "invalid request: parameter 'q' must contain a word, a name or a 文号")
        if page * limit > MAX_RANK:
            raise ApiError(422, f"invalid request: parameter 'page': results past the first {MAX_RANK} are not "
                                "paged (narrow the search with filters, or use /api/export)")
        if date_from and date_to and date_from > date_to:
            raise ApiError(422, "invalid request: parameter 'date_from' is after 'date_to'")
        blank = lambda s: s.strip() or None if s is not None else None  # noqa: E731
        return SearchParams(q=q, issuer=blank(issuer), region=blank(region), year=year, date_from=date_from,
                            date_to=date_to, doc_type=blank(doc_type), section=blank(section), sort=sort,
                            page=page, limit=limit, exact=exact)

    if not required:  # q may be left out (a page without a query)
        sig = inspect.signature(dependency)
        params = [p.replace(default="") if p.name == "q" else p for p in sig.parameters.values()]
        params.sort(key=lambda p: p.default is not inspect.Parameter.empty)
        dependency.__signature__ = sig.replace(parameters=params)  # type: ignore[attr-defined]
    return dependency


api_search_params = _search_params_dependency(required=True, default_limit=10)
page_search_params = _search_params_dependency(required=False, default_limit=10)


class ResultCache:
    """The last answers to searches, dropped as soon as the library changes.

    The server is read-only and people repeat searches (popular topics, paging back, feed
    readers polling), so an answer is kept until an ingest changes the library's fingerprint.
    """

    def __init__(self, size: int = 1024):
        self.size = size
        self._data: OrderedDict[tuple, Any] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, key: tuple) -> Any:
        with self._lock:
            if key in self._data:
                self._data.move_to_end(key)
                self.hits += 1
                return self._data[key]
            self.misses += 1
            return None

    def put(self, key: tuple, value: Any) -> None:
        with self._lock:
            self._data[key] = value
            self._data.move_to_end(key)
            while len(self._data) > self.size:
                self._data.popitem(last=False)


def run_search(reader: Reader, p: SearchParams) -> dict[str, Any]:
    """One page of a search as JSON-ready data (shared with other requests: do not modify it)."""
    cache: ResultCache | None = getattr(reader, "search_cache", None)
    key = None
    if cache is not None and cache.size > 0:
        key = (reader.fingerprint(), tuple(p.url_items()), p.limit)
        found = cache.get(key)
        if found is not None:
            return found
    result = search(reader.lib, p.q, filters=p.filters(), page=p.page, limit=p.limit, sort=p.sort, exact=p.exact)
    out = result.to_dict()
    out["facets"] = {k: v for k, v in out["facets"].items() if k in FACET_NAMES}
    out["pages"] = min((result.total + p.limit - 1) // p.limit, MAX_RANK // p.limit)
    out["sort"] = p.sort
    out["filters"] = p.active_filters()
    if key is not None:
        cache.put(key, out)
    return out


def ranked_rowids(reader: Reader, p: SearchParams, cap: int) -> list[int]:
    """Every document a search finds (up to ``cap``), in its order — not just one page."""
    from gongbao.search.engine import ranked

    return ranked(reader.lib, p.q, p.filters(), cap, p.sort)


# -- documents ----------------------------------------------------------------------------------
def find_document(reader: Reader, key: str) -> int:
    """Row id of a document from its stable id; 404 when the library does not hold it."""
    key = key.strip()
    if not (len(key) == 12 and all(c in "0123456789abcdefABCDEF" for c in key)):
        raise ApiError(404, f"no document with id {key!r} (ids are 12 hex digits; "
                            "look a 文号 up with /api/documents?doc_number=…)")
    rowid = reader.document_rowid(key)
    if rowid is None:
        raise ApiError(404, f"no document with id {key!r} in this library")
    return rowid


def document(reader: Reader, rowid: int) -> dict[str, Any]:
    rec = reader.lib.document_record(rowid)
    rec.pop("source_path", None)  # where the file lay on the server is nobody's business
    rec["issue_id"] = reader.issue_id_of_document(rec["id"])
    return rec


def documents_by_number(reader: Reader, doc_number: str) -> list[dict[str, Any]]:
    num = normalize_doc_number(doc_number.strip())
    if not num:
        raise ApiError(422, f"invalid request: parameter 'doc_number': {doc_number!r} is not a 文号 "
                            "(like 运盐政发〔2024〕10号; any brackets will do)")
    return reader.summaries(reader.lib.rowids_by_number(num))


def citations(reader: Reader, rowid: int, rec: dict[str, Any] | None = None) -> dict[str, Any]:
    """Both directions: what this document cites (resolved or not) and who cites it."""
    rec = rec or reader.lib.document_record(rowid)
    links = reader.lib.links_of(rowid)
    detail: dict[str, dict[str, Any]] = {}
    title_only = []
    for c in rec.get("citations", []):
        num = normalize_doc_number(c["cited_number"] or "") or c["cited_number"]
        if num:
            detail.setdefault(num, c)
        elif c.get("cited_title"):
            title_only.append({"doc_number": None, "title": c["cited_title"], "id": c.get("resolved"),
                               "relation": c["relation"], "line": c["line"]})
    cites = []
    for link in links["cites"]:
        c = detail.get(link["doc_number"], {})
        cites.append({"doc_number": link["doc_number"], "title": link["title"] or c.get("cited_title"),
                      "id": link["id"], "relation": c.get("relation"), "line": c.get("line")})
    listed = {c["doc_number"] for c in cites}
    for num, c in detail.items():
        if num not in listed:
            cites.append({"doc_number": num, "title": c.get("cited_title"), "id": c.get("resolved"),
                          "relation": c["relation"], "line": c["line"]})
    cited_by = [{"doc_number": c["doc_number"], "title": c["title"], "id": c["id"], "relation": None,
                 "line": None} for c in links["cited_by"]]
    return {"id": rec["id"], "cites": cites + title_only, "cited_by": cited_by}


def export_lines(reader: Reader, rowids: list[int]) -> Iterator[str]:
    """One JSON line per document, fetched as the response streams."""
    for rowid in rowids:
        if reader.lib.documents([rowid]):  # skip documents replaced while streaming
            yield json.dumps(document(reader, rowid), ensure_ascii=False) + "\n"


# -- extracted facts ----------------------------------------------------------------------------
def today() -> str:
    return datetime.date.today().isoformat()


def unit_names(unit: str | None) -> list[str]:
    """A unit as typed and its canonical name (区住建局 -> 区住房和城乡建设局), as stored by extraction."""
    if not unit:
        return []
    from gongbao.extract.units import canonical_unit

    return list(dict.fromkeys([unit, canonical_unit(unit)]))


def tasks(reader: Reader, unit: str | None, due_before: str | None, due_after: str | None,
          overdue: bool | None) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    seen = set()
    for name in unit_names(unit) or [None]:
        for r in reader.lib.query_tasks(unit=name, due_before=due_before, due_after=due_after):
            key = (r["doc_id"], r["line"], r["task"])
            if key not in seen:
                seen.add(key)
                rows.append(r)
    if unit and len(unit_names(unit)) > 1:  # keep the store's order: soonest deadline first
        rows.sort(key=lambda r: (r.get("deadline") is None, r.get("deadline") or ""))
    now = today()
    for r in rows:
        r["overdue"] = bool(r.get("deadline") and r["deadline"] < now)
    if overdue is not None:
        rows = [r for r in rows if r["overdue"] == overdue]
    return rows


def appointments(reader: Reader, person: str | None, organ: str | None, action: str | None) -> list[dict[str, Any]]:
    rows = reader.lib.query_appointments(person=person, action=action)
    if organ:
        names = unit_names(organ)
        rows = [r for r in rows if any(n in (r.get("organ") or "") or n in (r.get("post") or "") for n in names)]
    return rows


# -- Atom -----------------------------------------------------------------------------------------
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def atom_feed(reader: Reader, p: SearchParams, base_url: str, self_url: str) -> str:
    """An Atom feed of the newest documents matching a search (subscribe to a saved search)."""
    p = SearchParams(**{**{f.name: getattr(p, f.name) for f in fields(p)}, "sort": "date", "page": 1})
    res = run_search(reader, p)
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    dates = [h["date"] for h in res["hits"] if h.get("date")]
    updated = f"{max(dates)}T00:00:00Z" if dates else now
    def x(text: str) -> str:  # XML 1.0 has no control characters, even escaped
        return xml_escape(_XML_ILLEGAL.sub("", text))

    out = ['<?xml version="1.0" encoding="utf-8"?>',
           '<feed xmlns="http://www.w3.org/2005/Atom">',
           f"<title>{x('公报检索：' + p.q)}</title>",
           f'<id>{x(self_url)}</id>',
           f'<link rel="self" href="{x(self_url)}"/>',
           f'<link rel="alternate" type="text/html" href="{x(base_url + p.url("", page=1).lstrip("/"))}"/>',
           f"<updated>{updated}</updated>",
           "<generator>gongbao</generator>"]
    for h in res["hits"]:
        link = f"{base_url}documents/{h['id']}"
        title = h["title"] or h["doc_number"] or h["id"]
        summary = " · ".join(v for v in (h["doc_number"], h["issuer"], h["date"]) if v)
        out += ["<entry>",
                f"<title>{x(title)}</title>",
                f'<link rel="alternate" type="text/html" href="{x(link)}"/>',
                f"<id>{x(link)}</id>",
                f"<updated>{h['date'] + 'T00:00:00Z' if h.get('date') else now}</updated>",
                f"<author><name>{x(h['issuer'] or '未署名')}</name></author>",
                f'<summary type="html">{x(summary + "<br/>" + h["snippet"])}</summary>',
                "</entry>"]
    out.append("</feed>")
    return "\n".join(out) + "\n"


__all__ = ["SearchParams", "api_search_params", "page_search_params", "run_search", "ranked_rowids",
           "find_document", "document", "documents_by_number", "citations", "export_lines", "tasks",
           "appointments", "atom_feed", "doc_summary", "EXPORT_MAX"]
