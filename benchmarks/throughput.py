"""Throughput of `detente code` against a bare spaCy parse of the same text, in the same run.

    python benchmarks/throughput.py [--n 1000] [--corpus ../shared/corpora/allsides_10k.jsonl.gz]

Prints documents/s and sentences/s for both, and the ratio detente/bare-spaCy time: the cost of
everything detente does after parsing (actors, events, attributes), as a multiple of the parse.
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

from detente import Coder  # noqa: E402
from detente.ingest.readers import normalise_date  # noqa: E402
from detente.nlp import MODEL_NAME  # noqa: E402
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = parser.parse_args()

    articles = load_articles(args.corpus, args.n)
    texts = [a.text for a in articles]
    nlp = spacy.load(MODEL_NAME)       # the stock pipeline, without detente's components
    coder = Coder()
    coder.code("Warm-up: the president met the prime minister.")   # load everything before timing

    start = time.perf_counter()
    sentences = sum(len(list(doc.sents)) for doc in nlp.pipe(texts, batch_size=args.batch_size))
    bare = time.perf_counter() - start

    start = time.perf_counter()
    docs = list(coder.code_articles(articles, batch_size=args.batch_size))
    ours = time.perf_counter() - start

    events = sum(len(d.events) for d in docs)
    chars = sum(len(t) for t in texts)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"corpus: {args.corpus.name}, {len(articles)} documents, {sentences} sentences, "
          f"{chars / 1e6:.1f}M chars")
    for label, seconds in (("bare spaCy parse", bare), ("detente code", ours)):
        print(f"{label:<17}: {len(articles) / seconds:8.1f} documents/s "
              f"{sentences / seconds:9.1f} sentences/s ({seconds:.1f}s)")
    print(f"ratio detente/bare spaCy time: {ours / bare:.2f}   events: {events}   peak RSS: {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
