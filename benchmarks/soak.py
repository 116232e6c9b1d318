"""Soak: ingest through the API while 8 readers query it, for 10 minutes on loopback.

    python benchmarks/soak.py [--seconds 600] [--readers 8] [--json]

A `detente serve --allow-write` over a new store; one writer POSTs AllSides articles to
/documents one after another; each reader loops over the read endpoints (events with random
filters and pages, dyads, a dyad's timeline, a stored document, quotes, pledges, actors, health).
Reports requests and errors per endpoint, the server's resident memory minute by minute, and,
at the end, whether every document the writer stored can be read back.
"""
from __future__ import annotations

import argparse
import gzip
import json
import random
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from load import SHARED, TYPES, free_port, run_threads, start_server  # noqa: E402

API_KEY = "soak-test-key"
READS = ["events", "events", "events", "document", "dyads", "dyad", "quotes", "pledges", "actors", "health"]


def articles():
    with gzip.open(SHARED / "corpora" / "allsides_10k.jsonl.gz", "rt", encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            if (record.get("text") or "").strip():
                yield {"id": record["id"], "text": record["text"][:20000],
                       "date": (record.get("date") or "")[:10] or None, "title": record.get("title"),
                       "source": record.get("source")}


class Soak:
    def __init__(self, base: str, until: float) -> None:
        self.base, self.until = base, until
        self.stored: list[str] = []             # ids the writer got back
        self.results: list[tuple[str, float, int]] = []
        self.lock = threading.Lock()

    def record(self, name: str, started: float, status: int) -> None:
        with self.lock:
            self.results.append((name, time.perf_counter() - started, status))

    def writer(self) -> None:
        with httpx.Client(base_url=self.base, timeout=120, headers={"X-API-Key": API_KEY}) as http:
            for body in articles():
                if time.monotonic() >= self.until:
                    return
                started = time.perf_counter()
                try:
                    response = http.post("/documents", json={k: v for k, v in body.items() if v})
                    status = response.status_code
                    if status == 200:
                        with self.lock:
                            self.stored.append(response.json()["id"])
                except httpx.HTTPError:
                    status = 0
                self.record("POST /documents", started, status)

    def reader(self, seed: int) -> None:
        rng = random.Random(seed)
        with httpx.Client(base_url=self.base, timeout=120) as http:
            while time.monotonic() < self.until:
                name, path, params = self._read(rng)
                started = time.perf_counter()
                try:
                    status = http.get(path, params=params).status_code
                except httpx.HTTPError:
                    status = 0
                self.record(name, started, status)

    def _read(self, rng: random.Random) -> tuple[str, str, dict]:
        kind = rng.choice(READS)
        if kind == "events":
            params: dict = {"limit": 50, "offset": rng.choice([0, 0, 50, 200])}
            if rng.random() < 0.5:
                params["type"] = rng.choice(TYPES)
            if rng.random() < 0.3:
                params["dyad"] = ["USA", rng.choice(["CHN", "RUS", "MEX", "IRN"])]
            return "GET /events", "/events", params
        if kind == "document":
            with self.lock:
                doc = rng.choice(self.stored) if self.stored else None
            return ("GET /documents/{id}", f"/documents/{doc}", {}) if doc else ("GET /health", "/health", {})
        if kind == "dyad":
            return "GET /dyads/{a}/{b}", f"/dyads/USA/{rng.choice(['CHN', 'RUS', 'MEX'])}", {"freq": "auto"}
        return f"GET /{kind}", f"/{kind}", {}


class MemoryLog:
    """The server's VmRSS every 2 s, kept per minute (peak of each minute)."""

    def __init__(self, pid: int) -> None:
        self.pid, self.per_minute, self.started, self.stopped = pid, {}, time.monotonic(), False
        threading.Thread(target=self._run, daemon=True).start()

    def _run(self) -> None:
        while not self.stopped:
            try:
                status = Path(f"/proc/{self.pid}/status").read_text()
            except OSError:
                return
            kb = int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS:")))
            minute = int((time.monotonic() - self.started) // 60)
            self.per_minute[minute] = max(self.per_minute.get(minute, 0), kb // 1024)
            time.sleep(2)


def run(seconds: float, readers: int, directory: Path) -> dict:
    port, db = free_port(), directory / "soak.duckdb"
    server = start_server(db, port, ["--allow-write", "--api-key", API_KEY])
    base = f"http://127.0.0.1:{port}"
    memory = MemoryLog(server.pid)
    try:
        soak = Soak(base, time.monotonic() + seconds)
        elapsed = run_threads([threading.Thread(target=soak.writer)]
                              + [threading.Thread(target=soak.reader, args=(n,)) for n in range(readers)])
        memory.stopped = True
        with httpx.Client(base_url=base, timeout=120) as http:
            unreadable = [doc for doc in dict.fromkeys(soak.stored) if http.get(f"/documents/{doc}").status_code != 200]
            health = http.get("/health").json()
    finally:
        server.terminate()
        server.wait(timeout=60)
    return report(soak, elapsed, memory, unreadable, health)


def report(soak: Soak, elapsed: float, memory: MemoryLog, unreadable: list[str], health: dict) -> dict:
    out = {"seconds": round(elapsed, 1), "endpoints": {}, "server_rss_mb_per_minute": memory.per_minute,
           "documents_stored": len(set(soak.stored)), "documents_unreadable": len(unreadable),
           "store": {"documents": health.get("documents"), "events": health.get("events")}}
    for name in sorted({r[0] for r in soak.results}):
        times = sorted(t for n, t, _ in soak.results if n == name)
        out["endpoints"][name] = {
            "requests": len(times), "per_second": round(len(times) / elapsed, 2),
            "p50_ms": round(1000 * statistics.median(times), 1),
            "p99_ms": round(1000 * times[min(len(times) - 1, int(0.99 * len(times)))], 1),
            "errors": sum(1 for n, _, status in soak.results if n == name and status != 200)}
    out["errors"] = sum(e["errors"] for e in out["endpoints"].values())
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=600)
    parser.add_argument("--readers", type=int, default=8)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        result = run(args.seconds, args.readers, Path(tmp))
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(f"{args.readers} readers and 1 writer, {result['seconds']} s: {result['errors']} errors; "
          f"{result['documents_stored']} documents stored, {result['documents_unreadable']} unreadable afterwards; "
          f"store: {result['store']}")
    for name, r in result["endpoints"].items():
        print(f"  {name:<22} {r['requests']:>6} requests {r['per_second']:>7}/s  p50 {r['p50_ms']:>7} ms  "
              f"p99 {r['p99_ms']:>8} ms  errors {r['errors']}")
    print("  server RSS (MB, peak per minute): "
          + ", ".join(f"{m}: {mb}" for m, mb in sorted(result["server_rss_mb_per_minute"].items())))


if __name__ == "__main__":
    main()
