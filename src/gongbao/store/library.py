"""The embedded library: issues, documents, TOC, citations and extracted facts in one SQLite
file, and its full-text index (gongbao.store.textindex) in a folder beside it.

`Library` is the only code that speaks SQL (its reading in gongbao.store.reading). Everything
above it goes through the interfaces of gongbao.store.base — ``Store`` (ingest), ``ReadModel``
(the query layer), ``Repository`` (the search engine) — so a PostgreSQL backend implements
those again.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import gongbao
from gongbao.docnum import normalize_doc_number
from gongbao.extract.units import region_of
from gongbao.models import Document, Gazette, IssueInfo
from gongbao.store.base import LibraryError
from gongbao.store.health import check_file, check_sqlite
from gongbao.store.identity import cited_title_key, gazette_ids, issue_key, masthead_key, short_id, unique_id
from gongbao.store.matching import Matching
from gongbao.store.reading import Reading
from gongbao.store.schema import DDL, OBSOLETE, SCHEMA_VERSION, UPGRADES, statements
from gongbao.store.textindex import (INDEX_VERSION, IndexDamaged, IndexEntry, TextIndex, check_files, discard,
                                     filter_tokens, index_tokens, writer_busy)
from gongbao.text.canonical import canonical
from gongbao.text.searchform import norm, title_words
from gongbao.text.decode import open_regular

COMMIT_EVERY = 20_000  # documents written to the index between commits during a long ingest
COMMIT_SECONDS = 60.0  # and at most this long between commits, so that searches elsewhere keep up

class DuplicateIssue(LibraryError):
    """The issue is already stored from another file that still exists (reported, not stored twice)."""


@dataclass
class IndexRow:
    """What search keeps of a document, computed from the parse alone (CPU-heavy and pure: it
    runs in the parser processes): the title in search form (stored for re-ranking) and the
    index entry, whose rowid is set when the document is stored."""

    search_title: str
    entry: IndexEntry


def document_year(d: Document) -> int | None:
    return int(d.date[:4]) if d.date and d.date[:4].isdigit() else None


def document_region(d: Document, issue_region: str | None) -> str | None:
    """The region of the issue (its masthead), else the place its first issuer names
    (运城市住房和城乡建设局 -> 运城市)."""
    return issue_region or next(filter(None, map(region_of, [d.issuer, *(d.issuers or [])])), None)


def fts_row(d: Document, text: str, issue_region: str | None) -> IndexRow:
    """The index row of one document (its text in search form, gongbao.text.searchform; the tokens
    of gongbao.store.textindex)."""
    num = normalize_doc_number(d.doc_number) or d.doc_number
    t = norm(d.title)
    meta = " ".join(index_tokens(norm(x)) for x in (num, d.issuer, d.section) if x)
    entry = IndexEntry(rowid=0, title=index_tokens(t), meta=meta, body=index_tokens(norm(text)),
                       words=title_words(t),
                       issuer=filter_tokens(d.issuer, *(d.issuers or [])),
                       region=filter_tokens(document_region(d, issue_region)),
                       section=filter_tokens(d.section),
                       doc_type=d.doc_type, year=document_year(d), date=d.date)
    return IndexRow(t, entry)


def prepare_fts(gazette: Gazette) -> list[IndexRow]:
    """The index rows of a gazette's documents (run it in a parser process)."""
    region = region_of(gazette.issue.title)
    return [fts_row(d, gazette.document_text(d), region) for d in gazette.documents]


def _title_links(cited_titles: Sequence[str | None], own_title: str) -> list[str]:
    """The titles a document cites without a 文号 that can name another document, in search form."""
    return sorted({k for t in cited_titles if (k := cited_title_key(t)) and k != own_title})


def _j(x: Any) -> str:
    return json.dumps(x, ensure_ascii=False)


class IndexOutdated(LibraryError):
    """A library opened read-only whose search index is missing or from an older gongbao."""


REBUILD = "`gongbao serve` or any `gongbao ingest` into the library rebuilds it"
_READERS: dict[str, TextIndex] = {}  # read-only indexes shared by the threads of a process


