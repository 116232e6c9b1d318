"""Throughput of detente's engines against a bare spaCy parse of the same text, in the same run.

    python benchmarks/throughput.py [--n 2000] [--processes 2] [--no-ray] [--scaling 1000,2000,5000,10000]
                                    [--corpus ../shared/corpora/allsides_10k.jsonl.gz] [--json]

Measures, on the first N AllSides articles: the stock spaCy pipeline parsing every document in
one process (the baseline); `detente` coding them with the local engine (worker processes), the
same without the relevance pre-filter, and with the Ray engine (a local cluster); documents/s,
input sentences/s, speed relative to the baseline (above 1: faster than the bare parse) and peak
RSS. Engine times are end to end: worker
start-up and model loading included. `--scaling` times the local engine on growing prefixes of
the corpus: time should grow linearly.
"""
from __future__ import annotations

import argparse
import gzip
import json
import resource
import sys
import time
from pathlib import Path

import spacy

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from detente.engines import LocalEngine  # noqa: E402
from detente.ingest.readers import normalise_date  # noqa: E402
from detente.nlp import MODEL_NAME  # noqa: E402
from detente.pipeline import CoderSettings  # noqa: E402
from detente.records import Article  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpora" / "allsides_10k.jsonl.gz"


def load_articles(path: Path, n: int) -> list[Article]:
    opener = gzip.open if path.suffix == ".gz" else open
    out = []
    with opener(path, "rt", encoding="utf-8") as stream:
        for line in stream:
            record = json.loads(line)
            if not (record.get("text") or "").strip():
                continue
            date = normalise_date(record["date"]) if record.get("date") else None
            out.append(Article(id=record["id"], text=record["text"], date=date))
            if len(out) == n:
                break
    return out


def peak_mb() -> dict[str, int]:
    return {"this process": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            "largest worker": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)}


def bare_parse(texts: list[str]) -> tuple[float, int]:
    nlp = spacy.load(MODEL_NAME)       # the stock pipeline, without detente's components
    started = time.perf_counter()
    sentences = sum(len(list(doc.sents)) for doc in nlp.pipe(texts, batch_size=32))
    return time.perf_counter() - started, sentences


def engine_run(engine, articles: list[Article]) -> tuple[float, int]:
    started = time.perf_counter()
    events = sum(len(doc.events) for _, doc in engine.code_with_context((a, None) for a in articles))
    return time.perf_counter() - started, events


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--no-ray", action="store_true")
    parser.add_argument("--scaling", default="", help="comma-separated corpus sizes for the local engine")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    articles = load_articles(args.corpus, args.n)
    bare, sentences = bare_parse([a.text for a in articles])
    runs = {"bare spaCy parse (1 process)": (bare, None)}
    runs[f"detente, local engine ({args.processes} processes)"] = engine_run(LocalEngine(args.processes), articles)
    # what the relevance pre-filter saves: the same engine parsing every sentence
    runs[f"detente, local, no pre-filter ({args.processes} p.)"] = engine_run(
        LocalEngine(args.processes, settings=CoderSettings(prefilter="off")), articles)
    if not args.no_ray:
        from detente.engines.ray_engine import RayEngine
        runs[f"detente, Ray engine ({args.processes} workers)"] = engine_run(RayEngine(workers=args.processes),
                                                                           articles)
    report = {"corpus": args.corpus.name, "documents": len(articles), "sentences": sentences,
              "runs": {name: {"seconds": round(seconds, 1), "documents_per_second": round(len(articles) / seconds, 2),
                              "sentences_per_second": round(sentences / seconds, 1),
                              "speed_vs_bare_parse": round(bare / seconds, 2), "events": events}
                       for name, (seconds, events) in runs.items()},
              "peak_rss_mb": peak_mb(), "scaling": []}
    for size in [int(s) for s in args.scaling.split(",") if s]:
        subset = load_articles(args.corpus, size)
        seconds, _ = engine_run(LocalEngine(args.processes), subset)
        report["scaling"].append({"documents": size, "seconds": round(seconds, 1),
                                  "documents_per_second": round(size / seconds, 2)})
    if args.json:
        print(json.dumps(report, indent=2))
        return
    print(f"corpus: {report['corpus']}, {len(articles)} documents, {sentences} sentences")
    for name, r in report["runs"].items():
        print(f"{name:<38} {r['documents_per_second']:8.2f} docs/s {r['sentences_per_second']:8.1f} sentences/s "
              f"{r['speed_vs_bare_parse']:5.2f}x bare parse ({r['seconds']} s)")
    print(f"peak RSS: {report['peak_rss_mb']}")
    for row in report["scaling"]:
        print(f"scaling: {row['documents']:>6} documents {row['seconds']:>8} s {row['documents_per_second']:>7} docs/s")


if __name__ == "__main__":
    main()
