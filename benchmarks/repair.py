"""What repairing messy input (detente/ingest/repair.py) recovers, and what it costs.

    python benchmarks/repair.py [--india-n 1257] [--reuters-n 500] [--headlines-n 300]

Codes each set with and without repair, in one process, and prints per set: the documents each
fix changed, events, events whose actor has a country, events whose actor has a country or a
sector, and the time repair took against the time coding took.

- india_police_events (../shared/corpora): lower-cased Times of India reports, about 40% with
  mojibake. The first N documents.
- Reuters-21578 as wire copy: the shared copy's paragraphs were already joined when the corpus
  was converted, so the hard wrapping of the original SGML is put back the way those bodies
  are laid out (the dateline opens the first line, lines wrapped at 60-72 columns, each later
  paragraph opened by a four-space indent; no blank lines). The stored text is coded too, as
  the reference that perfect de-wrapping would reach. Documents of 300+ characters.
- Reuters headline-only records: the text is the ALL-CAPS headline.

A document that repair leaves unchanged codes the same either way, so only changed documents
are coded twice.
"""
from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
import textwrap
import time
from collections import Counter
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from detente import Coder  # noqa: E402
from detente.ingest.readers import normalise_date  # noqa: E402
from detente.ingest.recase import case_table  # noqa: E402
from detente.ingest.repair import repair_settings, repair_text  # noqa: E402
from detente.records import Article, Document  # noqa: E402

CORPORA = ROOT.parent / "shared" / "corpora"


@dataclass
class Tally:
    documents: int = 0
    events: int = 0
    with_country: int = 0          # events whose actor names a country
    with_actor: int = 0            # events whose actor has a country or a sector
    seconds: float = 0.0

    def add(self, documents: list[Document], seconds: float) -> None:
        self.documents += len(documents)
        self.seconds += seconds
        for document in documents:
            for event in document.events:
                self.events += 1
                self.with_country += any(entity.country for entity in event.actor)
                self.with_actor += any(entity.known for entity in event.actor)


@dataclass
class Result:
    name: str
    documents: int = 0
    fixes: Counter = field(default_factory=Counter)
    changed: int = 0
    repair_seconds: float = 0.0
    repaired_coding_seconds: float = 0.0     # coding the changed documents, repaired
    tallies: dict[str, Tally] = field(default_factory=dict)


def code(coder: Coder, articles: list[Article]) -> tuple[list[Document], float]:
    start = time.perf_counter()
    documents = list(coder.code_articles(articles))
    return documents, time.perf_counter() - start


def measure(name: str, coder: Coder, articles: list[Article], reference: list[Article] | None = None) -> Result:
    """Code `articles` as they are and repaired; `reference` (same ids), when given, is coded too."""
    result = Result(name, documents=len(articles))
    repaired = []
    start = time.perf_counter()
    for article in articles:
        fixed = repair_text(article.text)
        result.fixes.update(fixed.fixes)
        repaired.append(Article(article.id, fixed.text, article.date, article.title))
    result.repair_seconds = time.perf_counter() - start
    changed = [i for i, (a, b) in enumerate(zip(articles, repaired)) if a.text != b.text]
    result.changed = len(changed)

    raw_docs, raw_seconds = code(coder, articles)
    fixed_docs, fixed_seconds = code(coder, [repaired[i] for i in changed])
    by_index = dict(zip(changed, fixed_docs))
    result.repaired_coding_seconds = fixed_seconds
    before, after = Tally(), Tally()
    before.add(raw_docs, raw_seconds)
    after.add([by_index.get(i, doc) for i, doc in enumerate(raw_docs)], 0.0)
    after.seconds = raw_seconds        # coding time is compared on the raw run: same documents
    result.tallies = {"without repair": before, "with repair": after}
    if reference is not None:
        ref = Tally()
        ref.add(*code(coder, reference))
        result.tallies["stored (unwrapped) text"] = ref
    return result


# -- the sets -----------------------------------------------------------------------------------


def read_jsonl(path: Path):
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as stream:
        for line in stream:
            yield json.loads(line)


