"""Property (fuzz) tests over every reader of `detente ingest` and `detente code`: text, JSONL,
CSV/TSV, HTML pages, RSS/Atom feeds and `.gz` of each, fed half-valid and arbitrary bytes, broken
encodings, huge lines, deep nesting, corrupt `.gz` and decompression bombs.

The contract for any input: only `SourceItem`s and `ReadIssue`s come out of `Sources` (what
`detente ingest` reads; a `DetenteError` for a whole input becomes one ReadIssue), every issue is
one catalogued line that names the input, every article's text is one the coder takes, and no
input takes long or much memory. Every input here is made up by the test.
"""
from __future__ import annotations

import csv
import gzip
import io
import json
import os
import re
import subprocess
import sys
import tracemalloc
from datetime import timedelta
from html import escape
from pathlib import Path

import pytest
from hypothesis import HealthCheck, currently_in_test_context, event, given, settings
from hypothesis import strategies as st

from detente.errors import DetenteError
from detente.ingest.readers import ReadIssue, max_document_chars, read_inputs
from detente.ingest.sources import SUFFIX_FORMATS, SourceItem, Sources
from detente.records import Article
from tests.fuzzing import ERROR_LINE, within

ROOT = Path(__file__).resolve().parents[2]
# One input of a few KB is read in milliseconds; far more than that is a hang. The deadline is
# generous because CI machines are shared; `within` catches what never returns at all.
EXAMPLE_SECONDS = 20
# Examples per property: sized for CI (the suite in well under 2 minutes on 2 cores); a longer
# search on new examples: DETENTE_FUZZ_EXAMPLES=5000 HYPOTHESIS_PROFILE=default pytest THIS_FILE
EXAMPLES = int(os.environ.get("DETENTE_FUZZ_EXAMPLES", "200"))
FUZZ = settings(max_examples=EXAMPLES, deadline=timedelta(seconds=5), suppress_health_check=[HealthCheck.too_slow])
FEW = settings(FUZZ, max_examples=max(1, EXAMPLES // 2))          # pages and feeds: each runs an extraction
SURROGATE = re.compile("[\ud800-\udfff]")


# -- reading, and what every result must be ---------------------------------------------------

@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


def read(path: Path, data: bytes, seconds: float = EXAMPLE_SECONDS) -> list[SourceItem | ReadIssue]:
    """Everything `detente ingest` gets from a file holding `data`, checked against the contract."""
    path.write_bytes(data)
    items = within(seconds, lambda: list(Sources([str(path)])))
    for item in items:
        check_item(item, path)
        if currently_in_test_context():
            # what came out, for --hypothesis-show-statistics: that the examples reach articles too
            event(item.message[:6] if isinstance(item, ReadIssue) else "article")
    return items


def check_item(item: object, path: Path) -> None:
    if isinstance(item, ReadIssue):
        assert ERROR_LINE.fullmatch(item.message), f"not one catalogued line: {item.message!r}"
        assert str(path) in item.message, f"does not name the input: {item.message!r}"
        return
    assert isinstance(item, SourceItem), f"unexpected {type(item).__name__}"
    check_article(item.article)


def check_article(article: Article) -> None:
    """A text the coder takes: not blank, within the limit, Unicode (no lone surrogates)."""
    assert isinstance(article.text, str) and article.text.strip()
    assert len(article.text) <= max_document_chars()
    for value in (article.id, article.text, article.title, article.source, article.url, article.date):
        assert value is None or (isinstance(value, str) and not SURROGATE.search(value)), repr(value)[:200]


def issues(items: list) -> list[str]:
    return [item.message for item in items if isinstance(item, ReadIssue)]


def one_issue(items: list, code: str | tuple[str, ...]) -> str:
    """The single issue of a bad input, with the expected code (or one of them)."""
    found = issues(items)
    assert len(found) == 1, found
    codes = (code,) if isinstance(code, str) else code
    assert found[0].startswith(tuple(f"[{c}]" for c in codes)), found[0]
    return found[0]


# -- what inputs are made of --------------------------------------------------------------------

WORDS = ("Japan", "China", "met", "talks", "in", "Beijing", "on", "Monday", "the", "minister", "said",
         "Ishiba", "trade", "tariffs", "agreed", "to", "and", "sanctions", "Kyiv", "Moscow", ".", ",")
# Characters that trip up text handling: BOM, NUL, separators, joiners, bidi marks, a character
# whose lower case is longer ("İ"), combining marks, astral emoji, a replacement character.
ODD_CHARS = ("\ufeff", "\x00", "\u2028", "\u2029", "\x85", "\r", "\u200d", "\u202e", "İ", "\u0301",
             "\U0001f600", "\ufffd", "\x1b", "\ud800", "\udfff")
odd_char = st.one_of(st.characters(), st.characters(categories=["Cs"]), st.sampled_from(ODD_CHARS))
odd_text = st.text(odd_char, max_size=60)
wordy = st.lists(st.one_of(st.sampled_from(WORDS), odd_text), max_size=40).map(" ".join)
any_text = st.one_of(wordy, odd_text)

# How a text may reach us as bytes: well, or in another encoding, or broken ("utf-8+surrogates"
# writes lone surrogates as the invalid UTF-8 they make).
ENCODINGS = ("utf-8", "utf-8-sig", "latin-1", "cp1252", "utf-16", "utf-16-le", "utf-16-be", "utf-8+surrogates")


def encode(text: str, encoding: str) -> bytes:
    if encoding == "utf-8+surrogates":
        return text.encode("utf-8", "surrogatepass")
    return text.encode(encoding, "replace")


def encoded(texts: st.SearchStrategy[str]) -> st.SearchStrategy[bytes]:
    """Mostly UTF-8 (so that the formats are reached), sometimes any of ENCODINGS."""
    return st.one_of(texts.map(lambda text: encode(text, "utf-8+surrogates")),
                     st.builds(encode, texts, st.sampled_from(ENCODINGS)))


@st.composite
def damaged(draw, data: st.SearchStrategy[bytes]) -> bytes:
    """The bytes, often whole, else cut short or with a NUL or random bytes put in."""
    value = draw(data)
    how = draw(st.sampled_from(("whole", "whole", "cut", "nul", "bytes")))
    if how == "whole" or not value:
        return value
    at = draw(st.integers(0, len(value)))
    if how == "cut":
        return value[:at]
    insert = b"\x00" if how == "nul" else draw(st.binary(min_size=1, max_size=8))
    return value[:at] + insert + value[at:]


json_scalar = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), odd_text)
json_value = st.recursive(json_scalar, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(odd_text, inner, max_size=4)), max_leaves=10)
date_like = st.one_of(st.dates().map(str), st.datetimes().map(lambda d: d.isoformat()), odd_text)
# records as a batch has them (text, maybe a date and an id), and records with anything anywhere
usual_record = st.fixed_dictionaries({"text": wordy}, optional={
    "id": st.one_of(st.text(max_size=12), st.integers()), "date": st.dates().map(str), "title": wordy})
