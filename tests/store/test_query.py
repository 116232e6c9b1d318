from datetime import date

from detente.store import Store
from detente.store.dedup import rebuild_events
from detente.store.query import EventFilter, event_dicts, select_events
from tests.store.builders import CHN_GOV, JPN_GOV, USA_GOV, event, stored


def _store(tmp_path):
    store = Store(tmp_path / "x.duckdb")
    store.add_documents([
        stored("one.", [event(1, "CONSULT", JPN_GOV, USA_GOV, "2025-02-07", context=("economic",)),
                        event(2, "ACCUSE", CHN_GOV, USA_GOV, "2025-02-07")]),
        stored("two.", [event(1, "AGREE", USA_GOV, JPN_GOV, "2025-03-01"),
                        event(2, "CONSULT", JPN_GOV, USA_GOV, "2025-02-08")], source="Wire B"),
    ])
    rebuild_events(store.con, window_days=2)
    return store


def _types(store, **filters):
    return sorted(r[0] for r in select_events(store.con, EventFilter(**filters), columns="event_type").fetchall())


def test_filters(tmp_path):
    with _store(tmp_path) as store:
        assert _types(store) == ["ACCUSE", "AGREE", "CONSULT"]          # two CONSULT mentions, one event
        assert _types(store, dyad=("USA", "JPN")) == ["AGREE", "CONSULT"]
        assert _types(store, dyad=("USA", "JPN"), directed=True) == ["AGREE"]
        assert _types(store, actor="chn") == ["ACCUSE"]
        assert _types(store, actor="Ishiba") == ["CONSULT"]
        assert _types(store, types=("consult", "ACCUSE")) == ["ACCUSE", "CONSULT"]
        assert _types(store, since=date(2025, 2, 8)) == ["AGREE"]
        assert _types(store, until=date(2025, 2, 7)) == ["ACCUSE", "CONSULT"]
        assert _types(store, context="economic") == ["CONSULT"]
        assert _types(store, min_mentions=2) == ["CONSULT"]


def test_values_are_parameters_not_sql(tmp_path):
    with _store(tmp_path) as store:
        assert _types(store, actor="x' OR '1'='1") == []
        assert _types(store, actor="%") == []           # a LIKE wildcard is matched literally
        assert _types(store, types=("CONSULT') OR ('1'='1",)) == []
        assert store.counts()["documents"] == 2


def test_event_records_carry_every_mention_with_evidence(tmp_path):
    with _store(tmp_path) as store:
        (consult,) = list(event_dicts(store.con, EventFilter(types=("CONSULT",))))
        # read in chunks of one: each chunk looks up its mentions while the events are still read
        assert len(list(event_dicts(store.con, EventFilter(), chunk=1))) == 3
    assert consult["num_mentions"] == 2 and consult["num_sources"] == 2
    assert consult["actor"] == [{"text": "Shigeru Ishiba", "name": "Shigeru Ishiba", "country": "JPN",
                                 "sector": "GOV"}]
    assert [m["published"] for m in consult["mentions"]] == ["2025-02-07", "2025-02-07"]
    # the event is its first report's: "one. Shigeru Ishiba met Donald Trump. ..."
    first = next(m for m in consult["mentions"] if m["mention"] == consult["id"])
    assert first["evidence"]["trigger"] == {"start": 20, "end": 23, "text": "met"}
    assert first["evidence"]["actor"] == [{"start": 5, "end": 19, "text": "Shigeru Ishiba"}]
    assert first["evidence"]["recipient"] == [{"start": 24, "end": 36, "text": "Donald Trump"}]
