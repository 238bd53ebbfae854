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

Whole gazettes (``--gazettes``): every corpus gazette is typeset (tests/pdfmake.py, as
roundtrip_parse.py does), rasterized to 200 dpi grey images saved as an image-only PDF, read
back with ``gongbao.intake.load(..., ocr="always")`` and parsed. Its parse is scored with
../shared/eval/score_parse.py beside the parse of the gazette's own text: docs_f1, title,
doc_number, issuer and date are compared (the bar: within 0.05); start is printed too but not
compared (the OCR text has its own line numbers: the gold start_line is carried over by a line
alignment, which is only approximate). Per gazette it also prints the OCR character accuracy
(page by page against the PDF's text layer, as above) and how many gold 文号 and titles the OCR
text holds at all, which tells OCR slips from parser misses.

OCR of the four gazettes takes minutes per gazette on two cores, so each gazette's OCR text is
cached in benchmarks/out/ocr-gazettes/ (NAME.KEY.txt and NAME.KEY.json), KEY being a hash of the
image-only PDF, the tesseract version and gongbao's intake code; a later run reuses it.
``--cached`` skips typesetting and OCR altogether and parses and scores the cached texts (seconds).

    python benchmarks/ocr_eval.py --gazettes [--cached] [--only NAME] [--verbose]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import subprocess
import sys
import tempfile
import time
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "benchmarks"))
CORPUS = REPO.parent / "shared" / "corpus"
SCORER_DIR = REPO.parent / "shared" / "eval"
CACHE = REPO / "benchmarks" / "out" / "ocr-gazettes"
SCAN_DPI = 200
COMPARED = ("docs_f1", "title", "doc_number", "issuer", "date")
BAR = 0.05


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
    ap.add_argument("--gazettes", action="store_true", help="OCR whole gazettes, parse and score them")
    ap.add_argument("--cached", action="store_true", help="with --gazettes: only the cached OCR texts, no OCR")
    ap.add_argument("--only", default="", help="with --gazettes: gazettes whose name starts with this")
    ap.add_argument("--verbose", action="store_true", help="with --gazettes: the scorer's missed and wrong fields")
    args = ap.parse_args()
    if args.gazettes:
        return gazettes(args)
    return pages(args)


def pages(args: argparse.Namespace) -> int:
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


# --- whole gazettes ---------------------------------------------------------------------------


def sha256(*parts: bytes) -> str:
    h = hashlib.sha256()
    for p in parts:
        h.update(hashlib.sha256(p).digest())
    return h.hexdigest()


def tesseract_version() -> str:
    """``tesseract 5.3.0`` (the first line of ``tesseract --version``)."""
    out = subprocess.run(["tesseract", "--version"], capture_output=True, text=True, timeout=30)
    return ((out.stdout or out.stderr).splitlines() or ["tesseract ?"])[0].strip()


def intake_code() -> str:
    """A hash of gongbao's PDF/OCR reading code: the cached text is what this code made."""
    src = REPO / "src" / "gongbao" / "intake"
    return sha256(*(f.read_bytes() for f in sorted(src.glob("*.py"))))[:16]


def source_key(text: str) -> str:
    """What the image-only PDF is made from: the gazette text, the typesetter and the scan dpi."""
    return sha256(text.encode("utf-8"), (REPO / "tests" / "pdfmake.py").read_bytes(), str(SCAN_DPI).encode())[:16]


def page_texts(text: str, pages: list[int]) -> dict[int, str]:
    """The text of each page (whitespace removed) from a text and the page of each line."""
    from gongbao.text.decode import split_lines

    out: dict[int, str] = {}
    for line, page in zip(split_lines(text), pages):
        out[page] = out.get(page, "") + squash(line)
    return out


def char_accuracy(truth: dict[int, str], got: dict[int, str], nfkc: bool = False) -> float:
    """difflib's similarity of OCR and text layer summed over pages: 2 * matched / (|a| + |b|)."""
    matched = total = 0
    for page in sorted(set(truth) | set(got)):
        a, b = truth.get(page, ""), got.get(page, "")
        if nfkc:
            a, b = unicodedata.normalize("NFKC", a), unicodedata.normalize("NFKC", b)
        matched += sum(m.size for m in SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks())
        total += len(a) + len(b)
    return 2 * matched / total if total else 1.0


@dataclass
class OcrText:
    """One gazette's OCR text as cached, with what it was made from."""

    name: str
    text: str
    meta: dict
    path: Path


def find_cached(name: str, text: str, tess: str, exact_key: str | None = None) -> OcrText | None:
    """The cached OCR of a gazette: by its exact key, or (``exact_key`` None) by what the PDF was
    made from and the tesseract version; a text made by other intake code is taken with a warning."""
    for meta_path in sorted(CACHE.glob(f"{name}.*.json")):
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        if exact_key is not None and meta.get("key") != exact_key:
            continue
        if exact_key is None and (meta.get("source") != source_key(text) or meta.get("tesseract") != tess):
            continue
        if exact_key is None and meta.get("intake_code") != intake_code():
            print(f"warning: {meta_path.name} was OCRed by other intake code; run without --cached to redo it",
                  file=sys.stderr)
        txt = meta_path.with_suffix(".txt")
        return OcrText(name, txt.read_text(encoding="utf-8"), meta, txt)
    return None


