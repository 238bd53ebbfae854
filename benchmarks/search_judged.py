"""Search quality on a wider library: the four corpus gazettes and the 128 single web documents.

The library is built the product's way: gazettes and each web document's ``text`` (written to a
temporary NAME.txt) go through `gongbao.store.ingest.ingest_paths`, so the parser's splitting
counts. Queries and graded judgments are in search_judged.json beside this script (2 = an
answer, 1 = useful), decided by reading the documents, not from what any engine returned:
- everyday: questions in the words of daily life whose answers are written in official
  vocabulary (看病报销 -> 城乡居民基本医疗保险参保缴费);
- absent: topics no document of this library is about: the right answer is no hit at all;
- person, place: names in titles or bodies (traditional-script pages too);
- docnum: 文号 in bracket variants, a number only cited, a number with a topic word.

A judged id is a gazette document "NNN-KK" (the KK-th document of the gold file starting with
NNN, as ../shared/eval/score_search.py maps hits) or a web document's file stem ("E001").
Prints ndcg@10, recall@10 and mrr per kind and in total, and for absent topics the share of
queries that returned nothing. ``--bm25`` scores plain jieba words + BM25 over the same stored
documents as a reference; ``--no-bridge`` searches without the everyday-vocabulary bridge.

Usage: .venv/bin/python benchmarks/search_judged.py [--db DB] [--bm25] [--no-bridge] [--verbose]
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import tempfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from goldcorpus import CORPUS  # noqa: E402

from gongbao.search import search  # noqa: E402
from gongbao.store import Library  # noqa: E402

QUERIES = Path(__file__).with_name("search_judged.json")
WEB = CORPUS / "web"
K = 10


def build(db: Path) -> Library:
    """Ingest the gazettes and the web documents into a new library at ``db``."""
    from gongbao.store.ingest import ingest_paths

    texts = db.parent / "web"
    texts.mkdir(exist_ok=True)
    for f in sorted(WEB.glob("*.json")):
        item = json.loads(f.read_text(encoding="utf-8"))
        if "text" in item:  # *.extract.json files hold annotations, not documents
            (texts / f"{f.stem}.txt").write_text(item["text"], encoding="utf-8")
    lib = Library(db)
    ingest_paths(lib, sorted(CORPUS.glob("*.txt")) + sorted(texts.glob("*.txt")))
    lib.flush()
    return lib


def hit_id(hit: dict, gold: dict, map_hit) -> str | None:
    stem = Path(str(hit.get("source") or "")).stem
    if (WEB / f"{stem}.json").exists():
        return stem
    return map_hit(hit, gold)


def engine_hits(lib: Library, query: str) -> list[dict]:
    return [{"source": h.source, "doc_number": h.doc_number, "title": h.title, "start_line": h.start_line}
            for h in search(lib, query, limit=K).hits]


class BM25:
    """Plain jieba words (search mode) + Okapi BM25 over every stored document's text."""

    def __init__(self, lib: Library, k1: float = 1.2, b: float = 0.75):
        import jieba

        self.cut, self.k1, self.b = jieba.lcut_for_search, k1, b
        rows = list(lib.iter_rowids())
        docs = lib.documents(rows)
        texts = lib.texts(rows)
        self.meta = {r: {"source": docs[r].source, "doc_number": docs[r].doc_number, "title": docs[r].title,
                         "start_line": docs[r].start_line} for r in rows}
        self.tf = {r: Counter(self._words(texts.get(r, ""))) for r in rows}
        self.len = {r: sum(c.values()) for r, c in self.tf.items()}
        self.avg = sum(self.len.values()) / max(1, len(self.len))
        self.df = Counter(w for c in self.tf.values() for w in c)

    def _words(self, text: str) -> list[str]:
        return [w for w in self.cut(text) if w.strip() and any(ch.isalnum() for ch in w)]

    def hits(self, query: str) -> list[dict]:
        n = len(self.tf)
        scores: Counter[int] = Counter()
        for w in set(self._words(query)):
            idf = math.log(1 + (n - self.df[w] + 0.5) / (self.df[w] + 0.5))
            for r, c in self.tf.items():
                if w in c:
                    f = c[w]
                    norm_len = 1 - self.b + self.b * self.len[r] / self.avg
                    scores[r] += idf * f * (self.k1 + 1) / (f + self.k1 * norm_len)
        return [self.meta[r] for r, _ in scores.most_common(K)]


