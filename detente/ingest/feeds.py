"""Read RSS 0.9x/1.0/2.0 and Atom feeds as `Article`s, one per item, and fetch URLs.

A feed item carries a headline and a standfirst, sometimes the whole story. With `fetch_pages`
the item's page is fetched and its main text used when it is longer; a machine without network
keeps the feed's text and goes on (a host that fails once is not asked again for that feed).
"""
from __future__ import annotations

import io
import time
import urllib.error
import urllib.request
from datetime import date as Date
from datetime import datetime
from email.utils import parsedate_to_datetime
from http.client import HTTPException
from pathlib import Path
from typing import Iterator
from urllib.parse import urlsplit

import feedparser
import lxml.html
from lxml import etree

from detente.errors import DetenteError
from detente.ingest.limits import limit, too_deep
from detente.ingest.readers import ReadIssue, check_text, looks_utf16
from detente.records import Article

USER_AGENT = "detente"
FETCH_SCHEMES = ("http", "https")
SNIFF_BYTES = 1024
# A body shorter than this is a standfirst, coded together with the headline (see _with_headline).
STANDFIRST_CHARS = 600
_FEED_ROOTS = (b"<rss", b"<feed", b"<rdf:rdf")

# Elements after which a line ends when HTML is flattened to text: paragraphs stay paragraphs.
_BLOCK_TAGS = frozenset("""
    address article aside blockquote br dd div dl dt figcaption figure footer h1 h2 h3 h4 h5 h6
    header hr li main nav ol p pre section table td th tr ul
""".split())
_DROPPED_TAGS = ("script", "style", "noscript", "template")


def is_feed(data: bytes) -> bool:
    """Whether the bytes look like a feed rather than an HTML page: a root element of RSS,
    Atom or RSS 1.0 (RDF) in the first KB. Cheap; `articles_from_feed` does the real check."""
    return any(root in data[:SNIFF_BYTES].lower() for root in _FEED_ROOTS)


def articles_from_feed(name: str, data: bytes, fetch_pages: bool = False, timeout: float = 10.0
                       ) -> Iterator[Article | ReadIssue]:
    """One Article per feed item, in feed order; an unusable item is a ReadIssue naming the
    feed and the item's number. Raises E031 when the bytes are not a feed at all."""
    parsed = parse_feed(name, data)
    source = _one_line(parsed.feed.get("title"))
    stem = _feed_stem(name)
    unreachable: set[str] = set()
    for number, entry in enumerate(parsed.entries, start=1):
        try:
            article = article_from_entry(entry, source, default_id=f"{stem}-{number}")
        except ValueError as exc:
            yield ReadIssue(str(DetenteError("E033", path=name, item=number, reason=str(exc))))
            continue
        if fetch_pages and article.url:
            article = _with_page_text(article, timeout, unreachable)
        yield article


def parse_feed(name: str, data: bytes) -> feedparser.FeedParserDict:
    """The parsed feed; E031 when it has no feed root element or is broken before any item."""
    if not data.strip():
        raise DetenteError("E031", path=name, reason="the input is empty")
    if looks_utf16(data[:8192]):
        raise DetenteError("E043", path=name)
    # A stream, never the bytes themselves: feedparser takes a bytes/str argument that names an
    # existing file (or a URL) as a path to open, so b"/etc/hostname" would read that file.
    try:
        parsed = feedparser.parse(io.BytesIO(data), sanitize_html=True, resolve_relative_uris=True)
    except ValueError as exc:
        # feedparser skips a declared encoding it does not know, but lets through the errors of
        # one that is not a text encoding ("punycode": UnicodeError) or not a name ("\0")
        raise DetenteError("E031", path=name, reason=f"its declared encoding cannot be used ({exc})") from None
    if parsed.entries:
        return parsed     # a recoverable flaw (a bad entity, a wrong declared charset): keep the items
    if parsed.bozo:
        raise DetenteError("E031", path=name, reason=_bozo_reason(parsed.get("bozo_exception")))
    if not parsed.version:
        raise DetenteError("E031", path=name, reason="no <rss>, <feed> or <rdf:RDF> root element")
    return parsed         # a well-formed feed with no items yet: nothing to read, not an error


