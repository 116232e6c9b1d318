"""Import PETRARCH/TABARI actor and agent dictionaries into detente's knowledge-base files.

Actor dictionaries list a name (words joined by `_`), `+SYNONYM` lines, and a code in brackets,
either on the name's line or on following lines with date restrictions:

    GOLLUM
    +SMEAGOL
        [HOB < 950601]
        [HOBGOV 19950601 - 19990815]
        [HOBREB > 990816]

A code is a 3-letter country (or group) code, optionally followed by 3-letter sector codes.
Agent dictionaries map generic nouns to sectors: `POLICE {} [~COP]`, `MSF {} [NGO~]`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date as Date
from pathlib import Path

from detente.errors import DetenteError

CODE = re.compile(r"\[([^\]]*)\]")
DATED = re.compile(r"^\s*([^\s<>\d][^\s<>]*)?\s*(?:([<>])\s*(\d{6,8})|(\d{6,8})\s*-\s*(\d{6,8}))?\s*$")


@dataclass
class ImportedActor:
    name: str
    aliases: list[str] = field(default_factory=list)
    codes: list[tuple[str, Date | None, Date | None]] = field(default_factory=list)

    def to_record(self) -> dict:
        record: dict = {"name": self.name, "aliases": self.aliases}
        undated = [c for c in self.codes if c[1] is None and c[2] is None]
        if len(self.codes) == 1 and undated:
            country, sector = split_code(undated[0][0])
            record.update(country=country, sector=sector)
        else:
            record["roles"] = [
                {"country": split_code(code)[0], "sector": split_code(code)[1],
                 "start": start.isoformat() if start else None, "end": end.isoformat() if end else None}
                for code, start, end in self.codes]
        return record


def split_code(code: str) -> tuple[str | None, str | None]:
    """"HOBGOV" -> ("HOB", "GOV"); "~GOV" -> (None, "GOV"); "---" -> (None, None)."""
    code = code.strip().upper().split("/")[0]      # "ELR/GAL": the first
    if code.startswith("~"):                       # an agent: a sector for whatever country
        return None, code[1:4] or None
    code = code.replace("~", "")
    if not code or set(code) <= {"-", "+", "*"}:
        return None, None
    return code[:3], (code[3:6] or None)


def read_actor_dictionary(path: Path) -> list[ImportedActor]:
    actors: list[ImportedActor] = []
    current: ImportedActor | None = None
    for number, raw in enumerate(_lines(path), start=1):
        line = _strip_comment(raw)
        if not line.strip():
            continue
        if line.lstrip().startswith("+"):
            if current is not None:
                current.aliases.append(_words(line.lstrip()[1:]))
            continue
        codes = CODE.findall(line)
        name_part = CODE.sub("", line).strip()
        if raw[:1] in (" ", "\t") and not name_part:
            if current is None:
                raise DetenteError("E008", path=path, where=f" line {number}", reason="a code with no name before it")
            current.codes.extend(_dated(path, number, c) for c in codes)
            continue
        current = ImportedActor(name=_words(re.sub(r"\{[^}]*\}", "", name_part)))
        current.codes.extend(_dated(path, number, c) for c in codes)
        actors.append(current)
    return [a for a in actors if a.name and a.codes]


def read_agent_dictionary(path: Path) -> list[tuple[str, str]]:
    """(noun phrase, sector) for each agent with a sector code."""
    out = []
    for raw in _lines(path):
        line = _strip_comment(raw)
        codes = CODE.findall(line)
        if not codes or line.lstrip().startswith("+"):
            continue
        name = _words(re.sub(r"\{[^}]*\}", "", CODE.sub("", line))).lower()
        sector = codes[0].strip().upper().replace("~", "")[:3]
        if name and re.fullmatch(r"[A-Z]{3}", sector):
            out.append((name, sector))
    return out


def _dated(path: Path, number: int, text: str) -> tuple[str, Date | None, Date | None]:
    match = DATED.match(text)
    if match is None:
        raise DetenteError("E008", path=path, where=f" line {number}", reason=f"cannot read code block [{text}]")
    code, sign, day, start, end = match.groups()
    code = code or ""
    if sign == "<":
        return code, None, _day(day)
    if sign == ">":
        return code, _day(day), None
    if start:
        return code, _day(start), _day(end)
    return code, None, None


def _day(text: str) -> Date:
    """PETRARCH dates are YYMMDD or YYYYMMDD; two-digit years before 30 are 20xx."""
    if len(text) == 6:
        year = int(text[:2])
        text = f"{2000 + year if year < 30 else 1900 + year}{text[2:]}"
    return Date(int(text[:4]), int(text[4:6]), int(text[6:8]))


def _words(text: str) -> str:
    return " ".join(text.replace("_", " ").split()).title()


def _strip_comment(line: str) -> str:
    if line.lstrip().startswith("<!--"):
        return ""
    return line.split("#", 1)[0].rstrip()


def _lines(path: Path) -> list[str]:
    try:
        text = path.read_text(encoding="utf-8", errors="strict")
    except FileNotFoundError:
        raise DetenteError("E008", path=path, where="", reason="no such file") from None
    except UnicodeDecodeError:
        text = path.read_text(encoding="latin-1")     # TABARI-era files are often Latin-1
    # HTML-style comment blocks span lines
    return re.sub(r"<!--.*?-->", "", text, flags=re.S).splitlines()
