"""Cross-article dedup: mentions of one real-world event become one event.

Mentions agree on an event when they share the actor's and the recipient's country and sector,
the PLOVER type and the modality, and their dates lie within `window_days` of the first mention
of the group (anchored, not chained: daily talks over a month stay separate events). Mentions
with no date, or without a known actor and recipient country, stay events of their own.

The grouping is recomputed from all mentions after each ingest, so it does not depend on the
order documents arrived in or on where an interrupted run stopped.
"""
from __future__ import annotations

from datetime import timedelta

import pyarrow as pa

_KEY = ("actor_country", "actor_sector", "event_type", "recipient_country", "recipient_sector", "modality")


def rebuild_events(con, window_days: int, chunk: int = 20_000) -> int:
    """Regroup every mention into events; returns the number of events. Mentions are read in
    key order a chunk at a time, so memory holds the links, not the mention rows."""
    window = timedelta(days=window_days)
    ordered = con.cursor().execute(f"""
        SELECT id, date, {', '.join(_KEY)} FROM mentions
        ORDER BY {', '.join(k + ' NULLS LAST' for k in _KEY)}, date NULLS LAST, id""")
    events, mentions = [], []
    grouper = _Grouper(window)
    while rows := ordered.fetchmany(chunk):
        for event_id, mention_id in grouper.feed(rows):
            events.append(event_id)
            mentions.append(mention_id)
    table = pa.table({"event_id": events, "mention_id": mentions})
    del events, mentions
    con.begin()
    try:
        con.execute("DELETE FROM event_mentions")
        con.execute("DELETE FROM events")
        con.register("links", table)
        con.execute("INSERT INTO event_mentions SELECT event_id, mention_id FROM links")
        con.unregister("links")
        con.execute("""
            INSERT INTO events
            SELECT em.event_id, em.event_id, count(*), count(DISTINCT coalesce(d.source, 'document:' || d.id)),
                   count(DISTINCT m.document_id), min(m.date), max(m.date)
            FROM event_mentions em
            JOIN mentions m ON m.id = em.mention_id
            JOIN documents d ON d.id = m.document_id
            GROUP BY em.event_id""")
        con.commit()
    except BaseException:
        con.rollback()
        raise
    return con.execute("SELECT count(*) FROM events").fetchall()[0][0]


class _Grouper:
    """Walks mentions sorted by key, date and id, across chunk boundaries: (event id, mention id)
    pairs, a group starting at its first dated mention and taking every mention up to `window`
    later. The event is named after that mention. Without a known actor and recipient country,
    or without a date, a mention is an event of its own."""

    def __init__(self, window: timedelta) -> None:
        self.window, self.key, self.anchor, self.anchor_date = window, None, None, None

    def feed(self, rows) -> list[tuple[str, str]]:
        links = []
        for mention_id, day, *key in rows:
            if key != self.key:
                self.key, self.anchor, self.anchor_date = key, None, None
            if key[0] is None or key[3] is None or day is None:
                links.append((mention_id, mention_id))
                continue
            if self.anchor is None or day - self.anchor_date > self.window:
                self.anchor, self.anchor_date = mention_id, day
            links.append((self.anchor, mention_id))
        return links
