"""Consistency checks of the knowledge base (`detente actors check`, and a test):

- every entity and role has a known country code and a PLOVER sector (or none);
- no two people hold the same office of the same country on the same day;
- no alias is claimed by two entities unless dates decide between them (people whose roles
  never overlap) or kinds do (a country's name and its government are one actor).
"""
from __future__ import annotations

from datetime import date as Date
from itertools import combinations

from detente.actors.kb import COLLECTIVE_CODES, KBEntry, KnowledgeBase, Role
from detente.data_files import load_package_yaml

# Offices several people hold at once: ministers of state, members, envoys, deputies.
SHARED_OFFICE_WORDS = ("member", "deputy", "vice", "minister of state", "senator", "representative",
                       "envoy", "ambassador", "adviser", "advisor", "judge", "justice", "commissioner",
                       "co-", "leader", "general", "commander", "spokes", "secretary of state for",
                       "opposition", "candidate")
SAME_ACTOR_KINDS = {frozenset({"country", "government"})}
HANDOVER_DAYS = 31


def sectors() -> set[str]:
    return {k for k in load_package_yaml("ontology", "plover.yaml")["sectors"] if k != "__line__"}


def check_kb(kb: KnowledgeBase) -> list[str]:
    countries = set(kb.country_names) | COLLECTIVE_CODES
    valid_sectors = sectors()
    problems = []
    for entry in kb.entries:
        problems.extend(_codes(entry, countries, valid_sectors))
    problems.extend(_overlapping_terms(kb))
    problems.extend(_contested_aliases(kb))
    return problems


def _codes(entry: KBEntry, countries: set[str], valid_sectors: set[str]) -> list[str]:
    out = []
    for country, sector in [(entry.country, entry.sector), *((r.country, r.sector) for r in entry.roles)]:
        if country is not None and country not in countries:
            out.append(f"{entry.id}: unknown country code {country!r}")
        if sector is not None and sector not in valid_sectors:
            out.append(f"{entry.id}: unknown sector {sector!r}")
    if entry.kind == "person" and not entry.roles:
        out.append(f"{entry.id}: a person needs at least one dated role")
    return out


def _overlapping_terms(kb: KnowledgeBase) -> list[str]:
    out = []
    for (title, country), holders in kb.offices.items():
        if any(word in title for word in SHARED_OFFICE_WORDS):
            continue
        for (a, ra), (b, rb) in combinations(holders, 2):
            if a.id != b.id and not (ra.disputed or rb.disputed) and _overlap(ra, rb):
                out.append(f"{title} of {country}: {a.name} and {b.name} overlap "
                           f"({ra.start}..{ra.end} / {rb.start}..{rb.end})")
    return out


def _contested_aliases(kb: KnowledgeBase) -> list[str]:
    out = []
    for surface, entries in kb.aliases.items():
        for a, b in combinations(entries, 2):
            if frozenset({a.kind, b.kind}) in SAME_ACTOR_KINDS and a.country == b.country:
                continue
            if a.kind == b.kind == "person" and not any(_overlap(x, y) for x in a.roles for y in b.roles):
                continue          # the article's date decides
            out.append(f"alias {surface!r} is claimed by {a.id} and {b.id}")
    return out


def _overlap(a: Role, b: Role) -> bool:
    """More than a handover: terms that share a few weeks (a senator sworn in before the old
    president leaves) are not a conflict the date cannot settle."""
    start = max(a.start or Date.min, b.start or Date.min)
    end = min(a.end or Date.max, b.end or Date.max)
    return start < end and (end - start).days > HANDOVER_DAYS

