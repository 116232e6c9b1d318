"""Dedup at scale: what grouping mentions into events costs, a full pass against the per-batch one.

    python benchmarks/dedup_scale.py [--documents 10000] [--batches 40] [--json]

Builds a store of synthetic documents (15 mentions each, keyed like AllSides': about 5% of
mentions have a date and both countries, most of those American, dates over three years, 12%
undated), groups it with `rebuild_events`, then adds `--batches` batches of 64 new documents
(dates anywhere in the range, so late arrivals move anchors) with `Store.add_documents`, which
regroups each batch's keys in the batch's transaction (each batch is also stored once without
regrouping and rolled back, for the cost of storing alone). Reports the time and the peak
resident memory above the process's level before each step (VmHWM, reset through
/proc/self/clear_refs), and checks that the incremental events equal a full rebuild of the final
store.
"""
from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pyarrow as pa

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from detente.store import Store  # noqa: E402
from detente.store.dedup import rebuild_events  # noqa: E402

MENTIONS_PER_DOCUMENT = 15
BATCH = 64
COUNTRIES = ["USA"] * 12 + ["CHN", "RUS", "UKR", "ISR", "IRN", "JPN", "GBR", "FRA", "DEU", "IND", "MEX", "CAN"]
SECTORS = ["GOV", "GOV", "GOV", "LEG", "PTY", "MIL", "BUS", "JRN", None]
TYPES = ["CONSULT", "ACCUSE", "REQUEST", "AGREE", "SUPPORT", "REJECT", "THREATEN", "COOPERATE", "AID",
         "DEMAND", "ASSAULT", "COERCE", "SANCTION", "RETREAT", "MOBILIZE", "CONCEDE"]


def _pick(values: list, salt: int) -> str:
    """A SQL expression choosing one of `values` by a hash of the row (deterministic)."""
    items = ", ".join("NULL" if v is None else f"'{v}'" for v in values)
    return f"([{items}])[1 + (hash(n, {salt}) % {len(values)})::BIGINT]"


def _chance(percent: int, salt: int) -> str:
    return f"hash(n, {salt}) % 100 < {percent}"


def synthetic(first: int, count: int) -> dict[str, str]:
    """SELECTs of documents first..first+count-1 and their mentions, as the store's columns."""
    documents = f"""
        SELECT 'd' || lpad(printf('%x', i), 16, '0') AS id, md5(i::VARCHAR) || md5((-i)::VARCHAR) AS content_hash,
               'r' || i AS source_id, NULL AS url, NULL AS title, 'Outlet ' || (hash(i, 7) % 40) AS source,
               DATE '2023-01-01' + (hash(i, 8) % 1095)::INTEGER AS published, 'en' AS language, 'synthetic' AS input,
               TIMESTAMP '2026-11-24 00:00:00' AS ingested_at, 20 AS sentences, 'Synthetic article ' || i AS text
        FROM range({first}, {first + count}) t(i)"""
    mentions = f"""
        SELECT d.id || ':e' || j AS id, d.id AS document_id, j AS sentence, 'A sentence.' AS sentence_text,
               {_pick(TYPES, 1)} AS event_type, NULL AS mode, ['diplomatic'] AS contexts, '040' AS cameo,
               1 AS quad, 1.0 AS goldstein,
               CASE WHEN {_chance(85, 2)} THEN 'asserted' WHEN {_chance(50, 3)} THEN 'future' ELSE 'negated' END
                   AS modality,
               CASE WHEN {_chance(34, 4)} THEN {_pick(COUNTRIES, 5)} END AS actor_country,
               {_pick(SECTORS, 6)} AS actor_sector, NULL AS actor_name,
               CASE WHEN {_chance(34, 4)} AND {_chance(15, 9)} THEN {_pick(COUNTRIES, 10)} END AS recipient_country,
               {_pick(SECTORS, 11)} AS recipient_sector, NULL AS recipient_name,
               CASE WHEN {_chance(88, 12)} THEN d.published + (hash(n, 13) % 3)::INTEGER - 1 END AS date,
               NULL AS date_precision, NULL AS date_source, NULL AS place_name, NULL AS place_country,
               NULL AS place_admin1, NULL AS place_lat, NULL AS place_lon, NULL AS place_kind,
               0 AS trigger_start, 1 AS trigger_end, 'met' AS trigger_text, 0.5 AS confidence
        FROM (SELECT d.*, j, d.id || ':' || (j % 14) AS n
              FROM ({documents}) d, range({MENTIONS_PER_DOCUMENT}) m(j)) d"""
    return {"documents": documents, "mentions": mentions}


