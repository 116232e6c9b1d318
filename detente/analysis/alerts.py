"""Change detection: periods where a dyad's cooperation-conflict index departs from its recent
baseline (the mean of the periods before it) by more than `z` baseline standard deviations.

Thresholds are in data/analysis.yaml (`alerts`). Each alert lists the events that drove it: those
pulling the index the way it moved, largest |Goldstein| first.
"""
from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import date as Date
from typing import Any

from detente.analysis.dyad import Timeline, default_span, dyad_timeline, occurred_where, settings


@dataclass
class Alert:
    a: str
    b: str
    period: Date
    index: float
    baseline: float
    spread: float
    events: int
    drivers: list[dict[str, Any]] = field(default_factory=list)

    @property
    def z(self) -> float:
        return (self.index - self.baseline) / self.spread

    @property
    def direction(self) -> str:
        return "towards cooperation" if self.index > self.baseline else "towards conflict"

    def to_dict(self) -> dict[str, Any]:
        return {"dyad": [self.a, self.b], "period": self.period.isoformat(), "index": round(self.index, 3),
                "baseline": round(self.baseline, 3), "z": round(self.z, 2), "direction": self.direction,
                "events": self.events, "drivers": self.drivers}


def timeline_alerts(timeline: Timeline) -> list[Alert]:
    conf = settings()["alerts"]
    series = timeline.series("both")
    alerts = []
    for position, row in enumerate(series):
        if row.events < conf["min_events"] or row.index is None:
            continue
        before = [r for r in series[max(0, position - conf["baseline_periods"]):position] if r.index is not None]
        if sum(r.events for r in before) < conf["min_baseline_events"] or len(before) < 2:
            continue
        baseline = statistics.fmean(r.index for r in before)
        spread = max(statistics.pstdev(r.index for r in before), conf["min_std"])
        if abs(row.index - baseline) > conf["z"] * spread:
            alert = Alert(timeline.a, timeline.b, row.start, row.index, baseline, spread, row.events)
            alert.drivers = _drivers(timeline, row.start, up=row.index > baseline, keep=conf["driving_events"])
            alerts.append(alert)
    return alerts


def _drivers(timeline: Timeline, period: Date, up: bool, keep: int) -> list[dict[str, Any]]:
    events = [e for e in timeline.events.get(period, []) if (e["goldstein"] > 0) == up]
    return events[:keep]        # largest |Goldstein| first


def busiest_dyads(con, limit: int = 20, since: Date | None = None, until: Date | None = None
                  ) -> list[tuple[str, str, int]]:
    """The dyads (undirected) with the most dated events between two different countries."""
    where, params = occurred_where(*default_span(con, since, until))
    clauses = [where, "actor_country IS NOT NULL", "recipient_country IS NOT NULL",
               "actor_country <> recipient_country"]
    return con.execute(f"""
        SELECT least(actor_country, recipient_country) AS a, greatest(actor_country, recipient_country) AS b,
               count(*) AS n
        FROM event_records WHERE {' AND '.join(clauses)} GROUP BY ALL ORDER BY n DESC, a, b LIMIT ?""",
                       [*params, limit]).fetchall()


def find_alerts(con, dyads: list[tuple[str, str]], freq: str = "month", since: Date | None = None,
                until: Date | None = None) -> list[Alert]:
    out = []
    for a, b in dyads:
        out.extend(timeline_alerts(dyad_timeline(con, a, b, freq, since, until)))
    return sorted(out, key=lambda alert: (alert.period, alert.a, alert.b))
