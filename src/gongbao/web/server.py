"""Starting the server: the app factory uvicorn calls (also in worker processes)."""

from __future__ import annotations

import os
from pathlib import Path

from fastapi import FastAPI

from gongbao.api.reader import LibraryMissing, Reader

ENV = "GONGBAO_SERVE_DB"


def check_library(db: str | os.PathLike[str]) -> None:
    """Raise LibraryMissing (one clear line) unless ``db`` is a readable gongbao library."""
    Reader(Path(db)).close()


def app_factory_env(db: str | os.PathLike[str]) -> None:
    os.environ[ENV] = str(Path(db).resolve())


def app_from_env() -> FastAPI:
    from gongbao.api import create_app

    return create_app(os.environ[ENV])


__all__ = ["LibraryMissing", "app_factory_env", "app_from_env", "check_library"]
