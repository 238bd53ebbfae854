"""Parse throughput: MB of gazette text per second on one core, against a plain regex pass.

    python benchmarks/parse_throughput.py [FILES...] [--rounds 5]

Defaults to the corpus in ../shared/corpus (or the sample gazette in examples/ when the corpus
is absent). The baseline is one `re.findall` of a 文号 pattern over the same text in the same
run: the cheapest thing that still reads every character. CPU time (process_time) is used, so
other processes on the machine disturb the figures less; the ratio is what to compare.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

from gongbao.parse import parse_gazette
from gongbao.text.decode import read_text_file

REPO = Path(__file__).resolve().parents[1]
BASELINE = re.compile(r"[\u4e00-\u9fff]{2,10}[〔\[(（]\d{4}[〕\])）]\d{1,4}号")
TARGET_MB_S = 5.0


def default_files() -> list[Path]:
    corpus = REPO.parent / "shared" / "corpus"
    files = sorted(corpus.glob("*.txt")) if corpus.is_dir() else []
    return files or sorted((REPO / "examples").glob("*.txt"))


def best_of(rounds: int, fn) -> float:
    best = float("inf")
    for _ in range(rounds):
        t0 = time.process_time()
        fn()
        best = min(best, time.process_time() - t0)
    return best


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args(argv)
    files = args.files or default_files()
    texts = [read_text_file(f) for f in files]
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6

    def run_parse() -> None:
        for t in texts:
            parse_gazette(t)

    def run_baseline() -> None:
        for t in texts:
            BASELINE.findall(t)

    run_parse()  # warm caches (data files, compiled patterns)
    t_parse = best_of(args.rounds, run_parse)
    t_base = best_of(args.rounds, run_baseline)
    parse_rate, base_rate = mb / t_parse, mb / t_base
    print(f"files: {len(files)}  text: {mb:.2f} MB  rounds: {args.rounds} (best CPU time)")
    print(f"baseline regex pass : {base_rate:8.1f} MB/s")
    print(f"gongbao parse       : {parse_rate:8.2f} MB/s  ({parse_rate / base_rate:.3f} x baseline)")
    verdict = "meets" if parse_rate >= TARGET_MB_S else "MISSES"
    print(f"target {TARGET_MB_S} MB/s: {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
