"""Evaluation against labelled gold sentences (`detente eval`)."""
from detente.evaluation.score import KINDS, Report, evaluate_file, score

__all__ = ["KINDS", "Report", "evaluate_file", "score"]
