"""HTTP API and web dashboard over the store (`detente serve`)."""
