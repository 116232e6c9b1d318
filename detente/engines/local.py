"""Coding on all cores of one machine: worker processes each load the pipeline once and code
batches of articles; the parent reads input, keeps order and stores results.

A bounded number of batches is in flight, so input is streamed (a 10-million-line file is not
read ahead) and memory stays flat: each worker holds one pipeline, the parent none.
"""
from __future__ import annotations

import multiprocessing
import os
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from itertools import islice
from typing import Iterable, Iterator, TypeVar

from detente.records import Article, Document

T = TypeVar("T")

_worker_coder = None


def _start_worker(kb_files: tuple[str, ...], lexicon_files: tuple[str, ...]) -> None:
    global _worker_coder
    from detente.pipeline import Coder
    _worker_coder = Coder(kb_files=kb_files, lexicon_files=lexicon_files)


def _code_batch(articles: list[Article]) -> list[Document]:
    return list(_worker_coder.code_articles(articles, batch_size=len(articles)))


class LocalEngine:
    """`processes` workers (default: one per core); 1 codes in this process, as `Coder` does."""

    def __init__(self, processes: int | None = None, kb_files: Iterable[str] = (),
                 lexicon_files: Iterable[str] = (), batch_size: int = 16) -> None:
        self.processes = processes or os.cpu_count() or 1
        self.kb_files, self.lexicon_files = tuple(kb_files), tuple(lexicon_files)
        self.batch_size = batch_size
        self._coder = None

    def code_with_context(self, pairs: Iterable[tuple[Article, T]]) -> Iterator[tuple[T, Document]]:
        if self.processes == 1:
            yield from self._in_process().code_with_context(pairs)
            return
        # spawn, not fork: the parent holds DuckDB's threads, which a forked child would inherit
        # in whatever state they were in
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(self.processes, mp_context=context, initializer=_start_worker,
                                 initargs=(self.kb_files, self.lexicon_files)) as pool:
            in_flight: deque = deque()
            pairs = iter(pairs)
            while batch := list(islice(pairs, self.batch_size)):
                in_flight.append(([c for _, c in batch], pool.submit(_code_batch, [a for a, _ in batch])))
                if len(in_flight) >= 2 * self.processes:
                    yield from _results(in_flight.popleft())
            while in_flight:
                yield from _results(in_flight.popleft())

    def _in_process(self):
        if self._coder is None:
            from detente.pipeline import Coder
            self._coder = Coder(kb_files=self.kb_files, lexicon_files=self.lexicon_files)
        return self._coder


def _results(entry) -> Iterator[tuple]:
    contexts, future = entry
    yield from zip(contexts, future.result())