def article_from_entry(entry: dict, source: str | None, default_id: str) -> Article:
    """An article from one feed item; ValueError (the reason) when it has neither text nor title."""
    title = entry_title(entry)
    text = _with_headline(entry_text(entry), title)
    if not text:
        raise ValueError("no title and no text")
    for value in (text, title):
        if value:
            try:
                check_text(value)
            except DetenteError as exc:
                raise ValueError(str(exc).split("] ", 1)[-1]) from None
    link = _one_line(entry.get("link"))
    return Article(
        id=_one_line(entry.get("id")) or link or default_id,
        text=text,
        date=entry_date(entry),
        title=title,
        source=source,
        url=link,
    )


def _with_headline(body: str, title: str | None) -> str:
    """A feed item's headline belongs to its text when the body is only a standfirst: "Ishiba
    and Trump agree on tariffs" is often the one event the item reports. A full story (longer
    than STANDFIRST_CHARS) reports it again in its lead."""
    if not title or body.startswith(title):
        return body or title or ""
    if not body:
        return title
    return f"{title}\n\n{body}" if len(body) < STANDFIRST_CHARS else body


def entry_title(entry: dict) -> str | None:
    """The item's title on one line; an Atom title may be HTML (`type="html"`)."""
    detail = entry.get("title_detail") or {"value": entry.get("title") or "", "type": "text/plain"}
    return _one_line(_part_text(detail))


def entry_text(entry: dict) -> str:
    """The fullest body an item has, as plain text: the longest of its `content` parts
    (content:encoded, Atom content) and its summary/description."""
    parts = list(entry.get("content") or [])
    if entry.get("summary_detail"):
        parts.append(entry["summary_detail"])
    elif entry.get("summary"):
        parts.append({"value": entry["summary"], "type": "text/html"})
    texts = [_part_text(part) for part in parts]
    return max(texts, key=len, default="")


def _part_text(part: dict) -> str:
    value = part.get("value") or ""
    if part.get("type") == "text/plain":
        # plain text is not parsed: a literal "<" in it is a character, not a tag
        return _tidy_lines(value)
    return html_to_text(value)


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment, one line per paragraph, list item or line break."""
    if not fragment.strip():
        return ""
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return _tidy_lines(fragment)
    if too_deep(root):
        # libxml2 has dropped the deepest text; the item is reported (E033), not half read
        raise ValueError(f"its HTML is nested more than {limit('max_html_depth')} elements deep "
                         "(max_html_depth in detente/data/limits.yaml)")
    for element in list(root.iter(*_DROPPED_TAGS)):
        element.drop_tree()
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.lower() in _BLOCK_TAGS:
            element.tail = "\n" + (element.tail or "")
            if element.tag.lower() != "br":
                element.text = "\n" + (element.text or "")
    return _tidy_lines(root.text_content())


def _tidy_lines(text: str) -> str:
    """Collapse runs of spaces within lines and drop empty lines."""
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def entry_date(entry: dict) -> str | None:
    """The item's publication (else update) date as the publisher wrote it. feedparser's own
    parsed dates are converted to UTC, which moves a late-evening story in New York to the next
    day; the local date is the one the story's "today" and "yesterday" refer to."""
    for key in ("published", "updated", "created"):
        raw = entry.get(key)
        local = _local_date(raw) if raw else None
        if local:
            return local
        parsed = entry.get(f"{key}_parsed")
        if parsed:
            return Date(*parsed[:3]).isoformat()
    return None


