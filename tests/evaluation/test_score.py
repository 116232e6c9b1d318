"""Scoring arithmetic on hand-built documents, so the numbers in the gates can be trusted."""
import pytest

from detente.evaluation import score
from detente.records import Document, Entity, Event, Quote, Span


def event(kind, cameo, actors=(), recipients=()):
    def entity(c):
        return Entity(c, c, c, None)
    return Event(id="e", sentence=0, text="", event=kind, mode=None, cameo=cameo, quad=1, goldstein=0.0,
                 trigger=Span(0, 1, "x"), actor=[entity(c) for c in actors],
                 recipient=[entity(c) for c in recipients])


def doc(*events, quotes=()):
    return Document(id="d", date=None, sentences=1, events=list(events), quotes=list(quotes))


def test_plover_multiset_match_and_actors():
    records = [
        {"text": "a", "gold_events": [{"code": "DEMAND", "source": ["USA"], "target": ["JAP"]}]},
        {"text": "b", "gold_events": [{"code": "ASSAULT", "source": ["SYRMIL"], "target": []},
                                      {"code": "ASSAULT", "source": ["SYR"], "target": []}]},
        {"text": "c", "gold_events": []},
    ]
    docs = [doc(event("REQUEST", "020", ["USA"], ["JPN"])),       # renamed type, CAMEO country alias
            doc(event("ASSAULT", "190", ["SYR"])),                # one of two
            doc(event("PROTEST", "140"))]                          # spurious
    report = score("plover", records, docs)
    assert (report.overall.tp, report.overall.fp, report.overall.fn) == (2, 1, 1)
    assert report.overall.f1 == pytest.approx(2 / 3)
    assert report.per_label["ASSAULT"].recall == 0.5
    assert (report.with_actors.tp, report.with_actors.fp, report.with_actors.fn) == (2, 1, 1)


def test_a_sentence_two_records_label_is_scored_once_against_both():
    text = "Benin opened its border to Togolese traders but refused entry to Ghanaians."
    records = [{"id": "a", "text": text, "gold_events": [{"code": "AID", "source": ["BEN"]}]},
               {"id": "b", "text": text, "gold_events": [{"code": "REJECT", "source": ["BEN"]}]}]
    coded = doc(event("AID", "070", ["BEN"]), event("REJECT", "120", ["BEN"]))
    report = score("plover", records, [coded, coded])
    assert (report.n, report.overall.tp, report.overall.fp, report.overall.fn) == (1, 2, 0, 0)
    assert records[0]["gold_events"] == [{"code": "AID", "source": ["BEN"]}]     # gold left as read


def test_cameo_roots_with_statement_fallback():
    records = [{"text": "a", "gold_events": [{"code": "0311"}]},
               {"text": "b", "gold_events": [{"code": "010"}]}]
    quote = Quote(speaker=None, text="q", sentence=0, span=Span(0, 1, "q"), direct=True)
    docs = [doc(event("AGREE", "031")), doc(quotes=[quote])]
    report = score("cameo", records, docs)
    assert (report.overall.tp, report.overall.fp, report.overall.fn) == (2, 0, 0)
    assert report.per_label["03"].f1 == 1.0 and report.per_label["01"].f1 == 1.0


def test_cameo_triples_from_petrarch_style_codes():
    records = [{"text": "a", "gold_events": [{"code": "0311", "source": "VLDGOV", "target": "ORM"}]}]
    docs = [doc(event("AGREE", "031", ["VLD"], ["ORM"]), event("ACCUSE", "112", ["ORM"], ["VLD"]))]
    report = score("cameo", records, docs)
    assert (report.with_actors.tp, report.with_actors.fp, report.with_actors.fn) == (1, 1, 0)
    assert report.accuracy["gold actors among coded participants"] == (2, 2)


def test_pentaclass_macro_f1_and_unlabelled_records_skipped():
    records = [{"text": "a", "pentaclass": 4}, {"text": "b", "pentaclass": 0},
               {"text": "c", "pentaclass": 1}, {"text": "d"}]
    docs = [doc(event("ASSAULT", "190")), doc(), doc(event("ASSAULT", "190")), doc()]
    report = score("pentaclass", records, docs)
    assert report.n == 3
    # class 4: P 1/2 R 1 -> 2/3; class 0: 1; class 1: 0; classes 2, 3: 0
    assert report.macro_f1 == pytest.approx((2 / 3 + 1) / 5)


def test_acled_recall_scores_only_mapped_types():
    records = [{"id": "a", "text": "x", "gold_events": [{"code": "ARMED_CLASH"}]},
               {"id": "b", "text": "y", "gold_events": [{"code": "PEACE_PROTEST"}]},
               {"id": "c", "text": "z", "gold_events": [{"code": "NATURAL_DISASTER"}]}]   # not scored
    docs = [doc(event("ASSAULT", "190")), doc(event("ACCUSE", "112")), doc(event("AID", "070"))]
    report = score("acled", records, docs)
    assert report.n == 2 and report.overall.recall == 0.5
    assert report.accuracy["  PROTEST recall"] == (0, 1)


def test_confidence_calibration_table():
    sure, unsure = event("ASSAULT", "190"), event("PROTEST", "140")
    sure.confidence, unsure.confidence = 0.9, 0.1
    records = [{"text": "a", "gold_events": [{"code": "ASSAULT"}]}]
    report = score("plover", records, [doc(sure, unsure)])
    high = next(b for b in report.calibration if b.low == 0.8)
    low = next(b for b in report.calibration if b.low == 0.0)
    assert (high.events, high.right, low.events, low.right) == (1, 1.0, 1, 0.0)
    assert report.calibration_error == pytest.approx((0.1 + 0.1) / 2)


def test_errors_report_pairs_confusions_with_sentences():
    from detente.evaluation.errors import NOTHING, confusion_pairs, errors_report

    records = [{"id": "s1", "text": "They asked for help.", "gold_events": [{"code": "REQUEST"}]},
               {"id": "s2", "text": "They met.", "gold_events": [{"code": "CONSULT"}]},
               {"id": "s3", "text": "Rain fell.", "gold_events": []}]
    docs = [doc(event("ACCUSE", "112")), doc(event("CONSULT", "040")), doc(event("ASSAULT", "190"))]
    report = score("plover", records, docs)
    assert [confusion_pairs(m) for m in report.mismatches] == [[("REQUEST", "ACCUSE")], [(NOTHING, "ASSAULT")]]
    text = errors_report(report)
    assert "REQUEST: 1 errors" in text and "-> ACCUSE: 1" in text and "[s1] They asked for help." in text
    assert "s2" not in text                       # coded right: not an error
