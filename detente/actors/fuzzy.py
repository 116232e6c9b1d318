"""Near misses of known names: "Kazahks", "Dehli", "Mohammed Hussein Roble", "Ahlu Sunnah Waljama".

News spells names in several ways (transliterations, doubled letters, hyphens) and misspells
them. A name the exact matchers miss is compared, on a loose key (folded letters only, repeated
letters collapsed), with every alias of the knowledge base: one insertion, deletion, substitution
or swap of neighbouring letters is forgiven, by the symmetric-deletion method (each key and each
of its one-letter deletions are indexed, so a lookup is a few dictionary probes, not a scan).

Which names may be matched loosely is in `data/kb/fuzzy.yaml`: people only by a full name (a
surname one letter from a known one is usually somebody else: Johnson, Johnston), everything else
also by a single word, never a common English word ("Parks" is not Paris).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from detente.actors.kb import KnowledgeBase
from detente.data_files import load_package_yaml
from detente.nlp import fold

_NOT_LETTER = re.compile(r"[^a-z]+")
_REPEAT = re.compile(r"(.)\1+")


@dataclass(frozen=True)
class FuzzySettings:
    min_key_letters: int        # shorter keys are too easy to hit by chance
    min_person_key_letters: int
    person_min_words: int


@lru_cache(maxsize=1)
def settings() -> FuzzySettings:
    raw = load_package_yaml("kb", "fuzzy.yaml")
    return FuzzySettings(int(raw["min_key_letters"]), int(raw["min_person_key_letters"]),
                         int(raw["person_min_words"]))


def loose_key(text: str) -> str:
    """"Ahlu Sunnah Wal-Jama'a" -> "ahlusunahwaljama": letters only, accents and case folded,
    doubled letters single (Mohammed/Mohamed, Jamaa/Jama)."""
    return _REPEAT.sub(r"\1", _NOT_LETTER.sub("", fold(text)))


def _variants(key: str) -> set[str]:
    return {key, *(key[:i] + key[i + 1:] for i in range(len(key)))}


@dataclass(frozen=True)
class Target:
    """What a loose key stands for: a KB alias, or a demonym (lower case) of a country."""

    alias: str | None = None
    demonym: str | None = None


class FuzzyIndex:
    def __init__(self, kb: KnowledgeBase) -> None:
        self._kb = kb
        self._index: dict[str, set[Target]] = {}
        rules = settings()
        for surface, entries in kb.aliases.items():
            person = all(e.kind == "person" for e in entries)
            if person and len(surface.split()) < rules.person_min_words:
                continue
            self._add(surface, Target(alias=surface),
                      rules.min_person_key_letters if person else rules.min_key_letters)
        for demonym in kb.demonyms:
            self._add(demonym, Target(demonym=demonym), rules.min_key_letters)

    def _add(self, surface: str, target: Target, min_letters: int) -> None:
        key = loose_key(surface)
        if len(key) < min_letters:
            return
        for variant in _variants(key):
            self._index.setdefault(variant, set()).add(target)

    def lookup(self, text: str, single_word: bool) -> Target | None:
        """The one actor `text` is a near miss of; None when there is none or more than one. A
        single word must keep its first letter (a first-letter slip is rarely a typo) and can
        only match a single-word name."""
        key = loose_key(text)
        if len(key) < settings().min_key_letters:
            return None
        found: dict[tuple, Target] = {}
        for variant in _variants(key):
            for target in self._index.get(variant, ()):
                name = target.alias or target.demonym or ""
                if single_word and (len(name.split()) > 1 or loose_key(name)[:1] != key[:1]):
                    continue
                found.setdefault(self._actor(target), target)
        return next(iter(found.values())) if len(found) == 1 else None

    def _actor(self, target: Target) -> tuple:
        """Two aliases of one actor ("Wal Jama'a", "Wal Jamaa") are one answer, not a tie."""
        if target.demonym is not None:
            return ("country", self._kb.demonyms[target.demonym])
        entries = self._kb.aliases[target.alias]
        if all(e.kind == "country" for e in entries):      # "Latvia" and "Latvian" are one
            return ("country", entries[-1].country)
        return tuple(sorted(e.id for e in entries))


@lru_cache(maxsize=8)
def fuzzy_index(kb: KnowledgeBase) -> FuzzyIndex:
    return FuzzyIndex(kb)
