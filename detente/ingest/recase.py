"""Restoring case in text typed all in lower case or ALL IN CAPITALS.

spaCy's tagger, parser and entity recogniser lean on capitals, the knowledge base finds short
names ("BJP", "UN") only with their case, and the relevance pre-filter looks for capitalised
words; a lower-cased report loses most of its events. A line is judged one by one (a properly
cased headline above a lower-cased body stays as it is):

- lower-cased: enough letters, almost no capitals, more sentences opening in lower case than
  in upper case, and either two of them or a known name written in lower case ("bjp");
- ALL CAPS: nearly every letter a capital, and mostly letters (not a table of figures). Such a
  line is lowered first, then treated as a lower-cased one.

A judged line gets capitals at sentence starts (line start, after . ! ?, after a dateline's
colon, at a quotation opening after "said,"), "I", the cased form of known names, longest match
first (the actor knowledge base's aliases and demonyms, gazetteer cities, and
data/lexicon/casing.yaml), month names next to a number, titles and the name after them ("mr
vajpayee"), and initials before a name ("l k advani"). Only letters change case: the repaired
line is exactly as long as the original, so offsets within it are kept.

Names that are also ordinary English words ("rice", "apple", "may", "us") are left in lower
case: a wrong capital misleads the parser more than a missing one.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from detente.data_files import load_package_yaml

WORD = re.compile(r"[^\W_]+")
# a full stop (not an ellipsis), closing quotes, then a space or an opening quote, then a letter
SENTENCE_END = re.compile(r"(?<![.])[.!?]([\"'”’)\]]*)(?:\s+[\"'“‘(\[]*|[“‘])([^\W\d_])")
LINE_START = re.compile(r"^\s*[\"'“‘(\[-]*([^\W\d_])")
QUOTE_OPENING = re.compile(r"[,:]\s+[\"“]([^\W\d_])")
DATELINE = re.compile(r"^\s*([^\W\d_][^\W\d_ .'-]*(?:[ .'-]+[^\W\d_]+){0,3})\s*:\s+[\"'“‘]*([^\W\d_])")
STANDALONE_I = re.compile(r"(?<![\w.'’-])i(?![\w.-])")
ENDS_MID_SENTENCE = re.compile(r"[\w,;-]$")
# two or three spaced single letters ("l k", "p. c.") before a word: initials before a name;
# a lone "a" opening the run is the article
INITIALS = re.compile(r"(?<![\w.'’-])(?!a )(?P<letters>[^\W\d_](?:\.? [^\W\d_]){1,2})\.? (?P<name>[^\W\d_]{3,})\b")
URL = re.compile(r"\w://|www\.|\w@\w")
VOWELS = set("aeiouy")


@dataclass(frozen=True)
class CaseTable:
    names: dict[str, str]              # lower-case phrase -> its cased form, as long
    first_words: frozenset[str]        # first words of those phrases: most words start none
    numbered_month: re.Pattern         # "march 15", "15 march": capitalised only next to a number
    titled_name: re.Pattern            # "mr vajpayee": the title and the word after it
    abbreviations: frozenset[str]      # a full stop after these ends no sentence
    after_quote: frozenset[str]        # '"...?" asked the minister': no capital after a quotation
    stop_words: frozenset[str]
    known_words: frozenset[str]        # every English word the lemmatizer knows
    max_words: int


def recase(text: str, settings: dict) -> tuple[str, list[str]]:
    """The text with judged lines recased, and which kinds of line were ("lowercase",
    "allcaps")."""
    lines = text.split("\n")
    verdicts = _verdicts(lines, settings)
    if not any(verdicts):
        return text, []
    table = _table(settings)
    out, kinds, previous = [], [], ""
    for line, verdict in zip(lines, verdicts):
        if verdict:
            fixed = recase_line(line, verdict == "allcaps", _opens_sentence(previous), table)
            if fixed != line:
                kinds.append(verdict)
                line = fixed
        out.append(line)
        previous = line
    return "\n".join(out), sorted(set(kinds), key=("lowercase", "allcaps").index)


def _table(settings: dict) -> CaseTable:
    return case_table(settings["gazetteer_min_population"], settings["max_name_words"])


# -- judging lines ----------------------------------------------------------------------------


def _verdicts(lines: list[str], settings: dict) -> list[str | None]:
    verdicts, previous = [], ""
    counts = [_letter_count(line) for line in lines]
    for line, count in zip(lines, counts):
        verdict = line_case(line, _opens_sentence(previous), settings, count)
        if verdict == MAYBE_LOWER:
            # one sentence in lower case may be a list item or a line carried over: only a
            # known name written in lower case ("venezuela", "bjp") settles it
            verdict = "lowercase" if _names_in_lower_case(line, _table(settings)) else None
        verdicts.append(verdict)
        previous = line
    lowered = sum(letters for (letters, _), v in zip(counts, verdicts) if v == "lowercase")
    if lowered and lowered >= settings["document_share"] * sum(letters for letters, _ in counts):
        # the document was lower-cased as a whole: its short lines too ("read this in hindi")
        verdicts = [v or ("lowercase" if letters and not upper and not URL.search(line) else None)
                    for line, (letters, upper), v in zip(lines, counts, verdicts)]
    return verdicts


MAYBE_LOWER = "lowercase?"


def line_case(line: str, opens_sentence: bool, settings: dict, count: tuple[int, int] | None = None) -> str | None:
    """"lowercase", "allcaps", MAYBE_LOWER (one sentence, in lower case) or None (leave the
    line alone)."""
    letters, upper = count or _letter_count(line)
    if not letters:
        return None
    if (letters >= settings["caps_min_letters"] and upper >= settings["caps_upper_share"] * letters
            and letters >= settings["caps_letter_share"] * len("".join(line.split()))
            and len(line.split()) >= settings["caps_min_words"]):
        return "allcaps"
    if letters < settings["min_letters"] or upper >= settings["max_upper_share"] * letters or URL.search(line):
        return None
    lower_openings, upper_openings = _sentence_opening_cases(line, opens_sentence)
    if lower_openings <= upper_openings:
        return None
    return "lowercase" if lower_openings >= 2 else MAYBE_LOWER


def _names_in_lower_case(line: str, table: CaseTable) -> bool:
    lowered = _lowered(line)
    names = _named(lowered, list(WORD.finditer(lowered)), table)
    return any(line[start:start + len(cased)] != cased for start, cased in names)


def _letter_count(line: str) -> tuple[int, int]:
    """(letters, capitals); map over str methods is several times faster than a loop."""
    return sum(map(str.isalpha, line)), sum(map(str.isupper, line))


def _sentence_opening_cases(line: str, opens_sentence: bool) -> tuple[int, int]:
    openings = [m.group(2) for m in SENTENCE_END.finditer(line)]
    if opens_sentence and (first := LINE_START.match(line)):
        openings.append(first.group(1))
    lower = sum(c.islower() for c in openings)
    return lower, len(openings) - lower


def _opens_sentence(previous: str) -> bool:
    """Does a sentence start at the beginning of the line after `previous`?"""
    return not ENDS_MID_SENTENCE.search(previous.rstrip())


# -- recasing one line ------------------------------------------------------------------------


def recase_line(line: str, caps: bool, opens_sentence: bool, table: CaseTable) -> str:
    lowered = _lowered(line)
    chars = list(lowered if caps else line)
    words = list(WORD.finditer(lowered))
    if caps:
        for word in words:
            if _acronym(word.group(), table):        # "AOC", "FISA", "NBC": kept in capitals
                chars[word.start():word.end()] = line[word.start():word.end()]
    for start, cased in _named(lowered, words, table):
        for offset, char in enumerate(cased):
            if char.isupper():
                chars[start + offset] = _upper(chars[start + offset])
    for position in _capital_positions(lowered, opens_sentence, table):
        chars[position] = _upper(chars[position])
    return "".join(chars)


def _acronym(word: str, table: CaseTable) -> bool:
    """A word of an ALL-CAPS line that is likely an acronym ("AOC", "FISA", "NBC"): not a known
    name, and short and no English word (nor one with -s, -es, -ed cut off), or without a vowel."""
    if len(word) < 2 or not word.isalpha() or word in table.names:
        return False
    if not VOWELS.intersection(word):
        return True
    return len(word) <= 4 and not any(stem in table.known_words for stem in (word, word[:-1], word[:-2]))


def _lowered(line: str) -> str:
    """Lower case, as long as the line ("İ" lowers to two characters: kept as it is)."""
    lowered = line.lower()
    if len(lowered) == len(line):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in line)


def _upper(char: str) -> str:
    raised = char.upper()
    return raised if len(raised) == 1 else char


def _named(lowered: str, matches: list[re.Match], table: CaseTable):
    """(start, cased form) of every known name in a lower-case line, longest match first."""
    words = [m.span() for m in matches]
    i = 0
    while i < len(words):
        start = words[i][0]
        found = 0
        if lowered[start:words[i][1]] in table.first_words:
            for n in range(min(table.max_words, len(words) - i), 0, -1):
                end = words[i + n - 1][1]
                phrase = lowered[start:end]
                if lowered[end:end + 1] == "." and phrase + "." in table.names:
                    phrase += "."                     # "u.s." with its last full stop
                cased = table.names.get(phrase)
                if cased is not None and len(cased) == len(phrase):
                    yield start, cased
                    found = n
                    break
        i += found or 1


def _capital_positions(lowered: str, opens_sentence: bool, table: CaseTable):
    if opens_sentence and (first := LINE_START.match(lowered)):
        yield first.start(1)
    dateline = DATELINE.match(lowered)
    if dateline and len(dateline.group(1)) <= 30:
        yield from (m.start() for m in WORD.finditer(lowered, 0, dateline.end(1)))
        yield dateline.start(2)
    for match in SENTENCE_END.finditer(lowered):
        if not _after_abbreviation(lowered, match.start(), table) and not _attribution(lowered, match, table):
            yield match.start(2)
    yield from (m.start(1) for m in QUOTE_OPENING.finditer(lowered))
    yield from (m.start() for m in STANDALONE_I.finditer(lowered))
    yield from _numbered_months(lowered, table)
    yield from _titled_names(lowered, table)
    yield from _initials(lowered, table)


def _after_abbreviation(lowered: str, stop: int, table: CaseTable) -> bool:
    """Is the full stop at `stop` the end of an abbreviation ("gen.", "u.s.", "p.")?"""
    word = re.search(r"[^\W_]+$", lowered[max(0, stop - 24):stop])
    return bool(word) and (len(word.group()) == 1 or word.group() in table.abbreviations)


def _attribution(lowered: str, match: re.Match, table: CaseTable) -> bool:
    """A quotation ending in ? or ! is followed by who said it: '"why?" quipped the leader'."""
    word = WORD.match(lowered, match.start(2))
    return bool(match.group(1)) and bool(word) and word.group() in table.after_quote


def _numbered_months(lowered: str, table: CaseTable):
    for match in table.numbered_month.finditer(lowered):
        yield match.start("before") if match.group("before") is not None else match.start("after")


def _titled_names(lowered: str, table: CaseTable):
    for match in table.titled_name.finditer(lowered):
        yield match.start(1)
        yield match.start(2)


def _initials(lowered: str, table: CaseTable):
    """"l k advani", "p. c. pandey": two or three single letters, then a name ("u.s. tax" is
    no initials: its letters are not spaced)."""
    for match in INITIALS.finditer(lowered):
        if match.group("name") not in table.stop_words:
            yield from range(match.start(), match.end("letters"), 1)     # letters and spaces:
            yield match.start("name")                                   # capitalising a space is a no-op


# -- the table of cased forms -----------------------------------------------------------------


@lru_cache(maxsize=2)
def case_table(min_population: int, max_words: int) -> CaseTable:
    """Built once per process, on the first line that needs it: loads the knowledge base, the
    gazetteer and the English pipeline's word lists (the coder loads them too)."""
    casing = load_package_yaml("lexicon", "casing.yaml")
    time_words = load_package_yaml("lexicon", "time.yaml")
    words = english_words()
    never = {w.lower() for w in casing.get("never") or ()}
    names: dict[str, str] = {}
    chosen: set[str] = set()        # casing.yaml's forms: never replaced

    def add(cased: str, allowed: bool = True) -> None:
        """Of two forms of one name the one with more capitals wins ("NATO" over "Nato")."""
        key = cased.lower()
        if not allowed or key in never or key in chosen or len(key) != len(cased):
            return
        if key not in names or _capitals(cased) > _capitals(names[key]):
            names[key] = cased

    for cased in casing.get("names") or ():
        add(cased)
    chosen.update(names)
    _add_kb_names(add, words, max_words)
    with_number = {w.lower() for w in casing.get("with_number") or ()}
    for word in [*time_words["weekdays"], *time_words["months"]]:
        if word in words.ordinary:
            with_number.add(word)          # "may", "march", "august"
        else:
            add(word.capitalize())
    with_number.update(w for w in time_words["month_abbreviations"] if len(w) >= 3)    # "feb 18"
    _add_gazetteer_names(add, words, min_population, max_words)
    first_words = frozenset(first.group() for key in names if (first := WORD.search(key)))
    return CaseTable(names, first_words, _numbered_month_pattern(with_number),
                     _titled_name_pattern({w.lower() for w in casing.get("titles") or ()}),
                     frozenset(w.lower() for w in casing.get("abbreviations") or ()),
                     frozenset(w.lower() for w in casing.get("after_quote") or ()),
                     words.stop, words.all, max_words)


