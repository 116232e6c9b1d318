"""Importing a user's PETRARCH/TABARI dictionaries (formats written out here, names invented)."""
from datetime import date

import yaml

from detente.actors import load_kb
from detente.actors.petrarch import read_actor_dictionary, read_agent_dictionary, split_code

ACTORS = """<!-- a user's dictionary -->
VALDORIA [VLD]
+VALDORIAN
+VALDORIANS

MARSHAL_OKONTA  # a dated career
    [VLDMIL < 100301]
    [VLDGOV 20100301 - 20160115]
    [VLDOPP > 20160115]

PORT_SELENE_AUTHORITY [VLDGOV] # comment
"""

AGENTS = """HARBOUR_PILOT {HARBOUR_PILOTS} [~BUS]
MSF {} [NGO~]
+IGNORED_SYNONYM
"""


def test_actor_dictionary_becomes_dated_entities(tmp_path):
    path = tmp_path / "actors.txt"
    path.write_text(ACTORS)
    records = [a.to_record() for a in read_actor_dictionary(path)]
    assert records[0] == {"name": "Valdoria", "aliases": ["Valdorian", "Valdorians"], "country": "VLD", "sector": None}
    okonta = records[1]
    assert okonta["name"] == "Marshal Okonta"
    assert okonta["roles"][1] == {"country": "VLD", "sector": "GOV", "start": "2010-03-01", "end": "2016-01-15"}
    assert okonta["roles"][0]["end"] == "2010-03-01" and okonta["roles"][2]["end"] is None

    converted = tmp_path / "actors.yaml"
    converted.write_text(yaml.safe_dump(records))
    kb = load_kb((str(converted),))
    [entry] = kb.aliases["Marshal Okonta"]
    assert entry.at(date(2012, 5, 1)) == ("VLD", "GOV")
    assert entry.at(date(2020, 5, 1)) == ("VLD", "OPP")


def test_agent_dictionary_becomes_role_nouns(tmp_path):
    path = tmp_path / "agents.txt"
    path.write_text(AGENTS)
    assert read_agent_dictionary(path) == [("harbour pilot", "BUS"), ("msf", "NGO")]


def test_codes_split_into_country_and_sector():
    assert split_code("HOBGOV") == ("HOB", "GOV")
    assert split_code("~COP") == (None, "COP")
    assert split_code("---") == (None, None)
