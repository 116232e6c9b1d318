from datetime import date

import pytest

from detente.actors import load_kb
from detente.errors import DetenteError


def person(kb, name):
    [entry] = [e for e in kb.entries if e.kind == "person" and e.name == name]
    return entry


def test_roles_are_bounded_by_dates():
    kb = load_kb()
    ishiba = person(kb, "Shigeru Ishiba")
    assert ishiba.at(date(2025, 2, 7)) == ("JPN", "GOV")            # prime minister
    assert ishiba.at(date(2026, 1, 15)) == ("JPN", "LEG")           # back to the Diet
    takaichi = person(kb, "Sanae Takaichi")
    assert takaichi.at(date(2025, 11, 1)) == ("JPN", "GOV")


def test_g20_and_korean_leaders_are_current():
    kb = load_kb()
    today = date(2026, 6, 1)
    in_office = {(e.at(today)[0]) for e in kb.entries if e.kind == "person"
                 and any(r.holds_on(today) and r.sector == "GOV" for r in e.roles)}
    g20 = {"ARG", "AUS", "BRA", "CAN", "CHN", "FRA", "DEU", "IND", "IDN", "ITA", "JPN", "MEX", "RUS",
           "SAU", "ZAF", "KOR", "TUR", "GBR", "USA", "PRK"}
    assert g20 <= in_office


def test_countries_have_names_demonyms_and_capitals():
    kb = load_kb()
    assert kb.country_names["JPN"] == "Japan"
    assert kb.demonyms["japanese"] == "JPN"
    [washington] = kb.aliases["Washington"]
    assert (washington.country, washington.sector) == ("USA", "GOV")
    assert kb.role_nouns["official"] == "GOV"


def test_user_file_extends_the_knowledge_base(tmp_path):
    extra = tmp_path / "people.yaml"
    extra.write_text(
        "- name: Ada Quillfeather\n"
        "  aliases: [Quillfeather]\n"
        "  roles:\n"
        "    - {country: NZL, sector: GOV, title: Trade Minister, start: 2026-01-05, end: null}\n")
    kb = load_kb((str(extra),))
    [entry] = kb.aliases["Quillfeather"]
    assert entry.at(date(2026, 3, 1)) == ("NZL", "GOV")


def test_bad_user_file_names_the_file_and_line(tmp_path):
    extra = tmp_path / "bad.yaml"
    extra.write_text(
        "- name: Somebody\n"
        "  roles:\n"
        "    - {country: FRA, sector: GOV, start: 2026-13-01, end: null}\n")
    with pytest.raises(DetenteError) as info:
        load_kb((str(extra),))
    message = str(info.value)
    assert "bad.yaml" in message and "line 3" in message


def test_non_utf8_user_file_is_one_clear_error(tmp_path):
    extra = tmp_path / "latin.yaml"
    extra.write_bytes("- name: Caf\xe9\n".encode("latin-1"))
    with pytest.raises(DetenteError, match="latin.yaml.*not UTF-8"):
        load_kb((str(extra),))


def test_user_knowledge_from_a_directory_and_the_environment(tmp_path, monkeypatch):
    folder = tmp_path / "mykb"
    folder.mkdir()
    (folder / "a.yaml").write_text(
        "- name: Ada Quillfeather\n  roles:\n    - {country: NZL, sector: GOV, start: 2026-01-05, end: null}\n")
    (folder / "roles.tsv").write_text("word\tsector\tkind\nharbourmaster\tGOV\tnoun\n")
    monkeypatch.setenv("DETENTE_KB", str(folder))
    from detente.actors import user_kb_paths
    kb = load_kb(user_kb_paths())
    assert "Ada Quillfeather" in kb.aliases and kb.role_nouns["harbourmaster"] == "GOV"


def test_a_group_role_without_a_country_is_held_in_the_groups_own():
    taliban = next(e for e in load_kb().entries if e.kind == "group" and e.name == "Taliban")
    assert taliban.at(date(2015, 1, 1)) == ("AFG", "REB")
    assert taliban.at(date(2024, 1, 1)) == ("AFG", "GOV")
