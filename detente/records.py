"""Typed records handed from one pipeline stage to the next.

Every stage reads the records of the stage before and adds its own; none reaches into
another stage's internals. `Document.to_dict()` is exactly one line of the JSONL output.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

MODALITIES = ("asserted", "future", "hypothetical", "negated", "historical")


@dataclass(frozen=True)
class Article:
    """A document as read by ingest: the text and whatever metadata came with it."""

    id: str
    text: str
    date: str | None = None
    title: str | None = None
    source: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class Query:
    """An actor lookup: a short text, optional context ("German") and a loose date ("today")."""

    id: str
    text: str
    context: str | None = None
    date: str | None = None


@dataclass(frozen=True)
class Span:
    """Character offsets into the document text (end exclusive)."""

    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True)
class Entity:
    """Who: a resolved actor. `country` is ISO-3166 alpha-3 or IGO/UNO/EUR/NGO/MNC."""

    text: str
    name: str | None
    country: str | None
    sector: str | None

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "name": self.name, "country": self.country, "sector": self.sector}

    @property
    def known(self) -> bool:
        return self.country is not None or self.sector is not None


@dataclass
class Amount:
    """With what: money in base units ("$100 billion" is 1e11) or a count of something."""

    value: float
    text: str
    sentence: int
    span: Span
    currency: str | None = None
    unit: str | None = None
    event: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"value": self.value}
        if self.currency is not None:
            out["currency"] = self.currency
        else:
            out["unit"] = self.unit
        out.update(text=self.text, sentence=self.sentence, event=self.event)
        return out


@dataclass
class Quote:
    """Words attributed to a speaker, quoted directly or reported ("officials said that ...")."""

    speaker: Entity | None
    text: str
    sentence: int
    span: Span
    direct: bool
    event: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "speaker": self.speaker.to_dict() if self.speaker else None,
            "text": self.text,
            "sentence": self.sentence,
            "direct": self.direct,
            "event": self.event,
        }


@dataclass
class Event:
    """Who did what to whom, how sure, citing the sentence and the spans it came from."""

    id: str
    sentence: int
    text: str
    event: str
    mode: str | None
    cameo: str
    quad: int
    goldstein: float
    trigger: Span
    actor: list[Entity] = field(default_factory=list)
    actor_spans: list[Span] = field(default_factory=list)
    recipient: list[Entity] = field(default_factory=list)
    recipient_spans: list[Span] = field(default_factory=list)
    context: list[str] = field(default_factory=list)
    modality: str = "asserted"
    amounts: list[Amount] = field(default_factory=list)
    date: str | None = None              # ISO date the event happened (or will)
    date_precision: str | None = None    # day, week, month or year
    date_source: str | None = None       # "text" (an expression in the sentence) or "publication"
    location: dict[str, Any] | None = None   # {name, country, admin1, lat, lon, kind}
    confidence: float | None = None      # 0-1: how likely the event is right (events/learned)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "sentence": self.sentence,
            "text": self.text,
            "event": self.event,
            "mode": self.mode,
            "context": list(self.context),
            "cameo": self.cameo,
            "quad": self.quad,
            "goldstein": self.goldstein,
            "modality": self.modality,
            "actor": [e.to_dict() for e in self.actor],
            "recipient": [e.to_dict() for e in self.recipient],
            "amounts": [a.to_dict() for a in self.amounts],
            "date": self.date,
            "date_precision": self.date_precision,
            "date_source": self.date_source,
            "location": self.location,
            "confidence": self.confidence,
            "evidence": {
                "trigger": self.trigger.to_dict(),
                "actor": [s.to_dict() for s in self.actor_spans],
                "recipient": [s.to_dict() for s in self.recipient_spans],
            },
        }


@dataclass
class Document:
    """One coded article: the record written as one JSONL line."""

    id: str
    date: str | None
    sentences: int
    events: list[Event] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    amounts: list[Amount] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)   # parts not coded, and why

    def to_dict(self) -> dict[str, Any]:
        out = {
            "id": self.id,
            "date": self.date,
            "sentences": self.sentences,
            "events": [e.to_dict() for e in self.events],
            "quotes": [q.to_dict() for q in self.quotes],
            "amounts": [a.to_dict() for a in self.amounts],
        }
        if self.warnings:
            out["warnings"] = list(self.warnings)
        return out

    def keep_confident(self, threshold: float) -> Document:
        """Only the events whose confidence reaches `threshold`; quotes and amounts stay, their
        link to a dropped event cleared."""
        events = [e for e in self.events if e.confidence is not None and e.confidence >= threshold]
        kept = {e.id for e in events}
        quotes = [replace(q, event=q.event if q.event in kept else None) for q in self.quotes]
        amounts = [replace(a, event=a.event if a.event in kept else None) for a in self.amounts]
        return replace(self, events=events, quotes=quotes, amounts=amounts)


@dataclass(frozen=True)
class StoredDocument:
    """A coded document on its way into the store, with what ingest learned about it."""

    id: str                 # 'd' + 16 hex digits of content_hash: the same text is the same document
    content_hash: str
    article: Article
    language: str | None
    input: str              # the file, URL or '-' it came from
    coded: Document
