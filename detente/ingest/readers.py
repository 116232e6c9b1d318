"""Readers for the input kinds the CLI accepts: `.txt` (one document), `.jsonl` (one per line), `-`.

A problem with a whole input raises `DetenteError`. A problem with one line of a JSONL batch is
yielded as a `ReadIssue` so the caller can report it and go on with the rest.
"""
from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from datetime import date as Date
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO, Iterator

from detente.data_files import load_package_yaml
from detente.errors import DetenteError
from detente.ingest.limits import bounded_lines, limit
from detente.ingest.repair import repair_items
from detente.records import Article, Query

JSONL_SUFFIXES = {".jsonl", ".ndjson"}
TEXT_SUFFIXES = {".txt", ".text"}
OPTIONAL_FIELDS = ("date", "title", "source", "url")


@dataclass(frozen=True)
class ReadIssue:
    """One skipped line of a batch input."""

    message: str


def read_inputs(inputs: list[str]) -> Iterator[Article | ReadIssue]:
    """Yield the articles of every input in order, their texts repaired (`repair.py`: the
    repaired text is the one coded, and evidence offsets point into it); whole-input problems
    raise DetenteError."""
    return repair_items(_read_inputs(inputs))


def _read_inputs(inputs: list[str]) -> Iterator[Article | ReadIssue]:
    for name in inputs:
        if name == "-":
            yield read_text_input("-", decode_text("-", read_document_bytes("-", sys.stdin.buffer)), doc_id="stdin")
            continue
        path = check_input_file(name)
        suffix = path.suffix.lower()
        if suffix in TEXT_SUFFIXES:
            with path.open("rb") as stream:
                data = read_document_bytes(name, stream)
            yield read_text_input(name, decode_text(name, data), doc_id=path.stem)
        elif suffix in JSONL_SUFFIXES:
            with path.open("rb") as stream:
                yield from read_jsonl_stream(name, stream)
        else:
            raise DetenteError("E007", path=name, suffix=suffix or "(none)")


def read_text_input(name: str, text: str, doc_id: str) -> Article:
    if not text.strip():
        raise DetenteError("E005", path=name)
    try:
        check_text(text)
    except DetenteError as exc:
        raise DetenteError("E016", path=name, reason=str(exc).split("] ", 1)[-1]) from None
    return Article(id=doc_id, text=text)


@lru_cache(maxsize=1)
def max_document_chars() -> int:
    return int(load_package_yaml("limits.yaml")["max_document_chars"])


def check_text(text: str) -> None:
    """Refuse what the parser cannot take: over-long texts and lone surrogates from JSON escapes."""
    if len(text) > max_document_chars():
        raise DetenteError("E013", chars=len(text), limit=max_document_chars())
    surrogate = _SURROGATE.search(text)
    if surrogate:
        raise DetenteError("E014", char=f"U+{ord(surrogate.group()):04X}")


_SURROGATE = re.compile("[\ud800-\udfff]")


def check_input_file(name: str) -> Path:
    path = Path(name)
    if not path.exists():
        raise DetenteError("E001", path=path)
    if path.is_dir():
        raise DetenteError("E002", path=path)
    return path


def read_document_bytes(name: str, stream: BinaryIO) -> bytes:
    """A one-document input, read no further than the longest text allowed can take (4 bytes a
    character in UTF-8, and a BOM): a huge file is refused without being read into memory."""
    most = 4 * max_document_chars() + 3
    data = stream.read(most + 1)
    if len(data) > most:
        raise DetenteError("E016", path=name, reason=f"more than {max_document_chars():,} characters "
                                                      "(max_document_chars in detente/data/limits.yaml)")
    return data


def check_not_binary(name: str, head: bytes) -> None:
    """E043 for UTF-16 text, E003 for other bytes with NULs (images, archives, executables):
    NUL bytes never occur in UTF-8 text."""
    if looks_utf16(head):
        raise DetenteError("E043", path=name)
    if b"\x00" in head:
        raise DetenteError("E003", path=name)


