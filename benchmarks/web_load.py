"""Load benchmark of `gongbao serve`: concurrent clients on loopback against a large library.

1. A synthetic library (default 100,000 documents) is built with the store's scale benchmark
   (benchmarks/scale.py: corpus documents recombined and renumbered), or reused when it is there.
2. `gongbao serve` runs in a second process on 127.0.0.1 and a free port.
3. N client threads (default 50) in this process each loop over a fixed, seeded request mix:
   /api/search with the scale benchmark's query kinds (2-char topics, topics, phrases, 文号 in
   bracket variants, questions, absent topics, names), some with a filter or sort=date, plus
   search pages, document pages and /api/documents/{id}. Each client waits a random think time
   between requests (default mean 1 s; 0 = back to back). The run stops after --requests
   requests or --seconds seconds, whichever comes first.
4. Baseline in the same run: the same search mix from one client, back to back, before the load.

Reports per request kind p50/p95, requests/s, errors (status >= 400 or connection failure), and
the ratio of search p95 under load to the one-client baseline.

Usage: .venv/bin/python benchmarks/web_load.py [--docs 100000] [--clients 50] [--requests 3000]
       [--seconds 90] [--think 1.0] [--workers 2] [--cache 1024] [--db PATH]
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote, urlencode

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))


def build_library(n_docs: int, path: Path) -> None:
    from concurrent.futures import ProcessPoolExecutor

    from scale import PER_GAZETTE, make_gazette

    from gongbao.store import Library

    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".building")
    for p in (tmp, Path(str(tmp) + "-wal"), Path(str(tmp) + "-shm")):
        p.unlink(missing_ok=True)
    lib = Library(tmp)
    t = time.perf_counter()
    with ProcessPoolExecutor(max_workers=1) as pool:
        for g, (gz, rows) in enumerate(pool.map(make_gazette, range(n_docs // PER_GAZETTE), chunksize=8)):
            lib.store_gazette(gz, f"/synthetic/{g}.txt", f"sha-{g}", rows)
            if g % 400 == 0:
                print(f"  building: {g * PER_GAZETTE} documents, {time.perf_counter() - t:.0f} s", flush=True)
    lib.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    lib.close()
    tmp.rename(path)
    print(f"built {n_docs} documents in {time.perf_counter() - t:.0f} s -> {path}")


def library_size(path: Path) -> int:
    import sqlite3

    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        n = db.execute("SELECT count(*) FROM documents").fetchone()[0]
        db.close()
        return n
    except sqlite3.Error:
        return 0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db: Path, port: int, workers: int, cache: int) -> subprocess.Popen:
    exe = Path(sys.executable).with_name("gongbao")
    cmd = [str(exe), "serve", "--db", str(db), "--host", "127.0.0.1", "--port", str(port), "--workers",
           str(workers),
           "--cache", str(cache)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server exited: {proc.stderr.read().decode(errors='replace')}")
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            c.request("GET", "/api/issues?limit=1")
            if c.getresponse().status == 200:
                c.close()
                return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("server did not start within 60 s")


def request_mix(n_docs: int, doc_ids: list[str], seed: int = 7) -> list[tuple[str, str]]:
    """(kind, path) pairs: mostly API searches, some pages and documents."""
    from scale import query_mix

    rng = random.Random(seed)
    out: list[tuple[str, str]] = []
    for kind, q in query_mix(n_docs, seed=seed):
        params = {"q": q}
        r = rng.random()
        if r < 0.15:
            params["year"] = str(2010 + rng.randrange(16))
        elif r < 0.25:
            params["sort"] = "date"
        out.append(("search", "/api/search?" + urlencode(params)))
        if rng.random() < 0.25:
            out.append(("search_page", "/?" + urlencode(params)))
    for did in rng.sample(doc_ids, min(len(doc_ids), max(10, len(out) // 6))):
        out.append(("document_api", f"/api/documents/{quote(did)}"))
        if rng.random() < 0.5:
            out.append(("document_page", f"/documents/{quote(did)}"))
    rng.shuffle(out)
    return out


class Stats:
    def __init__(self) -> None:
        self.lat: dict[str, list[float]] = {}
        self.errors: list[str] = []
        self.lock = threading.Lock()

    def add(self, kind: str, ms: float, error: str | None) -> None:
        with self.lock:
            self.lat.setdefault(kind, []).append(ms)
            if error:
                self.errors.append(f"{kind}: {error}")


def fetch(conn: http.client.HTTPConnection, path: str) -> tuple[int, bytes]:
    conn.request("GET", path)
    r = conn.getresponse()
    return r.status, r.read()


def client_loop(port: int, mix: list[tuple[str, str]], offset: int, stats: Stats, budget: list[int],
                stop_at: float, think: float, seed: int) -> None:
    rng = random.Random(seed)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    i = offset
    while time.monotonic() < stop_at:
        with stats.lock:
            if budget[0] <= 0:
                break
            budget[0] -= 1
        kind, path = mix[i % len(mix)]
        i += 1
        t = time.perf_counter()
        error = None
        try:
            try:
                status, _ = fetch(conn, path)
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                # the server closed an idle keep-alive connection (uvicorn: after 5 s); like any
                # HTTP client, open a new one and send the request again (once)
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                t = time.perf_counter()
                status, _ = fetch(conn, path)
            if status >= 400:
                error = f"HTTP {status} {path}"
        except (OSError, http.client.HTTPException) as e:
            error = f"{type(e).__name__} {path}"
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        stats.add(kind, (time.perf_counter() - t) * 1000, error)
        if think > 0:
            time.sleep(rng.expovariate(1 / think))
    conn.close()


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=int, default=100_000)
    ap.add_argument("--db", type=Path, default=None, help="an existing library to serve (default: build one)")
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--requests", type=int, default=3000, help="stop after this many requests")
    ap.add_argument("--seconds", type=float, default=90, help="stop after this long")
    ap.add_argument("--think", type=float, default=1.0, help="mean seconds a client waits between requests")
    ap.add_argument("--workers", type=int, default=2, help="server processes")
    ap.add_argument("--cache", type=int, default=1024,
                    help="server's search cache (0: every search computed)")
    ap.add_argument("--json", type=Path, default=None, help="also write the figures here")
    args = ap.parse_args()

    db = args.db or HERE / "out" / f"web-{args.docs}" / "library.db"
    if args.db is None and library_size(db) != args.docs:
        build_library(args.docs, db)
    n_docs = library_size(db)
    import sqlite3

    ro = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    doc_ids = [r[0] for r in ro.execute("SELECT doc_id FROM documents ORDER BY random() LIMIT 500")]
    ro.close()
    mix = request_mix(n_docs, doc_ids)
    port = free_port()
    server = start_server(db, port, args.workers, args.cache)
    try:
        # warm-up and one-client baseline: the search mix, back to back
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        searches = [p for k, p in mix if k == "search"]
        fetch(conn, searches[0])
        base = []
        for path in searches[:120]:
            t = time.perf_counter()
            fetch(conn, path)
            base.append((time.perf_counter() - t) * 1000)
        conn.close()

        stats = Stats()
        budget = [args.requests]
        t0 = time.monotonic()
        stop_at = t0 + args.seconds
        threads = [threading.Thread(target=client_loop, daemon=True,
                                    args=(port, mix, k * len(mix) // args.clients, stats, budget, stop_at,
                                          args.think, k)) for k in range(args.clients)]
        for th in threads:
            th.start()
        for th in threads:
            th.join(args.seconds + 60)
        elapsed = time.monotonic() - t0
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()

    total = sum(len(v) for v in stats.lat.values())
    res = {"documents": n_docs, "clients": args.clients, "think_s": args.think,
           "server_workers": args.workers,
           "server_cache": args.cache,
           "requests": total, "seconds": round(elapsed, 1), "requests_per_s": round(total / elapsed, 1),
           "errors": len(stats.errors), "baseline_search_p50_ms": round(statistics.median(base), 1),
           "baseline_search_p95_ms": round(pct(base, 95), 1), "kinds": {}}
    for kind, xs in sorted(stats.lat.items()):
        res["kinds"][kind] = {"n": len(xs), "p50_ms": round(statistics.median(xs), 1),
                              "p95_ms": round(pct(xs, 95), 1)}
    s95 = res["kinds"].get("search", {}).get("p95_ms")
    print(f"library {n_docs} documents; {args.clients} clients (think {args.think} s), server workers"
          f" {args.workers},"
          f" search cache {args.cache}")
    print(f"{total} requests in {elapsed:.1f} s = {res['requests_per_s']} requests/s; errors"
          f" {len(stats.errors)}")
    for kind, v in res["kinds"].items():
        print(f"  {kind:14} n={v['n']:5}  p50 {v['p50_ms']:7.1f} ms  p95 {v['p95_ms']:7.1f} ms")
    print(f"baseline (1 client, back to back): search p50 {res['baseline_search_p50_ms']} ms,"
          f" p95 {res['baseline_search_p95_ms']} ms")
    if s95:
        print(f"search p95 under load / baseline p95 = {s95 / max(res['baseline_search_p95_ms'], 0.1):.2f}"
              f"   (target: search p95 <= 100 ms, 0 errors)")
    for e in stats.errors[:10]:
        print("  error:", e)
    if args.json:
        args.json.write_text(json.dumps(res, ensure_ascii=False, indent=1))
    return 0 if not stats.errors else 1


if __name__ == "__main__":
    sys.exit(main())
