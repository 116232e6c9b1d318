"""The coder: one pass from text to `Document`, wiring the stages together.

ingest (Article) -> nlp (spaCy Doc) -> actors (ActorResolver) -> events (Candidate -> Event)
-> attributes (modality, intent, contexts, date, place, amounts, quotes) -> Document.
The CLI, the Python API and later fronts all go through `Coder`.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass
from datetime import date as Date
from functools import cache
from itertools import islice
from typing import Callable, Iterable, Iterator, Protocol, TypeVar

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from detente.actors import ActorResolver, load_kb, naming_words, user_kb_paths
from detente.attributes.amounts import find_amounts
from detente.attributes.context import event_contexts, sentence_contexts
from detente.attributes.intent import apply_intent
from detente.attributes.modality import FUTURE, governing_chain, load_cues, read_modality
from detente.attributes.quotes import find_quotes
from detente.attributes.when import event_date
from detente.attributes.where import dateline_place, event_place, lead_place, load_gazetteer, placed, sentence_place
from detente.data_files import load_package_yaml
from detente.errors import DetenteError
from detente.events.code import code_event
from detente.events.extract import Candidate, find_candidates
from detente.events.learned import load_type_model
from detente.events.learned.confidence import evidence_of
from detente.events.lexicon import load_grammar, load_lexicon
from detente.events.ontology import load_ontology
from detente.ingest.readers import check_text, normalise_date
from detente.nlp import load_pipeline, parse_texts
from detente.nlp.relevance import Masked, RelevanceFilter, word_forms
from detente.nlp.syntax import clause_subjects
from detente.records import Amount, Article, Document, Event, Quote, Span

T = TypeVar("T")
ZONE_DOCUMENTS = 256
PREFILTER_CHOICES = ("on", "off", "strict")
WARM_UP = Article(id="warm-up", text="Japan's prime minister met the US president in Washington.", date="2025-02-07")


class Engine(Protocol):
    """What runs the coder (detente/engines): (article, context) pairs in, (context, Document)
    pairs out, in input order. A `Coder` is the in-process engine."""

    def code_with_context(self, pairs: Iterable[tuple[Article, T]]) -> Iterator[tuple[T, Document]]: ...


@dataclass(frozen=True)
class CoderSettings:
    """What a coder is built from; engines send it to their workers, which build their own.

    `prefilter`: "on" parses only the sentences that can hold a record, and always the lead
    (nlp/relevance.py); "off" parses everything; "strict" filters the lead too, which is how the
    filter's cost is measured on single-sentence gold sets."""

    kb_files: tuple[str, ...] = ()
    lexicon_files: tuple[str, ...] = ()
    prefilter: str = "on"

    def build(self) -> "Coder":
        return Coder(self.kb_files, self.lexicon_files, self.prefilter)


