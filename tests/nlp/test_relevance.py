"""The relevance pre-filter: what it skips, that offsets survive it, and that it never hides a
trigger the full parse would have found."""
import gzip
import json
from itertools import islice

import pytest

from detente.events.lexicon import load_grammar, load_lexicon
from detente.nlp import load_pipeline
from detente.nlp.relevance import rough_sentences, word_forms
from detente.pipeline import Coder

ARTICLE = ("Japan and the United States agreed on Friday to expand defence cooperation.\n\n"
           "The weather in Tokyo was mild, with light rain in the afternoon.\n"
           "Prices of rice rose again in the spring.\n"
           "SoftBank pledged $100 billion for new plants in Ohio and Texas.\n"
           "\u201cWe are ready to work together,\u201d Ishiba told reporters.")


@pytest.fixture(scope="module")
def strict():
    return Coder(prefilter="strict")


def test_irregular_and_regular_forms_of_a_lemma():
    nlp = load_pipeline()
    assert {"meet", "meets", "met", "meeting"} <= word_forms("meet", nlp)
    assert {"seize", "seized", "seizing"} <= word_forms("seize", nlp)
    assert {"ally", "allies", "allied"} <= word_forms("ally", nlp)


def test_rough_sentences_end_at_stops_and_line_breaks_but_not_after_titles():
    nlp = load_pipeline()
    text = "Gen. Smith met Sen. Warren. They talked.\nA headline without a stop\nU.S. troops left."
    got = [text[start:end] for start, end, _ in rough_sentences(nlp.make_doc(text))]
    assert got == ["Gen. Smith met Sen. Warren.", "They talked.", "A headline without a stop", "U.S. troops left."]


def test_sentences_without_event_word_or_actor_are_blanked_keeping_offsets(coder):
    masked = coder.relevance.mask(ARTICLE)
    assert len(masked.text) == len(ARTICLE) and masked.text.count("\n") == ARTICLE.count("\n")
    assert len(masked.skipped) == 2
    assert "weather" not in masked.text and "Prices" not in masked.text
    for kept in ("agreed on Friday", "SoftBank pledged $100 billion", "Ishiba told reporters"):
        assert kept in masked.text


def test_an_amount_keeps_a_sentence_without_an_event_word(coder):
    text = "Leaders met in Rome.\nThe budget is about $3 billion this year."
    assert coder.relevance.mask(text).skipped == ()


def test_the_lead_is_parsed_unless_strict(coder, strict):
    text = "Quiet weekend in the capital.\nRussia attacked Kharkiv overnight."
    assert coder.relevance.mask(text).skipped == ()
    assert len(strict.relevance.mask(text).skipped) == 1


def test_filtered_coding_keeps_the_records_and_their_offsets(coder):
    full = Coder(prefilter="off").code(ARTICLE, date="2025-02-07")
    filtered = coder.code(ARTICLE, date="2025-02-07")
    assert [e.to_dict() for e in filtered.events] == [e.to_dict() for e in full.events]
    assert [a.span for a in filtered.amounts] == [a.span for a in full.amounts]
    assert [q.span for q in filtered.quotes] == [q.span for q in full.quotes]
    assert filtered.sentences == 5
    for event in filtered.events:
        assert ARTICLE[event.trigger.start:event.trigger.end] == event.trigger.text


def test_every_trigger_the_full_parse_finds_in_real_news_is_a_known_form(shared, coder):
    """Recall of the word test: on 40 AllSides articles, parsed in full, every token the lexicon
    matches (and every speech verb) is among the filter's event words."""
    lexicon, grammar, nlp = load_lexicon(), load_grammar(), load_pipeline()
    with gzip.open(shared / "corpora" / "allsides_10k.jsonl.gz", "rt", encoding="utf-8") as lines:
        texts = [json.loads(line)["text"] for line in islice(lines, 40)]
    missed, found = set(), 0
    for doc in nlp.pipe(texts):
        for token in doc:
            is_speech = token.pos_ == "VERB" and token.lemma_.lower() in grammar.speech_verbs
            if lexicon.match(token) is not None or is_speech:
                found += 1
                if token.lower_ not in coder.relevance.event_words:
                    missed.add(token.lower_)
    assert found > 500 and not missed


@pytest.mark.parametrize("prefilter", ["on", "off"])
def test_an_overlong_sentence_is_not_coded_and_named_in_a_warning(prefilter):
    endless = "and the committee listed " + ", ".join(f"item {n} of the annex" for n in range(400))
    text = (f"Japan's prime minister met the US president in Washington.\n{endless}.\n"
            "China accused Taiwan of provocation.")
    document = Coder(prefilter=prefilter).code(text, date="2025-02-07")
    assert len(endless) > 5000
    assert [e.event for e in document.events] == ["CONSULT", "ACCUSE"]
    assert [e.sentence for e in document.events] == [0, 2]
    start = text.index("and the committee")
    assert document.warnings == [f"the sentence at character {start:,} has {len(endless) + 1:,} characters, "
                                 "more than max_sentence_chars (5,000, detente/data/limits.yaml); it was not coded"]
