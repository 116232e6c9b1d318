"""Cross-article dedup: mentions of one real-world event become one event.

Mentions agree on an event when they share the actor's and the recipient's country and sector,
the PLOVER type and the modality, and their dates lie within `window_days` of the first mention
of the group (anchored, not chained: daily talks over a month stay separate events). Mentions
with no date, or without a known actor and recipient country, stay events of their own.

Within a key, mentions are ordered by date and id; a group starts at its first mention (the
anchor, whose id the event takes) and takes every mention up to `window_days` later, and the
next mention starts the next group. Groups are runs of that order and an anchor depends only on
the mentions before it, so a new mention changes nothing before the group that holds (or
precedes) it. `Store.add_documents` calls `regroup` in each batch's own transaction, so no
committed mention is ever without its event: for each key the batch touches, it regroups from
that group of the batch's earliest mention to the end of the key, and rewrites only the links
and events that change. To find that group without reading the event tables (DuckDB keeps no
index on them, so a lookup by id scans them whole), it reads the key's mentions from the last
one before the batch's that comes more than the window after its predecessor (such a mention
starts a group whatever is added later) and walks them to the group. The result equals
`rebuild_events`, the full pass over every mention, whatever the order documents arrived in and
wherever an interrupted run stopped; `rebuild_events` stays as the reference and the repair path.

The table `dedup_state` (schema 4) holds the window the events were grouped with. An ingest
first calls `ensure_grouped`, which regroups everything when the window in store.yaml differs or
none is recorded (a store upgraded from schema 3, restored from a backup, or written by
`add_documents` without regrouping, which clears the record).
"""
from __future__ import annotations

from datetime import timedelta

import pyarrow as pa

from detente.store.cache import release_blocks

_KEY = ("actor_country", "actor_sector", "event_type", "recipient_country", "recipient_sector", "modality")
_COLUMNS = ", ".join(_KEY)
# countries are never NULL in a group; sectors may be, and NULL sectors are one key
_SAME_KEY = " AND ".join(f"m.{k} IS NOT DISTINCT FROM f.{k}" if k.endswith("sector") else f"m.{k} = f.{k}"
                         for k in _KEY)
_CHUNK = 10_000
_GROUPABLE = "actor_country IS NOT NULL AND recipient_country IS NOT NULL AND date IS NOT NULL"
_LINKS = pa.schema([("event_id", pa.string()), ("mention_id", pa.string())])
_MEMBERS = pa.schema([("event_id", pa.string()), ("document_id", pa.string()), ("date", pa.date32())])

# the events row of every event in `members` (event_id, document_id, date of each of its
# mentions; a table or a subquery), as GDELT's counts: mentions, outlets (a document without a
# source counts as its own), articles, first and last date
_EVENT_ROWS = """
    SELECT m.event_id, m.event_id, count(*), count(DISTINCT coalesce(d.source, 'document:' || d.id)),
           count(DISTINCT m.document_id), min(m.date), max(m.date)
    FROM {members} m
    JOIN documents d ON d.id = m.document_id
    GROUP BY m.event_id"""


def rebuild_events(con, window_days: int, chunk: int = 20_000) -> int:
    """Regroup every mention into events and record the window; returns the number of events.
    Mentions are read in key order a chunk at a time and their links written as they come, so
    memory holds one chunk, not the store. One transaction: a crash leaves the old grouping."""
    window = timedelta(days=window_days)
    ordered = con.cursor().execute(f"""
        SELECT id, date, {_COLUMNS} FROM mentions
        ORDER BY {', '.join(k + ' NULLS LAST' for k in _KEY)}, date NULLS LAST, id""")
    con.begin()
    try:
        con.execute("DELETE FROM event_mentions")
        con.execute("DELETE FROM events")
        grouper = _Grouper(window)
        while rows := ordered.fetchmany(chunk):
            con.register("links", _links_table(grouper.feed(rows)))
            con.execute("INSERT INTO event_mentions SELECT event_id, mention_id FROM links")
            con.unregister("links")
        con.execute("INSERT INTO events " + _EVENT_ROWS.format(members="""(
            SELECT em.event_id, m.document_id, m.date
            FROM event_mentions em JOIN mentions m ON m.id = em.mention_id)"""))
        _record_window(con, window_days)
        con.commit()
    except BaseException:
        con.rollback()
        raise
    return con.execute("SELECT count(*) FROM events").fetchall()[0][0]


def ensure_grouped(con, window_days: int) -> bool:
    """Regroup everything when the events were not grouped with `window_days` (the setting
    changed, or no window is recorded); returns whether it did."""
    if recorded_window(con) == window_days:
        return False
    rebuild_events(con, window_days)
    return True


def recorded_window(con) -> int | None:
    """The window the stored events were grouped with; None when unknown."""
    if not _has_state(con):
        return None
    found = con.execute("SELECT window_days FROM dedup_state").fetchall()
    return found[0][0] if len(found) == 1 else None


def forget_window(con) -> None:
    """Mentions were stored without regrouping: the next `ensure_grouped` regroups everything."""
    if _has_state(con):
        con.execute("DELETE FROM dedup_state")


