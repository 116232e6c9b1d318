"""How well ingest finds the article in a saved page: bag-of-words token F1 against a reference
text, over the article extraction benchmark in ../shared/corpora/html.

Used by `benchmarks/html_extraction.py` (against plain trafilatura) and by the CI gate.
"""
from __future__ import annotations

import gzip
import json
import re
import statistics
from collections import Counter
from pathlib import Path
from typing import Callable, Iterator

from detente.errors import DetenteError
from detente.ingest.html import article_from_html

WORD = re.compile(r"\w+")


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


def detente_text(page_id: str, html: bytes) -> str | None:
    """What `detente ingest` keeps of a page (None when it finds no article)."""
    try:
        return article_from_html(page_id, html, default_id=page_id).text
    except DetenteError:
        return None


def score_extractor(pages: list[tuple[str, bytes, str]], extract: Callable[[str, bytes], str | None]
                    ) -> dict[str, float]:
    scores = [token_scores(reference, extract(page_id, html)) for page_id, html, reference in pages]
    return {
        "pages": len(scores),
        "precision": statistics.mean(s[0] for s in scores),
        "recall": statistics.mean(s[1] for s in scores),
        "f1": statistics.mean(s[2] for s in scores),
        "median_f1": statistics.median(s[2] for s in scores),
        "empty": sum(1 for s in scores if s[2] == 0.0),
    }
