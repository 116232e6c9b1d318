"""`detente ingest` end to end: idempotent, resumable after kill -9, languages, duplicates."""
import json
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import duckdb

from detente.corpus import content_hash, ingest
from detente.data_files import load_package_yaml
from detente.ingest.sources import Sources
from detente.store import Store
from detente.store.dedup import rebuild_events, recorded_window
from tests.store.builders import JPN_GOV, USA_GOV, event, stored

# Our own short reports; each document combines three of them so that texts differ.
LINES = [
    "Japan's prime minister met the US president in Washington on Friday.",
    "China accused Taiwan of provoking tension in the strait.",
    "Germany pledged $2 billion in aid to Ukraine.",
    "Protesters marched on parliament in Nairobi.",
    "India and Pakistan agreed to reopen talks next month.",
    "The European Union imposed sanctions on Iranian officials.",
    "Brazil's foreign minister criticised the trade measures.",
    "Russian forces shelled villages near the border.",
]


def corpus(path, n, extra=()):
    with path.open("w") as out:
        for k in range(n):
            text = " ".join(LINES[(k + j * 3) % len(LINES)] for j in range(3)) + f" Bulletin {k}."
            out.write(json.dumps({"id": f"r{k}", "text": text, "date": f"2025-03-{1 + k % 28:02d}",
                                  "source": f"Wire {k % 3}"}) + "\n")
        for record in extra:
            out.write(json.dumps(record) + "\n")
    return path


def detente(*args):
    return subprocess.run([sys.executable, "-m", "detente", *map(str, args)], capture_output=True, text=True,
                          timeout=600)


def snapshot(db):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {table: sorted(r[0] for r in con.execute(f"SELECT {column} FROM {table}").fetchall())
                for table, column in (("documents", "id"), ("mentions", "id"), ("events", "id"),
                                      ("event_mentions", "event_id || mention_id"), ("quotes", "id"),
                                      ("amounts", "id"), ("entities", "mention_id || role || position"))}
    finally:
        con.close()


def test_ingest_twice_adds_nothing_and_counts_skips(tmp_path, coder):
    french = {"id": "fr", "text": "Le ministre des affaires étrangères a rencontré son homologue allemand à Paris "
                                  "pour discuter de la guerre et des sanctions."}
    copy = {"id": "copy", "text": "  Germany pledged $2 billion in aid to Ukraine.  "}
    data = corpus(tmp_path / "in.jsonl", 6, extra=[french, copy, {"id": "twice", "text": "Germany pledged $2 "
                                                                    "billion in aid\nto Ukraine."}, {"text": ""}])
    issues = []
    with Store(tmp_path / "x.duckdb") as store:
        first = ingest(Sources([str(data)]), store, coder, on_issue=issues.append)
        counts = store.counts()
        second = ingest(Sources([str(data)]), store, coder, on_issue=issues.append)
        assert store.counts() == counts
    assert (first.new, first.stored_before, dict(first.languages), first.failed) == (7, 1, {"fr": 1}, 1)
    assert first.mentions == counts["mentions"] > 0 and first.events == counts["events"]
    assert (second.new, second.stored_before, second.mentions, second.events) == (0, 8, 0, counts["events"])
    assert len(issues) == 2 and "line 10" in issues[0]
    assert content_hash("a  b\nc") == content_hash("a b c")


def test_a_copy_far_down_the_input_is_skipped_even_once_the_first_is_committed(tmp_path, coder):
    # the coder reads ahead of the store (32 documents), so the first copy is committed before
    # the second is looked at, while both are in one lookup chunk
    data = corpus(tmp_path / "in.jsonl", 60)
    first_text = json.loads(data.read_text().splitlines()[0])["text"]
    with data.open("a") as out:
        out.write(json.dumps({"id": "copy", "text": first_text}) + "\n")
    with Store(tmp_path / "x.duckdb") as store:
        summary = ingest(Sources([str(data)]), store, coder, on_issue=print, batch_documents=1)
        assert (summary.new, summary.stored_before) == (60, 1) and store.counts()["documents"] == 60


def test_rss_snapshots_ingest_and_a_second_run_adds_nothing(tmp_path, coder, shared):
    snapshots = shared / "corpora" / "rss" / "snapshots"
    with Store(tmp_path / "x.duckdb") as store:
        first = ingest(Sources([str(snapshots)]), store, coder, on_issue=print)
        counts = store.counts()
        second = ingest(Sources([str(snapshots)]), store, coder, on_issue=print)
        assert store.counts() == counts
    # the snapshots overlap: the same item appears in many of them and is stored once
    assert first.failed == 0 and first.new > 1000 and first.stored_before > 1000
    assert counts["documents"] == first.new and counts["mentions"] == first.mentions > 500
    assert (second.new, second.mentions, second.failed) == (0, 0, 0)
    assert second.stored_before == first.new + first.stored_before


