import subprocess
import sys
import textwrap
import time

import pytest

from detente.errors import DetenteError
from detente.store import Store
from detente.store.database import migrations
from detente.store.dedup import rebuild_events, recorded_window
from tests.store.builders import CHN_GOV, JPN_GOV, USA_GOV, Amount, Quote, Span, event, stored


def test_new_store_has_every_migration(tmp_path):
    with Store(tmp_path / "x.duckdb") as store:
        assert store.schema_version() == max(v for v, _, _ in migrations())
        tables = {t for (t,) in store.con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    assert {"documents", "mentions", "entities", "quotes", "amounts", "events", "event_mentions",
            "dedup_state"} <= tables


def test_older_store_is_upgraded_in_place(tmp_path):
    first = tmp_path / "v1"
    first.mkdir()
    (first / "0001_start.sql").write_text("CREATE TABLE kept (x INTEGER); INSERT INTO kept VALUES (7);")
    with Store(tmp_path / "x.duckdb", migrations_dir=first) as store:
        assert store.schema_version() == 1
    second = tmp_path / "v2"
    second.mkdir()
    (second / "0001_start.sql").write_text((first / "0001_start.sql").read_text())
    (second / "0002_more.sql").write_text("ALTER TABLE kept ADD COLUMN y INTEGER DEFAULT 1;")
    with Store(tmp_path / "x.duckdb", migrations_dir=second) as store:
        assert store.schema_version() == 2
        assert store.con.execute("SELECT x, y FROM kept").fetchall() == [(7, 1)]


def _migrations_up_to(tmp_path, last: int):
    """A folder of the released migrations up to schema `last`: a store as an older detente made it."""
    folder = tmp_path / f"v{last}"
    folder.mkdir()
    for version, name, sql in migrations():
        if version <= last:
            (folder / f"{version:04d}_{name}.sql").write_text(sql)
    return folder


def test_schema_2_store_loses_its_redundant_keys_and_keeps_every_row(tmp_path):
    # schema 3 drops the keys whose ART indexes DuckDB holds in memory for good: mention, quote
    # and amount ids repeat their document's id, which documents keeps unique
    old = _migrations_up_to(tmp_path, 2)
    docs = [stored("Ishiba met Trump.", [event(1, "CONSULT", JPN_GOV, USA_GOV, "2025-02-07"),
                                         event(2, "ACCUSE", CHN_GOV, JPN_GOV, "2025-02-08", sentence=1)],
                   quotes=[Quote(None, "we met", 0, Span(0, 6, "we met"), direct=True, event="e1")],
                   amounts=[Amount(1e9, "$1 billion", 1, Span(0, 10, "$1 billion"), currency="USD", event="e2")]),
            stored("Xi met Trump.", [event(1, "CONSULT", CHN_GOV, USA_GOV, "2025-02-07", context=())],
                   source="Wire B")]
    tables = ("documents", "mentions", "entities", "quotes", "amounts", "events", "event_mentions")
    path = tmp_path / "x.duckdb"
    with Store(path, migrations_dir=old) as store:
        store.add_documents(docs)
        rebuild_events(store.con, window_days=2)
        before = {t: sorted(store.con.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in tables}
        columns = {t: store.con.execute(f"SELECT column_name, data_type, is_nullable FROM duckdb_columns() "
                                        f"WHERE table_name = '{t}' ORDER BY column_index").fetchall() for t in tables}
        view = store.con.execute("SELECT * FROM event_records ORDER BY event_id").fetchall()
        assert store.con.execute("SELECT count(*) FROM duckdb_indexes()").fetchall() == [(2,)]
    assert all(before[t] for t in tables) and len(before["mentions"]) == 3

    with Store(path) as store:
        assert store.schema_version() == max(v for v, _, _ in migrations())
        for t in tables:
            assert sorted(store.con.execute(f"SELECT * FROM {t}").fetchall(), key=repr) == before[t], t
            assert store.con.execute(f"SELECT column_name, data_type, is_nullable FROM duckdb_columns() "
                                     f"WHERE table_name = '{t}' ORDER BY column_index").fetchall() == columns[t], t
        assert store.con.execute("SELECT * FROM event_records ORDER BY event_id").fetchall() == view
        assert store.con.execute("SELECT index_name FROM duckdb_indexes()").fetchall() == []
        assert sorted(store.con.execute(
            "SELECT table_name, constraint_type, constraint_column_names FROM duckdb_constraints() "
            "WHERE constraint_type IN ('PRIMARY KEY', 'UNIQUE')").fetchall()) == [
            ("documents", "PRIMARY KEY", ["id"]), ("documents", "UNIQUE", ["content_hash"])]
        # the upgraded store takes new documents, and still refuses a document stored before
        store.add_documents([stored("Trump met Ishiba.", [event(1, "CONSULT", USA_GOV, JPN_GOV, "2025-02-09")])])
        with pytest.raises(DetenteError, match="E034"):
            store.add_documents([docs[0]])
        assert store.counts()["documents"] == 3 and store.counts()["mentions"] == 4


def test_store_from_a_newer_detente_is_refused(tmp_path):
    path = tmp_path / "x.duckdb"
    with Store(path) as store:
        store.con.execute("INSERT INTO schema_migrations VALUES (999, 'future', now())")
    with pytest.raises(DetenteError, match="schema 999, newer than"):
        Store(path)


def test_read_only_needs_an_existing_file(tmp_path):
    with pytest.raises(DetenteError, match="E017"):
        Store(tmp_path / "missing.duckdb", read_only=True)
    assert not (tmp_path / "missing.duckdb").exists()


def test_a_file_that_is_not_a_database_is_named(tmp_path):
    path = tmp_path / "notes.duckdb"
    path.write_text("these are my notes\n" * 200)
    with pytest.raises(DetenteError, match="E018.*notes.duckdb.*not a valid DuckDB"):
        Store(path)
    assert path.read_text().startswith("these are my notes")     # left as it was


def test_second_writer_is_told_who_holds_the_lock(tmp_path):
    path = tmp_path / "x.duckdb"
    Store(path).close()
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import duckdb, sys, time
        con = duckdb.connect({str(path)!r})
        print("ready", flush=True)
        time.sleep(60)
    """)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        with pytest.raises(DetenteError) as caught:
            Store(path)
        assert "is locked by python" in str(caught.value) and f"PID {holder.pid}" in str(caught.value)
    finally:
        holder.kill()
        holder.wait()
    time.sleep(0.1)
    Store(path).close()         # usable again once the holder is gone


def test_batch_is_stored_whole_with_rows_in_every_table(tmp_path):
    doc = stored("Ishiba met Trump.", [event(1, "CONSULT", JPN_GOV, USA_GOV, "2025-02-07")])
    with Store(tmp_path / "x.duckdb") as store:
        store.add_documents([doc])
        assert store.stored_hashes([doc.content_hash, "0" * 64]) == {doc.content_hash}
        counts = store.counts()
        rows = store.con.execute("SELECT role, country, span_start FROM entities ORDER BY role").fetchall()
    assert counts["documents"] == 1 and counts["mentions"] == 1
    # offsets are into the document text: "Ishiba met Trump. Shigeru Ishiba met Donald Trump."
    assert rows == [("actor", "JPN", 18), ("recipient", "USA", 37)]
    assert doc.article.text[18:32] == "Shigeru Ishiba" and doc.article.text[37:49] == "Donald Trump"


def test_checkpoints_do_not_merge_row_groups(tmp_path):
    # a merge rewrites every stored article in memory DuckDB's limit does not count; rebuilt
    # events still leave their deleted row groups behind
    def row_groups(store, table):
        return store.con.execute(f"SELECT count(DISTINCT row_group_id) FROM pragma_storage_info('{table}')"
                                 ).fetchall()[0][0]

    with Store(tmp_path / "x.duckdb") as store:
        for n in range(3):
            store.add_documents([stored(f"Text number {n}.", [event(1, "CONSULT", JPN_GOV, USA_GOV, "2025-02-07")])])
            rebuild_events(store.con, window_days=2)
            store.con.execute("CHECKPOINT")
        assert row_groups(store, "documents") == 3
        assert row_groups(store, "event_mentions") == 1
        assert store.con.execute("SELECT count(*) FROM event_mentions").fetchall() == [(3,)]


def test_a_failing_batch_leaves_nothing_behind(tmp_path):
    good = stored("First text.", [event(1, "CONSULT", JPN_GOV, USA_GOV, "2025-02-07")])
    with Store(tmp_path / "x.duckdb") as store:
        store.add_documents([good])
        again = stored("Second text.", [event(1, "CONSULT", JPN_GOV, USA_GOV, "2025-02-07")])
        # the same document twice in one batch breaks the primary key half-way through
        with pytest.raises(Exception):
            store.add_documents([again, again])
        assert store.counts()["documents"] == 1 and store.counts()["mentions"] == 1


def test_schema_3_store_is_regrouped_once_after_the_upgrade(tmp_path):
    # schema 4 records the window events were grouped with; a schema 3 store recorded none, so
    # the first batch after the upgrade regroups every mention before adding its own
    old = _migrations_up_to(tmp_path, 3)
    days = ["2025-02-07", "2025-02-08", "2025-02-12"]
    docs = [stored(f"Talks {day}.", [event(1, "CONSULT", JPN_GOV, USA_GOV, day)]) for day in days]
    path = tmp_path / "x.duckdb"
    with Store(path, migrations_dir=old) as store:
        store.add_documents(docs[:2])
        rebuild_events(store.con, window_days=0)        # grouped with another window than now
        assert store.counts()["events"] == 2
    with Store(path) as store:
        assert store.schema_version() == 4 and recorded_window(store.con) is None
        assert store.counts()["events"] == 2           # the upgrade itself leaves events alone
        store.add_documents(docs[2:], window_days=2)
        assert recorded_window(store.con) == 2
        assert sorted(store.con.execute("SELECT num_mentions, first_date::VARCHAR FROM events").fetchall()) == [
            (1, "2025-02-12"), (2, "2025-02-07")]
