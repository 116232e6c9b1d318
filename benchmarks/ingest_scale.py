"""Ingest at scale: time, documents/s and resident memory of `detente ingest` as it goes, then a
second run of the same command, which must add nothing.

    python benchmarks/ingest_scale.py [--n 10000] [--corpus ../shared/corpora/allsides_10k.jsonl.gz]
                                      [--checkpoints 1000,10000] [--json]

Memory is read from /proc/<pid>/status (VmRSS) every 0.2 s; the peak so far is reported when the
run passes each checkpoint (documents coded), so a flat line means memory does not grow with the
corpus.
"""
from __future__ import annotations

import argparse
import gzip
import json
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpora" / "allsides_10k.jsonl.gz"
DETENTE = [sys.executable, "-m", "detente"]


def subset(corpus: Path, n: int, directory: Path) -> Path:
    """The first n records as their own .jsonl.gz (the corpus itself when n covers it)."""
    target = directory / f"first{n}.jsonl.gz"
    with gzip.open(corpus, "rt", encoding="utf-8") as src, gzip.open(target, "wt", encoding="utf-8") as out:
        for number, line in enumerate(src):
            if number >= n:
                break
            out.write(line)
    return target


class RssWatch:
    """Peak resident memory of a running process, sampled."""

    def __init__(self, pid: int) -> None:
        self.pid, self.peak, self.stopped = pid, 0, False
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self.stopped:
            try:
                status = Path(f"/proc/{self.pid}/status").read_text()
            except OSError:
                return
            match = re.search(r"VmRSS:\s+(\d+) kB", status)
            if match:
                self.peak = max(self.peak, int(match.group(1)) * 1024)
            time.sleep(0.2)


def run_ingest(data: Path, db: Path, checkpoints: list[int]) -> dict:
    started = time.monotonic()
    # one process: the memory of the process that codes and stores is the one that must stay flat
    proc = subprocess.Popen([*DETENTE, "ingest", str(data), "--db", str(db), "--progress", "--processes", "1"],
                            stderr=subprocess.PIPE, text=True, cwd=ROOT)
    watch = RssWatch(proc.pid)
    peaks, summary, pending = {}, "", list(checkpoints)
    for line in proc.stderr:
        done = re.match(r"detente: ([\d,]+) documents", line)
        if done:
            count = int(done.group(1).replace(",", ""))
            while pending and count >= pending[0]:
                peaks[pending.pop(0)] = watch.peak
        elif line.strip():
            summary = line.strip()
    proc.wait()
    watch.stopped = True
    elapsed = time.monotonic() - started
    for checkpoint in pending:          # the last checkpoint is passed when the run ends
        peaks[checkpoint] = watch.peak
    return {"seconds": round(elapsed, 1), "exit": proc.returncode, "summary": summary,
            "peak_rss_mb": {str(k): round(v / 2**20) for k, v in peaks.items()},
            "peak_rss_mb_total": round(watch.peak / 2**20)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10000)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--checkpoints", default="1000,10000")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    checkpoints = sorted(int(c) for c in args.checkpoints.split(",") if int(c) <= args.n) or [args.n]
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        data, db = subset(args.corpus, args.n, tmp), tmp / "bench.duckdb"
        first = run_ingest(data, db, checkpoints)
        second = run_ingest(data, db, [])
    new = re.search(r"(\d+) new documents", first["summary"])
    docs = int(new.group(1)) if new else 0
    report = {"documents": args.n, "first_run": first, "second_run": second,
              "documents_per_second": round(docs / first["seconds"], 2) if first["seconds"] else None}
    if args.json:
        print(json.dumps(report, indent=2))
        return
    print(f"first run:  {first['seconds']} s, {report['documents_per_second']} docs/s (model load included)")
    print(f"            {first['summary']}")
    for checkpoint, peak in first["peak_rss_mb"].items():
        print(f"            peak RSS after {int(checkpoint):,} documents: {peak} MB")
    print(f"second run: {second['seconds']} s; {second['summary']}")


if __name__ == "__main__":
    main()
