#!/usr/bin/env python3
"""Round trip: corpus text -> PDF or OFD (made here) -> `gongbao parse` vs parsing the text.

Renders each ../shared/corpus/*.txt into a PDF in a temp dir (tests/pdfmake.py: reportlab +
Debian's WQY Zen Hei, running header, page-number footer, paragraphs wrapped and indented),
or with ``--format ofd`` into an OFD file of the same printed lines (tests/ofdmake.py, with
a seal image on the last page), parses both with the `gongbao` command and scores both with
the shared scorer.

The gold start_line counts lines of the .txt; the PDF's text has its own line numbers (wrapped
paragraphs are joined back, but page seams add a line and blank-line runs differ). So the PDF's
gold is the .txt gold with each start_line carried over through a line alignment of the two
texts (difflib on whitespace-free lines); both the carried and the raw figures are printed.

    python benchmarks/roundtrip_parse.py [--format pdf|ofd] [--ocr never] [--keep DIR] [--two-column]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from difflib import SequenceMatcher
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))
import ofdmake  # noqa: E402
import pdfmake  # noqa: E402

SHARED = REPO.parent / "shared"
SCORER = SHARED / "eval" / "score_parse.py"


def gongbao() -> list[str]:
    exe = os.environ.get("GONGBAO")
    if exe:
        return exe.split()
    local = REPO / ".venv" / "bin" / "gongbao"
    return [str(local)] if local.exists() else [sys.executable, "-m", "gongbao"]


def line_map(src: list[str], dst: list[str]) -> dict[int, int]:
    """1-based line of src -> 1-based line of dst holding the same text.

    Blank lines are left out of the alignment (their runs differ); inside a changed block a
    source line goes to the destination line that starts the same way (a paragraph split at a
    page seam starts on its first part)."""
    key = lambda s: "".join(s.split())  # noqa: E731
    ai = [i for i, s in enumerate(src) if key(s)]
    bi = [j for j, s in enumerate(dst) if key(s)]
    a = [key(src[i]) for i in ai]
    b = [key(dst[j]) for j in bi]
    out: dict[int, int] = {}
    sm = SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        for k in range(i1, i2):
            if tag == "equal":
                j = j1 + (k - i1)
            else:
                j = next((j for j in range(j1, j2) if b[j][:8] == a[k][:8]), None)
                if j is None:
                    j = min(j1 + (k - i1), max(j1, j2 - 1))
            if j < len(bi):
                out[ai[k] + 1] = bi[j] + 1
    return out


def carried_gold(gold: dict, mapping: dict[int, int]) -> dict:
    g = json.loads(json.dumps(gold))
    for d in g["documents"]:
        s = d.get("start_line")
        if isinstance(s, int) and s in mapping:
            d["start_line"] = mapping[s]
    return g


def run_parse(path: Path, out: Path, extra: list[str]) -> None:
    with out.open("w", encoding="utf-8") as fh:
        subprocess.run(gongbao() + ["parse", str(path), "--json", *extra], stdout=fh, check=False)


def total(scorer_out: str) -> str:
    return next((ln for ln in scorer_out.splitlines() if ln.startswith("TOTAL")), "TOTAL ?")


def fields(line: str) -> dict[str, float]:
    out = {}
    for part in line.split():
        if "=" in part and part.split("=")[0] not in ("(gold", "pred", "matched)"):
            k, v = part.split("=", 1)
            try:
                out[k] = float(v)
            except ValueError:
                pass
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--keep", type=Path, help="keep the PDFs and outputs in this directory")
    ap.add_argument("--two-column", action="store_true", help="set the PDFs in two columns")
    ap.add_argument("--ocr", default="never")
    ap.add_argument("--format", choices=("pdf", "ofd"), default="pdf", help="the file made from each text")
    args = ap.parse_args()
    txts = sorted((SHARED / "corpus").glob("*.txt"))
    if not txts or not SCORER.exists():
        print(f"no corpus or scorer under {SHARED}")
        return 1
    tmp = Path(tempfile.mkdtemp()) if args.keep is None else args.keep
    tmp.mkdir(parents=True, exist_ok=True)
    pairs_txt, pairs_pdf, pairs_raw = [], [], []
    for txt in txts:
        stem = txt.name[: -len(".txt")]
        gold_path = txt.with_name(stem + ".gold.json")
        pdf = tmp / (stem + "." + args.format)
        make = ofdmake.text_to_ofd if args.format == "ofd" else pdfmake.text_to_pdf
        make(txt.read_text(encoding="utf-8"), pdf, columns=2 if args.two_column else 1)
        run_parse(txt, tmp / (stem + ".txt.json"), [])
        run_parse(pdf, tmp / (stem + ".pdf.json"), ["--ocr", args.ocr, "--text"])
        # the PDF's own text, for the line alignment
        sys.path.insert(0, str(REPO / "src"))
        from gongbao.intake import load

        pdf_text = load(pdf, ocr=args.ocr).text
        from gongbao.text.decode import split_lines

        mapping = line_map(split_lines(txt.read_text(encoding="utf-8")), split_lines(pdf_text))
        carried = tmp / (stem + ".pdfgold.json")
        carried.write_text(json.dumps(carried_gold(json.loads(gold_path.read_text(encoding="utf-8")),
                                                   mapping),
                                      ensure_ascii=False), encoding="utf-8")
        pairs_txt += [str(gold_path), str(tmp / (stem + ".txt.json"))]
        pairs_pdf += [str(carried), str(tmp / (stem + ".pdf.json"))]
        pairs_raw += [str(gold_path), str(tmp / (stem + ".pdf.json"))]
    results = {}
    fmt = args.format
    for name, pairs in (("text", pairs_txt), (fmt, pairs_pdf), (fmt + "-raw-lines", pairs_raw)):
        out = subprocess.run([sys.executable, str(SCORER), "--pairs", *pairs], capture_output=True,
                             text=True).stdout
        results[name] = total(out)
        print(f"{name:14s} {results[name]}")
    a, b = fields(results["text"]), fields(results[fmt])
    deltas = {k: round(b[k] - a[k], 3) for k in a if k in b}
    worst = max((abs(v) for v in deltas.values()), default=0.0)
    print(f"delta ({fmt} - text):", " ".join(f"{k}={v:+.3f}" for k, v in deltas.items()))
    print(f"max |delta| = {worst:.3f}  ({'within' if worst <= 0.02 else 'OUTSIDE'} the 0.02 bar)")
    print(f"files in {tmp}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
