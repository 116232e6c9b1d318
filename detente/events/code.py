"""From a candidate (trigger + participants) to a coded `Event`: PLOVER type and mode, CAMEO code,
quad class and Goldstein score, with evidence spans."""
from __future__ import annotations

from detente.events.extract import Candidate
from detente.events.ontology import Ontology
from detente.records import Event, Span


def code_event(event_id: str, cand: Candidate, sentence_text: str, ontology: Ontology) -> Event:
    trig = cand.trigger
    cameo = ontology.cameo_code(trig.cameo or ontology.representative_cameo[trig.event])
    mode = trig.mode
    if mode is None and cameo.plover_event == trig.event:
        mode = cameo.plover_mode
    tok = cand.token
    return Event(
        id=event_id,
        sentence=cand.sentence,
        text=sentence_text,
        event=trig.event,
        mode=mode,
        cameo=trig.cameo or cameo.code,
        quad=cameo.quad,
        goldstein=cameo.goldstein,
        trigger=Span(tok.idx, tok.idx + len(tok.text), tok.text),
        actor=[a.entity for a in cand.actors],
        actor_spans=[a.span for a in cand.actors],
        recipient=[a.entity for a in cand.recipients],
        recipient_spans=[a.span for a in cand.recipients],
        context=list(cameo.plover_context) if cameo.plover_event == trig.event else [],
    )
