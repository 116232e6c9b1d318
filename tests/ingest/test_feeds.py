"""RSS and Atom feeds as articles, and fetching pages over HTTP (a local server; no internet)."""
from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from detente.errors import DetenteError
from detente.ingest import feeds
from detente.ingest.feeds import articles_from_feed, fetch_url, html_to_text, is_feed
from detente.ingest.readers import ReadIssue
from detente.records import Article

FIXTURES = Path(__file__).parent / "fixtures"
RSS = FIXTURES / "rss_feed.xml"
ATOM = FIXTURES / "atom_feed.xml"
BROKEN = FIXTURES / "broken_feed.xml"
PAGE = FIXTURES / "article_page.html"
UNREACHABLE = "http://127.0.0.1:1"       # nothing listens on port 1: refused at once


def read(path: Path, **options) -> list[Article | ReadIssue]:
    return list(articles_from_feed(str(path), path.read_bytes(), **options))


def rss_item(link: str, description: str = "Short standfirst from the feed.", title: str = "A story") -> str:
    return f"<item><title>{title}</title><link>{link}</link><description>{description}</description></item>"


def rss(*items: str) -> bytes:
    return ('<?xml version="1.0"?><rss version="2.0"><channel><title>Local wire</title>'
            + "".join(items) + "</channel></rss>").encode()


# --- RSS 2.0 ---------------------------------------------------------------------------------

def test_rss_items_in_order_with_a_readissue_for_the_empty_item():
    items = read(RSS)
    assert [type(item).__name__ for item in items] == ["Article", "Article", "Article", "ReadIssue", "Article"]
    issue = items[3]
    assert "rss_feed.xml" in issue.message and "item 4" in issue.message and "[E033]" in issue.message


def test_rss_fields_and_fullest_body():
    first = read(RSS)[0]
    assert first.id == "ledger-world-1001"                  # the guid
    assert first.title == "Norland and Vastria agree to reopen border crossings"
    assert first.date == "2025-03-04"
    assert first.url == "https://dailyledger.example/world/2025/03/04/norland-vastria-border-talks"
    assert first.source == "The Daily Ledger: World"        # the channel title
    # content:encoded is longer than the description, so it is the text
    # a standfirst is coded with its headline
    assert first.text == ("Norland and Vastria agree to reopen border crossings\n\n"
                          "The governments of Norland and Vastria agreed on Monday to reopen three border crossings "
                          "that have been closed since the autumn.\n"
                          "Officials said freight traffic would resume within a fortnight & customs checks "
                          "would be shared.")


def test_rss_html_is_flattened_to_lines_and_entities_decoded():
    second = read(RSS)[1]
    assert second.text == ("Tarnby mayor resigns after budget vote fails\n\n"
                           "The mayor of Tarnby, Jonas Vik, stepped down on Monday evening.\n"
                           "Council rejected the budget 14\u20139\nElections due in May")
    assert "<" not in second.text and "&" not in second.text


def test_rss_ids_fall_back_to_the_link_then_the_feed_name_and_number():
    items = read(RSS)
    assert items[1].id == "https://dailyledger.example/world/2025/03/03/tarnby-mayor-resigns"
    assert items[4].id == "rss_feed-5"
    assert items[4].url is None and items[4].date is None


def test_rss_headline_only_item_uses_its_title_as_text():
    third = read(RSS)[2]
    assert third.text == third.title == "Headline only: Ossel ferry strike called off"
    assert third.date == "2025-03-02"                       # from dc:date


def test_dates_are_the_publishers_local_date_not_utc():
    # "Mon, 03 Mar 2025 23:40:00 -0500" is already 4 March in UTC
    assert read(RSS)[1].date == "2025-03-03"


# --- Atom ------------------------------------------------------------------------------------

def test_atom_entries_and_fields():
    first, second = read(ATOM)
    assert first.id == "tag:northern-council.example,2025:press-17"
    assert first.title == "Observers to monitor the Ossel crossings for six months"    # type="html" title
    assert first.url == "https://northern-council.example/press/17"
    assert first.source == "Council of Northern States: press releases"
    assert first.date == "2025-03-04"                       # <published>, local (-05:00)
    assert first.text == ("Observers to monitor the Ossel crossings for six months\n\n"
                          "The Council of Northern States will send six observers to the Kellmark, Ossel Bridge "
                          "and Tarnby crossings.\nThe Secretary-General welcomed the agreement between Norland "
                          "and Vastria.")
    assert second.date == "2025-03-05"                      # <updated> when nothing is published
    # a type="text" summary is not parsed as HTML: its "<" is a character
    assert second.text == ("Secretary-General to visit Eastbridge\n\n"
                           "A visit planned for April: 3 < 4 meetings, said the office.")


def test_rss_1_0_rdf_feed():
    data = b"""<?xml version="1.0"?>
    <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
             xmlns:dc="http://purl.org/dc/elements/1.1/">
      <channel rdf:about="https://old-wire.example/"><title>Old wire</title></channel>
      <item rdf:about="https://old-wire.example/1"><title>Ferry service resumes</title>
        <link>https://old-wire.example/1</link><description>Boats sail again.</description>
        <dc:date>2025-01-09T10:00:00+01:00</dc:date></item>
    </rdf:RDF>"""
    assert is_feed(data)
    [article] = articles_from_feed("old.rdf", data)
    assert (article.title, article.text, article.date, article.source) == (
        "Ferry service resumes", "Ferry service resumes\n\nBoats sail again.", "2025-01-09", "Old wire")


# --- not a feed ------------------------------------------------------------------------------

