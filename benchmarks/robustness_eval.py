"""How the parser holds up when the corpus text is damaged the way PDF extraction damages it.

    python benchmarks/robustness_eval.py [--corpus DIR] [--only NAME]

Each corpus gazette is rewritten with one class of damage at a time, its gold line numbers
carried along, and scored with ../shared/eval/score_parse.py beside the clean text:
- headers:   a running header (gazette title, issue) and a page-number footer every ~40 lines;
- titlebox:  each document's title box (title + 文号 lines) printed after the body of its
             first page (after the notice's signature, or ~12 lines down);
- glyphs:    symbols through a broken font (～ -> 耀, ≥ -> 逸, ≤ -> 臆, ℃ -> 益, 〔〕 -> 也页);
- encodings: GB18030, UTF-16 and UTF-8 with BOM and CRLF line ends;
- all:       headers + titlebox + glyphs together.
The figures that matter are the gaps between each damaged row and the clean one.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
GLYPHS = str.maketrans({"～": "耀", "≥": "逸", "≤": "臆", "℃": "益", "〔": "也", "〕": "页"})


def add_headers(lines: list[str], gold: dict) -> tuple[list[str], dict[int, int]]:
    title = (gold.get("issue") or {}).get("title") or "某某人民政府公报"
    issue = gold.get("issue") or {}
    tag = f"{issue.get('year') or 2024}年第{issue.get('number') or 1}期"
    out: list[str] = []
    where: dict[int, int] = {}
    page = 1
    for i, line in enumerate(lines, 1):
        if i > 60 and i % 40 == 0 and not line.strip():
            out += ["", f"— {page} —", "", title, tag, ""]
            page += 1
        out.append(line)
        where[i] = len(out)
    return out, where


def move_title_boxes(lines: list[str], gold: dict) -> tuple[list[str], dict[int, int]]:
    """Cut each numbered document's heading block and paste it below its first page."""
    starts = {d["start_line"] for d in gold["documents"] if d.get("doc_number")}
    moves: dict[int, tuple[int, int]] = {}  # block start -> (block end, insert after line)
    for s in sorted(starts):
        end = s
        for j in range(s, min(s + 6, len(lines))):
            if "号" in lines[j - 1] and len(lines[j - 1].strip()) <= 30:
                end = j
                break
        after = None
        for j in range(end + 1, min(end + 25, len(lines))):
            if "公开" in lines[j - 1] and len(lines[j - 1].strip()) <= 20:
                after = j
                break
        if after is None:
            after = min(end + 12, len(lines))
        if any(s < t <= after for t in starts):
            continue
        moves[s] = (end, after)
    out: list[str] = []
    where: dict[int, int] = {}
    pending: list[tuple[int, list[str]]] = []
    i = 1
    while i <= len(lines):
        if i in moves:
            end, after = moves[i]
            pending.append((after, list(range(i, end + 1))))
            i = end + 1
            continue
        out.append(lines[i - 1])
        where[i] = len(out)
        for item in [p for p in pending if p[0] == i]:
            out.append("")
            for k in item[1]:
                out.append(lines[k - 1])
                where[k] = len(out)
            out.append("")
            pending.remove(item)
        i += 1
    return out, where


def remap(gold: dict, where: dict[int, int]) -> dict:
    g = json.loads(json.dumps(gold))
    for d in g["documents"]:
        d["start_line"] = where.get(d["start_line"], d["start_line"])
    return g


def score(pairs: list[tuple[Path, Path]]) -> str:
    args = [str(x) for pair in pairs for x in pair]
    out = subprocess.run([sys.executable, str(SHARED / "eval" / "score_parse.py"), "--pairs", *args],
                         capture_output=True, text=True)
    return out.stdout.strip().splitlines()[-1].replace("TOTAL ", "") if out.stdout.strip() else out.stderr


def parse_to(src: Path, dst: Path) -> None:
    from gongbao.pipeline import parse_path

    dst.write_text(json.dumps(parse_path(src).to_dict(), ensure_ascii=False), encoding="utf-8")


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=SHARED / "corpus")
    ap.add_argument("--only", default="")
    args = ap.parse_args(argv)
    golds = sorted(args.corpus.glob(f"{args.only}*.gold.json"))
    if not golds:
        print(f"no corpus at {args.corpus}; nothing to measure")
        return 0
    variants = ["clean", "headers", "titlebox", "glyphs", "gb18030", "utf16", "bom-crlf", "all"]
    results: dict[str, list[tuple[Path, Path]]] = {v: [] for v in variants}
    with tempfile.TemporaryDirectory() as tmp:
        t = Path(tmp)
        for g in golds:
            name = g.name[: -len(".gold.json")]
            gold = json.loads(g.read_text(encoding="utf-8"))
            text = (args.corpus / f"{name}.txt").read_text(encoding="utf-8")
            lines = text.split("\n")
            for v in variants:
                vg = gold
                if v in ("headers", "titlebox", "all"):
                    cur = lines
                    where_all = {i: i for i in range(1, len(lines) + 1)}
                    steps = {"headers": [add_headers], "titlebox": [move_title_boxes],
                             "all": [move_title_boxes, add_headers]}[v]
                    cur_gold = gold
                    for step in steps:
                        cur, where = step(cur, cur_gold)
                        where_all = {k: where.get(w, w) for k, w in where_all.items()}
                        cur_gold = remap(gold, where_all)
                    body = "\n".join(cur)
                    if v == "all":
                        body = body.translate(GLYPHS)
                    data = body.encode("utf-8")
                    vg = cur_gold
                elif v == "glyphs":
                    data = text.translate(GLYPHS).encode("utf-8")
                elif v == "gb18030":
                    data = text.encode("gb18030")
                elif v == "utf16":
                    data = text.encode("utf-16")
                elif v == "bom-crlf":
                    data = b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8")
                else:
                    data = text.encode("utf-8")
                src = t / f"{name}.{v}.txt"
                src.write_bytes(data)
                gp = t / f"{name}.{v}.gold.json"
                gp.write_text(json.dumps(vg, ensure_ascii=False), encoding="utf-8")
                pred = t / f"{name}.{v}.pred.json"
                parse_to(src, pred)
                results[v].append((gp, pred))
        for v in variants:
            print(f"{v:9s} {score(results[v])}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
