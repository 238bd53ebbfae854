"""A damaged library does not take everything down: a damaged search index is rebuilt from
SQLite with one line; a damaged SQLite file is never written to and every command says so in
one line; a file of 0 bytes, or of another program, is not a library."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from gongbao.search import search
from gongbao.store import Library, LibraryError
from gongbao.store.shared import open_for_reading
from gongbao.store.ingest import ingest_paths
from gongbao.store.library import index_path
from gongbao.store.textindex import SEGMENT_PARTS, check_files

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "示例县人民政府公报2024年第2期.txt"
CLI = [sys.executable, "-m", "gongbao.cli"]


@pytest.fixture
def library(tmp_path: Path) -> Path:
    db = tmp_path / "lib.db"
    with Library(db) as lib:
        ingest_paths(lib, [EXAMPLE], workers=1)
    return db


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*CLI, *args], capture_output=True, text=True, timeout=120)


def one_line_error(out: subprocess.CompletedProcess, *words: str) -> None:
    assert out.returncode != 0 and "Traceback" not in out.stderr, out.stderr
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:"), out.stderr
    assert all(w in lines[0] for w in words), lines[0]


def _segment_files(db: Path, part: str) -> list[Path]:
    return sorted(index_path(db).glob(f"*.{part}"))


def _flip(f: Path, at: float = 0.5, n: int = 16) -> None:
    data = bytearray(f.read_bytes())
    i = int(len(data) * at)
    data[i : i + n] = bytes(b ^ 0xFF for b in data[i : i + n])
    f.write_bytes(bytes(data))


DAMAGE = {
    "meta.json garbage": lambda db: (index_path(db) / "meta.json").write_text("{garbage", encoding="utf-8"),
    "meta.json emptied": lambda db: (index_path(db) / "meta.json").write_bytes(b""),
    **{f"{part} truncated": (lambda part: lambda db: [f.write_bytes(f.read_bytes()[: f.stat().st_size // 2])
                                                       for f in _segment_files(db, part)])(part)
       for part in SEGMENT_PARTS},
    **{f"{part} flipped": (lambda part: lambda db: [_flip(f) for f in _segment_files(db, part)])(part)
       for part in SEGMENT_PARTS},
    "a segment file deleted": lambda db: _segment_files(db, "term")[0].unlink(),
}


def hits_of_a_copy(db: Path, query: str) -> list[str]:
    """The answer from a copy (this process keeps an index it read mapped: damaging those very
    files under it would be another test)."""
    copy = db.parent / "copy"
    copy.mkdir()
    shutil.copy(db, copy / db.name)
    shutil.copytree(index_path(db), index_path(copy / db.name))
    with Library(copy / db.name, readonly=True) as lib:
        return [h.id for h in search(lib, query).hits]


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_a_damaged_index_is_rebuilt_from_the_library_with_one_line(library: Path, damage: str) -> None:
    want = hits_of_a_copy(library, "消防 补贴")
    assert want
    DAMAGE[damage](library)
    told: list[str] = []
    lib = open_for_reading(library, notify=told.append)
    try:
        assert len(told) == 1 and "search index is damaged" in told[0] and "rebuilding" in told[0], told
        assert [h.id for h in search(lib, "消防 补贴").hits] == want
    finally:
        lib.close()
    assert check_files(index_path(library))[0] is None


def test_an_index_out_of_step_with_the_library_is_rebuilt(library: Path, tmp_path: Path) -> None:
    old = tmp_path / "old.index"
    shutil.copytree(index_path(library), old)
    more = tmp_path / "more.txt"
    more.write_text(EXAMPLE.read_text(encoding="utf-8").replace("2024年第2期", "2024年第5期"),
                    encoding="utf-8")
    with Library(library) as lib:
        ingest_paths(lib, [more], workers=1)
    shutil.rmtree(index_path(library))
    shutil.copytree(old, index_path(library))  # a folder restored from before the second ingest
    told: list[str] = []
    with Library(library, on_repair=told.append) as lib:
        assert told and "out of step" in told[0]
        assert lib.index.num_docs(lib.generation()) == lib.count_documents() == 12


def test_cli_search_over_a_damaged_index_says_one_line_and_answers(library: Path) -> None:
    DAMAGE["term flipped"](library)
    out = cli("search", "消防", "--db", str(library), "--json")
    assert out.returncode == 0 and "Traceback" not in out.stderr
    assert out.stderr.count("\n") == 1 and "search index is damaged" in out.stderr
    assert json.loads(out.stdout)["total"] >= 1


def _damage_pages(db: Path) -> None:
    """Flip the header of every b-tree page after the schema page: SQLite can read none of them."""
    data = bytearray(db.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    for start in range(2 * page, len(data), page):
        data[start : start + 8] = bytes(b ^ 0xA5 for b in data[start : start + 8])
    db.write_bytes(bytes(data))


def _sha(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def test_a_damaged_sqlite_file_is_never_written_and_each_command_says_so(library: Path,
                                                                         tmp_path: Path) -> None:
    _damage_pages(library)
    before = _sha(library)
    more = tmp_path / "more.txt"
    more.write_text(EXAMPLE.read_text(encoding="utf-8").replace("2024年第2期", "2024年第5期"),
                    encoding="utf-8")
    one_line_error(cli("ingest", str(more), "--db", str(library)), str(library), "damaged")
    assert _sha(library) == before and not Path(str(library) + "-wal").exists()
    for command in (["search", "消防"], ["show", "示政发〔2024〕5号"], ["export"], ["tasks"]):
        one_line_error(cli(*command, "--db", str(library)), str(library), "damaged")
    assert _sha(library) == before


def test_the_api_answers_503_in_one_line_when_the_file_is_damaged(library: Path) -> None:
    from gongbao.server import create_app

    app = create_app(library)
    _damage_pages(library)
    client = TestClient(app, raise_server_exceptions=False)
    r = client.get("/api/search", params={"q": "消防"})
    assert r.status_code == 503 and "damaged" in r.json()["error"] and "\n" not in r.json()["error"]
    page = client.get("/", params={"q": "消防"})
    assert page.status_code == 503 and "damaged" in page.text


@pytest.mark.parametrize("command", [["ingest", str(EXAMPLE)], ["search", "消防"], ["serve"]])
def test_a_file_of_0_bytes_is_not_an_empty_library(tmp_path: Path, command: list[str]) -> None:
    db = tmp_path / "lib.db"
    db.write_bytes(b"")
    one_line_error(cli(*command, "--db", str(db)), str(db), "0 bytes")
    assert db.stat().st_size == 0


def test_a_sqlite_file_of_another_program_is_left_alone(tmp_path: Path) -> None:
    db = tmp_path / "other.db"
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE contacts (name TEXT)")
    con.commit()
    con.close()
    before = _sha(db)
    with pytest.raises(LibraryError, match="not a gongbao library"):
        Library(db)
    one_line_error(cli("ingest", str(EXAMPLE), "--db", str(db)), "not a gongbao library")
    assert _sha(db) == before
