"""Precision, recall and F1 of the coder on gold sets, by the conventions in ../shared/gold/README.md.

- plover: per-sentence multiset match of PLOVER types (micro P/R/F1), per type, and the same with
  actors (type matches and the gold actor/recipient countries are among the predicted ones). A
  sentence that several gold records label (one event each) is scored once, against all of them.
- cameo: 2-digit CAMEO roots, micro P/R/F1 and per root.
- pentaclass: class of the first coded event's root (0 when nothing is coded), macro-F1.
"""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import date as Date
from datetime import timedelta
from functools import lru_cache
from pathlib import Path

from detente.actors.lookup import parse_loose_date, resolve_text
from detente.data_files import data_path, load_yaml
from detente.errors import DetenteError
from detente.nlp import fold
from detente.pipeline import Coder
from detente.records import Article, Document

KINDS = ("plover", "cameo", "pentaclass", "acled", "actors", "whenwhere")
ACTOR_METHODS = {"agent_to_code", "search_nat"}    # the ngec_actor_tests cases about codes


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, gold: Counter, pred: Counter) -> None:
        self.tp += sum((gold & pred).values())
        self.fp += sum((pred - gold).values())
        self.fn += sum((gold - pred).values())

    def as_dict(self) -> dict:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4),
                "f1": round(self.f1, 4), "tp": self.tp, "fp": self.fp, "fn": self.fn}


@dataclass(frozen=True)
class Mismatch:
    """A gold sentence whose labels and coded labels differ."""

    id: str
    text: str
    gold: tuple[str, ...]
    coded: tuple[str, ...]


@dataclass(frozen=True)
class ConfidenceBin:
    """Events whose confidence fell in [low, high): how many, how sure, how many right."""

    low: float
    high: float
    events: int
    mean_confidence: float
    right: float           # share of them whose type is among the sentence's gold types


@dataclass
class Report:
    kind: str
    path: str
    n: int = 0
    overall: Counts = field(default_factory=Counts)
    with_actors: Counts | None = None
    per_label: dict[str, Counts] = field(default_factory=dict)
    macro_f1: float | None = None
    accuracy: dict[str, tuple[int, int]] = field(default_factory=dict)   # what -> (right, asked)
    misses: list[str] = field(default_factory=list)
    mismatches: list[Mismatch] = field(default_factory=list)   # sentences coded wrong (--errors)
    calibration: list[ConfidenceBin] = field(default_factory=list)

    @property
    def headline(self) -> float:
        return self.macro_f1 if self.macro_f1 is not None else self.overall.f1

    def as_dict(self) -> dict:
        out = {"kind": self.kind, "gold": self.path, "sentences": self.n, "overall": self.overall.as_dict(),
               "per_label": {k: v.as_dict() for k, v in sorted(self.per_label.items())}}
        if self.with_actors is not None:
            out["with_actors"] = self.with_actors.as_dict()
        if self.macro_f1 is not None:
            out["macro_f1"] = round(self.macro_f1, 4)
        if self.calibration:
            out["calibration"] = {"expected_calibration_error": round(self.calibration_error, 4),
                                  "bins": [asdict(b) for b in self.calibration]}
        if self.accuracy:
            out["accuracy"] = {k: {"right": r, "asked": n, "accuracy": round(r / n, 4) if n else 0.0}
                               for k, (r, n) in self.accuracy.items()}
            out["misses"] = self.misses
        return out

    def format(self) -> str:
        lines = [f"{self.kind} on {self.path}: {self.n} sentences"]
        lines.extend(f"{k}{'' if k.endswith('recall') else ' accuracy'}: {r / n:.3f} ({r}/{n})"
                     for k, (r, n) in self.accuracy.items() if n)
        lines.extend(f"  miss: {m}" for m in self.misses)
        if not self.per_label:
            return "\n".join(lines)
        row = "{:<22} {:>9} {:>9} {:>9} {:>6} {:>6} {:>6}"
        lines.append(row.format("label", "precision", "recall", "f1", "tp", "fp", "fn"))

        def add(name: str, c: Counts) -> None:
            lines.append(row.format(name, f"{c.precision:.3f}", f"{c.recall:.3f}", f"{c.f1:.3f}", c.tp, c.fp, c.fn))

        for label, counts in sorted(self.per_label.items()):
            add(label, counts)
        add("OVERALL (micro)", self.overall)
        if self.with_actors is not None:
            add("with actors", self.with_actors)
        if self.macro_f1 is not None:
            lines.append(f"macro-F1: {self.macro_f1:.3f}")
        if self.calibration:
            lines.append(f"confidence calibration (expected calibration error {self.calibration_error:.3f}):")
            lines.extend(f"  {b.low:.1f}-{b.high:.1f}: {b.events:>4} events, mean confidence "
                         f"{b.mean_confidence:.3f}, right {b.right:.3f}" for b in self.calibration)
        return "\n".join(lines)

    @property
    def calibration_error(self) -> float:
        total = sum(b.events for b in self.calibration)
        return sum(b.events * abs(b.mean_confidence - b.right) for b in self.calibration) / total if total else 0.0


