"""detente: political event data from news text, offline.

    >>> import detente
    >>> doc = detente.code("Japan's prime minister met the US president in Washington.", date="2025-02-07")
    >>> doc.to_dict()["events"][0]["event"]
    'CONSULT'
"""
from detente.errors import DetenteError
from detente.pipeline import Coder, code
from detente.records import Amount, Article, Document, Entity, Event, Quote, Span

__all__ = ["Amount", "Article", "Coder", "DetenteError", "Document", "Entity", "Event", "Quote",
           "Span", "code"]
__version__ = "0.1.0"
