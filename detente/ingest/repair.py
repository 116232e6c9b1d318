"""Repair of messy input text before it is coded: broken Unicode, hard wrapping, lost case.

Every article read by `detente code` and `detente ingest` passes through `repair_article` as it
leaves the readers (`readers.read_inputs`, `sources.Sources`), before language detection and
coding. **The repaired text is the article's text from then on**: it is what is hashed, stored
and coded, and every evidence offset points into it, not into the bytes that were read.

Three fixes, each switched on and tuned in `data/repair.yaml`, each acting only when its
detector says the text needs it (a clean text comes back unchanged, byte for byte):

- `unicode`: mojibake and broken Unicode (`itâ€™s` -> `it’s`) by ftfy. Text without a trace of
  mojibake (`MOJIBAKE_HINT`: always so for ASCII) skips ftfy, which keeps the common case free.
- `dewrap`: hard-wrapped lines inside a paragraph are joined (`dewrap.py`); paragraph breaks,
  headlines, datelines, lists and tables keep their line breaks.
- `lowercase` / `allcaps`: lines typed all in lower case or ALL IN CAPITALS get sentence
  capitals, "I" and the cased forms of known names (`recase.py`).

Order matters: mojibake is decoded first (a decoded quote or dash changes how a line ends), then
lines are joined (sentence starts are found on whole paragraphs), then case is restored.
"""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterable, Iterator

from detente.data_files import LINE_KEY, load_package_yaml
from detente.ingest.limits import limit
from detente.records import Article

# What UTF-8 read as Windows-1252 or Latin-1 always leaves: a lead byte shown as one of Â-ô
# followed by a continuation byte shown as a C1 control, a Latin-1 sign (U+00A0-U+00BF) or a
# Windows-1252 punctuation or letter; or a C1 control alone; or "Â " (a no-break space, C2 A0,
# whose second byte became a plain space); or a stray byte-order mark, glued to the next word.
# Text without any of these is not handed to ftfy, which would spend about a millisecond per
# 2,000 characters finding nothing.
MOJIBAKE_HINT = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122\ufffd]|[\u0080-\u009f\ufeff]|\u00c2 ")
LOST_QUOTE = "â€\ufffd"
LOST_QUOTE_BYTES = "â€\x9d"      # the same sequence with its last byte back, as ftfy reads it


@dataclass(frozen=True)
class Repaired:
    text: str
    fixes: tuple[str, ...] = ()      # the fixes that changed the text, in the order applied

    @property
    def changed(self) -> bool:
        return bool(self.fixes)


def repair_text(text: str, settings: dict | None = None) -> Repaired:
    """The repaired text and which fixes changed it; `settings` as in data/repair.yaml."""
    if not text.strip():
        return Repaired(text)            # nothing to code: the readers refuse it as it is
    settings = settings or repair_settings()
    fixes: list[str] = []
    for name, fix in _FIXES:
        section = settings[name]
        if not section["enabled"]:
            continue
        fixed = fix(text, section)
        fixed, kinds = fixed if isinstance(fixed, tuple) else (fixed, [name])   # recase names its kinds
        if fixed != text and _still_codable(fixed, text):
            fixes.extend(kinds)
            text = fixed
    return Repaired(text, tuple(fixes))


def _still_codable(fixed: str, text: str) -> bool:
    """A repair never leaves a text blank (a lone byte-order mark: ftfy drops it) or longer
    than the limit (NFC turns a few characters into two)."""
    return bool(fixed.strip()) and len(fixed) <= max(len(text), limit("max_document_chars"))


def repair_article(article: Article) -> Article:
    """The article with its text repaired (the same object when nothing needed repair)."""
    repaired = repair_text(article.text)
    return dataclasses.replace(article, text=repaired.text) if repaired.changed else article


def repair_items(items: Iterable[Any]) -> Iterator[Any]:
    """Articles, or items carrying one (`SourceItem`), repaired; anything else (a `ReadIssue`)
    passed on as it is."""
    for item in items:
        if isinstance(item, Article):
            yield repair_article(item)
        elif isinstance(getattr(item, "article", None), Article):
            article = repair_article(item.article)
            yield item if article is item.article else dataclasses.replace(item, article=article)
        else:
            yield item


@lru_cache(maxsize=1)
def repair_settings() -> dict:
    return load_package_yaml("repair.yaml")


# -- unicode --------------------------------------------------------------------------------


def fix_unicode(text: str, settings: dict) -> str:
    if text.isascii() or not MOJIBAKE_HINT.search(text):
        return text
    import ftfy
    restored = settings.get("restore_lost_quote", True) and LOST_QUOTE in text and "\x9d" not in text
    if restored:
        text = text.replace(LOST_QUOTE, LOST_QUOTE_BYTES)
    fixed = ftfy.fix_text(text, _ftfy_config(_frozen(settings.get("ftfy") or {})))
    if restored and "\x9d" in fixed:     # ftfy saw no mojibake after all: take the byte out again
        fixed = fixed.replace("\x9d", "\ufffd")
    return fixed


def _frozen(options: dict) -> tuple:
    return tuple(sorted((k, v) for k, v in options.items() if k != LINE_KEY))


@lru_cache(maxsize=4)
def _ftfy_config(options: tuple):
    import ftfy
    return ftfy.TextFixerConfig(**dict(options))


def _dewrap(text: str, settings: dict) -> str:
    from detente.ingest.dewrap import dewrap
    return dewrap(text, settings)


def _recase(text: str, settings: dict) -> tuple[str, list[str]]:
    from detente.ingest.recase import recase
    return recase(text, settings)


_FIXES = (("unicode", fix_unicode), ("dewrap", _dewrap), ("case", _recase))
