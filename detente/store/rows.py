"""Flatten a coded document into the rows of the store's tables (schema: migrations/*.sql).

Ids are derived from the document's content hash and the coder's own numbering, so coding the
same text again gives the same ids: a resumed ingest and a clean one end with equal databases.
"""
from __future__ import annotations

from datetime import date as Date
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

import pyarrow as pa

from detente.records import Entity, Event, Span, StoredDocument

_S, _I, _F = pa.string(), pa.int32(), pa.float64()

SCHEMAS = {
    "documents": pa.schema([
        ("id", _S), ("content_hash", _S), ("source_id", _S), ("url", _S), ("title", _S), ("source", _S),
        ("published", pa.date32()), ("language", _S), ("input", _S), ("ingested_at", pa.timestamp("s")),
        ("sentences", _I), ("text", _S)]),
    "mentions": pa.schema([
        ("id", _S), ("document_id", _S), ("sentence", _I), ("sentence_text", _S), ("event_type", _S), ("mode", _S),
        ("contexts", pa.list_(_S)), ("cameo", _S), ("quad", pa.int8()), ("goldstein", _F), ("modality", _S),
        ("actor_country", _S), ("actor_sector", _S), ("actor_name", _S),
        ("recipient_country", _S), ("recipient_sector", _S), ("recipient_name", _S),
        ("date", pa.date32()), ("date_precision", _S), ("date_source", _S),
        ("place_name", _S), ("place_country", _S), ("place_admin1", _S), ("place_lat", _F), ("place_lon", _F),
        ("place_kind", _S), ("trigger_start", _I), ("trigger_end", _I), ("trigger_text", _S),
        ("confidence", _F)]),
    "entities": pa.schema([
        ("mention_id", _S), ("role", _S), ("position", _I), ("text", _S), ("name", _S), ("country", _S),
        ("sector", _S), ("span_start", _I), ("span_end", _I)]),
    "quotes": pa.schema([
        ("id", _S), ("document_id", _S), ("speaker_text", _S), ("speaker_name", _S), ("speaker_country", _S),
        ("speaker_sector", _S), ("text", _S), ("sentence", _I), ("span_start", _I), ("span_end", _I),
        ("direct", pa.bool_()), ("mention_id", _S)]),
    "amounts": pa.schema([
        ("id", _S), ("document_id", _S), ("value", _F), ("currency", _S), ("unit", _S), ("text", _S),
        ("sentence", _I), ("span_start", _I), ("span_end", _I), ("mention_id", _S)]),
}


def document_rows(stored: StoredDocument, ingested_at: datetime) -> dict[str, list[dict[str, Any]]]:
    doc_id, article, coded = stored.id, stored.article, stored.coded
    mention_id = {e.id: f"{doc_id}:{e.id}" for e in coded.events}
    out: dict[str, list[dict[str, Any]]] = {
        "documents": [{
            "id": doc_id, "content_hash": stored.content_hash, "source_id": article.id, "url": article.url,
            "title": article.title, "source": article.source or _host(article.url),
            "published": _day(article.date), "language": stored.language, "input": stored.input,
            "ingested_at": ingested_at, "sentences": coded.sentences, "text": article.text}],
        "mentions": [_mention_row(mention_id[e.id], doc_id, e) for e in coded.events],
        "entities": [row for e in coded.events for row in _entity_rows(mention_id[e.id], e)],
        "quotes": [],
        "amounts": [],
    }
    for n, quote in enumerate(coded.quotes):
        speaker = quote.speaker or Entity(text=None, name=None, country=None, sector=None)
        out["quotes"].append({
            "id": f"{doc_id}:q{n + 1}", "document_id": doc_id, "speaker_text": speaker.text,
            "speaker_name": speaker.name, "speaker_country": speaker.country, "speaker_sector": speaker.sector,
            "text": quote.text, "sentence": quote.sentence, "span_start": quote.span.start,
            "span_end": quote.span.end, "direct": quote.direct, "mention_id": mention_id.get(quote.event)})
    for n, amount in enumerate(coded.amounts):
        out["amounts"].append({
            "id": f"{doc_id}:a{n + 1}", "document_id": doc_id, "value": amount.value, "currency": amount.currency,
            "unit": amount.unit, "text": amount.text, "sentence": amount.sentence,
            "span_start": amount.span.start, "span_end": amount.span.end,
            "mention_id": mention_id.get(amount.event)})
    return out


def _mention_row(mention_id: str, doc_id: str, event: Event) -> dict[str, Any]:
    actor = event.actor[0] if event.actor else None
    recipient = event.recipient[0] if event.recipient else _partner(event.actor)
    place = event.location or {}
    return {
        "id": mention_id, "document_id": doc_id, "sentence": event.sentence, "sentence_text": event.text,
        "event_type": event.event, "mode": event.mode, "contexts": list(event.context), "cameo": event.cameo,
        "quad": event.quad, "goldstein": event.goldstein, "modality": event.modality,
        "actor_country": actor and actor.country, "actor_sector": actor and actor.sector,
        "actor_name": actor and (actor.name or actor.text),
        "recipient_country": recipient and recipient.country, "recipient_sector": recipient and recipient.sector,
        "recipient_name": recipient and (recipient.name or recipient.text),
        "date": _day(event.date), "date_precision": event.date_precision, "date_source": event.date_source,
        "place_name": place.get("name"), "place_country": place.get("country"), "place_admin1": place.get("admin1"),
        "place_lat": place.get("lat"), "place_lon": place.get("lon"), "place_kind": place.get("kind"),
        "trigger_start": event.trigger.start, "trigger_end": event.trigger.end, "trigger_text": event.trigger.text,
        "confidence": event.confidence,
    }


def _partner(actors: list[Entity]) -> Entity | None:
    """For a joint event with no recipient ("Ishiba and Trump met"), the first co-actor from
    another country stands as recipient in the mention row, so that the dyad is queryable; the
    entities table keeps both as actors, as coded."""
    first = actors[0] if actors else None
    return next((a for a in actors[1:] if a.country and first and a.country != first.country), None)


def _entity_rows(mention_id: str, event: Event) -> list[dict[str, Any]]:
    out = []
    for role, entities, spans in (("actor", event.actor, event.actor_spans),
                                  ("recipient", event.recipient, event.recipient_spans)):
        for position, entity in enumerate(entities):
            span: Span | None = spans[position] if position < len(spans) else None
            out.append({"mention_id": mention_id, "role": role, "position": position, "text": entity.text,
                        "name": entity.name, "country": entity.country, "sector": entity.sector,
                        "span_start": span.start if span else None, "span_end": span.end if span else None})
    return out


def _day(value: str | None) -> Date | None:
    return Date.fromisoformat(value) if value else None


def _host(url: str | None) -> str | None:
    if not url:
        return None
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.") or None
