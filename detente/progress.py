"""A one-line progress display for long runs: documents, documents/s, share done and ETA.

Shown only on a terminal; in a pipe or a log it stays quiet and the run's summary line says it all.
"""
from __future__ import annotations

import sys
import time
from typing import Callable, TextIO


class Progress:
    def __init__(self, total: int, done: Callable[[], int], stream: TextIO = sys.stderr,
                 enabled: bool | None = None, every: float = 0.5, newline: bool = False) -> None:
        self.total, self.done, self.stream, self.every = total, done, stream, every
        # one line per update, for logs and benchmarks reading them: every update, unthrottled
        self.newline = newline
        if newline:
            self.every = 0.0
        self.enabled = stream.isatty() if enabled is None else enabled
        self.started = self.shown = time.monotonic()
        self.documents = 0

    def update(self, documents: int) -> None:
        self.documents = documents
        now = time.monotonic()
        if self.enabled and now - self.shown >= self.every:
            self.shown = now
            self.stream.write(self.line(now) + "\n" if self.newline else "\r" + self.line(now) + "\033[K")
            self.stream.flush()

    def line(self, now: float) -> str:
        elapsed = max(now - self.started, 1e-9)
        parts = [f"detente: {self.documents:,} documents", f"{self.documents / elapsed:.1f} docs/s"]
        fraction = min(self.done() / self.total, 1.0) if self.total else None
        if fraction:
            parts.append(f"{fraction:.0%}")
            parts.append("ETA " + _duration(elapsed * (1 - fraction) / fraction))
        return " · ".join(parts)

    def close(self) -> None:
        if self.enabled and not self.newline:
            self.stream.write("\r\033[K")
            self.stream.flush()


def _duration(seconds: float) -> str:
    seconds = int(seconds)
    hours, rest = divmod(seconds, 3600)
    return f"{hours}h{rest // 60:02d}m" if hours else f"{rest // 60}m{rest % 60:02d}s"
