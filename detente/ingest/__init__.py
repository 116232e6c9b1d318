"""Ingest: turn inputs (files, stdin) into `Article` records, reporting bad input per line."""
from detente.ingest.readers import ReadIssue, read_inputs, read_text_input
from detente.records import Query

__all__ = ["Query", "ReadIssue", "read_inputs", "read_text_input"]