odd_record = st.fixed_dictionaries({}, optional={
    "text": st.one_of(wordy, json_value), "id": json_value, "date": st.one_of(date_like, json_value),
    "title": st.one_of(wordy, json_value), "source": any_text, "url": any_text})
record = st.one_of(usual_record, odd_record)


def json_line(value: object, ascii_only: bool) -> str:
    return json.dumps(value, ensure_ascii=ascii_only)


jsonl_line = st.one_of(st.builds(json_line, record, st.booleans()), st.builds(json_line, json_value, st.booleans()),
                       odd_text)
jsonl_text = st.builds(lambda lines, end: end.join(lines), st.lists(jsonl_line, max_size=6),
                       st.sampled_from(("\n", "\r\n", "\n\n")))


@st.composite
def csv_text(draw) -> str:
    """A header of our field names and others, then rows: written by the csv module (quoted
    right), or joined by hand (quotes left open, ragged rows)."""
    names = st.one_of(st.sampled_from(("text", "id", "date", "title", "source", "url", "body")), odd_text)
    header = draw(st.one_of(st.lists(names, max_size=5), st.just(["text"]), st.just(["id", "date", "text"])))
    rows = draw(st.lists(st.lists(st.one_of(wordy, date_like, odd_text), max_size=6), max_size=5))
    delimiter = draw(st.sampled_from((",", "\t", ";")))
    if draw(st.booleans()):
        out = io.StringIO()
        writer = csv.writer(out, delimiter=delimiter)
        writer.writerow(header)
        writer.writerows(rows)
        return out.getvalue()
    return "\n".join(delimiter.join(row) for row in [header, *rows])


