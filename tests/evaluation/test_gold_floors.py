"""The evaluation gate (after trafilatura's): scores on ../shared/gold/dev must not drop."""
from pathlib import Path

import pytest
import yaml

from detente.evaluation import evaluate_file

FLOORS = yaml.safe_load((Path(__file__).parent / "floors.yaml").read_text())


def metric(report, name: str) -> float:
    if name.endswith("_accuracy"):
        right, asked = report.accuracy[name.removesuffix("_accuracy")]
        return right / asked
    return {"f1": report.overall.f1, "macro_f1": report.macro_f1,
            "actors_f1": report.with_actors.f1 if report.with_actors else None}[name]


@pytest.fixture(scope="module")
def reports(shared, coder):
    cache = {}

    def get(name, kind):
        if (name, kind) not in cache:
            cache[name, kind] = evaluate_file(shared / "gold" / "dev" / f"{name}.jsonl", kind, coder)
        return cache[name, kind]
    return get


@pytest.mark.parametrize("gate", FLOORS, ids=lambda g: f"{g['set']}-{g['metric']}")
def test_score_stays_above_its_floor(reports, gate):
    report = reports(gate["set"], gate["kind"])
    value = metric(report, gate["metric"])
    print(f"{gate['set']} {gate['kind']} {gate['metric']} = {value:.3f} (floor {gate['floor']})")
    assert value >= gate["floor"], report.format()
