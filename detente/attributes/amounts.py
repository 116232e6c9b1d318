"""Amounts of money and counts of people or things, in base units ("$100 billion" -> 1e11 USD)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from detente.data_files import data_path, load_yaml

NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"


@dataclass(frozen=True)
class FoundAmount:
    start: int      # offsets into the text searched
    end: int
    value: float
    currency: str | None
    unit: str | None


@dataclass(frozen=True)
class AmountPatterns:
    money_before: re.Pattern
    money_after: re.Pattern
    count: re.Pattern
    symbols: dict[str, str]
    currency_words: dict[str, str]
    scales: dict[str, float]
    vague: dict[str, float]
    number_words: dict[str, float]


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def load_patterns() -> AmountPatterns:
    raw = load_yaml(data_path("lexicon", "amounts.yaml"))
    def drop(d):
        return {k: v for k, v in d.items() if k != "__line__"}
    symbols, words = drop(raw["currency_symbols"]), drop(raw["currency_words"])
    scales = {k: float(v) for k, v in drop(raw["scales"]).items()}
    vague = {k: float(v) for k, v in drop(raw["vague"]).items()}
    numbers = {k: float(v) for k, v in drop(raw["number_words"]).items()}
    number = rf"(?P<num>{NUMBER}|\b(?:{_alternation(numbers)})\b)"
    scale = rf"(?:\s?(?P<scale>{_alternation(scales)})\b)?"
    amount_flags = re.IGNORECASE
    money_before = re.compile(rf"(?P<sym>{_alternation(symbols)})\s?{number}{scale}", amount_flags)
    money_after = re.compile(rf"{number}{scale}\s+(?P<word>{_alternation(words)})\b", amount_flags)
    quantity = rf"(?:{number}{scale}|\b(?P<vague>{_alternation(vague)})\s+of)"
    count = re.compile(
        rf"{quantity}\s+(?:(?!{_alternation(raw['count_units'])}\b)[A-Za-z][\w-]*\s+){{0,2}}?"
        rf"(?P<unit>{_alternation(raw['count_units'])})\b", amount_flags)
    return AmountPatterns(money_before, money_after, count, symbols, words, scales, vague, numbers)


def find_amounts(text: str) -> list[FoundAmount]:
    patterns = load_patterns()
    found: list[FoundAmount] = []
    taken: list[tuple[int, int]] = []
    for kind, regex in (("before", patterns.money_before), ("after", patterns.money_after),
                        ("count", patterns.count)):
        for match in regex.finditer(text):
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue
            amount = _to_amount(match, kind, patterns)
            if amount is not None:
                taken.append((match.start(), match.end()))
                found.append(amount)
    return sorted(found, key=lambda a: a.start)


def _to_amount(match: re.Match, kind: str, p: AmountPatterns) -> FoundAmount | None:
    groups = match.groupdict()
    if groups.get("vague"):
        value = p.vague[groups["vague"].lower()]
    else:
        num = groups["num"]
        value = p.number_words.get(num.lower()) or float(num.replace(",", ""))
        if groups.get("scale"):
            scale = groups["scale"]
            # "m", "b", "k" are scales only when glued to money ("$5m"), not words like "b"
            if len(scale) == 1 and kind == "count":
                return None
            value *= p.scales[scale.lower()]
    if kind == "before":
        currency = p.symbols.get(groups["sym"]) or p.symbols.get(groups["sym"].upper())
        return FoundAmount(match.start(), match.end(), value, currency, None)
    if kind == "after":
        return FoundAmount(match.start(), match.end(), value, p.currency_words[groups["word"].lower()], None)
    return FoundAmount(match.start(), match.end(), value, None, groups["unit"].lower())