def _capitals(text: str) -> int:
    return sum(map(str.isupper, text))


def _numbered_month_pattern(months: set[str]) -> re.Pattern:
    alternatives = "|".join(sorted(map(re.escape, months), key=len, reverse=True)) or "(?!)"
    return re.compile(rf"\b(?P<before>{alternatives})(?= \d)|\d(?:st|nd|rd|th)? (?P<after>{alternatives})\b")


def _titled_name_pattern(titles: set[str]) -> re.Pattern:
    alternatives = "|".join(sorted(map(re.escape, titles), key=len, reverse=True)) or "(?!)"
    return re.compile(rf"(?<![\w.'’-])({alternatives})\.? ([^\W\d_])")


def _add_kb_names(add, words: "EnglishWords", max_words: int) -> None:
    from detente.actors import load_kb
    kb = load_kb()
    for alias, entries in kb.aliases.items():
        cased = alias[4:] if alias.lower().startswith("the ") else alias
        if cased.islower() or alias in kb.case_sensitive or len(cased.split()) > max_words:
            continue
        add(cased, _may_recase(cased, entries[0].kind if entries else "", words))
    for demonym in kb.demonyms:
        if demonym not in words.stop and demonym not in words.verbs:      # "polish"
            add(" ".join(part.capitalize() for part in demonym.split(" ")))


