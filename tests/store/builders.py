"""Hand-built coded documents for store tests: exact inputs, no parser, so the numbers the tests
expect can be worked out by hand."""
from __future__ import annotations

from detente.corpus import content_hash
from detente.records import Amount, Article, Document, Entity, Event, Quote, Span, StoredDocument


def event(n: int, kind: str, actor: tuple | None, recipient: tuple | None, day: str | None,
          modality: str = "asserted", sentence: int = 0, context=("diplomatic",)) -> Event:
    def entity(who):
        country, sector, name = who
        return Entity(text=name, name=name, country=country, sector=sector)

    cameo, quad, goldstein = {"CONSULT": ("040", 1, 1.0), "ACCUSE": ("112", 3, -2.0),
                              "AGREE": ("030", 1, 4.0), "ASSAULT": ("190", 4, -10.0), "AID": ("070", 2, 7.0),
                              "REQUEST": ("020", 1, 3.0)}[kind]
    # the sentence is "<actor> <verb> <recipient>."; `stored` places it in the document text and
    # moves these sentence offsets to document offsets
    a_text, verb = actor[2] if actor else "Someone", VERBS[kind]
    r_text = recipient[2] if recipient else "others"
    text = f"{a_text} {verb} {r_text}."
    t_start = len(a_text) + 1
    r_start = t_start + len(verb) + 1
    return Event(id=f"e{n}", sentence=sentence, text=text, event=kind, mode=None, cameo=cameo,
                 quad=quad, goldstein=goldstein, trigger=Span(t_start, t_start + len(verb), verb),
                 actor=[entity(actor)] if actor else [],
                 actor_spans=[Span(0, len(a_text), a_text)] if actor else [],
                 recipient=[entity(recipient)] if recipient else [],
                 recipient_spans=[Span(r_start, r_start + len(r_text), r_text)] if recipient else [],
                 context=list(context), modality=modality, date=day, date_precision="day" if day else None,
                 date_source="publication" if day else None)


VERBS = {"CONSULT": "met", "ACCUSE": "accused", "AGREE": "agreed with", "ASSAULT": "struck", "AID": "aided",
         "REQUEST": "asked"}


def stored(text: str, events: list[Event], date: str | None = "2025-02-07", source: str | None = "Wire A",
           url: str | None = None, quotes=(), amounts=()) -> StoredDocument:
    """A document whose text is `text` followed by its events' sentences, offsets moved to match."""
    for event in events:
        offset = len(text) + 1
        text = f"{text} {event.text}"
        event.trigger = _moved(event.trigger, offset)
        event.actor_spans = [_moved(s, offset) for s in event.actor_spans]
        event.recipient_spans = [_moved(s, offset) for s in event.recipient_spans]
    digest = content_hash(text)
    article = Article(id=text[:10], text=text, date=date, title=None, source=source, url=url)
    coded = Document(id=article.id, date=date, sentences=3, events=events, quotes=list(quotes),
                     amounts=list(amounts))
    return StoredDocument(id="d" + digest[:16], content_hash=digest, article=article, language="en",
                          input="test", coded=coded)


def _moved(span: Span, offset: int) -> Span:
    return Span(span.start + offset, span.end + offset, span.text)


USA_GOV = ("USA", "GOV", "Donald Trump")
JPN_GOV = ("JPN", "GOV", "Shigeru Ishiba")
CHN_GOV = ("CHN", "GOV", "Xi Jinping")

__all__ = ["Amount", "CHN_GOV", "JPN_GOV", "Quote", "Span", "USA_GOV", "event", "stored"]
