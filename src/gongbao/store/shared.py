"""Opening a library to read it: the read commands open it once, a server from every thread.

Both open it read-only, after repairing its search index when it must be and can be
(gongbao.store.health says what is checked); a library that cannot be read as it is gets one
line (LibraryError) saying why and what to do.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path

from gongbao.store.base import LibraryError
from gongbao.store.health import database_error
from gongbao.store.library import Library
from gongbao.store.schema import SCHEMA_VERSION
from gongbao.store.textindex import IndexBusy

Notify = Callable[[str], None]


def open_for_reading(path: str | Path, upgrade: bool = True, notify: Notify | None = None) -> Library:
    """The library at ``path`` opened read-only, its search index first repaired when it must
    be and can be: documents stored but not indexed are indexed, a missing or damaged index is
    rebuilt from SQLite, and with ``upgrade`` a library of an older gongbao is brought up to
    date (without: LibraryError saying how). Repairs open the library for writing, with its
    integrity check; ``notify`` is told each one in a sentence. While another process writes
    (an ingest is running) nothing is repaired: searches then say how many documents are not
    yet searchable."""
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
        Library(path,
                on_upgrade=lambda what: notify(f"upgrading the library made by an older gongbao ({what})"),
                on_repair=notify).close()
    except (sqlite3.OperationalError, OSError, IndexBusy) as e:  # no write access here, or an ingest began
        if "upgrade" in work:
            raise LibraryError(f"{lib.path}: cannot be brought up to date here ({e})") from None
        notify(f"not repaired ({'; '.join(work.values())}): {e}; it is repaired by the next `gongbao ingest` "
               "or `gongbao serve` that may write to it")
    return Library(path, readonly=True)


class SharedLibrary:
    """A library a server reads from many threads: read-only, one connection per thread (routes
    run in a thread pool; sharing one connection would serialize every request). Opening it
    checks that it can be served as it is (LibraryError, one line, when not)."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        if not self.path.is_file():
            raise LibraryError(f"{self.path}: no library here (run `gongbao ingest PATH --db"
                               f" {self.path}` first)")
        self._local = threading.local()
        lib = self.get()
        try:
            lib.db.execute("SELECT 1 FROM documents LIMIT 1").fetchall()
            schema, missing = lib.get_meta("schema_version"), lib.missing_tables()
        except sqlite3.DatabaseError as e:
            raise LibraryError(f"{self.path}: not a gongbao library ({e})") from None
        if missing or schema != str(SCHEMA_VERSION):
            older = f"no table {', '.join(missing)}" if missing else f"schema {schema}"
            raise LibraryError(f"{self.path}: made by an older gongbao ({older}); serve it once with"
                               " --upgrade to "
                               "bring it up to date")
        lib.index  # noqa: B018 - opened here so that a missing or outdated index is one clear line

    def get(self) -> Library:
        """This thread's connection to the library."""
        lib = getattr(self._local, "lib", None)
        if lib is None:
            lib = self._local.lib = Library(self.path, readonly=True)
        return lib

    def close(self) -> None:
        """Close this thread's connection."""
        lib = getattr(self._local, "lib", None)
        if lib is not None:
            lib.close()
            self._local.lib = None