@pytest.mark.parametrize("data", [
    BROKEN.read_bytes(),
    PAGE.read_bytes(),
    b"",
    b"just a line of text\n",
    b'<?xml version="1.0"?><catalog><book id="1"><title>A</title></book></catalog>',
])
def test_input_that_is_not_a_feed_is_e031(data):
    with pytest.raises(DetenteError) as caught:
        list(articles_from_feed("input.xml", data))
    assert caught.value.code == "E031"
    assert "input.xml" in str(caught.value)


def test_broken_feed_names_the_parse_error():
    with pytest.raises(DetenteError, match="mismatched tag"):
        read(BROKEN)


def test_bytes_that_name_a_file_are_not_opened_as_a_path(tmp_path):
    # feedparser.parse(b"/some/path") would read that file; we hand it a stream
    path = tmp_path / "real_feed.xml"
    path.write_bytes(rss(rss_item("https://x.example/1")))
    with pytest.raises(DetenteError) as caught:
        list(articles_from_feed("input", str(path).encode()))
    assert caught.value.code == "E031"


def test_empty_but_valid_feed_yields_nothing():
    assert list(articles_from_feed("empty.xml", rss())) == []


def test_is_feed_tells_feeds_from_pages():
    assert is_feed(RSS.read_bytes()) and is_feed(ATOM.read_bytes())
    assert not is_feed(PAGE.read_bytes())
    assert not is_feed(b"<html><body>" + b" " * 2000 + b"<rss>late</rss></body></html>")   # first KB only


def test_html_to_text_drops_scripts_and_keeps_paragraphs():
    html = "<div><p>One &amp; two</p><script>var x = 1;</script><p>Three<br>four</p>tail</div>"
    assert html_to_text(html) == "One & two\nThree\nfour\ntail"


# --- shared snapshots ------------------------------------------------------------------------

def test_every_shared_rss_snapshot_parses(shared):
    paths = sorted((shared / "corpora" / "rss" / "snapshots").glob("*/*.xml"))
    assert len(paths) >= 200
    for path in paths:
        items = read(path)
        articles = [item for item in items if isinstance(item, Article)]
        assert articles, path
        assert all(article.text.strip() and article.id for article in articles), path


# --- fetching pages over HTTP -----------------------------------------------------------------

class _Site(BaseHTTPRequestHandler):
    pages: dict[str, tuple[int, bytes]] = {}
    agents: list[str] = []

    def do_GET(self):
        self.agents.append(self.headers.get("User-Agent", ""))
        status, body = self.pages.get(self.path, (404, b"not here"))
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture()
def site():
    _Site.pages = {"/story.html": (200, PAGE.read_bytes()), "/big.html": (200, b"x" * 5000)}
    _Site.agents = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Site)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_fetch_url_gets_the_body_with_our_user_agent(site):
    assert fetch_url(f"{site}/story.html") == PAGE.read_bytes()
    assert _Site.agents == ["detente"]


def test_fetch_url_errors_are_e032(site):
    for url, reason in [(f"{site}/missing.html", "HTTP 404"), (f"{site}/big.html", "larger than 1,000 bytes"),
                        ("file:///etc/hostname", "only http:// and https://"), (f"{UNREACHABLE}/x", "refused")]:
        with pytest.raises(DetenteError) as caught:
            fetch_url(url, max_bytes=1000)
        assert caught.value.code == "E032", url
        assert reason in str(caught.value) and url in str(caught.value)


def test_fetch_pages_uses_the_longer_page_text(site):
    data = rss(rss_item(f"{site}/story.html", title="Border deal"), rss_item(f"{site}/missing.html"))
    story, missing = articles_from_feed("wire.xml", data, fetch_pages=True)
    assert "Foreign Minister Alina Brask of Norland" in story.text         # from the page
    assert "Subscribe for unlimited access" not in story.text
    assert story.title == "Border deal"                                     # the feed's own fields stay
    assert story.url == f"{site}/story.html"
    assert story.date == "2025-03-04" and story.source == "Local wire"     # date from the page: the feed has none
    assert missing.text == "A story\n\nShort standfirst from the feed."               # a 404 keeps the feed text


def test_feed_text_is_kept_without_fetch_pages(site):
    [story] = articles_from_feed("wire.xml", rss(rss_item(f"{site}/story.html")))
    assert story.text == "A story\n\nShort standfirst from the feed."
    assert _Site.agents == []


def test_unreachable_pages_fall_back_to_feed_text_quickly_and_are_tried_once(monkeypatch):
    calls = []
    real_fetch = feeds.fetch_url

    def counting_fetch(url, **options):
        calls.append(url)
        return real_fetch(url, **options)

    monkeypatch.setattr(feeds, "fetch_url", counting_fetch)
    data = rss(*(rss_item(f"{UNREACHABLE}/story-{n}", description=f"Feed text {n}.") for n in range(5)))
    started = time.monotonic()
    items = list(articles_from_feed("wire.xml", data, fetch_pages=True, timeout=2.0))
    assert time.monotonic() - started < 2.0
    assert [item.text for item in items] == [f"A story\n\nFeed text {n}." for n in range(5)]
    assert calls == [f"{UNREACHABLE}/story-0"]                  # the host failed once: not asked again


def test_numbered_ids_use_the_feed_name_without_any_suffix():
    data = rss("<item><title>No link, no guid</title></item>")
    assert next(articles_from_feed("feeds/wire.xml.gz", data)).id == "wire-1"
    assert next(articles_from_feed("https://wire.example/world.rss?page=2", data)).id == "world-1"
