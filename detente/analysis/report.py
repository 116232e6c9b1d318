"""`detente report A B --out brief.html`: a self-contained brief of one relationship: headline
numbers, charts, alerts, agenda, pledges, key quotes and notable events, each linked to the
sentence it was coded from. One HTML file, scripts inlined, nothing fetched when it is opened."""
from __future__ import annotations

import re
from datetime import date as Date
from datetime import datetime, timezone
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2

from detente.analysis.alerts import timeline_alerts
from detente.analysis.dyad import QUAD_NAMES, QUADS, Timeline, dyad_timeline, notable, shown_index
from detente.analysis.evidence import marked_sentence
from detente.analysis.pledges import find_pledges
from detente.analysis.plots import agenda, agenda_figure, figures_html, timeline_figure
from detente.analysis.quotes import find_quotes
from detente.data_files import load_package_yaml

NOTABLE_EVENTS = 12
KEY_QUOTES = 10
PLEDGES = 15


def build_report(con, a: str, b: str, freq: str = "auto", since: Date | None = None,
                 until: Date | None = None, names: dict[str, str] | None = None) -> str:
    timeline = dyad_timeline(con, a, b, freq, since, until)
    a, b, freq = timeline.a, timeline.b, timeline.freq
    names = names or {}
    context = {
        "a": a, "b": b, "a_name": names.get(a, a), "b_name": names.get(b, b), "freq": freq,
        "generated": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "span": (timeline.periods[0], timeline.periods[-1]) if timeline.periods else None,
        "headline": _headline(timeline),
        "directions": _directions(timeline),
        "alerts": [alert.to_dict() for alert in timeline_alerts(timeline)],
        "agenda": _agenda_table(timeline),
        "types": _top_types(timeline),
        "pledges": _dyad_pledges(con, a, b, since, until),
        "quotes": _key_quotes(con, a, b, since, until),
        "notable": _notable_events(con, timeline),
        "charts": figures_html([timeline_figure(timeline), agenda_figure(timeline)]) if timeline.periods else "",
        "quad_names": QUAD_NAMES,
    }
    return _template().render(**context)


def write_report(html: str, path: Path) -> None:
    path.write_text(html, encoding="utf-8")


def _template() -> jinja2.Template:
    source = (resources.files("detente.analysis") / "templates" / "brief.html.j2").read_text(encoding="utf-8")
    env = jinja2.Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined)
    env.filters["signed"] = lambda v: "–" if v is None else f"{v:+.2f}"
    return env.from_string(source)


def _headline(timeline: Timeline) -> dict[str, Any]:
    total = timeline.total("both")
    series = [row for row in timeline.series("both") if shown_index(row) is not None]
    cooperation = total.by_quad.get(1, 0) + total.by_quad.get(2, 0)
    latest, previous = (series[-1], series[-2]) if len(series) >= 2 else (series[-1] if series else None, None)
    return {"events": total.events, "mentions": total.mentions, "cooperation": cooperation,
            "conflict": total.events - cooperation, "index": total.index, "goldstein_mean": total.goldstein_mean,
            "periods": len(timeline.periods), "active_periods": len(series),
            "latest": latest.start if latest else None, "latest_index": latest.index if latest else None,
            "previous": previous.start if previous else None, "previous_index": previous.index if previous else None,
            "latest_events": latest.events if latest else 0}


def _directions(timeline: Timeline) -> list[dict[str, Any]]:
    out = []
    for direction in timeline.directions[:2]:
        total = timeline.total(direction)
        out.append({"direction": direction.replace(">", " → "), "events": total.events,
                    "quads": [total.by_quad.get(q, 0) for q in QUADS], "index": total.index,
                    "goldstein_mean": total.goldstein_mean})
    return out


def _agenda_table(timeline: Timeline) -> list[dict[str, Any]]:
    names, counts = agenda(timeline, top=8)
    return [{"context": n, "events": sum(counts[n])} for n in names]


def _top_types(timeline: Timeline) -> list[tuple[str, int]]:
    return sorted(timeline.total("both").by_type.items(), key=lambda kv: (-kv[1], kv[0]))[:8]


def _dyad_pledges(con, a: str, b: str, since, until) -> list[dict[str, Any]]:
    found = find_pledges(con, actor=a, recipient=b, since=since, until=until, limit=PLEDGES)
    found += find_pledges(con, actor=b, recipient=a, since=since, until=until, limit=PLEDGES)
    return sorted(found, key=lambda p: (p["date"] or "", p["value"]), reverse=True)[:PLEDGES]


def _key_quotes(con, a: str, b: str, since, until) -> list[dict[str, Any]]:
    """Quotes by speakers of either side in documents that report events between them."""
    dyad_docs = {doc for (doc,) in con.execute("""
        SELECT DISTINCT document_id FROM event_records
        WHERE (actor_country = ? AND recipient_country = ?) OR (actor_country = ? AND recipient_country = ?)""",
                                                [a, b, b, a]).fetchall()}
    quotes = find_quotes(con, countries=(a, b), since=since, until=until, limit=2000)
    chosen = [q for q in quotes if q["document"] in dyad_docs and len(q["text"].split()) >= 6]
    # about the other side: a quote naming it (its name, people, capital) before one that does not
    other = {a: _country_pattern(b), b: _country_pattern(a)}
    about = [q for q in chosen if other[q["speaker"]["country"]] and other[q["speaker"]["country"]].search(q["text"])]
    rest = [q for q in chosen if q not in about]
    ranked = sorted(about, key=lambda q: not q["direct"]) + sorted(rest, key=lambda q: not q["direct"])
    return ranked[:KEY_QUOTES] if len(about) < 3 else sorted(about, key=lambda q: not q["direct"])[:KEY_QUOTES]


@lru_cache(maxsize=64)
def _country_pattern(code: str) -> re.Pattern | None:
    """A country's names, demonyms and capital as one pattern (None for IGOs and unknown codes)."""
    for entry in load_package_yaml("kb/countries.yaml"):
        if isinstance(entry, dict) and entry.get("code") == code:
            words = [entry["name"], *(entry.get("aliases") or []), *(entry.get("demonyms") or [])]
            if entry.get("capital"):
                words.append(entry["capital"])
            return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words if w) + r")\b")
    return None


def _notable_events(con, timeline: Timeline) -> list[dict[str, Any]]:
    everything = sorted((e for events in timeline.events.values() for e in events),
                        key=lambda e: (-abs(e["goldstein"]), -e["mentions"], e["event"]))
    chosen = notable(everything, NOTABLE_EVENTS // 2)
    for event in chosen:
        event["marked"] = marked_sentence(con, event["event"])
    return sorted(chosen, key=lambda e: e["date"], reverse=True)
