import pytest

from detente.attributes.amounts import find_amounts


@pytest.mark.parametrize("text, value, currency", [
    ("He pledged $100 billion in new projects.", 1e11, "USD"),
    ("a package worth €2.5 billion was approved", 2.5e9, "EUR"),
    ("Taipei set aside NT$15 billion for patrols", 1.5e10, "TWD"),
    ("The fund holds 4 billion shillings.", 4e9, "KES"),
    ("It will cost $1.2bn over five years.", 1.2e9, "USD"),
    ("a grant of £300,000 to the charity", 3e5, "GBP"),
    ("Tokyo will lend 500 million yen.", 5e8, "JPY"),
])
def test_money_in_base_units(text, value, currency):
    [amount] = find_amounts(text)
    assert amount.value == pytest.approx(value)
    assert amount.currency == currency
    assert amount.unit is None


@pytest.mark.parametrize("text, value, unit", [
    ("Washington will send 3,000 troops to the region.", 3000, "troops"),
    ("the plant will create 1,200 new jobs", 1200, "jobs"),
    ("Police arrested 60 protesters outside parliament.", 60, "protesters"),
    ("plans to create thousands of jobs", 2000, "jobs"),
    ("Five warships sailed through the strait.", 5, "warships"),
])
def test_counts_with_their_unit(text, value, unit):
    [amount] = find_amounts(text)
    assert amount.value == pytest.approx(value)
    assert amount.unit == unit
    assert amount.currency is None


def test_offsets_point_at_the_amount():
    text = "Officials said the bank pledged $5 million and 200 jobs on Monday."
    amounts = find_amounts(text)
    assert [text[a.start:a.end] for a in amounts] == ["$5 million", "200 jobs"]


@pytest.mark.parametrize("text", ["In 2025 the talks resumed.", "Turnout was 55 percent.", "It was 10 a.m."])
def test_plain_numbers_are_not_amounts(text):
    assert find_amounts(text) == []
