"""A learned event-type model beside the rules: hashed word n-grams -> PLOVER type probabilities.

`model.py` loads and applies the committed model (`data/models/event_type.npz`, numpy only);
`train.py` rebuilds it from `../shared/gold/dev/ngec_synthetic.jsonl` and our own examples
(`make model`). The data card is `data/models/event_type.md`.
"""
from detente.events.learned.model import TypeModel, load_type_model, sentence_features

__all__ = ["TypeModel", "load_type_model", "sentence_features"]
