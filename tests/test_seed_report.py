"""Acceptance on the report that started the project (read from ../shared at test time)."""
import pytest


@pytest.fixture(scope="module")
def seed(shared, coder):
    text = (shared / "examples" / "us_japan_summit_2025.txt").read_text(encoding="utf-8")
    return coder.code(text, date="2025-02-07")


def countries(event):
    return {e.country for e in event.actor + event.recipient}


def find(doc, event, words):
    hits = [e for e in doc.events if e.event == event and all(w in e.text for w in words)]
    assert hits, f"no {event} event in a sentence with {words}"
    return hits[0]


def test_the_meeting(seed):
    meeting = find(seed, "CONSULT", ["met with"])
    assert {"USA", "JPN"} <= {e.country for e in meeting.actor}
    assert meeting.modality == "asserted"


def test_japan_seeks_reassurance(seed):
    plea = find(seed, "REQUEST", ["reassurances"])
    assert [e.country for e in plea.actor] == ["JPN"]


def test_the_praise_and_its_quote(seed):
    praise = find(seed, "SUPPORT", ["great honor"])
    assert ("USA", "GOV") in {(e.country, e.sector) for e in praise.actor}
    [quote] = [q for q in seed.quotes if "highly respected man" in q.text]
    assert quote.direct and quote.speaker.name == "Donald Trump" and quote.event == praise.id


def test_the_demand_for_japanese_investment(seed):
    demand = find(seed, "REQUEST", ["wanted Japan"])
    assert "JPN" in {e.country for e in demand.recipient}


def test_the_pledge_and_its_amount(seed):
    pledge = find(seed, "AGREE", ["$100 billion"])
    assert ("JPN", "BUS") in {(e.country, e.sector) for e in pledge.actor}
    [amount] = [a for a in pledge.amounts if a.currency == "USD"]
    assert amount.value == 1e11 and amount.text == "$100 billion"
    assert pledge.modality == "historical"


def test_the_expected_defence_talks(seed):
    talks = find(seed, "CONSULT", ["expected to delve"])
    assert talks.modality == "future"
    assert {"USA", "JPN"} <= countries(talks)
    assert "military" in talks.context
