"""Catalogued errors a user can cause. Each has a code, so messages can be looked up and tested.

The CLI prints `detente: error: <message>` and exits non-zero; it never shows a traceback
for these.
"""
from __future__ import annotations


class Errors:
    E001 = "input '{path}': no such file"
    E002 = "input '{path}': is a directory, not a file"
    E003 = "input '{path}': looks like a binary file, not text"
    E004 = "input '{path}': not valid UTF-8 (byte {byte} at offset {offset})"
    E005 = "input '{path}': the text is empty"
    E006 = "input '{path}' line {line}: {reason}"
    E007 = "input '{path}': unsupported file type '{suffix}' (expected .txt, .jsonl or - for stdin)"
    E008 = "data file '{path}'{where}: {reason}"
    E009 = "output '{path}': {reason}"
    E010 = "gold file '{path}': {reason}"
    E011 = "text is empty"
    E012 = "date '{date}' is not an ISO date (YYYY-MM-DD)"
    E013 = "text has {chars} characters, more than the limit of {limit} (detente/data/limits.yaml)"
    E014 = "text contains an unpaired surrogate ({char}), which is not Unicode text"
    E015 = "input '{path}': no records"
    E016 = "input '{path}': {reason}"
    E017 = "database '{path}': no such file (`detente ingest` creates it)"
    E018 = "database '{path}': cannot be used ({reason})"
    E019 = "database '{path}' is locked by {program} (PID {pid}); wait for that run to finish, or stop it"
    E020 = "--field '{pair}': expected FIELD=COLUMN, FIELD one of id, text, date, title, source, url"
    E021 = "{option}: {reason}"
    E034 = ("database '{path}': could not write ({reason}); this batch was not stored, what was stored "
            "before is kept. Make room, then run the same command again to go on")
    E035 = ("database '{path}' is damaged ({reason}). Move it aside (mv {path} {path}.damaged) and run "
            "your `detente ingest` again to rebuild it from its inputs, or restore a backup with "
            "`detente restore BACKUP_DIR --db {path}`")
    E036 = ("the language model cannot be loaded ({reason}); it is unpacked into the temporary folder "
            "(TMPDIR), which needs about 70 MB free")
    E030 = "input '{path}': no article text found in the HTML page ({reason})"
    E031 = "input '{path}': not an RSS or Atom feed ({reason})"
    E032 = "URL '{url}': cannot be fetched ({reason})"
    E033 = "feed '{path}' item {item}: {reason}"
    E040 = ("input '{path}': decompresses to more than {ratio} times its compressed size (stopped at "
            "{size:,} bytes), as a decompression bomb does (max_gz_ratio in detente/data/limits.yaml)")
    E041 = "input '{path}' line {line}: longer than {limit:,} bytes (max_line_bytes in detente/data/limits.yaml)"
    E042 = ("input '{path}': HTML nested more than {limit} elements deep, where the parser drops text "
            "(max_html_depth in detente/data/limits.yaml)")
    E043 = "input '{path}': UTF-16 text; detente reads UTF-8 (convert it, e.g. iconv -f UTF-16 -t UTF-8)"


class DetenteError(Exception):
    """An error caused by the user's input or data, reported in one line."""

    def __init__(self, code: str, **values: object) -> None:
        self.code = code
        super().__init__(f"[{code}] " + getattr(Errors, code).format(**values))
