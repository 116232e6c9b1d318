"""Limits on what a reader takes in (detente/data/limits.yaml), so that no input, however made,
can fill the memory, hang a run or be cut short without a word.

- `.gz` is decompressed as it is read, and a stream that grows far beyond its compressed size
  (a decompression bomb) is stopped: `GuardedGzip`.
- JSONL and CSV are read a line at a time, and a line never longer than `max_line_bytes` is in
  memory at once: `bounded_lines`, `bounded_text_lines`.
- HTML deeper than libxml2 parses loses its deepest text silently; `too_deep` tells.
"""
from __future__ import annotations

import gzip
import io
from functools import lru_cache
from typing import BinaryIO, Iterator

from detente.data_files import load_package_yaml
from detente.errors import DetenteError

# Decompressed bytes asked of gzip at once, and compressed bytes given to it at once: the bomb
# check runs between such steps.
_GZIP_STEP = 1 << 20
_COMPRESSED_STEP = 1 << 14
# Bytes read at a time while skipping the rest of an over-long line.
_SKIP_STEP = 1 << 16


@lru_cache(maxsize=None)
def limit(name: str) -> int:
    """One number of limits.yaml, e.g. `limit("max_line_bytes")`."""
    return int(load_package_yaml("limits.yaml")[name])


class GuardedGzip(io.RawIOBase):
    """The decompressed bytes of a `.gz` file, refused (E040) once they exceed `max_gz_ratio`
    times the compressed bytes read so far. Ordinary text packs 3 to 10 times; a bomb of zeros
    about 1000 times, so it stops after a few MB instead of gigabytes. The first
    `gz_ratio_free_bytes` are never checked: a small file that packs well is not a bomb."""

    def __init__(self, name: str, compressed: BinaryIO) -> None:
        super().__init__()
        self.name = name
        self._compressed = _SmallReads(compressed)
        self._gzip = gzip.GzipFile(fileobj=self._compressed, mode="rb")
        self._out = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        # small steps, so a bomb is caught before a large read (a whole page) is filled
        count = self._gzip.readinto(memoryview(buffer)[:_GZIP_STEP])
        self._out += count
        self._check()
        return count

    def _check(self) -> None:
        if self._out <= limit("gz_ratio_free_bytes"):
            return
        ratio = limit("max_gz_ratio")
        if self._out > ratio * self._compressed.taken:
            raise DetenteError("E040", path=self.name, size=self._out, ratio=ratio)

    def close(self) -> None:
        self._gzip.close()
        super().close()


class _SmallReads:
    """The compressed file to gzip in small reads, counted: gzip would otherwise take 128 KB at
    a time, which a bomb turns into 128 MB before the count of compressed bytes moves."""

    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream
        self.taken = 0

    def read(self, size: int = -1) -> bytes:
        data = self._stream.read(_COMPRESSED_STEP if size < 0 else min(size, _COMPRESSED_STEP))
        self.taken += len(data)
        return data


def open_gzip(name: str, compressed: BinaryIO) -> BinaryIO:
    """A buffered (peekable, line-iterable) reader of the guarded decompressed stream."""
    return io.BufferedReader(GuardedGzip(name, compressed))


def bounded_lines(stream: BinaryIO) -> Iterator[bytes | None]:
    """The lines of a binary stream; a line longer than `max_line_bytes` is skipped to its end
    without being kept and given as None, for the caller to report with its number."""
    most = limit("max_line_bytes")
    while line := stream.readline(most + 1):
        if len(line) <= most:
            yield line
            continue
        while not line.endswith(b"\n"):
            line = stream.readline(_SKIP_STEP)
            if not line:
                break
        yield None


def bounded_text_lines(name: str, stream: io.TextIOBase) -> Iterator[str]:
    """The lines of a decoded text stream for the csv module, which would otherwise read a line
    of any length whole. A CSV record may span lines, so after an over-long line nothing that
    follows can be trusted: the input stops there (E041), counted in characters."""
    most = limit("max_line_bytes")
    for number, line in enumerate(iter(lambda: stream.readline(most + 1), ""), start=1):
        if len(line) > most:
            raise DetenteError("E041", path=name, line=number, limit=most)
        yield line


def too_deep(root) -> bool:
    """Whether an lxml tree has an element deeper than `max_html_depth`. libxml2 drops what is
    nested deeper than 255 elements without an error, so a page nested that deep has lost text.
    One XPath step a level: linear in the size of the tree, no recursion in Python."""
    depth = limit("max_html_depth")
    return bool(root.xpath("/".join(["*"] * depth)))
