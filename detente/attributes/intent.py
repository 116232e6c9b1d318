"""PLOVER's intent rules (data/lexicon/intent.yaml): what an actor says it will do is coded as the
statement it makes (AGREE, THREATEN, REJECT, REQUEST), not as the act, which has not happened."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

from detente.attributes.modality import ASSERTED, FUTURE, HYPOTHETICAL, NEGATED, Reading
from detente.data_files import data_path, load_yaml
from detente.events.ontology import Ontology
from detente.records import Entity, Event, Span


@dataclass(frozen=True)
class Recode:
    types: frozenset[str]
    becomes: str
    cameo_by_root: dict[str, str]
    default_cameo: str


@dataclass(frozen=True)
class IntentRules:
    promise: Recode
    kept: Recode                # promised, but coded as the act itself (CAMEO code of intent)
    refusal: Recode
    threat: Recode
    ultimatum: Recode           # its `types` are empty: every act but the exempt ones
    ultimatum_exempt: frozenset[str]
    demand_becomes: str
    demand_cameo: str


@lru_cache(maxsize=1)
def load_intent_rules() -> IntentRules:
    raw = load_yaml(data_path("lexicon", "intent.yaml"))
    coop, conflict, ultimatum = raw["cooperative"], raw["conflictual"], raw["ultimatum"]
    def clean(d):
        return {str(k): str(v) for k, v in d.items() if k != "__line__"}
    return IntentRules(
        promise=Recode(frozenset(coop["types"]), coop["becomes"], clean(coop["cameo_by_root"]),
                       str(coop["default_cameo"])),
        kept=Recode(frozenset(coop["kept_types"]), "", clean(coop["cameo_by_root"]), str(coop["default_cameo"])),
        refusal=Recode(frozenset(coop["refused_types"]), coop["refused_becomes"],
                       clean(coop["refused_cameo_by_root"]), str(coop["refused_default_cameo"])),
        threat=Recode(frozenset(conflict["types"]), conflict["becomes"], clean(conflict["cameo_by_root"]),
                      str(conflict["default_cameo"])),
        ultimatum=Recode(frozenset(), ultimatum["becomes"], {}, str(ultimatum["cameo"])),
        ultimatum_exempt=frozenset(ultimatum["except_types"]),
        demand_becomes=raw["demand"]["becomes"],
        demand_cameo=str(raw["demand"]["cameo"]),
    )


Speaker = Callable[[], list[tuple[Entity, Span]]]


def apply_intent(event: Event, reading: Reading, ontology: Ontology, speaker: Speaker,
                 rules: IntentRules | None = None) -> None:
    """Recode `event` in place when it is a statement of intent or a reported demand."""
    rules = rules or load_intent_rules()
    if reading.demand and reading.reported:
        said_by = speaker()
        if said_by:
            event.recipient, event.recipient_spans = event.actor, event.actor_spans
            event.actor = [entity for entity, _ in said_by]
            event.actor_spans = [span for _, span in said_by]
            _set_code(event, rules.demand_becomes, rules.demand_cameo, ontology)
            return
    if not reading.intent:
        return
    if reading.ultimatum and reading.label in (FUTURE, HYPOTHETICAL):
        if event.event not in rules.ultimatum_exempt:
            _recode(event, rules.ultimatum, ontology)
        return
    if reading.label == FUTURE or (reading.label == HYPOTHETICAL and reading.conditional):
        # "will send aid if the fighting stops", "will strike if attacked": promises all the same
        for recode in (rules.promise, rules.threat):
            if event.event in recode.types:
                _recode(event, recode, ontology)
                return
        if event.event in rules.kept.types:
            if reading.reported or reading.willing:     # "said they will release", "is willing to withdraw"
                _recode(event, rules.promise, ontology)
            else:                                       # "... and will resign"
                _recode_cameo_only(event, rules.kept, ontology)
    elif reading.label == NEGATED and event.event in rules.refusal.types:
        _recode(event, rules.refusal, ontology)


def _recode(event: Event, recode: Recode, ontology: Ontology) -> None:
    cameo = recode.cameo_by_root.get(event.cameo[:2], recode.default_cameo)
    _set_code(event, recode.becomes, cameo, ontology)


def _recode_cameo_only(event: Event, recode: Recode, ontology: Ontology) -> None:
    """"will resign": PLOVER keeps the act (RETREAT, modality future); CAMEO codes the intent."""
    cameo = recode.cameo_by_root.get(event.cameo[:2], recode.default_cameo)
    entry = ontology.cameo_code(cameo)
    event.cameo, event.quad, event.goldstein = cameo, entry.quad, entry.goldstein


def _set_code(event: Event, plover: str, cameo: str, ontology: Ontology) -> None:
    entry = ontology.cameo_code(cameo)
    event.event, event.cameo, event.quad, event.goldstein = plover, cameo, entry.quad, entry.goldstein
    event.mode = entry.plover_mode if entry.plover_event == plover else None
    event.modality = ASSERTED       # the statement itself is what happened
