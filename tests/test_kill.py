"""`kill -9` of an ingest: no process left behind, nothing reported stored lost, a rerun completes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "示例县人民政府公报2024年第2期.txt"

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(),
                                reason="reads processes from /proc (Linux)")


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
    return subprocess.Popen([sys.executable, "-m", "gongbao.cli", "ingest", str(src), "--db", str(db),
                             *extra],
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


STEMS, BRANCHES = "甲乙丙丁戊己庚辛壬癸", "子丑寅卯辰巳午未申酉戌亥"


def marker(i: int) -> str:
    """A word found in gazette ``i`` only."""
    return f"试点{STEMS[i % 10]}{BRANCHES[i // 10]}村"


def marked_gazettes(folder: Path, n: int) -> dict[Path, str]:
    files = gazettes(folder, n)
    for i, f in enumerate(files):
        f.write_text(f.read_text(encoding="utf-8") + f"\n{marker(i)}\n", encoding="utf-8")
    return {f.resolve(): marker(i) for i, f in enumerate(files)}


def reported_stored(stderr: str) -> set[Path]:
    return {Path(line.split(None, 1)[1]) for line in stderr.splitlines()
            if line.split(None, 1)[:1] in (["added"], ["replaced"], ["unchanged"])}


def test_kill_9_at_random_points_loses_nothing_reported_stored(tmp_path: Path) -> None:
    from gongbao.match import Phrase
    from gongbao.text.searchform import norm
    from gongbao.store import Library

    files = marked_gazettes(tmp_path / "in", 16)
    db = tmp_path / "lib.db"
    rng = __import__("random").Random(1209)
    for attempt in range(4):
        workers = "1" if attempt % 2 else "2"
        proc = start_ingest(tmp_path / "in", db, "--workers", workers, "--verbose")
        said: list[str] = []
        reader = threading.Thread(target=lambda: said.extend(proc.stderr), daemon=True)
        reader.start()
        wait_for = rng.randrange(0, 4)  # kill once that many more files are added, a little later
        deadline = time.monotonic() + 120
        while sum(x.startswith("added") for x in said) < wait_for and proc.poll() is None \
                and time.monotonic() < deadline:
            time.sleep(0.02)
        time.sleep(rng.uniform(0, 0.4))
        below = descendants(proc.pid)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        reader.join(10)
        lines = "".join(said)
        time.sleep(0.5)
        assert not [p for p in below if alive(p)], "processes left behind by the killed ingest"
        stored = reported_stored(lines)
        with Library(db) as lib:  # opens (checked, index caught up) after any kill
            paths = {Path(p) for (p,) in lib.db.execute("SELECT source_path FROM issues")}
            assert stored <= paths, f"reported stored, then lost: {stored - paths}"
            for p in paths:
                assert lib.match_count(Phrase(norm(files[p]))) == 1, p
            assert lib.count_documents() == 6 * len(paths)
    done = subprocess.run([sys.executable, "-m", "gongbao.cli", "ingest", str(tmp_path / "in"), "--db",
                           str(db)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    with Library(db, readonly=True) as lib:
        assert lib.count_issues() == 16 and lib.count_documents() == 96
        assert all(lib.match_count(Phrase(norm(m))) == 1 for m in files.values())
