"""Repair of messy input: mojibake, hard wrapping, lost case (detente/ingest/repair.py).

The fixtures are sentences written for these tests, not taken from any corpus; one test codes
real lower-cased reports from ../shared to check that repair gives the coder more to work on.
"""
from __future__ import annotations

import copy
import json
from itertools import islice

from hypothesis import given, settings
from hypothesis import strategies as st

from detente.ingest.readers import read_inputs
from detente.ingest.repair import repair_article, repair_settings, repair_text
from detente.ingest.sources import Sources
from detente.records import Article

MOJIBAKE = ("The minister said itâ€™s time for talks. â€œWe are ready to meet,â€\ufffd he told "
            "reporters in CafÃ© Central.")

WRAPPED = """BORDER TALKS RESUME IN GENEVA

GENEVA, March 3 - Negotiators from the two governments met on
Tuesday for a second round of talks on the disputed border and
agreed to meet again next month, officials said after the
session ended late in the evening.
    The delegations exchanged draft proposals on troop withdrawals
and on the return of displaced families to their villages near
the frontier, a spokesman for the mediators told reporters.
    Neither side gave details.
"""

LOWER = ("new delhi: prime minister narendra modi met bjp leaders on monday and again on march 15. "
         "he said the government would ask pakistan and the un to help. i am hopeful, mr modi "
         "told reporters, and l k sharma agreed. the talks may resume in may 2026.")

CLEAN = [
    # one paragraph per line, curly quotes and accents
    "Japan’s prime minister met the French president in Paris on Friday.\n"
    "“We agreed to deepen our cooperation,” he said after the talks at the Élysée.\n"
    "The two leaders will meet again in Tokyo next year, officials said.",
    # paragraphs with blank lines, a short list, a table
    "Ministers agreed on three points:\n\n- a ceasefire from Monday\n- talks in Cairo\n"
    "- aid convoys\n\nCountry      Aid (mln)\nEgypt        12.5\nJordan        8.0\n",
    # a short text and a headline-only record
    "Talks collapse",
    "UN envoy meets rebels in Sanaa",
    # ASCII text with Windows line ends
    "The council met on Tuesday.\r\nIt adopted a resolution on Gaza.\r\n",
    # ALL-CAPS page furniture of fewer than four words
    "ADVERTISEMENT\nThe senator said the bill would pass.",
    # verse-like short lines that run on in lower case
    "the rain falls on\nthe roofs of the city\nand the river runs on\nto the sea below\nat night",
]


def test_mojibake_is_decoded_and_the_lost_closing_quote_restored():
    repaired = repair_text(MOJIBAKE)
    assert repaired.fixes == ("unicode",)
    assert repaired.text == ("The minister said it’s time for talks. “We are ready to meet,” he told "
                             "reporters in Café Central.")


def test_wrapped_lines_are_joined_while_paragraphs_and_the_headline_stay():
    repaired = repair_text(WRAPPED)
    assert "dewrap" in repaired.fixes
    lines = repaired.text.split("\n")
    assert lines[1] == ""                                              # the blank line stays
    assert lines[2] == ("GENEVA, March 3 - Negotiators from the two governments met on Tuesday for a "
                        "second round of talks on the disputed border and agreed to meet again next "
                        "month, officials said after the session ended late in the evening.")
    assert lines[3] == ("    The delegations exchanged draft proposals on troop withdrawals and on the "
                        "return of displaced families to their villages near the frontier, a spokesman "
                        "for the mediators told reporters.")
    assert lines[4] == "    Neither side gave details."
    assert lines[0].lower() == "border talks resume in geneva"          # still its own line
    assert repaired.text.endswith("details.\n")


def test_clean_text_comes_back_byte_identical():
    for text in CLEAN:
        repaired = repair_text(text)
        assert repaired.fixes == (), text
        assert repaired.text == text


def test_lower_cased_text_gets_sentence_capitals_and_names_from_the_knowledge_base():
    repaired = repair_text(LOWER)
    assert repaired.fixes == ("lowercase",)
    assert len(repaired.text) == len(LOWER)            # only letters change case: offsets hold
    assert repaired.text == (
        "New Delhi: Prime minister Narendra Modi met BJP leaders on Monday and again on March 15. "
        "He said the government would ask Pakistan and the UN to help. I am hopeful, Mr Modi "
        "told reporters, and L K Sharma agreed. The talks may resume in May 2026.")


def test_a_cased_headline_above_a_lower_cased_body_is_left_as_it_is():
    text = "Modi Meets BJP Leaders\n\n" + LOWER
    repaired = repair_text(text)
    assert repaired.text.startswith("Modi Meets BJP Leaders\n\nNew Delhi: Prime minister Narendra Modi")


