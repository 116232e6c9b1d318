"""Train the event-type model (`make model`, or `python -m detente.events.learned.train`).

    python -m detente.events.learned.train [--synthetic ../shared/gold/dev/ngec_synthetic.jsonl]
                                           [--examples detente/data/models/event_type_examples.jsonl]
                                           [--out detente/data/models/event_type.npz]

Training data, and only this (see the data card `data/models/event_type.md`):
- NGEC's synthetic PLOVER stories (MIT): each story's lead sentence and its headline, labelled
  with the event type the story was written to describe;
- our own examples, if `--examples` names a file of them (`{"text", "label"}` lines; none yet).

The confidence weights are fitted on held-out synthetic stories (ranking) and shifted to the level
of sentences we wrote with all their events labelled (`data/models/confidence_examples.jsonl`).

Every 10th story (by id) is held out: the temperature that calibrates the probabilities is fitted
there, and the held-out accuracy is printed. Training is deterministic (fixed seed, stable
hashing): the same inputs give the same weights.
"""
from __future__ import annotations

import argparse
import json
import zlib
from pathlib import Path

import numpy as np

from detente.data_files import data_path
from detente.events.learned.confidence import FEATURES, fit_calibrator
from detente.events.learned.model import MODEL_FILE, TypeModel, sentence_features

ROOT = Path(__file__).resolve().parents[3]
SYNTHETIC = ROOT.parent / "shared" / "gold" / "dev" / "ngec_synthetic.jsonl"
EXAMPLES = ("models", "event_type_examples.jsonl")
CONFIDENCE_EXAMPLES = ("models", "confidence_examples.jsonl")
BITS = 15          # 32,768 hashed n-grams: the file stays small (float16)
EPOCHS = 12
LEARNING_RATE = 0.2
L2 = 1e-5
SEED = 13


def tokenizer():
    import spacy
    return spacy.blank("en").tokenizer      # the rules of the pipeline's own tokenizer


def lead_sentence(text: str) -> str:
    """The first sentence of a story, roughly: synthetic stories state their event first."""
    first = text.strip().split("\n")[0]
    for stop in (". ", "? ", "! "):
        cut = first.find(stop)
        if 40 <= cut:
            first = first[:cut + 1]
            break
    return first


def synthetic_examples(path: Path) -> list[tuple[str, str, bool]]:
    """(text, label, held_out) from each story: its lead sentence and its headline."""
    out = []
    with open(path, encoding="utf-8") as stream:
        for line in stream:
            record = json.loads(line)
            label = record["gold_events"][0]["code"]
            held = _held_out(record["id"])
            out.append((lead_sentence(record["text"]), label, held))
            title = (record.get("prompt_title") or "").split("\n")[0].strip()
            if title:
                out.append((title, label, held))
    return out


def _held_out(story_id: str) -> bool:
    return zlib.crc32(story_id.encode()) % 10 == 0


def own_examples(path: Path) -> list[tuple[str, str, bool]]:
    """Sentences we wrote, `{"text", "label"}` per line (none are committed yet)."""
    if not path.exists():
        return []
    out = []
    with open(path, encoding="utf-8") as stream:
        for number, line in enumerate(stream):
            if line.strip():
                record = json.loads(line)
                out.append((record["text"], record["label"], number % 10 == 0))
    return out


def softmax(logits: np.ndarray) -> np.ndarray:
    exp = np.exp(logits - logits.max(axis=-1, keepdims=True))
    return exp / exp.sum(axis=-1, keepdims=True)


def train(features: list[np.ndarray], targets: np.ndarray, n_labels: int) -> tuple[np.ndarray, np.ndarray]:
    """Multinomial logistic regression by AdaGrad over sparse rows. Classes weigh alike: the
    synthetic set has 780 CONCEDE stories and 84 AID ones, news has no such skew."""
    rng = np.random.default_rng(SEED)
    counts = np.bincount(targets, minlength=n_labels).astype(np.float32)
    class_weight = len(targets) / (n_labels * np.maximum(counts, 1))
    weights = np.zeros((1 << BITS, n_labels), dtype=np.float32)
    bias = np.zeros(n_labels, dtype=np.float32)
    squares_w = np.full_like(weights, 1e-8)
    squares_b = np.full_like(bias, 1e-8)
    for _ in range(EPOCHS):
        for i in rng.permutation(len(features)):
            ids = features[i]
            probs = softmax(bias + weights[ids].sum(axis=0))
            probs[targets[i]] -= 1.0
            probs *= class_weight[targets[i]]
            grad_w = probs[None, :] + L2 * weights[ids]
            squares_w[ids] += grad_w ** 2
            weights[ids] -= LEARNING_RATE * grad_w / np.sqrt(squares_w[ids])
            squares_b += probs ** 2
            bias -= LEARNING_RATE * probs / np.sqrt(squares_b)
    return weights, bias


