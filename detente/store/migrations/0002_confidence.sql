-- Schema 2: every mention carries the coder's confidence (0-1) that it is right
-- (detente/events/learned/confidence.py). Mentions stored before this schema have none (NULL).

ALTER TABLE mentions ADD COLUMN confidence DOUBLE;

CREATE OR REPLACE VIEW event_records AS
SELECT e.id AS event_id, e.num_mentions, e.num_sources, e.num_articles, e.first_date, e.last_date,
       m.* EXCLUDE (id), d.published, d.source, d.url, d.title
FROM events e
JOIN mentions m ON m.id = e.mention_id
JOIN documents d ON d.id = m.document_id;
