"""Filters over stored events, shared by `detente events`, `detente export` and the API.

Every value reaches DuckDB as a bound parameter, never pasted into the SQL.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date as Date
from typing import Any, Iterator


@dataclass(frozen=True)
class EventFilter:
    dyad: tuple[str, str] | None = None     # both directions unless `directed`
    directed: bool = False
    actor: str | None = None                # a country/IGO code or part of a name
    recipient: str | None = None
    types: tuple[str, ...] = ()             # PLOVER types
    since: Date | None = None
    until: Date | None = None
    context: str | None = None
    modality: str | None = None
    min_mentions: int = 1
    min_confidence: float = 0.0             # events stored without a confidence never pass one

    def where(self) -> tuple[str, list[Any]]:
        clauses, params = [], []
        if self.dyad:
            a, b = (code.upper() for code in self.dyad)
            if self.directed:
                clauses.append("(actor_country = ? AND recipient_country = ?)")
                params += [a, b]
            else:
                clauses.append("((actor_country = ? AND recipient_country = ?) OR "
                               "(actor_country = ? AND recipient_country = ?))")
                params += [a, b, b, a]
        for role, value in (("actor", self.actor), ("recipient", self.recipient)):
            if value:
                clauses.append(f"({role}_country = ? OR {role}_name ILIKE ? ESCAPE '\\')")
                params += [value.upper(), like_pattern(value)]
        if self.types:
            clauses.append("event_type IN (SELECT unnest(?::VARCHAR[]))")
            params.append([t.upper() for t in self.types])
        bounds, values = date_bounds("date", self.since, self.until)
        clauses += bounds
        params += values
        if self.context:
            clauses.append("list_contains(contexts, ?)")
            params.append(self.context.lower())
        if self.modality:
            clauses.append("modality = ?")
            params.append(self.modality.lower())
        if self.min_mentions > 1:
            clauses.append("num_mentions >= ?")
            params.append(self.min_mentions)
        if self.min_confidence > 0:
            clauses.append("confidence >= ?")
            params.append(self.min_confidence)
        return (" AND ".join(clauses) or "TRUE"), params

    def covers_statements(self) -> bool:
        """Whether statements (quotes, which have a speaker and a date only) can pass this filter:
        not when it asks for event fields a statement does not have."""
        return not (self.dyad or self.recipient or self.types or self.context or self.modality
                    or self.min_mentions > 1 or self.min_confidence > 0)

    def statement_where(self) -> tuple[str, list[Any]]:
        """The filter over quotes `q` and their documents `d`: speaker and publication date."""
        clauses, params = [], []
        if self.actor:
            clauses.append("(q.speaker_country = ? OR coalesce(q.speaker_name, q.speaker_text) ILIKE ? ESCAPE '\\')")
            params += [self.actor.upper(), like_pattern(self.actor)]
        bounds, values = date_bounds("d.published", self.since, self.until)
        return " AND ".join([*clauses, *bounds]) or "TRUE", [*params, *values]


ORDER = "ORDER BY date NULLS LAST, event_id"


def events_sql(flt: EventFilter, columns: str = "*", limit: int | None = None, offset: int = 0
               ) -> tuple[str, list[Any]]:
    """The query over `event_records` for the filter, in date order, and its parameters."""
    where, params = flt.where()
    sql = f"SELECT {columns} FROM event_records WHERE {where} {ORDER}"
    if limit is not None:
        sql += " LIMIT ? OFFSET ?"
        params = [*params, limit, offset]
    return sql, params


def select_events(con, flt: EventFilter, columns: str = "*", limit: int | None = None, offset: int = 0):
    return con.execute(*events_sql(flt, columns, limit, offset))


def event_dicts(con, flt: EventFilter, limit: int | None = None, offset: int = 0,
                chunk: int = 1000) -> Iterator[dict[str, Any]]:
    """Events as nested records (actor, recipient, location, counts) with every mention's
    evidence: document, sentence and the character spans of trigger and participants."""
    # the events are read on a cursor of their own: DuckDB refuses a second query on a connection
    # whose result is still being read, and each chunk looks up its mentions
    result = select_events(con.cursor(), flt, limit=limit, offset=offset)
    names = [d[0] for d in result.description]
    while rows := result.fetchmany(chunk):
        records = [dict(zip(names, row)) for row in rows]
        mentions = _mentions_of(con, [r["event_id"] for r in records])
        for record in records:
            yield _nested(record, mentions.get(record["event_id"], []))


def _mentions_of(con, event_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    rows = con.execute("""
        SELECT em.event_id, m.id, m.document_id, d.url, d.source, d.published, m.sentence, m.sentence_text,
               m.trigger_start, m.trigger_end, m.trigger_text, m.modality,
               list({'role': e.role, 'text': e.text, 'name': e.name, 'country': e.country, 'sector': e.sector,
                     'start': e.span_start, 'end': e.span_end}
                    ORDER BY e.role, e.position) FILTER (WHERE e.role IS NOT NULL) AS spans
        FROM event_mentions em
        JOIN mentions m ON m.id = em.mention_id
        JOIN documents d ON d.id = m.document_id
        LEFT JOIN entities e ON e.mention_id = m.id
        WHERE em.event_id IN (SELECT unnest(?::VARCHAR[]))
        GROUP BY ALL
        ORDER BY em.event_id, d.published NULLS LAST, m.id""", [event_ids]).fetchall()
    out: dict[str, list[dict[str, Any]]] = {}
    for (event_id, mention_id, doc_id, url, source, published, sentence, text, t_start, t_end, t_text,
         modality, spans) in rows:
        out.setdefault(event_id, []).append({
            "mention": mention_id, "document": doc_id, "url": url, "source": source,
            "published": published.isoformat() if published else None, "sentence": sentence, "text": text,
            "modality": modality,
            "entities": spans or [],
            "evidence": {
                "trigger": {"start": t_start, "end": t_end, "text": t_text},
                "actor": [_span(s) for s in spans or [] if s["role"] == "actor"],
                "recipient": [_span(s) for s in spans or [] if s["role"] == "recipient"],
            }})
    return out


def _span(s: dict) -> dict:
    return {"start": s["start"], "end": s["end"], "text": s["text"]}


def _nested(r: dict[str, Any], mentions: list[dict[str, Any]]) -> dict[str, Any]:
    first = next((m for m in mentions if m["mention"] == r["event_id"]), None)
    entities = first.pop("entities") if first else []
    for mention in mentions:
        mention.pop("entities", None)

    def who(role: str) -> list[dict]:
        return [{"text": e["text"], "name": e["name"], "country": e["country"], "sector": e["sector"]}
                for e in entities if e["role"] == role]

    place = None
    if r["place_name"]:
        place = {"name": r["place_name"], "country": r["place_country"], "admin1": r["place_admin1"],
                 "lat": r["place_lat"], "lon": r["place_lon"], "kind": r["place_kind"]}
    return {
        "id": r["event_id"], "event": r["event_type"], "mode": r["mode"], "context": list(r["contexts"]),
        "cameo": r["cameo"], "quad": r["quad"], "goldstein": r["goldstein"], "modality": r["modality"],
        "actor": who("actor"), "recipient": who("recipient"),
        "date": _iso(r["date"]), "date_precision": r["date_precision"], "location": place,
        "confidence": r["confidence"],
        "num_mentions": r["num_mentions"], "num_sources": r["num_sources"], "num_articles": r["num_articles"],
        "first_date": _iso(r["first_date"]), "last_date": _iso(r["last_date"]),
        "document": r["document_id"], "sentence": r["sentence"], "text": r["sentence_text"],
        "url": r["url"], "source": r["source"], "published": _iso(r["published"]),
        "mentions": mentions,
    }


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def date_bounds(column: str, since: Date | None, until: Date | None) -> tuple[list[str], list[Any]]:
    """`column >= since` and `column <= until` clauses, for the bounds that are given."""
    clauses, params = [], []
    for operator, value in ((">=", since), ("<=", until)):
        if value:
            clauses.append(f"{column} {operator} ?")
            params.append(value)
    return clauses, params


def like_pattern(text: str) -> str:
    """`%text%` for ILIKE ... ESCAPE '\\', with the user's own % and _ taken literally."""
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
