"""Which language a document is in, so that ingest codes English and skips the rest with a reason.

py3langid ships its model inside the PyPI package (no download); it classifies a 2,000-character
sample in well under a millisecond. Thresholds are in data/store.yaml (`language`).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from detente.data_files import load_package_yaml
from detente.errors import DetenteError


@dataclass(frozen=True)
class LanguageCheck:
    language: str | None      # ISO 639-1, or None when the text is too short to judge
    confidence: float
    accepted: bool


@lru_cache(maxsize=1)
def _settings() -> dict:
    return load_package_yaml("store.yaml")["language"]


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier
    try:
        return LanguageIdentifier.from_model_file(MODEL_DIR / MODEL_FILE, norm_probs=True)
    except OSError as exc:          # a full or read-only temporary folder
        raise DetenteError("E036", reason=exc.strerror or str(exc)) from None


def check_language(text: str) -> LanguageCheck:
    settings = _settings()
    sample = text[: settings["sample_chars"]]
    if len(sample.strip()) < settings["min_chars"]:
        return LanguageCheck(None, 0.0, True)
    language, confidence = _identifier().classify(sample)
    accepted = language in settings["accept"] or confidence < settings["min_confidence"]
    return LanguageCheck(language, float(confidence), accepted)
