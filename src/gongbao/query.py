"""The query layer: what the CLI, the REST API and the web pages ask of a library, answered once.

Plain functions over a library (``Catalog``: gongbao.store.base.ReadModel for records, Repository
for the search engine), without a web framework: search pages with their parameters, documents,
citations both ways, issues, tasks (organ aliases, overdue), appointments, money rules, exports
as JSON lines or CSV. They return the typed records of gongbao.store.records, which the CLI
prints and the API serves as they are, so the three answer a question the same way. A request
that cannot be answered raises NotFound or BadParameter (the app makes 404 and 422 of them, the
CLI one line).
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import threading
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, fields
from typing import Annotated, Any, Literal, Protocol, get_args
from urllib.parse import urlencode

from annotated_types import Ge, Le, MaxLen

from gongbao.docnum import normalize_doc_number
from gongbao.models import Action, MoneyKind
from gongbao.search import engine
from gongbao.match import Filters
from gongbao.search.backend import Repository
from gongbao.store.base import ReadModel
from gongbao.store.records import (AppointmentRow, CitationLink, DocumentRecord, DocumentSummary, IssueRecord,
                                   IssueSummary, MoneyRow, TaskRow)

MAX_RANK = 1000  # hits reachable by paging (page * limit); each page ranks all hits before it
EXPORT_MAX = 10_000  # documents in one export of a search
FACET_NAMES = ("issuer", "region", "year", "doc_type", "section")
Sort = Literal["relevance", "date"]
ExportFormat = Literal["jsonl", "csv"]


class Catalog(ReadModel, Repository, Protocol):
    """A library that can be read and searched (gongbao.store.Library)."""


class QueryError(Exception):
    """A question that cannot be answered; the message says why in one sentence."""


class NotFound(QueryError):
    """The library holds no such document or issue."""


class BadParameter(QueryError):
    def __init__(self, param: str, problem: str):
        super().__init__(f"invalid request: parameter '{param}': {problem}")
        self.param = param


# -- search -----------------------------------------------------------------------------------------
@dataclass
class SearchParams:
    """A search: query, filters, sort and page. The bounds are those of the web forms and the
    API (the web app reads them from the URL)."""

    q: Annotated[str, MaxLen(500)] = ""  # words, a phrase, a 文号 in any bracket form, a name
    issuer: Annotated[str | None, MaxLen(200)] = None  # the issuer contains this
    region: Annotated[str | None, MaxLen(200)] = None
    year: Annotated[int | None, Ge(1900), Le(2100)] = None  # of the 成文日期
    date_from: datetime.date | None = None  # signed on or after
    date_to: datetime.date | None = None  # signed on or before
    doc_type: Annotated[str | None, MaxLen(50)] = None  # 通知 / 批复 / 决定 / 意见 …
    section: Annotated[str | None, MaxLen(200)] = None  # the gazette section contains this
    sort: Sort = "relevance"  # or date, newest first
    page: Annotated[int, Ge(1), Le(MAX_RANK)] = 1
    limit: Annotated[int, Ge(1), Le(100)] = 10  # hits per page
    exact: bool = False  # count every document found (total and facets), however many

    FILTERS = ("issuer", "region", "year", "date_from", "date_to", "doc_type", "section")

    def __post_init__(self) -> None:
        for name in ("issuer", "region", "doc_type", "section"):  # a blank field is no filter
            value = getattr(self, name)
            if value is not None:
                setattr(self, name, value.strip() or None)

    def check(self, need_words: bool = False) -> SearchParams:
        """The parameters, or BadParameter for what no bound of a single field says."""
        if need_words and not self.q.strip():
            raise BadParameter("q", "must contain a word, a name or a 文号")
        if self.page * self.limit > MAX_RANK:
            raise BadParameter("page", f"results past the first {MAX_RANK} are not paged (narrow the search "
                                       "with filters, or export it)")
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise BadParameter("date_from", "is after 'date_to'")
        return self

    def filters(self) -> Filters:
        return Filters(issuer=self.issuer, region=self.region, year=self.year,
                       date_from=self.date_from.isoformat() if self.date_from else None,
                       date_to=self.date_to.isoformat() if self.date_to else None,
                       doc_type=self.doc_type, section=self.section)

    def active_filters(self) -> dict[str, Any]:
        return {name: _url_value(v) if isinstance(v, datetime.date) else v
                for name in self.FILTERS if (v := getattr(self, name)) is not None and v != ""}

    def url_items(self, **changes: Any) -> list[tuple[str, str]]:
        """The state as query parameters (defaults left out), with some values changed."""
        state = {f.name: getattr(self, f.name) for f in fields(self)}
        state.update(changes)
        return [(f.name, _url_value(state[f.name])) for f in fields(self)
                if state[f.name] is not None and state[f.name] != "" and state[f.name] != f.default]

    def url(self, path: str = "/", **changes: Any) -> str:
        items = self.url_items(**changes)
        return path + ("?" + urlencode(items) if items else "")

    def replace(self, **changes: Any) -> SearchParams:
        return SearchParams(**{**{f.name: getattr(self, f.name) for f in fields(self)}, **changes})


def _url_value(v: Any) -> str:
    if isinstance(v, datetime.date):
        return v.isoformat()
    return str(v).lower() if isinstance(v, bool) else str(v)


class ResultCache:
    """The last answers to searches, dropped as soon as the library changes.

    A server is read-only and people repeat searches (popular topics, paging back, feed readers
    polling), so an answer is kept until an ingest changes the library's state.
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


