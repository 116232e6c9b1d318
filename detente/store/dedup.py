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
from itertools import groupby

import pyarrow as pa

_KEY = ("actor_country", "actor_sector", "event_type", "recipient_country", "recipient_sector", "modality")


def rebuild_events(con, window_days: int) -> int:
    """Regroup every mention into events; returns the number of events."""
    mentions = con.execute(f"""
        SELECT m.id, m.date, {', '.join('m.' + k for k in _KEY)}, m.document_id,
               coalesce(d.source, 'document:' || d.id) AS outlet
        FROM mentions m JOIN documents d ON d.id = m.document_id
        ORDER BY {', '.join('m.' + k + ' NULLS LAST' for k in _KEY)}, m.date NULLS LAST, m.id""").fetchall()
    links = []
    for key, group in groupby(mentions, key=lambda row: row[2:2 + len(_KEY)]):
        group = list(group)
        if key[0] is None or key[3] is None:
            links.extend((row[0], row[0]) for row in group)
            continue
        links.extend(_anchored_groups(group, timedelta(days=window_days)))
    table = pa.table({"event_id": [e for e, _ in links], "mention_id": [m for _, m in links]})
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


def _anchored_groups(rows: list[tuple], window: timedelta) -> list[tuple[str, str]]:
    """(event id, mention id) pairs: rows are sorted by date; a group starts at its first dated
    mention and takes every mention up to `window` later. The event is named after that mention."""
    links, anchor, anchor_date = [], None, None
    for row in rows:
        mention_id, day = row[0], row[1]
        if day is None:
            links.append((mention_id, mention_id))
            continue
        if anchor is None or day - anchor_date > window:
            anchor, anchor_date = mention_id, day
        links.append((anchor, mention_id))
    return links
