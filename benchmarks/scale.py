"""Scale benchmark: synthetic libraries of 10k / 100k / 1M documents against a plain FTS5 trigram index.

Documents are recombined from the corpus (gold segmentation, see goldcorpus.py): each synthetic
document takes a corpus document's title and text, appends a slice of another document's text,
and gets a new 文号, date and issue, so that sizes far beyond the corpus can be made. Synthetic
gazettes of 25 documents are generated and index-tokenized in a worker process (as `gongbao
ingest` parses in workers) and written by the main process through Library.store_gazette.

For each size it reports ingest rate (documents/s), size on disk, search latency p50/p95 over
a fixed, seeded mix of query kinds (2-char topics, longer topics, phrases, 文号 in bracket
variants, names, questions, absent topics), the same for a plain FTS5 trigram index of the same
documents built in the same run (MATCH for >= 3 characters, LIKE scan below that) returning the
first 10 row ids, and again for that index answering what a results page shows (the total,
titles and highlighted snippets of the first 10: ``trigram_page``), and the process's peak memory.

The trigram baseline builds at ~130 documents/s (2 hours and another ~40 GB at 1M): sizes above
--baseline-max are measured without it.

Usage: .venv/bin/python benchmarks/scale.py [--sizes 10000,100000] [--million] [--baseline-max N] [--out DIR]
       [--keep] [--reuse] [--warmup N]
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import sqlite3
import statistics
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from goldcorpus import CORPUS, corpus_gazettes  # noqa: E402

from gongbao.docnum import parse_doc_number  # noqa: E402
from gongbao.models import Document, Gazette, IssueInfo  # noqa: E402
from gongbao.search import search  # noqa: E402
from gongbao.text.searchform import norm, word_runs  # noqa: E402
from gongbao.store import Library  # noqa: E402
from gongbao.store.ingest import bounded_map  # noqa: E402
from gongbao.store.library import prepare_fts  # noqa: E402
from gongbao.store.matching import FACET_SQL, FacetTable  # noqa: E402

PER_GAZETTE = 25
WARMUP_SEED = 12  # --warmup queries: the same kinds as the measured mix, other words
BRACKETS = ["〔〕", "[]", "()", "（）", "【】", "［］"]
ABSENT = ["地铁建设", "航天发射", "海上风电", "冰雪旅游", "核电站", "深海探测", "火箭发射", "沙漠治理"]

_BASE: list[dict] | None = None


def base_docs() -> list[dict]:
    global _BASE
    if _BASE is None:
        _BASE = []
        for _, g in corpus_gazettes():
            for d in g.documents:
                lines = g.lines[d.span_start - 1 : d.end_line]
                parsed = parse_doc_number(d.doc_number) if d.doc_number else None
                code = parsed.issuer_code if parsed else None
                _BASE.append({"title": d.title or "", "lines": lines, "issuer": d.issuer,
                              "section": d.section,
                              "code": code or "综合发", "region": g.issue.title})
    return _BASE


def docnum(k: int) -> str:
    base = base_docs()
    return f"{base[k % len(base)]['code']}〔{2010 + k % 16}〕{k // len(base) + 1}号"


def make_gazette(g: int) -> tuple[Gazette, list]:
    """Synthetic gazette number g (deterministic) with its index rows."""
    base = base_docs()
    rng = random.Random(g)
    lines: list[str] = [f"合成公报 第{g}期"]
    docs = []
    for j in range(PER_GAZETTE):
        k = g * PER_GAZETTE + j
        a, b = base[k % len(base)], base[rng.randrange(len(base))]
        num = docnum(k)
        extra = b["lines"][rng.randrange(max(len(b["lines"]) - 20, 1)):][:20]
        body = [a["lines"][0], num] + a["lines"][1:] + extra
        start = len(lines) + 1
        lines += body
        year = 2010 + k % 16
        docs.append(Document(title=a["title"], doc_number=num, issuer=a["issuer"],
                             issuers=[a["issuer"]] if a["issuer"] else [],
                             date=f"{year}-{1 + rng.randrange(12):02d}-{1 + rng.randrange(28):02d}",
                             section=a["section"], start_line=start, span_start=start, end_line=len(lines)))
    issue = IssueInfo(title=base[g % len(base)]["region"], year=2010 + g % 16, number=g % 12 + 1,
                      total_number=g)
    gz = Gazette(source=f"synthetic-{g:07d}.txt", issue=issue, documents=docs, lines=lines)
    return gz, prepare_fts(gz)


def query_mix(n_docs: int, seed: int = 11) -> list[tuple[str, str]]:
    import jieba

    rng = random.Random(seed)
    base = base_docs()
    words = sorted({w for d in base for w in jieba.cut(d["title"]) if len(w) >= 2
                    and all(c.isalnum() for c in w)})
    two = [w for w in words if len(w) == 2]
    longer = [w for w in words if len(w) >= 3]
    mix: list[tuple[str, str]] = []
    for _ in range(30):
        mix.append(("topic2", rng.choice(two)))
        mix.append(("topic", rng.choice(longer)))
        d = rng.choice(base)
        text = "".join(d["lines"][1:])
        runs = [r for r in word_runs(norm(text)) if len(r) >= 12]
        if runs:
            r = rng.choice(runs)
            i = rng.randrange(len(r) - 10)
            mix.append(("phrase", r[i : i + 10]))
        num = docnum(rng.randrange(n_docs))
        o, c = rng.choice(BRACKETS)
        mix.append(("docnum", num.replace("〔", o).replace("〕", c)))
        mix.append(("question", rng.choice(longer) + rng.choice(["补贴多少钱", "包括哪些", "怎么申请"])))
        mix.append(("negative", rng.choice(ABSENT)))
    names = ["钟龙刚", "张明华", "李建国"]
    mix += [("person", n) for n in names]
    return mix


def trigram_build(path: Path, n_gazettes: int, pool) -> float:
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = NORMAL")
    db.execute("CREATE VIRTUAL TABLE t USING fts5(title, body, tokenize='trigram')")
    t = time.perf_counter()
    for gz, _ in bounded_map(pool, make_gazette, range(n_gazettes)):
        db.execute("BEGIN")
        db.executemany("INSERT INTO t(title, body) VALUES (?, ?)",
                       [(norm(d.title), norm(gz.document_text(d))) for d in gz.documents])
        db.execute("COMMIT")
    el = time.perf_counter() - t
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return el


def trigram_query(db: sqlite3.Connection, q: str) -> list[int]:
    qn = norm(q)
    if len(qn) < 3:
        return [r[0] for r in db.execute("SELECT rowid FROM t WHERE t.title LIKE ? OR t.body LIKE ? LIMIT 10",
                                         (f"%{qn}%", f"%{qn}%"))]
    return [r[0] for r in db.execute("SELECT rowid FROM t WHERE t MATCH ? ORDER BY rank LIMIT 10",
                                     ('"' + qn.replace('"', '""') + '"',))]


def trigram_page(db: sqlite3.Connection, q: str) -> tuple[int, list[tuple]]:
    """What a results page needs, from the trigram index: the total, and for the first 10 the
    title and a highlighted snippet (FTS5's snippet()). Below 3 characters FTS5 cannot MATCH:
    a LIKE scan over every row for the total, the first 10 rows' titles and body excerpts."""
    qn = norm(q)
    if len(qn) < 3:
        like = (f"%{qn}%", f"%{qn}%")
        total = db.execute("SELECT count(*) FROM t WHERE t.title LIKE ? OR t.body LIKE ?", like).fetchone()[0]
        rows = db.execute("SELECT rowid, title, substr(body, max(1, instr(body, ?) - 20), 120) FROM t"
                          " WHERE t.title LIKE ? OR t.body LIKE ? LIMIT 10", (qn, *like)).fetchall()
        return total, rows
    phrase = '"' + qn.replace('"', '""') + '"'
    total = db.execute("SELECT count(*) FROM t WHERE t MATCH ?", (phrase,)).fetchone()[0]
    rows = db.execute("SELECT rowid, title, snippet(t, 1, '<mark>', '</mark>', '…', 40) FROM t"
                      " WHERE t MATCH ? ORDER BY rank LIMIT 10", (phrase,)).fetchall()
    return total, rows


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def disk_size(path: Path) -> int:
    """A library's bytes on disk: the SQLite file and its index folder."""
    from gongbao.store.library import index_path

    idx = index_path(path)
    return os.path.getsize(path) + sum(f.stat().st_size for f in idx.rglob("*") if f.is_file())


class MemorySampler:
    """Peak memory of this process while ingesting, sampled from /proc every 0.2 s, split into
    what it allocated (RssAnon) and file pages it maps (RssFile: the index's segments, which
    the kernel can drop at any time), besides the ru_maxrss peak that counts both."""

    def __init__(self) -> None:
        self.anon = self.file = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(0.2):
            try:
                fields = dict(line.split(":",
                                         1) for line in Path("/proc/self/status").read_text().splitlines())
            except OSError:
                return
            self.anon = max(self.anon, int(fields.get("RssAnon", "0 kB").split()[0]) // 1024)
            self.file = max(self.file, int(fields.get("RssFile", "0 kB").split()[0]) // 1024)

    def __enter__(self) -> "MemorySampler":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()


def build(d: Path, n_gaz: int, baseline: bool) -> tuple[float, float, float, MemorySampler]:
    """Ingest n_gaz synthetic gazettes into d/library.db (and the trigram baseline): seconds taken
    to store, to store and merge the index, and to build the baseline; memory while ingesting."""
    lib = Library(d / "library.db")
    with ProcessPoolExecutor(max_workers=1) as pool, MemorySampler() as mem:  # the worker: the second core
        t = time.perf_counter()
        for g, (gz, rows) in enumerate(bounded_map(pool, make_gazette, range(n_gaz))):
            lib.store_gazette(gz, f"/synthetic/{g}.txt", f"sha-{g}", rows)
        lib.flush()
        ingest_s = time.perf_counter() - t
        lib.close()  # merges the index segments (counted: part of ingesting)
        ingest_closed_s = time.perf_counter() - t
        mem.stop()  # the baseline's build is not ours
        tri_s = trigram_build(d / "trigram.db", n_gaz, pool) if baseline else float("nan")
    return ingest_s, ingest_closed_s, tri_s, mem


def run_size(n_docs: int, out: Path, baseline: bool = True, reuse: bool = False, warmup: int = 0) -> dict:
    n_gaz = n_docs // PER_GAZETTE
    d = out / f"{n_docs}"
    if reuse:  # a library kept by an earlier --keep run: search latency only
        baseline = (d / "trigram.db").exists()
        ingest_s = ingest_closed_s = tri_s = float("nan")
        mem = MemorySampler()
    else:
        shutil.rmtree(d, ignore_errors=True)
        d.mkdir(parents=True)
        ingest_s, ingest_closed_s, tri_s, mem = build(d, n_gaz, baseline)
    lib = Library(d / "library.db")
    lib.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    size = disk_size(d / "library.db")
    tri_size = os.path.getsize(d / "trigram.db") if baseline else float("nan")
    mix = query_mix(n_docs)
    tri = sqlite3.connect(d / "trigram.db") if baseline else None
    search(lib, "预热补贴多少钱")  # jieba and the normalization table load once per process
    for _, q in query_mix(n_docs, seed=WARMUP_SEED)[:warmup]:  # other queries: pages in, no answer cached
        search(lib, q)
    lat: dict[str, list[float]] = {}
    tri_lat: dict[str, list[float]] = {}
    page_lat: dict[str, list[float]] = {}  # the trigram index answering a whole results page
    empty_neg = 0
    # each engine answers the whole mix in a pass of its own: interleaved, the trigram page's
    # LIKE scans (every row of a 4 GB file at 100k) would evict gongbao's pages between queries
    for kind, q in mix:
        t = time.perf_counter()
        res = search(lib, q, limit=10)
        lat.setdefault(kind, []).append((time.perf_counter() - t) * 1000)
        if kind == "negative" and not res.hits:
            empty_neg += 1
    for answer, into in ((trigram_query, tri_lat), (trigram_page, page_lat)):
        for kind, q in mix if tri is not None else []:
            t = time.perf_counter()
            answer(tri, q)
            into.setdefault(kind, []).append((time.perf_counter() - t) * 1000)
    t = time.perf_counter()  # the facet table, once per library state (in the mix: by its first large answer)
    FacetTable(lib.db.execute(FACET_SQL + " ORDER BY d.id"))
    facet_table_ms = (time.perf_counter() - t) * 1000
    all_l = [x for v in lat.values() for x in v]
    all_t = [x for v in tri_lat.values() for x in v] or [float("nan")]
    all_page = [x for v in page_lat.values() for x in v] or [float("nan")]
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    peak_children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    res = {
        "docs": lib.count_documents(), "ingest_docs_s": n_docs / ingest_s, "trigram_docs_s": n_docs / tri_s,
        "ingest_merged_docs_s": n_docs / ingest_closed_s,
        "size_mb": size / 1e6, "trigram_size_mb": tri_size / 1e6,
        "p50_ms": statistics.median(all_l), "p95_ms": pct(all_l, 95),
        "trigram_p50_ms": statistics.median(all_t), "trigram_p95_ms": pct(all_t, 95),
        "per_kind_p95": {k: (round(pct(v, 95), 1), round(pct(tri_lat.get(k, [float("nan")]), 95), 1),
                             round(pct(page_lat.get(k, [float("nan")]), 95), 1))
                         for k, v in lat.items()},
        "page_p95_ms": pct(all_page, 95), "facet_table_ms": facet_table_ms,
        "negative_empty": empty_neg / max(1, sum(1 for k, _ in mix if k == "negative")),
        "peak_mb": peak, "peak_worker_mb": peak_children, "ingest_anon_mb": mem.anon,
        "ingest_file_mb": mem.file,
    }
    lib.close()
    if tri is not None:
        tri.close()
    return res


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="10000")
    ap.add_argument("--million", action="store_true", help="also build the 1,000,000-document library")
    ap.add_argument("--out", default=str(Path(__file__).parent / "out"))
    ap.add_argument("--keep", action="store_true", help="keep the built libraries")
    ap.add_argument("--baseline-max", type=int, default=100_000,
                    help="build the trigram baseline up to this size")
    ap.add_argument("--reuse", action="store_true",
                    help="measure search on libraries kept by an earlier --keep run")
    ap.add_argument("--warmup", type=int, default=0,
                    help="run this many queries of another seeded mix first (a running server's state)")
    args = ap.parse_args()
    if not CORPUS.is_dir():
        print(f"no corpus at {CORPUS}")
        return 1
    sizes = [int(s) for s in args.sizes.split(",") if s] + ([1_000_000] if args.million else [])
    out = Path(args.out)
    for n in sizes:
        r = run_size(n, out, baseline=n <= args.baseline_max, reuse=args.reuse, warmup=args.warmup)
        print(f"== {r['docs']} documents")
        print(f"ingest   {r['ingest_docs_s']:8.0f} docs/s   trigram baseline"
              f" {r['trigram_docs_s']:8.0f} docs/s"
              f"   ratio {r['ingest_docs_s'] / r['trigram_docs_s']:.2f}   (with the final index merge:"
              f" {r['ingest_merged_docs_s']:.0f} docs/s)")
        print(f"size     {r['size_mb']:8.0f} MB       trigram baseline {r['trigram_size_mb']:8.0f} MB"
              f"       ratio {r['size_mb'] / r['trigram_size_mb']:.2f}  (gongbao includes text and metadata)")
        print(f"search   p50 {r['p50_ms']:6.1f} ms p95 {r['p95_ms']:6.1f} ms   trigram p50"
              f" {r['trigram_p50_ms']:6.1f}"
              f" ms p95 {r['trigram_p95_ms']:6.1f} ms   p95 ratio {r['p95_ms'] / r['trigram_p95_ms']:.2f}")
        print("         trigram answering the same page (total, titles, snippets):"
              f" p95 {r['page_p95_ms']:6.1f} ms   p95 ratio {r['p95_ms'] / r['page_p95_ms']:.2f}")
        per_kind = ", ".join(f"{k} {v}" for k, v in r["per_kind_p95"].items())
        print("p95 by kind (gongbao, trigram ids, trigram page) ms: " + per_kind)
        print(f"negative queries with no hit: {r['negative_empty']:.2f}; facet table of the whole library"
              f" built in {r['facet_table_ms']:.0f} ms (once per library state)")
        print(f"peak memory  main {r['peak_mb']:.0f} MB, worker {r['peak_worker_mb']:.0f} MB; while"
              " ingesting, main"
              f" allocated {r['ingest_anon_mb']} MB at most, mapped index files"
              f" {r['ingest_file_mb']} MB at most")
        if not args.keep and not args.reuse:
            shutil.rmtree(out / f"{n}", ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
