"""The full-text index of an embedded library: a tantivy index in a folder beside the SQLite file.

Why tantivy and not SQLite FTS5 (benchmarks/scale.py, RESULTS.md): FTS5 ranks by scoring every
match, so a common term costs time in proportion to the library (a two-character topic took
~140 ms at 100k documents); tantivy keeps the best k with block-max pruning in Rust, and
indexes several times faster into a smaller index.

Fields hold bigram tokens (``index_tokens``) split on spaces, with positions, so that a term is
the phrase of its bigrams: title, meta (文号, issuers, section) and
body are searched and weighted; issuer, region, section, doc type, year and date are there for
filters (a superset of the SQLite filter, which is applied to the candidates after). `rowid` is
documents.id.

The index is written only by the process holding tantivy's writer lock; SQLite stays the
record. Rows whose index entry is still to be written are kept in the SQLite table
index_queue (see gongbao.store.library), so an interrupted ingest is caught up on next open.

Damage is told apart from other errors by the files themselves (check_files): every file
tantivy writes ends with a footer holding the CRC-32 of its bytes, and meta.json lists the
segments and so the files that must be there. A damaged index is rebuilt from SQLite by the
next process that opens the library for writing (gongbao.store.library).
"""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import struct
import threading
import time
import zlib
from array import array
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import tantivy

from gongbao.match import AllOf, AnyOf, Filters, Match, Phrase
from gongbao.store.base import LibraryError
from gongbao.text.searchform import norm

TOKENIZER = "gongbao_bigram"
BOOSTS = {"title": 8.0, "meta": 3.0, "body": 1.0}  # as FTS5 bm25 weights were before
WRITER_HEAP = 256_000_000
WRITER_THREADS = 2
BUSY_SECONDS = 10.0
RECENT_DOCS = 30_000  # top_recent: documents examined in its first step (x4 each step after)
_RUST_META = set("\\.+*?()|[]{}^$#&-~")
_Q = tantivy.Query
_SHOULD, _MUST = tantivy.Occur.Should, tantivy.Occur.Must


# Bump when the search form (gongbao.text.searchform: norm, title_words) or index_tokens change:
# stored index tokens must be rebuilt.
INDEX_VERSION = "4"  # 3: tantivy index, bigrams across punctuation; 4: title words


# Index tokens are the overlapping character bigrams of the whole search form ("煤改电补贴" ->
# "煤改 改电 电补 补贴"), punctuation included, joined by spaces for the index's whitespace
# tokenizer; a text of one character is indexed as itself. A query term of n >= 2 characters is
# the phrase of its n-1 bigrams, which matches exactly where the term occurs as a substring (a
# 文号 with its brackets too); benchmarks/tokenizers.py says why bigram phrases were chosen over
# trigram and jieba indexes.
def index_tokens(normed: str) -> str:
    """Space-separated overlapping bigrams of already-normalized text (no whitespace in it)."""
    n = len(normed)
    if n < 2:
        return normed
    # interleave (c[i], c[i+1], " ") as UTF-32 code units: ~10x faster than joining slices
    src = memoryview(normed.encode("utf-32-le")).cast("I")
    out = array("I", b" \0\0\0" * (3 * (n - 1)))
    view = memoryview(out)
    view[0::3] = src[:-1]
    view[1::3] = src[1:]
    return out.tobytes()[:-4].decode("utf-32-le")


def grams(term: str) -> list[str]:
    """The bigrams whose phrase matches ``term`` (normalized, >= 2 characters) as a substring."""
    return [term[i : i + 2] for i in range(len(term) - 1)]


class IndexBusy(RuntimeError):
    """Another process is writing to the library's index."""


class IndexDamaged(LibraryError):
    """The index folder cannot be read, or its files fail their checksums."""


FOOTER_MAGIC = 1337  # the last 4 bytes of every file tantivy writes
SEGMENT_PARTS = ("fast", "fieldnorm", "idx", "pos", "store", "term")  # the files of a segment (this schema)


