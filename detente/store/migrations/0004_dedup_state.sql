-- Schema 4: the window (store.yaml's dedup.window_days) the stored events were grouped with.
-- Events are regrouped after each committed batch, in its transaction, for the keys the batch
-- touched only (detente/store/dedup.py); that is right only while the stored grouping used the
-- same window. One row, or none when the window is unknown: a store upgraded from schema 3, one
-- restored from a backup, or one written without regrouping. An ingest regroups every mention
-- when the row is missing or names another window, and records the window it used.

CREATE TABLE dedup_state (
    window_days INTEGER NOT NULL
);