def fit_temperature(logits: np.ndarray, targets: np.ndarray) -> float:
    """The temperature that minimises the held-out negative log-likelihood."""
    best, best_loss = 1.0, float("inf")
    for temperature in np.arange(0.5, 5.01, 0.05):
        probs = softmax(logits / temperature)
        loss = -np.log(probs[np.arange(len(targets)), targets] + 1e-12).mean()
        if loss < best_loss:
            best, best_loss = float(temperature), loss
    return best


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--synthetic", type=Path, default=SYNTHETIC)
    parser.add_argument("--examples", type=Path, default=data_path(*EXAMPLES))
    parser.add_argument("--confidence-examples", type=Path, default=data_path(*CONFIDENCE_EXAMPLES))
    parser.add_argument("--out", type=Path, default=data_path(*MODEL_FILE))
    args = parser.parse_args(argv)

    examples = synthetic_examples(args.synthetic) + own_examples(args.examples)
    labels = tuple(sorted({label for _, label, _ in examples}))
    tokenize = tokenizer()
    features = [sentence_features((t.text for t in tokenize(text)), BITS) for text, _, _ in examples]
    targets = np.array([labels.index(label) for _, label, _ in examples])
    held = np.array([h for _, _, h in examples])

    train_rows = [i for i in range(len(examples)) if not held[i]]
    weights, bias = train([features[i] for i in train_rows], targets[train_rows], len(labels))
    held_rows = np.flatnonzero(held)
    logits = np.stack([bias + weights[features[i]].sum(axis=0) for i in held_rows])
    temperature = fit_temperature(logits, targets[held_rows])
    accuracy = float((logits.argmax(axis=1) == targets[held_rows]).mean())
    # the confidence is fitted on held-out stories too, with the model that did not see them
    first = TypeModel(labels, weights.astype(np.float16), bias, temperature, BITS)
    calibration, right_share = fit_confidence(first, args.synthetic)
    calibration, shift, own_share = shift_to_own_examples(first, calibration, args.confidence_examples)
    # the final model learns from every example
    weights, bias = train(features, targets, len(labels))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(args.out, labels=np.array(labels), weights=weights.astype(np.float16),
                        bias=bias, temperature=np.float32(temperature), bits=np.int32(BITS),
                        calibration=calibration)
    print(f"{len(examples)} examples ({len(held_rows)} held out), {len(labels)} labels; "
          f"held-out accuracy {accuracy:.3f}, temperature {temperature:.2f}")
    print(f"confidence: {dict(zip(FEATURES, np.round(calibration, 3)))}; "
          f"{right_share:.3f} of held-out lead-sentence events have the story's type, "
          f"{own_share:.3f} of events in our own examples are right (level shifted by {shift:+.2f}); "
          f"wrote {args.out}")


def fit_confidence(model: TypeModel, synthetic: Path) -> tuple[np.ndarray, float]:
    """Code the lead sentence of each held-out story with the rules; an event is right when its
    type is the one the story was written about. Fit the confidence calibration on that."""
    from detente.events.learned.confidence import evidence_of
    from detente.pipeline import Coder

    coder = Coder(prefilter="off")
    vectors, right = [], []
    with open(synthetic, encoding="utf-8") as stream:
        stories = [story for line in stream if _held_out((story := json.loads(line))["id"])]
    leads = [lead_sentence(s["text"]) for s in stories]
    tokenize = tokenizer()
    for story, lead in zip(stories, leads):
        document = coder.code(lead)
        probabilities = model.probabilities(t.text for t in tokenize(lead))
        for event in document.events:
            vectors.append(evidence_of(event, probabilities).vector())
            right.append(float(event.event == story["gold_events"][0]["code"]))
    calibrator = fit_calibrator(np.array(vectors), np.array(right))
    return calibrator.weights, float(np.mean(right))



def shift_to_own_examples(model: TypeModel, weights: np.ndarray, path: Path) -> tuple[np.ndarray, float, float]:
    """The synthetic labels call a lead sentence's other events wrong, so the fitted confidence is
    too low. Sentences we wrote, with every event they report labelled, set its level: one
    intercept shift, fitted by Newton's method; the synthetic fit keeps the ranking."""
    from detente.events.learned.confidence import evidence_of
    from detente.pipeline import Coder

    coder, tokenize = Coder(prefilter="off"), tokenizer()
    vectors, right = [], []
    with open(path, encoding="utf-8") as stream:
        for line in stream:
            example = json.loads(line)
            probabilities = model.probabilities(t.text for t in tokenize(example["text"]))
            for event in coder.code(example["text"]).events:
                vectors.append(evidence_of(event, probabilities).vector())
                right.append(float(event.event in example["events"]))
    scores, labels = np.array(vectors) @ weights, np.array(right)
    shift = 0.0
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-(scores + shift)))
        shift -= (p - labels).sum() / max((p * (1 - p)).sum(), 1e-9)
    shifted = weights.copy()
    shifted[0] += shift
    return shifted, float(shift), float(labels.mean())


if __name__ == "__main__":
    main()
