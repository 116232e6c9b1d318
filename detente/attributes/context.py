"""PLOVER contexts of an event: the CAMEO code's own context plus keywords in its sentence."""
from __future__ import annotations

import re
from functools import lru_cache

from spacy.tokens import Span as SpacySpan

from detente.data_files import data_path, read_tsv


@lru_cache(maxsize=1)
def load_keywords() -> tuple[dict[str, tuple[str, ...]], list[tuple[re.Pattern, str]]]:
    """(single-word lemma -> contexts, [(phrase pattern, context)])."""
    words: dict[str, list[str]] = {}
    phrases = []
    for _, row in read_tsv(data_path("ontology", "contexts.tsv")):
        keyword, context = row["keyword"].lower(), row["context"]
        if " " in keyword or "-" in keyword:
            phrases.append((re.compile(rf"\b{re.escape(keyword)}\b"), context))
        else:
            words.setdefault(keyword, []).append(context)
    return {k: tuple(v) for k, v in words.items()}, phrases


def sentence_contexts(sent: SpacySpan) -> list[str]:
    words, phrases = load_keywords()
    found: list[str] = []
    for tok in sent:
        for key in (tok.lemma_.lower(), tok.lower_):
            found.extend(words.get(key, ()))
    lowered = sent.text.lower()
    found.extend(context for pattern, context in phrases if pattern.search(lowered))
    return list(dict.fromkeys(found))


def event_contexts(cameo_contexts: tuple[str, ...], keyword_contexts: list[str]) -> list[str]:
    return list(dict.fromkeys([*cameo_contexts, *keyword_contexts]))
