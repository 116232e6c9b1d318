"""How sure: asserted, future, hypothetical, negated or historical, from the words around a trigger.

Cues (data/lexicon/modality.yaml) are looked for on the trigger's own dependents and on the chain
of words that govern it within its sentence, nearest first, so "were expected to delve into
discussions" makes the discussions future and "did not agree to meet" makes the agreement negated.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Token

from detente.data_files import data_path, load_yaml

NEGATED, HYPOTHETICAL, FUTURE, HISTORICAL, ASSERTED = (
    "negated", "hypothetical", "future", "historical", "asserted")
# Chains stop at a speech verb: "X said Y would meet" - the saying is not the meeting.
CLAUSE_LINKS = {"xcomp", "ccomp", "dobj", "pobj", "prep", "pcomp", "conj", "nsubj", "nsubjpass",
                "acl", "advcl", "attr", "relcl", "oprd", "appos", "compound", "amod"}


@dataclass(frozen=True)
class ModalityCues:
    negators: frozenset[str]
    negating_governors: frozenset[str]
    hypothetical_aux: frozenset[str]
    condition_markers: frozenset[str]
    hypothetical_words: frozenset[str]
    hypothetical_governors: frozenset[str]
    future_aux: frozenset[str]
    future_governors: frozenset[str]
    future_words: frozenset[str]
    reported_would: bool
    historical_words: frozenset[str]
    past_perfect: bool


@lru_cache(maxsize=1)
def load_cues() -> ModalityCues:
    raw = load_yaml(data_path("lexicon", "modality.yaml"))
    words = lambda section, key: frozenset(str(w).lower() for w in raw[section].get(key) or ())
    return ModalityCues(
        negators=words("negated", "dependents"),
        negating_governors=words("negated", "governors"),
        hypothetical_aux=words("hypothetical", "auxiliaries"),
        condition_markers=words("hypothetical", "markers"),
        hypothetical_words=words("hypothetical", "modifiers"),
        hypothetical_governors=words("hypothetical", "governors"),
        future_aux=words("future", "auxiliaries"),
        future_governors=words("future", "governors"),
        future_words=words("future", "modifiers"),
        reported_would=bool(raw["future"].get("reported_would")),
        historical_words=words("historical", "modifiers"),
        past_perfect=bool(raw["historical"].get("past_perfect")),
    )


def modality(trigger: Token, speech_verbs: frozenset[str], cues: ModalityCues | None = None) -> str:
    cues = cues or load_cues()
    chain = _governing_chain(trigger, speech_verbs)
    reported = chain[-1].head.lemma_.lower() in speech_verbs if chain[-1].head.i != chain[-1].i else False
    found = set()
    for depth, word in enumerate(chain):
        found |= _cues_on(word, depth, cues, reported)
    for label in (NEGATED, HYPOTHETICAL, FUTURE, HISTORICAL):
        if label in found:
            return label
    return ASSERTED


def _governing_chain(trigger: Token, speech_verbs: frozenset[str]) -> list[Token]:
    chain = [trigger]
    word = trigger
    while word.head.i != word.i and word.dep_ in CLAUSE_LINKS:
        if word.head.lemma_.lower() in speech_verbs:
            break
        word = word.head
        chain.append(word)
    return chain


def _cues_on(word: Token, depth: int, cues: ModalityCues, reported: bool) -> set[str]:
    found = set()
    lemma = word.lemma_.lower()
    if depth > 0:
        if lemma in cues.negating_governors:
            found.add(NEGATED)
        if lemma in cues.hypothetical_governors:
            found.add(HYPOTHETICAL)
        if lemma in cues.future_governors or word.lower_ in cues.future_governors:
            found.add(FUTURE)
    for child in word.children:
        lower = child.lower_
        if child.dep_ == "neg" or (lower in cues.negators and child.dep_ in ("det", "advmod", "neg", "preconj")):
            found.add(NEGATED)
        elif child.dep_ == "aux":
            if lower in cues.future_aux:
                found.add(FUTURE)
            elif lower == "would" and reported and cues.reported_would:
                found.add(FUTURE)
            elif lower in cues.hypothetical_aux:
                found.add(HYPOTHETICAL)
            elif cues.past_perfect and child.lemma_ == "have" and child.tag_ == "VBD" and word.tag_ == "VBN":
                found.add(HISTORICAL)
        elif child.dep_ == "mark" and lower in cues.condition_markers and word.dep_ == "advcl":
            found.add(HYPOTHETICAL)
        elif child.dep_ in ("advmod", "amod", "npadvmod"):
            if lower in cues.hypothetical_words:
                found.add(HYPOTHETICAL)
            elif lower in cues.future_words:
                found.add(FUTURE)
            elif lower in cues.historical_words:
                found.add(HISTORICAL)
    return found
