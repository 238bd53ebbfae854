"""`gongbao parse` as a user runs it: outline, JSON contract, and bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "示例县人民政府公报2024年第2期.txt"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "gongbao", *args], capture_output=True, text=True, cwd=REPO)


def test_outline() -> None:
    out = run("parse", str(EXAMPLE))
    assert out.returncode == 0, out.stderr
    assert "示例县人民政府公报" in out.stdout and "示政发〔2024〕5号" in out.stdout


def test_json_contract() -> None:
    out = run("parse", str(EXAMPLE), "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["source"] == EXAMPLE.name
    assert set(data["issue"]) >= {"title", "year", "number", "total_number", "published"}
    d = data["documents"][0]
    for key in ("title", "doc_number", "issuer", "date", "doc_type", "section", "toc_page", "start_line",
                "end_line", "public", "attachments", "cites", "citations", "appointments", "tasks", "money"):
        assert key in d
    assert d["lines"]["doc_number"] == [41]


@pytest.mark.parametrize("encoding", ["gb18030", "utf-16", "utf-8-sig"])
def test_other_encodings_parse_the_same(tmp_path: Path, encoding: str) -> None:
    f = tmp_path / "g.txt"
    f.write_bytes(EXAMPLE.read_text(encoding="utf-8").replace("\n", "\r\n").encode(encoding))
    a = json.loads(run("parse", str(f), "--json").stdout)["documents"]
    b = json.loads(run("parse", str(EXAMPLE), "--json").stdout)["documents"]
    assert [(d["doc_number"], d["start_line"], d["date"]) for d in a] == [(d["doc_number"], d["start_line"],
                                                                           d["date"]) for d in b]


def make_bad(tmp_path: Path, kind: str) -> Path:
    f = tmp_path / f"{kind}.txt"
    if kind == "empty":
        f.write_bytes(b"")
    elif kind == "binary":
        f.write_bytes(bytes(range(256)) * 64)
    elif kind == "undecodable":
        f.write_bytes("公报".encode("utf-8") + bytes([0xFF, 0xFE, 0x81, 0x30]) * 100)
    elif kind == "huge":
        with open(f, "wb") as fh:  # sparse: 200 MB on paper, nothing on disk
            fh.truncate(200 * 1024 * 1024)
    elif kind == "directory":
        f = tmp_path / "a-folder"
        f.mkdir()
    elif kind == "missing":
        f = tmp_path / "nope.txt"
    return f


@pytest.mark.parametrize(
    "kind, reason",
    [("empty", "empty"), ("binary", "binary"), ("undecodable", "undecodable"), ("huge", "too large"),
     ("directory", "directory"), ("missing", "no such file")],
)
def test_bad_input_is_one_line_naming_file_and_reason(tmp_path: Path, kind: str, reason: str) -> None:
    f = make_bad(tmp_path, kind)
    out = run("parse", str(f), "--json")
    assert out.returncode != 0
    assert out.stdout == ""
    err = out.stderr.strip()
    assert "Traceback" not in err
    assert len(err.splitlines()) == 1, err
    assert f.name in err and reason in err
