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
import json
import logging
import os
import sys
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import trafilatura  # noqa: E402

from detente.evaluation.extraction import detente_text, load_pages, score_extractor  # noqa: E402


def shared_dir() -> Path:
    """../shared beside the checkout; DETENTE_SHARED overrides (as in tests/conftest.py)."""
    return Path(os.environ.get("DETENTE_SHARED", ROOT.parent / "shared"))


def trafilatura_default(page_id: str, html: bytes) -> str | None:
    return trafilatura.extract(html)


EXTRACTORS: dict[str, Callable[[str, bytes], str | None]] = {
    "trafilatura.extract (defaults)": trafilatura_default,
    "detente article_from_html": detente_text,
}


def evaluate(pages: list[tuple[str, bytes, str]]) -> dict[str, dict]:
    results = {}
    for name, extractor in EXTRACTORS.items():
        started = time.perf_counter()
        results[name] = score_extractor(pages, extractor)
        results[name]["seconds"] = round(time.perf_counter() - started, 1)
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