TAGS = ("p", "div", "article", "main", "span", "a", "h1", "h2", "table", "tr", "td", "ul", "li", "br",
        "script", "style", "noscript", "template", "header", "footer", "nav", "aside", "iframe", "svg")
# Declared charsets, some of which are not text encodings at all (rot13, base64) or raise more
# than a UnicodeDecodeError (idna, punycode).
CHARSETS = ("utf-8", "latin-1", "windows-1252", "shift_jis", "utf-16", "utf-32", "utf-7", "idna", "punycode",
            "rot13", "base64", "unicode_escape", "bogus-charset", "x" * 40)


def element(tag: str, attrs: str, children: list[str]) -> str:
    return f"<{tag}{attrs}>{''.join(children)}</{tag}>"


attrs = st.one_of(st.just(""), st.builds(lambda k, v: f' {k}="{escape(v)}"',
                                         st.sampled_from(("class", "id", "href", "lang", "dir")), odd_text))
html_body = st.recursive(st.one_of(wordy.map(escape), odd_text), lambda inner: st.builds(
    element, st.sampled_from(TAGS), attrs, st.lists(inner, max_size=4)), max_leaves=25)
html_head = st.lists(st.one_of(
    st.builds(lambda t: f"<title>{escape(t)}</title>", any_text),
    st.builds(lambda c: f'<meta charset="{c}">', st.sampled_from(CHARSETS)),
    st.builds(lambda n, c: f'<meta property="{n}" content="{escape(c)}">',
              st.sampled_from(("og:title", "og:site_name", "og:url", "article:published_time")),
              st.one_of(date_like, any_text)),
    st.builds(lambda u: f'<link rel="canonical" href="{escape(u)}">', any_text)), max_size=4).map("".join)
html_page = st.builds(lambda head, body: f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>",
                      html_head, html_body)


def cdata_or_escaped(text: str, cdata: bool) -> str:
    return f"<![CDATA[{text}]]>" if cdata else escape(text)


feed_field = st.builds(cdata_or_escaped, st.one_of(html_body, any_text), st.booleans())
rss_item = st.builds(
    lambda title, body, date, link, guid: (f"<item><title>{title}</title><description>{body}</description>"
                                           f"<pubDate>{date}</pubDate><link>{link}</link><guid>{guid}</guid></item>"),
    feed_field, feed_field, date_like.map(escape), any_text.map(escape), any_text.map(escape))
atom_entry = st.builds(
    lambda title, kind, body, date, link: (f'<entry><title type="{kind}">{title}</title><content type="{kind}">'
                                           f'{body}</content><updated>{date}</updated><link href="{link}"/></entry>'),
    feed_field, st.sampled_from(("text", "html", "xhtml")), feed_field, date_like.map(escape),
    any_text.map(escape))
declaration = st.one_of(st.just(""), st.sampled_from(CHARSETS).map(lambda c: f'<?xml version="1.0" encoding="{c}"?>'))
feed_xml = st.one_of(
    st.builds(lambda decl, title, items: f"{decl}<rss version=\"2.0\"><channel><title>{title}</title>"
                                         f"{''.join(items)}</channel></rss>",
              declaration, any_text.map(escape), st.lists(rss_item, max_size=4)),
    st.builds(lambda decl, title, entries: f'{decl}<feed xmlns="http://www.w3.org/2005/Atom"><title>{title}</title>'
                                           f"{''.join(entries)}</feed>",
              declaration, any_text.map(escape), st.lists(atom_entry, max_size=4)))

