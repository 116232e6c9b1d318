"""Ingest: turn inputs (files, stdin) into `Article` records, reporting bad input per line."""
from detente.ingest.readers import Query, ReadIssue, read_inputs, read_text_input

__all__ = ["Query", "ReadIssue", "read_inputs", "read_text_input"]