def _crc_problem(f: Path) -> str | None:
    """Does ``f`` end with a tantivy footer whose CRC-32 is the one of the bytes before it?"""
    size = f.stat().st_size
    with f.open("rb") as fh:
        if size < 8:
            return "truncated"
        fh.seek(size - 8)
        length, magic = struct.unpack("<II", fh.read(8))
        if magic != FOOTER_MAGIC or length > min(size - 8, 4096):
            return "truncated or overwritten (no footer)"
        fh.seek(size - 8 - length)
        try:
            want = json.loads(fh.read(length))["crc"]
        except (ValueError, KeyError, TypeError):
            return "damaged footer"
        fh.seek(0)
        crc, left = 0, size - 8 - length
        while left:
            block = fh.read(min(left, 1 << 20))
            if not block:
                return "truncated"
            crc, left = zlib.crc32(block, crc), left - len(block)
    return None if crc == want else "checksum mismatch"


def check_files(path: Path,
                verified: dict[str, list[int]] | None = None) -> tuple[str | None, dict[str, list[int]]]:
    """What is wrong with the files of the index at ``path``, in a few words (None: nothing), and
    the files found sound as {name: [size, mtime_ns]}. A file in ``verified`` with the same size
    and time is not read again (tantivy never rewrites a segment file)."""
    try:
        segments = json.loads((path / "meta.json").read_text(encoding="utf-8"))["segments"]
        names = [f"{seg['segment_id'].replace('-', '')}.{part}" for seg in segments for part in SEGMENT_PARTS]
        names += [f"{seg['segment_id'].replace('-', '')}.{seg['deletes']['opstamp']}.del"
                  for seg in segments if seg.get("deletes")]
    except FileNotFoundError:
        return "meta.json is missing", {}
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as e:
        return f"meta.json is unreadable ({type(e).__name__})", {}
    sound: dict[str, list[int]] = {}
    for name in names:
        try:
            st = (path / name).stat()
            key = [st.st_size, st.st_mtime_ns]
            problem = None if (verified or {}).get(name) == key else _crc_problem(path / name)
        except FileNotFoundError:
            problem = "missing"
        except OSError as e:
            problem = f"unreadable ({e.strerror})"
        if problem:
            return f"{name}: {problem}", sound
        sound[name] = key
    return None, sound


WRITER_LOCK = ".tantivy-writer.lock"


def writer_busy(path: Path) -> bool:
    """Does a process hold the index's writer lock (tantivy takes it with flock)?"""
    import fcntl

    try:
        fd = os.open(path / WRITER_LOCK, os.O_RDONLY | os.O_CLOEXEC)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)  # closing lets go of a lock taken here
    return False


def discard(path: Path) -> None:
    """Remove an index folder that is to be rebuilt, unless another process writes to it."""
    if writer_busy(path):
        raise IndexBusy(f"{path}: another gongbao process is writing to this library")
    shutil.rmtree(path, ignore_errors=True)


_T = TypeVar("_T")
_FATAL = (KeyboardInterrupt, SystemExit, GeneratorExit, MemoryError)


def _guarded(method: Callable[..., _T]) -> Callable[..., _T]:
    """An error of the index library while reading becomes IndexDamaged when the files are
    damaged (a flipped byte can make tantivy panic); any other error stays what it is."""

    @functools.wraps(method)
    def wrapper(self: TextIndex, *args: Any, **kwargs: Any) -> _T:
        try:
            return method(self, *args, **kwargs)
        except _FATAL:
            raise
        except BaseException as e:  # noqa: BLE001 - tantivy panics are BaseExceptions
            if isinstance(e, IndexDamaged):
                raise
            problem, _ = check_files(self.path)
            if problem is None and isinstance(e, Exception):
                raise
            raise IndexDamaged(f"{self.path}: the search index is damaged "
                               f"({problem or f'{type(e).__name__}: {e}'})") from None

    return wrapper


