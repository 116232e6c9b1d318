"""Everything `detente ingest` reads: files, directories (recursively), `.gz`, URLs and stdin,
in plain text, JSONL, CSV/TSV, HTML pages and RSS/Atom feeds.

Each input yields `SourceItem`s (an article and where it came from) or `ReadIssue`s (one bad
record, file or page: reported and counted, the run goes on). Only a path that does not exist is
refused before anything starts, so a typo never half-runs a job.
"""
from __future__ import annotations

import csv
import io
import sys
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Iterator

from detente.errors import DetenteError
from detente.ingest.limits import bounded_text_lines, open_gzip
from detente.ingest.readers import (
    ReadIssue,
    article_from_record,
    check_not_binary,
    decode_text,
    max_document_chars,
    read_jsonl_stream,
    read_text_input,
)
from detente.ingest.repair import repair_items
from detente.records import Article

FORMATS = ("auto", "text", "jsonl", "csv", "html", "feed")
SUFFIX_FORMATS = {
    ".txt": "text", ".text": "text", ".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".tsv": "csv",
    ".html": "html", ".htm": "html", ".xhtml": "html", ".xml": "feed", ".rss": "feed", ".atom": "feed",
}
# A page or feed is read whole; nothing news-like is this big, and a decompressed bomb stops here.
MAX_PAGE_BYTES = 50_000_000


@dataclass(frozen=True)
class SourceItem:
    article: Article
    input: str


@dataclass
class Sources:
    """The inputs of one ingest run. Iterate for items; `bytes_read()` against `bytes_total`
    tells how far the run is (compressed bytes for `.gz`)."""

    inputs: list[str]
    format: str = "auto"
    fields: dict[str, str] = field(default_factory=dict)   # our field -> the input's column
    fetch_pages: bool = False
    ignored: int = 0                                        # files of unknown type in directories
    bytes_total: int = 0
    _done: int = 0
    _open: BinaryIO | None = None

    def __post_init__(self) -> None:
        self.files = list(self._expand())
        self.bytes_total = sum(path.stat().st_size for path in self.files if isinstance(path, Path))

    def bytes_read(self) -> int:
        try:
            return self._done + (self._open.tell() if self._open and not self._open.closed else 0)
        except (OSError, ValueError):
            return self._done

    def __iter__(self) -> Iterator[SourceItem | ReadIssue]:
        """Items in input order, each article's text repaired (`repair.py`) before language
        detection and coding see it: the repaired text is the one stored, hashed and coded."""
        return repair_items(self._items())

    def _items(self) -> Iterator[SourceItem | ReadIssue]:
        for source in self.files:
            try:
                if isinstance(source, Path):
                    yield from self._read_file(source)
                elif source == "-":
                    yield from self._read_bytes("-", sys.stdin.buffer, self.format)
                else:
                    yield from self._read_url(source)
            except DetenteError as exc:
                yield ReadIssue(str(exc))
            finally:
                if isinstance(source, Path):
                    self._done += source.stat().st_size if source.exists() else 0
                self._open = None

    # -- what to read ---------------------------------------------------------------------------

    def _expand(self) -> Iterator[Path | str]:
        for name in self.inputs:
            if name == "-" or name.startswith(("http://", "https://")):
                yield name
                continue
            path = Path(name)
            if not path.exists():
                raise DetenteError("E001", path=name)
            if not path.is_dir():
                yield path
                continue
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                if any(part.startswith(".") for part in child.relative_to(path).parts):
                    continue
                if self.format == "auto" and _suffix_format(child) is None:
                    self.ignored += 1
                    continue
                yield child

    # -- how to read it -------------------------------------------------------------------------

    def _read_file(self, path: Path) -> Iterator[SourceItem | ReadIssue]:
        with path.open("rb") as raw:
            self._open = raw
            stream: BinaryIO = open_gzip(str(path), raw) if path.suffix.lower() == ".gz" else raw
            fmt = self.format if self.format != "auto" else _suffix_format(path)
            try:
                yield from self._read_bytes(str(path), stream, fmt, stem=_stem(path))
            except (OSError, EOFError, zlib.error) as exc:   # truncated or corrupt .gz
                raise DetenteError("E016", path=path, reason=f"cannot be read ({exc})") from None

    def _read_bytes(self, name: str, stream: BinaryIO, fmt: str | None, stem: str | None = None
                    ) -> Iterator[SourceItem | ReadIssue]:
        stem = stem or Path(name).stem or "stdin"
        if fmt in (None, "auto"):
            stream = _peekable(stream)
            fmt = _sniff(stream.peek(4096)[:4096])
            if fmt is None:
                raise DetenteError("E007", path=name, suffix=Path(name).suffix or "(none)")
        if fmt == "jsonl":
            for item in read_jsonl_stream(name, stream, fields=self.fields):
                yield item if isinstance(item, ReadIssue) else SourceItem(item, name)
        elif fmt == "csv":
            for item in read_csv_stream(name, stream, self.fields, delimiter="\t" if ".tsv" in name else ","):
                yield item if isinstance(item, ReadIssue) else SourceItem(item, name)
        else:
            data = _read_limited(name, stream)
            yield from self._read_document(name, data, fmt, stem)

    def _read_document(self, name: str, data: bytes, fmt: str, stem: str, url: str | None = None
                       ) -> Iterator[SourceItem | ReadIssue]:
        if fmt == "text":
            yield SourceItem(read_text_input(name, decode_text(name, data), doc_id=stem), name)
        elif fmt == "html":
            from detente.ingest.html import article_from_html
            yield SourceItem(article_from_html(name, data, default_id=stem, url=url), name)
        elif fmt == "feed":
            from detente.ingest.feeds import articles_from_feed
            for item in articles_from_feed(name, data, fetch_pages=self.fetch_pages):
                yield item if isinstance(item, ReadIssue) else SourceItem(item, name)

    def _read_url(self, url: str) -> Iterator[SourceItem | ReadIssue]:
        from detente.ingest.feeds import fetch_url, is_feed
        data = fetch_url(url, max_bytes=MAX_PAGE_BYTES)
        fmt = self.format if self.format != "auto" else ("feed" if is_feed(data) else "html")
        yield from self._read_document(url, data, fmt, stem=url, url=url)