def dcg(gains: list[float]) -> float:
    return sum(g / math.log2(i + 2) for i, g in enumerate(gains))


def score(queries: list[dict], run, gold: dict, map_hit, verbose: bool) -> dict[str, list[tuple]]:
    by_kind: dict[str, list[tuple]] = {}
    for q in queries:
        ids: list[str | None] = []
        for h in run(q["query"]):
            d = hit_id(h, gold, map_hit)
            ids.append(d if d not in ids else None)  # a document twice earns nothing the second time
        rel = q["relevant"]
        if not rel:
            by_kind.setdefault(q["kind"], []).append(("neg", 0.0 if ids else 1.0))
            if verbose and ids:
                print(f"  {q['id']} {q['query']!r} should find nothing, got {ids[:5]}")
            continue
        ndcg = dcg([rel.get(d, 0) for d in ids]) / dcg(sorted(rel.values(), reverse=True)[:K])
        recall = len({d for d in ids if d in rel}) / len(rel)
        rr = next((1 / (i + 1) for i, d in enumerate(ids) if d in rel), 0.0)
        by_kind.setdefault(q["kind"], []).append(("pos", ndcg, recall, rr))
        if verbose and ndcg < 0.999:
            missing = [d for d in rel if d not in ids]
            print(f"  {q['id']} {q['query']!r} ndcg={ndcg:.2f} got={ids[:6]} missing={missing}")
    return by_kind


def fmt(ms: list[tuple]) -> str:
    pos = [m for m in ms if m[0] == "pos"]
    neg = [m for m in ms if m[0] == "neg"]
    out = []
    if pos:
        n = len(pos)
        out += [f"ndcg@10={sum(m[1] for m in pos) / n:.3f}", f"recall@10={sum(m[2] for m in pos) / n:.3f}",
                f"mrr={sum(m[3] for m in pos) / n:.3f}", f"(queries={n})"]
    if neg:
        out.append(f"negative_empty={sum(m[1] for m in neg) / len(neg):.2f} (n={len(neg)})")
    return " ".join(out)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db",
                    help="a library built by an earlier run (default: build one in a temporary folder)")
    ap.add_argument("--bm25", action="store_true",
                    help="score plain jieba + BM25 instead of gongbao's search")
    ap.add_argument("--no-bridge", action="store_true", help="search without the everyday-vocabulary bridge")
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()
    if not WEB.is_dir():
        print(f"no corpus at {CORPUS}: nothing to measure")
        return 1
    sys.path.insert(0, str(CORPUS.parent / "eval"))
    from score_search import load_gold, map_hit  # the shared scorer's mapping of hits to gold documents

    if args.no_bridge:
        from gongbao.search import vocabulary

        vocabulary.BRIDGE = False
    queries = json.loads(QUERIES.read_text(encoding="utf-8"))
    gold = load_gold(str(CORPUS))
    with tempfile.TemporaryDirectory() as tmp:
        lib = Library(Path(args.db)) if args.db else build(Path(tmp) / "library.db")
        run = BM25(lib).hits if args.bm25 else (lambda q: engine_hits(lib, q))
        by_kind = score(queries, run, gold, map_hit, args.verbose)
        lib.close()
    total: list[tuple] = []
    for kind, ms in sorted(by_kind.items()):
        total += ms
        print(f"{kind} {fmt(ms)}")
    print(f"TOTAL {fmt(total)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
