"""The command line: `detente code`, `detente eval`, `detente actors resolve|show|list|check|import`.

User mistakes (bad paths, bad lines, bad data files) are reported in one line, never a traceback.
"""
from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import tempfile
from contextlib import contextmanager
from datetime import date as Date
from pathlib import Path
from typing import Iterable, Iterator, TextIO

import duckdb
import yaml

from detente.actors import load_kb, user_kb_paths
from detente.actors.check import check_kb
from detente.actors.lookup import describe, find_entries, list_entries, parse_loose_date, resolve_text
from detente.actors.petrarch import read_actor_dictionary, read_agent_dictionary
from detente.errors import DetenteError
from detente.evaluation import KINDS, evaluate_file
from detente.ingest import ReadIssue, read_inputs
from detente.ingest.readers import check_input_file, normalise_date, read_jsonl_stream
from detente.ingest.sources import FORMATS, Sources, parse_field_map
from detente.pipeline import PREFILTER_CHOICES, CoderSettings
from detente.progress import Progress
from detente.records import MODALITIES, Article, Document
from detente.store import DEFAULT_DB, Store, store_error
from detente.store.export import FORMATS as EXPORT_FORMATS
from detente.store.export import export_flat, export_tables, import_tables, write_records
from detente.store.query import EventFilter, select_events

BATCH = 64
FREQ_CHOICES = ["auto", "week", "month", "quarter", "year"]


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return args.run(args)
    except DetenteError as exc:
        _error(str(exc))
        return 2
    except duckdb.Error as exc:     # met while reading the store, after it opened fine
        _error(str(store_error(Path(getattr(args, "db", DEFAULT_DB)), exc)))
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
    _prefilter_option(code)
    _min_confidence_option(code)
    code.set_defaults(run=_run_code)

    ev = sub.add_parser("eval", help="score the coder on a gold JSONL file")
    ev.add_argument("gold", metavar="GOLD.jsonl")
    ev.add_argument("--kind", required=True, choices=list(KINDS))
    ev.add_argument("--json", action="store_true", help="print the scores as JSON")
    ev.add_argument("--errors", action="store_true",
                    help="after the scores, list the confusions per gold label with their sentences")
    ev.add_argument("--examples", type=int, default=5, metavar="N", help="with --errors: sentences per confusion")
    ev.add_argument("--kb", action="append", default=[], metavar="PATH", help="extra actor file or directory")
    ev.add_argument("--lexicon", action="append", default=[], metavar="FILE", help="extra trigger file")
    _prefilter_option(ev)
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
    _add_store_commands(sub)
    _add_analysis_commands(sub)
    return parser


def _prefilter_option(command: argparse.ArgumentParser) -> None:
    command.add_argument("--prefilter", choices=PREFILTER_CHOICES, default="on",
                         help="parse only sentences that can hold an event, quote or amount (on, the "
                              "default), every sentence (off), or filter the lead sentence too (strict)")


