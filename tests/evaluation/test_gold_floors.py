"""The evaluation gate (after trafilatura's): scores on ../shared/gold/dev (and annotated corpora)
must not drop below the floors in floors.yaml."""
from pathlib import Path

import pytest
import yaml

from detente.evaluation import evaluate_file

FLOORS = yaml.safe_load((Path(__file__).parent / "floors.yaml").read_text())


def metric(report, name: str) -> float:
    if name.endswith("_accuracy"):
        right, asked = report.accuracy[name.removesuffix("_accuracy")]
        return right / asked
    if name == "calibration":             # 1 - expected calibration error of event confidence
        return 1 - report.calibration_error
    return {"f1": report.overall.f1, "macro_f1": report.macro_f1, "recall": report.overall.recall,
            "actors_f1": report.with_actors.f1 if report.with_actors else None}[name]


@pytest.fixture(scope="module")
def reports(shared, coder):
    cache = {}

    def get(gate):
        path = shared / (gate.get("path") or f"gold/dev/{gate['set']}.jsonl")
        key = (path, gate["kind"])
        if key not in cache:
            cache[key] = evaluate_file(path, gate["kind"], coder)
        return cache[key]
    return get


@pytest.mark.parametrize("gate", FLOORS, ids=lambda g: f"{g['set']}-{g['metric']}")
def test_score_stays_above_its_floor(reports, gate):
    report = reports(gate)
    value = metric(report, gate["metric"])
    print(f"{gate['set']} {gate['kind']} {gate['metric']} = {value:.3f} (floor {gate['floor']})")
    assert value >= gate["floor"], report.format()
