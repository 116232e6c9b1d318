import csv
import io
import json

import pyarrow.parquet as pq

from detente.store import Store
from detente.store.dedup import ensure_grouped, rebuild_events, recorded_window
from detente.store.export import GDELT_COLUMNS, export_flat, export_tables, import_tables, write_records
from detente.store.query import EventFilter
from tests.store.builders import JPN_GOV, USA_GOV, event, stored


def _store(tmp_path):
    store = Store(tmp_path / "x.duckdb")
    first = event(1, "CONSULT", JPN_GOV, USA_GOV, "2025-02-07")
    first.location = {"name": "Washington", "country": "USA", "admin1": "DC", "lat": 38.9, "lon": -77.0,
                      "kind": "city"}
    store.add_documents([
        stored("one.", [first], url="https://example.org/a"),
        stored("two.", [event(1, "CONSULT", JPN_GOV, USA_GOV, "2025-02-08", sentence=2)], source="Wire B"),
        stored("three.", [event(1, "ACCUSE", ("IGO", None, "NATO"), USA_GOV, "2025-02-09", sentence=4)]),
    ])
    rebuild_events(store.con, window_days=2)
    return store


def _gdelt(store):
    out = io.StringIO()
    assert write_records(store.con, EventFilter(), out, "gdelt", header=True) == 2
    return list(csv.DictReader(io.StringIO(out.getvalue()), delimiter="\t"))


def test_gdelt_rows_follow_the_event_table(tmp_path):
    with _store(tmp_path) as store:
        rows = _gdelt(store)
    assert len(GDELT_COLUMNS) == 61 and list(rows[0]) == GDELT_COLUMNS
    consult, accuse = rows
    assert consult["SQLDATE"] == "20250207" and consult["MonthYear"] == "202502" and consult["Year"] == "2025"
    assert consult["Actor1Code"] == "JPNGOV" and consult["Actor1CountryCode"] == "JPN"
    assert consult["Actor1Name"] == "SHIGERU ISHIBA" and consult["Actor2Code"] == "USAGOV"
    assert (consult["EventCode"], consult["EventBaseCode"], consult["EventRootCode"]) == ("040", "040", "04")
    assert (consult["NumMentions"], consult["NumSources"], consult["NumArticles"]) == ("2", "2", "2")
    assert consult["IsRootEvent"] == "1" and accuse["IsRootEvent"] == "0"
    # GDELT writes FIPS 10-4 country codes in its geography columns and type 3 for a US city
    assert (consult["ActionGeo_Type"], consult["ActionGeo_CountryCode"]) == ("3", "US")
    assert consult["SOURCEURL"] == "https://example.org/a" and len(consult["DATEADDED"]) == 14
    assert accuse["Actor1KnownGroupCode"] == "IGO" and accuse["Actor1CountryCode"] == ""
    assert int(consult["GLOBALEVENTID"]) != int(accuse["GLOBALEVENTID"])


def test_polecat_records_use_plover_field_names(tmp_path):
    out = io.StringIO()
    with _store(tmp_path) as store:
        write_records(store.con, EventFilter(types=("CONSULT",)), out, "polecat")
    record = json.loads(out.getvalue())
    assert record["event"] == ["CONSULT"] and record["date"] == "2025-02-07" and record["quad_code"] == 1
    assert record["actor"] == [{"code": "JPN", "sector": "GOV", "entity_text": "Shigeru Ishiba",
                                "identifier_text": "Shigeru Ishiba"}]
    assert record["event_loc"]["resolved_place"] == "Washington"
    # "one. Shigeru Ishiba met Donald Trump.": the trigger "met" at 20-23
    assert record["text_info"] == {"sequence": 0, "start": 20, "end": 23}
    assert record["num_mentions"] == 2