def search(lib: Catalog, p: SearchParams, cache: ResultCache | None = None) -> dict[str, Any]:
    """One page of a search as JSON-ready data: hits, total, facets, the pages there are, the
    filters in force (shared with other requests through ``cache``: do not modify it)."""
    key = None
    if cache is not None and cache.size > 0:
        key = (lib.state(), tuple(p.url_items()), p.limit)
        if (found := cache.get(key)) is not None:
            return found
    result = engine.search(lib, p.q, filters=p.filters(), page=p.page, limit=p.limit, sort=p.sort,
                           exact=p.exact)
    out = result.to_dict()
    out["facets"] = {k: v for k, v in out["facets"].items() if k in FACET_NAMES}
    out["pages"] = min((result.total + p.limit - 1) // p.limit, MAX_RANK // p.limit)
    out["sort"] = p.sort
    out["filters"] = p.active_filters()
    if key is not None:
        cache.put(key, out)
    return out


def ranked(lib: Catalog, p: SearchParams, cap: int = EXPORT_MAX) -> list[int]:
    """Every document a search finds (up to ``cap``), in its order — not just one page."""
    return engine.ranked(lib, p.q, p.filters(), cap, p.sort)


# -- documents --------------------------------------------------------------------------------------
def document(lib: Catalog, key: str, with_text: bool = True) -> DocumentRecord:
    """A document by its stable id or its 文号 (any bracket form; the newest with it)."""
    rowid = lib.resolve_key(key)
    rec = lib.record(rowid, with_text) if rowid is not None else None
    if rec is None:
        raise NotFound(f"no document {key.strip()!r} in this library")
    return rec


def document_by_id(lib: Catalog, doc_id: str) -> DocumentRecord:
    """A document by its stable id alone (12 hex digits)."""
    rowid = lib.rowid_of(doc_id)
    rec = lib.record(rowid) if rowid is not None else None
    if rec is None:
        raise NotFound(f"no document with id {doc_id.strip()!r} in this library")
    return rec


def documents_by_number(lib: Catalog, doc_number: str) -> list[DocumentSummary]:
    """The documents bearing a 文号, newest first (BadParameter when it is no 文号)."""
    num = normalize_doc_number(doc_number.strip())
    if not num:
        raise BadParameter("doc_number",
                           f"{doc_number!r} is not a 文号 (like 运盐政发〔2024〕10号; any brackets "
                                         "will do)")
    return lib.summaries(lib.rowids_by_number(num))


def documents(lib: Catalog, issuer: str | None = None, region: str | None = None, year: int | None = None,
              doc_type: str | None = None, page: int = 1,
              limit: int = 20) -> tuple[int, list[DocumentSummary]]:
    """Every document newest first (no query), filtered as a search is: how many, and one page."""
    filters = SearchParams(issuer=issuer, region=region, year=year, doc_type=doc_type).filters()
    return lib.list_documents(filters, page, limit)


@dataclass
class Citations:
    """A document's citations both ways."""

    id: str
    cites: list[CitationLink]
    cited_by: list[CitationLink]


def citations(lib: Catalog, doc_id: str) -> Citations:
    rowid = lib.rowid_of(doc_id)
    if rowid is None:
        raise NotFound(f"no document with id {doc_id.strip()!r} in this library")
    cites, cited_by = lib.links(rowid)
    return Citations(id=doc_id.strip().lower(), cites=cites, cited_by=cited_by)


# -- issues -----------------------------------------------------------------------------------------
def issues(lib: Catalog, region: str | None = None, publisher: str | None = None, year: int | None = None,
           page: int = 1, limit: int = 50) -> tuple[int, list[IssueSummary]]:
    """Issues newest first: how many, and one page."""
    return lib.issues(region=region or None, publisher=publisher or None, year=year, page=page, limit=limit)


def issue(lib: Catalog, issue_id: str) -> IssueRecord:
    found = lib.issue(issue_id)
    if found is None:
        raise NotFound(f"no issue with id {issue_id.strip()!r} in this library")
    return found


@dataclass
class Overview:
    """What a library holds, for its front page."""

    documents: int
    issues: int
    unindexed: int  # stored, not yet searchable
    recent: list[IssueSummary]


def overview(lib: Catalog, recent: int = 8) -> Overview:
    return Overview(documents=lib.count_documents(), issues=lib.count_issues(), unindexed=lib.unindexed(),
                    recent=lib.issues(limit=recent)[1])


# -- extracted facts ------------------------------------------------------------------------------
def today() -> str:
    return datetime.date.today().isoformat()


def unit_names(unit: str | None) -> list[str]:
    """An organ as typed and every other name of it (县住房和城乡建设局 = 县住建局 = …: the alias
    table of gongbao.extract.units); a task or appointment naming any of them is the organ's."""
    from gongbao.extract.units import unit_names as names

    return names(unit or "")


def tasks(lib: Catalog, unit: str | None = None, due_before: str | None = None, due_after: str | None = None,
          overdue: bool | None = None) -> list[TaskRow]:
    """Tasks, soonest deadline first, of a unit (its lead, responsible or qualified units name it
    by either of unit_names), due before / on or after a date; ``overdue`` is for today."""
    rows = lib.tasks(units=unit_names(unit), due_before=due_before, due_after=due_after)
    now = today()
    for r in rows:
        r.overdue = bool(r.deadline and r.deadline < now)
    return [r for r in rows if overdue is None or r.overdue == overdue]


def appointments(lib: Catalog, person: str | None = None, organ: str | None = None,
                 action: Action | None = None) -> list[AppointmentRow]:
    """Appointments newest first, of a person (name contains), in an organ (the organ or the post
    names it by either of unit_names), of one action."""
    check_choice("action", action, Action)
    return lib.appointments(person=person or None, action=action, organs=unit_names(organ))


def money(lib: Catalog, unit: str | None = None, kind: MoneyKind | None = None) -> list[MoneyRow]:
    """Money rules newest first, per ``unit`` (户, 亩 …), of one kind."""
    check_choice("kind", kind, MoneyKind)
    return lib.money(unit=unit or None, kind=kind)


def check_choice(param: str, value: str | None, vocabulary: Any) -> None:
    """BadParameter unless ``value`` is None or one of the Literal ``vocabulary``."""
    if value is not None and value not in get_args(vocabulary):
        raise BadParameter(param, f"{value!r} is not one of {' | '.join(get_args(vocabulary))}")


# -- exports --------------------------------------------------------------------------------------
EXPORT_COLUMNS = ("id", "doc_number", "title", "issuer", "doc_type", "date", "region", "section", "toc_page",
                  "public", "source", "start_line", "end_line", "attachments", "cites", "text")


def records(lib: Catalog, rowids: Iterable[int] | None = None) -> Iterator[DocumentRecord]:
    """The records of these documents (all of them when None), read one at a time; a document
    replaced meanwhile is left out."""
    for rowid in lib.iter_rowids() if rowids is None else rowids:
        rec = lib.record(rowid)
        if rec is not None:
            yield rec


def export_lines(recs: Iterable[DocumentRecord], fmt: ExportFormat = "jsonl",
                 private: bool = False) -> Iterator[str]:
    """Records as JSON lines (every field) or CSV (EXPORT_COLUMNS, lists as JSON), streamed;
    ``private``: without the path the file was ingested from."""
    check_choice("format", fmt, ExportFormat)
    if fmt == "csv":
        yield _csv_row(EXPORT_COLUMNS)
    for rec in recs:
        data = rec.to_dict()
        if private:
            data.pop("source_path")
        if fmt == "jsonl":
            yield json.dumps(data, ensure_ascii=False) + "\n"
        else:
            yield _csv_row([_cell(data[c]) for c in EXPORT_COLUMNS])


def _cell(v: Any) -> Any:
    if isinstance(v, (list, dict)):
        return json.dumps(v, ensure_ascii=False)
    return "" if v is None else v


def _csv_row(values: Iterable[Any]) -> str:
    out = io.StringIO()
    csv.writer(out).writerow(values)
    return out.getvalue()
