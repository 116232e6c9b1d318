import duckdb
import pytest

from detente.errors import DetenteError
from detente.store import cache
from detente.store.cache import release_blocks, size_setting

BLOCK = 256 * 1024          # DuckDB's block size


def _stored_blocks(con) -> int:
    return con.execute("SELECT coalesce(sum(memory_usage_bytes), 0) FROM duckdb_memory() "
                       "WHERE tag = 'BASE_TABLE'").fetchall()[0][0]


@pytest.fixture
def con(tmp_path):
    """A file database with some 20 MB of stored, checkpointed rows, opened afresh."""
    path = tmp_path / "c.duckdb"
    with duckdb.connect(str(path)) as setup:
        setup.execute("CREATE TABLE t AS SELECT i, md5(i::VARCHAR) AS s FROM range(400000) r(i)")
    con = duckdb.connect(str(path))
    con.execute("SET memory_limit = '1GB'")
    yield con
    con.close()


def test_a_scan_fills_the_cache_and_release_empties_it(con):
    before = _stored_blocks(con)
    con.execute("SELECT count(DISTINCT s) FROM t").fetchall()
    scanned = _stored_blocks(con)
    assert scanned > before + (4 << 20)
    release_blocks(con, keep=4 * BLOCK)
    assert _stored_blocks(con) <= 4 * BLOCK
    # the limit is the configured one again, and the data reads the same
    assert con.execute("SELECT current_setting('memory_limit')").fetchall()[0][0] == "953.6 MiB"   # 1GB
    assert con.execute("SELECT count(DISTINCT s), sum(i) FROM t").fetchall() == [(400000, 79999800000)]


def test_release_keeps_rows_not_yet_in_the_file(con):
    con.execute("CREATE TABLE fresh AS SELECT i FROM range(300000) r(i)")   # in the log, not checkpointed
    con.execute("SELECT count(DISTINCT s) FROM t").fetchall()
    release_blocks(con, keep=0)
    assert _stored_blocks(con) <= BLOCK
    assert con.execute("SELECT count(*), sum(i) FROM fresh").fetchall() == [(300000, 44999850000)]


def test_a_limit_duckdb_refuses_leaves_the_open_transaction_and_the_limit_as_they_were(con):
    con.begin()
    con.execute("CREATE TABLE fresh AS SELECT i FROM range(1000) r(i)")
    con.execute("SELECT count(DISTINCT s) FROM t").fetchall()
    statements = []

    class Refusing:
        """The connection, as seen when DuckDB cannot shrink (a block in use)."""

        def cursor(self):
            return self

        def __enter__(self):
            self.own = con.cursor()
            return self

        def __exit__(self, *exc):
            self.own.close()

        def execute(self, sql, *args):
            statements.append(sql)
            if sql.startswith("SET memory_limit") and "KiB" in sql:
                self.own.execute("SET memory_limit = 'no such size'")     # a real DuckDB error
            return self.own.execute(sql, *args)

    release_blocks(Refusing(), keep=0)
    assert statements[-1] == "SET memory_limit = '1GB'"
    con.execute("INSERT INTO fresh VALUES (1000)")           # the transaction goes on
    con.commit()
    assert con.execute("SELECT count(*) FROM fresh").fetchall() == [(1001,)]
    assert con.execute("SELECT current_setting('memory_limit')").fetchall()[0][0] == "953.6 MiB"


def test_sizes_in_store_yaml_are_checked(monkeypatch):
    assert size_setting("ingest_block_cache") == "8MB"
    monkeypatch.setattr(cache, "load_package_yaml", lambda name: {"ingest_block_cache": "lots"})
    with pytest.raises(DetenteError, match="ingest_block_cache 'lots' is not like 1GB"):
        size_setting("ingest_block_cache")


def test_an_ingest_batch_leaves_no_more_stored_blocks_than_the_setting(tmp_path, monkeypatch):
    from detente.store import Store
    from tests.store.builders import JPN_GOV, USA_GOV, event, stored

    def documents(first: int, count: int):
        return [stored(f"Report {n} on the talks.",
                       [event(n, "CONSULT", USA_GOV, JPN_GOV, f"2025-0{1 + n % 9}-1{n % 10}")])
                for n in range(first, first + count)]

    path = tmp_path / "s.duckdb"
    with Store(path) as store:
        store.add_documents(documents(0, 3000), window_days=2)     # closing writes it all to the file
    settings = {"ingest_block_cache": "0KB", "duckdb_memory_limit": "1GB"}
    monkeypatch.setattr(cache, "load_package_yaml", lambda name: settings)
    with Store(path) as store:
        store.add_documents(documents(3000, 5), window_days=2)     # regrouping scans the stored mentions
        assert _stored_blocks(store.con) <= BLOCK      # DuckDB may keep one in use
        assert store.counts()["documents"] == 3005
        settings["ingest_block_cache"] = "1GB"
        store.add_documents(documents(3005, 5), window_days=2)
        assert _stored_blocks(store.con) > 4 * BLOCK               # what the batch read, kept
