"""`kill -9` of an ingest: no process left behind, nothing reported stored lost, a rerun completes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "示例县人民政府公报2024年第2期.txt"

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc (Linux)")


def descendants(pid: int) -> set[int]:
    """Every process below ``pid`` (from /proc)."""
    children: dict[int, list[int]] = {}
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                stat = (d / "stat").read_text()
            except OSError:
                continue
            ppid = int(stat[stat.rindex(")") + 2 :].split()[1])
            children.setdefault(ppid, []).append(int(d.name))
    out, todo = set(), [pid]
    while todo:
        for c in children.get(todo.pop(), []):
            out.add(c)
            todo.append(c)
    return out


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def gazettes(folder: Path, n: int, repeat: int = 1) -> list[Path]:
    """``n`` distinct issues (their 期 numbers differ), each the example's text ``repeat`` times."""
    folder.mkdir(exist_ok=True)
    text = EXAMPLE.read_text(encoding="utf-8")
    out = []
    for i in range(n):
        f = folder / f"公报{i:03d}.txt"
        f.write_text(text.replace("2024年第2期", f"2024年第{i + 10}期") * repeat, encoding="utf-8")
        out.append(f)
    return out


def start_ingest(src: Path, db: Path, *extra: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "gongbao.cli", "ingest", str(src), "--db", str(db), *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_pool_workers_and_readers_die_with_a_killed_ingest(tmp_path: Path) -> None:
    gazettes(tmp_path / "in", 6, repeat=40)
    proc = start_ingest(tmp_path / "in", tmp_path / "lib.db", "--workers", "2")
    try:
        deadline = time.monotonic() + 60
        below: set[int] = set()
        while time.monotonic() < deadline and len(below) < 3:  # 2 workers and a reader at least
            below = descendants(proc.pid)
            time.sleep(0.05)
        assert len(below) >= 3, "the pool never started"
        below = descendants(proc.pid)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and any(alive(p) for p in below):
        time.sleep(0.1)
    left = [p for p in below if alive(p)]
    for p in left:  # leave nothing behind even when the test fails
        os.kill(p, signal.SIGKILL)
    assert left == []
