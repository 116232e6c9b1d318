"""The trigger lexicon (`data/lexicon/triggers.tsv`) and grammar lists (`grammar.yaml`)."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Token

from detente.data_files import data_path, load_yaml, read_tsv
from detente.errors import DetenteError
from detente.events.ontology import PLOVER_EVENTS, load_ontology

POS_TAGS = {"VERB": {"VERB"}, "NOUN": {"NOUN"}}
# `object` value meaning "any named actor": "wanted Japan to invest", "urged them to stop".
ACTOR_OBJECT = "ACTOR"
# Children that satisfy `with`: particles and prepositions ("call for", "step down"), and the
# modifiers some noun entries need ("air strike", "joint exercises", "hunger strike").
WITH_DEPS = {"prt", "prep", "agent", "advmod", "compound", "amod"}
ACTOR_LIKE_POS = {"PROPN", "PRON"}


@dataclass(frozen=True)
class Trigger:
    lemma: str
    pos: str
    with_word: str | None          # required particle or preposition child ("call for")
    objects: frozenset[str]        # required direct-object lemmas ("open fire")
    cameo: str | None
    event: str | None              # None: a support verb that only carries its object's event
    mode: str | None
    light: bool

    @property
    def specificity(self) -> int:
        return bool(self.objects) * 2 + bool(self.with_word)


@dataclass(frozen=True)
class Grammar:
    recipient_preps: frozenset[str]
    extra_recipient_preps: dict[str, frozenset[str]]
    reciprocal_lemmas: frozenset[str]
    nouns_need_participant: bool
    clause_party_fallback: bool
    speech_verbs: frozenset[str]
    min_quote_words: int
    adjunct_preps: frozenset[str] = frozenset()
    partitive_heads: frozenset[str] = frozenset()
    carrier_heads: frozenset[str] = frozenset()


class Lexicon:
    def __init__(self, triggers: list[Trigger]) -> None:
        self._by_key: dict[tuple[str, str], list[Trigger]] = {}
        for trigger in triggers:
            self._by_key.setdefault((trigger.lemma, trigger.pos), []).append(trigger)
        for entries in self._by_key.values():
            entries.sort(key=lambda t: -t.specificity)
        self.lemmas = frozenset(lemma for lemma, _ in self._by_key)

    def match(self, token: Token) -> Trigger | None:
        """The most specific entry whose conditions the token meets."""
        pos = "VERB" if token.pos_ == "VERB" else "NOUN" if token.pos_ == "NOUN" else None
        if pos is None or (pos == "VERB" and token.dep_ == "amod"):
            return None         # a participle describing a noun: "the disputed border", "occupied land"
        entries = self._by_key.get((token.lemma_.lower(), pos))
        if not entries:
            return None
        child_words = {c.lemma_.lower() for c in token.children if c.dep_ in WITH_DEPS}
        objects = _object_heads(token)
        object_words = {o.lemma_.lower() for o in objects}
        if any(o.pos_ in ACTOR_LIKE_POS or o.ent_type_ for o in objects):
            object_words.add(ACTOR_OBJECT)
        for entry in entries:
            if entry.with_word and entry.with_word not in child_words:
                continue
            if entry.objects and not entry.objects & object_words:
                continue
            return entry
        return None


def _object_heads(token: Token) -> list[Token]:
    """Direct objects, passive subjects, and the subject of an object clause ("want X to go")."""
    out = [token.head] if token.dep_ == "acl" and token.tag_ == "VBN" else []   # "the deal struck"
    for child in token.children:
        if child.dep_ in ("dobj", "nsubjpass", "dative"):
            out.append(child)
        elif child.dep_ in ("ccomp", "xcomp") and token.pos_ == "VERB":
            out.extend(c for c in child.children if c.dep_ == "nsubj")
    return out + [inner for head in out for inner in measured_part(head) + _carried(head)]


def _carried(head: Token) -> list[Token]:
    """"mediation efforts" -> "mediation": the event a carrier head is about."""
    if head.lemma_.lower() not in load_grammar().carrier_heads:
        return []
    return [c for c in head.children if c.dep_ == "compound" and c.pos_ == "NOUN"]


def measured_part(head: Token) -> list[Token]:
    """"part of a stronghold" -> "stronghold": what a partitive head measures out."""
    if head.lower_ not in load_grammar().partitive_heads:
        return []
    return [pobj for prep in head.children if prep.dep_ == "prep" and prep.lower_ == "of"
            for pobj in prep.children if pobj.dep_ == "pobj"]


@lru_cache(maxsize=4)
def load_lexicon(extra_files: tuple[str, ...] = ()) -> Lexicon:
    rows: list[Trigger] = []
    for path in (data_path("lexicon", "triggers.tsv"), *map(Path, extra_files)):
        rows.extend(_read_triggers(path))
    return Lexicon(rows)


def _read_triggers(path: Path) -> list[Trigger]:
    ontology = load_ontology()
    out = []
    for line, row in read_tsv(path):
        def bad(reason: str) -> DetenteError:
            return DetenteError("E008", path=path, where=f" line {line}", reason=reason)

        pos = row.get("pos", "").upper()
        if pos not in POS_TAGS:
            raise bad(f"pos must be VERB or NOUN, not {row.get('pos')!r}")
        event, cameo = row.get("event") or None, row.get("cameo") or None
        if event is not None and event not in PLOVER_EVENTS:
            raise bad(f"unknown PLOVER type {event!r}")
        if cameo is not None:
            try:
                ontology.cameo_code(cameo)
            except KeyError:
                raise bad(f"unknown CAMEO code {cameo!r}") from None
        if event is not None and cameo is None:
            cameo = ontology.representative_cameo[event]
        out.append(Trigger(
            lemma=row["lemma"].lower(),
            pos=pos,
            with_word=(row.get("with") or "").lower() or None,
            objects=frozenset(o if o == ACTOR_OBJECT else o.lower()
                              for o in (x.strip() for x in (row.get("object") or "").split("|")) if o),
            cameo=cameo,
            event=event,
            mode=row.get("mode") or None,
            light=(row.get("light") or "").lower() in ("yes", "true", "1"),
        ))
    return out


@lru_cache(maxsize=1)
def load_grammar() -> Grammar:
    raw = load_yaml(data_path("lexicon", "grammar.yaml"))
    return Grammar(
        recipient_preps=frozenset(raw["recipient_preps"]),
        extra_recipient_preps={event: frozenset(preps) for event, preps in
                               (raw.get("recipient_preps_by_event") or {}).items() if event != "__line__"},
        reciprocal_lemmas=frozenset(raw["reciprocal_lemmas"]),
        nouns_need_participant=bool(raw["nouns_need_participant"]),
        clause_party_fallback=bool(raw.get("clause_party_fallback", False)),
        speech_verbs=frozenset(raw["speech_verbs"]),
        min_quote_words=int(raw["min_quote_words"]),
        adjunct_preps=frozenset(raw.get("adjunct_preps") or ()),
        partitive_heads=frozenset(raw.get("partitive_heads") or ()),
        carrier_heads=frozenset(raw.get("carrier_heads") or ()),
    )
