#!/usr/bin/env python3
"""OFD readers compared: gongbao's own (zipfile + lxml, gongbao.intake.ofd) against easyofd.

OFD files are made here from ../shared/corpus/*.txt (tests/ofdmake.py; the invented gazettes
of tests/fixtures when the corpus is absent), once with page folders named in order and once
named last to first (Document.xml keeps the order, as the standard requires). For each reader:
seconds per file, whether every character of the text comes back (character recall), whether
the first page read is the first page of Document.xml, files created in the working
directory while reading, and what it does with two hostile packages (an entity bomb in
OFD.xml, an entry named ../escape.xml).

easyofd is not a dependency of gongbao: install it into a separate virtualenv and pass its
python, e.g.

    python3 -m venv /tmp/easyofd && /tmp/easyofd/bin/pip install easyofd
    python benchmarks/ofd_readers.py --easyofd-python /tmp/easyofd/bin/python
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO / "src"))
CORPUS = REPO.parent / "shared" / "corpus"

# Run in easyofd's own python: read each file, print per file the seconds, the text of its
# pages in easyofd's order, the archive entries it extracted to disk, or the error.
EASYOFD = r"""
import json, os, sys, time, zipfile
from easyofd.ofd import OFD
written = []
extract = zipfile.ZipFile.extract
def counted(self, member, path=None, pwd=None):
    target = extract(self, member, path, pwd)
    written.append(target)
    return target
zipfile.ZipFile.extract = counted
out = []
for path in sys.argv[1:]:
    written.clear()
    t0 = time.perf_counter()
    try:
        ofd = OFD()
        ofd.read(path, fmt="path")
        pages = ofd.data[0]["page_info"]
        texts = ["".join(t["text"] for t in pages[k]["text_list"]) for k in pages]
        err = None
    except BaseException as e:
        texts, err = [], f"{type(e).__name__}: {e}"[:200]
    dt = time.perf_counter() - t0
    out.append({"path": path, "seconds": dt, "pages": texts, "error": err, "written": list(written),
                "left": sorted(os.listdir("."))})
print(json.dumps(out, ensure_ascii=False))
"""


def parts_only(paths: list[Path]) -> float:
    """Seconds per file for gongbao's reader up to the glyph runs of every page (the layout
    pass left out): what easyofd's parse does (it computes no positions)."""
    from gongbao.intake import ofd

    t0 = time.perf_counter()
    for p in paths:
        pkg = ofd.Package(p)
        for doc in ofd._documents(pkg):
            for ref in doc.pages():
                doc.page(ref)
        pkg.close()
    return (time.perf_counter() - t0) / max(1, len(paths))


def own_reader(paths: list[Path]) -> list[dict]:
    from gongbao.intake.ofd import extract_ofd
    from gongbao.text.decode import InputError

    out = []
    for p in paths:
        t0 = time.perf_counter()
        try:
            text, pages, _ = extract_ofd(p)
            by_page: dict[int, str] = {}
            for line, page in zip(text.split("\n"), pages):
                by_page[page] = by_page.get(page, "") + line
            texts, err = [by_page[k] for k in sorted(by_page)], None
        except InputError as e:
            texts, err = [], e.reason[:200]
        out.append({"path": str(p), "seconds": time.perf_counter() - t0, "pages": texts, "error": err,
                    "written": [], "left": []})
    return out


def recall(source: str, pages: list[str]) -> float:
    want = Counter("".join(source.split()))
    got = Counter("".join("".join(pages).split()))
    return sum(min(n, got[ch]) for ch, n in want.items()) / max(1, sum(want.values()))


def hostile(tmp: Path) -> list[Path]:
    import io
    import zipfile

    import ofdmake

    good = ofdmake.package(['<ofd:TextObject ID="1" Boundary="30 40 150 6" Font="1" Size="4">'
                            '<ofd:TextCode X="0" Y="4">通知</ofd:TextCode></ofd:TextObject>'])
    bomb = ('<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa">'
            + "".join(f'<!ENTITY {c} "{("&" + p + ";") * 10}">' for p, c in zip("abcdefgh", "bcdefghi"))
            + f']><ofd:OFD xmlns:ofd="{ofdmake.NS}"><ofd:DocBody><ofd:DocInfo><ofd:Title>&i;</ofd:Title>'
            "</ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>")
    made = []
    for name, replace in (("bomb.ofd", {"OFD.xml": bomb}), ("traversal.ofd", {"../escape.xml": "<x/>"})):
        src = zipfile.ZipFile(io.BytesIO(good))
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            for n in src.namelist():
                z.writestr(n, replace.get(n, src.read(n)))
            for n, data in replace.items():
                if n not in src.namelist():
                    z.writestr(n, data)
        (tmp / name).write_bytes(buf.getvalue())
        made.append(tmp / name)
    return made