def ocr_gazette(name: str, text: str, tess: str, tmp: Path) -> OcrText:
    """Typeset, scan at 200 dpi and OCR one gazette through gongbao.intake.load; cached."""
    import pdfmake

    from gongbao.intake import load

    pdf = tmp / f"{name}.pdf"
    scan = tmp / f"{name}.scan.pdf"
    pdfmake.text_to_pdf(text, pdf)
    pdfmake.image_pdf(pdf, scan, dpi=SCAN_DPI)
    scan_sha = hashlib.sha256(scan.read_bytes()).hexdigest()
    key = sha256(scan_sha.encode(), tess.encode(), intake_code().encode())[:16]
    hit = find_cached(name, text, tess, exact_key=key)
    if hit is not None:
        print(f"{name}: cached OCR {hit.path}", file=sys.stderr, flush=True)
        return hit
    started = time.monotonic()

    def progress(done: int, total: int, stage: str) -> None:
        if stage == "ocr" and (done % 10 == 0 or done == total):
            print(f"{name}: OCR page {done}/{total} ({time.monotonic() - started:.0f} s)", file=sys.stderr, flush=True)

    got = load(scan, ocr="always", timeout=None, progress=progress)
    seconds = time.monotonic() - started
    truth = load(pdf, ocr="never")
    a, b = page_texts(truth.text, truth.pages), page_texts(got.text, got.pages)
    meta = {"key": key, "name": name, "pdf_sha256": scan_sha,
            "tesseract": tess, "intake_code": intake_code(), "source": source_key(text), "scan_dpi": SCAN_DPI,
            "pages": got.meta.get("page_count"), "ocr_seconds": round(seconds, 1),
            "char_accuracy": round(char_accuracy(a, b), 4), "char_accuracy_nfkc": round(char_accuracy(a, b, True), 4)}
    CACHE.mkdir(parents=True, exist_ok=True)
    out = CACHE / f"{name}.{key}.txt"
    out.write_text(got.text, encoding="utf-8")
    out.with_suffix(".json").write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
    return OcrText(name, got.text, meta, out)


def parse_dict(path: Path) -> dict:
    from gongbao.pipeline import parse_path

    return parse_path(path).to_dict()


def scorer():
    sys.path.insert(0, str(SCORER_DIR))
    import score_parse

    return score_parse


def figures(summary: str) -> dict[str, float]:
    """``docs_f1=0.9 (gold=…) title=…`` -> {"docs_f1": 0.9, "title": …} (the counts in
    brackets left out)."""
    out = {}
    for part in re.sub(r"\(.*?\)", " ", summary).split():
        k, _, v = part.partition("=")
        try:
            out[k] = float(v)
        except ValueError:
            pass
    return out


def found_in_ocr(gold: dict, ocr_text: str) -> tuple[str, str]:
    """How many gold 文号 and titles the OCR text holds at all (before any parsing)."""
    docs = gold["documents"]
    numbered = [d for d in docs if d.get("doc_number")]
    folded = fold(squash(ocr_text))
    dn = sum(fold(squash(d["doc_number"])) in folded for d in numbered)
    titles = sum(title_found(d["title"], ocr_text) for d in docs if d.get("title"))
    return f"{dn}/{len(numbered)}", f"{titles}/{len(docs)}"


def gazettes(args: argparse.Namespace) -> int:
    from roundtrip_parse import carried_gold, line_map

    from gongbao.intake.ocr import available
    from gongbao.text.decode import split_lines

    golds = sorted(CORPUS.glob(f"{args.only}*.gold.json"))
    if not golds or not (SCORER_DIR / "score_parse.py").exists():
        print(f"no corpus or scorer under {CORPUS.parent}; nothing to measure")
        return 0
    if not args.cached and not available():
        print("tesseract with chi_sim is not installed (or use --cached)")
        return 1
    sp = scorer()
    tess = tesseract_version()
    totals = {"text": sp.Tally(), "ocr": sp.Tally()}
    issue = {"text": [0, 0], "ocr": [0, 0]}
    with tempfile.TemporaryDirectory() as tmp:
        for gold_path in golds:
            name = gold_path.name[: -len(".gold.json")]
            txt = CORPUS / f"{name}.txt"
            text = txt.read_text(encoding="utf-8")
            gold = json.loads(gold_path.read_text(encoding="utf-8"))
            ocr = find_cached(name, text, tess) if args.cached else ocr_gazette(name, text, tess, Path(tmp))
            if ocr is None:
                print(f"{name}: no cached OCR text in {CACHE} for this text and {tess}; run without --cached")
                return 1
            carried = carried_gold(gold, line_map(split_lines(text), split_lines(ocr.text)))
            m = ocr.meta
            dn, titles = found_in_ocr(gold, ocr.text)
            print(f"{name} pages={m['pages']} ocr_s={m['ocr_seconds']} char_accuracy={m['char_accuracy']:.4f} "
                  f"(NFKC {m['char_accuracy_nfkc']:.4f}) docnum_in_ocr={dn} titles_in_ocr={titles}")
            for label, g, pred in (("text", gold, parse_dict(txt)), ("ocr", carried, parse_dict(ocr.path))):
                t = sp.score(g, pred, args.verbose, f"{name}:{label}")
                h, n = sp.issue_score(g, pred)
                print(f"  {label:4s} {sp.summary(t, h, n)}")
                totals[label].merge(t)
                issue[label][0] += h
                issue[label][1] += n
    rows = {k: sp.summary(totals[k], *issue[k]) for k in totals}
    for k, row in rows.items():
        print(f"TOTAL {k:4s} {row}")
    a, b = figures(rows["text"]), figures(rows["ocr"])
    deltas = {k: b[k] - a[k] for k in COMPARED}
    worst = max(abs(v) for v in deltas.values())
    print("delta (ocr - text):", " ".join(f"{k}={v:+.3f}" for k, v in deltas.items()),
          f"| start (not compared) {b['start'] - a['start']:+.3f}")
    print(f"max |delta| = {worst:.3f}  ({'within' if worst <= BAR else 'OUTSIDE'} the {BAR} bar)")
    print(f"OCR texts cached in {CACHE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
