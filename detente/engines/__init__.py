"""Where coding runs: in this process (`Coder`), in worker processes on this machine
(`LocalEngine`), or on a Ray cluster (`engines.ray_engine`). Every engine turns (article,
context) pairs into (context, Document) pairs in input order, so `corpus.ingest` and the
results do not depend on which one ran."""
from detente.engines.local import LocalEngine

__all__ = ["LocalEngine"]
