from detente.attributes.where import load_gazetteer


def test_gazetteer_decides_ambiguous_names_by_context():
    gazetteer = load_gazetteer()
    assert gazetteer.lookup("Paris", set()).country == "FRA"
    assert gazetteer.lookup("Paris", {"USA"}).country == "USA"
    assert gazetteer.lookup("Georgia", set()).kind == "country"
    georgia = gazetteer.lookup("Georgia", {"USA"})
    assert (georgia.kind, georgia.admin1) == ("admin1", "GA")
    region = gazetteer.lookup("the Indo-Pacific", set())
    assert region.kind == "region" and region.lat is None


def place(code, text, date="2025-02-07"):
    [event] = code(text, date).events
    return event.location


def test_seat_of_government_is_its_capital(code):
    loc = place(code, "The Kenyan president met the US president at the White House.")
    assert (loc["name"], loc["country"], loc["kind"]) == ("Washington", "USA", "city")
    assert round(loc["lat"]) == 39 and round(loc["lon"]) == -77


def test_place_in_the_events_clause(code):
    loc = place(code, "Rebels attacked a police convoy near Goma on Sunday.")
    assert (loc["name"], loc["country"]) == ("Goma", "COD")


def test_region_without_a_point(code):
    loc = place(code, "Chinese warships held drills in the South China Sea.")
    assert loc["kind"] == "region" and loc["lat"] is None


def test_a_visit_happens_in_the_country_visited(code):
    loc = place(code, "The Brazilian president visited Angola.")
    assert (loc["country"], loc["kind"]) == ("AGO", "country")


def test_dateline_when_the_sentence_names_no_place(code):
    doc = code("NAIROBI (Wire) - Kenyan police arrested 60 protesters.", "2025-02-07")
    [event] = doc.events
    assert event.location["name"] == "Nairobi"
