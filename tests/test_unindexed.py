"""Documents stored but not yet indexed are never silently invisible: search answers (CLI, API,
pages) say how many, and `serve` catches the index up (or says why it cannot)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from gongbao.search import search
from gongbao.store import Library
from gongbao.store.shared import open_for_reading

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "示例县人民政府公报2024年第2期.txt"


def store_without_index_commit(db: Path) -> Library:
    """A writer that stored the example (6 documents) and has not committed its index yet."""
    from gongbao.pipeline import parse_path

    lib = Library(db)
    assert lib.store_gazette(parse_path(EXAMPLE), str(EXAMPLE), "sha-example") == "added"
    return lib


@pytest.fixture
def crashed(tmp_path: Path) -> Path:
    """As after kill -9 of an ingest before its first index commit."""
    db = tmp_path / "lib.db"
    lib = store_without_index_commit(db)
    lib.index.abandon()  # the process dies: its index writes are lost, SQLite's are not
    lib.db.close()
    return db


def test_a_reader_is_told_how_many_documents_it_cannot_see(crashed: Path) -> None:
    with Library(crashed, readonly=True) as lib:
        res = search(lib, "清洁取暖 补贴")
        assert res.total == 0 and res.unindexed == 6
        assert res.to_dict()["unindexed"] == 6


def test_the_api_and_the_pages_say_so(crashed: Path) -> None:
    from gongbao.server import create_app

    client = TestClient(create_app(crashed))
    body = client.get("/api/search", params={"q": "补贴"}).json()
    assert body["total"] == 0 and body["unindexed"] == 6
    for params in ({"q": "补贴"}, {}):
        page = client.get("/", params=params).text
        assert "尚未编入检索索引" in page and "6 件" in page


def test_serve_catches_the_index_up_and_says_so(crashed: Path, monkeypatch) -> None:
    import uvicorn

    from gongbao.cli import app

    monkeypatch.setattr(uvicorn, "run", lambda *a, **kw: None)
    r = CliRunner().invoke(app, ["serve", "--db", str(crashed)])
    assert r.exit_code == 0, r.output
    assert "indexing 6 documents stored but not yet indexed" in r.output
    with Library(crashed, readonly=True) as lib:
        res = search(lib, "清洁取暖 补贴")
        assert res.total >= 1 and res.unindexed == 0


def test_while_an_ingest_runs_readers_are_told_and_nothing_is_repaired_under_it(tmp_path: Path) -> None:
    db = tmp_path / "lib.db"
    writer = store_without_index_commit(db)  # holds the index's writer lock, like a running ingest
    try:
        told: list[str] = []
        reader = open_for_reading(db, notify=told.append)
        assert len(told) == 1 and "another gongbao process is writing" in told[0]
        assert search(reader, "补贴").unindexed == 6
        reader.close()
        out = subprocess.run([sys.executable, "-m", "gongbao.cli", "search", "补贴", "--db", str(db),
                              "--json"],
                             capture_output=True, text=True, timeout=120)
        assert out.returncode == 0 and json.loads(out.stdout)["unindexed"] == 6
        assert "6 more documents are stored but not yet searchable" in out.stderr
    finally:
        writer.close()  # commits: now everything is searchable
    with Library(db, readonly=True) as lib:
        assert search(lib, "补贴").unindexed == 0


def test_without_write_access_readers_are_told_and_still_answer(crashed: Path, monkeypatch) -> None:
    import sqlite3

    import gongbao.store.library as library

    def read_only_disk(db, path):
        raise sqlite3.OperationalError("attempt to write a readonly database")

    monkeypatch.setattr(library, "check_sqlite", read_only_disk)
    told: list[str] = []
    lib = open_for_reading(crashed, notify=told.append)
    try:
        assert len(told) == 1 and "not repaired" in told[0] and "readonly" in told[0]
        assert search(lib, "补贴").unindexed == 6
    finally:
        lib.close()