def test_ingest_killed_mid_run_resumes_to_the_clean_result(tmp_path):
    data = corpus(tmp_path / "in.jsonl", 200)
    clean = tmp_path / "clean.duckdb"
    assert detente("ingest", data, "--db", clean, "--batch", "4").returncode == 0

    resumed = tmp_path / "resumed.duckdb"
    run = subprocess.Popen([sys.executable, "-m", "detente", "ingest", str(data), "--db", str(resumed),
                            "--batch", "4", "--progress"], stderr=subprocess.PIPE, text=True)
    for line in run.stderr:         # a progress line comes after each committed batch
        done = re.match(r"detente: ([\d,]+) documents", line)
        if done and int(done.group(1).replace(",", "")) >= 8:
            run.send_signal(signal.SIGKILL)
            break
    run.wait()
    assert run.returncode == -signal.SIGKILL
    partial = snapshot(resumed)
    assert 8 <= len(partial["documents"]) < 200
    # each batch was grouped in its own transaction: the killed run's events are those a full
    # regrouping of what it stored gives (checked on a copy, which opening would change)
    for suffix in ("", ".wal"):
        if Path(f"{resumed}{suffix}").exists():
            shutil.copy(f"{resumed}{suffix}", tmp_path / f"regrouped.duckdb{suffix}")
    with Store(tmp_path / "regrouped.duckdb") as copy:
        rebuild_events(copy.con, load_package_yaml("store.yaml")["dedup"]["window_days"])
    assert len(partial["event_mentions"]) == len(partial["mentions"])
    assert snapshot(tmp_path / "regrouped.duckdb") == partial

    again = detente("ingest", data, "--db", resumed, "--batch", "4")
    assert again.returncode == 0, again.stderr
    assert f"{200 - len(partial['documents'])} new documents" in again.stderr
    assert snapshot(resumed) == snapshot(clean)


def test_cli_ingest_events_export(tmp_path):
    data = corpus(tmp_path / "in.jsonl", 6)
    db = tmp_path / "x.duckdb"
    run = detente("ingest", data, "--db", db)
    assert run.returncode == 0 and "6 new documents" in run.stderr and "Traceback" not in run.stderr
    table = detente("events", "--db", db, "--dyad", "JPN", "USA")
    assert table.returncode == 0 and "CONSULT" in table.stdout
    lines = detente("events", "--db", db, "--type", "ACCUSE", "--format", "jsonl").stdout.splitlines()
    assert lines and all(json.loads(line)["event"] == "ACCUSE" for line in lines)
    gdelt = detente("export", "--db", db, "--format", "gdelt", "-o", tmp_path / "g.tsv")
    assert gdelt.returncode == 0
    assert all(len(row.split("\t")) == 61 for row in (tmp_path / "g.tsv").read_text().splitlines())


def test_cli_mistakes_are_one_line_and_keep_the_store(tmp_path):
    data = corpus(tmp_path / "in.jsonl", 2)
    db = tmp_path / "x.duckdb"
    detente("ingest", data, "--db", db)
    before = snapshot(db)
    for args, expected in [
        (("ingest", tmp_path / "missing.jsonl", "--db", db), "no such file"),
        (("ingest", data, "--db", db, "--field", "colour=x"), "--field 'colour=x'"),
        (("ingest", data, "--db", tmp_path), "is a directory"),
        (("events", "--db", tmp_path / "none.duckdb"), "no such file"),
        (("events", "--db", db, "--since", "yesterday"), "--since"),
        (("export", "--db", db, "--format", "csv"), "needs a file"),
        (("export", "--db", db, "--format", "jsonl", "-o", tmp_path / "no" / "x.jsonl"), "does not exist"),
    ]:
        run = detente(*args)
        assert run.returncode == 2, (args, run.stderr)
        assert len(run.stderr.strip().splitlines()) == 1 and expected in run.stderr, (args, run.stderr)
    assert snapshot(db) == before


class _NothingNew:
    """An engine for runs whose input is all stored: it must never be asked to code."""

    def code_with_context(self, pairs):
        for _ in pairs:
            raise AssertionError("nothing should be coded")
        return iter(())


def test_a_changed_dedup_window_regroups_the_store_even_when_nothing_is_new(tmp_path, monkeypatch):
    days = ["2025-03-01", "2025-03-03", "2025-03-05", "2025-03-06"]
    docs = [stored(f"Talks {day}.", [event(1, "CONSULT", JPN_GOV, USA_GOV, day)]) for day in days]
    settings = load_package_yaml("store.yaml")
    with Store(tmp_path / "x.duckdb") as store:
        store.add_documents(docs, window_days=settings["dedup"]["window_days"])
        assert settings["dedup"]["window_days"] == 2 and store.counts()["events"] == 2
        wider = {**settings, "dedup": {**settings["dedup"], "window_days": 5}}
        monkeypatch.setattr("detente.corpus.load_package_yaml", lambda name: wider)
        summary = ingest([], store, _NothingNew(), on_issue=print)
        assert (summary.new, summary.events) == (0, 1) and recorded_window(store.con) == 5
        assert store.con.execute("SELECT num_mentions FROM events").fetchall() == [(4,)]