def index_path(db_path: Path) -> Path:
    """The folder of a library's full-text index: library.db -> library.db.index."""
    return db_path.with_name(db_path.name + ".index")


class Library(Reading, Matching):
    """A gongbao library: one SQLite file (WAL mode) and its full-text index beside it."""

    def __init__(self, path: str | os.PathLike[str], readonly: bool = False,
                 on_upgrade: Callable[[str], None] | None = None,
                 on_repair: Callable[[str], None] | None = None):
        """``on_upgrade`` is told what is about to be done when a library of an older gongbao
        is upgraded, ``on_repair`` when a damaged or missing search index is rebuilt (minutes
        for a large library). Opened for writing, the file is checked first (health.check_sqlite):
        LibraryError, and nothing written, when it is damaged, empty or not a library."""
        self.path = Path(path)
        self.readonly = readonly
        self._on_upgrade = on_upgrade or (lambda what: None)
        self._on_repair = on_repair or (lambda what: None)
        check_file(self.path, readonly)
        if not readonly:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        uri = f"file:{self.path}?mode=ro" if readonly else f"file:{self.path}"
        self.db = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA foreign_keys = ON")
        self.db.execute("PRAGMA busy_timeout = 10000")
        self._index: TextIndex | None = None
        self._committed = time.monotonic()
        if not readonly:
            try:
                check_sqlite(self.db, self.path)
            except LibraryError:
                self.db.close()
                raise
            self.db.execute("PRAGMA journal_mode = WAL")
            self.db.execute("PRAGMA synchronous = NORMAL")
            self._migrate()

    # -- lifecycle -------------------------------------------------------------------------
    def _migrate(self) -> None:
        self.db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        version = self.get_meta("index_version")
        schema = self.get_meta("schema_version")
        if version is not None and schema is not None and schema.isdigit() and int(schema) in UPGRADES:
            self._upgrade(int(schema))  # after UPGRADES[1] the index is rebuilt below (fills search_title)
            version = self.get_meta("index_version")
        self.db.executescript(DDL)
        if version is None:
            self.set_meta("index_version", INDEX_VERSION)
            self.set_meta("schema_version", str(SCHEMA_VERSION))
        self._open_index(outdated=version not in (None, INDEX_VERSION))

    def _upgrade(self, schema: int) -> None:
        """Bring a library of an older schema up to date, all steps in one transaction."""
        self._on_upgrade(f"schema {schema} -> {SCHEMA_VERSION}")
        with self.transaction():
            while schema in UPGRADES:
                script, schema = UPGRADES[schema]
                for statement in statements(script):
                    self.db.execute(statement)
                if schema == 5:
                    self._store_issue_ids()
                if schema == 6:
                    self._store_title_links()
            self.set_meta("schema_version", str(SCHEMA_VERSION))

    def _store_issue_ids(self) -> None:
        """The stable ids of issues stored before they were (schema 5), as the server made them
        then: the second file of one masthead gets the id salted with its file name."""
        used: set[str] = set()
        rows = self.db.execute("SELECT id, title, year, number, total_number, source_name FROM issues"
                               " ORDER BY id")
        for rid, title, year, number, total, source in rows.fetchall():
            sid = short_id(issue_key(IssueInfo(title=title, year=year, number=number, total_number=total),
                                     source))
            if sid in used:
                sid = short_id(f"{sid}|{source}")
            used.add(sid)
            self.db.execute("UPDATE issues SET stable_id = ? WHERE id = ?", (sid, rid))

    def _open_index(self, outdated: bool) -> None:
        """Open the index for writing: rebuilt from SQLite when it is of another index schema,
        missing, damaged (its files fail their checksums, it cannot be opened, or it does not
        hold the documents SQLite holds); else caught up with index_queue."""
        folder = index_path(self.path)
        problem = None if outdated else self._index_problem()
        if not problem and not outdated:
            try:
                self._index = TextIndex(folder, create=True)
            except IndexDamaged as e:
                problem = f"damaged ({str(e).rsplit('(', 1)[-1].rstrip(')')})"
        if not outdated and not problem and not self._index.created:
            self._catch_up()
            problem = self._count_problem()
            if not problem:
                return
        n = self.count_documents()
        if outdated:
            self._on_upgrade("rebuilding the search index")
        elif problem:
            self._on_repair(f"the search index is {problem}: rebuilding it from the library"
                            f" ({n:,} documents)")
        elif n:
            self._on_repair(f"the search index is missing: rebuilding it from the library ({n:,} documents)")
        if outdated or problem:
            if self._index is not None:
                self._index.close()
            discard(folder)  # IndexBusy when another process writes to it
            _READERS.pop(str(folder.resolve()), None)
            self._index = TextIndex(folder, create=True)
        if outdated or problem or n:
            self.rebuild_index()

    def _index_problem(self) -> str | None:
        """Damage found in the index's files (None when they are sound, or missing)."""
        folder = index_path(self.path)
        if not (folder / "meta.json").exists() and not any(folder.glob("*.idx")):
            return None  # no index yet (or lost): created and filled by _open_index
        problem, sound = check_files(folder, self._verified_files())
        if problem:
            return f"damaged ({problem})"
        self._remember_files(sound)
        return None

    def _count_problem(self) -> str | None:
        """An index that does not hold what SQLite holds (a folder from another time): checked
        when no other process writes to it (the writer lock), so both counts are settled."""
        idx = self._index
        held = idx._writer is not None
        if not idx.try_writer():
            return None
        indexed, stored = idx.num_docs(self.generation()), self.count_documents()
        if not held:
            idx.close()  # let go of the lock taken for the check
        if indexed != stored:
            return f"out of step with the library (it holds {indexed:,} documents, the library {stored:,})"
        return None

    def _verified_files(self) -> dict[str, list[int]]:
        try:
            return json.loads(self.get_meta("index_files") or "{}")
        except ValueError:
            return {}

    def _remember_files(self, sound: dict[str, list[int]]) -> None:
        """The index files whose checksums were verified (a read-only opener trusts them as long
        as their size and time are the same)."""
        if not self.readonly and sound != self._verified_files():
            self.set_meta("index_files", json.dumps(sound))

    def pending_repairs(self) -> dict[str, str]:
        """What opening this library for writing would do before anything else, in a few words:
        "upgrade" (a library of an older gongbao), "index" (missing or damaged search index),
        "queue" (documents stored but not yet indexed). Read-only: nothing is done here."""
        out: dict[str, str] = {}
        schema, version = self.get_meta("schema_version"), self.get_meta("index_version")
        missing = self.missing_tables()
        if schema not in (None, str(SCHEMA_VERSION)):
            out["upgrade"] = f"schema {schema}"
        elif missing:
            out["upgrade"] = f"no table {', '.join(missing)}"
        elif version not in (None, INDEX_VERSION):
            out["upgrade"] = f"search index version {version}"
        else:
            folder = index_path(self.path)
            problem, _ = check_files(folder, self._verified_files()) if (folder / "meta.json").exists() \
                else ("missing", {})
            try:
                self.index  # noqa: B018 - opened: unreadable files show here
            except (IndexOutdated, IndexDamaged) as e:
                problem = problem or str(e)
            if problem:
                out["index"] = problem
        queued = self.unindexed()
        if queued:
            out["queue"] = f"{queued:,} documents stored but not yet indexed"
        return out

    def missing_tables(self) -> list[str]:
        """Tables of this version's schema that the file lacks (made by an older gongbao)."""
        wanted = re.findall(r"CREATE (?:VIRTUAL )?TABLE IF NOT EXISTS (\w+)", DDL)
        have = {r[0] for r in self.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        return [t for t in wanted if t not in have]

    def index_writer_busy(self) -> bool:
        """Is another process writing to this library's index (an ingest running)?"""
        return writer_busy(index_path(self.path))

    def unindexed(self) -> int:
        """Documents stored but not yet searchable: an ingest in another process has not
        committed its index yet, or was interrupted (the next writer catches them up)."""
        return self.db.execute("SELECT count(DISTINCT q.doc) FROM index_queue q JOIN documents d ON"
                               " d.id = q.doc"
                               ).fetchone()[0]

    @property
    def index(self) -> TextIndex:
        """The full-text index (read-only libraries share one per process)."""
        if self._index is None:
            key = str(index_path(self.path).resolve())
            idx = _READERS.get(key)
            if idx is None or not idx.path.is_dir():  # first use, or the folder was removed since
                _READERS.pop(key, None)
                if self.get_meta("index_version") not in (None, INDEX_VERSION):
                    raise IndexOutdated(f"{self.path}: its search index is from an older gongbao; rebuild it "
                                        "with `gongbao serve --upgrade` (or any `gongbao ingest` into it)")
                try:
                    idx = TextIndex(index_path(self.path), create=False)
                except FileNotFoundError:
                    raise IndexOutdated(f"{self.path}: its search index {index_path(self.path)} is missing; "
                                        f"{REBUILD}") from None
                except IndexDamaged as e:
                    raise IndexDamaged(f"{e}; {REBUILD}") from None
                idx = _READERS.setdefault(key, idx)
            self._index = idx
        return self._index

    def generation(self) -> str | None:
        """Counts the index's commits: readers reload their searcher when it changes."""
        return self.get_meta("index_commit")

    def flush(self) -> None:
        """Commit what was written to the index (then searches see it) and empty index_queue."""
        if self._index is None or self.readonly or not self._index.pending:
            return
        last = self.db.execute("SELECT max(seq) FROM index_queue").fetchone()[0]
        self._index.commit()
        self._committed = time.monotonic()
        with self.transaction():
            if last is not None:
                self.db.execute("DELETE FROM index_queue WHERE seq <= ?", (last,))
            self._count_up("index_commit")

    def _catch_up(self) -> None:
        """Index the documents an interrupted ingest stored but did not index (index_queue)."""
        queued = [r[0] for r in self.db.execute("SELECT DISTINCT doc FROM index_queue ORDER BY doc")]
        if not queued or not self.index.try_writer():
            return  # nothing to do, or another process is ingesting (and keeps its own queue)
        stored = self.unindexed()
        if stored:
            self._on_repair(f"indexing {stored:,} documents stored but not yet indexed (an ingest was"
                            " interrupted)")
        self.index.delete(queued)
        for k in range(0, len(queued), 500):
            self.index.add(self._entries_from_rows(queued[k : k + 500]))
        self.flush()

    def close(self) -> None:
        if self._index is not None and not self.readonly:
            self.flush()
            self._index.close()
            self._remember_files(check_files(index_path(self.path), self._verified_files())[1])
        self.db.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get_meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (key, value))

    def _count_up(self, key: str) -> None:
        """Advance a counter in meta (a change readers and caches can see)."""
        self.set_meta(key, str(int(self.get_meta(key) or 0) + 1))

    _ENTRY_COLS = ("d.id, d.title, d.doc_number, d.issuer, d.section, t.text, d.issuers, d.region,"
                   " d.doc_type,"
                   " d.date FROM documents d JOIN doc_text t ON t.id = d.id")

    @staticmethod
    def _stored_entry(r: sqlite3.Row) -> IndexRow:
        """The index row of a stored document (a row of _ENTRY_COLS), from its text."""
        d = Document(title=r[1], doc_number=r[2], issuer=r[3], section=r[4], issuers=json.loads(r[6]),
                     doc_type=r[8], date=r[9])
        row = fts_row(d, r[5], r[7])
        row.entry.rowid = r[0]
        return row

    def _entries_from_rows(self, rowids: Sequence[int]) -> list[IndexEntry]:
        """Index entries of stored documents (catching up)."""
        q = f"SELECT {self._ENTRY_COLS} WHERE d.id IN ({','.join('?' * len(rowids))})"
        return [self._stored_entry(r).entry for r in self.db.execute(q, list(rowids))]

    def rebuild_index(self) -> None:
        """Re-tokenize every document into a new index (a library from an older gongbao, or
        one whose index folder was lost). search_title is rewritten too (its form may have
        changed); the index version is recorded last, so an interrupted rebuild starts over."""
        for table in OBSOLETE:
            self.db.execute(f"DROP TABLE IF EXISTS {table}")
        self.index.delete_all()
        self.db.execute("DELETE FROM index_queue")
        last = 0
        while True:
            rows = self.db.execute(f"SELECT {self._ENTRY_COLS} WHERE d.id > ? ORDER BY d.id LIMIT 2000",
                                   (last,)).fetchall()
            if not rows:
                break
            entries = []
            with self.transaction():
                for r in rows:
                    row = self._stored_entry(r)
                    self.db.execute("UPDATE documents SET search_title = ? WHERE id = ?",
                                    (row.search_title, r[0]))
                    entries.append(row.entry)
            self.index.add(entries)
            last = rows[-1][0]
        self.index.pending += 1
        self.flush()
        self.set_meta("index_version", INDEX_VERSION)

    class _Tx:
        def __init__(self, db: sqlite3.Connection):
            self.db = db

        def __enter__(self) -> None:
            self.db.execute("BEGIN IMMEDIATE")

        def __exit__(self, et: object, e: object, tb: object) -> None:
            self.db.execute("COMMIT" if et is None else "ROLLBACK")

    def transaction(self) -> Library._Tx:
        return Library._Tx(self.db)

    # -- ingest ----------------------------------------------------------------------------
    def issue_by_path(self, source_path: str) -> tuple[int, str] | None:
        row = self.db.execute("SELECT id, sha256 FROM issues WHERE source_path = ?",
                              (source_path,)).fetchone()
        return (row[0], row[1]) if row else None

    def has_checksum(self, sha256: str) -> bool:
        return self.db.execute("SELECT 1 FROM issues WHERE sha256 = ? LIMIT 1",
                               (sha256,)).fetchone() is not None

    def store_gazette(self, gazette: Gazette, source_path: str, sha256: str,
                      fts_rows: list[IndexRow] | None = None) -> str:
        """Store one parsed file in one transaction. Returns "added", "replaced" or "unchanged".

        A file already stored under the same path with the same checksum is left alone; with
        another checksum its earlier version (issue, documents, facts) is replaced. An issue
        whose masthead (masthead_key) is stored from another file is the same issue: when that
        file still exists, DuplicateIssue is raised and nothing is stored (its documents would
        be there twice); when it is gone (moved, renamed), this file replaces it.
        """
        index = self.index
        index.writer()  # the index lock first: only its holder changes documents (index_queue stays right)
        entries: list[IndexEntry] = []
        removed: list[int] = []
        with self.transaction():
            old = self.issue_by_path(source_path)
            if old and old[1] == sha256:
                return "unchanged"
            twin = self._twin(gazette.issue, source_path)
            if twin and Path(twin[1]).exists():
                iss = gazette.issue
                raise DuplicateIssue(f"{source_path}: the same issue as {twin[1]} ({iss.title} {iss.year}年"
                                     f"第{iss.number or '?'}期"
                                     f"{f'，总第{iss.total_number}期' if iss.total_number else ''}),"
                                     " which is stored: not stored twice (remove one of the files,"
                                     " or ingest the"
                                     " other one alone to replace it)")
            if twin:
                removed = self._delete_issue(twin[0])
            if old:
                removed += self._delete_issue(old[0])
            issue_id = self._insert_gazette(gazette, source_path, sha256, fts_rows or prepare_fts(gazette),
                                            entries)
            self._resolve_links(None if old or twin else issue_id)
            self._count_up("generation")
        # after the commit: a rolled-back file leaves nothing in the index
        index.delete(removed)
        index.add(entries)
        if index.pending >= COMMIT_EVERY or time.monotonic() - self._committed > COMMIT_SECONDS:
            self.flush()  # readers see what is stored, and are told how much they do not see yet
        return "replaced" if old or twin else "added"

    def _twin(self, issue: IssueInfo, source_path: str) -> tuple[int, str] | None:
        """(id, path) of the same issue stored from another file (masthead_key), if any."""
        key = masthead_key(issue)
        if key is None:
            return None
        for r in self.db.execute("SELECT id, source_path, title FROM issues WHERE year = ? AND number IS ?"
                                 " AND total_number IS ? AND source_path != ?", (*key[1:], source_path)):
            if canonical(r[2]) == key[0]:
                return r[0], r[1]
        return None

    def _delete_issue(self, issue_id: int) -> list[int]:
        rowids = [r[0] for r in self.db.execute("SELECT id FROM documents WHERE issue_id = ?", (issue_id,))]
        self.db.executemany("INSERT INTO index_queue(doc) VALUES (?)", [(r,) for r in rowids])
        self.db.execute("DELETE FROM issues WHERE id = ?", (issue_id,))
        return rowids

    def _taken(self, table: str, column: str) -> Callable[[str], bool]:
        return lambda value: self.db.execute(f"SELECT 1 FROM {table} WHERE {column} = ?",
                                             (value,)).fetchone() is not None

    def _insert_gazette(self, g: Gazette, source_path: str, sha256: str,
                        fts_rows: list[IndexRow], entries: list[IndexEntry]) -> int:
        iss = g.issue
        region = region_of(iss.title)
        ids = gazette_ids(g, g.source)
        cur = self.db.execute(
            "INSERT INTO issues(stable_id, source_path, source_name, sha256, parser_version, ingested_at,"
            " title, year,"
            " number, total_number, published, publisher, region, lines, warnings, n_lines)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (unique_id(ids.issue, source_path, self._taken("issues", "stable_id")), source_path,
             g.source or Path(source_path).name, sha256, gongbao.__version__,
             time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), iss.title, iss.year, iss.number,
             iss.total_number, iss.published, iss.publisher, region, _j(iss.lines), _j(g.warnings),
             len(g.lines)))
        issue_id = cur.lastrowid
        self.db.executemany(
            "INSERT INTO toc_entries(issue_id, seq, title, doc_number, page, page_end, section, line)"
            " VALUES (?,?,?,?,?,?,?,?)",
            [(issue_id, i, t.title, t.doc_number, t.page, t.page_end, t.section, t.line)
             for i, t in enumerate(iss.toc)])
        taken = self._taken("documents", "doc_id")
        for seq, doc in enumerate(g.documents):
            doc_id = unique_id(ids.documents[seq], source_path, taken)
            entries.append(self._insert_document(issue_id, seq, doc_id, doc, g.document_text(doc), region,
                                                 fts_rows[seq]))
        return issue_id

    def _insert_document(self, issue_id: int, seq: int, doc_id: str, d: Document, text: str,
                         issue_region: str | None, fts: IndexRow) -> IndexEntry:
        num = normalize_doc_number(d.doc_number) or d.doc_number
        e = fts.entry
        cur = self.db.execute(
            "INSERT INTO documents(doc_id, issue_id, seq, title, doc_number, issuer, issuers, doc_type, date,"
            " year, region, recipients, section, toc_page, public, public_marker, attachments, cites,"
            " start_line, end_line, span_start, search_title)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (doc_id, issue_id, seq, d.title, num, d.issuer, _j(d.issuers), d.doc_type, d.date, e.year,
             document_region(d, issue_region), _j(d.recipients), d.section, d.toc_page,
             None if d.public is None else int(d.public), d.public_marker, _j(d.attachments), _j(d.cites),
             d.start_line, d.end_line, d.span_start, fts.search_title))
        rid = cur.lastrowid
        self.db.execute("INSERT INTO doc_text(id, lines, text) VALUES (?, ?, ?)", (rid, _j(d.lines), text))
        self.db.execute("INSERT INTO index_queue(doc) VALUES (?)", (rid,))
        cited = {}
        for c in list(d.cites) + [c.cited_number for c in d.citations if c.cited_number]:
            key = normalize_doc_number(c) or c
            if key != num:
                cited[key] = None
        self.db.executemany("INSERT OR IGNORE INTO links(src, cited_number) VALUES (?, ?)",
                            [(rid, c) for c in cited])
        titles = _title_links([c.cited_title for c in d.citations if not c.cited_number], fts.search_title)
        self.db.executemany("INSERT OR IGNORE INTO title_links(src, cited_title) VALUES (?, ?)",
                            [(rid, t) for t in titles])
        self.db.executemany(
            "INSERT INTO citations(doc, seq, cited_number, cited_title, relation, line) VALUES (?,?,?,?,?,?)",
            [(rid, i, c.cited_number, c.cited_title, c.relation, c.line) for i, c in enumerate(d.citations)])
        self.db.executemany(
            "INSERT INTO appointments(doc, seq, person, action, post, organ, note, line) VALUES"
            " (?,?,?,?,?,?,?,?)",
            [(rid, i, a.person, a.action, a.post, a.organ, a.note,
              a.line) for i, a in enumerate(d.appointments)])
        self.db.executemany(
            "INSERT INTO tasks(doc, seq, task, lead, units, deadline, deadline_text, line, qualified)"
            " VALUES (?,?,?,?,?,?,?,?,?)",
            [(rid, i, t.task, _j(t.lead), _j(t.units), t.deadline, t.deadline_text, t.line, _j(t.qualified))
             for i, t in enumerate(d.tasks)])
        self.db.executemany(
            "INSERT INTO money(doc, seq, amount, rate, unit, kind, beneficiary, condition, cap, split,"
            " line, text)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            [(rid, i, m.amount, m.rate, m.unit, m.kind, m.beneficiary, m.condition, m.cap,
              None if m.split is None else _j(m.split), m.line, m.text) for i, m in enumerate(d.money)])
        return replace(fts.entry, rowid=rid)

    _RESOLVE = ("UPDATE links SET target = (SELECT d.id FROM documents d WHERE d.doc_number ="
                " links.cited_number"
                " ORDER BY d.date DESC, d.id DESC LIMIT 1) WHERE target IS NULL")

    _RESOLVE_TITLES = ("UPDATE title_links SET target = (SELECT d.id FROM documents d WHERE d.search_title ="
                       " title_links.cited_title AND d.id != title_links.src"
                       " ORDER BY d.date DESC, d.id DESC LIMIT 1) WHERE target IS NULL")

    def _resolve_links(self, issue_id: int | None = None) -> None:
        """Point unresolved citations at a stored document with that 文号, or that title (newest
        first).

        With ``issue_id``: only the citations of that issue's documents and those citing its
        文号 or titles (indexed lookups); without: all of them (after a replacement removed targets).
        """
        if issue_id is None:
            self.db.execute(self._RESOLVE)
            self.db.execute(self._RESOLVE_TITLES)
            return
        for resolve, key, column in ((self._RESOLVE, "cited_number", "doc_number"),
                                     (self._RESOLVE_TITLES, "cited_title", "search_title")):
            self.db.execute(resolve + " AND src IN (SELECT id FROM documents WHERE issue_id = ?)",
                            (issue_id,))
            self.db.execute(resolve + f" AND {key} IN (SELECT {column} FROM documents"
                            f" WHERE issue_id = ? AND {column} IS NOT NULL)", (issue_id,))

    def _store_title_links(self) -> None:
        """The title links of documents stored before there were any (schema 6), from their
        extracted citations."""
        rows = self.db.execute("SELECT c.doc, c.cited_title, d.search_title FROM citations c"
                               " JOIN documents d ON d.id = c.doc"
                               " WHERE c.cited_number IS NULL AND c.cited_title IS NOT NULL").fetchall()
        links = [(doc, k) for doc, title, own in rows for k in _title_links([title], own)]
        self.db.executemany("INSERT OR IGNORE INTO title_links(src, cited_title) VALUES (?, ?)", links)
        self.db.execute(self._RESOLVE_TITLES)

    # -- reading -----------------------------------------------------------------------------
    def state(self) -> tuple:
        """Changes whenever an ingest adds, replaces or removes an issue: a key for caches of
        what is derived from the whole library (document frequencies, search answers)."""
        self.flush()  # what this process wrote becomes searchable (and counted) first
        meta = dict(self.db.execute("SELECT key, value FROM meta"
                                    " WHERE key IN ('generation', 'index_commit')"))
        return str(self.path), meta.get("generation"), meta.get("index_commit")

    def _searchable(self) -> tuple[TextIndex, str | None]:
        self.flush()  # this process's own writes first
        return self.index, self.generation()


def sha256_file(path: str | os.PathLike[str]) -> str:
    """The checksum of a regular file (InputError, without blocking, for anything else)."""
    h = hashlib.sha256()
    with os.fdopen(open_regular(path), "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


__all__ = ["Library", "document_region", "fts_row", "prepare_fts", "sha256_file"]