def _add_analysis_commands(sub) -> None:
    def command(name: str, help_text: str, run, dyad: bool = False, dates: bool = True):
        cmd = sub.add_parser(name, help=help_text)
        if dyad:
            cmd.add_argument("a", metavar="A", help="country or IGO code, e.g. USA")
            cmd.add_argument("b", metavar="B", help="country or IGO code, e.g. JPN")
        cmd.add_argument("--db", default=DEFAULT_DB, help=f"database file (default: {DEFAULT_DB})")
        if dates:
            cmd.add_argument("--since", help="first date (YYYY-MM-DD)")
            cmd.add_argument("--until", help="last date (YYYY-MM-DD)")
        cmd.set_defaults(run=run)
        return cmd

    dyad = command("dyad", "a relationship over time: events by quad class and type, index, issues",
                   _run_dyad, dyad=True)
    dyad.add_argument("--freq", choices=FREQ_CHOICES, default="month")
    dyad.add_argument("--format", choices=["table", "json"], default="table")
    dyad.add_argument("--plot", metavar="FILE.png|FILE.html", help="timeline and agenda chart (PNG or HTML)")

    alerts = command("alerts", "periods where a relationship's index departs from its recent baseline", _run_alerts)
    alerts.add_argument("--dyad", nargs=2, metavar=("A", "B"), help="one dyad (default: the busiest 20)")
    alerts.add_argument("--freq", choices=FREQ_CHOICES, default="month")
    alerts.add_argument("--format", choices=["table", "jsonl"], default="table")

    pledges = command("pledges", "amounts pledged, delivered or demanded, with who, to whom and when", _run_pledges)
    pledges.add_argument("--actor", help="country code or part of a name")
    pledges.add_argument("--recipient", help="country code or part of a name")
    pledges.add_argument("--limit", type=int, default=50)
    pledges.add_argument("--format", choices=["table", "jsonl"], default="table")

    quotes = command("quotes", "who said what, with date and source", _run_quotes)
    quotes.add_argument("--speaker", help="part of the speaker's name, or a country code")
    quotes.add_argument("--about", help="words in the quote")
    quotes.add_argument("--limit", type=int, default=50)
    quotes.add_argument("--format", choices=["table", "jsonl"], default="table")

    network = command("network", "the actor network and its most central actors", _run_network)
    network.add_argument("--top", type=int, default=15, help="actors listed (default 15)")
    network.add_argument("--min-events", type=int, default=1, help="drop edges with fewer events")
    network.add_argument("-o", "--output", metavar="FILE.graphml|FILE.json", help="write the network")
    network.add_argument("--plot", metavar="FILE.png", help="draw the busiest part of the network")

    report = command("report", "a self-contained HTML brief of a relationship", _run_report, dyad=True)
    report.add_argument("--freq", choices=FREQ_CHOICES, default="auto",
                        help="period of the charts (default: auto, from the span of the data)")
    report.add_argument("--out", required=True, metavar="BRIEF.html")

    serve = sub.add_parser("serve", help="HTTP API (OpenAPI docs at /docs) and the web dashboard")
    serve.add_argument("--db", default=DEFAULT_DB, help=f"database file (default: {DEFAULT_DB})")
    serve.add_argument("--host", default="127.0.0.1", help="interface (default 127.0.0.1: this machine only)")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--allow-write", action="store_true",
                       help="accept POST /documents (needs --api-key or DETENTE_API_KEY)")
    serve.add_argument("--api-key", default=os.environ.get("DETENTE_API_KEY"), help="key clients send as X-API-Key")
    serve.set_defaults(run=_run_serve)


