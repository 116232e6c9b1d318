"""Joining hard-wrapped lines: wire copy broken every 60-80 columns, inside sentences.

The coder ends a sentence at every line break (`detente_line_breaks` in nlp/parse.py, so that a
headline never runs into the lead), which cuts a wrapped sentence in pieces that lose their
subject or object. A text is judged wrapped only when its lines say so together: nearly all of
them fit a width of 35-100 columns, and a good share of line breaks fall after a filled line,
mid-sentence, before a lower-case word. Prose with one paragraph per line has longer lines and
is left alone, byte for byte; so are verse, lists and tables, whose lines are short or say so.

In a wrapped text a line break stays where it is a real break: before an indented line (a new
paragraph in wire copy), after a short line (a paragraph's last line, a headline, a dateline, a
signature), after a sentence that ends well short of the width, around list items, table rows
and headlines. Elsewhere the line break (and the spaces around it) becomes one space; a word
hyphenated across lines keeps its hyphen and loses the break.
"""
from __future__ import annotations

import re

SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*$")
OPENING = "\"'“‘([«"
LIST_ITEM = re.compile(r"^\s*(?:[-*•·–—]|\d{1,3}[.)]|\(?[a-z0-9]{1,3}\))\s")
# table rows: dot leaders to a figure ("M-1......736.7"; an ellipsis in prose has no figure
# after it), rules, tabs, columns set apart by runs of spaces
TABLE_ROW = re.compile(r"\.{3,} *[\d-]|\.{6,}|_{3,}|\t|\S {3,}\S")
# "WASHINGTON, Feb 26 - ", "SANTA CRUZ, Calif., March 3 -": a wire dateline opens a story's
# first line, never a headline
DATELINE = re.compile(r"^\s*[A-Z][A-Z .'-]+,(?: [A-Z][\w.]*,)? [A-Z][a-z]{2,8}\.? \d{1,2} -")
HYPHENATED = re.compile(r"[^\W\d_]-$")
SMALL_WORDS = {"a", "an", "the", "of", "in", "on", "at", "to", "for", "and", "or", "by", "with", "from", "as"}
# a line ending in one of these ends mid-sentence, whatever the case of the next word
RUNS_ON = re.compile(r"(?:[,;]|['’]s|\b(?:a|an|the|of|in|on|at|to|for|and|or|but|by|with|from|as|that|than|its|"
                     r"their|his|her|is|are|was|were|has|have|had|will|would|said|says|per|into|under|over|"
                     r"about))$", re.IGNORECASE)


def dewrap(text: str, settings: dict) -> str:
    if "\n" not in text:
        return text
    lines = text.split("\n")
    layout = Layout(lines)
    if not layout.is_wrapped(settings):
        return text
    return layout.joined(settings)


class Layout:
    """The lines of a text, measured: trailing spaces (and CR) stripped, indentation relative
    to the least-indented line, the wrap width as the 90th percentile of line lengths."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = [line.rstrip() for line in lines]
        filled = [line for line in self.lines if line.strip()]
        self.base_indent = min((_indent(line) for line in filled), default=0)
        lengths = sorted(len(line) for line in filled)
        self.width = lengths[int(0.9 * (len(lengths) - 1))] if lengths else 0
        self.filled = filled
        self._alone: list[bool] | None = None

    @property
    def alone(self) -> list[bool]:
        """Per line: does it stand alone (headline, table row, list item) given its neighbours?"""
        if self._alone is None:
            padded = ["", *self.lines, ""]
            self._alone = [_stands_alone(*padded[i:i + 3], indented=self.indented(line))
                           for i, line in enumerate(self.lines)]
        return self._alone

    def indented(self, line: str) -> bool:
        return _indent(line) > self.base_indent

    def is_wrapped(self, settings: dict) -> bool:
        if len(self.filled) <= settings["min_joints"]:
            return False
        if not settings["min_width"] <= self.width <= settings["max_width"]:
            return False
        long_lines = sum(len(line) > settings["max_width"] for line in self.filled)
        if long_lines > settings["max_long_line_share"] * len(self.filled):
            return False
        joints = carried = 0
        for line, following in self.pairs():
            joints += 1
            carried += self._carries_sentence(line, following, settings)
        return carried >= settings["min_joints"] and carried >= settings["min_mid_sentence_share"] * joints

    def pairs(self):
        """Adjacent non-blank lines: the line breaks that might be wraps."""
        for line, following in zip(self.lines, self.lines[1:]):
            if line.strip() and following.strip():
                yield line, following

    def _carries_sentence(self, line: str, following: str, settings: dict) -> bool:
        """A sentence runs on across this break: a filled line not ending one, then a word in
        lower case at the margin."""
        return (len(line) >= settings["min_fill"] * self.width and not _ends_sentence(line)
                and not self.indented(following) and (_starts_lower(following) or bool(_runs_on(line))))

    def keeps_break(self, index: int, settings: dict) -> bool:
        """Does the line break after line `index` stay?"""
        line, following = self.lines[index], self.lines[index + 1]
        if self.indented(following):
            return True                          # a new paragraph in wire copy
        if len(line) < settings["min_fill"] * self.width:
            return True                          # a paragraph's last line, a headline, a dateline
        if _ends_sentence(line) and len(line) < settings["sentence_end_fill"] * self.width:
            return True
        return self.alone[index] or self.alone[index + 1]

    def joined(self, settings: dict) -> str:
        out = [self.lines[0]]
        for index, (line, following) in enumerate(zip(self.lines, self.lines[1:])):
            if not (line.strip() and following.strip()) or self.keeps_break(index, settings):
                out.append("\n" + following)
            elif HYPHENATED.search(line) and following.strip()[:1].isalpha():
                out[-1] = out[-1].rstrip()
                out.append(following.strip())
            else:
                out[-1] = out[-1].rstrip()
                out.append(" " + following.strip())
        return "".join(out)


def _ends_sentence(line: str) -> bool:
    # the tail only: a search for a pattern anchored at $ would try every position of the line
    return bool(SENTENCE_END.search(line[-16:]))


def _runs_on(line: str) -> bool:
    return bool(RUNS_ON.search(line[-16:]))


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _starts_lower(line: str) -> bool:
    first = line.lstrip().lstrip(OPENING)[:1]
    return first.islower()


def _stands_alone(previous: str, line: str, following: str, indented: bool) -> bool:
    """A table row, a list item, or a headline: never part of a running paragraph."""
    if not line.strip():
        return False
    return bool(TABLE_ROW.search(line.strip()) or LIST_ITEM.match(line)
                or _is_headline(previous, line, following, indented))


def _is_headline(previous: str, line: str, following: str, indented: bool) -> bool:
    """ALL CAPS; or Title Case without a full stop ("Jilani Seeks Ban On VHP Programme") after a
    paragraph's end and before a new sentence (a wrapped line full of names is neither, nor is
    an indented line: that opens a paragraph in wire copy)."""
    letters = [c for c in line if c.isalpha()]
    if len(letters) >= 6 and sum(c.isupper() for c in letters) >= 0.9 * len(letters):
        return True
    if indented or _ends_sentence(line) or _runs_on(line) or DATELINE.match(line):
        return False
    if previous.strip() and not _ends_sentence(previous):
        return False
    if following.strip() and _starts_lower(following):
        return False
    words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", line) if w.lower() not in SMALL_WORDS]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.8 * len(words)
