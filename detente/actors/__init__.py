"""Actors: who is named in the text, resolved to country and sector on the article's date."""
from detente.actors.kb import KBEntry, KnowledgeBase, Role, load_kb, user_kb_paths
from detente.actors.resolve import ActorResolver, Argument, naming_words

__all__ = ["ActorResolver", "Argument", "KBEntry", "KnowledgeBase", "Role", "load_kb", "naming_words", "user_kb_paths"]
