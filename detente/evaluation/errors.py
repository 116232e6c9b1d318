"""`detente eval --errors`: what the coder confuses, per gold label, with the sentences.

Each mismatched sentence is read as pairs: a gold label the coder missed set against a label it
coded instead (a confusion "REQUEST -> ACCUSE"), a missed label with nothing in its place
("REQUEST -> (nothing)"), or a coded label the gold does not have ("(nothing) -> ASSAULT").
"""
from __future__ import annotations

from collections import Counter, defaultdict
from itertools import zip_longest

from detente.evaluation.score import Mismatch, Report

NOTHING = "(nothing)"


def confusion_pairs(mismatch: Mismatch) -> list[tuple[str, str]]:
    """(gold, coded) pairs of one sentence; matched labels cancel out first."""
    gold, coded = Counter(mismatch.gold), Counter(mismatch.coded)
    missed, extra = sorted((gold - coded).elements()), sorted((coded - gold).elements())
    return [(g or NOTHING, c or NOTHING) for g, c in zip_longest(missed, extra)]


def errors_report(report: Report, examples: int = 5, width: int = 160) -> str:
    """Confusions grouped by gold label, most frequent first, each with up to `examples`
    sentences (cut at `width` characters)."""
    by_pair: dict[tuple[str, str], list[Mismatch]] = defaultdict(list)
    for mismatch in report.mismatches:
        for pair in confusion_pairs(mismatch):
            by_pair[pair].append(mismatch)
    if not by_pair:
        return f"{report.kind} on {report.path}: no errors"
    lines = [f"{report.kind} on {report.path}: {len(report.mismatches)} of {report.n} sentences coded "
             f"differently from the gold"]
    totals = Counter({gold: 0 for gold, _ in by_pair})
    for (gold, _), found in by_pair.items():
        totals[gold] += len(found)
    for gold, total in totals.most_common():
        lines.append(f"\n{gold}: {total} errors")
        pairs = sorted(((c, found) for (g, c), found in by_pair.items() if g == gold), key=lambda p: -len(p[1]))
        for coded, found in pairs:
            lines.append(f"  -> {coded}: {len(found)}")
            for mismatch in found[:examples]:
                text = " ".join(mismatch.text.split())
                text = text if len(text) <= width else text[:width - 3] + "..."
                lines.append(f"     [{mismatch.id}] {text}")
    return "\n".join(lines)
