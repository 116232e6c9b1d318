"""How well `detente ingest` finds the article in a saved news page, against plain trafilatura.

    python benchmarks/html_extraction.py [--json] [--limit N]

Over the 181 pages of ../shared/corpora/html (the article extraction benchmark: saved news pages
and a reference article text for each), scores (a) `trafilatura.extract(html)` with its default
options, the bar to match, and (b) `detente.ingest.html.article_from_html`. The score is a
bag-of-words token F1 per page (lower-cased word tokens, the multiset overlap of the extracted
and the reference text), averaged over pages; a page with no extracted text scores 0.
"""
from __future__ import annotations

import argparse
import gzip
import json
import logging
import os
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Callable, Iterator

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import trafilatura  # noqa: E402

from detente.errors import DetenteError  # noqa: E402
from detente.ingest.html import article_from_html  # noqa: E402

WORD = re.compile(r"\w+")


def shared_dir() -> Path:
    """../shared beside the checkout; DETENTE_SHARED overrides (as in tests/conftest.py)."""
    return Path(os.environ.get("DETENTE_SHARED", ROOT.parent / "shared"))


def load_pages(corpus: Path, limit: int | None = None) -> Iterator[tuple[str, bytes, str]]:
    """(page id, raw HTML bytes, reference text) for each page of the benchmark."""
    with (corpus / "article_extraction_benchmark.jsonl").open(encoding="utf-8") as lines:
        for number, line in enumerate(lines):
            if limit is not None and number >= limit:
                return
            record = json.loads(line)
            html = gzip.decompress((corpus / record["meta"]["html_path"]).read_bytes())
            yield record["id"], html, record["text"]


def token_scores(reference: str, extracted: str | None) -> tuple[float, float, float]:
    """Precision, recall and F1 of the extracted words against the reference's (as multisets)."""
    ref, got = Counter(WORD.findall(reference.lower())), Counter(WORD.findall((extracted or "").lower()))
    common = sum((ref & got).values())
    precision = common / sum(got.values()) if got else 0.0
    recall = common / sum(ref.values()) if ref else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def trafilatura_default(page_id: str, html: bytes) -> str | None:
    return trafilatura.extract(html)


def detente_reader(page_id: str, html: bytes) -> str | None:
    try:
        return article_from_html(page_id, html, default_id=page_id).text
    except DetenteError:
        return None


EXTRACTORS: dict[str, Callable[[str, bytes], str | None]] = {
    "trafilatura.extract (defaults)": trafilatura_default,
    "detente article_from_html": detente_reader,
}


def evaluate(pages: list[tuple[str, bytes, str]]) -> dict[str, dict]:
    results = {}
    for name, extractor in EXTRACTORS.items():
        started = time.perf_counter()
        scores = [token_scores(reference, extractor(page_id, html)) for page_id, html, reference in pages]
        results[name] = {
            "pages": len(scores),
            "precision": statistics.mean(s[0] for s in scores),
            "recall": statistics.mean(s[1] for s in scores),
            "f1": statistics.mean(s[2] for s in scores),
            "median_f1": statistics.median(s[2] for s in scores),
            "empty": sum(1 for s in scores if s[2] == 0.0),
            "seconds": round(time.perf_counter() - started, 1),
        }
    return results


def print_table(results: dict[str, dict]) -> None:
    print(f"{'extractor':32} {'pages':>5} {'P':>6} {'R':>6} {'F1':>6} {'med F1':>6} {'F1=0':>5} {'secs':>6}")
    for name, r in results.items():
        print(f"{name:32} {r['pages']:5d} {r['precision']:6.3f} {r['recall']:6.3f} {r['f1']:6.3f} "
              f"{r['median_f1']:6.3f} {r['empty']:5d} {r['seconds']:6.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--limit", type=int, default=None, help="score only the first N pages")
    parser.add_argument("--corpus", type=Path, default=shared_dir() / "corpora" / "html")
    args = parser.parse_args()
    logging.disable(logging.WARNING)        # trafilatura reports every discarded block
    pages = list(load_pages(args.corpus, args.limit))
    results = evaluate(pages)
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        print_table(results)


if __name__ == "__main__":
    main()