FORMAT_SUFFIXES = sorted(SUFFIX_FORMATS)
documents = st.one_of(encoded(any_text), encoded(jsonl_text), encoded(csv_text()), encoded(html_page),
                      encoded(feed_xml), st.binary(max_size=2048))


@st.composite
def gz_bytes(draw) -> bytes:
    """A document packed in gzip, often whole, else cut short, with bytes flipped or garbage after."""
    packed = gzip.compress(draw(documents), compresslevel=draw(st.integers(0, 9)))
    how = draw(st.sampled_from(("whole", "cut", "flip", "trailing")))
    if how == "cut":
        return packed[: draw(st.integers(0, len(packed)))]
    if how == "flip":
        at = draw(st.integers(0, len(packed) - 1))
        return packed[:at] + bytes([packed[at] ^ draw(st.integers(1, 255))]) + packed[at + 1:]
    if how == "trailing":
        return packed + draw(st.binary(min_size=1, max_size=16))
    return packed


# -- properties -----------------------------------------------------------------------------------

@FUZZ
@given(data=damaged(encoded(any_text)), suffix=st.sampled_from((".txt", ".text")))
def test_text_files(workdir, data, suffix):
    read(workdir / f"doc{suffix}", data)


@FUZZ
@given(data=damaged(encoded(jsonl_text)), suffix=st.sampled_from((".jsonl", ".ndjson")))
def test_jsonl_files(workdir, data, suffix):
    items = read(workdir / f"batch{suffix}", data)
    # a JSONL file fails line by line: at most one issue per line, unless the whole file is refused
    assert len(issues(items)) <= max(1, data.count(b"\n") + 1)


@FUZZ
@given(data=damaged(encoded(csv_text())), suffix=st.sampled_from((".csv", ".tsv")))
def test_csv_and_tsv_files(workdir, data, suffix):
    read(workdir / f"table{suffix}", data)


@FEW
@given(data=damaged(encoded(html_page)), suffix=st.sampled_from((".html", ".htm", ".xhtml")))
def test_html_pages(workdir, data, suffix):
    items = read(workdir / f"page{suffix}", data)
    assert len(items) == 1          # a page is one article or one issue


@FEW
@given(data=damaged(encoded(feed_xml)), suffix=st.sampled_from((".xml", ".rss", ".atom")))
def test_rss_and_atom_feeds(workdir, data, suffix):
    read(workdir / f"feed{suffix}", data)


@FUZZ
@given(data=gz_bytes(), suffix=st.sampled_from(FORMAT_SUFFIXES))
def test_gz_of_every_format_whole_or_damaged(workdir, data, suffix):
    items = read(workdir / f"packed{suffix}.gz", data)
    # a damaged .gz is one issue after whatever was read before the damage
    assert sum("cannot be read" in message for message in issues(items)) <= 1


@FUZZ
@given(data=st.one_of(st.binary(max_size=4096), documents), suffix=st.sampled_from(("", ".bin", ".gz", ".json")))
def test_arbitrary_bytes_under_a_name_that_says_nothing(workdir, data, suffix):
    # no known suffix: the format is sniffed from the first bytes, as for stdin
    read(workdir / f"unknown{suffix}", data)


@FUZZ
@given(data=st.one_of(damaged(encoded(any_text)), damaged(encoded(jsonl_text))),
       suffix=st.sampled_from((".txt", ".jsonl")))
