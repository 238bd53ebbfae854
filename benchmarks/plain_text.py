"""Plain text at scale: time (MB/s) and peak memory of `gongbao parse` and `gongbao ingest` on
1, 10 and 50 MB text files, in two shapes:

- gazette: the sample issue in examples/ repeated, each copy a distinct issue (its 期 number),
  so the file is a run of many issues with their TOCs and documents;
- one line: the same text with every line end replaced by an ideographic space (a page saved
  without its line breaks).

Each command runs as a subprocess (its reader child included); peak memory is the largest
resident set among them (wait4's ru_maxrss), and "B/B" is that figure per input byte. Time and
memory are linear when MB/s and B/B stay flat from 1 to 50 MB.

Usage: .venv/bin/python benchmarks/plain_text.py [--sizes 1,10,50] [--shapes gazette,line] [--no-ingest]
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "示例县人民政府公报2024年第2期.txt"
CLI = [sys.executable, "-m", "gongbao.cli"]


def make_text(mb: float, shape: str) -> str:
    """About ``mb`` megabytes (UTF-8) of gazette text in the given shape. Copy k of the sample
    issue is another issue (its 期) whose documents have their own 文号 (the sequence numbers
    shifted by k * 1000), as a year of real issues would."""
    base = EXAMPLE.read_text(encoding="utf-8")
    copies, n = [], 0
    while n < mb * 1e6:
        k = len(copies)
        copy = re.sub(r"〔(\d{4})〕(\d+)号", lambda m: f"〔{m[1]}〕{int(m[2]) + 1000 * k}号", base)
        copy = copy.replace("2024年第2期", f"2024年第{k + 3}期")
        copies.append(copy)
        n += len(copy.encode("utf-8"))
    text = "".join(copies)
    return text.replace("\n", "\u3000") if shape == "line" else text


def run(args: list[str], timeout: float) -> tuple[float, int, int]:
    """(seconds, peak resident bytes of the command and its children, exit code)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = t0 + timeout
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() > deadline:
            proc.kill()
            pid, status, usage = os.wait4(proc.pid, 0)
            break
        time.sleep(0.05)
    return time.perf_counter() - t0, usage.ru_maxrss * 1024, os.waitstatus_to_exitcode(status)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1,10,50", help="megabytes")
    ap.add_argument("--shapes", default="gazette,line")
    ap.add_argument("--no-ingest", action="store_true", help="measure `parse` only")
    ap.add_argument("--timeout", type=float, default=3600)
    opts = ap.parse_args()
    commands = ["parse"] + ([] if opts.no_ingest else ["ingest"])
    print(f"{'shape':8} {'MB':>5} {'command':7} {'seconds':>8} {'MB/s':>6} {'peak MB':>8} {'B/B':>6}  exit")
    with tempfile.TemporaryDirectory() as tmp:
        for shape in opts.shapes.split(","):
            for mb in map(float, opts.sizes.split(",")):
                f = Path(tmp) / f"{shape}-{mb:g}MB.txt"
                f.write_text(make_text(mb, shape), encoding="utf-8")
                size = f.stat().st_size
                for cmd in commands:
                    args = [*CLI, "parse", str(f), "--json", "--timeout", str(opts.timeout)] if cmd == "parse" \
                        else [*CLI, "ingest", str(f), "--db", str(Path(tmp) / f"{f.stem}.db"), "--timeout",
                              str(opts.timeout)]
                    secs, peak, code = run(args, opts.timeout + 60)
                    print(f"{shape:8} {size / 1e6:5.1f} {cmd:7} {secs:8.1f} {size / 1e6 / secs:6.2f} "
                          f"{peak / 1e6:8.0f} {peak / size:6.1f}  {code}", flush=True)
                f.unlink()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
