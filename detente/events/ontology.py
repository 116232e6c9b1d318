"""PLOVER and CAMEO as data: event types, modes, contexts, CAMEO codes with Goldstein scores."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from detente.data_files import bad_entry, data_path, load_yaml, read_tsv
from detente.errors import DetenteError

PLOVER_EVENTS = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)


@dataclass(frozen=True)
class CameoCode:
    code: str
    name: str
    goldstein: float
    quad: int
    plover_event: str | None
    plover_mode: str | None
    plover_context: tuple[str, ...]

    @property
    def root(self) -> str:
        return self.code[:2]


@dataclass(frozen=True)
class Ontology:
    cameo: dict[str, CameoCode]
    representative_cameo: dict[str, str]   # PLOVER type -> CAMEO code used when only the type is known
    modes: dict[str, frozenset[str]]
    contexts: frozenset[str]

    def cameo_code(self, code: str) -> CameoCode:
        """The entry for `code`, falling back to its parent codes (a 4-digit code to its 3-digit)."""
        for length in range(len(code), 1, -1):
            entry = self.cameo.get(code[:length])
            if entry is not None:
                return entry
        raise KeyError(code)


@lru_cache(maxsize=1)
def load_ontology() -> Ontology:
    cameo = _load_cameo(data_path("ontology", "cameo.tsv"))
    plover_path = data_path("ontology", "plover.yaml")
    plover = load_yaml(plover_path)
    representative, modes = {}, {}
    for name in PLOVER_EVENTS:
        spec = plover["events"].get(name)
        if spec is None:
            raise bad_entry(plover_path, plover["events"], f"PLOVER type {name} is missing")
        code = str(spec["cameo"])
        if code not in cameo:
            raise bad_entry(plover_path, spec, f"{name}: CAMEO code {code} is not in cameo.tsv")
        representative[name] = code
        modes[name] = frozenset(k for k in (spec.get("modes") or {}) if k != "__line__")
    contexts = frozenset(k for k in plover["contexts"] if k != "__line__")
    return Ontology(cameo=cameo, representative_cameo=representative, modes=modes, contexts=contexts)


def _load_cameo(path: Path) -> dict[str, CameoCode]:
    codes = {}
    for line, row in read_tsv(path):
        try:
            event = row["plover_event"] or None
            if event is not None and event not in PLOVER_EVENTS:
                raise ValueError(f"unknown PLOVER type {event!r}")
            codes[row["code"]] = CameoCode(
                code=row["code"],
                name=row["name"],
                goldstein=float(row["goldstein"]),
                quad=int(row["quad"]),
                plover_event=event,
                plover_mode=row["plover_mode"] or None,
                plover_context=tuple(c for c in row["plover_context"].split("|") if c),
            )
        except (KeyError, ValueError) as exc:
            raise DetenteError("E008", path=path, where=f" line {line}", reason=str(exc)) from None
    return codes
