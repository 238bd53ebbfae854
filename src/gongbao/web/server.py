"""Starting the server: the app factory uvicorn calls (also in worker processes)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable

from fastapi import FastAPI

from gongbao.api.reader import LibraryMissing, Reader

ENV = "GONGBAO_SERVE_DB"


def check_library(db: str | os.PathLike[str], upgrade: bool = False,
                  notify: Callable[[str], None] | None = None) -> None:
    """Raise LibraryMissing (one clear line) unless ``db`` is a readable gongbao library.

    Its search index is first repaired when it must be (gongbao.store.health.open_for_reading:
    documents stored but not indexed after an interrupted ingest, a missing or damaged index),
    ``notify`` told each repair; with ``upgrade``, a library of an older gongbao is brought up
    to date. The server itself only reads.
    """
    from gongbao.store import LibraryError
    from gongbao.store.health import open_for_reading

    if Path(db).is_file():
        try:
            open_for_reading(db, upgrade=upgrade, notify=notify).close()
        except LibraryError as e:
            if "older gongbao" in str(e):
                raise LibraryMissing(f"{e} (gongbao serve --upgrade)") from None
            raise LibraryMissing(str(e)) from None
    Reader(Path(db)).close()


def app_factory_env(db: str | os.PathLike[str], cache_size: int = 1024) -> None:
    """Pass the settings to the app factory (uvicorn may call it in worker processes)."""
    os.environ[ENV] = str(Path(db).resolve())
    os.environ[ENV + "_CACHE"] = str(cache_size)


def app_from_env() -> FastAPI:
    from gongbao.api import create_app

    app = create_app(os.environ[ENV], cache_size=int(os.environ.get(ENV + "_CACHE", "1024")))
    warm_up(app)
    return app


def warm_up(app: FastAPI) -> None:
    """Load the search engine's word lists and tables now, not during the first user's search."""
    from gongbao.search import search

    reader = app.state.reader
    search(reader.lib, "公报 通知")
    reader.close()  # the connection belongs to this thread; request threads open their own


__all__ = ["LibraryMissing", "app_factory_env", "app_from_env", "check_library"]
