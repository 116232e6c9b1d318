"""Money pledged, delivered, demanded or refused: each stored amount with the event it belongs
to (who, to whom, when, modality), read by the rules in data/analysis.yaml (`pledges`)."""
from __future__ import annotations

from datetime import date as Date
from typing import Any

from detente.analysis.dyad import settings
from detente.store.query import date_bounds, like_pattern


def pledge_status(event_type: str | None, modality: str | None) -> str:
    for rule in settings()["pledges"]:
        if "types" in rule and event_type not in rule["types"]:
            continue
        if "modalities" in rule and modality not in rule["modalities"]:
            continue
        return rule["status"]
    return "mentioned"


def find_pledges(con, actor: str | None = None, recipient: str | None = None, since: Date | None = None,
                 until: Date | None = None, money_only: bool = True, limit: int | None = None
                 ) -> list[dict[str, Any]]:
    """Amounts tied to an event, newest first; `actor`/`recipient` match a country code or a name."""
    clauses, params = ["a.mention_id IS NOT NULL"], []
    if money_only:
        clauses.append("a.currency IS NOT NULL")
    for role, value in (("actor", actor), ("recipient", recipient)):
        if value:
            clauses.append(f"(m.{role}_country = ? OR m.{role}_name ILIKE ? ESCAPE '\\')")
            params += [value.upper(), like_pattern(value)]
    day = "coalesce(m.date, d.published)"
    bounds, values = date_bounds(day, since, until)
    clauses += bounds
    params += values
    sql = f"""
        SELECT a.value, a.currency, a.unit, a.text, m.event_type, m.modality, m.actor_name, m.actor_country,
               m.recipient_name, m.recipient_country, {day} AS day, m.sentence_text, d.url, d.source, m.id
        FROM amounts a JOIN mentions m ON m.id = a.mention_id JOIN documents d ON d.id = a.document_id
        WHERE {' AND '.join(clauses)} ORDER BY day DESC NULLS LAST, a.value DESC, a.id"""
    if limit:
        sql += " LIMIT ?"
        params.append(limit)
    out = []
    for (value, currency, unit, text, kind, modality, actor_name, actor_country, recipient_name,
         recipient_country, day_value, sentence, url, source, mention) in con.execute(sql, params).fetchall():
        out.append({"value": value, "currency": currency, "unit": unit, "text": text,
                    "status": pledge_status(kind, modality), "event": kind, "modality": modality,
                    "actor": {"name": actor_name, "country": actor_country},
                    "recipient": {"name": recipient_name, "country": recipient_country},
                    "date": day_value.isoformat() if day_value else None, "sentence": sentence, "url": url,
                    "source": source, "mention": mention})
    return out
