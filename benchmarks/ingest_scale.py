"""Ingest at scale: time, documents/s and resident memory of `detente ingest` as it goes, then a
second run of the same command, which must add nothing.

    python benchmarks/ingest_scale.py [--n 10000] [--processes 2] [--checkpoints 1000,10000]
                                      [--corpus ../shared/corpora/allsides_10k.jsonl.gz] [--json]
                                      [--keep STORE.duckdb]

Memory is read from /proc/<pid>/status (VmRSS) every 0.2 s, for the ingest process and for all
of its descendants (the coding workers) together; the peaks so far are reported when the run
passes each checkpoint (documents coded), so a flat line means memory does not grow with the
corpus. Beside them, the peaks between one checkpoint and the next: peaks so far can only rise,
and a bounded but varying footprint (a worker's peak depends on the longest articles it parsed)
rises with them as more articles are seen; the peaks per stretch tell a trend from that.
`--processes 1` codes in the ingest process itself, without worker recycling.
`--keep` copies the store there at the end, for checks of its contents.
"""
from __future__ import annotations

import argparse
import gzip
import json
import re
import shutil
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


def rss(pid: int) -> int:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    match = re.search(r"VmRSS:\s+(\d+) kB", status)
    return int(match.group(1)) * 1024 if match else 0


def descendants(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        parent = todo.pop()
        for children in Path(f"/proc/{parent}/task").glob("*/children"):
            try:
                found = [int(c) for c in children.read_text().split()]
            except OSError:
                continue
            out.extend(found)
            todo.extend(found)
    return out


class RssWatch:
    """Peak resident memory of a running process, and of it with all its descendants, sampled:
    over the whole run and since the last `take()`."""

    def __init__(self, pid: int) -> None:
        self.pid, self.stopped = pid, False
        self.peak = self.peak_tree = self.stretch = self.stretch_tree = 0
        self.lock = threading.Lock()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self.stopped and Path(f"/proc/{self.pid}").exists():
            own = rss(self.pid)
            tree = own + sum(rss(c) for c in descendants(self.pid))
            with self.lock:
                self.peak, self.peak_tree = max(self.peak, own), max(self.peak_tree, tree)
                self.stretch, self.stretch_tree = max(self.stretch, own), max(self.stretch_tree, tree)
            time.sleep(0.2)

    def take(self) -> tuple[int, int, int, int]:
        """(peak, peak with descendants) so far and since the last call, which starts a stretch."""
        with self.lock:
            taken = (self.peak, self.peak_tree, self.stretch, self.stretch_tree)
            self.stretch = self.stretch_tree = 0
        return taken


def run_ingest(data: Path, db: Path, checkpoints: list[int], processes: int) -> dict:
    started = time.monotonic()
    proc = subprocess.Popen([*DETENTE, "ingest", str(data), "--db", str(db), "--progress",
                             "--processes", str(processes)], stderr=subprocess.PIPE, text=True, cwd=ROOT)
    watch = RssWatch(proc.pid)
    peaks, summary, pending = {}, "", list(checkpoints)
    for line in proc.stderr:
        done = re.match(r"detente: ([\d,]+) documents", line)
        if done:
            count = int(done.group(1).replace(",", ""))
            if pending and count >= pending[0]:
                taken = watch.take()        # checkpoints passed together share one stretch
                while pending and count >= pending[0]:
                    peaks[pending.pop(0)] = taken
        elif line.strip():
            summary = line.strip()
    proc.wait()
    watch.stopped = True
    elapsed = time.monotonic() - started
    for checkpoint in pending:          # the last checkpoint is passed when the run ends
        peaks[checkpoint] = watch.take()
    names = ("peak_rss_mb", "peak_rss_mb_with_workers", "stretch_peak_rss_mb", "stretch_peak_rss_mb_with_workers")
    return {"seconds": round(elapsed, 1), "exit": proc.returncode, "summary": summary,
            **{name: {str(k): round(taken[i] / 2**20) for k, taken in peaks.items()} for i, name in enumerate(names)}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10000)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--checkpoints", default="1000,10000")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--keep", type=Path, help="copy the store here at the end")
    args = parser.parse_args()
    checkpoints = sorted(int(c) for c in args.checkpoints.split(",") if int(c) <= args.n) or [args.n]
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        data, db = subset(args.corpus, args.n, tmp), tmp / "bench.duckdb"
        first = run_ingest(data, db, checkpoints, args.processes)
        second = run_ingest(data, db, [], args.processes)
        if args.keep:
            shutil.copy(db, args.keep)
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
        tree = first["peak_rss_mb_with_workers"][checkpoint]
        print(f"            peak RSS after {int(checkpoint):,} documents: {peak} MB ingest process, "
              f"{tree} MB with its workers; since the last checkpoint {first['stretch_peak_rss_mb'][checkpoint]} "
              f"and {first['stretch_peak_rss_mb_with_workers'][checkpoint]} MB")
    print(f"second run: {second['seconds']} s; {second['summary']}")


if __name__ == "__main__":
    main()
