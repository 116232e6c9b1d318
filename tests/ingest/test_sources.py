import gzip
import io
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from detente.errors import DetenteError
from detente.ingest.readers import ReadIssue
from detente.ingest.sources import Sources, parse_field_map


def _read(*inputs, **options):
    items = list(Sources([str(i) for i in inputs], **options))
    return [i for i in items if not isinstance(i, ReadIssue)], [i.message for i in items if isinstance(i, ReadIssue)]


def test_folders_are_read_recursively_by_suffix_with_gz(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one.txt").write_text("The envoy met the minister in Seoul.")
    with gzip.open(tmp_path / "a" / "two.jsonl.gz", "wt") as out:
        out.write(json.dumps({"id": "x", "text": "Kenya recalled its ambassador.", "date": "2024-05-01"}) + "\n")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / ".hidden.txt").write_text("not read")
    sources = Sources([str(tmp_path)])
    items, issues = _read(tmp_path)
    assert not issues and sources.ignored == 1
    assert [(i.article.id, i.article.text[:10]) for i in items] == [("one", "The envoy "), ("x", "Kenya reca")]
    assert items[1].article.date == "2024-05-01" and items[1].input.endswith("two.jsonl.gz")
    assert sources.bytes_total == sum(p.stat().st_size for p in tmp_path.rglob("*") if p.is_file()
                                      and p.suffix != ".pdf" and not p.name.startswith("."))


def test_csv_with_a_column_map_and_bad_rows(tmp_path):
    path = tmp_path / "feed.csv"
    path.write_text('uid,body,published\n1,"Chile, Peru sign a deal.",2023-01-02\n2,,2023-01-03\n'
                    '3,"Too, many, values",2023-01-04,extra\n')
    items, issues = _read(path, fields=parse_field_map(["id=uid", "text=body", "date=published"]))
    assert [(i.article.id, i.article.text, i.article.date) for i in items] == [
        ("1", "Chile, Peru sign a deal.", "2023-01-02")]
    assert len(issues) == 2 and "line 3" in issues[0] and "line 4" in issues[1]


@pytest.mark.parametrize("pair", ["text", "=body", "colour=x"])
def test_field_map_mistakes_are_named(pair):
    with pytest.raises(DetenteError, match="E020"):
        parse_field_map([pair])


def test_stdin_format_is_sniffed(monkeypatch):
    data = json.dumps({"text": "Cuba expelled two diplomats."}).encode() + b"\n"
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data)))
    items, issues = _read("-")
    assert [i.article.text for i in items] == ["Cuba expelled two diplomats."] and not issues


def test_a_missing_path_stops_before_anything_is_read(tmp_path):
    (tmp_path / "ok.txt").write_text("Text.")
    with pytest.raises(DetenteError, match="E001.*nope"):
        Sources([str(tmp_path / "ok.txt"), str(tmp_path / "nope")])


def test_a_corrupt_gz_is_one_issue_and_the_rest_goes_on(tmp_path):
    lines = "".join(json.dumps({"text": f"Report number {n * 7919 % 10007}."}) + "\n" for n in range(2000))
    packed = gzip.compress(lines.encode())
    (tmp_path / "bad.jsonl.gz").write_bytes(packed[: len(packed) // 2])
    (tmp_path / "good.txt").write_text("Norway hosted peace talks.")
    items, issues = _read(tmp_path)
    # what could be read before the damage is kept; the damage is one issue naming the file
    assert 0 < len(items) - 1 < 2000 and items[-1].article.text == "Norway hosted peace talks."
    assert len(issues) == 1 and "bad.jsonl.gz" in issues[0] and "cannot be read" in issues[0]


FEED = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour wire</title>
<item><title>Norland and Vastria sign a fishing accord</title><link>http://example.invalid/a</link>
<description>The two governments signed the accord in Ossel on Monday.</description>
<pubDate>Mon, 03 Mar 2025 10:00:00 +0000</pubDate></item></channel></rss>"""
PAGE = (Path(__file__).parent / "fixtures" / "article_page.html").read_bytes()


@pytest.fixture()
def served():
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            body = {"/feed": FEED, "/page": PAGE}.get(self.path)
            self.send_response(200 if body else 404)
            self.end_headers()
            self.wfile.write(body or b"")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_urls_are_fetched_and_read_as_feed_or_page(served):
    items, issues = _read(f"{served}/feed", f"{served}/page", f"{served}/gone", "http://127.0.0.1:1/x")
    feed_item, page = items
    assert feed_item.article.title == "Norland and Vastria sign a fishing accord"
    assert feed_item.article.source == "Harbour wire" and feed_item.input == f"{served}/feed"
    # the page's canonical URL wins over the address it was fetched from
    assert page.article.url == "https://dailyledger.example/world/2025/03/04/norland-vastria-border-talks"
    assert len(page.article.text.split()) > 50
    assert len(issues) == 2 and "404" in issues[0] and "http://127.0.0.1:1/x" in issues[1]
