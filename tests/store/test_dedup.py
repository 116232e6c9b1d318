import random

import pytest

from detente.errors import DetenteError
from detente.store import Store, dedup
from detente.store.dedup import ensure_grouped, rebuild_events, recorded_window
from tests.store.builders import CHN_GOV, JPN_GOV, USA_GOV, event, stored


def _events(store):
    return store.con.execute(
        "SELECT id, num_mentions, num_sources, num_articles, first_date, last_date FROM events ORDER BY id").fetchall()


def _store(tmp_path, docs):
    store = Store(tmp_path / "x.duckdb")
    store.add_documents(docs)
    rebuild_events(store.con, window_days=2)
    return store


def test_one_meeting_reported_by_three_outlets_is_one_event(tmp_path):
    docs = [stored(f"Report {n} of the meeting.", [event(1, "CONSULT", JPN_GOV, USA_GOV, day)], source=source)
            for n, (day, source) in enumerate([("2025-02-07", "Wire A"), ("2025-02-08", "Wire B"),
                                                ("2025-02-08", "Wire A")])]
    with _store(tmp_path, docs) as store:
        events = _events(store)
        assert len(events) == 1
        _, mentions, sources, articles, first, last = events[0]
        assert (mentions, sources, articles) == (3, 2, 3)
        assert (first.isoformat(), last.isoformat()) == ("2025-02-07", "2025-02-08")
        # the event is named after its earliest report and keeps every mention
        assert events[0][0] == f"{docs[0].id}:e1"
        assert store.con.execute("SELECT count(*) FROM event_mentions").fetchall()[0][0] == 3


def test_window_is_anchored_on_the_first_mention_not_chained(tmp_path):
    days = ["2025-03-01", "2025-03-03", "2025-03-05", "2025-03-06"]
    docs = [stored(f"Talks day {day}.", [event(1, "CONSULT", USA_GOV, CHN_GOV, day)]) for day in days]
    with _store(tmp_path, docs) as store:
        assert [(m, f.isoformat()) for _, m, _, _, f, _ in _events(store)] in (
            [(2, "2025-03-01"), (2, "2025-03-05")], [(2, "2025-03-05"), (2, "2025-03-01")])


def test_different_type_direction_or_modality_stay_apart(tmp_path):
    docs = [stored("a.", [event(1, "CONSULT", JPN_GOV, USA_GOV, "2025-02-07")]),
            stored("b.", [event(1, "CONSULT", USA_GOV, JPN_GOV, "2025-02-07")]),
            stored("c.", [event(1, "ACCUSE", JPN_GOV, USA_GOV, "2025-02-07")]),
            stored("d.", [event(1, "CONSULT", JPN_GOV, USA_GOV, "2025-02-07", modality="negated")])]
    with _store(tmp_path, docs) as store:
        assert [row[1] for row in _events(store)] == [1, 1, 1, 1]


def test_mentions_without_a_known_recipient_or_date_are_never_merged(tmp_path):
    docs = [stored(f"Protest {n}.", [event(1, "ASSAULT", USA_GOV, None, "2025-02-07"),
                                     event(2, "CONSULT", JPN_GOV, USA_GOV, None)]) for n in range(3)]
    with _store(tmp_path, docs) as store:
        assert len(_events(store)) == 6


def test_rebuilding_gives_the_same_events_whatever_the_arrival_order(tmp_path):
    docs = [stored(f"Report {n}.", [event(1, "CONSULT", JPN_GOV, USA_GOV, f"2025-02-{7 + n % 5:02d}")])
            for n in range(12)]
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    with _store(first, docs) as one, _store(second, list(reversed(docs))) as two:
        assert _events(one) == _events(two)
        rebuild_events(one.con, window_days=2)
        assert _events(one) == _events(two)


# -- incremental regrouping (Store.add_documents with a window) ----------------------------------

AMERICANS = ("USA", None, "Americans")          # a known country with no sector: NULL is a key value
UNKNOWN = (None, "CVL", "Protesters")           # no country: never grouped


def _links(store):
    return sorted(store.con.execute("SELECT event_id, mention_id FROM event_mentions").fetchall())


def _state(store):
    return _links(store), _events(store)


