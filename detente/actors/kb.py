"""The actor knowledge base: countries, IGOs, named groups, people with dated roles, role nouns.

All of it is data (`detente/data/kb/`); users add files (or directories of files) of the same
shape with `extra_files`, and later entries override earlier ones of the same name and kind.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import date as Date
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from detente.data_files import bad_entry, data_path, load_yaml, read_tsv
from detente.errors import DetenteError

COLLECTIVE_CODES = {"IGO", "UNO", "EUR", "NGO", "MNC"}
KB_FILES = {  # kind -> file in detente/data/kb
    "country": "countries.yaml",
    "igo": "igos.yaml",
    "group": "groups.yaml",
    "person": "people.yaml",
}
KB_DIRS = {"person": "people", "group": "groups"}   # more of a kind, a file per region or theme
PLACES_FILE = "places.yaml"    # cities and regions (not capitals)
PLACE_SECTOR = "CVL"           # a city as an actor ("Mariupol was shelled") stands for its people
ELITE = "ELI"                  # PLOVER's sector for former officeholders and other elites


@dataclass(frozen=True)
class Role:
    country: str | None
    sector: str | None
    title: str | None
    start: Date | None
    end: Date | None   # exclusive; None = still held
    disputed: bool = False   # a contested claim (rival presidents): may overlap another holder

    def holds_on(self, day: Date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)


@dataclass(frozen=True)
class KBEntry:
    """A named actor. `kind` is country, government (capitals and seats of government), igo,
    group, person or place (a city or region: its country, no sector)."""

    kind: str
    name: str
    country: str | None
    sector: str | None
    roles: tuple[Role, ...] = ()
    id: str = ""

    def at(self, day: Date | None) -> tuple[str | None, str | None]:
        """(country, sector) of this actor on `day`: the role held then; after every role has
        ended, a former officeholder (ELI); undated, the most recent role."""
        if not self.roles:
            return self.country, self.sector
        role = _role_on(self.roles, day)
        if day is not None and role.end is not None and role.end <= day and self.kind == "person":
            return role.country, ELITE
        return role.country, role.sector


@dataclass(eq=False)   # hashed by identity: resolvers cache their matchers per knowledge base
class KnowledgeBase:
    entries: list[KBEntry] = field(default_factory=list)
    aliases: dict[str, list[KBEntry]] = field(default_factory=dict)   # surface form -> entries
    demonyms: dict[str, str] = field(default_factory=dict)            # lower-case demonym -> code
    role_nouns: dict[str, str] = field(default_factory=dict)          # lemma or phrase -> sector
    titles: dict[str, str] = field(default_factory=dict)              # title -> sector
    country_names: dict[str, str] = field(default_factory=dict)       # code -> name
    case_sensitive: set[str] = field(default_factory=set)             # "Jordan", "Turkey": never "turkey"
    sector_modifiers: dict[str, str] = field(default_factory=dict)    # "muslim" -> REL (modifiers.yaml)
    generic_heads: frozenset[str] = frozenset()                       # heads those modifiers decide
    owned_heads: frozenset[str] = frozenset()                         # "office", "spokesman": the owner's
    offices: dict[tuple[str, str], list[tuple[KBEntry, Role]]] = field(default_factory=dict)
    # (lower-case title, country) -> holders: "the prime minister" of Japan on a given day

    def holder(self, title: str, country: str, day: Date | None) -> KBEntry | None:
        """Who held `title` in `country` on `day` (undated: the latest holder)."""
        holders = self.offices.get((title.lower(), country), [])
        if day is None:
            return max(holders, key=lambda h: h[1].start or Date.min)[0] if holders else None
        return next((entry for entry, role in holders if role.holds_on(day)), None)

    def country(self, code: str) -> KBEntry | None:
        """The country entry of `code` (what its demonyms stand for)."""
        name = self.country_names.get(code)
        return next((e for e in self.aliases.get(name or "", ()) if e.kind == "country"), None)

    def add_alias(self, surface: str, entry: KBEntry) -> None:
        surface = surface.strip()
        if not surface:
            return
        bucket = self.aliases.setdefault(surface, [])
        # a later file overrides an earlier entry of the same name and kind
        bucket[:] = [e for e in bucket if not (e.name == entry.name and e.kind == entry.kind)]
        bucket.append(entry)


def _role_on(roles: tuple[Role, ...], day: Date | None) -> Role:
    if day is not None:
        for role in roles:
            if role.holds_on(day):
                return role
        ended = [r for r in roles if r.end is not None and r.end <= day]
        if ended:
            return max(ended, key=lambda r: r.end)

    def distance(role: Role) -> float:
        if day is None:   # undated text: the most recent role
            return -(role.start or Date.min).toordinal()
        if role.start and day < role.start:
            return (role.start - day).days
        return (day - role.end).days if role.end else 0

    return min(roles, key=distance)


KB_ENV = "DETENTE_KB"   # the config option: user KB files or directories, separated like PATH


def user_kb_paths(given: Iterable[str] = ()) -> tuple[str, ...]:
    """User knowledge from $DETENTE_KB, then from `--kb` options (later ones win)."""
    from_env = [p for p in os.environ.get(KB_ENV, "").split(os.pathsep) if p.strip()]
    return (*from_env, *given)


@lru_cache(maxsize=8)
def load_kb(extra_files: tuple[str, ...] = ()) -> KnowledgeBase:
    """The package KB plus `extra_files` (YAML lists of people/groups/..., or a roles TSV)."""
    kb = KnowledgeBase()
    for kind, name in KB_FILES.items():
        _add_yaml(kb, data_path("kb", name), kind)
    for kind, folder in KB_DIRS.items():
        for path in sorted(data_path("kb", folder).glob("*.yaml")):
            _add_yaml(kb, path, kind)
    _add_yaml(kb, data_path("kb", PLACES_FILE), "place")
    _add_roles(kb, data_path("kb", "roles.tsv"))
    _add_modifiers(kb, load_yaml(data_path("kb", "modifiers.yaml")))
    for extra in extra_files:
        for path in _files_in(Path(extra)):
            if path.suffix.lower() == ".tsv":
                _add_roles(kb, path)
            else:
                _add_yaml(kb, path, kind=None)
    return kb


def _add_modifiers(kb: KnowledgeBase, raw: dict) -> None:
    for sector, words in raw["sector_modifiers"].items():
        if sector != "__line__":
            kb.sector_modifiers.update({w.lower(): sector for w in words})
    kb.generic_heads = frozenset(raw["generic_heads"])
    kb.owned_heads = frozenset(raw["owned_heads"])


def _files_in(path: Path) -> list[Path]:
    """A user's file, or every .yaml/.yml/.tsv file in a user's directory (in name order)."""
    if path.is_dir():
        return sorted(p for p in path.iterdir() if p.suffix.lower() in (".yaml", ".yml", ".tsv"))
    if not path.exists():
        raise DetenteError("E008", path=path, where="", reason="no such file or directory")
    return [path]


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def _add_yaml(kb: KnowledgeBase, path: Path, kind: str | None) -> None:
    entries = load_yaml(path)
    if not isinstance(entries, list):
        raise DetenteError("E008", path=path, where="", reason="expected a list of entries")
    for raw in entries:
        if not isinstance(raw, dict) or not raw.get("name"):
            raise bad_entry(path, raw, "each entry needs a 'name'")
        entry_kind = kind or _guess_kind(raw)
        if entry_kind == "country":
            _add_country(kb, path, raw)
        else:
            _add_actor(kb, path, raw, entry_kind)


def _guess_kind(raw: dict) -> str:
    if "roles" in raw:
        return "person"
    if "demonyms" in raw or "capital" in raw:
        return "country"
    return "group"


def _add_country(kb: KnowledgeBase, path: Path, raw: dict) -> None:
    code = raw.get("code")
    if not isinstance(code, str) or len(code) != 3:
        raise bad_entry(path, raw, f"country {raw['name']!r} needs a 3-letter 'code'")
    kb.country_names[code] = raw["name"]
    country = KBEntry("country", raw["name"], code, None, id=code)
    kb.entries.append(country)
    names = [raw["name"], *_strings(raw.get("aliases"))]
    for surface in names:
        kb.add_alias(surface, country)
    if raw.get("name_ambiguous"):
        kb.case_sensitive.update(names)
    # "Washington said", "the Kremlin denied": the place stands for the government
    government = KBEntry("government", raw["name"], code, "GOV", id=f"{code}/GOV")
    capitals = _strings(raw.get("capital_aliases"))
    if not raw.get("capital_ambiguous"):
        capitals += _strings(raw.get("capital"))
    for surface in [*capitals, *_strings(raw.get("government"))]:
        kb.add_alias(surface, government)
    for demonym in _strings(raw.get("demonyms")):
        kb.demonyms[demonym.lower()] = code


def _add_actor(kb: KnowledgeBase, path: Path, raw: dict, kind: str) -> None:
    roles = tuple(_role(path, raw, r) for r in raw.get("roles") or ())
    country = raw.get("country") if raw.get("country") is not None else raw.get("code")
    if kind == "place" and "sector" not in raw:
        raw = {**raw, "sector": PLACE_SECTOR}
    entry_id = str(raw.get("id") or f"{kind}/{slug(raw['name'])}")
    entry = KBEntry(kind, raw["name"], country, raw.get("sector"), roles, entry_id)
    kb.entries.append(entry)
    for surface in [raw["name"], *_strings(raw.get("aliases"))]:
        kb.add_alias(surface, entry)
    for role in roles:
        if role.title and role.country:
            kb.offices.setdefault((role.title.lower(), role.country), []).append((entry, role))


def _role(path: Path, person: dict, raw: dict) -> Role:
    if not isinstance(raw, dict):
        raise bad_entry(path, person, "each role must be a mapping with country, sector, start, end")
    try:
        start, end = _date(raw.get("start")), _date(raw.get("end"))
    except ValueError as exc:
        raise bad_entry(path, raw, f"{person['name']}: {exc}") from None
    if start and end and start > end:
        raise bad_entry(path, raw, f"{person['name']}: role starts after it ends")
    # a role without a country is held in the actor's own ("the Taliban": REB, then GOV, of AFG)
    country = raw["country"] if "country" in raw else person.get("country", person.get("code"))
    return Role(country, raw.get("sector"), raw.get("title"), start, end, bool(raw.get("disputed")))


def _date(value: object) -> Date | None:
    if value is None or isinstance(value, Date):
        return value
    return Date.fromisoformat(str(value))


def _strings(value: object) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value if v is not None]


def _add_roles(kb: KnowledgeBase, path: Path) -> None:
    for line, row in read_tsv(path):
        word, sector, kind = row.get("word", "").lower(), row.get("sector", ""), row.get("kind", "noun")
        if not word or not sector:
            raise DetenteError("E008", path=path, where=f" line {line}", reason="needs word and sector")
        (kb.titles if kind == "title" else kb.role_nouns)[word] = sector