def report(name: str, results: list[dict], sources: dict[str, str], firsts: dict[str, str]) -> None:
    good = [r for r in results if Path(r["path"]).stem.split(".")[0] in sources and not r["error"]]
    seconds = sum(r["seconds"] for r in good) / max(1, len(good))
    rec = [recall(sources[Path(r["path"]).stem.split(".")[0]], r["pages"]) for r in good]
    order_ok = sum(1 for r in good if r["pages"]
                   and "".join(firsts[Path(r["path"]).stem.split(".")[0]].split())[:20]
                   in "".join(r["pages"][0].split()))
    written = sum(len(r["written"]) for r in results)
    left = sorted({f for r in results for f in r["left"]})
    print(f"{name:8s}"
          f" files_read={len(good)}/"
          f"{sum(1 for r in results if 'bomb' not in r['path'] and 'traversal' not in r['path'])} "
          f"s_per_file={seconds:.3f} char_recall={min(rec, default=0):.4f}..{max(rec, default=0):.4f} "
          f"first_page_right={order_ok}/{len(good)} entries_written_to_disk={written}"
          f" files_left_in_cwd={len(left)}"
          + (f" {left}" if left else ""))
    for r in results:
        if "bomb" in r["path"] or "traversal" in r["path"]:
            escaped = [w for w in r["written"] if "escape" in w]
            print(f"{'':8s} {Path(r['path']).name}:"
                  f" {'error: ' + r['error'] if r['error'] else 'read without error'}"
                  + (f"; wrote {escaped}" if escaped else ""))
        elif r["error"]:
            print(f"{'':8s} {Path(r['path']).name}: error: {r['error']}")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--easyofd-python", help="a python with easyofd installed (measured in its own process)")
    args = ap.parse_args()
    import ofdmake
    import pdfmake

    txts = sorted(CORPUS.glob("*.txt")) or sorted((REPO / "tests" / "fixtures").glob("*/*.txt"))
    tmp = Path(tempfile.mkdtemp())
    sources, firsts, paths = {}, {}, []
    for txt in txts:
        text = txt.read_text(encoding="utf-8")
        stem = txt.stem.replace(".", "_")
        sources[stem] = sources[stem + "_reversed"] = text
        ofdmake.text_to_ofd(text, tmp / f"{stem}.ofd")
        ofdmake.text_to_ofd(text, tmp / f"{stem}_reversed.ofd", reverse_page_names=True)
        paths += [tmp / f"{stem}.ofd", tmp / f"{stem}_reversed.ofd"]
        from gongbao.intake import load

        firsts[stem] = firsts[stem + "_reversed"] = load(tmp / f"{stem}.ofd").text.split("\f")[0]
    paths += hostile(tmp)
    _ = pdfmake  # the typesetter ofdmake draws with
    print(f"{len(txts)} texts -> {len(txts) * 2} OFD files in {tmp}")
    report("gongbao", own_reader(paths), sources, firsts)
    print(f"{'':8s} reading only (parts and glyph runs, no layout pass):"
          f" s_per_file={parts_only(paths[:-2]):.3f}")
    if args.easyofd_python:
        work = Path(tempfile.mkdtemp())  # easyofd's working directory, watched for files it leaves
        proc = subprocess.run([args.easyofd_python, "-c", EASYOFD, *map(str, paths)], cwd=work,
                              capture_output=True, text=True)
        if proc.returncode != 0:
            print("easyofd failed:", proc.stderr.strip().splitlines()[-1:])
            return 1
        report("easyofd", json.loads(proc.stdout.strip().splitlines()[-1]), sources, firsts)
    else:
        print("easyofd: not measured (give --easyofd-python)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