def _local_date(raw: str) -> str | None:
    """The date part of an RFC 822 (RSS) or ISO 8601 (Atom) timestamp, before any conversion."""
    raw = raw.strip()
    try:
        return parsedate_to_datetime(raw).date().isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    try:
        return datetime.fromisoformat(raw.replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        return None


def _with_page_text(article: Article, timeout: float, unreachable: set[str]) -> Article:
    """The article with its linked page's main text when that is longer than the feed's; any
    failure (offline, refused, paywalled, not HTML) keeps the feed's text without a word."""
    from detente.ingest.html import article_from_html  # trafilatura loads only when pages are fetched

    host = urlsplit(article.url).netloc.lower()
    if host in unreachable:
        return article
    try:
        page = article_from_html(article.url, fetch_url(article.url, timeout=timeout), article.id, url=article.url)
    except FetchError as exc:
        if exc.unreachable:
            unreachable.add(host)     # no connection: do not wait on this host for every item
        return article
    except DetenteError:              # fetched, but no article text in it (or too long)
        return article
    if len(page.text) <= len(article.text):
        return article
    return Article(
        id=article.id,
        text=page.text,
        date=article.date or page.date,
        title=article.title or page.title,
        source=article.source or page.source,
        url=article.url,
    )


class FetchError(DetenteError):
    """E032, and whether the host could not be reached at all (rather than answering with an
    error): an unreachable host is not asked again for the other items of a feed."""

    def __init__(self, url: str, reason: str, unreachable: bool = False) -> None:
        super().__init__("E032", url=url, reason=reason)
        self.unreachable = unreachable


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects to http(s) only; urllib would also follow one to ftp://."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if urlsplit(newurl).scheme.lower() not in FETCH_SCHEMES:
            raise urllib.error.HTTPError(newurl, code, f"redirect to a non-HTTP URL {newurl}", headers, fp)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


_OPENER = urllib.request.build_opener(_HttpOnlyRedirects)


def fetch_url(url: str, timeout: float = 10.0, max_bytes: int = 20_000_000) -> bytes:
    """The body of an http(s) URL, at most `max_bytes`, within about `timeout` seconds in all.
    Raises FetchError (E032) naming the reason."""
    if urlsplit(url).scheme.lower() not in FETCH_SCHEMES:
        raise FetchError(url, "only http:// and https:// URLs are fetched")
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    started = time.monotonic()
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            return _read_limited(url, response, max_bytes, deadline=started + timeout)
    except urllib.error.HTTPError as exc:
        raise FetchError(url, f"HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        raise FetchError(url, _reason_text(exc.reason), unreachable=True) from None
    except TimeoutError:
        raise FetchError(url, f"no answer within {timeout:g} s", unreachable=True) from None
    except (HTTPException, OSError, ValueError) as exc:
        raise FetchError(url, _reason_text(exc), unreachable=True) from None


def _read_limited(url: str, response, max_bytes: int, deadline: float) -> bytes:
    """Read in chunks so a huge body stops at the limit and a trickling server at the deadline
    (the socket timeout alone is per read, not for the whole body)."""
    chunks, size = [], 0
    while chunk := response.read(65536):
        size += len(chunk)
        if size > max_bytes:
            raise FetchError(url, f"larger than {max_bytes:,} bytes")
        if time.monotonic() > deadline:
            raise FetchError(url, "the download took too long", unreachable=True)
        chunks.append(chunk)
    return b"".join(chunks)


def _reason_text(reason: object) -> str:
    if isinstance(reason, TimeoutError):
        return "timed out"
    if isinstance(reason, OSError) and reason.strerror:
        return reason.strerror
    return str(reason) or type(reason).__name__


def _bozo_reason(exc: BaseException | None) -> str:
    if exc is None:
        return "not well-formed"
    message = getattr(exc, "getMessage", None)
    return message() if callable(message) else (str(exc) or type(exc).__name__)


def _feed_stem(name: str) -> str:
    """`wire` for `feeds/wire.xml.gz` or `https://host/wire.rss`: the prefix of numbered item ids."""
    base = Path(urlsplit(name).path if "://" in name else name).name
    return base.split(".", 1)[0] or "feed"


def _one_line(value: str | None) -> str | None:
    value = " ".join(value.split()) if value else ""
    return value or None
