"""How sure: asserted, future, hypothetical, negated or historical, from the words around a trigger.

Cues (data/lexicon/modality.yaml) are looked for on the trigger's own dependents and on the chain
of words that govern it within its sentence, nearest first, so "were expected to delve into
discussions" makes the discussions future and "did not agree to meet" makes the agreement negated.
Besides the label, a reading records what PLOVER's intent rules need: whether the future is the
actor's own commitment, whether the event is demanded ("must"), and whether it is only the
condition of another event ("unless X agrees").
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Token

from detente.data_files import data_path, load_yaml

NEGATED, HYPOTHETICAL, FUTURE, HISTORICAL, ASSERTED = (
    "negated", "hypothetical", "future", "historical", "asserted")
ORDER = (NEGATED, HYPOTHETICAL, FUTURE, HISTORICAL)
# Links followed from a trigger up to the words that govern it.
CLAUSE_LINKS = {"xcomp", "ccomp", "dobj", "pobj", "prep", "pcomp", "conj", "nsubj", "nsubjpass",
                "acl", "advcl", "attr", "relcl", "oprd", "appos", "compound", "amod", "acomp"}


@dataclass(frozen=True)
class ModalityCues:
    negators: frozenset[str]
    negating_governors: frozenset[str]
    refusal_governors: frozenset[str]
    hypothetical_aux: frozenset[str]
    condition_markers: frozenset[str]
    ultimatum_markers: frozenset[str]
    hypothetical_words: frozenset[str]
    hypothetical_governors: frozenset[str]
    demand_aux: frozenset[str]
    future_aux: frozenset[str]
    intent_governors: frozenset[str]
    willingness_governors: frozenset[str]
    expectation_governors: frozenset[str]
    future_words: frozenset[str]
    reported_would: bool
    historical_words: frozenset[str]
    past_perfect: bool


@dataclass(frozen=True)
class Reading:
    label: str                 # one of the five modalities
    intent: bool = False       # the actor commits to it ("will", "plans to", "said it would")
    demand: bool = False       # someone says it must happen ("X must withdraw")
    condition: bool = False    # it is only the condition of another event ("unless X agrees")
    reported: bool = False     # it sits in a clause of a speech verb
    ultimatum: bool = False    # it happens unless the other side gives way ("will withdraw unless")
    conditional: bool = False  # it carries a condition ("will strike if attacked")
    willing: bool = False      # the actor offers it ("is willing to", "is ready to")


@lru_cache(maxsize=1)
def load_cues() -> ModalityCues:
    raw = load_yaml(data_path("lexicon", "modality.yaml"))

    def words(section: str, key: str) -> frozenset[str]:
        return frozenset(str(w).lower() for w in raw[section].get(key) or ())

    return ModalityCues(
        negators=words("negated", "dependents"),
        negating_governors=words("negated", "governors"),
        refusal_governors=words("negated", "refusals"),
        hypothetical_aux=words("hypothetical", "auxiliaries"),
        condition_markers=words("hypothetical", "condition_markers"),
        ultimatum_markers=words("hypothetical", "ultimatum_markers"),
        hypothetical_words=words("hypothetical", "modifiers"),
        hypothetical_governors=words("hypothetical", "governors"),
        demand_aux=words("demand", "auxiliaries"),
        future_aux=words("future", "auxiliaries"),
        intent_governors=words("future", "intent_governors"),
        willingness_governors=words("future", "willingness_governors"),
        expectation_governors=words("future", "expectation_governors"),
        future_words=words("future", "modifiers"),
        reported_would=bool(raw["future"].get("reported_would")),
        historical_words=words("historical", "modifiers"),
        past_perfect=bool(raw["historical"].get("past_perfect")),
    )


def read_modality(trigger: Token, speech_verbs: frozenset[str], cues: ModalityCues | None = None) -> Reading:
    cues = cues or load_cues()
    chain = governing_chain(trigger, speech_verbs)
    top = chain[-1]
    reported = top.head.i != top.i and top.head.lemma_.lower() in speech_verbs
    found: set[str] = set()
    for depth, word in enumerate(chain):
        found |= _cues_on(word, depth, cues, reported)
    label = next((m for m in ORDER if m in found), ASSERTED)
    return Reading(label=label, intent="intent" in found, demand="demand" in found,
                   condition="condition" in found, reported=reported, ultimatum="ultimatum" in found,
                   conditional="conditional" in found, willing="willing" in found)


def modality(trigger: Token, speech_verbs: frozenset[str], cues: ModalityCues | None = None) -> str:
    return read_modality(trigger, speech_verbs, cues).label


def governing_chain(trigger: Token, speech_verbs: frozenset[str]) -> list[Token]:
    """The trigger and the words above it, up to (not including) a speech verb."""
    chain = [trigger]
    word = trigger
    while word.head.i != word.i and word.dep_ in CLAUSE_LINKS:
        if word.head.lemma_.lower() in speech_verbs:
            break
        if word.dep_ == "conj" and any(c.dep_ in ("nsubj", "nsubjpass") for c in word.children):
            break       # "..., and we thank them": a clause of its own, not under the first verb
        word = word.head
        chain.append(word)
    return chain


def _cues_on(word: Token, depth: int, cues: ModalityCues, reported: bool) -> set[str]:
    found = set()
    if depth > 0:
        found |= _governor_cues(word, cues)
    for child in word.children:
        found |= _child_cues(word, child, cues, reported)
    return found


def _governor_cues(word: Token, cues: ModalityCues) -> set[str]:
    lemma, lower = word.lemma_.lower(), word.lower_
    found = set()
    if lemma in cues.negating_governors:
        found.add(NEGATED)
    if lemma in cues.refusal_governors:
        found |= {NEGATED, "intent"}
    if lemma in cues.hypothetical_governors:
        found.add(HYPOTHETICAL)
    if lemma in cues.willingness_governors or lower in cues.willingness_governors:
        found.add("willing")
    if lemma in cues.intent_governors or lower in cues.intent_governors:
        found |= {FUTURE, "intent"}
    elif lemma in cues.expectation_governors or lower in cues.expectation_governors:
        found.add(FUTURE)
    return found


def _ultimatum(condition: Token, cues: ModalityCues) -> bool:
    """"unless the president agrees", "if the demands are not met": the condition asks the other
    side to give way."""
    marks = {m.lower_ for m in condition.children if m.dep_ == "mark"}
    negated = any(c.dep_ == "neg" for c in condition.children)
    return bool(marks & cues.ultimatum_markers) or (negated and bool(marks & cues.condition_markers))


def _child_cues(word: Token, child: Token, cues: ModalityCues, reported: bool) -> set[str]:
    lower, dep = child.lower_, child.dep_
    if dep == "neg" or (lower in cues.negators and dep in ("det", "advmod", "preconj")):
        return {NEGATED}
    if dep == "aux":
        if lower in cues.future_aux:
            return {FUTURE, "intent"}
        if lower == "would" and reported and cues.reported_would:
            return {FUTURE, "intent"}
        if lower in cues.demand_aux:
            return {"demand"} | ({HYPOTHETICAL} if not reported else set())
        if lower in cues.hypothetical_aux:
            return {HYPOTHETICAL}
        # "had met" is background in narration; in reported speech ("said it had tracked") it is
        # only the tense of the report
        if (cues.past_perfect and not reported and child.lemma_ == "have" and child.tag_ == "VBD"
                and word.tag_ == "VBN"):
            return {HISTORICAL}
        return set()
    if dep == "mark" and lower in cues.condition_markers and word.dep_ == "advcl":
        return {HYPOTHETICAL, "condition"}
    if dep == "advcl" and any(m.dep_ == "mark" and m.lower_ in cues.condition_markers for m in child.children):
        # "will strike if attacked": the strike is conditional
        return {HYPOTHETICAL, "conditional"} | ({"ultimatum"} if _ultimatum(child, cues) else set())
    if dep in ("advmod", "amod", "npadvmod"):
        if lower in cues.hypothetical_words:
            return {HYPOTHETICAL}
        if lower in cues.future_words:
            return {FUTURE}
        if lower in cues.historical_words:
            return {HISTORICAL}
    return set()
