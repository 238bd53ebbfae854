"""Read-only access to a library for the API and the web app.

Documents, search, citations and extracted facts come from gongbao.store / gongbao.search. What
the web needs on top — issues with stable ids, their tables of contents linked to documents,
browse counts and plain document listings — are read-only queries kept here, so the store's
files stay untouched.

Every thread gets its own read-only SQLite connection (uvicorn serves sync routes from a thread
pool; a connection is cheap, sharing one would serialize all requests).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gongbao.store import Library, LibraryError
from gongbao.store.library import IndexOutdated
from gongbao.search.normalize import norm


class LibraryMissing(Exception):
    """The library file does not exist, is not a gongbao library, or needs an upgrade."""


def issue_key(title: str | None, year: int | None, number: int | None, total_number: int | None,
              source_name: str) -> str:
    """Stable id of an issue: 12 hex digits over its masthead (the file name when it has none).

    Re-ingesting the issue, from the same or another path, keeps the id (the row id does not).
    """
    if title:
        key = f"issue|{norm(title)}|{year}|{number}|{total_number}"
    else:
        key = f"file|{source_name}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]


def issue_label(row: dict[str, Any]) -> str:
    """"运城市盐湖区人民政府公报 2024年第4期（总第16期）", or the file name without a masthead."""
    if not row.get("title"):
        return row.get("source") or ""
    out = row["title"]
    if row.get("year"):
        out += f" {row['year']}年"
        if row.get("number"):
            out += f"第{row['number']}期"
    if row.get("total_number"):
        out += f"（总第{row['total_number']}期）"
    return out


_ISSUE_COLS = "id, title, year, number, total_number, published, publisher, region, source_name, n_lines"


@dataclass
class _IssueIndex:
    fingerprint: tuple
    by_key: dict[str, int]
    key_of: dict[int, str]


class Reader:
    """A library opened read-only, one connection per thread."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        if not self.path.is_file():
            raise LibraryMissing(f"{self.path}: no library here (run `gongbao ingest PATH --db {self.path}` first)")
        self._local = threading.local()
        self._lock = threading.Lock()
        self._issues: _IssueIndex | None = None
        self.search_cache: Any = None  # set by create_app (gongbao.api.service.ResultCache)
        try:
            self.lib.db.execute("SELECT 1 FROM documents LIMIT 1").fetchall()
            missing = self.lib.missing_tables()
        except sqlite3.DatabaseError as e:
            raise LibraryMissing(f"{self.path}: not a gongbao library ({e})") from None
        except LibraryError as e:  # an empty file, a folder
            raise LibraryMissing(str(e)) from None
        if missing:
            raise LibraryMissing(f"{self.path}: made by an older gongbao (no table {', '.join(missing)}); "
                                 "serve it once with --upgrade to bring it up to date")
        try:
            self.lib.index  # noqa: B018 - opened here so that a missing or outdated index is one clear line
        except IndexOutdated as e:
            raise LibraryMissing(str(e)) from None

    @property
    def lib(self) -> Library:
        lib = getattr(self._local, "lib", None)
        if lib is None:
            lib = Library(self.path, readonly=True)
            self._local.lib = lib
        return lib

    @property
    def db(self) -> sqlite3.Connection:
        return self.lib.db

    def fingerprint(self) -> tuple:
        """Changes whenever an ingest adds, replaces or removes an issue (for caches)."""
        return self.lib.state()

    # -- issues ----------------------------------------------------------------------------
    def _issue_index(self) -> _IssueIndex:
        fp = self.fingerprint()
        idx = self._issues
        if idx is not None and idx.fingerprint == fp:
            return idx
        by_key: dict[str, int] = {}
        key_of: dict[int, str] = {}
        for r in self.db.execute(
                "SELECT id, title, year, number, total_number, source_name FROM issues ORDER BY id"):
            key = issue_key(r[1], r[2], r[3], r[4], r[5])
            if key in by_key:  # the same issue from two files (a PDF and its text)
                key = hashlib.sha256(f"{key}|{r[5]}".encode()).hexdigest()[:12]
            by_key[key] = r[0]
            key_of[r[0]] = key
        idx = _IssueIndex(fp, by_key, key_of)
        with self._lock:
            self._issues = idx
        return idx

    def _issue_summary(self, r: sqlite3.Row, idx: _IssueIndex) -> dict[str, Any]:
        out = {"id": idx.key_of.get(r["id"], ""), "title": r["title"], "year": r["year"],
               "number": r["number"], "total_number": r["total_number"], "published": r["published"],
               "publisher": r["publisher"], "region": r["region"], "source": r["source_name"]}
        out["label"] = issue_label(out)
        return out

    def issues(self, region: str | None = None, publisher: str | None = None, year: int | None = None,
               page: int = 1, limit: int = 50) -> tuple[int, list[dict[str, Any]]]:
        """Issues, newest first, with the number of documents in each."""
        idx = self._issue_index()
        where, args = [], []
        if region:
            where.append("instr(coalesce(region, ''), ?) > 0")
            args.append(region)
        if publisher:
            where.append("instr(coalesce(publisher, ''), ?) > 0")
            args.append(publisher)
        if year:
            where.append("year = ?")
            args.append(year)
        w = (" WHERE " + " AND ".join(where)) if where else ""
        total = self.db.execute(f"SELECT count(*) FROM issues{w}", args).fetchone()[0]
        rows = self.db.execute(
            f"SELECT {_ISSUE_COLS}, (SELECT count(*) FROM documents d WHERE d.issue_id = issues.id) AS n_docs"
            f" FROM issues{w} ORDER BY coalesce(published, printf('%04d', year)) DESC, year DESC,"
            " number DESC, id DESC LIMIT ? OFFSET ?", (*args, limit, (page - 1) * limit)).fetchall()
        out = []
        for r in rows:
            s = self._issue_summary(r, idx)
            s["documents"] = r["n_docs"]
            out.append(s)
        return total, out

    def browse_counts(self) -> dict[str, list[tuple[Any, int]]]:
        """Issue counts by region, publisher and year (for the browse page)."""
        out: dict[str, list[tuple[Any, int]]] = {}
        for col, order in (("region", "n DESC, v"), ("publisher", "n DESC, v"), ("year", "v DESC")):
            out[col] = [(r[0], r[1]) for r in self.db.execute(
                f"SELECT {col} AS v, count(*) AS n FROM issues WHERE {col} IS NOT NULL GROUP BY v ORDER BY {order}")]
        return out

    def issue(self, key: str) -> dict[str, Any] | None:
        """One issue: masthead, table of contents (entries linked to documents) and documents."""
        idx = self._issue_index()
        rid = idx.by_key.get(key.strip().lower())
        if rid is None:
            return None
        r = self.db.execute(f"SELECT {_ISSUE_COLS}, lines, warnings FROM issues WHERE id = ?", (rid,)).fetchone()
        if r is None:
            return None
        out = self._issue_summary(r, idx)
        out["warnings"] = json.loads(r["warnings"])
        docs = [dict(d) for d in self.db.execute(
            "SELECT doc_id AS id, title, doc_number, issuer, date, doc_type, section, toc_page, start_line"
            " FROM documents WHERE issue_id = ? ORDER BY seq", (rid,))]
        out["documents"] = docs
        by_number = {d["doc_number"]: d["id"] for d in docs if d["doc_number"]}
        by_title = [(norm(d["title"]), d["id"]) for d in docs if d["title"]]
        toc = []
        for t in self.db.execute("SELECT * FROM toc_entries WHERE issue_id = ? ORDER BY seq", (rid,)):
            entry = {k: t[k] for k in ("title", "doc_number", "page", "page_end", "section", "line")}
            entry["document"] = by_number.get(t["doc_number"]) if t["doc_number"] else None
            if entry["document"] is None:
                nt = norm(t["title"])
                entry["document"] = next((i for dt, i in by_title if nt and (nt in dt or dt.endswith(nt))), None)
            toc.append(entry)
        out["toc"] = toc
        return out

    def issue_id_of_document(self, doc_id: str) -> str | None:
        row = self.db.execute("SELECT issue_id FROM documents WHERE doc_id = ?", (doc_id,)).fetchone()
        return self._issue_index().key_of.get(row[0]) if row else None

    # -- documents -------------------------------------------------------------------------
    def document_rowid(self, doc_id: str) -> int | None:
        row = self.db.execute("SELECT id FROM documents WHERE doc_id = ?", (doc_id.strip().lower(),)).fetchone()
        return row[0] if row else None

    def summaries(self, rowids: list[int]) -> list[dict[str, Any]]:
        docs = self.lib.documents(rowids)
        return [doc_summary(docs[r]) for r in rowids if r in docs]

    def list_documents(self, issuer: str | None = None, region: str | None = None, year: int | None = None,
                       doc_type: str | None = None, page: int = 1, limit: int = 20) -> tuple[int, list[dict[str, Any]]]:
        """Documents newest first (no query), with the store's filters."""
        from gongbao.store import Filters

        fsql, fargs = self.lib._filter_sql(Filters(issuer=issuer, region=region, year=year, doc_type=doc_type))
        w = (" WHERE 1=1" + fsql) if fsql else ""
        total = self.db.execute(f"SELECT count(*) FROM documents d{w}", fargs).fetchone()[0]
        ids = [r[0] for r in self.db.execute(
            f"SELECT d.id FROM documents d{w} ORDER BY d.date DESC, d.id DESC LIMIT ? OFFSET ?",
            (*fargs, limit, (page - 1) * limit))]
        return total, self.summaries(ids)

    def close(self) -> None:
        lib = getattr(self._local, "lib", None)
        if lib is not None:
            lib.close()
            self._local.lib = None


def doc_summary(d: Any) -> dict[str, Any]:
    """The short form of a stored document used in lists."""
    return {"id": d.doc_id, "title": d.title, "doc_number": d.doc_number, "issuer": d.issuer,
            "date": d.date, "doc_type": d.doc_type, "section": d.section, "region": d.region,
            "source": d.source, "start_line": d.start_line}
