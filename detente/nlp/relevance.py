"""The relevance pre-filter: parse only the sentences that can yield a record.

Parsing is nearly all of the cost of coding, and most news sentences hold no political event
("Prices rose 3% in March."). Before parsing, the text is cut into rough sentences with spaCy's
tokenizer alone (cheap) and each is kept only if it

- has a word that can trigger an event or report speech (any inflection of a lexicon lemma or
  a speech verb) and a word that can name an actor (a capitalised word, a pronoun, a role or
  group noun, a demonym), or
- holds an amount ("$100 billion"; amounts are records even without an event), or
- opens the document (the lead sets the story's place and the countries later roles refer to).

Skipped sentences are blanked, not cut: the masked text has the same length and the same line
breaks, so every character offset the coder reports still points into the original article.
The filter is recall-first; `benchmarks/throughput.py` and `--prefilter off|strict` measure
what it costs and saves.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Iterable

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.tokens import Doc

SENTENCE_END = {".", "!", "?", "…"}
CLOSING = {"'", '"', "”", "’", ")", "]", "»"}
# "Gen. Smith", "Sen. Warren": a short title-case word before a full stop is an abbreviation
ABBREVIATION = re.compile(r"^[A-Z][a-z]{0,3}$")
NOT_BLANK = re.compile(r"[^\n]")


@dataclass(frozen=True)
class Masked:
    text: str                   # as long as the input, skipped sentences blank (line breaks kept)
    skipped: tuple[int, ...]    # where each skipped sentence starts (character offsets)
    too_long: tuple[tuple[int, int], ...] = ()   # (start, length) of sentences over the limit


class RelevanceFilter:
    """Blanks the sentences not worth parsing: irrelevant ones when `filtering`, and always
    those longer than `max_sentence_chars` (data/limits.yaml)."""

    def __init__(self, nlp: Language, event_words: Iterable[str], actor_words: Iterable[str],
                 name_starts: Iterable[str], holds_record: Callable[[str], bool], keep_lead: bool = True,
                 filtering: bool = True, max_sentence_chars: int = 5000) -> None:
        self.filtering, self.max_sentence_chars = filtering, max_sentence_chars
        self.tokenizer = nlp.tokenizer
        self.event_words = frozenset(event_words)
        self.actor_words = frozenset(actor_words)
        self.name_starts = frozenset(name_starts)      # first words of known names, case kept
        self.common_words = common_words(nlp)
        self.holds_record = holds_record                # e.g. "has an amount"
        self.keep_lead = keep_lead

    def mask(self, text: str) -> Masked:
        if not self.filtering and len(text) <= self.max_sentence_chars:
            return Masked(text, ())         # nothing to blank: no need to split
        pieces, skipped, too_long, cursor = [], [], [], 0
        for index, (start, end, words) in enumerate(rough_sentences(self.tokenizer(text))):
            if end - start > self.max_sentence_chars:
                too_long.append((start, end - start))
            elif not self.filtering or (index == 0 and self.keep_lead) or self._relevant(words, text[start:end]):
                continue
            pieces.append(text[cursor:start])
            pieces.append(NOT_BLANK.sub(" ", text[start:end]))
            cursor = end
            skipped.append(start)
        if not skipped:
            return Masked(text, ())
        pieces.append(text[cursor:])
        return Masked("".join(pieces), tuple(skipped), tuple(too_long))

    def _relevant(self, words: list[tuple[str, str]], sentence: str) -> bool:
        lowered = [lower for _, lower in words]
        if any(w in self.event_words for w in lowered) and self._names_actor(words):
            return True
        return self.holds_record(sentence)

    def _names_actor(self, words: list[tuple[str, str]]) -> bool:
        for position, (text, lower) in enumerate(words):
            if lower in self.actor_words:
                return True
            if text[:1].isupper() and (position > 0 or text in self.name_starts
                                       or not self._is_common(lower)):
                return True
        return False

    def _is_common(self, lower: str) -> bool:
        """"Prices" opening a sentence is a word; "Romney" is a name."""
        return any(stem in self.common_words for stem in (lower, lower[:-1], lower[:-2]))


def rough_sentences(doc: Doc) -> Iterable[tuple[int, int, list[tuple[str, str]]]]:
    """(start char, end char, [(word, lower-case word)]) per rough sentence: ends at . ! ? (with
    any closing quotes) before a capital, quote or digit, and at line breaks. Rougher than the
    parser's split, which is still the one the coder uses for what is kept."""
    words: list[tuple[str, str]] = []
    start = None
    tokens = list(doc)
    for i, token in enumerate(tokens):
        if token.is_space:
            if "\n" in token.text and start is not None:
                yield start, token.idx, words
                words, start = [], None
            continue
        if start is None:
            start = token.idx
        words.append((token.text, token.lower_))
        ends_line = "\n" in token.whitespace_ or (i + 1 < len(tokens) and "\n" in tokens[i + 1].text
                                                  and tokens[i + 1].is_space)
        if ends_line or _ends_sentence(tokens, i):
            yield start, token.idx + len(token.text), words
            words, start = [], None
    if start is not None:
        yield start, len(doc.text), words


