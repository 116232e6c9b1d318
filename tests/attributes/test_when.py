from datetime import date

import pytest

from detente.attributes.when import resolve_expression

FRIDAY = date(2025, 2, 7)


@pytest.mark.parametrize("text, future, expected", [
    ("on Friday", False, (date(2025, 2, 7), "day")),
    ("on Monday", False, (date(2025, 2, 3), "day")),
    ("on Monday", True, (date(2025, 2, 10), "day")),          # a plan looks ahead
    ("next Tuesday", False, (date(2025, 2, 11), "day")),
    ("yesterday", False, (date(2025, 2, 6), "day")),
    ("three days ago", False, (date(2025, 2, 4), "day")),
    ("last week", False, (date(2025, 1, 27), "week")),
    ("this week", False, (date(2025, 2, 3), "week")),
    ("next month", False, (date(2025, 3, 1), "month")),
    ("earlier this month", False, (date(2025, 2, 1), "month")),
    ("in March", False, (date(2024, 3, 1), "month")),          # a past March, told in February
    ("in March", True, (date(2025, 3, 1), "month")),
    ("last year", False, (date(2024, 1, 1), "year")),
    ("5 March 2024", False, (date(2024, 3, 5), "day")),
    ("March 5, 2024", False, (date(2024, 3, 5), "day")),
    ("in 2019", False, (date(2019, 1, 1), "year")),
])
def test_expressions_resolve_against_the_publication_date(text, future, expected):
    assert resolve_expression(text, FRIDAY, future) == expected


def test_relative_expressions_need_a_publication_date():
    assert resolve_expression("last week", None) is None
    assert resolve_expression("5 March 2024", None) == (date(2024, 3, 5), "day")


def test_event_dates_and_future_modality(code):
    doc = code("Kenya condemned the raid on Monday. Ghana and Togo will sign the accord next month. "
               "Peru recalled its envoy.", "2025-02-07")
    condemn, sign, recall = doc.events
    assert (condemn.date, condemn.date_precision, condemn.date_source) == ("2025-02-03", "day", "text")
    assert (sign.date, sign.date_precision) == ("2025-03-01", "month")
    assert (recall.date, recall.date_source) == ("2025-02-07", "publication")


def test_a_later_date_makes_an_event_future(code):
    [event] = code("Egypt hosts the Sudanese delegation next week.", "2025-02-07").events
    assert event.modality == "future" and event.date_precision == "week"
