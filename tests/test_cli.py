"""The command-line contract other tools rely on, run as a user runs it (a subprocess)."""
import json
import subprocess
import sys

from tests.conftest import FIXTURES

EVENT_KEYS = {"id", "sentence", "text", "event", "mode", "context", "cameo", "quad", "goldstein",
              "modality", "actor", "recipient", "amounts", "evidence",
              "date", "date_precision", "date_source", "location", "confidence"}


def detente(*args, stdin=None):
    return subprocess.run([sys.executable, "-m", "detente", *map(str, args)], input=stdin,
                          capture_output=True, text=True, timeout=300)


def test_txt_file_gives_one_jsonl_record_with_the_contract_fields():
    run = detente("code", FIXTURES / "summit.txt", "--date", "2025-03-10")
    assert run.returncode == 0, run.stderr
    [line] = run.stdout.splitlines()
    record = json.loads(line)
    assert set(record) == {"id", "date", "sentences", "events", "quotes", "amounts"}
    assert record["id"] == "summit" and record["date"] == "2025-03-10" and record["sentences"] >= 5
    assert record["events"], "the fixture reports a meeting"
    for event in record["events"]:
        assert set(event) == EVENT_KEYS
        for entity in event["actor"] + event["recipient"]:
            assert set(entity) == {"text", "name", "country", "sector"}
    text = (FIXTURES / "summit.txt").read_text()
    for event in record["events"]:
        trigger = event["evidence"]["trigger"]
        assert text[trigger["start"]:trigger["end"]] == trigger["text"]


def test_jsonl_batch_reports_bad_lines_codes_the_rest_and_counts(tmp_path):
    batch = tmp_path / "batch.jsonl"
    batch.write_text("\n".join([
        json.dumps({"id": "one", "text": "Iran threatened to close the strait."}),
        "{broken",
        json.dumps({"id": "three", "text": "Japan and India agreed to hold naval drills."}),
    ]) + "\n")
    out = tmp_path / "out.jsonl"
    run = detente("code", batch, "-o", out)
    assert run.returncode == 1
    assert "line 2" in run.stderr and "skipped 1" in run.stderr and "Traceback" not in run.stderr
    assert [json.loads(line)["id"] for line in out.read_text().splitlines()] == ["one", "three"]


def test_stdin_and_pretty_table():
    run = detente("code", "-", "--pretty", stdin="Pakistan accused India of shelling villages.")
    assert run.returncode == 0, run.stderr
    assert "ACCUSE" in run.stdout and "PAK" in run.stdout


def test_bad_input_is_one_clear_line_and_keeps_earlier_output(tmp_path):
    out = tmp_path / "out.jsonl"
    out.write_text("earlier results\n")
    run = detente("code", tmp_path / "nope.txt", "-o", out)
    assert run.returncode == 2
    assert run.stderr.strip().splitlines() == [f"detente: error: [E001] input '{tmp_path / 'nope.txt'}': no such file"]
    assert out.read_text() == "earlier results\n"


def test_output_to_a_missing_directory_is_reported(tmp_path):
    run = detente("code", FIXTURES / "protest.txt", "-o", tmp_path / "no" / "out.jsonl")
    assert run.returncode == 2 and "does not exist" in run.stderr and "Traceback" not in run.stderr


def test_eval_prints_per_type_scores(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"id": "g1", "text": "Chile condemned the raid by Bolivian troops.",
                                "gold_events": [{"code": "ACCUSE", "source": ["CHL"], "target": ["BOL"]}]}) + "\n")
    run = detente("eval", gold, "--kind", "plover")
    assert run.returncode == 0, run.stderr
    assert "ACCUSE" in run.stdout and "OVERALL" in run.stdout


def test_eval_of_a_missing_gold_file_is_one_line(tmp_path):
    run = detente("eval", tmp_path / "none.jsonl", "--kind", "cameo")
    assert run.returncode == 2 and len(run.stderr.strip().splitlines()) == 1


def test_actors_resolve_contract(tmp_path):
    queries = tmp_path / "q.jsonl"
    queries.write_text("\n".join([
        json.dumps({"id": "a", "text": "Japanese officials"}),
        json.dumps({"id": "b", "text": "Shigeru Ishiba", "date": "2025-02-07"}),
        json.dumps({"id": "c", "text": "Defence Minister", "context": "German"}),
        json.dumps({"id": "d", "text": "a cat named Frank"}),
    ]) + "\n")
    run = detente("actors", "resolve", queries)
    assert run.returncode == 0, run.stderr
    rows = [json.loads(line) for line in run.stdout.splitlines()]
    assert rows == [
        {"id": "a", "name": None, "country": "JPN", "sector": "GOV"},
        {"id": "b", "name": "Shigeru Ishiba", "country": "JPN", "sector": "GOV"},
        {"id": "c", "name": None, "country": "DEU", "sector": "GOV"},
        {"id": "d", "name": None, "country": None, "sector": None},
    ]


def test_actors_show_and_list():
    show = detente("actors", "show", "Ishiba")
    assert show.returncode == 0 and "Prime Minister: JPN/GOV  2024-10-01 to 2025-10-21" in show.stdout
    listed = detente("actors", "list", "--country", "JPN", "--kind", "person", "--date", "2025-02-07")
    assert "Shigeru Ishiba\tJPN\tGOV" in listed.stdout
    missing = detente("actors", "show", "Nobody Inparticular")
    assert missing.returncode == 1 and "no actor named" in missing.stderr
