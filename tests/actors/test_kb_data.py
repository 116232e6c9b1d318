"""The data check of the knowledge base (issue: valid codes, no overlapping terms, no contested
aliases), plus spot checks that the check itself catches what it should."""
from datetime import date

from detente.actors import load_kb
from detente.actors.check import check_kb
from detente.actors.kb import KBEntry, KnowledgeBase, Role
from detente.data_files import data_path, load_yaml


def test_built_in_knowledge_base_is_consistent():
    assert check_kb(load_kb()) == []


def test_check_catches_bad_codes_overlaps_and_contested_aliases():
    kb = KnowledgeBase(country_names={"FRA": "France"})
    a = KBEntry("person", "Anne A", None, None, (Role("FRA", "GOV", "President", date(2020, 1, 1), None),), "p/a")
    b = KBEntry("person", "Bea B", None, None, (Role("FRA", "GOV", "President", date(2022, 1, 1), None),), "p/b")
    c = KBEntry("person", "Cid C", None, None, (Role("XXX", "WIZ", "Mage", date(2022, 1, 1), None),), "p/c")
    kb.entries = [a, b, c]
    kb.offices = {("president", "FRA"): [(a, a.roles[0]), (b, b.roles[0])]}
    kb.aliases = {"AB": [a, b]}
    problems = "\n".join(check_kb(kb))
    assert "unknown country code 'XXX'" in problems and "unknown sector 'WIZ'" in problems
    assert "president of FRA: Anne A and Bea B overlap" in problems
    assert "alias 'AB' is claimed by p/a and p/b" in problems


def test_every_head_of_1975_to_1999_held_office_in_that_period():
    start, end = date(1975, 1, 1), date(2000, 1, 1)
    people = load_yaml(data_path("kb", "people/heads_1975_1999.yaml"))
    assert len(people) > 500
    def day(value, default):
        return date.fromisoformat(str(value)) if value else default

    for person in people:
        assert any(day(r["start"], date.min) < end and day(r["end"], date.max) > start
                   for r in person["roles"]), person["name"]
