"""Starting the server: the app factory uvicorn calls (also in worker processes)."""

from __future__ import annotations

import os
from pathlib import Path

from fastapi import FastAPI

from gongbao.api.reader import LibraryMissing, Reader

ENV = "GONGBAO_SERVE_DB"


def check_library(db: str | os.PathLike[str], upgrade: bool = False) -> None:
    """Raise LibraryMissing (one clear line) unless ``db`` is a readable gongbao library.

    With ``upgrade``, an existing library is first opened for writing, which brings its schema
    up to date (the server itself only reads).
    """
    if upgrade and Path(db).is_file():
        from gongbao.store import Library

        Library(db).close()
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