def _oracle(store, window_days):
    """The grouping worked out from the rule itself, on the store's mentions: per key, ordered by
    date then id, a group runs from its first mention to every mention at most `window_days`
    later; undated mentions and those without both countries stand alone."""
    keys = {}
    links = []
    for mention_id, day, *key in store.con.execute(
            "SELECT id, date, actor_country, actor_sector, event_type, recipient_country, recipient_sector, "
            "modality FROM mentions").fetchall():
        if day is None or key[0] is None or key[3] is None:
            links.append((mention_id, mention_id))
        else:
            keys.setdefault(tuple(key), []).append((day, mention_id))
    for mentions in keys.values():
        anchor = None
        for day, mention_id in sorted(mentions):
            if anchor is None or (day - anchor[0]).days > window_days:
                anchor = (day, mention_id)
            links.append((anchor[1], mention_id))
    return sorted(links)


def _random_documents(rng, n):
    # few keys, so that they hold several mentions each: mostly JPN_GOV consulting USA_GOV
    docs = []
    for k in range(n):
        events = []
        for e in range(rng.randint(1, 3)):
            actor = rng.choice([JPN_GOV, JPN_GOV, AMERICANS, UNKNOWN])
            recipient = rng.choice([USA_GOV, USA_GOV, JPN_GOV, None])
            # eight days, so that dates collide and windows overlap; one mention in eight undated
            day = None if rng.random() < 0.125 else f"2025-03-{rng.randint(1, 8):02d}"
            events.append(event(e + 1, "ACCUSE" if rng.random() < 0.2 else "CONSULT", actor, recipient, day,
                                modality="negated" if rng.random() < 0.1 else "asserted"))
        docs.append(stored(f"Random report {k}.", events, source=rng.choice(["Wire A", "Wire B", None])))
    return docs


@pytest.mark.parametrize("seed", range(8))
def test_incremental_grouping_equals_a_full_rebuild_whatever_the_batches(tmp_path, seed):
    rng = random.Random(seed)
    window = seed % 3
    docs = _random_documents(rng, 30)
    with Store(tmp_path / "full.duckdb") as full:
        full.add_documents(docs)
        rebuild_events(full.con, window_days=window)
        expected = _state(full)
        assert expected[0] == _oracle(full, window)
    assert len({e[1] for e in expected[1]}) > 1      # some events group several mentions

    rng.shuffle(docs)
    with Store(tmp_path / "incremental.duckdb") as store:
        stored_docs = 0
        while stored_docs < len(docs):
            size = rng.randint(1, 6)
            batch = docs[stored_docs:stored_docs + size]
            if stored_docs and rng.random() < 0.3:
                # a batch that fails half-way (a document stored before) takes its regrouping
                # with it when it rolls back
                before = _state(store)
                with pytest.raises(DetenteError, match="E034"):
                    store.add_documents([*batch, docs[0]], window_days=window)
                assert _state(store) == before
            store.add_documents(batch, window_days=window)
            stored_docs += len(batch)
            # after every batch the store holds what a full rebuild of it would
            assert _links(store) == _oracle(store, window)
        assert _state(store) == expected
        assert recorded_window(store.con) == window


def _doc(name, day, actor=JPN_GOV, recipient=USA_GOV, source="Wire A"):
    return stored(f"Talks {name}.", [event(1, "CONSULT", actor, recipient, day)], source=source)


