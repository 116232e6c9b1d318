"""Quotes attributed to their speakers: direct quotation (“...,” X said) and reported speech
("officials said that ...")."""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from detente.actors import ActorResolver
from detente.nlp.syntax import clause_subjects
from detente.records import Entity, Span

QUOTE_PAIRS = re.compile(r"“([^”]{1,2000})”|\"([^\"\n]{1,2000})\"|«([^»]{1,2000})»")


@dataclass
class FoundQuote:
    speaker: Entity | None
    text: str
    span: Span
    sentence: int          # the sentence that attributes it (where the speaker is named)
    direct: bool


def find_quotes(sentences: list[SpacySpan], resolver: ActorResolver,
                speech_verbs: frozenset[str], min_words: int) -> list[FoundQuote]:
    starts = [s.start_char for s in sentences]
    direct = _direct_quotes(resolver.text, sentences, starts, resolver, speech_verbs, min_words)
    covered = [(q.span.start, q.span.end) for q in direct]
    reported = _reported_speech(resolver.text, sentences, resolver, speech_verbs, covered)
    return sorted(direct + reported, key=lambda q: q.span.start)


def _direct_quotes(text, sentences, starts, resolver, speech_verbs, min_words) -> list[FoundQuote]:
    out = []
    for match in QUOTE_PAIRS.finditer(text):
        group = next(g for g in (1, 2, 3) if match.group(g) is not None)
        quoted = match.group(group).strip()
        if len(quoted.split()) < min_words:
            continue                       # a scare-quoted phrase, not speech
        inside = (match.start(), match.end())
        first = bisect.bisect_right(starts, match.start()) - 1
        last = bisect.bisect_right(starts, match.end() - 1) - 1
        # "...,” he said." names the speaker after the quote; "X said: “...”" before it
        for index in dict.fromkeys([last, first, last + 1]):
            if not 0 <= index < len(sentences):
                continue
            speaker = _speaker_in(sentences[index], resolver, speech_verbs, inside)
            if speaker is not None:
                span = Span(match.start(group), match.end(group), match.group(group))
                out.append(FoundQuote(speaker, quoted, span, index, True))
                break
    return out


def _speaker_in(sent: SpacySpan, resolver: ActorResolver, speech_verbs, inside) -> Entity | None:
    for tok in sent:
        if inside[0] <= tok.idx < inside[1] or tok.pos_ != "VERB":
            continue
        if tok.lemma_.lower() in speech_verbs:
            speaker = _first_entity(clause_subjects(tok), resolver)
            if speaker is not None:
                return speaker
    return None


def _reported_speech(text, sentences, resolver, speech_verbs, covered) -> list[FoundQuote]:
    out = []
    for index, sent in enumerate(sentences):
        for tok in sent:
            if tok.pos_ != "VERB" or tok.lemma_.lower() not in speech_verbs:
                continue
            if any(s <= tok.idx < e for s, e in covered):
                continue
            clause = next((c for c in tok.children if c.dep_ == "ccomp"), None)
            if clause is None or any(s <= clause.idx < e for s, e in covered):
                continue
            speaker = _first_entity(clause_subjects(tok), resolver)
            if speaker is None:
                continue
            words = [t for t in clause.subtree if not (t.dep_ == "mark" and t.head.i == clause.i)]
            start, end = words[0].idx, words[-1].idx + len(words[-1].text)
            said = text[start:end]
            out.append(FoundQuote(speaker, said, Span(start, end, said), index, False))
    return out


def _first_entity(tokens: list[Token], resolver: ActorResolver) -> Entity | None:
    for tok in tokens:
        args = resolver.resolve(tok)
        if args:
            return args[0].entity
    return None
