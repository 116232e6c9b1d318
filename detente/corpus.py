"""`detente ingest`: read sources, code what is new, store it in batches, regroup events.

sources (SourceItem) -> skip stored texts (content hash) -> skip other languages -> Coder ->
StoredDocument batches -> Store (one transaction per batch, which also regroups the events of
the keys its mentions touch: store/dedup.py).

A text already stored is never coded again, so re-running an ingest adds nothing, and a run
killed mid-way resumes where its last committed batch ended, every committed mention grouped.
"""
from __future__ import annotations

import hashlib
import time
from collections import Counter
from dataclasses import dataclass, field
from itertools import islice
from typing import Callable, Iterable, Iterator

from detente.data_files import load_package_yaml
from detente.ingest.language import check_language
from detente.ingest.readers import ReadIssue
from detente.ingest.sources import SourceItem
from detente.pipeline import Coder, Engine
from detente.records import Article, StoredDocument
from detente.store import Store
from detente.store.dedup import ensure_grouped

LOOKUP_CHUNK = 256      # content hashes checked against the store per query


@dataclass
class IngestSummary:
    new: int = 0
    stored_before: int = 0                  # same text already in the store (or earlier in this run)
    languages: Counter = field(default_factory=Counter)   # skipped documents per language
    failed: int = 0
    mentions: int = 0
    events: int = 0
    seconds: float = 0.0
    stopped: str | None = None              # why the run stopped early ("SIGTERM"), if it did

    def line(self) -> str:
        skipped = self.stored_before + sum(self.languages.values())
        languages = ", ".join(f"{n} {lang}" for lang, n in self.languages.most_common())
        reasons = [f"{self.stored_before} already stored or repeated"]
        if languages:
            reasons.append(f"{languages} not English")
        line = (f"{self.new} new documents, {skipped} skipped ({'; '.join(reasons)}), {self.failed} failed; "
                f"{self.mentions} event mentions added, {self.events} events in the store; "
                f"{self.seconds:.1f} s")
        if self.stopped:
            line = f"stopped by {self.stopped} (run the same command to go on): " + line
        return line


def content_hash(text: str) -> str:
    """The identity of a text: re-wrapped or re-indented copies are the same document."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def document_id(digest: str) -> str:
    """The stored document's id, from its content hash: the same text has the same id anywhere."""
    return "d" + digest[:16]


def ingest(items: Iterable[SourceItem | ReadIssue], store: Store, coder: Coder | Engine,
           on_issue: Callable[[str], None], on_progress: Callable[[int], None] = lambda n: None,
           default_date: str | None = None, batch_documents: int | None = None,
           stop_requested: Callable[[], str | None] = lambda: None,
           on_warning: Callable[[str], None] = lambda message: None) -> IngestSummary:
    """Code and store what is new in `items`. `stop_requested` is asked after each document;
    when it names a reason (a signal), the documents coded so far are committed (with their
    events, as every batch) and the run ends early: a clean stop that the same command resumes."""
    settings = load_package_yaml("store.yaml")
    batch_size = batch_documents or settings["batch_documents"]
    window_days = settings["dedup"]["window_days"]
    # a changed window (or a store that recorded none) regroups everything once, even when
    # nothing is new; each batch then regroups only what it touches
    ensure_grouped(store.con, window_days)
    summary, started = IngestSummary(), time.monotonic()
    # hashes sent to the coder in this run: a copy later in the input is skipped even before the
    # first is committed; entries are dropped once the store has them, which bounds the set
    pending: set[str] = set()

    def fresh() -> Iterator[tuple[Article, tuple[Article, str, str, str | None]]]:
        for chunk in _chunks(_report_issues(items, summary, on_issue), LOOKUP_CHUNK):
            pending.difference_update(store.stored_hashes(list(pending)))
            hashes = [content_hash(item.article.text) for item in chunk]
            stored = store.stored_hashes(hashes)
            for item, digest in zip(chunk, hashes):
                if digest in stored or digest in pending:
                    summary.stored_before += 1
                    continue
                language = check_language(item.article.text)
                if not language.accepted:
                    summary.languages[language.language] += 1
                    continue
                pending.add(digest)
                article = _dated(item.article, default_date)
                yield article, (article, digest, item.input, language.language)

    batch: list[StoredDocument] = []
    for (article, digest, source, language), document in coder.code_with_context(fresh()):
        for warning in document.warnings:
            on_warning(f"input '{source}' document '{article.id}': {warning}")
        batch.append(StoredDocument(id=document_id(digest), content_hash=digest, article=article,
                                    language=language, input=source, coded=document))
        summary.stopped = stop_requested()
        if len(batch) >= batch_size or summary.stopped:
            _commit(store, batch, summary, window_days)
            on_progress(summary.new)
        if summary.stopped:
            break
    _commit(store, batch, summary, window_days)
    on_progress(summary.new)
    summary.events = store.counts()["events"]
    summary.seconds = time.monotonic() - started
    return summary


def _commit(store: Store, batch: list[StoredDocument], summary: IngestSummary, window_days: int) -> None:
    store.add_documents(batch, window_days)
    summary.new += len(batch)
    summary.mentions += sum(len(stored.coded.events) for stored in batch)
    batch.clear()


def _report_issues(items, summary: IngestSummary, on_issue) -> Iterator[SourceItem]:
    for item in items:
        if isinstance(item, ReadIssue):
            summary.failed += 1
            on_issue(item.message)
        else:
            yield item


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _dated(article: Article, default_date: str | None) -> Article:
    if article.date or not default_date:
        return article
    return Article(article.id, article.text, default_date, article.title, article.source, article.url)
