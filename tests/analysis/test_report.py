import re

from detente.analysis.report import build_report


def test_brief_is_self_contained_with_numbers_and_evidence(db):
    html = build_report(db, "usa", "jpn", names={"USA": "United States", "JPN": "Japan"})
    assert "<h1>United States – Japan</h1>" in html
    # nothing is fetched when the brief is opened: no external scripts, styles or images
    assert not re.search(r'<(script|link|img)[^>]+(src|href)="https?:', html)
    assert "Plotly.newPlot" in html and len(html) > 1_000_000        # plotly's JavaScript is inlined
    assert re.search(r'<div class="value">18</div><div class="label">events \(20 reports\)', html)
    assert "towards conflict" in html                                 # the July alert
    assert "$5 billion" in html and "$1 billion" in html and "demanded" in html
    assert "We will stand with our ally in difficult times" in html
    assert '<mark class="trigger">' in html and 'id="event-' in html


def test_key_quotes_about_the_other_side_come_first(db):
    from detente.analysis.report import _country_pattern
    assert _country_pattern("USA").search("talks with Washington") and _country_pattern("USA").search("American")
    assert not _country_pattern("USA").search("our ally") and _country_pattern("IGO") is None


def test_brief_of_an_empty_dyad_says_so(db):
    html = build_report(db, "FRA", "DEU")
    assert "No dated events between FRA and DEU" in html and "Plotly.newPlot" not in html
