"""DuckDB's cache of stored blocks, emptied between the statements of an ingest batch.

DuckDB keeps every block of the file it reads in memory until `memory_limit` forces it out. An
ingest batch reads whole columns (grouping scans the mentions' keys, rewriting events scans the
event and link ids, counting outlets joins the documents), so with the limit at 1 GB the cache,
and the ingest process with it, grew with the store: about 6 MB per 1,000 articles, kept only
to spare the next batch reading them again from the system's page cache. DuckDB has no call to
drop its cache, but lowering the limit makes it evict down to the new limit at once, stored
blocks first (they cost nothing to drop: they are in the file, and in the system's page cache);
the limit is then set back to store.yaml's `duckdb_memory_limit`, the one every `Store` sets
(read from the setting, not from DuckDB, whose rounded "953.6 MiB" would drift down). Only the
stored blocks above `keep` are dropped: the tables' new rows not yet written to the file stay.
"""
from __future__ import annotations

import re

import duckdb

from detente.data_files import load_package_yaml
from detente.errors import DetenteError

_UNITS = {"KB": 10**3, "MB": 10**6, "GB": 10**9, "TB": 10**12,
          "KIB": 2**10, "MIB": 2**20, "GIB": 2**30, "TIB": 2**40}
_SIZE = re.compile(r"(\d+(?:\.\d+)?)\s*([KMGT]i?B)", re.IGNORECASE)


def size_setting(name: str) -> str:
    """A size from store.yaml ("1GB", "8MiB"), checked, as DuckDB accepts it."""
    value = str(load_package_yaml("store.yaml")[name])
    if not _SIZE.fullmatch(value):
        raise DetenteError("E008", path="store.yaml", where="", reason=f"{name} {value!r} is not like 1GB")
    return value


def _bytes(value: str) -> int:
    number, unit = _SIZE.fullmatch(value).groups()
    return int(float(number) * _UNITS[unit.upper()])


def release_blocks(con: duckdb.DuckDBPyConnection, keep: int | None = None) -> None:
    """Drop DuckDB's cached blocks of the stored file beyond `keep` bytes (store.yaml's
    `ingest_block_cache` by default). Call it between statements, when no query holds them;
    best effort: if DuckDB cannot shrink (a block is in use), it only restores the limit."""
    keep = _bytes(size_setting("ingest_block_cache")) if keep is None else keep
    # on a connection of its own: a failed SET inside the caller's open transaction would abort it
    with con.cursor() as own:
        stored, total = own.execute(
            "SELECT coalesce(sum(memory_usage_bytes) FILTER (WHERE tag = 'BASE_TABLE'), 0), "
            "coalesce(sum(memory_usage_bytes), 0) FROM duckdb_memory()").fetchall()[0]
        if stored <= keep:
            return
        try:
            own.execute(f"SET memory_limit = '{(total - stored + keep) // 1024}KiB'")
        except duckdb.Error:
            pass        # the blocks could not all be dropped now; the next call tries again
        finally:
            own.execute(f"SET memory_limit = '{size_setting('duckdb_memory_limit')}'")
