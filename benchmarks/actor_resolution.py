"""How much actor resolution adds to `detente code`, measured in one run.

    python benchmarks/actor_resolution.py [--n 300]

Parses the articles once, codes them (timing the whole of `detente code`: parse plus the rest),
and times every call into the actor resolver (finding names, resolving phrases) on the way.
Prints the resolver's time as a share of the coding time without it.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).parent))

from throughput import DEFAULT_CORPUS, load_articles  # noqa: E402

from detente import Coder  # noqa: E402
from detente.actors import resolve as resolve_module  # noqa: E402

spent = 0.0


def timed(function):
    def wrapper(*args, **kwargs):
        global spent
        start = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            spent += time.perf_counter() - start
    return wrapper


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=300)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = parser.parse_args()
    articles = load_articles(args.corpus, args.n)
    coder = Coder()
    coder.code("Warm-up: the president met the prime minister.")

    resolver = resolve_module.ActorResolver
    # the outermost calls only: resolve() recurses, and __init__ finds the names
    resolver.__init__ = timed(resolver.__init__)
    original_resolve = resolver.resolve
    depth = {"n": 0}

    def outer_resolve(self, head):
        global spent
        if depth["n"]:
            return original_resolve(self, head)
        depth["n"] += 1
        start = time.perf_counter()
        try:
            return original_resolve(self, head)
        finally:
            depth["n"] -= 1
            spent += time.perf_counter() - start
    resolver.resolve = outer_resolve

    start = time.perf_counter()
    docs = list(coder.code_articles(articles))
    total = time.perf_counter() - start
    print(f"{len(docs)} documents coded in {total:.1f}s; actor resolution {spent:.1f}s")
    print(f"actor resolution adds {100 * spent / (total - spent):.1f}% to the time of detente code")


if __name__ == "__main__":
    main()
