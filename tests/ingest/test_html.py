"""HTML pages as articles: main text without boilerplate, and the page's metadata."""
from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from detente.errors import DetenteError
from detente.ingest.html import article_from_html

FIXTURES = Path(__file__).parent / "fixtures"
PAGE = (FIXTURES / "article_page.html").read_bytes()
CANONICAL = "https://dailyledger.example/world/2025/03/04/norland-vastria-border-talks"

FIRST_PARAGRAPH = "The governments of Norland and Vastria agreed on Monday to reopen three border crossings"
LAST_PARAGRAPH = "The Vastrian Chamber of Commerce estimated that the closures had cost exporters"
BOILERPLATE = [
    "Subscribe for unlimited access",        # navigation
    "Share on Facebook",                      # share bar
    "Eastbridge crew wins the Ossel rowing",  # "most read" links
    "About time! I lost four weeks",          # reader comments
    "Promises are cheap in Eastbridge",
    "Morning Ledger newsletter",              # newsletter box
    "All rights reserved",                    # footer
    "Privacy policy",
    "ledgerAds",                              # script
    "font-family",                            # style
]


def test_main_text_is_extracted_without_boilerplate():
    article = article_from_html("article_page.html", PAGE, default_id="article_page")
    assert FIRST_PARAGRAPH in article.text
    assert LAST_PARAGRAPH in article.text
    assert '"Nobody gained anything from closed gates," Ms Brask told reporters' in article.text
    for junk in BOILERPLATE:
        assert junk not in article.text, junk


def test_paragraphs_are_separate_lines_and_the_headline_is_not_repeated():
    text = article_from_html("article_page.html", PAGE, default_id="p").text
    lines = text.split("\n")
    assert len(lines) == 6                          # the six paragraphs of the story body
    assert lines[0].startswith(FIRST_PARAGRAPH)
    assert lines[-1].startswith("Business groups in both capitals")
    assert "Norland and Vastria agree to reopen border crossings" not in text   # the <h1>, kept as title


def test_metadata_from_the_page():
    article = article_from_html("article_page.html", PAGE, default_id="article_page")
    assert article.id == "article_page"
    assert article.title == "Norland and Vastria agree to reopen border crossings"
    assert article.date == "2025-03-04"
    assert article.url == CANONICAL
    assert article.source == "The Daily Ledger"


def test_canonical_url_wins_over_the_fetched_one():
    article = article_from_html("page", PAGE, default_id="p", url="https://dailyledger.example/amp/x?utm=feed")
    assert article.url == CANONICAL


def test_fetched_url_and_its_host_when_the_page_names_neither_url_nor_site():
    html = (PAGE.replace(b'<meta property="og:site_name" content="The Daily Ledger">', b"")
                .replace(b'<link rel="canonical"', b'<link rel="stylesheet"')
                .replace(b'<meta property="og:url"', b'<meta property="og:nothing"'))
    article = article_from_html("page", html, default_id="p", url="https://www.ledger-mirror.example/story/1")
    assert article.url == "https://www.ledger-mirror.example/story/1"
    assert article.source == "ledger-mirror.example"
    assert FIRST_PARAGRAPH in article.text


def test_text_input_and_gzip_bytes_read_like_plain_bytes():
    expected = article_from_html("a", PAGE, default_id="p")
    assert article_from_html("a", PAGE.decode("utf-8"), default_id="p") == expected
    assert article_from_html("a", gzip.compress(PAGE), default_id="p") == expected


def test_declared_legacy_charset_is_honoured():
    page = PAGE.decode("utf-8").replace('<meta charset="utf-8">', '<meta charset="windows-1252">')
    page = page.replace("Tomas Eklund", "Tomás Eklund").replace("talks mediated", "talks – mediated")
    article = article_from_html("legacy.html", page.encode("cp1252"), default_id="legacy")
    assert "Tomás Eklund" in article.text
    assert "talks – mediated" in article.text
    assert "\ufffd" not in article.text


def test_page_without_article_text_is_e030():
    empty = b"<html><head><title>Home</title></head><body><nav><a href='/'>Home</a></nav></body></html>"
    with pytest.raises(DetenteError) as caught:
        article_from_html("menu.html", empty, default_id="menu")
    assert caught.value.code == "E030"
    assert "menu.html" in str(caught.value)


@pytest.mark.parametrize("data", [b"", b"   \n", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200)])
def test_empty_or_binary_input_is_e030(data):
    with pytest.raises(DetenteError) as caught:
        article_from_html("thing.html", data, default_id="thing")
    assert caught.value.code == "E030"


def test_menu_words_found_by_the_last_resort_fallback_are_not_an_article():
    menu = (b"<html><head><title>Home</title></head><body><nav><ul><li><a href='/'>Home</a></li>"
            b"<li><a href='/world'>World</a></li></ul></nav><footer>Copyright</footer></body></html>")
    with pytest.raises(DetenteError) as caught:
        article_from_html("index.html", menu, default_id="index")
    assert caught.value.code == "E030" and "word" in str(caught.value)


def test_a_short_brief_is_still_an_article():
    brief = (b"<html><head><title>In brief</title></head><body><article><p>Parliament in Eastbridge was "
             b"dissolved on Monday ahead of the May election.</p></article></body></html>")
    article = article_from_html("brief.html", brief, default_id="brief")
    assert article.text == "Parliament in Eastbridge was dissolved on Monday ahead of the May election."
    assert article.title == "In brief"


def test_balanced_mode_is_used_when_precision_mode_keeps_a_small_side_block(monkeypatch):
    import trafilatura

    from detente.ingest import html as html_module

    calls = []

    def fake_bare_extraction(tree, favor_precision=False, **options):
        calls.append(favor_precision)
        document = trafilatura.settings.Document()
        document.text = ("This copy is for your personal use only." if favor_precision
                         else "The whole story, paragraph after paragraph. " * 20)
        return document

    monkeypatch.setattr(html_module.trafilatura, "bare_extraction", fake_bare_extraction)
    article = article_from_html("page", PAGE, default_id="p")
    assert calls == [True, False]
    assert article.text.startswith("The whole story")
