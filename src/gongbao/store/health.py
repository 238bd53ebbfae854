"""Is a library fit to use, and what is done when it is not.

- The SQLite file (the record) is checked with PRAGMA quick_check each time it is opened for
  writing, before anything is written: a damaged file is never written to, and its error is
  one line. A file of 0 bytes is not an empty library, and a SQLite file of something else
  is not a library either.
- The search index (derived from the record) is checked from its files (their checksums,
  gongbao.store.textindex.check_files) and rebuilt from SQLite when damaged or missing, and
  caught up when documents were stored but not indexed (an interrupted ingest).
- gongbao.store.shared opens a library for the read commands and the server: read-only,
  after writing only when the index needs it and no ingest is running.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from gongbao.store.base import LibraryError


class LibraryDamaged(LibraryError):
    """The SQLite file fails its integrity check or is not a SQLite database."""


RESTORE = "restore it from a backup, or move it aside and ingest the files again"


def check_file(path: Path, readonly: bool) -> None:
    """What the path itself says before SQLite opens it."""
    if path.is_dir():
        raise LibraryError(f"{path}: is a folder, not a library file")
    if not path.exists():
        if readonly:
            raise LibraryError(f"{path}: no library here (run `gongbao ingest PATH --db {path}` first)")
        return
    if path.stat().st_size == 0:
        raise LibraryError(f"{path}: the file is empty (0 bytes), not a library; nothing was written to it "
                           "(remove it to start a new library there)")


def damaged(path: Path, detail: str) -> LibraryDamaged:
    return LibraryDamaged(f"{path}: the library file is damaged ({detail}); {RESTORE}")


def database_error(path: Path, e: sqlite3.DatabaseError) -> LibraryDamaged:
    """One line for an error SQLite raised while reading a library."""
    text = " ".join(str(e).split())
    if "not a database" in text:
        return LibraryDamaged(f"{path}: not a SQLite file ({text}), so not a gongbao library")
    return damaged(path, text)


def check_sqlite(db: sqlite3.Connection, path: Path) -> None:
    """Before the first write: a sound SQLite file holding a gongbao library, or nothing yet."""
    try:
        rows = [r[0] for r in db.execute("PRAGMA quick_check(5)")]
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError as e:
        raise database_error(path, e) from None
    if rows != ["ok"]:
        problems = [line.strip() for r in rows for line in str(r).splitlines() if line.strip()
                    and "***" not in line]
        raise damaged(path, "; ".join(problems[:2]) or "integrity check failed")
    if tables and not {"meta", "documents"} & tables:
        raise LibraryError(f"{path}: a SQLite file of something else (tables"
                           f" {', '.join(sorted(tables)[:5])}), "
                           "not a gongbao library; nothing was written to it")
