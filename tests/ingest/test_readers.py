import io
import json
import sys

import pytest

from detente.errors import DetenteError
from detente.ingest import ReadIssue, read_inputs


def test_txt_file_is_one_document_named_by_its_stem(tmp_path):
    path = tmp_path / "tokyo_talks.txt"
    path.write_text("Japan's prime minister met the US president.", encoding="utf-8")
    [article] = read_inputs([str(path)])
    assert article.id == "tokyo_talks"
    assert article.text.startswith("Japan's")
    assert article.date is None


def test_jsonl_keeps_order_metadata_and_reports_bad_lines(tmp_path):
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join([
        json.dumps({"id": "a", "text": "First.", "date": "2025-02-07T10:00:00Z", "title": "T"}),
        "{not json",
        json.dumps({"id": "c", "text": ""}),
        json.dumps({"text": "No id here."}),
    ]) + "\n", encoding="utf-8")
    items = list(read_inputs([str(path)]))
    assert [type(i).__name__ for i in items] == ["Article", "ReadIssue", "ReadIssue", "Article"]
    assert items[0].date == "2025-02-07" and items[0].title == "T"
    assert "line 2" in items[1].message and "invalid JSON" in items[1].message
    assert "line 3" in items[2].message and "empty" in items[2].message
    assert items[3].id == "batch-4"


def test_bad_date_in_a_line_is_reported_not_fatal(tmp_path):
    path = tmp_path / "d.jsonl"
    path.write_text(json.dumps({"id": "x", "text": "Hi there.", "date": "yesterday"}) + "\n")
    [issue] = read_inputs([str(path)])
    assert isinstance(issue, ReadIssue) and "not an ISO date" in issue.message


def test_stdin(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO("Troops crossed the border.".encode())))
    [article] = read_inputs(["-"])
    assert article.id == "stdin"


@pytest.mark.parametrize("make, expected", [
    (lambda p: p / "missing.txt", "no such file"),
    (lambda p: p, "is a directory"),
    (lambda p: _write(p / "img.txt", b"\x89PNG\x00\x00\x01"), "binary"),
    (lambda p: _write(p / "latin.txt", "caf\xe9 talks".encode("latin-1")), "not valid UTF-8"),
    (lambda p: _write(p / "blank.txt", b"  \n\t"), "empty"),
    (lambda p: _write(p / "blank.jsonl", b"\n\n"), "no records"),
    (lambda p: _write(p / "notes.docx", b"text"), "unsupported file type"),
])
def test_whole_input_problems_raise_one_clear_error(tmp_path, make, expected):
    path = make(tmp_path)
    with pytest.raises(DetenteError) as info:
        list(read_inputs([str(path)]))
    assert expected in str(info.value)
    assert str(path) in str(info.value)


def _write(path, data: bytes):
    path.write_bytes(data)
    return path


def test_headline_records_are_coded_from_their_title(tmp_path):
    path = tmp_path / "headlines.jsonl"
    path.write_text(json.dumps({"id": "h1", "title": "Turkey shells Kurdish positions", "text": ""}) + "\n")
    [article] = read_inputs([str(path)])
    assert article.text == "Turkey shells Kurdish positions"


@pytest.mark.parametrize("line, reason", [
    ('{"id": "a", "text": "\\ud800 x"}', "unpaired surrogate"),
    ('{"id": "\\ud800", "text": "Russia attacked Ukraine."}', "unpaired surrogate"),
    ('{"id": "a", "text": "x", "meta": ' + "[" * 100000 + "]" * 100000 + "}", "nested too deeply"),
    (json.dumps({"id": "a", "text": "word " * 70000}), "more than the limit"),
])
def test_lines_the_parser_cannot_take_are_reported_and_skipped(tmp_path, line, reason):
    path = tmp_path / "b.jsonl"
    path.write_text(line + "\n" + json.dumps({"id": "ok", "text": "Peru recalled its envoy."}) + "\n")
    issue, article = list(read_inputs([str(path)]))
    assert isinstance(issue, ReadIssue) and reason in issue.message and "line 1" in issue.message
    assert article.id == "ok"


def test_over_long_text_file_is_one_clear_error(tmp_path):
    path = tmp_path / "huge.txt"
    path.write_text("word " * 70000)
    with pytest.raises(DetenteError, match="huge.txt': text has 350000 characters"):
        list(read_inputs([str(path)]))
