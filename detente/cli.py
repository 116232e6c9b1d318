"""The command line: `detente code`, `detente eval`, `detente actors resolve|show|list|check|import`.

User mistakes (bad paths, bad lines, bad data files) are reported in one line, never a traceback.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from datetime import date as Date
from pathlib import Path
from typing import Iterable, Iterator

import yaml

from detente.actors import load_kb, user_kb_paths
from detente.actors.check import check_kb
from detente.actors.lookup import describe, find_entries, list_entries, parse_loose_date, resolve_text
from detente.actors.petrarch import read_actor_dictionary, read_agent_dictionary
from detente.errors import DetenteError
from detente.evaluation import KINDS, evaluate_file
from detente.ingest import ReadIssue, read_inputs
from detente.ingest.readers import check_input_file, normalise_date, read_jsonl_stream
from detente.pipeline import Coder
from detente.records import Article, Document

BATCH = 64


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return args.run(args)
    except DetenteError as exc:
        _error(str(exc))
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:      # `detente code x.txt | head`
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="detente", description="Political event data from news text.")
    sub = parser.add_subparsers(required=True, metavar="COMMAND")

    code = sub.add_parser("code", help="code documents into PLOVER/CAMEO event records (JSONL)")
    code.add_argument("inputs", nargs="+", metavar="INPUT",
                      help=".txt file (one document), .jsonl file (one per line) or - for stdin")
    code.add_argument("-o", "--output", metavar="OUT.jsonl", help="write JSONL here (default: stdout)")
    code.add_argument("--pretty", action="store_true", help="print a readable table instead of JSONL")
    code.add_argument("--date", help="date of the documents that carry none (YYYY-MM-DD)")
    code.add_argument("--kb", action="append", default=[], metavar="FILE",
                      help="extra actor file (YAML like data/kb/*.yaml, or roles TSV); repeatable")
    code.add_argument("--lexicon", action="append", default=[], metavar="FILE",
                      help="extra trigger file (TSV like data/lexicon/triggers.tsv); repeatable")
    code.set_defaults(run=_run_code)

    ev = sub.add_parser("eval", help="score the coder on a gold JSONL file")
    ev.add_argument("gold", metavar="GOLD.jsonl")
    ev.add_argument("--kind", required=True, choices=list(KINDS))
    ev.add_argument("--json", action="store_true", help="print the scores as JSON")
    ev.add_argument("--kb", action="append", default=[], metavar="PATH", help="extra actor file or directory")
    ev.add_argument("--lexicon", action="append", default=[], metavar="FILE", help="extra trigger file")
    ev.set_defaults(run=_run_eval)

    actors = sub.add_parser("actors", help="look up, resolve, list and import actors")
    asub = actors.add_subparsers(required=True, metavar="ACTION")
    res = asub.add_parser("resolve", help='resolve {"id","text","context"?,"date"?} lines to actors')
    res.add_argument("input", metavar="INPUT.jsonl", help="JSONL file, or - for stdin")
    res.add_argument("-o", "--output", metavar="OUT.jsonl")
    res.add_argument("--kb", action="append", default=[], metavar="PATH")
    res.set_defaults(run=_run_actors_resolve)
    show = asub.add_parser("show", help="every entity with this name or alias, with its roles")
    show.add_argument("name")
    show.add_argument("--kb", action="append", default=[], metavar="PATH")
    show.set_defaults(run=_run_actors_show)
    lst = asub.add_parser("list", help="entities of a country (and kind), optionally on a date")
    lst.add_argument("--country", help="ISO alpha-3 or IGO/UNO/EUR/NGO")
    lst.add_argument("--kind", choices=["country", "government", "igo", "group", "person"])
    lst.add_argument("--date", help="only people holding a role on this day (YYYY-MM-DD)")
    lst.add_argument("--kb", action="append", default=[], metavar="PATH")
    lst.set_defaults(run=_run_actors_list)
    chk = asub.add_parser("check", help="check the knowledge base (with your --kb files) for conflicts")
    chk.add_argument("--kb", action="append", default=[], metavar="PATH")
    chk.set_defaults(run=_run_actors_check)
    imp = asub.add_parser("import", help="convert a PETRARCH/TABARI actor or agent dictionary")
    imp.add_argument("dictionary", metavar="FILE")
    imp.add_argument("--agents", action="store_true", help="FILE is an agents dictionary (-> roles TSV)")
    imp.add_argument("-o", "--output", required=True, metavar="OUT.yaml|OUT.tsv")
    imp.set_defaults(run=_run_actors_import)
    return parser


class _Skipping:
    """Passes the good items of a reader on, reporting each bad line and counting them."""

    def __init__(self, items) -> None:
        self.items, self.skipped = items, 0

    def __iter__(self):
        for item in self.items:
            if isinstance(item, ReadIssue):
                self.skipped += 1
                _error(item.message)
            else:
                yield item

    def finish(self, summary: str) -> int:
        """Print the summary line; exit status 1 when lines were skipped."""
        if self.skipped:
            _error(f"{summary}; skipped {self.skipped} bad lines")
            return 1
        print(f"detente: {summary}", file=sys.stderr)
        return 0


def _run_code(args: argparse.Namespace) -> int:
    default_date = normalise_date(args.date) if args.date else None
    coder = Coder(kb_files=args.kb, lexicon_files=args.lexicon)
    inputs = _Skipping(read_inputs(args.inputs))
    articles = (a if a.date or not default_date else
                Article(a.id, a.text, default_date, a.title, a.source, a.url) for a in inputs)
    documents = coder.code_articles(articles, batch_size=BATCH)
    if args.pretty:
        lines = (format_table(doc) for doc in documents)
    else:
        lines = (json.dumps(doc.to_dict(), ensure_ascii=False) + "\n" for doc in documents)
    count = _write_lines(lines, Path(args.output) if args.output else None)
    return inputs.finish(f"coded {count} documents")


def _write_lines(lines: Iterable[str], path: Path | None) -> int:
    """Write to stdout, or to a temporary file renamed to `path` at the end, so a failed run
    never leaves a half-written output over an earlier one."""
    if path is None:
        count = 0
        for line in lines:
            sys.stdout.write(line)
            count += 1
        sys.stdout.flush()
        return count
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise DetenteError("E009", path=path, reason=f"directory '{directory}' does not exist")
    if path.is_dir():
        raise DetenteError("E009", path=path, reason="is a directory")
    try:
        handle, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=directory)
    except OSError as exc:
        raise DetenteError("E009", path=path, reason=exc.strerror or str(exc)) from None
    try:
        count = 0
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            for line in lines:
                out.write(line)
                count += 1
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return count


def format_table(doc: Document) -> str:
    lines = [f"== {doc.id}  date={doc.date or '-'}  sentences={doc.sentences}  events={len(doc.events)}"]
    row = "{:<4} {:>3}  {:<22} {:<5} {:<12} {:<34} {:<34} {:<12} {:<16} {}"
    lines.append(row.format("id", "s#", "event/mode", "cameo", "modality", "actor", "recipient", "date",
                            "place", "trigger"))
    for e in doc.events:
        label = e.event + (f"/{e.mode}" if e.mode else "")
        when = (e.date or "-")[:{"year": 4, "month": 7}.get(e.date_precision or "", 10)]
        where = f"{e.location['name']}, {e.location['country'] or '-'}"[:16] if e.location else "-"
        lines.append(row.format(e.id, e.sentence, label, e.cameo, e.modality, _entities(e.actor),
                                _entities(e.recipient), when, where, e.trigger.text))
    for q in doc.quotes:
        who = _entities([q.speaker]) if q.speaker else "?"
        text = q.text if len(q.text) < 90 else q.text[:87] + "..."
        lines.append(f"  quote s{q.sentence} {who}: {'“' if q.direct else '['}{text}{'”' if q.direct else ']'}")
    for a in doc.amounts:
        lines.append(f"  amount s{a.sentence} {a.text!r} = {a.value:g} {a.currency or a.unit}"
                     f"{' -> ' + a.event if a.event else ''}")
    return "\n".join(lines) + "\n\n"


def _entities(entities) -> str:
    parts = []
    for e in entities:
        code = "/".join(x for x in (e.country, e.sector) if x) or "?"
        parts.append(f"{e.name or e.text} [{code}]")
    text = "; ".join(parts) or "-"
    return text if len(text) <= 34 else text[:31] + "..."


def _run_eval(args: argparse.Namespace) -> int:
    coder = Coder(kb_files=args.kb, lexicon_files=args.lexicon)
    report = evaluate_file(args.gold, args.kind, coder)
    print(json.dumps(report.as_dict(), indent=2) if args.json else report.format())
    return 0


def _run_actors_resolve(args: argparse.Namespace) -> int:
    kb = load_kb(user_kb_paths(args.kb))
    queries = _Skipping(_queries(args.input))
    lines = (json.dumps(resolve_text(q.text, kb, context=q.context, day=parse_loose_date(q.date))
                        .to_dict(q.id), ensure_ascii=False) + "\n" for q in queries)
    count = _write_lines(lines, Path(args.output) if args.output else None)
    return queries.finish(f"resolved {count} lines")


def _queries(name: str) -> Iterator:
    if name == "-":
        yield from read_jsonl_stream("-", sys.stdin.buffer, kind="query")
        return
    path = check_input_file(name)
    with path.open("rb") as stream:
        yield from read_jsonl_stream(name, stream, kind="query")


def _run_actors_show(args: argparse.Namespace) -> int:
    kb = load_kb(user_kb_paths(args.kb))
    entries = find_entries(kb, args.name)
    if not entries:
        _error(f"no actor named '{args.name}'")
        return 1
    for entry in entries:
        print("\n".join(describe(entry, kb)))
    return 0


def _run_actors_list(args: argparse.Namespace) -> int:
    kb = load_kb(user_kb_paths(args.kb))
    day = Date.fromisoformat(normalise_date(args.date)) if args.date else None
    for entry in list_entries(kb, args.country, args.kind, day):
        country, sector = entry.at(day)
        print(f"{entry.id}\t{entry.name}\t{country or '-'}\t{sector or '-'}")
    return 0


def _run_actors_check(args: argparse.Namespace) -> int:
    problems = check_kb(load_kb(user_kb_paths(args.kb)))
    for problem in problems:
        print(problem)
    print(f"detente: {len(problems)} problems", file=sys.stderr)
    return 1 if problems else 0


def _run_actors_import(args: argparse.Namespace) -> int:
    source, out = Path(args.dictionary), Path(args.output)
    if args.agents:
        rows = read_agent_dictionary(source)
        text = "word\tsector\tkind\n" + "".join(f"{word}\t{sector}\tnoun\n" for word, sector in rows)
    else:
        rows = [a.to_record() for a in read_actor_dictionary(source)]
        text = f"# imported from {source.name} by `detente actors import`\n" + yaml.safe_dump(
            rows, allow_unicode=True, sort_keys=False)
    _write_lines([text], out)
    print(f"detente: imported {len(rows)} entries from {source} to {out}", file=sys.stderr)
    return 0


def _error(message: str) -> None:
    print(f"detente: error: {message}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