def _add_store_commands(sub) -> None:
    ing = sub.add_parser("ingest", help="code files, folders, feeds or URLs into the event store (DuckDB)")
    ing.add_argument("inputs", nargs="+", metavar="PATH",
                     help="file, folder (recursive), URL or - : text, JSONL, CSV/TSV, HTML, RSS/Atom, also .gz")
    ing.add_argument("--db", default=DEFAULT_DB, help=f"database file (default: {DEFAULT_DB})")
    ing.add_argument("--format", choices=FORMATS, default="auto", help="input format (default: by suffix or content)")
    ing.add_argument("--field", action="append", default=[], metavar="FIELD=COLUMN",
                     help="JSONL/CSV column holding a field, e.g. --field text=body --field date=published")
    ing.add_argument("--fetch-pages", action="store_true", help="for feed items, fetch the linked page when reachable")
    ing.add_argument("--date", help="date of the documents that carry none (YYYY-MM-DD)")
    ing.add_argument("--kb", action="append", default=[], metavar="PATH", help="extra actor file or directory")
    ing.add_argument("--lexicon", action="append", default=[], metavar="FILE", help="extra trigger file")
    _prefilter_option(ing)
    ing.add_argument("--batch", type=int, metavar="N", help="commit every N documents (default: data/store.yaml)")
    ing.add_argument("--engine", choices=["local", "ray"], default="local",
                     help="local: worker processes on this machine; ray: a Ray cluster (see --address)")
    ing.add_argument("--processes", type=int, metavar="N",
                     help="local engine: worker processes (default: one per core; 1 codes in this process)")
    ing.add_argument("--address", help="ray engine: the cluster (default: start one on this machine)")
    shown = ing.add_mutually_exclusive_group()
    shown.add_argument("--quiet", action="store_true", help="no progress line")
    shown.add_argument("--progress", action="store_true", help="progress lines even when stderr is not a terminal")
    ing.set_defaults(run=_run_ingest)

    for name, help_text in (("events", "list stored events (deduplicated), filtered"),
                            ("export", "export stored events as JSONL, CSV, Parquet, GDELT or PLOVER/POLECAT")):
        cmd = sub.add_parser(name, help=help_text)
        cmd.add_argument("--db", default=DEFAULT_DB, help=f"database file (default: {DEFAULT_DB})")
        cmd.add_argument("--dyad", nargs=2, metavar=("A", "B"), help="events between two actors (either way)")
        cmd.add_argument("--directed", action="store_true", help="with --dyad: only A towards B")
        cmd.add_argument("--actor", help="actor country/IGO code or part of a name")
        cmd.add_argument("--recipient", help="recipient country/IGO code or part of a name")
        cmd.add_argument("--type", action="append", default=[], metavar="PLOVER", help="event type; repeatable")
        cmd.add_argument("--since", help="first date (YYYY-MM-DD)")
        cmd.add_argument("--until", help="last date (YYYY-MM-DD)")
        cmd.add_argument("--context", help="PLOVER context, e.g. economic")
        cmd.add_argument("--modality", choices=list(MODALITIES))
        cmd.add_argument("--min-mentions", type=int, default=1, metavar="N", help="only events reported N+ times")
        _min_confidence_option(cmd)
        if name == "events":
            cmd.add_argument("--format", choices=["table", "jsonl"], default="table")
            cmd.add_argument("--limit", type=int, default=50, help="at most this many (0: all; default 50)")
            cmd.set_defaults(run=_run_events)
        else:
            cmd.add_argument("--format", choices=list(EXPORT_FORMATS), required=True)
            cmd.add_argument("-o", "--output", metavar="PATH", help="file (required for csv and parquet)")
            cmd.add_argument("--header", action="store_true", help="gdelt: write the column names first")
            cmd.add_argument("--all", action="store_true",
                             help="with --format parquet: every table as OUTPUT/<table>.parquet")
            cmd.set_defaults(run=_run_export)

    restore = sub.add_parser("restore", help="load a backup (`export --all --format parquet`) into a new store")
    restore.add_argument("backup", metavar="BACKUP_DIR")
    restore.add_argument("--db", default=DEFAULT_DB, help=f"new database file (default: {DEFAULT_DB})")
    restore.set_defaults(run=_run_restore)


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
    coder = _coder_settings(args).build()
    inputs = _Skipping(read_inputs(args.inputs))
    articles = (a if a.date or not default_date else
                Article(a.id, a.text, default_date, a.title, a.source, a.url) for a in inputs)
    threshold = _min_confidence(args)
    documents = _warn_about(coder.code_articles(articles, batch_size=BATCH))
    if threshold:
        documents = (doc.keep_confident(threshold) for doc in documents)
    if args.pretty:
        lines = (format_table(doc) for doc in documents)
    else:
        lines = (json.dumps(doc.to_dict(), ensure_ascii=False) + "\n" for doc in documents)
    count = _write_lines(lines, Path(args.output) if args.output else None)
    return inputs.finish(f"coded {count} documents")


def _warn_about(documents: Iterable[Document]) -> Iterator[Document]:
    for document in documents:
        for warning in document.warnings:
            _warning(f"document '{document.id}': {warning}")
        yield document


def _write_lines(lines: Iterable[str], path: Path | None) -> int:
    """Write to stdout, or atomically to `path` (see `_atomic_output`); returns the line count."""
    count = 0
    with _output(path) as out:
        for line in lines:
            out.write(line)
            count += 1
    return count


