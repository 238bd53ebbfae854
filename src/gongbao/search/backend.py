"""What the search engine asks of a library: the interface a storage backend answers
(gongbao.store.matching for the embedded library; a PostgreSQL backend answers it again).

Full-text questions are gongbao.match values, metadata ones gongbao.match.Filters; documents
are named by their row ids. Nothing here knows SQL or an index.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from gongbao.match import Filters, Match


class StoredRow(Protocol):
    """A stored document as the engine ranks and shows it."""

    doc_id: str
    title: str | None
    doc_number: str | None
    issuer: str | None
    doc_type: str | None
    date: str | None
    region: str | None
    section: str | None
    start_line: int
    span_start: int
    source: str


class Repository(Protocol):
    def count_documents(self) -> int: ...
    def unindexed(self) -> int: ...  # stored, not yet searchable
    def state(self) -> tuple: ...  # changes whenever the library does (a key for cached counts)
    def documents(self, rowids: Sequence[int], with_text: bool = False) -> dict[int, StoredRow]: ...
    def texts(self, rowids: Sequence[int]) -> dict[int, str]: ...
    def search_texts(self, rowids: Sequence[int], body: bool = True) -> dict[int, tuple[str, str]]: ...
    def rowids_by_number(self, doc_number: str) -> list[int]: ...
    def rowids_citing(self, doc_number: str) -> list[int]: ...
    def match_count(self, m: Match) -> int: ...
    def match_rowids(self, m: Match, filters: Filters | None,
                     limit: int | None) -> tuple[list[int], bool]: ...
    def match_set(self, m: Match, limit: int) -> tuple[int, frozenset[int] | None]: ...  # count, rowids
    def match_estimate(self, m: Match) -> int: ...
    def match_exists(self, m: Match) -> bool: ...
    def match_among(self, m: Match, rowids: Sequence[int]) -> set[int]: ...
    def title_word_among(self, word: str, rowids: Sequence[int]) -> set[int]: ...
    def match_candidates(self, m: Match, filters: Filters | None, limit: int,
                         recent_first: bool = True) -> list[tuple[int, float]]: ...
    def ranks_recent_first(self, m: Match) -> bool: ...  # match_candidates(m) ranks the last added first
    def filter_rowids(self, rowids: Sequence[int], filters: Filters | None) -> list[int]: ...
    # the stored documents among rowids, and the commonest values of each of gongbao.match.FACETS
    def facet_counts(self, rowids: Sequence[int]) -> tuple[list[int], dict[str, list[tuple[Any, int]]]]: ...