@lru_cache(maxsize=1)
def conventions() -> dict:
    return load_yaml(data_path("evaluation", "conventions.yaml"))


def read_gold(path: Path) -> list[dict]:
    if not path.is_file():
        raise DetenteError("E010", path=path, reason="no such file")
    records = []
    with open(path, encoding="utf-8") as stream:
        for number, line in enumerate(stream, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise DetenteError("E010", path=path, reason=f"line {number}: invalid JSON ({exc.msg})") from None
            if not isinstance(record, dict) or not isinstance(record.get("text"), str):
                raise DetenteError("E010", path=path, reason=f"line {number}: needs a \"text\" string")
            records.append(record)
    if not records:
        raise DetenteError("E010", path=path, reason="no records")
    return records


def evaluate_file(path: str | Path, kind: str, coder: Coder | None = None) -> Report:
    if kind not in KINDS:
        raise DetenteError("E010", path=path, reason=f"unknown kind {kind!r} (use {', '.join(KINDS)})")
    path = Path(path)
    records = read_gold(path)
    coder = coder or Coder()
    if kind == "actors":
        return _score_actor_cases(records, coder, str(path))
    if kind == "whenwhere":
        return _score_when_where(records, coder, str(path))
    articles = [Article(id=str(r.get("id", i)), text=r["text"], date=_gold_date(r))
                for i, r in enumerate(records)]
    return score(kind, records, list(coder.code_articles(articles)), str(path))


def score(kind: str, records: list[dict], docs: list[Document], name: str = "gold") -> Report:
    """Score coded documents against their gold records (same order)."""
    scorer = {"plover": _score_plover, "cameo": _score_cameo, "pentaclass": _score_pentaclass,
              "acled": _score_acled}[kind]
    if kind == "plover":
        records, docs = merge_repeated_sentences(records, docs)
    report = Report(kind=kind, path=name, n=len(records))
    scorer(report, records, docs)
    return report


def _gold_date(record: dict) -> str | None:
    """Gold sets date their records as ISO or PETRARCH's YYYYMMDD; most carry no date."""
    day = parse_loose_date(str(record.get("date") or ""))
    return day.isoformat() if day else None


# ---- PLOVER -----------------------------------------------------------------------------------
def _gold_type(code: str) -> str:
    return conventions()["plover_renames"].get(code, code)


def _country(code: str | None) -> str | None:
    return conventions()["country_aliases"].get(code, code) if code else None


def _sector(code: str | None) -> str | None:
    return conventions()["sector_aliases"].get(code, code) if code else None


def merge_repeated_sentences(records: list[dict], docs: list[Document]
                             ) -> tuple[list[dict], list[Document]]:
    """PLOVER gold files give one event per record, so a sentence with two events comes twice
    ("Benin opened its borders ... but was still refusing admittance"). Scored per record, the
    coder's second event would be a false positive in each: one record per sentence, holding the
    gold events of all its records, is what "per-sentence" means."""
    merged: dict[str, tuple[dict, Document]] = {}
    for record, doc in zip(records, docs):
        if record["text"] in merged:
            first = merged[record["text"]][0]
            first["gold_events"] = [*(first.get("gold_events") or []), *(record.get("gold_events") or [])]
            first["id"] = f"{first.get('id', '')}+{record.get('id', '')}"
        else:
            merged[record["text"]] = ({**record}, doc)
    return [r for r, _ in merged.values()], [d for _, d in merged.values()]


def _score_plover(report: Report, records: list[dict], docs: list[Document]) -> None:
    report.with_actors = Counts()
    judged: list[tuple[float, bool]] = []
    for record, doc in zip(records, docs):
        gold_events = [g for g in record.get("gold_events") or [] if g.get("code")]
        gold = Counter(_gold_type(g["code"]) for g in gold_events)
        pred = Counter(e.event for e in doc.events)
        report.overall.add(gold, pred)
        _add_per_label(report, gold, pred)
        _note_mismatch(report, record, gold, pred)
        _score_actors(report.with_actors, gold_events, doc)
        judged += [(e.confidence, e.event in gold) for e in doc.events if e.confidence is not None]
    report.calibration = _calibration(judged)


def _note_mismatch(report: Report, record: dict, gold: Counter, pred: Counter) -> None:
    if gold != pred:
        report.mismatches.append(Mismatch(str(record.get("id", "")), record.get("text", ""),
                                          tuple(sorted(gold.elements())), tuple(sorted(pred.elements()))))


CONFIDENCE_BINS = 5


def _calibration(judged: list[tuple[float, bool]]) -> list[ConfidenceBin]:
    """Reliability table: events grouped by confidence, against how often they were right."""
    bins = []
    for k in range(CONFIDENCE_BINS):
        low, high = k / CONFIDENCE_BINS, (k + 1) / CONFIDENCE_BINS
        inside = [(c, ok) for c, ok in judged if low <= c < high or (k == CONFIDENCE_BINS - 1 and c == 1.0)]
        if inside:
            bins.append(ConfidenceBin(low, high, len(inside), round(sum(c for c, _ in inside) / len(inside), 4),
                                      round(sum(ok for _, ok in inside) / len(inside), 4)))
    return bins


def _add_per_label(report: Report, gold: Counter, pred: Counter) -> None:
    for label in set(gold) | set(pred):
        report.per_label.setdefault(label, Counts()).add(Counter({label: gold[label]}),
                                                          Counter({label: pred[label]}))


def _gold_countries(gold_event: dict) -> list[str]:
    """Country codes of the gold actors: from `source_actors`/`target_actors` where given, else the
    first three letters of the compact `source`/`target` codes ("SDNGOV" -> "SDN")."""
    actors = [*(gold_event.get("source_actors") or []), *(gold_event.get("target_actors") or [])]
    if actors:
        return [a.get("code") for a in actors]
    return [c[:3] for c in [*(gold_event.get("source") or []), *(gold_event.get("target") or [])]]


def _score_actors(counts: Counts, gold_events: list[dict], doc: Document) -> None:
    unused = list(doc.events)
    matched = 0
    for g in gold_events:
        wanted = {_country(c) for c in _gold_countries(g) if c}
        for event in unused:
            have = {_country(e.country) for e in [*event.actor, *event.recipient]}
            if event.event == _gold_type(g["code"]) and wanted <= have:
                unused.remove(event)
                matched += 1
                break
    counts.tp += matched
    counts.fp += len(doc.events) - matched
    counts.fn += len(gold_events) - matched


# ---- CAMEO ------------------------------------------------------------------------------------
def predicted_roots(doc: Document) -> list[str]:
    roots = [e.cameo[:2] for e in doc.events]
    if not roots and doc.quotes:
        roots = [conventions()["statement_root"]]
    return roots


def _score_cameo(report: Report, records: list[dict], docs: list[Document]) -> None:
    triples = Counts()
    found = asked = 0
    for record, doc in zip(records, docs):
        gold_events = [g for g in record.get("gold_events") or [] if g.get("code")]
        gold = Counter(str(g["code"])[:2] for g in gold_events)
        pred = Counter(predicted_roots(doc))
        report.overall.add(gold, pred)
        _add_per_label(report, gold, pred)
        _note_mismatch(report, record, gold, pred)
        if any(isinstance(g.get("source"), str) for g in gold_events):
            triples.add(Counter(_gold_triple(g) for g in gold_events),
                        Counter(t for e in doc.events for t in _event_triples(e)))
            report.with_actors = triples
            # did the actors of the gold events come out at all (whatever the event)?
            named = {_country(a.country) for e in doc.events for a in [*e.actor, *e.recipient]}
            wanted = {c for g in gold_events for c in _gold_triple(g)[1:] if c}
            found, asked = found + len(wanted & named), asked + len(wanted)
    if asked:
        report.accuracy = {"gold actors among coded participants": (found, asked)}


def _gold_triple(gold_event: dict) -> tuple:
    """(root, source country, target country); PETRARCH-style codes carry the sector after the
    country ("CALGOV" -> "CAL")."""
    def code(c):
        return _country(c[:3]) if isinstance(c, str) and c else None
    return str(gold_event["code"])[:2], code(gold_event.get("source")), code(gold_event.get("target"))


def _event_triples(event) -> list[tuple]:
    """Every (root, actor country, recipient country) an event states; reciprocal events state
    each ordered pair of their parties."""
    root = event.cameo[:2]
    actors = [_country(a.country) for a in event.actor] or [None]
    if event.recipient:
        return [(root, a, _country(r.country)) for a in actors for r in event.recipient]
    if len(actors) > 1:
        return [(root, a, b) for a in actors for b in actors if a != b]
    return [(root, actors[0], None)]


# ---- five classes -----------------------------------------------------------------------------
def predicted_class(doc: Document) -> int:
    roots = predicted_roots(doc)
    return int(conventions()["pentaclass"].get(roots[0], 0)) if roots else 0


def _score_pentaclass(report: Report, records: list[dict], docs: list[Document]) -> None:
    labels = [str(c) for c in range(5)]
    report.per_label = {label: Counts() for label in labels}
    # records labelled only with actor spans carry no class: they are not scored here
    scored = [(r, d) for r, d in zip(records, docs) if r.get("pentaclass") is not None]
    if not scored:
        raise DetenteError("E010", path=report.path, reason="no record has a \"pentaclass\" label")
    report.n = len(scored)
    for record, doc in scored:
        gold, pred = str(record["pentaclass"]), str(predicted_class(doc))
        for label in labels:
            report.per_label[label].add(Counter({label: int(gold == label)}), Counter({label: int(pred == label)}))
        report.overall.add(Counter({gold: 1}), Counter({pred: 1}))
        _note_mismatch(report, record, Counter({gold: 1}), Counter({pred: 1}))
    report.macro_f1 = sum(c.f1 for c in report.per_label.values()) / len(labels)


# ---- ACLED types (CASE 2021) ------------------------------------------------------------------
def _score_acled(report: Report, records: list[dict], docs: list[Document]) -> None:
    """Recall of the PLOVER type that each snippet's ACLED type maps to (conventions.yaml);
    snippets of unmapped types are not scored."""
    mapping = conventions()["acled_to_plover"]
    report.n = 0
    found: Counter = Counter()
    asked: Counter = Counter()
    for record, doc in zip(records, docs):
        wanted = [mapping[g["code"]] for g in record.get("gold_events") or [] if g.get("code") in mapping]
        if not wanted:
            continue
        report.n += 1
        coded = Counter(e.event for e in doc.events)
        for label in wanted:
            asked[label] += 1
            found[label] += coded[label] > 0
        _note_mismatch(report, record, Counter(wanted), coded)
    report.overall = Counts(tp=sum(found.values()), fn=sum(asked.values()) - sum(found.values()))
    report.accuracy = {"PLOVER type recall": (report.overall.tp, sum(asked.values())),
                       **{f"  {label} recall": (found[label], asked[label]) for label in sorted(asked)}}


# ---- actor resolution ---------------------------------------------------------------------------
def _score_actor_cases(records: list[dict], coder: Coder, name: str) -> Report:
    """Country and sector accuracy on actor-resolution cases (text, context, date) -> codes."""

    report = Report(kind="actors", path=name)
    right = {"country": 0, "sector": 0}
    asked = {"country": 0, "sector": 0}
    for record in records:
        if record.get("method") not in ACTOR_METHODS:
            continue
        args = list(record.get("args") or []) + ["", ""]
        text, context, when = args[0], args[1] or None, args[2] or None
        found = resolve_text(text, coder.kb, context=context, day=parse_loose_date(when))
        expected = record.get("expected") or {}
        report.n += 1
        for what, keys, value in (("country", ("country", "cc"), _country(found.country)),
                                  ("sector", ("code_1",), _sector(found.sector))):
            key = next((k for k in keys if k in expected), None)
            if key is None:
                continue
            wanted = expected[key].get("value")
            wanted = wanted if isinstance(wanted, list) else [wanted]
            normalise = _country if what == "country" else _sector
            wanted = [normalise(w or None) for w in wanted]
            asked[what] += 1
            if value in wanted:
                right[what] += 1
            else:
                report.misses.append(f"{text!r} ({context or '-'}, {when or '-'}): {what} "
                                     f"{value} != {'/'.join(str(w) for w in wanted)}")
    report.accuracy = {k: (right[k], asked[k]) for k in right}
    return report


# ---- when and where -----------------------------------------------------------------------------
def _score_when_where(records: list[dict], coder: Coder, name: str) -> Report:
    """How often the top (first) event's date and place agree with Giveme5W1H-style annotations
    (`meta.fiveWoneH.when/where.annotated`). A date agrees at its own precision; a place agrees
    when its name, or its country's name, occurs in an annotated "where" phrase or vice versa."""

    annotated = [r for r in records if (r.get("meta") or {}).get("fiveWoneH")]
    articles = [Article(id=str(r.get("id", i)), text=r["text"], date=_gold_date(r))
                for i, r in enumerate(annotated)]
    report = Report(kind="whenwhere", path=name, n=len(annotated))
    right = {"date": 0, "place": 0, "has event": 0}
    asked = {"date": 0, "place": 0, "has event": len(annotated)}
    countries = coder.kb.country_names
    for record, doc in zip(annotated, coder.code_articles(articles)):
        five = record["meta"]["fiveWoneH"]
        top = doc.events[0] if doc.events else None
        right["has event"] += top is not None
        days = [str(a["parsed"])[:10] for a in five["when"]["annotated"] if a.get("parsed")]
        if days:
            asked["date"] += 1
            right["date"] += bool(top and top.date and any(_same_date(top, d) for d in days))
        wheres = [fold(a["text"]) for a in five["where"]["annotated"] if a.get("text")]
        if wheres:
            asked["place"] += 1
            loc = top.location if top else None
            names = {fold(loc["name"]), fold(countries.get(loc["country"] or "", ""))} - {""} if loc else set()
            right["place"] += any(n in w or w in n for n in names for w in wheres)
    report.accuracy = {k: (right[k], asked[k]) for k in right}
    return report


def _same_date(event, day: str) -> bool:
    size = {"day": 10, "week": 7, "month": 7, "year": 4}[event.date_precision or "day"]
    if event.date_precision == "week":
        start = Date.fromisoformat(event.date)
        return start <= Date.fromisoformat(day) < start + timedelta(days=7)
    return event.date[:size] == day[:size]
