"""Answering the search engine (gongbao.search.backend.Repository): full-text matches from the
tantivy index, the metadata and texts of candidates from SQLite.

A mixin of gongbao.store.library.Library (``self.db``, ``self._searchable()``).
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import numpy as np

from gongbao.match import FACET_TOP, FACETS, Filters, Match, phrases
from gongbao.store.base import StoredDoc
from gongbao.store.reading import CHUNK, filter_sql
from gongbao.store import textindex
from gongbao.store.textindex import TextIndex
from gongbao.text.searchform import norm

FULL_RANK_MAX = 15_000  # more likely matches than this: the documents added last ranked first (all is slow)
# ... for an expression of one-bigram words (no positions to check) in a library under ten times
# the documents top_recent examines first: ranking all of 100,000 matches takes ~1 ms there, less
# than the documents added last first (a phrase's: 8-18 ms against 3-7); at 1M those take 0.2-0.6
FULL_RANK_WORDS_MAX = 150_000
FACET_TABLE_MIN = 100  # documents counted at once from which the whole library's FacetTable may pay
FACET_ROW_COST = 3e-6  # seconds to build a FacetTable, per document of the library (2.9 us at 100k)
FACET_TABLE_PAYS = 0.1  # share of a FacetTable's cost spent reading facets from SQLite before it is built

FACET_SQL = ("SELECT d.id, d.issuer, d.region, d.year, d.doc_type, d.section, i.source_name"
             " FROM documents d JOIN issues i ON i.id = d.issue_id")  # (rowid, *FACETS)
# one table per library in a process, shared by its readers (a server opens one per thread)
_FACET_TABLES: dict[str, tuple[tuple, FacetTable]] = {}  # library path -> (its state, its table)
_FACET_SPENT: dict[str, float] = {}  # library path -> seconds spent reading facets since its table was built
_FACET_LOCK = threading.Lock()


class FacetTable:
    """The FACETS of stored documents as integer codes, one array per facet, in row id order
    (found by binary search): counting them over the thousands of documents a search finds is one numpy pass
    instead of reading those rows from SQLite (~1.5 ms per thousand, a search's costliest step).
    Built from rows of FACET_SQL: the whole library's, once per state, or a few documents'."""

    def __init__(self, rows: Iterable[Sequence[Any]], batch: int = 50_000) -> None:
        ids: list[np.ndarray] = []
        codes: list[list[np.ndarray]] = [[] for _ in FACETS]
        self.values: list[list[Any]] = [[] for _ in FACETS]  # code -> value
        index: list[dict[Any, int]] = [{} for _ in FACETS]
        it = iter(rows)
        while chunk := [r for _, r in zip(range(batch), it)]:
            columns = list(zip(*chunk))
            ids.append(np.array(columns[0], dtype=np.int64))
            for k, col in enumerate(columns[1:]):
                seen = index[k]
                codes[k].append(np.array([seen.setdefault(v, len(seen)) for v in col], dtype=np.int32))
        for k, seen in enumerate(index):
            self.values[k] = list(seen)
        rowids = np.concatenate(ids) if ids else np.zeros(0, dtype=np.int64)
        order = np.argsort(rowids, kind="stable")  # (already in order when read ORDER BY d.id)
        self.rowids = rowids[order]
        self.codes = [np.concatenate(c)[order] if c else np.zeros(0, dtype=np.int32) for c in codes]

    def count(self, rowids: Sequence[int]) -> tuple[list[int], dict[str, list[tuple[Any, int]]]]:
        """The stored documents among ``rowids`` (in their order) and the FACET_TOP commonest
        values of each facet over them, ties in the order values were first met."""
        r = np.fromiter(rowids, dtype=np.int64, count=len(rowids))
        at = np.minimum(np.searchsorted(self.rowids, r), max(len(self.rowids) - 1, 0))
        known = self.rowids[at] == r if len(self.rowids) else np.zeros(len(r), dtype=bool)
        r, at = r[known], at[known]
        out = {}
        for name, codes, values in zip(FACETS, self.codes, self.values):
            counts = np.bincount(codes[at], minlength=len(values))
            if None in values:
                counts[values.index(None)] = 0
            top = np.flatnonzero(counts)
            if len(top) > FACET_TOP:
                top = top[np.argpartition(-counts[top], FACET_TOP - 1)[:FACET_TOP]]
            top = top[np.lexsort((top, -counts[top]))]
            out[name] = [(values[i], int(counts[i])) for i in top]
        return r.tolist(), out


class Matching:
    """The search engine's questions, answered by a SQLite library and its index."""

    db: sqlite3.Connection
    _searchable: Callable[[], tuple[TextIndex, str | None]]  # the index, this process's writes flushed
    state: Callable[[], tuple]  # changes whenever the library does; its first item: the library's path

    _DOC_COLS = ("d.id, d.doc_id, d.title, d.doc_number, d.issuer, d.doc_type, d.date, d.year, d.region,"
                 " d.section, d.start_line, d.end_line, d.span_start, i.source_name AS source")

    def _stored(self, r: sqlite3.Row) -> StoredDoc:
        return StoredDoc(*r)  # _DOC_COLS are in StoredDoc's field order

    def documents(self, rowids: Sequence[int], with_text: bool = False) -> dict[int, StoredDoc]:
        """The stored documents with these internal row ids."""
        out: dict[int, StoredDoc] = {}
        cols = self._DOC_COLS + (", t.text" if with_text else "")
        join = " JOIN doc_text t ON t.id = d.id" if with_text else ""
        ids = list(rowids)
        for k in range(0, len(ids), CHUNK):
            chunk = ids[k : k + CHUNK]
            q = (f"SELECT {cols} FROM documents d JOIN issues i ON i.id = d.issue_id{join}"
                 f" WHERE d.id IN ({','.join('?' * len(chunk))})")
            for r in self.db.execute(q, chunk):
                out[r["id"]] = self._stored(r)
        return out

    def rowids_citing(self, doc_number: str) -> list[int]:
        return [r[0] for r in self.db.execute(
            "SELECT src FROM links WHERE cited_number = ? ORDER BY src DESC", (doc_number,))]

    # -- full-text matching (gongbao.match, answered by the tantivy index) ------------------
    def match_count(self, m: Match) -> int:
        """How many documents match."""
        idx, gen = self._searchable()
        return idx.count(m, gen)

    def match_rowids(self, m: Match, filters: Filters | None, limit: int | None) -> tuple[list[int], bool]:
        """Documents whose text matches ``m`` and that pass ``filters``, from at most ``limit``
        index matches (None: all), and whether that was every match. Without filters they come
        from the index alone: while an ingest replaces an issue, its old documents may be among
        them until the index commits (facet_values skips them)."""
        idx, gen = self._searchable()
        rows, n = idx.matching(m, filters, limit, gen)
        complete = len(rows) == n
        return (self.filter_rowids(rows, filters) if filters is not None and filters.any()
                else rows), complete

    def match_set(self, m: Match, limit: int) -> tuple[int, frozenset[int] | None]:
        """How many documents match, and which when at most ``limit`` (else None)."""
        idx, gen = self._searchable()
        rows, n = idx.matching(m, None, limit, gen)
        return n, (frozenset(rows) if n <= limit else None)

    def match_exists(self, m: Match) -> bool:
        """Does any document match?"""
        idx, gen = self._searchable()
        return idx.exists(m, self._newest(), gen)

    def _newest(self) -> int:
        return self.db.execute("SELECT coalesce(max(id), 0) FROM documents").fetchone()[0]

    def match_estimate(self, m: Match) -> int:
        """An upper bound of match_count, from index statistics only (constant time)."""
        idx, gen = self._searchable()
        return idx.estimate(m, idx.num_docs(gen), gen)

    def match_among(self, m: Match, rowids: Sequence[int]) -> set[int]:
        """Which of these documents match."""
        idx, gen = self._searchable()
        return idx.among(m, rowids, gen)

    def title_word_among(self, word: str, rowids: Sequence[int]) -> set[int]:
        """Which of these documents have ``word`` as a word of their title (jieba)."""
        idx, gen = self._searchable()
        return idx.title_word_among(word, rowids, gen)

    def match_candidates(self, m: Match, filters: Filters | None, limit: int,
                         recent_first: bool = True) -> list[tuple[int, float]]:
        """(row id, BM25 score over title > 文号/issuer/section > text) of the best ``limit``
        matches that pass the filters. Ranking every match of a very common expression costs
        time in proportion to the library: then (unless not ``recent_first``) the documents
        added last are ranked first, earlier ones only while too few match
        (TextIndex.top_recent)."""
        idx, gen = self._searchable()
        if recent_first and self.ranks_recent_first(m):
            hits = idx.top_recent(m, filters, limit, self._newest(), gen)
        else:
            hits = idx.top(m, filters, limit, gen)
        if filters is not None and filters.any():
            keep = set(self.filter_rowids([r for r, _ in hits], filters))
            hits = [h for h in hits if h[0] in keep]
        return hits

    def ranks_recent_first(self, m: Match) -> bool:
        """Would match_candidates rank the documents added last first (else: every match)?"""
        idx, gen = self._searchable()
        n = idx.num_docs(gen)
        words = all(len(text) <= 2 for text in phrases(m)) and n < 10 * textindex.RECENT_DOCS
        return idx.estimate(m, n, gen) > (FULL_RANK_WORDS_MAX if words else FULL_RANK_MAX)

    def filter_rowids(self, rowids: Sequence[int], filters: Filters | None) -> list[int]:
        """The stored documents among ``rowids`` that pass ``filters``, in their order (an index
        read while an ingest replaces an issue may still name its old documents)."""
        fsql, fargs = filter_sql(filters)
        if not rowids:
            return []
        keep = set()
        ids = list(rowids)
        cur = self.db.cursor()
        cur.row_factory = None  # plain tuples: thousands of ids are read here
        for k in range(0, len(ids), CHUNK):
            chunk = ids[k : k + CHUNK]
            q = f"SELECT d.id FROM documents d WHERE d.id IN ({','.join('?' * len(chunk))}){fsql}"
            keep.update(r for (r,) in cur.execute(q, (*chunk, *fargs)))
        return [r for r in rowids if r in keep]

    def facet_counts(self, rowids: Sequence[int]) -> tuple[list[int], dict[str, list[tuple[Any, int]]]]:
        """The stored documents among ``rowids`` (in their order) and the commonest values of
        each facet (gongbao.match.FACETS) over them. Many documents are counted in a table of
        the whole library once reading them from SQLite has cost this process FACET_TABLE_PAYS
        of what building it does (rent or buy): a one-off search (the CLI) reads the documents
        it found, a server soon counts from the table, built once for each library state."""
        ids = list(rowids)
        if not ids:
            return [], {name: [] for name in FACETS}
        cur = self.db.cursor()
        cur.row_factory = None  # plain tuples: thousands of rows are read here
        state = self.state() if len(ids) >= FACET_TABLE_MIN else None
        if state is not None:
            with _FACET_LOCK:  # one build at a time: the server's other threads wait for it, not build theirs
                held = _FACET_TABLES.get(state[0])
                pays = _FACET_SPENT.get(state[0], 0.0) >= FACET_TABLE_PAYS * FACET_ROW_COST * self._newest()
                if (held is None or held[0] != state) and pays:
                    table = FacetTable(cur.execute(FACET_SQL + " ORDER BY d.id"))
                    held = _FACET_TABLES[state[0]] = (state, table)
                    _FACET_SPENT[state[0]] = 0.0
            if held is not None and held[0] == state:
                return held[1].count(ids)
        t = time.perf_counter()
        rows: list[tuple] = []
        for k in range(0, len(ids), CHUNK):
            chunk = ids[k : k + CHUNK]
            rows += cur.execute(f"{FACET_SQL} WHERE d.id IN ({','.join('?' * len(chunk))})", chunk)
        rows.sort()  # by row id, as the table is built: ties in the same order
        counted = FacetTable(rows).count(ids)
        if state is not None:
            _FACET_SPENT[state[0]] = _FACET_SPENT.get(state[0], 0.0) + time.perf_counter() - t
        return counted

    def texts(self, rowids: Sequence[int]) -> dict[int, str]:
        out = {}
        ids = list(rowids)
        for k in range(0, len(ids), CHUNK):
            chunk = ids[k : k + CHUNK]
            for r in self.db.execute("SELECT id, text FROM doc_text WHERE id IN"
                                     f" ({','.join('?' * len(chunk))})", chunk):
                out[r[0]] = r[1]
        return out

    def search_texts(self, rowids: Sequence[int], body: bool = True) -> dict[int, tuple[str, str]]:
        """(title, text) in search form (gongbao.text.searchform.norm); text "" unless ``body``."""
        out = {}
        ids = list(rowids)
        for k in range(0, len(ids), CHUNK):
            chunk = ids[k : k + CHUNK]
            marks = ",".join("?" * len(chunk))
            if body:
                q = (f"SELECT d.id, d.search_title, t.text FROM documents d JOIN doc_text t ON t.id = d.id"
                     f" WHERE d.id IN ({marks})")
            else:
                q = f"SELECT id, search_title, '' FROM documents WHERE id IN ({marks})"
            for r in self.db.execute(q, chunk):
                out[r[0]] = (r[1], norm(r[2]) if r[2] else "")
        return out

