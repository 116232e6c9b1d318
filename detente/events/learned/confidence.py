"""How likely a coded event is right: a logistic calibration over what the coder knows about it.

The features are the learned model's probability of the event's type in its sentence (its logit),
whether the actor and the recipient resolved to a country, and whether the event is asserted.
`train.py` fits the weights on the lead sentences of held-out synthetic stories (an event is right
when its type is the story's) and shifts their level to our own labelled sentences; `detente eval`
reports how well the result is calibrated on gold data.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from detente.records import Event

FEATURES = ("bias", "type_logit", "actor_country", "recipient_country", "asserted")


@dataclass(frozen=True)
class EventEvidence:
    type_probability: float
    actor_country: bool
    recipient_country: bool
    asserted: bool

    def vector(self) -> np.ndarray:
        p = min(max(self.type_probability, 1e-4), 1 - 1e-4)
        return np.array([1.0, math.log(p / (1 - p)), self.actor_country, self.recipient_country,
                         self.asserted], dtype=np.float64)


def evidence_of(event: Event, type_probabilities: dict[str, float]) -> EventEvidence:
    return EventEvidence(type_probabilities.get(event.event, 0.0),
                         bool(event.actor and event.actor[0].country),
                         bool(event.recipient and event.recipient[0].country),
                         event.modality == "asserted")


@dataclass(frozen=True)
class Calibrator:
    weights: np.ndarray      # one per FEATURES

    def confidence(self, evidence: EventEvidence) -> float:
        z = float(self.weights @ evidence.vector())
        return round(1.0 / (1.0 + math.exp(-z)), 3)


def fit_calibrator(vectors: np.ndarray, right: np.ndarray, l2: float = 1e-2, steps: int = 50) -> Calibrator:
    """Logistic regression by Newton's method (five weights: a few steps suffice)."""
    weights = np.zeros(vectors.shape[1])
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-vectors @ weights))
        gradient = vectors.T @ (p - right) + l2 * weights
        hessian = (vectors * (p * (1 - p))[:, None]).T @ vectors + l2 * np.eye(len(weights))
        weights -= np.linalg.solve(hessian, gradient)
    return Calibrator(weights)
