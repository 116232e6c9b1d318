"""The learned event-type model and the confidence it gives events (detente/events/learned)."""
import zlib

import pytest

from detente import code
from detente.events.learned import load_type_model, sentence_features
from detente.events.learned.confidence import EventEvidence


def test_features_are_stable_hashes_of_words_and_pairs():
    ids = sentence_features(["Troops", "fired", "on", "2", "protesters", "."], bits=15)
    expected = {zlib.crc32(g.encode()) & 0x7FFF for g in
                ["troops", "fired", "on", "0", "protesters", "troops fired", "fired on", "on 0", "0 protesters"]}
    assert set(ids.tolist()) == expected


def test_the_committed_model_covers_every_plover_type():
    from detente.events.ontology import load_ontology

    model = load_type_model()
    assert model is not None and model.calibrator is not None
    assert set(load_ontology().representative_cameo) <= set(model.labels)
    probabilities = model.probabilities("Police arrested dozens of protesters in the capital .".split())
    assert sum(probabilities.values()) == pytest.approx(1.0, abs=1e-4)
    # a clear arrest sentence: coercion ranks above the average type
    assert probabilities["COERCE"] > 1 / len(model.labels)


def test_confidence_rises_with_the_evidence():
    model = load_type_model()
    weak = model.confidence(EventEvidence(0.05, False, False, False))
    strong = model.confidence(EventEvidence(0.8, True, True, True))
    assert 0.0 <= weak < strong <= 1.0


def test_every_coded_event_has_a_confidence():
    document = code("Japan's prime minister met President Trump in Washington on Friday.", "2025-02-07")
    assert document.events and all(0.0 <= e.confidence <= 1.0 for e in document.events)
