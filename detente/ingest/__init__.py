"""Ingest: turn inputs (files, stdin) into `Article` records, reporting bad input per line."""
from detente.ingest.readers import ReadIssue, read_inputs, read_text_input

__all__ = ["ReadIssue", "read_inputs", "read_text_input"]
