"""The storage boundary: what ingest and the query layer need from a library backend.

`gongbao.store.library.Library` implements it on SQLite and tantivy; a PostgreSQL backend
implements it again:
- ``Store``: writing parsed files (gongbao.store.ingest);
- ``ReadModel``: the typed records the query layer (gongbao.query) serves — documents, citation
  links, issues, facts (gongbao.store.records).
What the search engine asks of a library is its own interface (gongbao.search.backend.Repository,
answered by gongbao.store.matching): full-text questions come as gongbao.match values
(substring phrases combined with any/all), so a backend needs an index that answers "where does
this text in search form occur" (bigram phrases, or pg_trgm) and ranks matches.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from gongbao.match import Filters
from gongbao.models import Gazette

if TYPE_CHECKING:
    from gongbao.store.records import (AppointmentRow, CitationLink, DocumentRecord, DocumentSummary,
                                       IssueRecord,
                                       IssueSummary, MoneyRow, TaskRow)


class LibraryError(RuntimeError):
    """A library that cannot be used as it is: the message names the file and says why and
    what to do, in one line."""


@dataclass
class StoredDoc:
    """A stored document as the search engine ranks and shows it (``id`` is the row id;
    gongbao.search.backend.StoredRow)."""

    id: int
    doc_id: str
    title: str | None
    doc_number: str | None
    issuer: str | None
    doc_type: str | None
    date: str | None
    year: int | None
    region: str | None
    section: str | None
    start_line: int
    end_line: int
    span_start: int
    source: str
    text: str | None = None


class Store(Protocol):
    """Writing: one parsed file at a time, each in one transaction (gongbao.store.ingest)."""

    def store_gazette(self, gazette: Gazette, source_path: str, sha256: str,
                      fts_rows: list[Any] | None = None) -> str: ...  # gongbao.store.library.prepare_fts
    def flush(self) -> None: ...
    def issue_by_path(self, source_path: str) -> tuple[int, str] | None: ...
    def has_checksum(self, sha256: str) -> bool: ...
    def count_documents(self) -> int: ...


class ReadModel(Protocol):
    """Reading, for the query layer. Documents are found by stable id or 文号 and then named by
    their row id (what the search engine returns too)."""

    def count_documents(self) -> int: ...
    def count_issues(self) -> int: ...
    def unindexed(self) -> int: ...  # stored, not yet searchable
    def state(self) -> tuple: ...  # changes whenever the library does (a key for caches)
    def resolve_key(self, key: str) -> int | None: ...  # stable id or 文号
    def rowid_of(self, doc_id: str) -> int | None: ...  # stable id only
    def rowids_by_number(self, doc_number: str) -> list[int]: ...
    def iter_rowids(self) -> Iterator[int]: ...
    def record(self, rowid: int, with_text: bool = True) -> DocumentRecord | None: ...
    def links(self, rowid: int) -> tuple[list[CitationLink], list[CitationLink]]: ...  # cites, cited by
    def summaries(self, rowids: Sequence[int]) -> list[DocumentSummary]: ...
    def list_documents(self, filters: Filters | None, page: int,
                       limit: int) -> tuple[int, list[DocumentSummary]]: ...
    def issues(self, region: str | None = None, publisher: str | None = None, year: int | None = None,
               page: int = 1, limit: int = 50) -> tuple[int, list[IssueSummary]]: ...
    def issue(self, issue_id: str) -> IssueRecord | None: ...
    def issue_counts(self) -> dict[str, list[tuple[Any, int]]]: ...
    def tasks(self, units: Sequence[str] = (), due_before: str | None = None,
              due_after: str | None = None) -> list[TaskRow]: ...
    def appointments(self, person: str | None = None, action: str | None = None,
                     organs: Sequence[str] = ()) -> list[AppointmentRow]: ...
    def money(self, unit: str | None = None, kind: str | None = None) -> list[MoneyRow]: ...