def test_a_late_report_of_an_earlier_day_moves_the_anchors_after_it(tmp_path):
    # window 2: reports of the 3rd, 5th and 6th are two events, the 3rd-5th and the 6th
    d3, d5, d6 = _doc("3", "2025-03-03"), _doc("5", "2025-03-05"), _doc("6", "2025-03-06", source="Wire B")
    with Store(tmp_path / "x.duckdb") as store:
        store.add_documents([d3, d5, d6], window_days=2)
        assert _links(store) == sorted([(f"{d3.id}:e1", f"{d3.id}:e1"), (f"{d3.id}:e1", f"{d5.id}:e1"),
                                        (f"{d6.id}:e1", f"{d6.id}:e1")])
        # a report of the 2nd arrives: now the 2nd-3rd and the 5th-6th; neither old event is left
        d2 = _doc("2", "2025-03-02")
        store.add_documents([d2], window_days=2)
        assert _links(store) == sorted([(f"{d2.id}:e1", f"{d2.id}:e1"), (f"{d2.id}:e1", f"{d3.id}:e1"),
                                        (f"{d5.id}:e1", f"{d5.id}:e1"), (f"{d5.id}:e1", f"{d6.id}:e1")])
        assert [(row[0], row[1], row[2]) for row in _events(store)] == sorted(
            [(f"{d2.id}:e1", 2, 1), (f"{d5.id}:e1", 2, 2)])
        # another report of the 2nd whose id sorts first takes the anchor of the first event
        same_day = sorted([_doc(f"2 again {n}", "2025-03-02") for n in range(8)], key=lambda d: d.id)[0]
        assert same_day.id < d2.id
        store.add_documents([same_day], window_days=2)
        assert [row[:2] for row in _events(store)] == sorted([(f"{same_day.id}:e1", 3), (f"{d5.id}:e1", 2)])
        incremental = _state(store)
        rebuild_events(store.con, window_days=2)
        assert _state(store) == incremental


def test_a_batch_regroups_only_the_tail_of_its_keys(tmp_path, monkeypatch):
    # a month of weekly talks is four events; a report three weeks in touches only the last
    regrouped = []
    real = dedup.regroup
    monkeypatch.setattr(dedup, "regroup", lambda *args: regrouped.append(real(*args)) or regrouped[-1])
    weeks = [_doc(f"week {n}", f"2025-03-{1 + 7 * n:02d}") for n in range(4)]
    with Store(tmp_path / "x.duckdb") as store:
        store.add_documents(weeks, window_days=2)
        store.add_documents([_doc("late", "2025-03-23")], window_days=2)
        store.add_documents([_doc("early", "2025-02-27")], window_days=2)
        store.add_documents([_doc("other", "2025-03-23", recipient=CHN_GOV)], window_days=2)
        # the 22nd's event and the new report; then the whole key; then a key of its own
        assert regrouped[1:] == [2, 6, 1]
        # talks every day for six days are two events, the 1st-3rd and the 4th-6th (no gap
        # between days is longer than the window); a report of the 5th touches only the second
        daily = [_doc(f"day {n}", f"2025-04-{n:02d}", recipient=CHN_GOV) for n in range(1, 7)]
        store.add_documents(daily, window_days=2)
        store.add_documents([_doc("day 5 again", "2025-04-05", recipient=CHN_GOV)], window_days=2)
        assert regrouped[-1] == 4
        assert _links(store) == _oracle(store, 2)


def test_changing_the_window_regroups_everything(tmp_path):
    days = ["2025-03-01", "2025-03-03", "2025-03-05", "2025-03-06"]
    docs = [_doc(day, day) for day in days]
    with Store(tmp_path / "x.duckdb") as store:
        store.add_documents(docs[:3], window_days=2)
        assert sorted(row[1] for row in _events(store)) == [1, 2]        # the 1st-3rd, the 5th
        # a batch with another window first regroups what is stored with it: one event of four
        store.add_documents(docs[3:], window_days=5)
        assert recorded_window(store.con) == 5
        assert [(row[0], row[1]) for row in _events(store)] == [(f"{docs[0].id}:e1", 4)]
        assert _links(store) == _oracle(store, 5)
        assert not ensure_grouped(store.con, 5)
        assert ensure_grouped(store.con, 1)
        assert _links(store) == _oracle(store, 1) and recorded_window(store.con) == 1


def test_documents_stored_without_regrouping_make_the_next_ingest_regroup(tmp_path):
    with Store(tmp_path / "x.duckdb") as store:
        store.add_documents([_doc("a", "2025-03-01")], window_days=2)
        assert recorded_window(store.con) == 2
        store.add_documents([_doc("b", "2025-03-02")])
        assert recorded_window(store.con) is None
        assert store.counts()["events"] == 1            # b has no event yet
        store.add_documents([_doc("c", "2025-03-09")], window_days=2)
        assert _links(store) == _oracle(store, 2) and len(_events(store)) == 2
