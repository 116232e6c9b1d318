"""Faults while the store is in use: a full disk, a read-only file system, SIGTERM mid-run, a
damaged file. Each must end in one clear line, and nothing stored before may be lost."""
import os
import re
import shutil
import signal
import subprocess
import sys

from tests.test_corpus import corpus, detente, snapshot

DETENTE = [sys.executable, "-m", "detente"]


def one_error_line(run) -> str:
    lines = [line for line in run.stderr.splitlines() if line.startswith("detente: error:")]
    assert len(lines) == 1 and "Traceback" not in run.stderr, run.stderr[-3000:]
    return lines[0]


def stored(tmp_path, name, n=6):
    """A store holding `n` coded documents, and the input they came from."""
    data = corpus(tmp_path / f"{name}.jsonl", n)
    db = tmp_path / f"{name}.duckdb"
    run = detente("ingest", data, "--db", db, "--processes", "1")
    assert run.returncode == 0, run.stderr
    return data, db


def more_input(tmp_path, n=30):
    """Other documents than `stored`'s (the corpus builder numbers them from 0)."""
    path = corpus(tmp_path / "more.jsonl", n)
    path.write_text(path.read_text().replace("Bulletin", "Dispatch"))
    return path


def in_private_mount(script: str):
    """Run a shell script in its own mount namespace (as root there), so that it can mount a
    small or read-only file system without touching the machine's."""
    return subprocess.run(["unshare", "--map-root-user", "--mount", "sh", "-c", script],
                          capture_output=True, text=True, timeout=600)


def shell(*parts) -> str:
    return " ".join(f"'{part}'" for part in parts)


def test_a_full_disk_stops_the_run_and_keeps_what_was_stored(tmp_path):
    _, db = stored(tmp_path, "base")
    before = snapshot(db)
    more = more_input(tmp_path)
    disk, kept = tmp_path / "disk", tmp_path / "kept.duckdb"
    disk.mkdir()
    # a disk with room for the store as it is and 8 KB more; the store is copied back out after
    size = -(-os.path.getsize(db) // 4096) * 4096 + 8192
    run = in_private_mount(
        f"mount -t tmpfs -o size={size} tmpfs {shell(disk)} && cp {shell(db)} {shell(disk)}/x.duckdb && "
        f"{shell(*DETENTE, 'ingest', more, '--db', disk / 'x.duckdb', '--processes', '1')}; status=$?; "
        f"cp {shell(disk)}/x.duckdb* {shell(tmp_path)}/ && mv {shell(tmp_path)}/x.duckdb {shell(kept)}; "
        f"exit $status")
    assert run.returncode == 2
    line = one_error_line(run)
    assert "could not write" in line and "what was stored before is kept" in line, line
    assert snapshot(kept) == before

    # with room again, the same command goes on and ends where a run without the fault ends
    again = detente("ingest", more, "--db", kept, "--processes", "1")
    assert again.returncode == 0 and "30 new documents" in again.stderr, again.stderr


def test_a_read_only_file_system_is_one_line_and_the_store_is_untouched(tmp_path):
    _, db = stored(tmp_path, "base")
    before = snapshot(db)
    more = more_input(tmp_path, 4)
    run = in_private_mount(f"mount --bind {shell(tmp_path)} {shell(tmp_path)} && "
                           f"mount -o remount,ro,bind {shell(tmp_path)} && "
                           f"{shell(*DETENTE, 'ingest', more, '--db', db, '--processes', '1')}")
    assert run.returncode == 2
    assert f"database '{db}'" in one_error_line(run)
    assert snapshot(db) == before


def test_sigterm_stores_what_is_coded_and_the_same_command_resumes(tmp_path):
    data = corpus(tmp_path / "in.jsonl", 120)
    clean = tmp_path / "clean.duckdb"
    assert detente("ingest", data, "--db", clean, "--batch", "4").returncode == 0

    db = tmp_path / "stopped.duckdb"
    run = subprocess.Popen([*DETENTE, "ingest", str(data), "--db", str(db), "--batch", "4", "--progress",
                            "--processes", "2"], stderr=subprocess.PIPE, text=True)
    lines = []
    for line in run.stderr:
        lines.append(line)
        done = re.match(r"detente: ([\d,]+) documents", line)
        if done and int(done.group(1).replace(",", "")) >= 8:
            run.send_signal(signal.SIGTERM)
            break
    lines.extend(run.stderr)
    assert run.wait(timeout=120) == 128 + signal.SIGTERM
    summary = lines[-1]
    assert summary.startswith(f"detente: {db}: stopped by SIGTERM"), "".join(lines)[-2000:]
    assert "Traceback" not in "".join(lines)
    partial = snapshot(db)
    stored_count = int(re.search(r"store holds (\d+) documents", summary).group(1))
    assert 8 <= len(partial["documents"]) == stored_count < 120
    # events are regrouped on a clean stop: every stored mention belongs to an event
    assert len(partial["event_mentions"]) == len(partial["mentions"])

    again = detente("ingest", data, "--db", db, "--batch", "4")
    assert again.returncode == 0, again.stderr
    assert f"{120 - stored_count} new documents" in again.stderr
    assert snapshot(db) == snapshot(clean)


def test_a_damaged_file_is_named_with_a_way_out_and_a_backup_restores(tmp_path):
    _, db = stored(tmp_path, "base")
    before = snapshot(db)
    backup = tmp_path / "backup"
    assert detente("export", "--db", db, "--format", "parquet", "--all", "-o", backup).returncode == 0

    damaged = tmp_path / "damaged.duckdb"
    shutil.copy(db, damaged)
    with damaged.open("r+b") as handle:         # overwrite the database headers after the magic
        handle.seek(4096)
        handle.write(os.urandom(8192))
    for command in (("events", "--db", damaged), ("ingest", tmp_path / "base.jsonl", "--db", damaged)):
        run = detente(*command)
        assert run.returncode == 2
        line = one_error_line(run)
        assert "is damaged" in line and "detente restore" in line and "mv " in line, line

    restored = tmp_path / "restored.duckdb"
    run = detente("restore", backup, "--db", restored)
    assert run.returncode == 0, run.stderr
    assert snapshot(restored) == before
    again = detente("restore", backup, "--db", restored)
    assert again.returncode == 2 and "already holds" in one_error_line(again)