@contextmanager
def _output(path: Path | None) -> Iterator[TextIO]:
    """stdout, or a temporary file beside `path` renamed to it at the end, so a failed run never
    leaves a half-written output over an earlier one."""
    if path is None:
        yield sys.stdout
        sys.stdout.flush()
        return
    _check_output(path)
    directory = path.parent if str(path.parent) else Path(".")
    try:
        handle, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=directory)
    except OSError as exc:
        raise DetenteError("E009", path=path, reason=exc.strerror or str(exc)) from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            yield out
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


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
    coder = _coder_settings(args).build()
    report = evaluate_file(args.gold, args.kind, coder)
    print(json.dumps(report.as_dict(), indent=2) if args.json else report.format())
    if args.errors:
        from detente.evaluation.errors import errors_report
        print("\n" + errors_report(report, examples=args.examples))
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


def _run_ingest(args: argparse.Namespace) -> int:
    from detente.corpus import ingest
    default_date = normalise_date(args.date) if args.date else None
    if args.batch is not None and args.batch < 1:
        raise DetenteError("E021", option="--batch", reason="must be 1 or more")
    sources = Sources(args.inputs, format=args.format, fields=parse_field_map(args.field),
                      fetch_pages=args.fetch_pages)
    engine = _engine(args)
    with Store(args.db) as store, StopSignals() as stop:
        shown = False if args.quiet else (True if args.progress else None)
        progress = Progress(sources.bytes_total, sources.bytes_read, enabled=shown, newline=args.progress)
        try:
            summary = ingest(sources, store, engine, on_issue=_error, on_progress=progress.update,
                             default_date=default_date, batch_documents=args.batch, stop_requested=stop,
                             on_warning=_warning)
        finally:
            progress.close()
        counts = store.counts()
    ignored = f"; ignored {sources.ignored} files of unknown type" if sources.ignored else ""
    print(f"detente: {args.db}: {summary.line()}{ignored}; store holds {counts['documents']} documents",
          file=sys.stderr)
    if summary.stopped:
        return StopSignals.EXIT[summary.stopped]
    return 1 if summary.failed else 0


class StopSignals:
    """SIGTERM, or a first Ctrl-C, asks a long run to stop cleanly (store what is coded, then end;
    the same command resumes); a second one interrupts at once. Call it to read the request."""

    NAMES = {signal.SIGTERM: "SIGTERM", signal.SIGINT: "Ctrl-C"}
    EXIT = {"SIGTERM": 128 + signal.SIGTERM, "Ctrl-C": 128 + signal.SIGINT}

    def __init__(self) -> None:
        self.reason: str | None = None
        self._previous: dict = {}

    def __enter__(self) -> StopSignals:
        for number in self.NAMES:
            self._previous[number] = signal.signal(number, self._handle)
        return self

    def __exit__(self, *exc) -> None:
        for number, handler in self._previous.items():
            signal.signal(number, handler)

    def __call__(self) -> str | None:
        return self.reason

    def _handle(self, number, frame) -> None:
        if self.reason is not None:
            raise KeyboardInterrupt
        self.reason = self.NAMES[number]


def _engine(args: argparse.Namespace):
    if args.processes is not None and args.processes < 1:
        raise DetenteError("E021", option="--processes", reason="must be 1 or more")
    if args.engine == "ray":
        from detente.engines.ray_engine import RayEngine
        return RayEngine(address=args.address, workers=args.processes, settings=_coder_settings(args))
    if args.address:
        raise DetenteError("E021", option="--address", reason="goes with --engine ray")
    from detente.engines import LocalEngine
    return LocalEngine(args.processes, settings=_coder_settings(args))


def _coder_settings(args: argparse.Namespace) -> CoderSettings:
    return CoderSettings(tuple(args.kb), tuple(args.lexicon), args.prefilter)