def test_parquet_and_csv_hold_the_same_events(tmp_path):
    with _store(tmp_path) as store:
        assert export_flat(store.con, EventFilter(), tmp_path / "e.parquet", "parquet") == 2
        assert export_flat(store.con, EventFilter(), tmp_path / "e.csv", "csv") == 2
        counts = export_tables(store.con, tmp_path / "tables")
    table = pq.read_table(tmp_path / "e.parquet")
    assert table.column("event_type").to_pylist() == ["CONSULT", "ACCUSE"]
    rows = list(csv.DictReader((tmp_path / "e.csv").open()))
    assert [r["event_type"] for r in rows] == ["CONSULT", "ACCUSE"] and rows[0]["contexts"] == "diplomatic"
    assert counts["mentions"] == 3 and pq.read_table(tmp_path / "tables" / "mentions.parquet").num_rows == 3


def _store_with_quotes(tmp_path):
    from detente.records import Entity
    from tests.store.builders import Quote, Span

    text = 'Trump said "we will build". Guterres urged both sides to talk.'
    quotes = [Quote(Entity("Trump", "Donald Trump", "USA", "GOV"), "we will build", 0, Span(12, 25, "we will build"),
                    direct=True),
              Quote(Entity("Guterres", "Antonio Guterres", "UNO", "GOV"), "both sides to talk", 1,
                    Span(44, 62, "both sides to talk"), direct=False)]
    store = Store(tmp_path / "q.duckdb")
    store.add_documents([stored(text, [event(1, "CONSULT", JPN_GOV, USA_GOV, "2025-02-07")], quotes=quotes)])
    rebuild_events(store.con, window_days=2)
    return store


def test_gdelt_export_adds_statements_as_cameo_01_and_02(tmp_path):
    with _store_with_quotes(tmp_path) as store:
        out = io.StringIO()
        assert write_records(store.con, EventFilter(), out, "gdelt", header=True) == 3
        rows = list(csv.DictReader(io.StringIO(out.getvalue()), delimiter="\t"))
        statements = {r["Actor1Name"]: r for r in rows if r["EventRootCode"] in ("01", "02")}
        assert statements["DONALD TRUMP"]["EventCode"] == "010"       # a plain statement
        assert statements["ANTONIO GUTERRES"]["EventCode"] == "020"   # "urged": an appeal
        assert statements["ANTONIO GUTERRES"]["Actor1KnownGroupCode"] == "UNO"
        assert statements["ANTONIO GUTERRES"]["GoldsteinScale"] == "3.0"
        assert statements["DONALD TRUMP"]["QuadClass"] == "1" and statements["DONALD TRUMP"]["Actor2Code"] == ""
        # narrowed to an event type, statements (which have none) stay out; --actor picks speakers
        out = io.StringIO()
        assert write_records(store.con, EventFilter(types=("CONSULT",)), out, "gdelt") == 1
        out = io.StringIO()
        assert write_records(store.con, EventFilter(actor="UNO"), out, "gdelt") == 1


def test_min_confidence_filters_stored_events(tmp_path):
    store = Store(tmp_path / "c.duckdb")
    sure = event(1, "CONSULT", JPN_GOV, USA_GOV, "2025-02-07")
    unsure = event(2, "ACCUSE", JPN_GOV, USA_GOV, "2025-02-07")
    sure.confidence, unsure.confidence = 0.9, 0.2
    store.add_documents([stored("one.", [sure, unsure])])
    rebuild_events(store.con, window_days=2)
    with store:
        out = io.StringIO()
        assert write_records(store.con, EventFilter(min_confidence=0.5), out, "jsonl") == 1
        assert json.loads(out.getvalue())["event"] == "CONSULT"
        out = io.StringIO()
        assert write_records(store.con, EventFilter(), out, "jsonl") == 2


def test_a_restored_store_is_regrouped_by_the_next_ingest(tmp_path):
    # a backup does not record the window its events were grouped with, even when the store it
    # is restored into had one recorded
    with _store(tmp_path) as store:
        export_tables(store.con, tmp_path / "backup")
    with Store(tmp_path / "restored.duckdb") as restored:
        assert ensure_grouped(restored.con, 2) and recorded_window(restored.con) == 2     # an empty store
        import_tables(restored, tmp_path / "backup")
        assert recorded_window(restored.con) is None
        assert restored.counts()["events"] == 2
