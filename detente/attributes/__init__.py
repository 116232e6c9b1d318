"""Attributes: modality, contexts, amounts and quotes added to coded events (no re-parsing)."""