def read_csv_stream(name: str, stream: BinaryIO, fields: dict[str, str], delimiter: str = ","
                    ) -> Iterator[Article | ReadIssue]:
    """Rows of a CSV/TSV file with a header line, as articles; columns named by `fields`."""
    check_not_binary(name, stream.peek(8192)[:8192] if hasattr(stream, "peek") else b"")
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    csv.field_size_limit(max_document_chars() + 1)     # the default (128 KiB) is short of long articles
    reader = csv.DictReader(bounded_text_lines(name, text), delimiter=delimiter)
    stem = Path(name).stem
    try:
        for number, row in enumerate(reader, start=2):
            def bad(reason: str, number=number) -> DetenteError:
                return DetenteError("E006", path=name, line=number, reason=reason)
            try:
                if None in row:
                    raise bad(f"{len(row[None])} more values than header columns")
                yield article_from_record(row, bad, f"{stem}-{number}", fields)
            except DetenteError as exc:
                yield ReadIssue(str(exc))
    except UnicodeDecodeError as exc:
        raise DetenteError("E016", path=name, reason=f"not valid UTF-8 ({exc.reason})") from None
    except csv.Error as exc:
        if "field limit" in str(exc):     # the csv module's own words name no limit a user can find
            exc = f"a value longer than {max_document_chars():,} characters (max_document_chars in limits.yaml)"
        raise DetenteError("E016", path=name, reason=f"not valid CSV (line {reader.reader.line_num}: {exc})") from None
    if reader.line_num == 0:
        raise DetenteError("E015", path=name)


def parse_field_map(pairs: list[str]) -> dict[str, str]:
    """`["text=body", "date=published_at"]` -> {"text": "body", "date": "published_at"}."""
    out = {}
    for pair in pairs:
        ours, sep, theirs = pair.partition("=")
        if not sep or not ours.strip() or not theirs.strip():
            raise DetenteError("E020", pair=pair)
        if ours.strip() not in ("id", "text", "date", "title", "source", "url"):
            raise DetenteError("E020", pair=pair)
        out[ours.strip()] = theirs.strip()
    return out


def _suffix_format(path: Path) -> str | None:
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    return SUFFIX_FORMATS.get(suffixes[-1]) if suffixes else None


def _stem(path: Path) -> str:
    name = path.name
    return name[: -len("".join(path.suffixes))] if path.suffixes else name


def _sniff(head: bytes) -> str | None:
    """The format of unnamed input (stdin, a file without a known suffix) from its first bytes."""
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1024].lower()
    if start.startswith(b"{"):
        return "jsonl"
    if b"<rss" in start or b"<feed" in start or b"<rdf:rdf" in start:
        return "feed"
    if start.startswith(b"<"):
        return "html"
    if b"\x00" in head:
        return None
    return "text"


def _peekable(stream: BinaryIO) -> BinaryIO:
    return stream if hasattr(stream, "peek") else io.BufferedReader(stream)


def _read_limited(name: str, stream: BinaryIO) -> bytes:
    # in steps: one read of the limit would set aside 50 MB for any input, a tiny page too
    chunks, size = [], 0
    while size <= MAX_PAGE_BYTES and (chunk := stream.read(1 << 20)):
        chunks.append(chunk)
        size += len(chunk)
    if size > MAX_PAGE_BYTES:
        raise DetenteError("E016", path=name, reason=f"more than {MAX_PAGE_BYTES:,} bytes")
    return b"".join(chunks)
