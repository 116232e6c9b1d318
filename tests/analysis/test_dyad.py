from datetime import date

import pytest

from detente.analysis.dyad import cooperation_index, dyad_timeline
from detente.errors import DetenteError


def test_index_weighs_material_acts_double():
    assert cooperation_index({1: 2}) == 1.0
    assert cooperation_index({3: 3, 4: 1}) == -1.0
    # 2 verbal cooperation (+2) against 1 material conflict (-2): (2 - 2) / (2 + 2)
    assert cooperation_index({1: 2, 4: 1}) == 0.0
    assert cooperation_index({1: 1, 3: 1, 2: 1}) == pytest.approx((1 - 1 + 2) / 4)
    assert cooperation_index({}) is None


def test_monthly_counts_sums_index_and_directions(db):
    timeline = dyad_timeline(db, "usa", "jpn", "month")
    assert timeline.periods == [date(2025, m, 1) for m in range(1, 9)]
    january = timeline.row(date(2025, 1, 1))
    assert (january.events, january.by_quad, january.goldstein_sum, january.index) == (2, {1: 2}, 2.0, 1.0)
    assert timeline.row(date(2025, 1, 1), "USA>JPN").events == 1
    assert timeline.row(date(2025, 1, 1), "JPN>USA").events == 1
    assert january.contexts == [("diplomatic", 2), ("economic", 2)]
    july = timeline.row(date(2025, 7, 1))
    # three accusations (-2 each) and a strike (-10)
    assert (july.events, july.by_quad, july.goldstein_sum, july.goldstein_mean) == (4, {3: 3, 4: 1}, -16.0, -4.0)
    assert july.index == -1.0 and timeline.row(date(2025, 7, 1), "JPN>USA").events == 0
    assert july.mentions == 6           # the strike is one event in three reports
    august = timeline.row(date(2025, 8, 1))
    # AID (quad 2, +7) and REQUEST (quad 1, +3); the AGREE is future: a plan, not an act
    assert (august.by_quad, august.goldstein_sum) == ({1: 1, 2: 1}, 10.0)
    total = timeline.total()
    assert total.events == 12 + 4 + 2 and total.by_type["CONSULT"] == 12 and "AGREE" not in total.by_type


def test_notable_events_carry_their_evidence(db):
    timeline = dyad_timeline(db, "USA", "JPN", "month")
    july = timeline.notable(date(2025, 7, 1))
    assert july[0]["type"] == "ASSAULT" and july[0]["goldstein"] == -10.0 and july[0]["mentions"] == 3
    assert july[0]["sentence"] == "Donald Trump struck Shigeru Ishiba." and july[0]["direction"] == "USA>JPN"


def test_weeks_and_date_bounds(db):
    timeline = dyad_timeline(db, "USA", "JPN", "week", since=date(2025, 7, 1), until=date(2025, 7, 31))
    assert timeline.periods[0] == date(2025, 6, 30)             # ISO weeks start on Monday
    assert sum(timeline.row(p).events for p in timeline.periods) == 4
    with pytest.raises(DetenteError, match="--freq"):
        dyad_timeline(db, "USA", "JPN", "fortnight")


def test_span_defaults_to_the_publication_dates(db):
    # the first document was published on 2025-01-01 and the last on 2025-08-20
    assert dyad_timeline(db, "USA", "JPN").periods[0] == date(2025, 1, 1)
    assert dyad_timeline(db, "USA", "JPN", until=date(2025, 3, 31)).periods[-1] == date(2025, 3, 1)


def test_a_dyad_without_events_is_empty_not_an_error(db):
    timeline = dyad_timeline(db, "FRA", "DEU")
    assert timeline.periods == [] and timeline.total().events == 0