class Coder:
    """Codes articles into documents. Build once and reuse: loading the data takes a moment."""

    def __init__(self, kb_files: Iterable[str] = (), lexicon_files: Iterable[str] = (),
                 prefilter: str = "on") -> None:
        if prefilter not in PREFILTER_CHOICES:
            raise DetenteError("E021", option="prefilter", reason=f"must be one of {', '.join(PREFILTER_CHOICES)}")
        self.kb = load_kb(user_kb_paths(kb_files))
        self.lexicon = load_lexicon(tuple(lexicon_files))
        self.grammar = load_grammar()
        self.ontology = load_ontology()
        self.cues = load_cues()
        self.relevance = self._relevance_filter(prefilter)
        self._warm = False

    def _relevance_filter(self, prefilter: str) -> RelevanceFilter:
        nlp = load_pipeline()
        actor_words, name_starts = naming_words(self.kb)
        lemmas = self.lexicon.lemmas | self.grammar.speech_verbs
        return RelevanceFilter(
            nlp, event_words={f for lemma in lemmas for f in word_forms(lemma, nlp)},
            actor_words={f for word in actor_words for f in word_forms(word, nlp)},
            name_starts=name_starts, holds_record=lambda sentence: bool(find_amounts(sentence)),
            keep_lead=prefilter == "on", filtering=prefilter != "off",
            max_sentence_chars=load_package_yaml("limits.yaml")["max_sentence_chars"])

    def code(self, text: str, date: str | Date | None = None, doc_id: str = "doc") -> Document:
        if not isinstance(text, str) or not text.strip():
            raise DetenteError("E011")
        check_text(text)
        if isinstance(date, Date):
            date = date.isoformat()
        article = Article(id=doc_id, text=text, date=normalise_date(date) if date else None)
        return next(self.code_articles([article]))

    def code_articles(self, articles: Iterable[Article], batch_size: int = 32) -> Iterator[Document]:
        """Code a stream of articles in order; the stream is read as parsing goes, not up front."""
        for _, document in self.code_with_context(((a, None) for a in articles), batch_size=batch_size):
            yield document

    def code_with_context(self, pairs: Iterable[tuple[Article, T]], batch_size: int = 32
                          ) -> Iterator[tuple[T, Document]]:
        """As `code_articles`, each document handed back with the context it came in with.

        Documents are parsed and coded inside spaCy memory zones of ZONE_DOCUMENTS: the strings
        each text adds to the vocabulary are dropped when its zone closes, so a long run does not
        grow with every new word it meets. Nothing of a parse outlives its zone: `Document`s are
        plain records."""
        self._warm_up()
        nlp, pairs = load_pipeline(), iter(pairs)
        while chunk := list(islice(pairs, ZONE_DOCUMENTS)):
            # a zone never stays open across a yield: a caller that stops early, or codes on
            # another thread, must not find the vocabulary inside someone else's zone
            with nlp.memory_zone():
                masked = [(self.relevance.mask(a.text), a, c) for a, c in chunk]
                coded = [(context, self.code_parsed(article, doc, m)) for doc, (m, article, context)
                         in parse_texts(((m.text, (m, a, c)) for m, a, c in masked), batch_size=batch_size)]
            yield from coded

    def _warm_up(self) -> None:
        """Build what is cached across documents (phrase matchers over the knowledge base, the
        gazetteer) outside any memory zone, so that its strings stay."""
        if not self._warm:
            self._warm = True
            for doc, article in parse_texts([(WARM_UP.text, WARM_UP)]):
                self.code_parsed(article, doc)

    def code_parsed(self, article: Article, doc: Doc, masked: Masked | None = None) -> Document:
        """Code a parsed article. `doc` may be of the `masked` text, some sentences blanked:
        offsets are the article's, and sentence numbers count the skipped sentences too, so that
        "sentence 3" is the article's fourth whatever was parsed."""
        skipped = masked.skipped if masked else ()
        day = Date.fromisoformat(article.date) if article.date else None
        resolver = ActorResolver(doc, day, self.kb, text=article.text)
        sentences = [s for s in doc.sents if not _blank(s)] if skipped else list(doc.sents)
        places = _PlaceFinder(resolver, sentences, load_gazetteer())
        ents_of = _entities_by_sentence(doc, sentences)
        coded: list[tuple[Event, Candidate]] = []
        for index, sent in enumerate(sentences):
            candidates = find_candidates(sent, index, self.lexicon, self.grammar, resolver)
            if not candidates:
                continue
            keywords = sentence_contexts(sent)
            ents = ents_of[index]
            type_probabilities = self._type_probabilities(sent)
            for cand in candidates:
                reading = read_modality(cand.token, self.grammar.speech_verbs, self.cues)
                if reading.condition:
                    continue        # "unless the president agrees": a condition, not an event
                event = code_event(f"e{len(coded) + 1}", cand, _text_of(sent, resolver.text), self.ontology)
                event.context = event_contexts(tuple(event.context), keywords)
                event.modality = reading.label
                apply_intent(event, reading, self.ontology, lambda: self._speaker(cand, resolver))
                _set_when(event, cand, ents, day, reading.label == FUTURE or reading.intent,
                          recoded=event.event != cand.trigger.event)
                event.location, place_here = places.of(event, cand, ents)
                event.actor, event.recipient = placed(event.actor, place_here), placed(event.recipient, place_here)
                event.confidence = self._confidence(event, type_probabilities)
                coded.append((event, cand))
        amounts = self._amounts(resolver.text, sentences, coded)
        quotes = self._quotes(sentences, resolver, coded)
        document = Document(id=article.id, date=article.date, sentences=len(sentences) + len(skipped),
                            events=[e for e, _ in coded], quotes=quotes, amounts=amounts)
        if skipped:
            _renumber(document, [i + bisect.bisect_right(skipped, s.start_char) for i, s in enumerate(sentences)])
        limit = self.relevance.max_sentence_chars
        document.warnings = [f"the sentence at character {start:,} has {length:,} characters, more than "
                             f"max_sentence_chars ({limit:,}, detente/data/limits.yaml); it was not coded"
                             for start, length in (masked.too_long if masked else ())]
        return document

    def _type_probabilities(self, sent: SpacySpan) -> dict[str, float]:
        model = load_type_model()
        return model.probabilities(t.text for t in sent) if model is not None else {}

    def _confidence(self, event: Event, type_probabilities: dict[str, float]) -> float | None:
        model = load_type_model()
        return model.confidence(evidence_of(event, type_probabilities)) if model is not None else None

    def _speaker(self, cand: Candidate, resolver: ActorResolver) -> list[tuple]:
        """Who says the clause holding the trigger: the subject of the speech verb above it."""
        top = governing_chain(cand.token, self.grammar.speech_verbs)[-1]
        args = [a for subj in clause_subjects(top.head) for a in resolver.resolve(subj)]
        return [(a.entity, a.span) for a in args]

    def _amounts(self, text: str, sentences: list[SpacySpan], coded) -> list[Amount]:
        out = []
        for index, sent in enumerate(sentences):
            in_sentence = [(e, c) for e, c in coded if c.sentence == index]
            for found in find_amounts(text[sent.start_char:sent.end_char]):
                start, end = sent.start_char + found.start, sent.start_char + found.end
                words = text[start:end]
                amount = Amount(value=found.value, text=words, sentence=index, span=Span(start, end, words),
                                currency=found.currency, unit=found.unit)
                event = _event_for_offset(sent, start, in_sentence)
                if event is not None:
                    amount.event = event.id
                    event.amounts.append(amount)
                out.append(amount)
        return out

    def _quotes(self, sentences, resolver, coded) -> list[Quote]:
        out = []
        for found in find_quotes(sentences, resolver, self.grammar.speech_verbs,
                                 self.grammar.min_quote_words):
            event = next((e for e, _ in coded if e.sentence == found.sentence
                          and found.speaker is not None and _names_same(found.speaker, e.actor)), None)
            out.append(Quote(speaker=found.speaker, text=found.text, sentence=found.sentence,
                             span=found.span, direct=found.direct, event=event.id if event else None))
        return out


