"""PLOVER contexts of an event: the CAMEO code's own context plus keywords in its sentence."""
from __future__ import annotations

import re
from functools import lru_cache

from spacy.tokens import Span as SpacySpan

from detente.data_files import data_path, read_tsv


@lru_cache(maxsize=1)
def load_keywords() -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]], re.Pattern]:
    """(single-word lemma -> contexts, phrase -> contexts, one pattern finding every phrase)."""
    words: dict[str, list[str]] = {}
    phrases: dict[str, list[str]] = {}
    for _, row in read_tsv(data_path("ontology", "contexts.tsv")):
        keyword, context = row["keyword"].lower(), row["context"]
        table = phrases if " " in keyword or "-" in keyword else words
        table.setdefault(keyword, []).append(context)
    alternation = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True)) or "(?!)"
    pattern = re.compile(rf"\b(?:{alternation})\b")
    return ({k: tuple(v) for k, v in words.items()}, {k: tuple(v) for k, v in phrases.items()}, pattern)


def sentence_contexts(sent: SpacySpan) -> list[str]:
    words, phrases, pattern = load_keywords()
    found: list[str] = []
    for tok in sent:
        for key in (tok.lemma_.lower(), tok.lower_):
            found.extend(words.get(key, ()))
    for phrase in pattern.findall(sent.text.lower()):
        found.extend(phrases[phrase])
    return list(dict.fromkeys(found))


def event_contexts(cameo_contexts: tuple[str, ...], keyword_contexts: list[str]) -> list[str]:
    return list(dict.fromkeys([*cameo_contexts, *keyword_contexts]))
