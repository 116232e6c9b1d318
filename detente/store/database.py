"""The event store: one embedded DuckDB file, its schema kept by numbered SQL migrations.

Writes go in batches, one transaction per batch, so a crash (even `kill -9`) leaves the file as it
was after the last whole batch; the next ingest skips what is stored and codes the rest.
"""
from __future__ import annotations

import re
from datetime import datetime, timezone
from importlib import resources
from pathlib import Path

import duckdb
import pyarrow as pa

from detente.errors import DetenteError
from detente.records import StoredDocument
from detente.store import dedup, rows
from detente.store.cache import release_blocks, size_setting

DEFAULT_DB = "detente.duckdb"
MIGRATIONS = resources.files("detente.store") / "migrations"
# rows are inserted in this order so that a reader never sees a mention without its document
TABLES = ("documents", "mentions", "entities", "quotes", "amounts")

_LOCK_HOLDER = re.compile(r"Conflicting lock is held in (?P<program>\S+) \(PID (?P<pid>\d+)\)")


def migrations(directory=MIGRATIONS) -> list[tuple[int, str, str]]:
    """(version, name, SQL) of every `NNNN_name.sql` file, in order."""
    found = []
    for entry in directory.iterdir():
        match = re.fullmatch(r"(\d{4})_(\w+)\.sql", entry.name)
        if match:
            found.append((int(match.group(1)), match.group(2), entry.read_text(encoding="utf-8")))
    return sorted(found)


class Store:
    """A connection to the store. `Store(path)` creates or upgrades it; `read_only=True` only reads
    and refuses a file that does not exist."""

    def __init__(self, path: str | Path = DEFAULT_DB, read_only: bool = False, migrations_dir=MIGRATIONS) -> None:
        self.path = Path(path)
        if read_only and not self.path.exists():
            raise DetenteError("E017", path=self.path)
        if self.path.is_dir():
            raise DetenteError("E018", path=self.path, reason="is a directory")
        self.con = _connect(self.path, read_only)
        self.read_only = read_only
        self.con.execute(f"SET memory_limit = '{size_setting('duckdb_memory_limit')}'")
        _no_row_group_merging(self.con)
        try:
            self._migrate(migrations(migrations_dir))
        except BaseException:
            self.con.close()
            raise

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        try:
            self.con.close()        # writes the log into the file (a checkpoint), which can fail
        except duckdb.Error as exc:
            raise DetenteError("E034", path=self.path, reason=_first_line(exc)) from None

    # -- schema ---------------------------------------------------------------------------------

    # DuckDB 2 keeps a result open until it is read to the end (fetchone() does not), and refuses
    # other work on the connection meanwhile: single values are read with fetchall().

    def schema_version(self) -> int:
        exists = self.con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'schema_migrations'"
                                  ).fetchall()[0][0]
        if not exists:
            return 0
        return self.con.execute("SELECT coalesce(max(version), 0) FROM schema_migrations").fetchall()[0][0]

    def _migrate(self, steps: list[tuple[int, str, str]]) -> None:
        current, newest = self.schema_version(), max((v for v, _, _ in steps), default=0)
        if current > newest:
            raise DetenteError("E018", path=self.path,
                               reason=f"it has schema {current}, newer than this detente's {newest}; upgrade detente")
        pending = [step for step in steps if step[0] > current]
        if not pending:
            return
        if self.read_only:
            raise DetenteError("E018", path=self.path,
                               reason=f"it has schema {current} and needs {newest}; run `detente ingest` to upgrade")
        for version, name, sql in pending:
            with self.transaction():
                self.con.execute("CREATE TABLE IF NOT EXISTS schema_migrations "
                                 "(version INTEGER, name VARCHAR, applied_at TIMESTAMP)")
                self.con.execute(sql)
                self.con.execute("INSERT INTO schema_migrations VALUES (?, ?, ?)", [version, name, _now()])

    def transaction(self):
        return _Transaction(self.con)

    # -- writing --------------------------------------------------------------------------------

    def stored_hashes(self, hashes: list[str]) -> set[str]:
        """Which of these content hashes are stored already."""
        if not hashes:
            return set()
        found = self.con.execute("SELECT content_hash FROM documents WHERE content_hash IN "
                                 "(SELECT unnest(?::VARCHAR[]))", [hashes]).fetchall()
        return {h for (h,) in found}

    def add_documents(self, batch: list[StoredDocument], window_days: int | None = None) -> None:
        """Store the documents and everything coded in them, all or nothing. With `window_days`,
        their mentions are grouped into events in the same transaction (`dedup.regroup`, after
        a full regrouping if the store's events used another window), so no committed mention
        is ever without its event; without it, events are left as they were and the store
        forgets its window, so that the next ingest regroups everything."""
        if not batch:
            return
        ingested_at = _now()
        tables = {name: [] for name in TABLES}
        for stored in batch:
            for name, table_rows in rows.document_rows(stored, ingested_at).items():
                tables[name].extend(table_rows)
        try:
            if window_days is not None:
                dedup.ensure_grouped(self.con, window_days)
            with self.transaction():
                for name in TABLES:
                    if tables[name]:
                        # a registered Arrow table is read by DuckDB without copying row by row
                        arrow = pa.Table.from_pylist(tables[name], schema=rows.SCHEMAS[name])
                        self.con.register("incoming", arrow)
                        self.con.execute(f"INSERT INTO {name} BY NAME SELECT * FROM incoming")
                        self.con.unregister("incoming")
                        if name == "mentions" and window_days is not None:
                            dedup.regroup(self.con, arrow, window_days)
                if window_days is None:
                    dedup.forget_window(self.con)
            # what the batch read stays cached otherwise, and the cache grows with the store
            release_blocks(self.con)
        except duckdb.Error as exc:
            # disk full, file size limit, read-only file system: DuckDB has rolled the batch back
            raise DetenteError("E034", path=self.path, reason=_first_line(exc)) from None

    # -- reading --------------------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        return {name: self.con.execute(f"SELECT count(*) FROM {name}").fetchall()[0][0]
                for name in ("documents", "mentions", "events", "quotes", "amounts")}