def test_detente_code_readers_raise_only_detente_errors(workdir, data, suffix):
    path = workdir / f"code{suffix}"
    path.write_bytes(data)
    try:
        items = within(EXAMPLE_SECONDS, lambda: list(read_inputs([str(path)])))
    except DetenteError as exc:
        assert ERROR_LINE.fullmatch(str(exc)) and str(path) in str(exc), str(exc)
        return
    for item in items:
        if isinstance(item, ReadIssue):
            assert ERROR_LINE.fullmatch(item.message) and str(path) in item.message, item.message
        else:
            check_article(item)


# -- huge, deep and broken inputs, one by one ---------------------------------------------------

FIVE_MB = 5_000_000
SENTENCE = "Japan met China in Beijing. "
GOOD_LINE = b'{"text": "Japan met China in Beijing on Monday."}\n'


def one_line(size: int) -> str:
    return SENTENCE * (size // len(SENTENCE))


@pytest.mark.parametrize("name, data, code", [
    ("line.txt", one_line(FIVE_MB).encode(), "E016"),
    ("line.jsonl", json.dumps({"text": one_line(FIVE_MB)}).encode(), "E006"),
    ("line.csv", ("text\n" + one_line(FIVE_MB) + "\n").encode(), "E016"),
    ("line.html", f"<html><body><p>{one_line(FIVE_MB)}</p></body></html>".encode(), "E016"),
    ("line.xml", f"<rss><channel><item><description>{one_line(FIVE_MB)}</description></item></channel></rss>"
     .encode(), "E033"),
])
def test_a_5_mb_line_is_one_clear_error(workdir, name, data, code):
    assert re.search("more than|longer than", one_issue(read(workdir / name, data), code))


def test_a_jsonl_line_over_the_line_limit_is_skipped_unread_and_the_rest_is_read(workdir):
    huge = b'{"text": "' + b"a" * 9_000_000 + b'"}\n'
    items = read(workdir / "long.jsonl", GOOD_LINE + huge + GOOD_LINE)
    assert "line 2: longer than 8,000,000 bytes" in one_issue(items, "E041")
    assert len(items) == 3


def test_a_jsonl_number_too_long_for_python_is_one_bad_line(workdir):
    # json.loads raises a bare ValueError (not a JSONDecodeError) past sys.get_int_max_str_digits()
    items = read(workdir / "number.jsonl", b'{"text": "Japan met China.", "n": 1' + b"0" * 5000 + b"}\n" + GOOD_LINE)
    assert "line 1: invalid JSON (a number of more than" in one_issue(items, "E006")
    assert len(items) == 2


def test_a_csv_line_over_the_line_limit_stops_that_file_with_one_error(workdir):
    huge = b"a," * 4_500_000
    items = read(workdir / "long.csv", b"text\nJapan met China.\n" + huge + b"\nmore\n")
    assert "line 3: longer than" in one_issue(items, "E041")
    assert [item.article.text for item in items if isinstance(item, SourceItem)] == ["Japan met China."]


def test_csv_errors_name_the_line_they_are_on(workdir):
    big_field = b'"' + b"a" * (max_document_chars() + 10) + b'"'
    items = read(workdir / "field.csv", b"text\nJapan met China.\n" + big_field + b"\n")
    assert "line 3: a value longer than 300,000 characters" in one_issue(items, "E016")


DEEP = 100_000


@pytest.mark.parametrize("name, data, code", [
    ("deep.html", b"<html><body>" + b"<div>" * DEEP + SENTENCE.encode() * 20 + b"</div>" * DEEP + b"</body></html>",
     "E042"),
    ("deep.xml", b"<rss><channel><item><title>Japan met China</title><description>" + b"&lt;div&gt;" * DEEP
     + b"Japan met China.</description></item></channel></rss>", "E033"),
    ("deep.jsonl", b'{"text": "Japan met China.", "id": ' + b"[" * DEEP + b"]" * DEEP + b"}\n", "E006"),
])
def test_100000_nested_elements_are_one_clear_error(workdir, name, data, code):
    assert "deep" in one_issue(read(workdir / name, data), code)


def test_html_nested_as_deep_as_pages_are_is_read(workdir):
    page = b"<html><body>" + b"<div>" * 200 + b"<p>Japan met China in Beijing on Monday.</p>" * 5 + b"</div>" * 200
    assert issues(read(workdir / "nested.html", page)) == []


ARTICLE = "Japan met China in Beijing on Monday. The ministers agreed to talk again."
FRAMES = {
    ".txt": "ARTICLE", ".csv": "text\nARTICLE\n", ".jsonl": '{"text": "ARTICLE"}\n',
    ".html": "<html><body><p>ARTICLE</p><p>ARTICLE</p></body></html>",
    ".xml": "<rss><channel><item><title>ARTICLE</title></item></channel></rss>",
}
BREAKAGES = {
    "invalid UTF-8": lambda doc: doc.encode().replace(b"Monday", b"Mon\xff\xfe\xc3(day"),
    "UTF-16 with BOM": lambda doc: doc.encode("utf-16"),
    "UTF-16-LE without BOM": lambda doc: doc.encode("utf-16-le"),
    "UTF-16-BE without BOM": lambda doc: doc.encode("utf-16-be"),
    "NUL bytes": lambda doc: doc.encode().replace(b"Monday", b"Mon\x00day"),
}


@pytest.mark.parametrize("breakage", sorted(BREAKAGES))
@pytest.mark.parametrize("suffix", sorted(FRAMES))
def test_broken_encodings_are_one_clear_error_or_read(workdir, breakage, suffix):
    data = BREAKAGES[breakage](FRAMES[suffix].replace("ARTICLE", ARTICLE))
    items = read(workdir / f"encoding{suffix}", data)
    # one input, one article: so one item, the article or the one error that says why not
    assert len(items) == 1, items
    if suffix in (".txt", ".csv", ".jsonl") or breakage.startswith("UTF-16"):
        assert isinstance(items[0], ReadIssue), items


def test_latin_1_text_is_refused_as_not_utf_8_and_a_latin_1_page_is_read(workdir):
    text = "Le ministre a rencontré ses homologues à Genève lundi pour des négociations."
    assert "not valid UTF-8" in one_issue(read(workdir / "latin.txt", text.encode("latin-1")), "E004")
    page = f'<html><head><meta charset="latin-1"></head><body><p>{text}</p></body></html>'.encode("latin-1")
    [item] = read(workdir / "latin.html", page)
    assert isinstance(item, SourceItem) and "Genève" in item.article.text


def _gz_of_lines(count: int = 40) -> bytes:
    return gzip.compress(GOOD_LINE * count)


@pytest.mark.parametrize("damage", ["cut in the header", "cut in the body", "cut in the trailer", "flipped body byte",
                                    "wrong checksum", "not gzip", "garbage after"])
def test_a_damaged_gz_is_one_clear_error_after_what_was_read(workdir, damage):
    packed = _gz_of_lines()
    data = {
        "cut in the header": packed[:5],
        "cut in the body": packed[: len(packed) // 2],
        "cut in the trailer": packed[:-3],
        "flipped body byte": packed[:15] + bytes([packed[15] ^ 0xFF]) + packed[16:],
        "wrong checksum": packed[:-8] + bytes(b ^ 0xFF for b in packed[-8:-4]) + packed[-4:],
        "not gzip": b"this is not gzip at all",
        "garbage after": packed + b"garbage",
    }[damage]
    message = one_issue(read(workdir / "damaged.jsonl.gz", data), ("E016", "E006"))
    assert "damaged.jsonl.gz" in message


def test_an_empty_gz_reads_as_an_empty_input(workdir):
    one_issue(read(workdir / "empty.jsonl.gz", b""), "E015")
    one_issue(read(workdir / "empty.txt.gz", gzip.compress(b"")), "E005")


# -- decompression bombs --------------------------------------------------------------------------

BOMB_MEMBER_MIB = 256
BOMB_MEMBERS = 16            # 4 GiB in all


@pytest.fixture(scope="module")
def bombs(tmp_path_factory) -> dict[str, bytes]:
    """4 GiB of zeros (and of newlines, which no binary check stops) in about 4 MB of gzip.
    Zeros are streamed through gzip for one 256 MiB member, and the member is repeated: a
    multi-member .gz, as `cat a.gz b.gz` makes, is read as one stream by every gzip reader."""
    return {name: _gzip_stream(fill, BOMB_MEMBER_MIB) * BOMB_MEMBERS for name, fill in
            (("zeros", b"\x00"), ("newlines", b"\n"))}


def _gzip_stream(fill: bytes, mebibytes: int) -> bytes:
    out = io.BytesIO()
    chunk = fill * (1 << 20)
    with gzip.GzipFile(fileobj=out, mode="wb", compresslevel=9) as packer:
        for _ in range(mebibytes):
            packer.write(chunk)
    return out.getvalue()


@pytest.mark.parametrize("fill", ["zeros", "newlines"])
@pytest.mark.parametrize("suffix", [".txt", ".jsonl", ".csv", ".html", ".xml"])
def test_a_gz_bomb_is_stopped_early_with_one_clear_error(workdir, bombs, fill, suffix):
    assert len(bombs[fill]) < 10_000_000
    tracemalloc.start()
    try:
        items = read(workdir / f"bomb{suffix}.gz", bombs[fill], seconds=60)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    # zeros in JSONL or CSV are refused as binary at the first bytes, before any bomb check
    expected = ("E040", "E003") if fill == "zeros" else "E040"
    message = one_issue(items, expected)
    assert peak < 64_000_000, f"{peak:,} bytes held while reading the bomb"
    if message.startswith("[E040]"):
        assert "decompression bomb" in message and "max_gz_ratio" in message


def test_gz_dumps_are_read_whole_however_well_they_pack(workdir):
    lines = "".join(json.dumps({"id": f"a{i}", "text": f"Japan met China in Beijing on day {i}."}) + "\n"
                    for i in range(40_000))
    items = read(workdir / "dump.jsonl.gz", gzip.compress(lines.encode()))
    assert issues(items) == [] and len(items) == 40_000
    # under gz_ratio_free_bytes the ratio is not checked: one line repeated packs ~300 times
    items = read(workdir / "repetitive.jsonl.gz", gzip.compress(GOOD_LINE * 15_000))
    assert issues(items) == [] and len(items) == 15_000


# -- through the CLI ----------------------------------------------------------------------------

def run_ingest(inputs: list[Path], db: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "detente", "ingest", *map(str, inputs), "--db", str(db)],
                          capture_output=True, text=True, timeout=300, cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("detente: error:")]


def test_cli_reports_each_bad_input_in_one_line_without_a_traceback(workdir, bombs):
    bad = {
        "bomb.txt.gz": bombs["newlines"],
        "cut.jsonl.gz": _gz_of_lines()[:30],
        "utf16.txt": ARTICLE.encode("utf-16"),
        "deep.html": b"<html><body>" + b"<div>" * 300 + SENTENCE.encode() * 20 + b"</div>" * 300 + b"</body></html>",
        "binary.csv": bytes(range(256)) * 8,
    }
    folder = workdir / "cli"
    folder.mkdir()
    for name, data in bad.items():
        (folder / name).write_bytes(data)
    result = run_ingest([folder], workdir / "cli.duckdb")
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 1, result.stderr           # 1: inputs were skipped, the run finished
    lines = error_lines(result.stderr)
    assert len(lines) == len(bad), result.stderr
    assert all(any(name in line for line in lines) for name in bad), lines


def test_cli_stops_a_gz_bomb_with_one_error_line(workdir, bombs):
    bomb = workdir / "cli-bomb.jsonl.gz"
    bomb.write_bytes(bombs["newlines"])
    result = run_ingest([bomb], workdir / "cli-bomb.duckdb")
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode != 0, result.stderr
    [line] = error_lines(result.stderr)
    assert "[E040]" in line and "cli-bomb.jsonl.gz" in line