class Peak:
    """Peak resident memory of this process above its level when the step began."""

    def __enter__(self) -> Peak:
        Path("/proc/self/clear_refs").write_text("5")
        self.base, self.started = _status("VmRSS"), time.monotonic()
        return self

    def __exit__(self, *exc) -> None:
        self.seconds = time.monotonic() - self.started
        self.mb = (_status("VmHWM") - self.base) / 2**20


def _status(field: str) -> int:
    return int(re.search(rf"{field}:\s+(\d+) kB", Path("/proc/self/status").read_text()).group(1)) * 1024


def _links(store: Store) -> list[tuple]:
    return store.con.execute("SELECT event_id, mention_id FROM event_mentions ORDER BY ALL").fetchall()


def _events(store: Store) -> list[tuple]:
    return store.con.execute("SELECT * FROM events ORDER BY ALL").fetchall()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=10000)
    parser.add_argument("--batches", type=int, default=40)
    parser.add_argument("--window-days", type=int, default=2)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    report = {"documents": args.documents, "mentions": args.documents * MENTIONS_PER_DOCUMENT}
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "bench.duckdb") as store:
        started = time.monotonic()
        for first in range(0, args.documents, 50_000):
            rows = synthetic(first, min(50_000, args.documents - first))
            with store.transaction():
                for table in ("documents", "mentions"):
                    store.con.execute(f"INSERT INTO {table} BY NAME {rows[table]}")
        store.con.execute("CHECKPOINT")
        report["build_seconds"] = round(time.monotonic() - started, 1)
        with Peak() as full:
            events = rebuild_events(store.con, args.window_days)
        report["full_pass"] = {"events": events, "seconds": round(full.seconds, 2), "peak_rss_mb": round(full.mb)}

        if args.batches:
            report["batches"] = _incremental(store, args)
    if args.json:
        print(json.dumps(report, indent=2))
        return
    print(f"{report['documents']:,} documents, {report['mentions']:,} mentions (built in {report['build_seconds']} s)")
    f = report["full_pass"]
    print(f"full pass: {f['events']:,} events, {f['seconds']} s, peak RSS +{f['peak_rss_mb']} MB")
    if "batches" in report:
        b = report["batches"]
        print(f"{b['count']} batches of {BATCH} documents: store {b['store_ms']} ms median; store and regroup "
              f"{b['median_ms']} ms median, {b['max_ms']} ms max ({b['regrouped_median']} mentions regrouped median, "
              f"{b['regrouped_max']} max); peak RSS +{b['peak_rss_mb']} MB over all batches; "
              f"equal to a full rebuild: {b['equal_to_full_rebuild']}")


def _incremental(store: Store, args) -> dict:
    from detente.store.dedup import regroup
    stored, regrouped, counts = [], [], []
    with Peak() as peak:
        for n in range(args.batches):
            rows = synthetic(10**9 + n * BATCH, BATCH)
            tables = {name: store.con.sql(sql).to_arrow_table() for name, sql in rows.items()}
            # the same batch stored without regrouping and rolled back, then stored with it
            for with_regroup, times in ((False, stored), (True, regrouped)):
                started = time.monotonic()
                store.con.begin()
                for name, table in tables.items():
                    store.con.register("incoming", table)
                    store.con.execute(f"INSERT INTO {name} BY NAME SELECT * FROM incoming")
                    store.con.unregister("incoming")
                if with_regroup:
                    counts.append(regroup(store.con, tables["mentions"], args.window_days))
                    store.con.commit()
                else:
                    store.con.rollback()
                times.append(time.monotonic() - started)
    incremental = (_links(store), _events(store))
    rebuild_events(store.con, args.window_days)
    return {"count": args.batches, "store_ms": round(statistics.median(stored) * 1000, 1),
            "median_ms": round(statistics.median(regrouped) * 1000, 1),
            "max_ms": round(max(regrouped) * 1000, 1), "regrouped_median": statistics.median(counts),
            "regrouped_max": max(counts), "peak_rss_mb": round(peak.mb),
            "equal_to_full_rebuild": incremental == (_links(store), _events(store))}


if __name__ == "__main__":
    pa.set_cpu_count(1)
    main()
