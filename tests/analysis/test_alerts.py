from datetime import date

from detente.analysis.alerts import busiest_dyads, find_alerts, timeline_alerts
from detente.analysis.dyad import dyad_timeline


def test_the_turn_to_conflict_is_flagged_with_what_drove_it(db):
    alerts = timeline_alerts(dyad_timeline(db, "USA", "JPN", "month"))
    assert [a.period for a in alerts] == [date(2025, 7, 1)]
    july = alerts[0]
    # six months of index +1 (spread 0, floored at 0.15) then -1: z = (-1 - 1) / 0.15
    assert (july.index, july.baseline, july.spread, july.events) == (-1.0, 1.0, 0.15, 4)
    assert round(july.z, 2) == -13.33 and july.direction == "towards conflict"
    assert [d["type"] for d in july.drivers] == ["ASSAULT", "ACCUSE", "ACCUSE", "ACCUSE"]


def test_no_alert_without_enough_history(db):
    assert timeline_alerts(dyad_timeline(db, "USA", "JPN", "month", since=date(2025, 6, 1))) == []


def test_busiest_dyads_and_alerts_over_them(db):
    assert busiest_dyads(db) == [("JPN", "USA", 18), ("CHN", "USA", 1)]
    assert [(a.a, a.b) for a in find_alerts(db, [("USA", "JPN"), ("CHN", "USA")])] == [("USA", "JPN")]
