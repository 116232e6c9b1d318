from detente.analysis.pledges import find_pledges, pledge_status
from detente.analysis.quotes import find_quotes


def test_status_rules():
    assert pledge_status("REQUEST", "asserted") == "demanded"
    assert pledge_status("AGREE", "future") == "pledged"
    assert pledge_status("AID", "asserted") == "delivered"
    assert pledge_status("AID", "future") == "pledged"
    assert pledge_status("REJECT", "asserted") == "refused"
    assert pledge_status("CONSULT", "asserted") == "mentioned"


def test_pledges_with_who_to_whom_and_when(db):
    found = find_pledges(db)
    assert [(p["value"], p["status"], p["actor"]["country"], p["recipient"]["country"], p["date"]) for p in found] == [
        (1e9, "demanded", "USA", "JPN", "2025-08-20"), (5e9, "pledged", "JPN", "USA", "2025-08-03")]
    assert [p["value"] for p in find_pledges(db, actor="Ishiba")] == [5e9]
    assert find_pledges(db, actor="FRA") == []


def test_quotes_by_speaker_and_topic(db):
    [quote] = find_quotes(db, speaker="ishiba")
    assert quote["speaker"] == {"name": "Shigeru Ishiba", "country": "JPN", "sector": "GOV"}
    assert quote["direct"] and quote["date"] == "2025-08-03"
    assert find_quotes(db, about="difficult times") == [quote]
    assert find_quotes(db, about="100%") == [] and find_quotes(db, speaker="JPN") == [quote]
