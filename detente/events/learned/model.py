"""Apply the learned event-type model: a multinomial logistic regression over hashed lower-case
word unigrams and bigrams, with a temperature fitted on held-out stories so that its
probabilities are calibrated. Applying it is a few hundred array lookups per sentence."""
from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

import numpy as np

from detente.data_files import data_path
from detente.events.learned.confidence import Calibrator, EventEvidence

MODEL_FILE = ("models", "event_type.npz")
_NUMBER = re.compile(r"\d")


def _word(text: str) -> str | None:
    """The form a token contributes: lower case, digits as 0, punctuation dropped."""
    if not any(c.isalnum() for c in text):
        return None
    return _NUMBER.sub("0", text.lower())


def sentence_features(tokens: Iterable[str], bits: int) -> np.ndarray:
    """Hashed ids of the unigrams and bigrams of `tokens` (crc32: stable across runs and
    machines, unlike Python's salted hash)."""
    words = [w for w in (_word(t) for t in tokens) if w]
    grams = words + [f"{a} {b}" for a, b in zip(words, words[1:])]
    mask = (1 << bits) - 1
    return np.unique(np.fromiter((zlib.crc32(g.encode()) & mask for g in grams), dtype=np.int64,
                                 count=len(grams)))


@dataclass(frozen=True)
class TypeModel:
    labels: tuple[str, ...]
    weights: np.ndarray        # (2**bits, labels)
    bias: np.ndarray           # (labels,)
    temperature: float
    bits: int
    calibrator: Calibrator | None = None

    def confidence(self, evidence: EventEvidence) -> float | None:
        return self.calibrator.confidence(evidence) if self.calibrator is not None else None

    def probabilities(self, tokens: Iterable[str]) -> dict[str, float]:
        ids = sentence_features(tokens, self.bits)
        logits = self.bias + self.weights[ids].sum(axis=0, dtype=np.float32)
        logits = logits / self.temperature
        exp = np.exp(logits - logits.max())
        probs = exp / exp.sum()
        return {label: float(p) for label, p in zip(self.labels, probs)}


@lru_cache(maxsize=1)
def load_type_model() -> TypeModel | None:
    """The committed model; None when the file is missing (before `make model` first ran)."""
    path = data_path(*MODEL_FILE)
    if not path.exists():
        return None
    with np.load(path) as saved:
        calibration = saved["calibration"] if "calibration" in saved.files else None
        return TypeModel(labels=tuple(str(x) for x in saved["labels"]), weights=saved["weights"],
                         bias=saved["bias"].astype(np.float32), temperature=float(saved["temperature"]),
                         bits=int(saved["bits"]),
                         calibrator=Calibrator(calibration) if calibration is not None else None)
