"""Helpers of the property (fuzz) tests: a hard wall-clock limit on one call, and the shape every
error message of ours has."""
from __future__ import annotations

import re
import threading
from typing import Callable, TypeVar

T = TypeVar("T")

# `[E016] input 'x.txt': ...`: a catalogued code, then one line.
ERROR_LINE = re.compile(r"\[E\d{3}\] [^\n]+")


def within(seconds: float, call: Callable[[], T]) -> T:
    """`call()`, failing the test if it takes longer than `seconds`. The call runs on a daemon
    thread, so a hang (even inside C code, where a signal would wait) fails the test instead of
    stopping the run; hypothesis's `deadline` only measures a call that has already returned."""
    outcome: dict[str, object] = {}

    def run() -> None:
        try:
            outcome["value"] = call()
        except BaseException as exc:      # handed to the test's thread as it is
            outcome["error"] = exc

    worker = threading.Thread(target=run, daemon=True, name="fuzz-call")
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        raise AssertionError(f"no answer within {seconds:g} s: a hang")
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["value"]  # type: ignore[return-value]
