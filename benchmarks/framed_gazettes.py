#!/usr/bin/env python3
"""Gazettes the parser has never seen: real single documents from other places, framed as issues.

The documents of ../shared/corpus/web (government sites across China, each with hand-decided
gold) are laid out one after another the way a gazette prints them: a masthead (issue title,
年第N期, 总第N期), a 目录 with a section heading and each document's title, 文号 and page, a
running header and a page-number footer every ~40 lines, and each document from its title on.
The web pages' own chrome above the title is left out; the rest of each text is kept as the
site gave it (truncated plans, traditional script, broken brackets included).

Each issue is parsed with `gongbao parse --json` and scored like the shared parse scorer:
documents matched by 文号 then by title, documents found (F1), and per field the share right
over all gold documents, counting a field only where its gold value can be read in the text
(the single-document scorer's rule), so that the figure measures segmentation and reading, not
knowledge the page did not print.

    python benchmarks/framed_gazettes.py [--per-issue 8] [--verbose]
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
sys.path.insert(0, str(SHARED / "eval"))

FIELDS = ("title", "doc_number", "issuer", "date")
HEADER_EVERY = 40


def gongbao() -> list[str]:
    exe = os.environ.get("GONGBAO")
    if exe:
        return exe.split()
    local = REPO / ".venv" / "bin" / "gongbao"
    return [str(local)] if local.exists() else [sys.executable, "-m", "gongbao"]


def usable(item: dict) -> bool:
    """A document whose title is printed in its text (so that a gazette could carry it)."""
    from score_parse import squash
    from score_single import T2S

    gold = item.get("gold") or {}
    title = gold.get("title")
    return bool(title) and squash(T2S(title))[-10:] in T2S(squash(item["text"]))


def from_title(item: dict) -> list[str]:
    """The document's lines from the first line of its title on (the title as printed may
    lack the issuer the gold title starts with)."""
    from score_parse import norm_title, squash
    from score_single import T2S

    title = squash(T2S(item["gold"]["title"]))
    lines = item["text"].split("\n")
    for head in (norm_title(title)[:6], title[:6]):
        for i, ln in enumerate(lines[:40]):
            flat = T2S(squash(ln))
            if head and head in flat and "。" not in flat[: flat.find(head)]:
                return lines[i:]
    return lines


def frame(items: list[dict], number: int) -> tuple[str, list[dict]]:
    """The text of one issue and the gold of its documents (start_line of each title)."""
    masthead = ["某某市人民政府公报", f"2025年第{number}期", f"（总第{100 + number}期）", "", "目  录", "", "市政府文件"]
    bodies = [from_title(it) for it in items]
    page = 1
    toc = []
    for it, body in zip(items, bodies):
        g = it["gold"]
        num = f"（{g['doc_number']}）" if g.get("doc_number") else ""
        toc.append(f"{g['title']}{num}……{page}")
        page += max(1, len(body) // HEADER_EVERY)
    lines = masthead + toc + [""]
    gold_docs = []
    page = 1
    for it, body in zip(items, bodies):
        start = len(lines) + 1
        g = dict(it["gold"])
        gold_docs.append({**g, "start_line": start, "_text": "\n".join(body), "_name": it["_name"]})
        for k, ln in enumerate(body, 1):
            lines.append(ln)
            if k % HEADER_EVERY == 0:
                lines += ["", f"— {page} —", "", "某某市人民政府公报", ""]
                page += 1
        lines.append("")
    return "\n".join(lines) + "\n", gold_docs


def visible(gdoc: dict, field: str) -> bool:
    """The single-document scorer's rule: a field counts only where its value is printed."""
    from score_parse import norm_docnum, squash
    from score_single import T2S, date_forms

    value, text = gdoc.get(field), gdoc["_text"]
    flat = T2S(squash(text))
    if not value:
        return False
    if field == "title":
        return squash(T2S(value))[-10:] in flat
    if field == "doc_number":
        return norm_docnum(T2S(value)) in (norm_docnum(T2S(text)) or "")
    if field == "issuer":
        return squash(T2S(value)) in flat
    return any(squash(x) in flat for x in date_forms(value))


def check(field: str, g: dict, p: dict) -> bool:
    from score_parse import norm_docnum, norm_issuer, norm_title, sim
    from score_single import T2S

    if field == "title":
        return sim(norm_title(T2S(g["title"])), norm_title(T2S(p.get("title") or ""))) >= 0.9
    if field == "doc_number":
        return norm_docnum(T2S(g["doc_number"])) == norm_docnum(T2S(p.get("doc_number") or ""))
    if field == "issuer":
        pv = p.get("issuer")
        pv = "、".join(pv) if isinstance(pv, list) else (pv or "")
        return norm_issuer(T2S(g["issuer"])) == norm_issuer(T2S(pv))
    return g["date"] == p.get("date")


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--web", type=Path, default=SHARED / "corpus" / "web")
    ap.add_argument("--per-issue", type=int, default=8)
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args(argv)
    files = sorted(f for f in glob.glob(str(args.web / "*.json")) if not f.endswith(".extract.json"))
    if not files:
        print(f"no documents at {args.web}; nothing to measure")
        return 0
    from score_parse import f1, match_documents

    items = []
    for f in files:
        it = json.load(open(f, encoding="utf-8"))
        it["_name"] = Path(f).stem
        if "gold" in it and "text" in it and usable(it):
            items.append(it)
    issues = [items[i : i + args.per_issue] for i in range(0, len(items), args.per_issue)]
    tally = {k: [0, 0] for k in ("start",) + FIELDS}
    n_gold = n_pred = n_match = 0
    with tempfile.TemporaryDirectory() as tmp:
        for number, group in enumerate(issues, 1):
            text, gold_docs = frame(group, number)
            path = Path(tmp) / f"framed_{number:02d}.txt"
            path.write_text(text, encoding="utf-8")
            out = subprocess.run(gongbao() + ["parse", str(path), "--json"], capture_output=True, text=True)
            pred = json.loads(out.stdout)["documents"] if out.stdout.strip() else []
            pairs = match_documents(gold_docs, pred)
            n_gold, n_pred, n_match = n_gold + len(gold_docs), n_pred + len(pred), n_match + len(pairs)
            for gi, g in enumerate(gold_docs):
                p = pred[pairs[gi]] if gi in pairs else None
                ok = p is not None and abs((p.get("start_line") or 0) - g["start_line"]) <= 3
                tally["start"][0] += ok
                tally["start"][1] += 1
                if args.verbose and not ok:
                    print(f"  issue {number} {g['_name']} start: gold={g['start_line']} "
                          f"pred={p and p.get('start_line')} {(g['title'] or '')[:30]}")
                for field in FIELDS:
                    if not visible(g, field):
                        continue
                    ok = p is not None and check(field, g, p)
                    tally[field][0] += ok
                    tally[field][1] += 1
                    if args.verbose and not ok and p is not None:
                        print(f"  issue {number} {g['_name']} {field}: gold={g.get(field)!r} pred={p.get(field)!r}")
            if args.verbose:
                matched = set(pairs.values())
                for pi, p in enumerate(pred):
                    if pi not in matched:
                        print(f"  issue {number} EXTRA line {p.get('start_line')}: {(p.get('title') or '')[:40]}")
    parts = [f"docs_f1={f1(n_match, n_gold, n_pred):.3f} (gold={n_gold} pred={n_pred} matched={n_match})"]
    parts += [f"{k}={h / t:.3f}(n={t})" for k, (h, t) in tally.items() if t]
    print("TOTAL " + " ".join(parts) + f" (issues={len(issues)})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
