-- Schema 1: documents, what was coded in them (mentions with their entities, quotes and
-- amounts), and the deduplicated events that group mentions of one real-world event.
-- Applied by detente/store/database.py in one transaction; never edit a released migration,
-- add the next numbered file instead.

CREATE TABLE documents (
    id           VARCHAR PRIMARY KEY,     -- 'd' + the first 16 hex digits of content_hash
    content_hash VARCHAR NOT NULL UNIQUE, -- sha256 of the text with whitespace runs collapsed
    source_id    VARCHAR,                 -- the id the input gave the document, if any
    url          VARCHAR,
    title        VARCHAR,
    source       VARCHAR,                 -- outlet: the input's source, the feed's title or the URL's host
    published    DATE,
    language     VARCHAR,
    input        VARCHAR,                 -- file, URL or '-' it was read from
    ingested_at  TIMESTAMP NOT NULL,
    sentences    INTEGER NOT NULL,
    text         VARCHAR NOT NULL
);

-- One row per event coded in one sentence of one document: every field of the JSONL record.
CREATE TABLE mentions (
    id                VARCHAR PRIMARY KEY,   -- document id ':' event id within the document
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
    recipient_country VARCHAR,           -- or, in a joint event, the co-actor from another country
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
    trigger_text      VARCHAR NOT NULL
);
CREATE INDEX mentions_document ON mentions (document_id);

-- Actors and recipients of each mention, in order, with their evidence spans.
CREATE TABLE entities (
    mention_id VARCHAR NOT NULL,
    role       VARCHAR NOT NULL,             -- 'actor' or 'recipient'
    position   INTEGER NOT NULL,
    text       VARCHAR NOT NULL,
    name       VARCHAR,
    country    VARCHAR,
    sector     VARCHAR,
    span_start INTEGER,
    span_end   INTEGER
);
CREATE INDEX entities_mention ON entities (mention_id);

CREATE TABLE quotes (
    id              VARCHAR PRIMARY KEY,     -- document id ':q' position
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

CREATE TABLE amounts (
    id          VARCHAR PRIMARY KEY,         -- document id ':a' position
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

-- Deduplicated events, rebuilt from mentions after every ingest (detente/store/dedup.py).
-- An event is named after its first mention and carries that mention's fields.
CREATE TABLE events (
    id           VARCHAR NOT NULL,           -- = mention_id of its first report
    mention_id   VARCHAR NOT NULL,
    num_mentions INTEGER NOT NULL,           -- as GDELT's NumMentions
    num_sources  INTEGER NOT NULL,           -- distinct outlets
    num_articles INTEGER NOT NULL,           -- distinct documents
    first_date   DATE,
    last_date    DATE
);

-- Which event each mention reports.
CREATE TABLE event_mentions (
    event_id   VARCHAR NOT NULL,
    mention_id VARCHAR NOT NULL
);

-- What most queries want: each deduplicated event with its first mention's fields and its
-- document's metadata.
CREATE VIEW event_records AS
SELECT e.id AS event_id, e.num_mentions, e.num_sources, e.num_articles, e.first_date, e.last_date,
       m.* EXCLUDE (id), d.published, d.source, d.url, d.title
FROM events e
JOIN mentions m ON m.id = e.mention_id
JOIN documents d ON d.id = m.document_id;