@dataclass
class IndexEntry:
    """What the index keeps of one document (token strings from index_tokens)."""

    rowid: int
    title: str
    meta: str
    body: str
    words: str = ""  # title words (gongbao.search.query.title_words)
    issuer: str = ""
    region: str = ""
    section: str = ""
    doc_type: str | None = None
    year: int | None = None
    date: str | None = None


def phrase_cover(grams: Sequence[str], freqs: Sequence[int]) -> list[tuple[int, str]]:
    """The fewest bigrams (with their offsets) that still spell the whole phrase, the rarest
    preferred: token i is characters i and i+1, so every other bigram (and the last) fixes
    every character, and a phrase query over half the posting lists costs about half."""
    n = len(grams) + 1  # characters
    best: list[tuple[int, int] | None] = [None] * (n + 1)  # first c characters fixed: (bigrams, frequency)
    back: list[tuple[int, int]] = [(0, 0)] * (n + 1)
    best[0] = (0, 0)
    for c in range(n):
        if best[c] is None:
            continue
        for i in (c - 1, c):  # a bigram covering character c
            if 0 <= i < len(grams):
                cost = (best[c][0] + 1, best[c][1] + freqs[i])
                if best[i + 2] is None or cost < best[i + 2]:
                    best[i + 2], back[i + 2] = cost, (c, i)
    out, c = [], n
    while c:
        c, i = back[c]
        out.append((i, grams[i]))
    return out[::-1]


def filter_tokens(*values: str | None) -> str:
    return " ".join(index_tokens(norm(v)) for v in values if v)


def date_number(date: str | None, upper: bool = False) -> int | None:
    """2024-03-05 -> 20240305; a partial date is widened to its first (or last) day."""
    parts = [int(x) for x in re.findall(r"\d+", date or "")][:3]
    if not parts or not 1000 <= parts[0] <= 9999:
        return None
    y, m, d = (parts + [12 if upper else 1, 31 if upper else 1][len(parts) - 1 :])[:3]
    return y * 10000 + min(m, 12) * 100 + min(d, 31)


def _schema() -> tantivy.Schema:
    sb = tantivy.SchemaBuilder()
    sb.add_integer_field("rowid", indexed=True, fast=True)
    for name in (*BOOSTS, "f_issuer", "f_region", "f_section"):
        sb.add_text_field(name, tokenizer_name=TOKENIZER, index_option="position")
    sb.add_text_field("title_words", tokenizer_name=TOKENIZER, index_option="freq")
    sb.add_text_field("f_type", tokenizer_name="raw")
    sb.add_integer_field("year", indexed=True, fast=True)
    sb.add_integer_field("date", indexed=True, fast=True)
    return sb.build()