class _Transaction:
    def __init__(self, con) -> None:
        self.con = con

    def __enter__(self) -> None:
        self.con.begin()

    def __exit__(self, kind, value, trace) -> None:
        if kind is None:
            self.con.commit()
        else:
            try:
                self.con.rollback()
            except duckdb.Error:
                pass        # DuckDB ended the transaction itself; the original error is the one to report


def _connect(path: Path, read_only: bool):
    try:
        return duckdb.connect(str(path), read_only=read_only)
    except duckdb.IOException as exc:
        holder = _LOCK_HOLDER.search(str(exc))
        if holder:
            raise DetenteError("E019", path=path, pid=holder["pid"], program=Path(holder["program"]).name) from None
        raise store_error(path, exc) from None
    except duckdb.Error as exc:
        raise store_error(path, exc) from None


# a DuckDB file whose blocks fail their checksums; a file that was never a database ("not a
# valid DuckDB database file") is a wrong --db, and is only named
DAMAGE_SIGNS = ("corrupt", "checksum", "serialization", "failed to read")


def store_error(path: Path, exc: Exception) -> DetenteError:
    """The one-line error for a DuckDB failure on the store: damaged, or otherwise unusable."""
    reason = _first_line(exc)
    if any(sign in reason.lower() for sign in DAMAGE_SIGNS):
        return DetenteError("E035", path=path, reason=reason)
    return DetenteError("E018", path=path, reason=reason)


def _no_row_group_merging(con) -> None:
    """Turn off DuckDB's vacuum tasks, which merge adjacent row groups at a checkpoint.

    Rows appended after a checkpoint go into a new row group, and later checkpoints merge these
    small row groups, doubling: with checkpoints every 1,000 articles, at 2,000, 4,000 and 8,000
    all of them are rewritten into one. A merge decompresses and recompresses every column,
    article texts included, in memory that `memory_limit` does not count: for the documents
    table alone the peak grew by 20, 31 and 64 MB at those points, on the way to a full row
    group of 122,880 articles (some 800 MB of text). Without merging, a checkpoint writes only
    what came since the last one. The cost: a table keeps one row group per checkpoint (about
    800 articles each in a large ingest, fewer in a small one) and the file is a few percent
    larger. Row groups whose rows are all deleted (the events tables when dedup.py rebuilds
    them whole) are still dropped; the few rows each batch's regrouping deletes stay in their
    row groups, marked deleted."""
    con.execute("SET max_vacuum_tasks = 0")


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None, microsecond=0)
