from detente.store import Store
from detente.store.dedup import rebuild_events
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
