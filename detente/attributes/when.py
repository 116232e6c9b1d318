"""When: an event's date from the temporal expression nearest its trigger, resolved against the
publication date ("on Friday", "last week", "in March", "three days ago", "5 March 2024").

Precision is `day`, `week`, `month` or `year`; without a usable expression the publication date
is used (`date_source` = `publication`). Words live in data/lexicon/time.yaml.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date as Date
from datetime import timedelta
from functools import lru_cache

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from detente.data_files import data_path, load_yaml

DAY, WEEK, MONTH, YEAR = "day", "week", "month", "year"


@dataclass(frozen=True)
class When:
    date: Date
    precision: str
    source: str            # "text" or "publication"
    text: str | None = None


@dataclass(frozen=True)
class TimeWords:
    weekdays: dict[str, int]
    months: dict[str, int]
    past: frozenset[str]
    future: frozenset[str]
    current: frozenset[str]
    days: dict[str, int]
    units: dict[str, str]
    numbers: dict[str, int]


@lru_cache(maxsize=1)
def time_words() -> TimeWords:
    raw = load_yaml(data_path("lexicon", "time.yaml"))
    months = {m: i for i, m in enumerate(raw["months"], start=1)}
    months.update({k: int(v) for k, v in raw["month_abbreviations"].items() if k != "__line__"})
    def clean(d):
        return {k: v for k, v in d.items() if k != "__line__"}
    return TimeWords(
        weekdays={d: i for i, d in enumerate(raw["weekdays"])},
        months=months,
        past=frozenset(raw["past"]), future=frozenset(raw["future"]), current=frozenset(raw["current"]),
        days={k: int(v) for k, v in clean(raw["days"]).items()},
        units=clean(raw["units"]),
        numbers={k: int(v) for k, v in clean(raw["numbers"]).items()},
    )


def event_date(trigger: Token, ents: list[SpacySpan], published: Date | None, future: bool) -> When | None:
    """The date of the event whose trigger is `trigger`, from the entities of its sentence; None
    when neither text nor publication date tells."""
    for ent in _date_entities(trigger, ents):
        found = resolve_expression(ent.text, published, future)
        if found is not None:
            return When(found[0], found[1], "text", ent.text)
    if published is not None:
        return When(published, DAY, "publication")
    return None


def _date_entities(trigger: Token, ents: list[SpacySpan]) -> list[SpacySpan]:
    """DATE entities of the sentence, those attached to the trigger's own clause first."""
    ents = [e for e in ents if e.label_ == "DATE"]
    clause = {trigger.i, *(t.i for t in trigger.ancestors)}

    def attached(ent: SpacySpan) -> bool:
        return any(a.i in clause for a in [ent.root.head, *ent.root.ancestors][:3])

    return sorted(ents, key=lambda e: (not attached(e), abs(e.root.i - trigger.i)))


def resolve_expression(text: str, published: Date | None, future: bool = False) -> tuple[Date, str] | None:
    words = time_words()
    tokens = re.findall(r"[a-z]+|\d+", text.lower())
    if not tokens:
        return None
    absolute = _absolute(tokens, words, published, future)
    if absolute is not None or published is None:
        return absolute
    return _relative(tokens, words, published, future)


def _absolute(tokens: list[str], w: TimeWords, published: Date | None, future: bool) -> tuple[Date, str] | None:
    """"5 March 2024", "March 5", "March 2024", "2019", "in March" (its year from the context)."""
    numbers = [int(t) for t in tokens if t.isdigit()]
    years = [n for n in numbers if 1900 <= n <= 2100]
    days = [n for n in numbers if 1 <= n <= 31]
    month = next((w.months[t] for t in tokens if t in w.months), None)
    year = years[0] if years else None
    if month is None:
        if year is not None and len(tokens) <= 3:
            return Date(year, 1, 1), YEAR
        return None
    if year is None:
        if published is None:
            return None
        year = _year_of_month(month, published, future, tokens, w)
    if days:
        day = days[0]
        if day <= calendar.monthrange(year, month)[1]:
            return Date(year, month, day), DAY
    return Date(year, month, 1), MONTH


def _year_of_month(month: int, published: Date, future: bool, tokens: list[str], w: TimeWords) -> int:
    if any(t in w.future for t in tokens) or future:
        return published.year if month >= published.month else published.year + 1
    if any(t in w.past for t in tokens):
        return published.year - 1 if month >= published.month else published.year
    return published.year if month <= published.month else published.year - 1


def _relative(tokens: list[str], w: TimeWords, published: Date, future: bool) -> tuple[Date, str] | None:
    for token in tokens:
        if token in w.days:
            return published + timedelta(days=w.days[token]), DAY
    if any(t in w.current for t in tokens):
        shift = 0                                     # "earlier this month" is this month
    else:
        shift = -1 if any(t in w.past for t in tokens) else 1 if any(t in w.future for t in tokens) else 0
    weekday = next((w.weekdays[t] for t in tokens if t in w.weekdays), None)
    if weekday is not None:
        return _weekday(weekday, published, shift if shift else (1 if future else -1)), DAY
    if "ago" in tokens:
        return _ago(tokens, w, published)
    unit = next((w.units[t] for t in tokens if t in w.units), None)
    if unit is None or not (shift or any(t in w.current for t in tokens)):
        return None
    return _shift(published, unit, shift)


def _weekday(weekday: int, published: Date, direction: int) -> Date:
    """"on Friday": the latest Friday up to publication (or the next one ahead, for plans)."""
    if direction < 0:
        return published - timedelta(days=(published.weekday() - weekday) % 7)
    return published + timedelta(days=(weekday - published.weekday()) % 7 or 7)


def _ago(tokens: list[str], w: TimeWords, published: Date) -> tuple[Date, str] | None:
    count = next((int(t) for t in tokens if t.isdigit()), None)
    count = count if count is not None else next((w.numbers[t] for t in tokens if t in w.numbers), None)
    unit = next((w.units[t] for t in tokens if t in w.units), None)
    if count is None or unit is None:
        return None
    return _shift(published, unit, -count)


def _shift(published: Date, unit: str, count: int) -> tuple[Date, str]:
    if unit == DAY:
        return published + timedelta(days=count), DAY
    if unit == WEEK:
        monday = published - timedelta(days=published.weekday())
        return monday + timedelta(weeks=count), WEEK
    if unit == MONTH:
        index = published.year * 12 + published.month - 1 + count
        return Date(index // 12, index % 12 + 1, 1), MONTH
    return Date(published.year + count, 1, 1), YEAR