def _ends_sentence(tokens, i: int) -> bool:
    token = tokens[i]
    closes_quote = token.text in CLOSING and i > 0 and tokens[i - 1].text in SENTENCE_END
    if not closes_quote and token.text not in SENTENCE_END:
        return False
    if not closes_quote and i > 0 and ABBREVIATION.match(tokens[i - 1].text) and not tokens[i - 1].whitespace_:
        return False
    following = tokens[i + 1] if i + 1 < len(tokens) else None
    if following is None:
        return True
    if not closes_quote and following.text in CLOSING:
        return False                     # the closing quote after it ends the sentence
    first = following.text[:1]
    return first.isupper() or first.isdigit() or first in "\"'“‘("


@lru_cache(maxsize=None)
def irregular_forms(nlp: Language) -> dict[str, frozenset[str]]:
    """lemma -> irregular inflections ("meet" -> "met"), from the English lemmatizer's own
    exception table, so the filter knows every form the parse can lemmatise to a trigger."""
    table = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_exc")
    forms: dict[str, set[str]] = {}
    for pos in ("verb", "noun"):
        for form, lemmas in table[pos].items():
            for lemma in lemmas:
                forms.setdefault(lemma, set()).add(form)
    return {lemma: frozenset(f) for lemma, f in forms.items()}


@lru_cache(maxsize=None)
def common_words(nlp: Language) -> frozenset[str]:
    """Lower-case English words (the lemmatizer's index of nouns, verbs, adjectives, adverbs and
    its exceptions): what a capitalised sentence opener is when it is not a name."""
    lookups = nlp.get_pipe("lemmatizer").lookups
    index, exceptions = lookups.get_table("lemma_index"), lookups.get_table("lemma_exc")
    words = {w for pos in index.keys() for w in index[pos]}
    words |= {w for pos in exceptions.keys() for w in exceptions[pos]}
    return frozenset(words) | STOP_WORDS


def word_forms(lemma: str, nlp: Language) -> set[str]:
    """Every form an English verb or noun lemma can take, over-generated on purpose: a spare
    form costs a parse, a missing one loses an event."""
    word = lemma.lower()
    forms = {word, word + "s", word + "es", word + "d", word + "ed", word + "ing",
             word + word[-1:] + "ed", word + word[-1:] + "ing"}
    if word.endswith("e"):
        forms.add(word[:-1] + "ing")
    if word.endswith("y"):
        forms.update((word[:-1] + "ies", word[:-1] + "ied"))
    if word.endswith("f"):
        forms.add(word[:-1] + "ves")
    return forms | irregular_forms(nlp).get(word, frozenset())
