#!/usr/bin/env python3
"""OCR bar: image-only PDFs of corpus pages -> OCR -> character accuracy, 文号 and title found.

For each corpus file, the page where one gold document starts (its heading page; documents
whose heading is split over two pages are passed over) is taken from a
PDF made here from the corpus text (tests/pdfmake.py), rendered to a grey image (a 200 dpi "scan") and
saved as an image-only PDF, or with ``--as png|jpeg|tiff|bmp`` as an image file of that format;
gongbao.intake.load(..., ocr="auto") reads it back. Character
accuracy is difflib's similarity of the OCR text with the page's text layer, whitespace removed
(and, second figure, with full/half-width forms folded by NFKC). The document's 文号 and title
count as found when they occur in the OCR text (whitespace removed, brackets folded); the title,
as parse-eval judges titles, at >= 0.95 character similarity with an OCR line.

    python benchmarks/ocr_eval.py [--docs-per-file 1] [--as pdf|png|jpeg|tiff|bmp]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
import unicodedata
from difflib import SequenceMatcher
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "benchmarks"))
CORPUS = REPO.parent / "shared" / "corpus"


def squash(s: str, nfkc: bool = False) -> str:
    s = "".join(s.split())
    return unicodedata.normalize("NFKC", s) if nfkc else s


def fold(s: str) -> str:
    from gongbao.text.normalize import fold_brackets

    return fold_brackets(s)


def title_found(title: str, text: str) -> bool:
    """As parse-eval judges titles: some line (or two joined lines) holds the title, after the
    issuer prefix, with >= 0.95 character similarity."""
    t = fold(title)
    t = t[t.find("关于"):] if 0 < t.find("关于") <= 40 else t
    lines = [fold(x) for x in text.split("\n") if x.strip()]
    cands = lines + [a + b for a, b in zip(lines, lines[1:])]
    for c in cands:
        c = c[c.find("关于"):] if 0 < c.find("关于") <= 40 else c
        if t in c or SequenceMatcher(None, t, c, autojunk=False).ratio() >= 0.95:
            return True
    return False


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs-per-file", type=int, default=1)
    ap.add_argument("--as", dest="fmt", choices=("pdf", "png", "jpeg", "tiff", "bmp"), default="pdf",
                    help="the scan as an image-only PDF (default) or as an image file")
    args = ap.parse_args()
    import pdfmake
    import pypdfium2 as pdfium

    from gongbao.intake import load
    from gongbao.intake.ocr import available

    if not available():
        print("tesseract with chi_sim is not installed")
        return 1
    tmp = Path(tempfile.mkdtemp())
    totals = {"raw": [], "nfkc": [], "docnum": 0, "title": 0, "n": 0, "pages": 0, "seconds": 0.0}
    for txt in sorted(CORPUS.glob("*.txt")):
        gold = json.loads(txt.with_name(txt.name[:-4] + ".gold.json").read_text(encoding="utf-8"))
        pdf = tmp / (txt.stem + ".pdf")
        pdfmake.text_to_pdf(txt.read_text(encoding="utf-8"), pdf)
        full = load(pdf, ocr="never")
        from roundtrip_parse import line_map

        from gongbao.text.decode import split_lines

        mapping = line_map(split_lines(txt.read_text(encoding="utf-8")), split_lines(full.text))
        picked = [d for d in gold["documents"] if d.get("doc_number") and d.get("title")
                  and d.get("start_line") in mapping]
        done = 0
        for d in picked:
            if done >= args.docs_per_file:
                break
            # the page holding the document's heading (its gold line carried into the PDF's text)
            # (the page of the first line from there that carries its 文号)
            pdf_lines = split_lines(full.text)
            at = max(0, mapping[d["start_line"]] - 3)
            key = fold(d["doc_number"])
            hit = next((i for i in range(at, min(len(pdf_lines), at + 30)) if key in fold(pdf_lines[i])), at)
            page_no = full.pages[hit]
            if full.pages[mapping[d["start_line"]] - 1] != page_no:
                continue  # heading split over two pages: one page cannot hold title and 文号
            done += 1
            src = pdfium.PdfDocument(str(pdf))
            one = pdfium.PdfDocument.new()
            one.import_pages(src, [page_no - 1])
            one_path = tmp / f"{txt.stem}-p{page_no}.pdf"
            one.save(str(one_path))
            one.close()
            src.close()
            scan = tmp / f"{txt.stem}-p{page_no}-scan.{args.fmt}"
            if args.fmt == "pdf":
                pdfmake.image_pdf(one_path, scan, dpi=200)
            else:
                page = pdfium.PdfDocument(str(one_path))
                page[0].render(scale=200 / 72, grayscale=True).to_pil().convert("L").save(
                    scan, args.fmt.upper(), dpi=(200, 200))
                page.close()
            truth = load(one_path, ocr="never").text
            t0 = time.perf_counter()
            got = load(scan, ocr="auto").text
            totals["seconds"] += time.perf_counter() - t0
            totals["pages"] += 1
            raw = SequenceMatcher(None, squash(truth), squash(got), autojunk=False).ratio()
            nf = SequenceMatcher(None, squash(truth, True), squash(got, True), autojunk=False).ratio()
            dn = fold(d["doc_number"]) in fold(got)
            title = title_found(d["title"], got)
            totals["raw"].append(raw)
            totals["nfkc"].append(nf)
            totals["docnum"] += dn
            totals["title"] += title
            totals["n"] += 1
            print(f"{txt.stem} page {page_no}: accuracy {raw:.4f} (NFKC {nf:.4f}) 文号 {'found' if dn else 'MISSED'} "
                  f"{d['doc_number']}  title {'found' if title else 'MISSED'}")
    n = totals["n"]
    if not n:
        print("no pages")
        return 1
    print(f"TOTAL pages={n} char_accuracy={sum(totals['raw']) / n:.4f} char_accuracy_nfkc={sum(totals['nfkc']) / n:.4f} "
          f"docnum_found={totals['docnum']}/{n} title_found={totals['title']}/{n} "
          f"ocr_pages_per_s={totals['pages'] / totals['seconds']:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
