"""Coding on all cores of one machine: worker processes each load the pipeline once and code
batches of articles; the parent reads input, keeps order and stores results.

A bounded number of batches is in flight, so input is streamed (a 10-million-line file is not
read ahead). Memory stays flat because workers are recycled: a long-running spaCy process grows
by some tens of MB per 1,000 documents in native memory that no memory zone returns, so after
`recycle_after_documents` (data/engines.yaml) the pool is drained and replaced by fresh workers.
"""
from __future__ import annotations

import multiprocessing
import os
import signal
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from itertools import islice
from typing import Iterable, Iterator, TypeVar

from detente.data_files import load_package_yaml
from detente.pipeline import CoderSettings
from detente.records import Article, Document

T = TypeVar("T")

_worker_coder = None


def _start_worker(settings: CoderSettings) -> None:
    global _worker_coder
    # Ctrl-C and SIGTERM reach the whole process group; the parent decides how to stop (it lets
    # the batches in flight finish and stores them), so a worker must not die under it
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    _worker_coder = settings.build()


def _code_batch(articles: list[Article]) -> list[Document]:
    return list(_worker_coder.code_articles(articles, batch_size=len(articles)))


class LocalEngine:
    """`processes` workers (default: one per core); 1 codes in this process, as `Coder` does."""

    def __init__(self, processes: int | None = None, settings: CoderSettings = CoderSettings(),
                 batch_size: int | None = None, recycle_after: int | None = None) -> None:
        config = load_package_yaml("engines.yaml")["local"]
        self.processes = processes or os.cpu_count() or 1
        self.settings = settings
        self.batch_size = batch_size or config["batch_documents"]
        self.recycle_after = recycle_after or config["recycle_after_documents"]
        self._coder = None

    def code_with_context(self, pairs: Iterable[tuple[Article, T]]) -> Iterator[tuple[T, Document]]:
        if self.processes == 1:
            yield from self._in_process().code_with_context(pairs)
            return
        pairs = iter(pairs)
        # each worker codes about `recycle_after` documents, then the pool is replaced
        per_pool = max(1, self.recycle_after * self.processes // self.batch_size)
        while True:
            batches = list(islice(_batches(pairs, self.batch_size), per_pool))
            if not batches:
                return
            yield from self._pool_run(batches)

    def _pool_run(self, batches: list[list[tuple[Article, T]]]) -> Iterator[tuple[T, Document]]:
        # spawn, not fork: the parent holds DuckDB's threads, which a forked child would inherit
        # in whatever state they were in
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(self.processes, mp_context=context, initializer=_start_worker,
                                 initargs=(self.settings,)) as pool:
            in_flight: deque = deque()
            for batch in batches:
                in_flight.append(([c for _, c in batch], pool.submit(_code_batch, [a for a, _ in batch])))
                if len(in_flight) >= 2 * self.processes:
                    yield from _results(in_flight.popleft())
            while in_flight:
                yield from _results(in_flight.popleft())

    def _in_process(self):
        if self._coder is None:
            self._coder = self.settings.build()
        return self._coder


def _batches(pairs: Iterator, size: int) -> Iterator[list]:
    while batch := list(islice(pairs, size)):
        yield batch


def _results(entry) -> Iterator[tuple]:
    contexts, future = entry
    yield from zip(contexts, future.result())