def _may_recase(cased: str, kind: str, words: "EnglishWords") -> bool:
    """A name that is an English word stays lower-case, except places (which the knowledge base
    already leaves out when they are ordinary words): "china" is the country in the news."""
    parts = cased.lower().split()
    if all(part in words.stop for part in parts) or len(cased) < 2:
        return False
    if len(parts) > 1 or kind in ("country", "government", "place"):
        return True
    return parts[0] not in words.ordinary


def _add_gazetteer_names(add, words: "EnglishWords", min_population: int, max_words: int) -> None:
    from detente.attributes.where import load_gazetteer
    for places in load_gazetteer().index.values():
        for place in places:
            name = place.name
            if (place.kind == "city" and place.population >= min_population and len(name.split()) <= max_words
                    and not any(part in words.all for part in name.lower().split())):
                add(name)


@dataclass(frozen=True)
class EnglishWords:
    stop: frozenset[str]        # function words
    verbs: frozenset[str]
    ordinary: frozenset[str]    # function words, verbs, adjectives, adverbs, inflected forms
    all: frozenset[str]         # ...and nouns; the noun list holds many proper names too


@lru_cache(maxsize=1)
def english_words() -> EnglishWords:
    """Word lists of the English pipeline's lemmatizer (WordNet-derived): no extra data."""
    from spacy.lang.en.stop_words import STOP_WORDS
    lookups = _lemmatizer_lookups()
    index, exceptions = lookups.get_table("lemma_index"), lookups.get_table("lemma_exc")
    verbs = frozenset(index["verb"]) | frozenset(exceptions["verb"])
    ordinary = verbs | frozenset(STOP_WORDS) | frozenset(index["adj"]) | frozenset(index["adv"])
    ordinary |= frozenset(w for pos in ("noun", "adj", "adv") for w in exceptions[pos])
    return EnglishWords(frozenset(STOP_WORDS), verbs, ordinary, ordinary | frozenset(index["noun"]))


def _lemmatizer_lookups():
    """The lemmatizer's tables: from the loaded pipeline when this process has one, else read
    from the model package alone (an ingest that codes in worker processes reads its inputs
    here, and need not load the whole model for a word list)."""
    from detente.nlp.parse import MODEL_NAME, load_pipeline
    if load_pipeline.cache_info().currsize == 0:
        import spacy.util
        from spacy.lookups import Lookups
        try:
            folder = next(spacy.util.get_package_path(MODEL_NAME).glob("*/lemmatizer/lookups"))
            lookups = Lookups().from_disk(folder)
            if {"lemma_index", "lemma_exc"} <= set(lookups.tables):
                return lookups
        except (StopIteration, OSError, ValueError):
            pass
    return load_pipeline().get_pipe("lemmatizer").lookups
