"""A small store whose numbers can be worked out by hand (see each test)."""
import pytest

from detente.records import Amount, Entity, Quote, Span
from detente.store import Store
from detente.store.dedup import rebuild_events
from tests.store.builders import CHN_GOV, JPN_GOV, USA_GOV, event, stored


def _month(n: int) -> str:
    return f"2025-{n:02d}-10"


@pytest.fixture()
def db(tmp_path):
    docs = []
    # Jan-Jun: USA and JPN consult (quad 1) twice a month, each in its own article and outlet
    for month in range(1, 7):
        for k in range(2):
            who = (JPN_GOV, USA_GOV) if k == 0 else (USA_GOV, JPN_GOV)
            day = f"2025-{month:02d}-{1 + 14 * k:02d}"
            docs.append(stored(f"Talks {month}-{k}.", [event(1, "CONSULT", *who, day,
                                                             context=("diplomatic", "economic"))],
                               source=f"Wire {k}", date=day))
    # Jul: a sharp turn: USA accuses JPN three times (quad 3) and once a strike is reported (quad 4)
    for k in range(3):
        day = f"2025-07-{1 + 10 * k:02d}"
        docs.append(stored(f"Accusation {k}.", [event(1, "ACCUSE", USA_GOV, JPN_GOV, day, context=("economic",))],
                           date=day))
    docs.append(stored("Strike.", [event(1, "ASSAULT", USA_GOV, JPN_GOV, "2025-07-05", context=("military",))],
                       date="2025-07-05"))
    # ... which two more outlets report a day later: one event, three reports
    for outlet in ("Wire B", "Wire C"):
        docs.append(stored(f"Strike, {outlet}.", [event(1, "ASSAULT", USA_GOV, JPN_GOV, "2025-07-06",
                                                        context=("military",))], source=outlet, date="2025-07-06"))
    # Aug: JPN sends aid (quad 2) and pledges money (a future AGREE: listed as a pledge, not counted
    # as an act in the timeline); a quote by Ishiba in the same document
    aid = event(1, "AID", JPN_GOV, USA_GOV, "2025-08-03")
    pledge = event(2, "AGREE", JPN_GOV, USA_GOV, "2025-08-03", modality="future")
    money = Amount(value=5e9, text="$5 billion", sentence=0, span=Span(30, 40, "$5 billion"), currency="USD",
                   event="e2")
    demand = Amount(value=1e9, text="$1 billion", sentence=0, span=Span(50, 60, "$1 billion"), currency="USD")
    words = Quote(speaker=Entity("Ishiba", "Shigeru Ishiba", "JPN", "GOV"), text="We will stand with our ally "
                  "in difficult times", sentence=0, span=Span(0, 20, "x"), direct=True, event="e2")
    docs.append(stored("Aid and pledge.", [aid, pledge], quotes=[words], amounts=[money], date="2025-08-03"))
    ask = event(1, "REQUEST", USA_GOV, JPN_GOV, "2025-08-20")
    demand.event = "e1"
    docs.append(stored("Demand.", [ask], amounts=[demand], date="2025-08-20"))
    # unrelated: CHN-USA once
    docs.append(stored("China.", [event(1, "ACCUSE", CHN_GOV, USA_GOV, "2025-03-03")], date="2025-03-03"))
    store = Store(tmp_path / "a.duckdb")
    store.add_documents(docs)
    rebuild_events(store.con, window_days=2)
    yield store.con
    store.close()


@pytest.fixture()
def store_path(db):
    """The same store, closed, by its path: for servers and commands that open it themselves."""
    path = db.execute("SELECT path FROM duckdb_databases() WHERE NOT internal").fetchall()[0][0]
    db.close()
    return path
