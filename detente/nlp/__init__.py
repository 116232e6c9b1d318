"""NLP: sentence splitting and dependency parsing with spaCy's small English pipeline."""
from detente.nlp.parse import MODEL_NAME, fold, load_pipeline, parse_texts

__all__ = ["MODEL_NAME", "fold", "load_pipeline", "parse_texts"]
