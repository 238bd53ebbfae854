"""Measure index tokenizations for Chinese search on the corpus (gold segmentation).

Compared, on the same documents, same normalization (gongbao.text.searchform.norm):
  trigram  FTS5's trigram tokenizer, query = the query as one phrase (LIKE scan for < 3 chars)
  jieba    jieba.cut_for_search words, unicode61, query = OR of the query's words
  bigram   character bigrams, unicode61, query = OR of the query's bigrams (plain bm25)
  gongbao  bigram index through gongbao.search (terms as bigram phrases, idf coverage, title boost)
Metrics: ndcg@10 / mrr on ../shared/eval/search_examples.json (the graded examples) and
known-item mrr on pieces of titles (words of 2, 3 and 4 characters, 6-character substrings;
seeded), which no example query decides; plus build time and index size. Many titles share
words (通知, 实施方案), so known-item mrr is well below 1 for every index.

Usage: .venv/bin/python benchmarks/tokenizers.py [--seed 7] [--known 150]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from goldcorpus import CORPUS, corpus_gazettes  # noqa: E402

from gongbao.search import search  # noqa: E402
from gongbao.store import Library, sha256_file  # noqa: E402
from gongbao.store.textindex import index_tokens  # noqa: E402
from gongbao.text.searchform import norm, word_runs  # noqa: E402

EVAL = CORPUS.parent / "eval"


def load_docs():
    docs = []
    for path, g in corpus_gazettes():
        for i, d in enumerate(g.documents):
            docs.append({"gid": f"{path.name[:3]}-{i + 1:02d}", "title": d.title or "",
                         "text": g.document_text(d)})
    return docs


def jieba_tokens(s: str) -> str:
    import jieba

    return " ".join(w for w in jieba.cut_for_search(s) if any(ch.isalnum() for ch in w))


def build(kind: str, docs, path: str) -> tuple[sqlite3.Connection, float]:
    db = sqlite3.connect(path)
    tok = "trigram" if kind == "trigram" else "unicode61 remove_diacritics 0"
    db.execute(f"CREATE VIRTUAL TABLE f USING fts5(title, body, tokenize='{tok}')")
    t = time.perf_counter()
    for n, d in enumerate(docs, 1):
        title, body = norm(d["title"]), norm(d["text"])
        if kind == "jieba":
            title, body = jieba_tokens(title), jieba_tokens(body)
        elif kind == "bigram":
            title, body = index_tokens(title), index_tokens(body)
        db.execute("INSERT INTO f(rowid, title, body) VALUES (?, ?, ?)", (n, title, body))
    db.commit()
    return db, time.perf_counter() - t


def run_query(kind: str, db, docs, q: str, k: int = 10) -> list[str]:
    qn = norm(q)
    if kind == "trigram":
        if len(qn) < 3:
            rows = db.execute("SELECT rowid FROM f WHERE title LIKE ? OR body LIKE ? LIMIT ?",
                              (f"%{qn}%", f"%{qn}%", k)).fetchall()
        else:
            expr = '"' + qn.replace('"', '""') + '"'
            rows = db.execute("SELECT rowid FROM f WHERE f MATCH ? ORDER BY bm25(f, 8, 1) LIMIT ?",
                              (expr, k)).fetchall()
    else:
        toks = jieba_tokens(qn).split() if kind == "jieba" else index_tokens(qn).split()
        if not toks:
            return []
        expr = " OR ".join('"' + t.replace('"', '""') + '"' for t in dict.fromkeys(toks))
        rows = db.execute("SELECT rowid FROM f WHERE f MATCH ? ORDER BY bm25(f, 8, 1) LIMIT ?",
                          (expr, k)).fetchall()
    return [docs[r[0] - 1]["gid"] for r in rows]


def ndcg_mrr(ids: list[str], rel: dict[str, int]) -> tuple[float, float]:
    dcg = sum(rel.get(d, 0) / math.log2(i + 2) for i, d in enumerate(ids))
    ideal = sum(g / math.log2(i + 2) for i, g in enumerate(sorted(rel.values(), reverse=True)[:10]))
    rr = next((1 / (i + 1) for i, d in enumerate(ids) if d in rel), 0.0)
    return (dcg / ideal if ideal else 0.0), rr


def known_items(docs, n: int, seed: int) -> list[tuple[str, str]]:
    """(piece of a title, that document): the document should come back near the top.

    Pieces of 2, 3 and 4 characters are words of the title (jieba), as people type them;
    pieces of 6 characters are any substring (a remembered phrase)."""
    import jieba

    rng = random.Random(seed)
    out = []
    while len(out) < n:
        d = rng.choice(docs)
        title = norm(d["title"])
        size = rng.choice([2, 3, 4, 6])
        if size == 6:
            runs = [r for r in word_runs(title) if len(r) >= 6]
            if runs:
                run = rng.choice(runs)
                i = rng.randrange(0, len(run) - 5)
                out.append((run[i : i + 6], d["gid"]))
        else:
            words = [w for w in jieba.cut(title) if len(w) == size and w.isalnum()]
            if words:
                out.append((rng.choice(words), d["gid"]))
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--known", type=int, default=150)
    args = ap.parse_args()
    if not CORPUS.is_dir():
        print(f"no corpus at {CORPUS}")
        return 1
    docs = load_docs()
    have = {d["gid"][:3] for d in docs}
    examples = []
    for q in json.loads((EVAL / "search_examples.json").read_text(encoding="utf-8")):
        rel = {k: v for k, v in q["relevant"].items() if k[:3] in have}
        if rel or not q["relevant"]:  # judged documents outside this corpus: skipped, as the scorer does
            examples.append({**q, "relevant": rel})
    known = known_items(docs, args.known, args.seed)
    tmp = tempfile.mkdtemp()
    gold_by_title = {(d["title"], d["gid"]) for d in docs}
    title_to_gid = {t: g for t, g in gold_by_title}
    print(f"{len(docs)} documents, {len(examples)} example queries, {len(known)} known-item queries")
    print(f"{'index':8} {'build_s':>8} {'size_kb':>8} {'ex_ndcg':>8} {'ex_mrr':>7} {'neg_ok':>6} "
          + " ".join(f"ki{n}_mrr" for n in (2, 3, 4, 6)))
    for kind in ("trigram", "jieba", "bigram", "gongbao"):
        path = os.path.join(tmp, f"{kind}.db")
        if kind == "gongbao":
            lib = Library(path)
            t = time.perf_counter()
            for p, g in corpus_gazettes():
                lib.store_gazette(g, str(p), sha256_file(p))
            build_s = time.perf_counter() - t
            lib.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            size = os.path.getsize(path)  # text, metadata and index (the others: index and text)

            def ask(q):
                return [title_to_gid.get(h.title) for h in search(lib, q, limit=10).hits]
        else:
            db, build_s = build(kind, docs, path)
            size = os.path.getsize(path)

            def ask(q, db=db, kind=kind):
                return run_query(kind, db, docs, q)
        ex = [ndcg_mrr(ask(q["query"]), q["relevant"]) for q in examples if q["relevant"]]
        neg = [not ask(q["query"]) for q in examples if not q["relevant"]]
        ki = {}
        for n in (2, 3, 4, 6):
            rr = [ndcg_mrr(ask(s), {gid: 1})[1] for s, gid in known if len(s) == n]
            ki[n] = sum(rr) / max(len(rr), 1)
        print(f"{kind:8} {build_s:8.2f} {size / 1024:8.0f} {sum(e[0] for e in ex) / len(ex):8.3f} "
              f"{sum(e[1] for e in ex) / len(ex):7.3f} {sum(neg) / max(len(neg), 1):6.2f} "
              + " ".join(f"{ki[n]:8.3f}" for n in (2, 3, 4, 6)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
