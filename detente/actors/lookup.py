"""Actor lookups for the `detente actors` commands: resolve a short text, show an entity, list."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date as Date
from datetime import datetime

from detente.actors.kb import KBEntry, KnowledgeBase
from detente.actors.resolve import ActorResolver
from detente.nlp import load_pipeline
from detente.records import Entity

DATE_FORMATS = ("%Y-%m-%d", "%Y%m%d", "%d %B %Y", "%d %b %Y", "%B %d, %Y", "%b %d, %Y", "%Y-%m", "%Y")


@dataclass(frozen=True)
class Resolution:
    name: str | None
    country: str | None
    sector: str | None

    def to_dict(self, doc_id: str) -> dict:
        return {"id": doc_id, "name": self.name, "country": self.country, "sector": self.sector}


NOTHING = Resolution(None, None, None)


def parse_loose_date(text: str | None, today: Date | None = None) -> Date | None:
    """"2022-01-10", "10 May 2015", "today" (the day it runs); None when empty or unreadable."""
    text = (text or "").strip()
    if not text:
        return None
    if text.lower() in ("today", "now"):
        return today or Date.today()
    try:
        return Date.fromisoformat(text[:10])          # "2016-11-12T17:58:46"
    except ValueError:
        pass
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def resolve_text(text: str, kb: KnowledgeBase, context: str | None = None,
                 day: Date | None = None) -> Resolution:
    """Who a short phrase ("Mexican authorities", "Angela Merkel") names on `day`. `context`, such
    as "German" or "Somalia", supplies the country when the phrase names none."""
    entity = _resolve_phrase(text, kb, day)
    if context and (entity is None or entity.country is None):
        around = _resolve_phrase(context, kb, day)
        if around is not None and around.country:
            entity = Entity(text, entity.name if entity else None, around.country,
                            entity.sector if entity else None)
    if entity is None:
        return NOTHING
    return Resolution(entity.name, entity.country, entity.sector)


def _resolve_phrase(text: str, kb: KnowledgeBase, day: Date | None) -> Entity | None:
    text = re.sub(r"\s+", " ", text).strip()
    if not text:
        return None
    doc = load_pipeline()(text)
    resolver = ActorResolver(doc, day, kb)
    root = doc[:].root
    # the phrase itself and its own modifiers ("four Saudi men"), not its clauses ("a cat named Frank")
    heads = [root, *resolver.phrase_tokens(root)]
    found = [args[0].entity for head in heads if (args := resolver.resolve(head))]
    # a phrase that names a country or sector beats one that names only a name
    return next((e for e in found if e.known), found[0] if found else None)


def find_entries(kb: KnowledgeBase, name: str) -> list[KBEntry]:
    """Entries whose name or alias is `name` (case-blind), without repeats."""
    wanted = name.strip().lower()
    found: dict[int, KBEntry] = {}
    for surface, entries in kb.aliases.items():
        if surface.lower() == wanted:
            for entry in entries:
                found.setdefault(id(entry), entry)
    return list(found.values())


def list_entries(kb: KnowledgeBase, country: str | None = None, kind: str | None = None,
                 day: Date | None = None) -> list[KBEntry]:
    out = []
    for entry in kb.entries:
        if kind and entry.kind != kind:
            continue
        if country:
            countries = {entry.country} | {r.country for r in entry.roles
                                           if day is None or r.holds_on(day)}
            if country.upper() not in countries:
                continue
        if day is not None and entry.roles and not any(r.holds_on(day) for r in entry.roles):
            continue
        out.append(entry)
    return out


def describe(entry: KBEntry, kb: KnowledgeBase) -> list[str]:
    aliases = sorted(s for s, entries in kb.aliases.items() if entry in entries and s != entry.name)
    lines = [f"{entry.name}  [{entry.kind}]  id={entry.id}",
             f"  country={entry.country or '-'}  sector={entry.sector or '-'}"]
    if aliases:
        lines.append("  aliases: " + ", ".join(aliases))
    for role in entry.roles:
        span = f"{role.start or '...'} to {role.end or 'now'}"
        lines.append(f"  {role.title or 'role'}: {role.country}/{role.sector or '-'}  {span}")
    return lines