def looks_utf16(head: bytes) -> bool:
    """A UTF-16 byte order mark, or the NUL beside every ASCII letter that UTF-16 without one
    has (after it little-endian, before it big-endian)."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    even, odd = head[0::2].count(0), head[1::2].count(0)
    return len(head) >= 4 and max(even, odd) >= len(head) // 4 and min(even, odd) <= max(even, odd) // 10


def decode_text(name: str, data: bytes) -> str:
    check_not_binary(name, data[:8192])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DetenteError("E004", path=name, byte=f"0x{data[exc.start]:02x}", offset=exc.start) from None


def read_jsonl_stream(name: str, stream: BinaryIO, kind: str = "article", fields: dict[str, str] | None = None
                      ) -> Iterator[Article | Query | ReadIssue]:
    """Records of a JSONL stream: articles (`detente code`, `detente ingest`, whose `fields` map
    our field names to the input's) or actor queries (`detente actors resolve`); a bad line
    becomes a ReadIssue naming the line."""
    if kind == "article":
        def build(record, bad, default_id):
            return article_from_record(record, bad, default_id, fields)
    else:
        build = _query_from_record
    check_not_binary(name, stream.peek(8192)[:8192] if hasattr(stream, "peek") else b"")
    seen_any = False
    for number, raw in enumerate(bounded_lines(stream), start=1):
        if raw is None:         # over-long: skipped unread
            seen_any = True
            yield ReadIssue(str(DetenteError("E041", path=name, line=number, limit=limit("max_line_bytes"))))
            continue
        if not raw.strip():
            continue
        seen_any = True

        def bad(reason: str, number=number) -> DetenteError:
            return DetenteError("E006", path=name, line=number, reason=reason)

        try:
            yield build(_record_from_line(raw, bad), bad, f"{Path(name).stem}-{number}")
        except DetenteError as exc:
            yield ReadIssue(str(exc))
    if not seen_any:
        raise DetenteError("E015", path=name)


def _record_from_line(raw: bytes, bad) -> dict:
    try:
        line = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise bad(f"not valid UTF-8 (byte 0x{raw[exc.start]:02x})") from None
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise bad(f"invalid JSON ({exc.msg} at column {exc.colno})") from None
    except RecursionError:
        raise bad("invalid JSON (nested too deeply)") from None
    except ValueError:          # the one other ValueError of json.loads: Python's cap on int digits
        raise bad(f"invalid JSON (a number of more than {sys.get_int_max_str_digits()} digits)") from None
    if not isinstance(record, dict):
        raise bad("expected a JSON object")
    return record


def _strings(record: dict, keys, bad) -> dict[str, str | None]:
    fields = {}
    for key in keys:
        value = record.get(key)
        if value is not None and not isinstance(value, str):
            raise bad(f"\"{key}\" must be a string")
        if value is not None:
            try:
                check_text(value)
            except DetenteError as exc:
                raise bad(f"\"{key}\": " + str(exc).split("] ", 1)[-1]) from None
        fields[key] = value
    return fields


def _record_id(record: dict, default: str, bad) -> str:
    doc_id = record.get("id")
    doc_id = default if doc_id in (None, "") else str(doc_id)
    if _SURROGATE.search(doc_id):
        raise bad("\"id\" contains an unpaired surrogate")
    return doc_id


def article_from_record(record: dict, bad, default_id: str, columns: dict[str, str] | None = None) -> Article:
    """An article from a JSON object or CSV row; `columns` says which key holds which field
    ({"text": "body"}); `bad(reason)` makes the error that names the line."""
    if columns:
        record = {**record, **{ours: record.get(theirs) for ours, theirs in columns.items()}}
    fields = _strings(record, ("text", *OPTIONAL_FIELDS), bad)
    text = fields.pop("text")
    if not (text or "").strip():
        # a headline feed carries its words in the title only
        if not (fields["title"] or "").strip():
            raise bad("\"text\" is empty and there is no \"title\"")
        text = fields["title"]
    if fields["date"] is not None:
        fields["date"] = normalise_date(fields["date"], on_error=bad)
    return Article(id=_record_id(record, default_id, bad), text=text, **fields)


def _query_from_record(record: dict, bad, default_id: str) -> Query:
    fields = _strings(record, ("text", "context", "date"), bad)
    if not (fields["text"] or "").strip():
        raise bad("\"text\" is empty")
    return Query(id=_record_id(record, default_id, bad), **fields)


def normalise_date(value: str, on_error=None) -> str:
    """Accept `YYYY-MM-DD` or a longer ISO timestamp; return the date part."""
    try:
        return Date.fromisoformat(value.strip()[:10]).isoformat()
    except ValueError:
        if on_error is not None:
            raise on_error(f"\"date\" {value!r} is not an ISO date (YYYY-MM-DD)") from None
        raise DetenteError("E012", date=value) from None
