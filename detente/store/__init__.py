"""The event store: DuckDB tables of documents, event mentions, deduplicated events, entities,
quotes and amounts (schema in migrations/), with queries and exports over them."""
from detente.store.database import DEFAULT_DB, Store, store_error

__all__ = ["DEFAULT_DB", "Store", "store_error"]