def india(n: int) -> list[Article]:
    rows = islice(read_jsonl(CORPORA / "india_police_events.jsonl"), n)
    return [Article(r["id"], r["text"], _date(r), r.get("title")) for r in rows]


def _date(record: dict) -> str | None:
    return normalise_date(record["date"]) if record.get("date") else None


def wire_copy(text: str, dateline: str | None, width: int) -> str:
    """A Reuters-21578 body laid out as the SGML has it: hard-wrapped, paragraphs indented."""
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    first = f"{dateline} {paragraphs[0]}" if dateline else paragraphs[0]
    lines = textwrap.wrap(first, width)
    for paragraph in paragraphs[1:]:
        lines += textwrap.wrap(paragraph, width, initial_indent="    ")
    return "\n".join(lines)


def reuters(n: int) -> tuple[list[Article], list[Article]]:
    """(wire copy, stored text) for the first n bodies of 300+ characters."""
    wrapped, stored = [], []
    for r in read_jsonl(CORPORA / "reuters21578.jsonl.gz"):
        if len(wrapped) >= n:
            break
        if len(r["text"] or "") < 300:
            continue
        dateline = (r.get("meta") or {}).get("dateline")
        width = random.Random(r["id"]).choice([60, 64, 68, 72])
        wrapped.append(Article(r["id"], wire_copy(r["text"], dateline, width), _date(r), r.get("title")))
        # the reference keeps the dateline too, so that both differ only in their line breaks
        first = f"{dateline} {r['text']}" if dateline else r["text"]
        stored.append(Article(r["id"], first, _date(r), r.get("title")))
    return wrapped, stored


def headlines(n: int) -> list[Article]:
    rows = (r for r in read_jsonl(CORPORA / "reuters21578.jsonl.gz") if not (r["text"] or "").strip() and r["title"])
    return [Article(r["id"], r["title"], _date(r)) for r in islice(rows, n)]


# -- report -------------------------------------------------------------------------------------


def report(result: Result) -> None:
    print(f"\n## {result.name}: {result.documents} documents, {result.changed} changed by repair")
    print("documents changed per fix: " + (", ".join(f"{k} {v}" for k, v in result.fixes.items()) or "none"))
    print(f"{'':26} {'events':>8} {'actor country':>14} {'actor known':>12}")
    for label, tally in result.tallies.items():
        print(f"{label:26} {tally.events:8d} {tally.with_country:14d} {tally.with_actor:12d}")
    before, after = result.tallies["without repair"], result.tallies["with repair"]
    print(f"recovered: {after.events - before.events:+d} events, {after.with_country - before.with_country:+d} "
          f"with an actor country, {after.with_actor - before.with_actor:+d} with a known actor")
    per_doc = 1000 * result.repair_seconds / max(result.documents, 1)
    share = result.repair_seconds / before.seconds if before.seconds else 0.0
    print(f"cost: repair {result.repair_seconds:.2f} s ({per_doc:.2f} ms a document); coding as read "
          f"{before.seconds:.1f} s, so repair is {share:.1%} of it; coding the {result.changed} changed "
          f"documents repaired {result.repaired_coding_seconds:.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--india-n", type=int, default=1257)
    parser.add_argument("--reuters-n", type=int, default=500)
    parser.add_argument("--headlines-n", type=int, default=300)
    args = parser.parse_args()
    coder = Coder()
    coder.code("Warm-up: the president met the prime minister.")
    start = time.perf_counter()
    settings = repair_settings()["case"]
    case_table(settings["gazetteer_min_population"], settings["max_name_words"])
    print(f"casing table (knowledge base, gazetteer, word lists): built once in {time.perf_counter() - start:.1f} s")
    if args.india_n:
        report(measure("india_police_events", coder, india(args.india_n)))
    if args.reuters_n:
        wrapped, stored = reuters(args.reuters_n)
        report(measure("Reuters-21578 as wire copy", coder, wrapped, reference=stored))
    if args.headlines_n:
        report(measure("Reuters-21578 headline-only records", coder, headlines(args.headlines_n)))


if __name__ == "__main__":
    main()