def _renumber(document: Document, ordinals: list[int]) -> None:
    """Parsed-sentence positions -> sentence numbers in the article. (An event's amounts are
    the same objects as the document's.)"""
    for record in (*document.events, *document.quotes, *document.amounts):
        record.sentence = ordinals[record.sentence]


def _text_of(sent: SpacySpan, text: str) -> str:
    """The sentence as the article has it, without the blank run a skipped sentence left."""
    words = [t for t in sent if not t.is_space]
    return text[words[0].idx:words[-1].idx + len(words[-1].text)] if words else ""


def _blank(sent: SpacySpan) -> bool:
    return all(token.is_space for token in sent)


def _entities_by_sentence(doc: Doc, sentences: list[SpacySpan]) -> list[list[SpacySpan]]:
    """Named entities per sentence, in one pass (Span.ents rescans the whole document)."""
    starts = [s.start for s in sentences]
    grouped: list[list[SpacySpan]] = [[] for _ in sentences]
    for ent in doc.ents:
        grouped[bisect.bisect_right(starts, ent.start) - 1].append(ent)
    return grouped


def _set_when(event: Event, cand: Candidate, ents: list[SpacySpan], published: Date | None, ahead: bool,
              recoded: bool) -> None:
    """The event's date; a date after publication makes an asserted event future ("talks next
    month"), except a statement of intent, which was made now about then."""
    when = event_date(cand.token, ents, published, ahead)
    if when is None:
        return
    event.date, event.date_precision, event.date_source = when.date.isoformat(), when.precision, when.source
    if (when.source == "text" and published and when.date > published and event.modality == "asserted"
            and not recoded):
        event.modality = FUTURE


class _PlaceFinder:
    """Where each event of one document happened (see attributes/where.py)."""

    VISIT_MODES = {"visit"}

    def __init__(self, resolver: ActorResolver, sentences: list[SpacySpan], gazetteer) -> None:
        self.resolver, self.gazetteer = resolver, gazetteer
        self.context = resolver.countries_named()
        # where the story is, for events whose sentence names no place: its dateline, else the
        # first place its opening sentences name
        self.story_place = (dateline_place(resolver.text, self.context, gazetteer)
                            or lead_place(sentences, self.context, gazetteer, resolver.government_named))

    def of(self, event: Event, cand: Candidate, ents: list[SpacySpan]) -> tuple[dict | None, Callable]:
        """Where the event happened (else where the story is), and a function giving the place
        its own sentence names (for actors the text does not place: attributes/where.py `placed`)."""
        destination = [e.country for e in event.recipient if e.country] if event.mode in self.VISIT_MODES else []
        own = event_place(cand.token, ents, self.context, self.gazetteer,
                          self.resolver.government_named, destination)

        @cache
        def here() -> dict | None:
            found = own or sentence_place(cand.token.sent, self.context, self.gazetteer,
                                          self.resolver.government_named)
            return found.to_dict() if found else None
        place = own or self.story_place
        return (place.to_dict() if place else None), here


def _event_for_offset(sent: SpacySpan, offset: int, in_sentence) -> Event | None:
    """The event whose trigger governs the token at `offset`, else the nearest one in the sentence."""
    if not in_sentence:
        return None
    starts = [t.idx for t in sent]
    token = sent[max(0, bisect.bisect_right(starts, offset) - 1)]
    by_trigger = {c.token.i: e for e, c in in_sentence}
    for ancestor in [token, *token.ancestors]:
        if ancestor.i in by_trigger:
            return by_trigger[ancestor.i]
    return min(in_sentence, key=lambda ec: abs(ec[1].token.i - token.i))[0]


def _names_same(speaker, actors) -> bool:
    return any((a.name or a.text) == (speaker.name or speaker.text) for a in actors)


_default: Coder | None = None


def default_coder() -> Coder:
    global _default
    if _default is None:
        _default = Coder()
    return _default


def code(text: str, date: str | Date | None = None) -> Document:
    """Code one text: `detente.code("...", date="2025-02-07")` returns a typed `Document`."""
    return default_coder().code(text, date=date)
