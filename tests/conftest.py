from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests (tests/*/test_fuzz_*.py) draw the same examples on every run, so a red CI is
# reproduced by running the same test again; HYPOTHESIS_PROFILE=default explores new examples.
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"


def shared_dir() -> Path:
    """../shared beside the checkout (CI has it there); DETENTE_SHARED overrides."""
    return Path(os.environ.get("DETENTE_SHARED", ROOT.parent / "shared"))


@pytest.fixture(scope="session")
def shared() -> Path:
    path = shared_dir()
    # Not a skip: the gold gates are part of the contract and must not pass silently.
    assert (path / "gold" / "dev").is_dir(), f"../shared not found at {path}; set DETENTE_SHARED"
    return path


@pytest.fixture(scope="session")
def coder():
    from detente import Coder
    return Coder()


@pytest.fixture(scope="session")
def code(coder):
    def run(text: str, date: str | None = "2025-02-07"):
        return coder.code(text, date=date)
    return run