def regroup(con, batch: pa.Table, window_days: int) -> int:
    """Group a batch's mentions, already inserted in the transaction open on `con`, with the
    stored ones; `batch` holds (at least) their id, document_id, date and key columns. The
    stored events must be the grouping of the stored mentions with `window_days`
    (`ensure_grouped`). Only the tail of each key the batch touches is regrouped (see the
    module's docstring), and of it only the links that change and the events whose mentions
    change are rewritten: memory holds the tails, not the store. Returns how many mentions were
    regrouped, the batch's included."""
    con.register("dedup_batch", batch.select(["id", "document_id", "date", *_KEY]))
    window, new = timedelta(days=window_days), set(batch.column("id").to_pylist())
    key = ", ".join(f"m.{k}" for k in _KEY)
    # f: each touched key's earliest new mention; keyed: the key's dated mentions; start: the
    # last of them before f that comes more than the window after the one before it (or is the
    # key's first), which starts a group whatever is added after it
    result = con.execute(f"""
        WITH f AS (
            SELECT id AS new_id, date AS new_date, {_COLUMNS} FROM dedup_batch WHERE {_GROUPABLE}
            QUALIFY row_number() OVER (PARTITION BY {_COLUMNS} ORDER BY date, id) = 1),
        keyed AS MATERIALIZED (
            SELECT m.id, m.date, m.document_id, f.* FROM mentions m JOIN f ON {_SAME_KEY} WHERE m.date IS NOT NULL),
        start AS (
            SELECT * FROM (
                SELECT *, date - lag(date) OVER (PARTITION BY {_COLUMNS} ORDER BY date, id) AS gap FROM keyed)
            WHERE (date < new_date OR (date = new_date AND id < new_id)) AND (gap IS NULL OR gap > $window)
            QUALIFY row_number() OVER (PARTITION BY {_COLUMNS} ORDER BY date DESC, id DESC) = 1)
        SELECT m.id, m.date, {key}, m.document_id
        FROM keyed m LEFT JOIN start f ON {_SAME_KEY}
        WHERE f.id IS NULL OR m.date > f.date OR (m.date = f.date AND m.id >= f.id)
        ORDER BY {', '.join(k + ' NULLS LAST' for k in key.split(', '))}, m.date, m.id""",
                         {"window": window_days})
    # read to the end before anything else runs on the connection (DuckDB allows nothing else
    # while a result is open), keeping only each key's tail
    tail = list(_tails(iter(lambda: result.fetchmany(_CHUNK), []), new, window))
    # each statement here scans whole columns; their blocks are not kept for the next one
    release_blocks(con)
    # the tail's grouping before the batch and with it; the batch's other mentions are events of
    # their own
    before = {mention: event for event, mention in
              _Grouper(window).feed(row[:-1] for row in tail if row[0] not in new)}
    after = _Grouper(window).feed(row[:-1] for row in tail)
    members = [(event, mention, row[-1], row[1]) for (event, mention), row in zip(after, tail)]
    members += [(mention, mention, document, day) for mention, document, day in con.execute(
        f"SELECT id, document_id, date FROM dedup_batch WHERE NOT ({_GROUPABLE})").fetchall()]
    # links that are new or name another event than before; the events they leave or join are
    # those whose rows change, and every mention of those is in `members`
    changed = [(event, mention, before.get(mention)) for event, mention, _, _ in members
               if before.get(mention) != event]
    affected = {event for event, _, _ in changed} | {old for _, _, old in changed if old is not None}
    stale = affected & set(before.values())
    moved = [mention for _, mention, old in changed if old is not None]
    if moved:
        con.execute("DELETE FROM event_mentions WHERE mention_id IN (SELECT unnest(?::VARCHAR[]))", [moved])
        release_blocks(con)
    con.register("dedup_links", _links_table([(event, mention) for event, mention, _ in changed]))
    con.execute("INSERT INTO event_mentions SELECT event_id, mention_id FROM dedup_links")
    if stale:
        con.execute("DELETE FROM events WHERE id IN (SELECT unnest(?::VARCHAR[]))", [sorted(stale)])
        release_blocks(con)
    con.register("dedup_members", pa.Table.from_pylist(
        [{"event_id": e, "document_id": d, "date": day} for e, _, d, day in members if e in affected],
        schema=_MEMBERS))
    con.execute("INSERT INTO events " + _EVENT_ROWS.format(members="dedup_members"))
    # registrations belong to the connection, not the transaction; after an error the next
    # batch's replace them
    for name in ("dedup_batch", "dedup_links", "dedup_members"):
        con.unregister(name)
    return len(members)


def _tails(chunks, new: set[str], window: timedelta):
    """Of rows sorted by key, date and id, each key's from the group that holds or precedes its
    first new mention: the groups before it are the same with the new mentions as without."""
    key, anchor_date, group, found = None, None, [], False
    for rows in chunks:
        for row in rows:
            mention, day, *row_key = row[:-1]
            if row_key != key:
                key, anchor_date, found = row_key, None, False   # and the next row starts a group
            if found:
                yield row
                continue
            if anchor_date is None or day - anchor_date > window:
                anchor_date, group = day, []
            group.append(row)
            if mention in new:
                found = True
                yield from group


def _links_table(links: list[tuple[str, str]]) -> pa.Table:
    return pa.Table.from_arrays([pa.array([e for e, _ in links], pa.string()),
                                 pa.array([m for _, m in links], pa.string())], schema=_LINKS)


def _record_window(con, window_days: int) -> None:
    if _has_state(con):
        con.execute("DELETE FROM dedup_state")
        con.execute("INSERT INTO dedup_state VALUES (?)", [window_days])


def _has_state(con) -> bool:
    """Whether the store has schema 4's `dedup_state` (tests build older stores)."""
    return con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'dedup_state'").fetchall()[0][0] > 0


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
