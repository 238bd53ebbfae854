"""The storage boundary: what ingest, the query layer and the search engine need from a library.

`gongbao.store.library.Library` implements all three on SQLite and tantivy; a PostgreSQL
backend implements them again:
- ``Store``: writing parsed files (gongbao.store.ingest);
- ``ReadModel``: the typed records the query layer (gongbao.query) serves — documents, citation
  links, issues, facts (gongbao.store.records);
- ``Repository``: what the search engine asks (gongbao.search.engine). Full-text questions come
  as `gongbao.search.match` values (substring phrases combined with any/all), so a backend
  needs an index that answers "where does this normalized text occur" (bigram phrases, or
  pg_trgm) and ranks matches.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from gongbao.models import Gazette

if TYPE_CHECKING:
    from gongbao.search.match import Match
    from gongbao.store.records import (AppointmentRow, CitationLink, DocumentRecord, DocumentSummary,
                                       IssueRecord,
                                       IssueSummary, MoneyRow, TaskRow)


class LibraryError(RuntimeError):
    """A library that cannot be used as it is: the message names the file and says why and
    what to do, in one line."""


@dataclass
class Filters:
    issuer: str | None = None  # substring of the issuer (any joint issuer)
    region: str | None = None  # substring of the region (运城市盐湖区)
    year: int | None = None
    date_from: str | None = None  # ISO, inclusive
    date_to: str | None = None  # ISO, inclusive
    doc_type: str | None = None  # 通知 / 批复 / … (the title's ending when the parser gave none)
    section: str | None = None  # substring of the gazette section

    def any(self) -> bool:
        return any(v is not None for v in vars(self).values())


@dataclass
class StoredDoc:
    """A stored document as the search engine ranks and shows it (``id`` is the row id)."""

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


class Repository(Protocol):
    """What the search engine asks of a library."""

    def count_documents(self) -> int: ...
    def unindexed(self) -> int: ...  # stored, not yet searchable
    def state(self) -> tuple: ...
    def documents(self, rowids: Sequence[int], with_text: bool = False) -> dict[int, StoredDoc]: ...
    def texts(self, rowids: Sequence[int]) -> dict[int, str]: ...
    def search_texts(self, rowids: Sequence[int], body: bool = True) -> dict[int, tuple[str, str]]: ...
    def rowids_by_number(self, doc_number: str) -> list[int]: ...
    def rowids_citing(self, doc_number: str) -> list[int]: ...
    def match_count(self, m: Match) -> int: ...
    def match_rowids(self, m: Match, filters: Filters | None,
                     limit: int | None) -> tuple[list[int], bool]: ...
    def match_estimate(self, m: Match) -> int: ...
    def match_exists(self, m: Match) -> bool: ...
    def match_among(self, m: Match, rowids: Sequence[int]) -> set[int]: ...
    def title_word_among(self, word: str, rowids: Sequence[int]) -> set[int]: ...
    def match_candidates(self, m: Match, filters: Filters | None, limit: int,
                         recent_first: bool = True) -> list[tuple[int, float]]: ...
    def filter_rowids(self, rowids: Sequence[int], filters: Filters | None) -> list[int]: ...
    def facet_values(self, rowids: Sequence[int]) -> list[tuple]: ...  # (issuer, …, source, rowid)