class TextIndex:
    """One library's tantivy index (see module docstring)."""

    def __init__(self, path: Path, create: bool):
        self.path = path
        self.created = False
        if not (path.is_dir() and tantivy.Index.exists(str(path))):
            if not create:
                raise FileNotFoundError(f"{path}: no search index")
            path.mkdir(parents=True, exist_ok=True)
            self.created = True
        try:
            self.index = tantivy.Index(_schema(), path=str(path), reuse=True)
        except _FATAL:
            raise
        except BaseException as e:  # noqa: BLE001 - unreadable meta.json, files of another schema, a panic
            problem, _ = check_files(path)
            raise IndexDamaged(f"{path}: the search index is damaged"
                               f" ({problem or f'{type(e).__name__}: {e}'})"
                               ) from None
        self.index.register_tokenizer(TOKENIZER,
                                      tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace()).build())
        self.schema = self.index.schema
        self._writer: tantivy.IndexWriter | None = None
        self._searcher: tantivy.Searcher | None = None
        self._generation: object = None
        self._lock = threading.Lock()
        self.pending = 0  # documents added or deleted since the last commit

    # -- writing ---------------------------------------------------------------------------
    def writer(self) -> tantivy.IndexWriter:
        """The index writer, taken on first use (and kept: one process writes at a time)."""
        deadline = time.monotonic() + BUSY_SECONDS
        while not self.try_writer():
            if time.monotonic() > deadline:
                raise IndexBusy(f"{self.path}: another gongbao process is writing to this library")
            time.sleep(0.2)
        assert self._writer is not None
        return self._writer

    def try_writer(self) -> bool:
        """Take the writer if no other process holds it; False if one does."""
        if self._writer is None:
            try:
                self._writer = self.index.writer(heap_size=WRITER_HEAP, num_threads=WRITER_THREADS)
            except ValueError as e:
                if "LockBusy" not in str(e):
                    raise
                return False
        return True

    def add(self, entries: Iterable[IndexEntry]) -> None:
        w = self.writer()
        for e in entries:
            w.add_document(tantivy.Document(
                rowid=e.rowid, title=e.title, meta=e.meta, body=e.body, title_words=e.words,
                f_issuer=e.issuer, f_region=e.region,
                f_section=e.section, f_type=e.doc_type or "-", year=e.year or 0,
                date=date_number(e.date) or 0))
            self.pending += 1

    def delete(self, rowids: Iterable[int]) -> None:
        """Remove these documents (only entries added before this call: a rowid can come back)."""
        w = self.writer()
        for r in rowids:
            w.delete_documents_by_term("rowid", r)
            self.pending += 1

    def delete_all(self) -> None:
        self.writer().delete_all_documents()
        self.pending += 1

    def commit(self) -> None:
        if self._writer is not None and self.pending:
            self._writer.commit()
            self.pending = 0
            self._searcher = None

    def abandon(self) -> None:
        """Drop the writes not yet committed and the lock, as a process killed now would leave the
        index (the library catches up from its queue when it is next opened for writing)."""
        if self._writer is not None:
            self._writer.rollback()
            self._writer = None
        self.pending = 0

    def close(self) -> None:
        """Commit, let background merges finish (a compact index searches faster), release the lock."""
        if self._writer is not None:
            self.commit()
            self._writer.wait_merging_threads()
            self._writer = None

    # -- reading ---------------------------------------------------------------------------
    @_guarded
    def searcher(self, generation: object = None) -> tantivy.Searcher:
        """A searcher over the last commit; reloaded when ``generation`` (the library's index
        commit counter) changes."""
        with self._lock:
            if self._searcher is None or generation != self._generation:
                self.index.reload()
                self._searcher = self.index.searcher()
                self._generation = generation
            return self._searcher

    def _leaf(self, text: str, field: str, s: tantivy.Searcher) -> tantivy.Query:
        if len(text) == 1:  # a bigram starting or ending with it, or a one-character text
            c = "\\" + text if text in _RUST_META else text
            return _Q.regex_query(self.schema, field, f"{c}.?|.{c}")
        g = grams(text)
        if len(g) == 1:
            return _Q.term_query(self.schema, field, g[0])
        return _Q.phrase_query(self.schema, field, phrase_cover(g, [s.doc_freq(field, x) for x in g]))

    def query(self, m: Match, s: tantivy.Searcher, fields: Sequence[str] = tuple(BOOSTS),
              within: tantivy.Query | None = None) -> tantivy.Query:
        """Phrases scored in ``fields`` (weighted by BOOSTS). Counting and membership use the
        body only: a document's text holds its title and 文号 lines, at a third of the cost.
        ``within`` (a set of documents, unscored) is joined to every phrase: an intersection is
        fast when its smallest part leads, which a union of fields would hide."""
        if isinstance(m, Phrase):
            leaves = [(f, self._leaf(m.text, f, s)) for f in fields]
            if within is not None:
                leaves = [(f,
                           _Q.boolean_query([(_MUST, q),
                                             (_MUST, _Q.boost_query(within, 0.0))])) for f, q in leaves]
            if len(leaves) == 1:
                return leaves[0][1]
            return _Q.boolean_query([(_SHOULD, _Q.boost_query(q, BOOSTS[f])) for f, q in leaves])
        subs = [(_SHOULD if isinstance(m, AnyOf) else _MUST,
                 self.query(p, s, fields, within)) for p in m.parts]
        if isinstance(m, AllOf) and fields != ("body",):  # optional parts: scored where they are cheap
            subs += [(_SHOULD,
                      self.query(p, s, [f for f in fields if f != "body"] or fields,
                                 within)) for p in m.boost]
        return subs[0][1] if len(subs) == 1 else _Q.boolean_query(subs)

    def filter_query(self, f: Filters | None, s: tantivy.Searcher) -> tantivy.Query | None:
        """A superset of what `f` keeps (exact semantics: SQLite, on the candidates)."""
        if f is None or not f.any():
            return None
        clauses = []
        for value, field in ((f.issuer, "f_issuer"), (f.region, "f_region"), (f.section, "f_section")):
            v = norm(value)
            if v:
                clauses.append(self._leaf(v, field, s))
        if f.year is not None:
            clauses.append(_Q.term_query(self.schema, "year", f.year))
        lo, hi = date_number(f.date_from), date_number(f.date_to, upper=True)
        if lo or hi:
            clauses.append(_Q.range_query(self.schema, "date", tantivy.FieldType.Integer,
                                          lo or 0, hi or 99991231))
        if f.doc_type:
            by_title = [(_MUST, _Q.term_query(self.schema, "f_type", "-"))]
            if norm(f.doc_type):
                by_title.append((_MUST, self._leaf(norm(f.doc_type), "title", s)))
            clauses.append(_Q.boolean_query([(_SHOULD, _Q.term_query(self.schema, "f_type", f.doc_type)),
                                             (_SHOULD, _Q.boolean_query(by_title))]))
        if not clauses:
            return None
        return _Q.boolean_query([(_MUST, c) for c in clauses])

    def _rowids(self, searcher: tantivy.Searcher, hits: list) -> list[int]:
        return searcher.fast_field_values("rowid", [a for _, a in hits]) if hits else []

    @_guarded
    def top(self, m: Match, filters: Filters | None, k: int, generation: object = None,
            fields: Sequence[str] = tuple(BOOSTS)) -> list[tuple[int, float]]:
        """The best ``k`` matches in ``fields`` (rowid, BM25 score over title > meta > body)."""
        s = self.searcher(generation)
        return self._top(s, self.query(m, s, fields), filters, k)

    @_guarded
    def top_recent(self, m: Match, filters: Filters | None, k: int, newest: int, generation: object = None
                   ) -> list[tuple[int, float]]:
        """The best ``k`` matches among the documents added last, taking earlier ones until ``k``
        are found: ranking costs time in proportion to the documents examined, and a range of
        rows is a run of neighbouring index documents that tantivy skips to (``newest``: the
        highest rowid)."""
        s = self.searcher(generation)
        hits: list[tuple[int, float]] = []
        hi, step = newest, RECENT_DOCS
        while hi > 0 and len(hits) < k:
            lo = max(0, hi - step + 1)
            hits += self._top(s, self.query(m, s, within=self._rows(lo, hi)), filters, k)
            seen, hi, step = newest - lo + 1, lo - 1, step * 4
            if len(hits) * hi < k * seen:  # the rest holds at most about k more: rank it at once
                step = hi + 1
        return sorted(hits, key=lambda h: -h[1])[:k]

    def _rows(self, lo: int, hi: int) -> tantivy.Query:
        return _Q.range_query(self.schema, "rowid", tantivy.FieldType.Integer, lo, hi)

    def _top(self, s: tantivy.Searcher, q: tantivy.Query, filters: Filters | None,
             k: int) -> list[tuple[int, float]]:
        fq = self.filter_query(filters, s)
        if fq is not None:
            q = _Q.boolean_query([(_MUST, q), (_MUST, _Q.boost_query(fq, 0.0))])
        hits = s.search(q, k, count=False).hits
        return list(zip(self._rowids(s, hits), (h[0] for h in hits)))

    @_guarded
    def exists(self, m: Match, newest: int, generation: object = None) -> bool:
        """Is there a match? The titles of the documents added last first (a common expression
        is found there at a fraction of the cost), then their text, then every text (which
        holds the title and 文号 lines too)."""
        s = self.searcher(generation)
        recent = self._rows(newest - RECENT_DOCS + 1, newest) if newest > RECENT_DOCS else None
        tries = [self.query(m, s, ("title",), within=recent)]
        if recent is not None:
            tries.append(self.query(m, s, ("body",), within=recent))
        tries.append(self.query(m, s, ("body",)))
        return any(s.search(q, 1, count=False).hits for q in tries)

    @_guarded
    def matching(self, m: Match, filters: Filters | None, limit: int | None, generation: object = None
                 ) -> tuple[list[int], int]:
        """Row ids of the documents whose text matches ``m`` and that pass a superset of
        ``filters``: at most ``limit`` of them (None: every one), and how many there are."""
        s = self.searcher(generation)
        q = self.query(m, s, ("body",))
        fq = self.filter_query(filters, s)
        if fq is not None:
            q = _Q.boolean_query([(_MUST, q), (_MUST, _Q.boost_query(fq, 0.0))])
        if limit:  # one pass: counted, and the best ``limit`` listed
            found = s.search(q, limit, count=True)
            return self._rowids(s, found.hits), found.count or 0
        n = s.search(q, 1, count=True).count or 0
        k = n if limit is None else 0
        return (self._rowids(s, s.search(q, k, count=False).hits) if k else []), n

    @_guarded
    def count(self, m: Match, generation: object = None) -> int:
        s = self.searcher(generation)
        return s.search(self.query(m, s, ("body",)), 1, count=True).count or 0

    @_guarded
    def among(self, m: Match, rowids: Sequence[int], generation: object = None) -> set[int]:
        """Which of ``rowids`` match."""
        if not rowids:
            return set()
        s = self.searcher(generation)
        q = _Q.boolean_query([(_MUST, self._rowid_set(rowids)), (_MUST, self.query(m, s, ("body",)))])
        return set(self._rowids(s, s.search(q, len(rowids), count=False).hits))

    def _rowid_set(self, rowids: Sequence[int]) -> tantivy.Query:
        # a union of one-document terms: term_set_query reads the whole rowid column instead
        return _Q.boolean_query([(_SHOULD, _Q.term_query(self.schema, "rowid", r)) for r in rowids])

    @_guarded
    def title_word_among(self, word: str, rowids: Sequence[int], generation: object = None) -> set[int]:
        """Which of ``rowids`` have ``word`` among their title words (on jieba word boundaries)."""
        if not rowids:
            return set()
        s = self.searcher(generation)
        q = _Q.boolean_query([(_MUST, self._rowid_set(rowids)),
                              (_MUST, _Q.term_query(self.schema, "title_words", word))])
        return set(self._rowids(s, s.search(q, len(rowids), count=False).hits))

    @_guarded
    def estimate(self, m: Match, n: int, generation: object = None) -> int:
        """An upper bound of count(m) from the bigrams' document frequencies (no posting list read)."""
        s = self.searcher(generation)
        if isinstance(m, Phrase):
            g = grams(m.text)
            if not g:
                return n
            return min(s.doc_freq("body", x) for x in g)
        parts = [self.estimate(p, n, generation) for p in m.parts]
        return min(n, sum(parts)) if isinstance(m, AnyOf) else min(parts)

    @_guarded
    def num_docs(self, generation: object = None) -> int:
        return self.searcher(generation).num_docs
