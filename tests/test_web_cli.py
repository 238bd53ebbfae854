"""`gongbao serve`: loopback by default, a clear one-line error without a library."""

from __future__ import annotations

from typer.testing import CliRunner

from gongbao.cli import app
from weblib import build_library


def test_serve_binds_loopback_by_default(tmp_path, monkeypatch):
    import uvicorn

    db = build_library(tmp_path)
    calls = []
    monkeypatch.setattr(uvicorn, "run", lambda *a, **kw: calls.append(kw))
    r = CliRunner().invoke(app, ["serve", "--db", str(db), "--port", "8765"])
    assert r.exit_code == 0, r.output
    assert calls[0]["host"] == "127.0.0.1" and calls[0]["port"] == 8765
    r = CliRunner().invoke(app, ["serve", "--db", str(db), "--host", "0.0.0.0"])
    assert calls[1]["host"] == "0.0.0.0"


def test_serve_without_a_library_fails_in_one_line(tmp_path):
    r = CliRunner().invoke(app, ["serve", "--db", str(tmp_path / "missing.db")])
    assert r.exit_code != 0
    assert "missing.db" in r.output and "no library here" in r.output and "Traceback" not in r.output


def test_serve_refuses_an_outdated_library_unless_upgraded(tmp_path, monkeypatch):
    import sqlite3

    import uvicorn

    db = build_library(tmp_path)
    con = sqlite3.connect(db)
    con.execute("DROP TABLE tasks")  # as if made by a gongbao from before the table existed
    con.commit()
    con.close()
    monkeypatch.setattr(uvicorn, "run", lambda *a, **kw: None)
    r = CliRunner().invoke(app, ["serve", "--db", str(db)])
    assert r.exit_code != 0 and "older gongbao" in r.output and "--upgrade" in r.output
    r = CliRunner().invoke(app, ["serve", "--db", str(db), "--upgrade"])
    assert r.exit_code == 0, r.output