def test_all_caps_headline_is_recased_and_the_body_left_alone():
    text = ("PUTIN AND MODI SIGN ENERGY DEAL IN MOSCOW AFTER NATO TALKS\n\n"
            "The two leaders signed the agreement on Friday.")
    repaired = repair_text(text)
    assert repaired.fixes == ("allcaps",)
    assert repaired.text == ("Putin and Modi sign energy deal in Moscow after NATO talks\n\n"
                             "The two leaders signed the agreement on Friday.")


def test_all_caps_acronyms_that_are_no_english_word_keep_their_capitals():
    repaired = repair_text("SENATORS PRESS FBI AND DHS OVER BORDER PLAN")
    assert repaired.text == "Senators press FBI and DHS over border plan"


def test_each_fix_can_be_switched_off_in_the_settings():
    settings = copy.deepcopy(repair_settings())
    for section in ("unicode", "dewrap", "case"):
        settings[section]["enabled"] = False
    for text in (MOJIBAKE, WRAPPED, LOWER):
        assert repair_text(text, settings).text == text


def test_an_article_that_needs_nothing_is_passed_on_as_it_is():
    article = Article(id="a", text=CLEAN[0], date="2026-01-02")
    assert repair_article(article) is article
    fixed = repair_article(Article(id="b", text=MOJIBAKE, date="2026-01-02", title="Talks"))
    assert (fixed.id, fixed.date, fixed.title) == ("b", "2026-01-02", "Talks")
    assert "it’s" in fixed.text


def test_odd_text_does_not_break_repair():
    for text in ["", "\n\n\n", "a", "Ã", "â€\ufffd", "\ufffd" * 5, "x\n" * 500, "İSTANBUL İS BIG TODAY",
                 "ß" * 70 + ". ß", ("word " * 14 + "\n") * 10, "\x00\x01 mixed \u202e text", "\ufeff"]:
        repaired = repair_text(text)
        assert bool(repaired.text.strip()) == bool(text.strip())


WORDS = ("the", "minister", "said", "bjp", "delhi", "Japan", "MET", "TALKS", "itâ€™s", "â€œ", "â€\ufffd",
         "Â", "\n", "\n\n", "    ", ".", ",", "-", "mr", "l", "k", "march", "15", "İ", "\ufeff", "\x85")
text_parts = st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=8)), max_size=120)


@settings(max_examples=150, deadline=None)
@given(text_parts)
def test_repair_keeps_a_text_codable_whatever_it_is_given(parts):
    text = " ".join(parts)
    repaired = repair_text(text)
    assert bool(repaired.text.strip()) == bool(text.strip())
    assert len(repaired.text) <= max(len(text), 300_000)
    assert not any("\ud800" <= c <= "\udfff" for c in repaired.text) or any("\ud800" <= c <= "\udfff" for c in text)
    assert repair_text(text).text == repaired.text            # the same answer every time


def test_code_and_ingest_readers_hand_on_repaired_text(tmp_path):
    batch = tmp_path / "batch.jsonl"
    batch.write_text(json.dumps({"id": "m1", "text": MOJIBAKE}) + "\n" + "not json\n", encoding="utf-8")
    report = tmp_path / "report.txt"
    report.write_text(LOWER, encoding="utf-8")

    coded = list(read_inputs([str(batch), str(report)]))
    assert "it’s" in coded[0].text
    assert type(coded[1]).__name__ == "ReadIssue"           # a bad line is still reported
    assert coded[2].text.startswith("New Delhi: Prime minister Narendra Modi")

    ingested = [item for item in Sources([str(batch), str(report)]) if hasattr(item, "article")]
    assert [item.article.text for item in ingested] == [coded[0].text, coded[2].text]


def test_repair_recovers_events_with_known_actors_on_lower_cased_reports(shared, coder):
    """40 lower-cased, partly mojibake Times of India reports, coded as they are and repaired:
    repair must give clearly more events whose actor has a country or a sector."""
    path = shared / "corpora" / "india_police_events.jsonl"
    with open(path, encoding="utf-8") as stream:
        rows = [json.loads(line) for line in islice(stream, 40)]
    raw = [Article(id=r["id"], text=r["text"], date=r["date"]) for r in rows]
    repaired = [repair_article(article) for article in raw]
    assert all(a.text != b.text for a, b in zip(raw, repaired))

    def known_actor_events(articles):
        events = [e for doc in coder.code_articles(articles) for e in doc.events]
        return (sum(any(entity.known for entity in e.actor) for e in events),
                sum(any(entity.country for entity in e.actor) for e in events))

    known_before, country_before = known_actor_events(raw)
    known_after, country_after = known_actor_events(repaired)
    assert known_after >= 1.15 * known_before, (known_before, known_after)
    assert country_after >= 1.3 * country_before, (country_before, country_after)