def _min_confidence_option(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument("--min-confidence", type=float, default=0.0, metavar="P",
                     help="only events whose confidence (0-1) is at least P")


def _min_confidence(args: argparse.Namespace) -> float:
    if not 0.0 <= args.min_confidence <= 1.0:
        raise DetenteError("E021", option="--min-confidence", reason="must be between 0 and 1")
    return args.min_confidence


def _event_filter(args: argparse.Namespace) -> EventFilter:
    if args.min_mentions < 1:
        raise DetenteError("E021", option="--min-mentions", reason="must be 1 or more")
    since, until = _dates(args)
    return EventFilter(dyad=tuple(args.dyad) if args.dyad else None, directed=args.directed, actor=args.actor,
                       recipient=args.recipient, types=tuple(args.type), since=since, until=until,
                       context=args.context, modality=args.modality, min_mentions=args.min_mentions,
                       min_confidence=_min_confidence(args))


def _run_events(args: argparse.Namespace) -> int:
    flt = _event_filter(args)
    limit = args.limit or None
    with Store(args.db, read_only=True) as store:
        if args.format == "jsonl":
            from detente.store.query import event_dicts
            lines = (json.dumps(r, ensure_ascii=False) + "\n" for r in event_dicts(store.con, flt, limit=limit))
            count = _write_lines(lines, None)
        else:
            result = select_events(store.con, flt, limit=limit, columns=(
                "event_id, date, event_type, actor_country, actor_sector, actor_name, recipient_country, "
                "recipient_sector, recipient_name, modality, num_mentions, sentence_text"))
            count = _print_event_table(result.fetchall())
    print(f"detente: {count} events", file=sys.stderr)
    return 0


def _print_event_table(rows) -> int:
    line = "{:<10} {:<10} {:<28} {:<28} {:<12} {:>3}  {}"
    print(line.format("date", "event", "actor", "recipient", "modality", "n", "sentence"))
    for (_, day, kind, a_country, a_sector, a_name, r_country, r_sector, r_name, modality, mentions, text) in rows:
        print(line.format(day.isoformat() if day else "-", kind, _who(a_country, a_sector, a_name),
                          _who(r_country, r_sector, r_name), modality, mentions,
                          text if len(text) <= 100 else text[:97] + "..."))
    return len(rows)


def _who(country, sector, name) -> str:
    code = "/".join(x for x in (country, sector) if x)
    text = f"{name or '?'} [{code or '?'}]" if (name or code) else "-"
    return text if len(text) <= 28 else text[:25] + "..."


def _run_export(args: argparse.Namespace) -> int:
    flt = _event_filter(args)
    if args.all and args.format != "parquet":
        raise DetenteError("E021", option="--all", reason="works with --format parquet only")
    if (args.format in ("csv", "parquet") or args.all) and not args.output:
        raise DetenteError("E021", option="--output", reason=f"--format {args.format} needs a file (-o PATH)")
    with Store(args.db, read_only=True) as store:
        if args.all:
            counts = export_tables(store.con, Path(args.output))
            print(f"detente: wrote {', '.join(f'{n} {t}' for t, n in counts.items())} to {args.output}",
                  file=sys.stderr)
            return 0
        if args.format in ("csv", "parquet"):
            count = _export_file(store, flt, Path(args.output), args.format)
        else:
            count = _export_text(store, flt, args)
    print(f"detente: exported {count} events", file=sys.stderr)
    return 0


def _run_restore(args: argparse.Namespace) -> int:
    backup = Path(args.backup)
    if not backup.is_dir():
        raise DetenteError("E016", path=backup, reason="not a directory (a backup is a folder of .parquet files)")
    with Store(args.db) as store:
        counts = import_tables(store, backup)
    print(f"detente: restored {', '.join(f'{n} {t}' for t, n in counts.items())} into {args.db}", file=sys.stderr)
    return 0


def _export_file(store: Store, flt: EventFilter, path: Path, fmt: str) -> int:
    """Write next to the target and rename, so a failed export never leaves half a file."""
    _check_output(path)
    tmp = path.with_name(f".{path.name}.partial")
    try:
        count = export_flat(store.con, flt, tmp, fmt)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return count


def _export_text(store: Store, flt: EventFilter, args: argparse.Namespace) -> int:
    with _output(Path(args.output) if args.output else None) as out:
        return write_records(store.con, flt, out, args.format, header=args.header)


def _check_output(path: Path) -> None:
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise DetenteError("E009", path=path, reason=f"directory '{directory}' does not exist")
    if path.is_dir():
        raise DetenteError("E009", path=path, reason="is a directory")


def _dates(args: argparse.Namespace) -> tuple[Date | None, Date | None]:
    out = []
    for option in ("since", "until"):
        value = getattr(args, option, None)
        try:
            out.append(Date.fromisoformat(value) if value else None)
        except ValueError:
            raise DetenteError("E021", option=f"--{option}", reason=f"{value!r} is not a date (YYYY-MM-DD)") from None
    return out[0], out[1]


def _run_dyad(args: argparse.Namespace) -> int:
    from detente.analysis.dyad import dyad_timeline
    since, until = _dates(args)
    plot = _plot_target(args.plot, (".png", ".html"))
    with Store(args.db, read_only=True) as store:
        timeline = dyad_timeline(store.con, args.a, args.b, args.freq, since, until)
    if args.format == "json":
        print(json.dumps(timeline.to_dict(), ensure_ascii=False, indent=1))
    else:
        _print_dyad(timeline)
    if plot:
        _plot_timeline(timeline, plot)
    return 0


def _print_dyad(timeline) -> None:
    a, b = timeline.a, timeline.b
    row = "{:<10} {:>6} {:>6} {:>6} {:>6} {:>6} {:>7} {:>8} {:>7} {:>7}  {}"
    print(row.format(timeline.freq, "events", "q1", "q2", "q3", "q4", "index", "gold.sum", f"{a}>{b}", f"{b}>{a}",
                     "issues"))
    for start in timeline.periods:
        both = timeline.row(start)
        forward, back = timeline.row(start, f"{a}>{b}"), timeline.row(start, f"{b}>{a}")
        print(row.format(start.isoformat(), both.events, *[both.by_quad.get(q, 0) for q in (1, 2, 3, 4)],
                         "-" if both.index is None else f"{both.index:+.2f}", f"{both.goldstein_sum:.1f}",
                         forward.events, back.events, ", ".join(c for c, _ in both.contexts)))
    total = timeline.total()
    index = "-" if total.index is None else f"{total.index:+.2f}"
    print(f"detente: {a}-{b}: {total.events} events in {len(timeline.periods)} {timeline.freq}s, index {index}",
          file=sys.stderr)


def _plot_target(value: str | None, suffixes: tuple[str, ...]) -> Path | None:
    if not value:
        return None
    path = Path(value)
    if path.suffix.lower() not in suffixes:
        raise DetenteError("E021", option="--plot", reason=f"expected a {' or '.join(suffixes)} file")
    _check_output(path)
    return path


def _plot_timeline(timeline, path: Path) -> None:
    from detente.analysis import plots
    if path.suffix.lower() == ".png":
        agenda_path = path.with_name(path.stem + "-agenda.png")
        plots.timeline_png(timeline, path)
        plots.agenda_png(timeline, agenda_path)
        print(f"detente: wrote {path} and {agenda_path}", file=sys.stderr)
    else:
        plots.write_html([plots.timeline_figure(timeline), plots.agenda_figure(timeline)], path,
                         f"{timeline.a}-{timeline.b}")
        print(f"detente: wrote {path}", file=sys.stderr)


def _run_alerts(args: argparse.Namespace) -> int:
    from detente.analysis.alerts import busiest_dyads, find_alerts
    since, until = _dates(args)
    with Store(args.db, read_only=True) as store:
        dyads = [tuple(args.dyad)] if args.dyad else [(a, b) for a, b, _ in busiest_dyads(store.con, 20, since, until)]
        alerts = find_alerts(store.con, dyads, args.freq, since, until)
    for alert in alerts:
        if args.format == "jsonl":
            print(json.dumps(alert.to_dict(), ensure_ascii=False))
            continue
        print(f"{alert.period}  {alert.a}-{alert.b}  index {alert.index:+.2f} vs baseline {alert.baseline:+.2f} "
              f"(z {alert.z:+.1f}, {alert.events} events, {alert.direction})")
        for event in alert.drivers:
            print(f"    {event['date']} {event['type']:<9} {event['sentence'][:110]}")
    print(f"detente: {len(alerts)} alerts in {len(dyads)} dyads", file=sys.stderr)
    return 0


def _run_pledges(args: argparse.Namespace) -> int:
    from detente.analysis.pledges import find_pledges
    since, until = _dates(args)
    with Store(args.db, read_only=True) as store:
        found = find_pledges(store.con, args.actor, args.recipient, since, until, limit=args.limit or None)
    return _print_records(found, args.format, _pledge_line, "amounts")


def _pledge_line(p: dict) -> str:
    who = p["actor"]["name"] or p["actor"]["country"] or "?"
    whom = p["recipient"]["name"] or p["recipient"]["country"] or "-"
    return (f"{p['date'] or '-':<10} {p['status']:<9} {p['text'][:22]:<22} {who[:24]:<24} -> {whom[:24]:<24} "
            f"{p['event']}/{p['modality']}")


def _run_quotes(args: argparse.Namespace) -> int:
    from detente.analysis.quotes import find_quotes
    since, until = _dates(args)
    with Store(args.db, read_only=True) as store:
        found = find_quotes(store.con, args.speaker, args.about, since=since, until=until, limit=args.limit or None)
    return _print_records(found, args.format, _quote_line, "quotes")


def _quote_line(q: dict) -> str:
    who = q["speaker"]["name"] or "?"
    code = "/".join(x for x in (q["speaker"]["country"], q["speaker"]["sector"]) if x)
    text = q["text"] if len(q["text"]) <= 140 else q["text"][:137] + "..."
    return (f"{q['date'] or '-':<10} {who} [{code or '?'}]: {'“' if q['direct'] else '['}{text}"
            f"{'”' if q['direct'] else ']'}  ({q['source'] or '?'})")


def _print_records(records: list[dict], fmt: str, line, noun: str) -> int:
    """Records as JSONL or as readable lines on stdout; their count on stderr."""
    for record in records:
        print(json.dumps(record, ensure_ascii=False) if fmt == "jsonl" else line(record))
    print(f"detente: {len(records)} {noun}", file=sys.stderr)
    return 0


def _run_network(args: argparse.Namespace) -> int:
    from detente.analysis.network import build_network, centrality, write_network
    since, until = _dates(args)
    plot = _plot_target(args.plot, (".png",))
    output = Path(args.output) if args.output else None
    if output:
        _check_output(output)
    with Store(args.db, read_only=True) as store:
        graph = build_network(store.con, since, until, min_events=args.min_events)
    print(f"{'actor':<6} {'events':>7} {'partners':>8} {'pagerank':>8}")
    for row in centrality(graph, args.top):
        print(f"{row['actor']:<6} {row['events']:>7} {row['partners']:>8} {row['pagerank']:>8.4f}")
    if output:
        write_network(graph, output)
    if plot:
        from detente.analysis.plots import network_png
        network_png(graph, plot)
    print(f"detente: {graph.number_of_nodes()} actors, {graph.number_of_edges()} relationships", file=sys.stderr)
    return 0


def _run_report(args: argparse.Namespace) -> int:
    from detente.analysis.report import build_report
    since, until = _dates(args)
    out = Path(args.out)
    with Store(args.db, read_only=True) as store:
        html = build_report(store.con, args.a, args.b, args.freq, since, until, names=_country_names())
    _write_lines([html], out)
    print(f"detente: wrote {out} ({len(html) / 1e6:.1f} MB)", file=sys.stderr)
    return 0


def _run_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from detente.serve.app import create_app
    app = create_app(args.db, allow_write=args.allow_write, api_key=args.api_key)
    print(f"detente: serving {args.db} on http://{args.host}:{args.port}/ "
          f"({'read-write' if args.allow_write else 'read-only'}; API docs at /docs)", file=sys.stderr)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return 0


def _country_names() -> dict[str, str]:
    from detente.data_files import load_package_yaml
    countries = load_package_yaml("kb/countries.yaml")
    return {c["code"]: c["name"] for c in countries if isinstance(c, dict) and "code" in c}


def _error(message: str) -> None:
    print(f"detente: error: {message}", file=sys.stderr)


def _warning(message: str) -> None:
    print(f"detente: warning: {message}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
