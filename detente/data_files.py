"""Loading the package's data files (YAML, TSV) with errors that name the file and line.

Knowledge lives in `detente/data/`; users pass extra files of the same shape to extend it.
"""
from __future__ import annotations

import csv
import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator

import yaml

from detente.errors import DetenteError

DATA_DIR = Path(__file__).parent / "data"
LINE_KEY = "__line__"


class _LineLoader(yaml.SafeLoader):
    """A YAML loader that remembers the line each mapping starts on, for error messages.

    Dates stay strings here, so that a bad one is reported by our validation with its line
    rather than by YAML's timestamp constructor without one. Only true/false are booleans: YAML
    1.1 would read the preposition `on` or the answer `no` in a word list as a boolean.
    """

    yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers
                if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }

    def construct_mapping(self, node, deep=False):  # type: ignore[override]
        mapping = super().construct_mapping(node, deep=deep)
        mapping[LINE_KEY] = node.start_mark.line + 1
        return mapping


_LineLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))


def data_path(*parts: str) -> Path:
    return DATA_DIR.joinpath(*parts)


def load_yaml(path: Path) -> Any:
    try:
        with open(path, encoding="utf-8") as stream:
            return yaml.load(stream, Loader=_LineLoader)
    except OSError as exc:
        raise DetenteError("E008", path=path, where="", reason=exc.strerror or str(exc)) from None
    except UnicodeDecodeError as exc:
        raise DetenteError("E008", path=path, where="", reason=f"not UTF-8 text (byte at offset {exc.start})") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark else ""
        reason = getattr(exc, "problem", None) or str(exc)
        raise DetenteError("E008", path=path, where=where, reason=reason) from None


@lru_cache(maxsize=None)
def load_package_yaml(*parts: str) -> Any:
    """A file of the package's own data (cached: it cannot change while we run)."""
    return load_yaml(data_path(*parts))


def read_tsv(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (line number, row) for a tab-separated file with a header; `#` lines are comments."""
    try:
        with open(path, encoding="utf-8", newline="") as stream:
            lines = [(n, line) for n, line in enumerate(stream, start=1)
                     if line.strip() and not line.lstrip().startswith("#")]
    except OSError as exc:
        raise DetenteError("E008", path=path, where="", reason=exc.strerror or str(exc)) from None
    except UnicodeDecodeError as exc:
        raise DetenteError("E008", path=path, where="", reason=f"not UTF-8 text (byte at offset {exc.start})") from None
    if not lines:
        return
    header = next(csv.reader([lines[0][1]], delimiter="\t"))
    header = [name.strip() for name in header]
    for number, line in lines[1:]:
        cells = next(csv.reader([line.rstrip("\r\n")], delimiter="\t", quoting=csv.QUOTE_NONE))
        if len(cells) > len(header):
            raise DetenteError("E008", path=path, where=f" line {number}",
                               reason=f"{len(cells)} columns, header has {len(header)}")
        cells += [""] * (len(header) - len(cells))
        yield number, {key: value.strip() for key, value in zip(header, cells)}


def bad_entry(path: Path, entry: Any, reason: str) -> DetenteError:
    line = entry.get(LINE_KEY) if isinstance(entry, dict) else None
    return DetenteError("E008", path=path, where=f" line {line}" if line else "", reason=reason)
