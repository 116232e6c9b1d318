"""Load on `detente serve`: concurrent clients on GET /events and POST /code for a fixed time,
against a server on 127.0.0.1 started by this script.

    python benchmarks/load.py [--db STORE.duckdb] [--clients 8] [--seconds 60] [--json]

Without --db the RSS snapshots of ../shared/corpora/rss are ingested into a temporary store
first. Each client loops: three /events queries (random filters and pages) then one /code of a
news paragraph. Reports requests/s, p50/p99 latency per endpoint and every error.
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("DETENTE_SHARED", ROOT.parent / "shared"))
DETENTE = [sys.executable, "-m", "detente"]
TYPES = ["CONSULT", "ACCUSE", "AGREE", "REQUEST", "ASSAULT", "SUPPORT", "THREATEN", "SANCTION"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def paragraphs(n: int = 400) -> list[str]:
    """Short news paragraphs to POST to /code (AllSides articles, first paragraphs)."""
    out = []
    with gzip.open(SHARED / "corpora" / "allsides_10k.jsonl.gz", "rt", encoding="utf-8") as lines:
        for line in lines:
            text = json.loads(line).get("text") or ""
            para = next((p for p in text.split("\n") if len(p) > 200), "")
            if para:
                out.append(para[:1200])
            if len(out) >= n:
                break
    return out


def start_server(db: Path, port: int, options: list[str] = ()) -> subprocess.Popen:
    # the server's log goes to a file: a pipe nobody reads would fill up and stall it
    log = tempfile.TemporaryFile(mode="w+")
    server = subprocess.Popen([*DETENTE, "serve", "--db", str(db), "--port", str(port), *options], cwd=ROOT,
                              stderr=log, text=True)
    server.log = log
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=1).status_code == 200:
                return server
        except httpx.HTTPError:
            time.sleep(0.3)
    server.kill()
    log.seek(0)
    raise SystemExit("server did not start: " + log.read()[-2000:])


def client(base: str, until: float, texts: list[str], dyads: list[tuple[str, str]], seed: int,
           results: list[tuple[str, float, int]]) -> None:
    rng = random.Random(seed)
    with httpx.Client(base_url=base, timeout=60) as http:
        # warm the coder once per client before the clock matters
        turn = 0
        while time.monotonic() < until:
            turn += 1
            started = time.perf_counter()
            try:
                if turn % 4 == 0:
                    response = http.post("/code", json={"text": rng.choice(texts), "date": "2019-06-01"})
                    name = "POST /code"
                else:
                    params: dict = {"limit": 50, "offset": rng.choice([0, 50, 100])}
                    if dyads and rng.random() < 0.5:
                        params["dyad"] = list(rng.choice(dyads))
                    if rng.random() < 0.5:
                        params["type"] = rng.choice(TYPES)
                    response = http.get("/events", params=params)
                    name = "GET /events"
                status = response.status_code
            except httpx.HTTPError as exc:
                name, status = f"error {type(exc).__name__}", 0
            results.append((name, time.perf_counter() - started, status))


def run_threads(threads: list[threading.Thread]) -> float:
    """Start the threads, wait for all; returns the seconds they took."""
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.monotonic() - started


def run(db: Path, clients: int, seconds: float) -> dict:
    port = free_port()
    server = start_server(db, port)
    base = f"http://127.0.0.1:{port}"
    try:
        dyads = [(d["a"], d["b"]) for d in httpx.get(f"{base}/dyads", params={"limit": 10}).json()]
        texts = paragraphs()
        httpx.post(f"{base}/code", json={"text": texts[0]}, timeout=120)      # loads the model
        results: list[tuple[str, float, int]] = []
        until = time.monotonic() + seconds
        elapsed = run_threads([threading.Thread(target=client, args=(base, until, texts, dyads, n, results))
                               for n in range(clients)])
    finally:
        server.terminate()
        server.wait(timeout=30)
    report = {"clients": clients, "seconds": round(elapsed, 1), "endpoints": {}}
    for name in sorted({r[0] for r in results}):
        times = sorted(t for n, t, _ in results if n == name)
        errors = sum(1 for n, _, status in results if n == name and status != 200)
        report["endpoints"][name] = {
            "requests": len(times), "per_second": round(len(times) / elapsed, 1),
            "p50_ms": round(1000 * statistics.median(times), 1),
            "p99_ms": round(1000 * times[min(len(times) - 1, int(0.99 * len(times)))], 1), "errors": errors}
    report["errors"] = sum(e["errors"] for e in report["endpoints"].values())
    report["requests_per_second"] = round(len(results) / elapsed, 1)
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db
        if db is None:
            db = Path(tmp) / "load.duckdb"
            subprocess.run([*DETENTE, "ingest", str(SHARED / "corpora" / "rss" / "snapshots"), "--db", str(db),
                            "--quiet"], check=True, cwd=ROOT)
        report = run(db, args.clients, args.seconds)
    if args.json:
        print(json.dumps(report, indent=2))
        return
    print(f"{args.clients} clients, {report['seconds']} s: {report['requests_per_second']} requests/s, "
          f"{report['errors']} errors")
    for name, r in report["endpoints"].items():
        print(f"  {name:<12} {r['requests']:>6} requests  {r['per_second']:>7} /s  p50 {r['p50_ms']:>7} ms  "
              f"p99 {r['p99_ms']:>8} ms  errors {r['errors']}")


if __name__ == "__main__":
    main()
