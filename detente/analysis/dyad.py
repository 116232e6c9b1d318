"""A dyad's timeline: per period and direction, events by quad class and PLOVER type, Goldstein
sum and mean, the cooperation-conflict index, the dominant contexts and the notable events.

Periods are calendar weeks (starting Monday) or months of the event date; events without a
date are left out. Directions: "A>B" (A acts on B), "B>A", and "both" (the two together).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date as Date
from functools import lru_cache
from typing import Any

from detente.data_files import load_package_yaml
from detente.errors import DetenteError
from detente.store.query import date_bounds

FREQS = ("week", "month", "quarter", "year")
QUADS = (1, 2, 3, 4)
QUAD_NAMES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}


@lru_cache(maxsize=1)
def settings() -> dict:
    return load_package_yaml("analysis.yaml")


@lru_cache(maxsize=1)
def index_weights() -> dict[int, float]:
    raw = settings()["index_weights"]
    return {q: float(raw[q]) for q in QUADS}


def cooperation_index(by_quad: dict[int, int]) -> float | None:
    """(see data/analysis.yaml) +1 all cooperation, -1 all conflict; None without events."""
    weights = index_weights()
    total = sum(abs(weights[q]) * by_quad.get(q, 0) for q in QUADS)
    return sum(weights[q] * by_quad.get(q, 0) for q in QUADS) / total if total else None


@dataclass
class Period:
    start: Date
    direction: str
    events: int = 0
    mentions: int = 0
    by_quad: dict[int, int] = field(default_factory=dict)
    by_type: dict[str, int] = field(default_factory=dict)
    goldstein_sum: float = 0.0
    contexts: list[tuple[str, int]] = field(default_factory=list)

    @property
    def goldstein_mean(self) -> float | None:
        return self.goldstein_sum / self.events if self.events else None

    @property
    def index(self) -> float | None:
        return cooperation_index(self.by_quad)

    def to_dict(self) -> dict[str, Any]:
        return {"period": self.start.isoformat(), "direction": self.direction, "events": self.events,
                "mentions": self.mentions, "by_quad": {str(q): self.by_quad.get(q, 0) for q in QUADS},
                "by_type": dict(sorted(self.by_type.items(), key=lambda kv: -kv[1])),
                "goldstein_sum": round(self.goldstein_sum, 2),
                "goldstein_mean": None if self.goldstein_mean is None else round(self.goldstein_mean, 3),
                "index": None if self.index is None else round(self.index, 3),
                "contexts": [{"context": c, "events": n} for c, n in self.contexts]}


@dataclass
class Timeline:
    a: str
    b: str
    freq: str
    periods: list[Date]
    rows: dict[tuple[Date, str], Period]
    events: dict[Date, list[dict[str, Any]]]     # per period, largest |Goldstein| first

    def notable(self, period: Date) -> list[dict[str, Any]]:
        return notable(self.events.get(period, []), settings()["notable"]["per_period"])

    def row(self, start: Date, direction: str = "both") -> Period:
        return self.rows.get((start, direction)) or Period(start, direction)

    def series(self, direction: str = "both") -> list[Period]:
        return [self.row(p, direction) for p in self.periods]

    def total(self, direction: str = "both") -> Period:
        out = Period(self.periods[0] if self.periods else Date.today(), direction)
        for row in self.series(direction):
            _add(out, row)
        return out

    def to_dict(self) -> dict[str, Any]:
        return {"a": self.a, "b": self.b, "freq": self.freq,
                "periods": [{**{d: self.row(p, d).to_dict() for d in self.directions},
                             "period": p.isoformat(), "notable": self.notable(p)} for p in self.periods]}

    @property
    def directions(self) -> tuple[str, str, str]:
        return (f"{self.a}>{self.b}", f"{self.b}>{self.a}", "both")


def dyad_timeline(con, a: str, b: str, freq: str = "month", since: Date | None = None,
                  until: Date | None = None) -> Timeline:
    a, b = a.upper(), b.upper()
    since, until = default_span(con, since, until)
    if freq == "auto":
        freq = auto_freq(since, until)
    if freq not in FREQS:
        raise DetenteError("E021", option="--freq", reason=f"{freq!r} is not one of auto, {', '.join(FREQS)}")
    where, params = _dyad_where(a, b, since, until)
    base = f"""SELECT date_trunc('{freq}', date)::DATE AS period, actor_country || '>' || recipient_country AS dir,
                      event_id, event_type, quad, goldstein, num_mentions, contexts, date, sentence_text, url,
                      source, document_id, sentence, actor_name, recipient_name, modality
               FROM event_records WHERE {where}"""
    rows: dict[tuple[Date, str], Period] = {}
    for period, direction, quad, kind, events, mentions, goldstein in con.execute(f"""
            SELECT period, dir, quad, event_type, count(*), sum(num_mentions), sum(goldstein)
            FROM ({base}) GROUP BY ALL""", params).fetchall():
        for key in ((period, direction), (period, "both")):
            row = rows.setdefault(key, Period(period, key[1]))
            row.events += events
            row.mentions += int(mentions)
            row.by_quad[quad] = row.by_quad.get(quad, 0) + events
            row.by_type[kind] = row.by_type.get(kind, 0) + events
            row.goldstein_sum += goldstein
    for period, context, events in con.execute(f"""
            SELECT period, context, count(*) AS n FROM (SELECT period, unnest(contexts) AS context FROM ({base}))
            GROUP BY ALL ORDER BY period, n DESC, context""", params).fetchall():
        row = rows[(period, "both")]
        if len(row.contexts) < 3:
            row.contexts.append((context, events))
    periods = _all_periods(sorted({p for p, _ in rows}), freq)
    return Timeline(a, b, freq, periods, rows, _period_events(con, base, params))


def _period_events(con, base: str, params: list) -> dict[Date, list[dict[str, Any]]]:
    """Every event of the dyad with its evidence, per period, largest |Goldstein| first."""
    out: dict[Date, list[dict[str, Any]]] = {}
    result = con.execute(f"SELECT * FROM ({base}) ORDER BY period, abs(goldstein) DESC, num_mentions DESC, event_id",
                         params)
    names = [d[0] for d in result.description]
    for values in result.fetchall():
        r = dict(zip(names, values))
        out.setdefault(r["period"], []).append({
            "event": r["event_id"], "type": r["event_type"], "quad": r["quad"], "goldstein": r["goldstein"],
            "mentions": r["num_mentions"], "date": r["date"].isoformat(), "direction": r["dir"],
            "actor": r["actor_name"], "recipient": r["recipient_name"], "modality": r["modality"],
            "sentence": r["sentence_text"], "url": r["url"], "source": r["source"],
            "document": r["document_id"], "sentence_index": r["sentence"], "contexts": list(r["contexts"])})
    return out


def notable(events: list[dict[str, Any]], keep: int) -> list[dict[str, Any]]:
    """The `keep` events with the largest |Goldstein| and the `keep` most reported, in that order."""
    by_weight = events[:keep]       # events come largest |Goldstein| first
    by_reports = sorted(events, key=lambda e: (-e["mentions"], -abs(e["goldstein"]), e["event"]))[:keep]
    chosen = {e["event"] for e in by_weight + by_reports}
    return [e for e in events if e["event"] in chosen]


def _dyad_where(a: str, b: str, since: Date | None, until: Date | None) -> tuple[str, list]:
    where, params = occurred_where(since, until)
    return (where + " AND ((actor_country = ? AND recipient_country = ?) OR (actor_country = ? AND "
            "recipient_country = ?))"), [*params, a, b, b, a]


def occurred_where(since: Date | None, until: Date | None) -> tuple[str, list[Any]]:
    """The events the analytics count (see data/analysis.yaml): dated, occurred, in the span."""
    bounds, values = date_bounds("date", since, until)
    clauses = ["date IS NOT NULL", "modality IN (SELECT unnest(?::VARCHAR[]))", *bounds]
    return " AND ".join(clauses), [list(settings()["occurred_modalities"]), *values]


def auto_freq(since: Date | None, until: Date | None) -> str:
    if not since or not until:
        return "month"
    days = (until - since).days
    for freq, most in settings()["auto_freq_days"].items():
        if days <= most:
            return freq
    return "year"


def shown_index(period: Period) -> float | None:
    """The index as charts and headlines show it: None for periods with too few events."""
    return period.index if period.events >= settings()["index_min_events"] else None


def default_span(con, since: Date | None, until: Date | None) -> tuple[Date | None, Date | None]:
    """--since/--until, else the first and last publication dates in the store."""
    if settings()["default_span"] != "publication" or (since and until):
        return since, until
    first, last = con.execute("SELECT min(published), max(published) FROM documents").fetchall()[0]
    return since or first, until or last


def _all_periods(present: list[Date], freq: str) -> list[Date]:
    """Every period from the first to the last with events, empty ones included: a gap in the
    chart is information."""
    if not present:
        return []
    out, current = [], present[0]
    while current <= present[-1]:
        out.append(current)
        current = _next_period(current, freq)
    return out


def _next_period(day: Date, freq: str) -> Date:
    if freq == "week":
        return Date.fromordinal(day.toordinal() + 7)
    if freq == "year":
        return day.replace(year=day.year + 1)
    if freq == "quarter":
        month = day.month + 3
        return day.replace(year=day.year + (month - 1) // 12, month=(month - 1) % 12 + 1)
    return day.replace(year=day.year + day.month // 12, month=day.month % 12 + 1)


def _add(total: Period, row: Period) -> None:
    total.events += row.events
    total.mentions += row.mentions
    total.goldstein_sum += row.goldstein_sum
    for q, n in row.by_quad.items():
        total.by_quad[q] = total.by_quad.get(q, 0) + n
    for t, n in row.by_type.items():
        total.by_type[t] = total.by_type.get(t, 0) + n
