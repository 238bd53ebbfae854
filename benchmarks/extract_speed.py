"""Extraction speed on the corpus, as a ratio to parsing measured in the same run.

Usage: python benchmarks/extract_speed.py [CORPUS_DIR] [--repeat N]
Prints per-stage seconds (best of N) and extract/parse; extraction should stay well under
the parse time (ratio < 1) and the whole corpus well under a second or two.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from gongbao.extract import extract_gazette
from gongbao.parse import parse_gazette
from gongbao.text.decode import read_text_file


def main(argv: list[str]) -> int:
    repeat = 3
    if "--repeat" in argv:
        i = argv.index("--repeat")
        repeat = int(argv[i + 1])
        del argv[i : i + 2]
    corpus = Path(argv[0]) if argv else Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
    files = sorted(corpus.glob("*.txt"))
    if not files:
        print(f"no .txt files in {corpus}", file=sys.stderr)
        return 2
    texts = [(f.name, read_text_file(f)) for f in files]
    best_parse = best_extract = float("inf")
    items = lines = 0
    for _ in range(repeat):
        tp = te = 0.0
        items = lines = 0
        for name, text in texts:
            t0 = time.perf_counter()
            gz = parse_gazette(text, source=name)
            t1 = time.perf_counter()
            extract_gazette(gz)
            t2 = time.perf_counter()
            tp, te = tp + t1 - t0, te + t2 - t1
            lines += len(gz.lines)
            items += sum(len(d.citations) + len(d.appointments) + len(d.tasks) + len(d.money)
                         for d in gz.documents)
        best_parse, best_extract = min(best_parse, tp), min(best_extract, te)
    print(f"files={len(files)} lines={lines} items={items}")
    print(f"parse={best_parse:.3f}s extract={best_extract:.3f}s"
          f" extract/parse={best_extract / best_parse:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
