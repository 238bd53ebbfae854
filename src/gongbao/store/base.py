"""The storage boundary: what ingest, search and the CLI need from a library backend.

`gongbao.store.library.Library` implements it on SQLite and tantivy; a PostgreSQL backend
implements the same methods. Full-text questions come as `gongbao.search.match` values
(substring phrases combined with any/all), so a backend needs an index that answers "where
does this normalized text occur" (bigram phrases over the token strings of `gongbao.store.library.fts_row`,
or pg_trgm) and ranks matches.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from gongbao.models import Gazette

if TYPE_CHECKING:
    from gongbao.search.match import Match


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


class Repository(Protocol):
    def store_gazette(self, gazette: Gazette, source_path: str, sha256: str,
                      fts_rows: list[Any] | None = None) -> str: ...  # gongbao.store.library.prepare_fts
    def flush(self) -> None: ...
    def issue_by_path(self, source_path: str) -> tuple[int, str] | None: ...
    def has_checksum(self, sha256: str) -> bool: ...
    def count_documents(self) -> int: ...
    def unindexed(self) -> int: ...  # stored, not yet searchable
    def state(self) -> tuple: ...
    def documents(self, rowids: Sequence[int], with_text: bool = False) -> dict[int, StoredDoc]: ...
    def texts(self, rowids: Sequence[int]) -> dict[int, str]: ...
    def search_texts(self, rowids: Sequence[int], body: bool = True) -> dict[int, tuple[str, str]]: ...
    def rowids_by_number(self, doc_number: str) -> list[int]: ...
    def rowids_citing(self, doc_number: str) -> list[int]: ...
    def match_count(self, m: Match) -> int: ...
    def match_rowids(self, m: Match, filters: Filters | None, limit: int | None) -> tuple[list[int], bool]: ...
    def match_estimate(self, m: Match) -> int: ...
    def match_exists(self, m: Match) -> bool: ...
    def match_among(self, m: Match, rowids: Sequence[int]) -> set[int]: ...
    def title_word_among(self, word: str, rowids: Sequence[int]) -> set[int]: ...
    def match_candidates(self, m: Match, filters: Filters | None, limit: int,
                         recent_first: bool = True) -> list[tuple[int, float]]: ...
    def filter_rowids(self, rowids: Sequence[int], filters: Filters | None) -> list[int]: ...
    def facet_values(self, rowids: Sequence[int]) -> list[tuple]: ...  # (issuer, …, source, rowid)
    def resolve_key(self, key: str) -> int | None: ...
    def document_record(self, rowid: int) -> dict[str, Any]: ...
    def links_of(self, rowid: int) -> dict[str, list[dict[str, Any]]]: ...
    def iter_rowids(self) -> Iterator[int]: ...
    def query_tasks(self, unit: str | None = None, due_before: str | None = None,
                    due_after: str | None = None) -> list[dict[str, Any]]: ...
    def query_appointments(self, person: str | None = None, action: str | None = None) -> list[dict[str, Any]]: ...
    def query_money(self, unit: str | None = None, kind: str | None = None) -> list[dict[str, Any]]: ...
