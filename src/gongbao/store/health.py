"""Is a library fit to use, and what is done when it is not.

- The SQLite file (the record) is checked with PRAGMA quick_check each time it is opened for
  writing, before anything is written: a damaged file is never written to, and its error is
  one line. A file of 0 bytes is not an empty library, and a SQLite file of something else
  is not a library either.
- The search index (derived from the record) is checked from its files (their checksums,
  gongbao.store.textindex.check_files) and rebuilt from SQLite when damaged or missing, and
  caught up when documents were stored but not indexed (an interrupted ingest).
- ``open_for_reading`` is how the read commands and the server open a library: read-only,
  after writing only when the index needs it and no ingest is running.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from gongbao.store.base import LibraryError
from gongbao.store.textindex import IndexBusy


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
        problems = [line.strip() for r in rows for line in str(r).splitlines() if line.strip() and "***" not in line]
        raise damaged(path, "; ".join(problems[:2]) or "integrity check failed")
    if tables and not {"meta", "documents"} & tables:
        raise LibraryError(f"{path}: a SQLite file of something else (tables {', '.join(sorted(tables)[:5])}), "
                           "not a gongbao library; nothing was written to it")


Notify = Callable[[str], None]


def open_for_reading(path: str | Path, upgrade: bool = True, notify: Notify | None = None):
    """The library at ``path`` opened read-only, its search index first repaired when it must
    be and can be: documents stored but not indexed are indexed, a missing or damaged index is
    rebuilt from SQLite, and with ``upgrade`` a library of an older gongbao is brought up to
    date (without: LibraryError saying how). Repairs open the library for writing, with its
    integrity check; ``notify`` is told each one in a sentence. While another process writes
    (an ingest is running) nothing is repaired: searches then say how many documents are not
    yet searchable."""
    from gongbao.store.library import Library

    notify = notify or (lambda what: None)
    lib = Library(path, readonly=True)
    try:
        work = lib.pending_repairs()
    except sqlite3.DatabaseError as e:
        lib.close()
        raise database_error(lib.path, e) from None
    if not work:
        return lib
    if "upgrade" in work and not upgrade:
        lib.close()
        raise LibraryError(f"{lib.path}: made by an older gongbao ({work['upgrade']}); open it once with "
                           "--upgrade to bring it up to date")
    if lib.index_writer_busy():  # an ingest is running: it indexes what it stores as it commits
        notify(f"not repaired now ({'; '.join(work.values())}): another gongbao process is writing to the "
               "library; searches say how many documents they cannot see yet")
        return lib
    lib.close()
    try:
        Library(path, on_upgrade=lambda what: notify(f"upgrading the library made by an older gongbao ({what})"),
                on_repair=notify).close()
    except (sqlite3.OperationalError, OSError, IndexBusy) as e:  # no write access here, or an ingest began
        if "upgrade" in work:
            raise LibraryError(f"{lib.path}: cannot be brought up to date here ({e})") from None
        notify(f"not repaired ({'; '.join(work.values())}): {e}; it is repaired by the next `gongbao ingest` "
               "or `gongbao serve` that may write to it")
    return Library(path, readonly=True)
