-- Schema 3: no keys or indexes the documents table does not need. DuckDB keeps the ART index of
-- every PRIMARY KEY, UNIQUE constraint and CREATE INDEX whole in memory, cannot evict it and
-- counts it against memory_limit: in a long ingest they were what kept growing (about 2.5 MB per
-- 1,000 articles). Only documents.id and documents.content_hash stay unique; an ingest relies on
-- them to skip what is stored and to refuse a batch holding one document twice. The ids of
-- mentions, quotes and amounts are built from their document's id (rows.py), so they are unique
-- whenever it is. Lookups by document or mention scan the column instead (about 2 ms at 150,000
-- mentions, 7 ms at 1.5 million; DEVELOPERS.md, known limits).
--
-- DuckDB cannot drop a primary key in place: each table is copied into one without it (same
-- columns, order and types), and the view over them is dropped and made again.

DROP VIEW event_records;
DROP INDEX mentions_document;
DROP INDEX entities_mention;

CREATE TABLE mentions_new (
    id                VARCHAR NOT NULL,      -- document id ':' event id within the document
    document_id       VARCHAR NOT NULL,
    sentence          INTEGER NOT NULL,
    sentence_text     VARCHAR NOT NULL,
    event_type        VARCHAR NOT NULL,      -- PLOVER
    mode              VARCHAR,
    contexts          VARCHAR[] NOT NULL,
    cameo             VARCHAR NOT NULL,
    quad              TINYINT NOT NULL,
    goldstein         DOUBLE NOT NULL,
    modality          VARCHAR NOT NULL,
    actor_country     VARCHAR,               -- the first actor; every actor is in entities
    actor_sector      VARCHAR,
    actor_name        VARCHAR,
    recipient_country VARCHAR,               -- or, in a joint event, the co-actor from another country
    recipient_sector  VARCHAR,
    recipient_name    VARCHAR,
    date              DATE,
    date_precision    VARCHAR,
    date_source       VARCHAR,
    place_name        VARCHAR,
    place_country     VARCHAR,
    place_admin1      VARCHAR,
    place_lat         DOUBLE,
    place_lon         DOUBLE,
    place_kind        VARCHAR,
    trigger_start     INTEGER NOT NULL,      -- character offsets into documents.text
    trigger_end       INTEGER NOT NULL,
    trigger_text      VARCHAR NOT NULL,
    confidence        DOUBLE                 -- schema 2
);
INSERT INTO mentions_new SELECT * FROM mentions;
DROP TABLE mentions;
ALTER TABLE mentions_new RENAME TO mentions;

CREATE TABLE quotes_new (
    id              VARCHAR NOT NULL,        -- document id ':q' position
    document_id     VARCHAR NOT NULL,
    speaker_text    VARCHAR,
    speaker_name    VARCHAR,
    speaker_country VARCHAR,
    speaker_sector  VARCHAR,
    text            VARCHAR NOT NULL,
    sentence        INTEGER NOT NULL,
    span_start      INTEGER NOT NULL,
    span_end        INTEGER NOT NULL,
    direct          BOOLEAN NOT NULL,
    mention_id      VARCHAR                  -- the speaker's event in that sentence, if any
);
INSERT INTO quotes_new SELECT * FROM quotes;
DROP TABLE quotes;
ALTER TABLE quotes_new RENAME TO quotes;

CREATE TABLE amounts_new (
    id          VARCHAR NOT NULL,            -- document id ':a' position
    document_id VARCHAR NOT NULL,
    value       DOUBLE NOT NULL,
    currency    VARCHAR,
    unit        VARCHAR,
    text        VARCHAR NOT NULL,
    sentence    INTEGER NOT NULL,
    span_start  INTEGER NOT NULL,
    span_end    INTEGER NOT NULL,
    mention_id  VARCHAR
);
INSERT INTO amounts_new SELECT * FROM amounts;
DROP TABLE amounts;
ALTER TABLE amounts_new RENAME TO amounts;

CREATE VIEW event_records AS
SELECT e.id AS event_id, e.num_mentions, e.num_sources, e.num_articles, e.first_date, e.last_date,
       m.* EXCLUDE (id), d.published, d.source, d.url, d.title
FROM events e
JOIN mentions m ON m.id = e.mention_id
JOIN documents d ON d.id = m.document_id;
