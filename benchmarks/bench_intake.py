#!/usr/bin/env python3
"""Intake speed, memory and fidelity: gongbao's PDF intake against pdfminer.six, same files, same run.

PDFs are made here from ../shared/corpus/*.txt (tests/pdfmake.py), nothing is downloaded.
Each engine runs in its own process (peak RSS from wait4), on the same files:

  gongbao        gongbao.intake.load: pdfium characters + our layout pass (reading order,
                 headers/footers dropped, paragraphs joined), page numbers kept
  pdfium-raw     pypdfium2 get_text_range per page (the candidate library alone)
  pdfminer       pdfminer.six extract_pages with its default layout analysis (LAParams)
  pdfminer-fast  pdfminer.six extract_text without layout analysis (laparams=None; with --all)

Fidelity: character similarity (difflib, whitespace removed) of each engine's text with the
source text, on the first 30,000 characters of each file.
OCR: an image-only copy of the first --ocr-pages pages of one PDF, OCRed with 2 workers: pages/s,
peak RSS and character accuracy against the source text of those pages.
Bounded memory: peak RSS of gongbao on a --big-pages page PDF against the small ones.

    python benchmarks/bench_intake.py [--ocr-pages 6] [--big-pages 500] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from difflib import SequenceMatcher
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO / "src"))
CORPUS = REPO.parent / "shared" / "corpus"


# ------------------------------------------------------------------ worker side (one engine)


def run_engine(engine: str, files: list[str], outdir: str) -> dict:
    pages = 0
    t0 = time.perf_counter()
    texts = []
    if engine == "gongbao":
        from gongbao.intake import load

        for f in files:
            r = load(f, ocr="never" if not os.environ.get("BENCH_OCR") else "auto", timeout=None)
            pages += r.meta["page_count"]
            texts.append(r.text)
    elif engine == "pdfium-raw":
        import pypdfium2 as pdfium

        for f in files:
            doc = pdfium.PdfDocument(f)
            parts = []
            for i in range(len(doc)):
                page = doc[i]
                tp = page.get_textpage()
                parts.append(tp.get_text_range())
                tp.close()
                page.close()
            pages += len(doc)
            doc.close()
            texts.append("\n".join(parts))
    elif engine == "pdfminer":
        from pdfminer.high_level import extract_pages
        from pdfminer.layout import LTTextContainer

        for f in files:
            parts = []
            for layout in extract_pages(f):
                pages += 1
                parts.append("".join(el.get_text() for el in layout if isinstance(el, LTTextContainer)))
            texts.append("\f".join(parts))
    elif engine == "pdfminer-fast":
        from pdfminer.high_level import extract_text
        from pdfminer.pdfpage import PDFPage

        for f in files:
            with open(f, "rb") as fh:
                pages += sum(1 for _ in PDFPage.get_pages(fh))
            texts.append(extract_text(f, laparams=None))
    else:
        raise SystemExit(f"unknown engine {engine}")
    seconds = time.perf_counter() - t0
    for f, t in zip(files, texts):
        Path(outdir, f"{engine}.{Path(f).stem}.txt").write_text(t, encoding="utf-8")
    import resource

    hwm = next((int(ln.split()[1]) for ln in Path("/proc/self/status").read_text().splitlines()
                if ln.startswith("VmHWM:")), 0)
    return {"engine": engine, "pages": pages, "seconds": seconds, "peak_mib": hwm / 1024,
            "children_peak_mib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}


# ------------------------------------------------------------------ driver side


def measure(engine: str, files: list[Path], outdir: Path, env: dict | None = None) -> dict:
    """Run one engine in a fresh process; add its peak RSS (MiB)."""
    cmd = [sys.executable, __file__, "--worker", engine, str(outdir), *map(str, files)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, env={**os.environ, **(env or {})})
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{engine} failed")
    res = json.loads(out)
    # peak_mib: the worker's own high-water mark (VmHWM; ru_maxrss would carry over the
    # driver's size through fork+exec); children_peak_mib: the largest tesseract process
    res["pages_per_s"] = res["pages"] / res["seconds"]
    # CPU time (the process and the tesseract processes it waited for): far less sensitive
    # than wall time to other work on a shared machine; it includes the import of the library
    res["cpu_s"] = usage.ru_utime + usage.ru_stime
    res["pages_per_cpu_s"] = res["pages"] / res["cpu_s"]
    return res


def squash(s: str) -> str:
    return "".join(s.split())


def similarity(a: str, b: str, limit: int = 30000) -> float:
    a, b = squash(a)[:limit], squash(b)[:limit]
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--ocr-pages", type=int, default=6)
    ap.add_argument("--big-pages", type=int, default=500)
    ap.add_argument("--json", type=Path)
    ap.add_argument("--keep", type=Path)
    ap.add_argument("--all", action="store_true", help="also pdfminer.six without layout analysis (slow)")
    args = ap.parse_args()
    import pdfmake

    txts = sorted(CORPUS.glob("*.txt"))
    if not txts:
        print(f"no corpus at {CORPUS}")
        return 1
    tmp = args.keep or Path(tempfile.mkdtemp())
    tmp.mkdir(parents=True, exist_ok=True)
    pdfs, sources = [], {}
    for t in txts:
        p = tmp / (t.stem + ".pdf")
        text = t.read_text(encoding="utf-8")
        pdfmake.text_to_pdf(text, p)
        pdfs.append(p)
        sources[p.stem] = text
    report: dict = {"files": len(pdfs)}
    print(f"text-layer PDFs: {len(pdfs)} files made from the corpus")
    rows = []
    engines = ["gongbao", "pdfium-raw", "pdfminer"] + (["pdfminer-fast"] if args.all else [])
    for engine in engines:
        r = measure(engine, pdfs, tmp)
        sims = [similarity(sources[p.stem], (tmp / f"{engine}.{p.stem}.txt").read_text(encoding="utf-8"))
                for p in pdfs]
        r["similarity"] = sum(sims) / len(sims)
        rows.append(r)
        print(f"  {engine:14s} {r['pages']:4d} pages  wall {r['seconds']:7.2f} s"
              f" {r['pages_per_s']:7.1f} pages/s  "
              f"cpu {r['cpu_s']:7.2f} s {r['pages_per_cpu_s']:7.1f} pages/cpu-s  "
              f"peak {r['peak_mib']:5.0f} MiB  text similarity {r['similarity']:.4f}")
    by = {r["engine"]: r for r in rows}
    ratio = by["gongbao"]["pages_per_s"] / by["pdfminer"]["pages_per_s"]
    cpu_ratio = by["gongbao"]["pages_per_cpu_s"] / by["pdfminer"]["pages_per_cpu_s"]
    print(f"  speed ratio gongbao / pdfminer (layout analysis): cpu {cpu_ratio:.1f}x, wall {ratio:.1f}x "
          " (target >= 5x)")
    report["cpu_ratio_vs_pdfminer"] = cpu_ratio
    if "pdfminer-fast" in by:
        cpu_fast = by["gongbao"]["pages_per_cpu_s"] / by["pdfminer-fast"]["pages_per_cpu_s"]
        print(f"  speed ratio gongbao / pdfminer (no layout analysis): cpu {cpu_fast:.1f}x")
        report["cpu_ratio_vs_pdfminer_nolayout"] = cpu_fast
    report["text_layer"] = rows
    report["ratio_vs_pdfminer"] = ratio

    if args.big_pages:
        body = sources[pdfs[0].stem]
        lines_needed = args.big_pages * 40
        big_text = "\n".join((body.split("\n") * (lines_needed // max(1,
                                                                      body.count("\n")) + 1))[:lines_needed])
        big = tmp / "big.pdf"
        pdfmake.text_to_pdf(big_text, big, lines_per_page=40)
        r = measure("gongbao", [big], tmp)
        small = by["gongbao"]
        print(f"bounded memory: {r['pages']} pages in {r['seconds']:.1f} s ({r['pages_per_s']:.0f} pages/s, "
              f"{r['pages_per_cpu_s']:.0f} pages/cpu-s), "
              f"peak {r['peak_mib']:.0f} MiB (vs {small['peak_mib']:.0f} MiB on the corpus files); "
              f"{big.stat().st_size / 1e6:.1f} MB file")
        report["big"] = r

    if args.ocr_pages:
        import pypdfium2 as pdfium

        from gongbao.intake import load
        from gongbao.intake.ocr import available

        if not available():
            print("OCR: skipped (tesseract with chi_sim not installed)")
        else:
            src = pdfs[0]
            doc = pdfium.PdfDocument(str(src))
            n = min(args.ocr_pages, len(doc))
            part = pdfium.PdfDocument.new()
            part.import_pages(doc, list(range(n)))
            part_path = tmp / "ocr-src.pdf"
            part.save(str(part_path))
            part.close()
            doc.close()
            scan = tmp / "ocr-scan.pdf"
            pdfmake.image_pdf(part_path, scan, dpi=200)
            truth = load(part_path, ocr="never").text
            r = measure("gongbao", [scan], tmp, env={"BENCH_OCR": "1"})
            got = (tmp / "gongbao.ocr-scan.txt").read_text(encoding="utf-8")
            acc = similarity(truth, got, limit=10**9)
            print(f"OCR: {r['pages']} image-only pages in {r['seconds']:.1f} s ="
                  f" {r['pages_per_s']:.2f} pages/s "
                  f"(2 workers; {r['pages_per_cpu_s']:.2f} pages/cpu-s), peak {r['peak_mib']:.0f} MiB "
                  f"(+ tesseract {r['children_peak_mib']:.0f} MiB each), character accuracy {acc:.4f}")
            r["char_accuracy"] = acc
            report["ocr"] = r
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"files in {tmp}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        print(json.dumps(run_engine(sys.argv[2], sys.argv[4:], sys.argv[3])))
        sys.exit(0)
    sys.exit(main())
