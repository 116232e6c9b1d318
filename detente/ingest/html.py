"""Read one saved or fetched HTML page as an `Article`: the main text without menus, footers and
reader comments, plus the title, publication date, canonical URL and site name.

Extraction is trafilatura's; this module picks its options (measured by
`benchmarks/html_extraction.py`) and maps its result onto our record.
"""
from __future__ import annotations

import codecs
import re
from urllib.parse import urlsplit

import trafilatura
from lxml.html import HtmlElement

from detente.errors import DetenteError
from detente.ingest.limits import limit, too_deep
from detente.ingest.readers import check_text, looks_utf16, normalise_date
from detente.records import Article

# Options, chosen on the 181 pages of ../shared/corpora/html (mean bag-of-words token F1 against
# the reference article text; benchmarks/html_extraction.py). `trafilatura.extract` with its
# defaults scores 0.948; these options with the fallback below score 0.969 (0.971 without the
# repeated headline, see _without_headline).
# - include_comments=False: reader comments are not the article, and an event coder must not code
#   what commenters claim. `extract` appends them to the text by default (0.948; without: 0.959);
#   `bare_extraction` keeps them apart in `.comments`, but switching them off also prunes comment
#   sections before the main text is looked for (0.956 -> 0.959).
# - favor_precision: news pages end in "related stories", newsletter boxes and share bars that the
#   balanced mode keeps; precision mode drops most of them (0.959 -> 0.965, median 0.991 -> 0.993).
#   favor_recall instead changes nothing here (0.959).
# - include_tables=True (the default): tables in news pages are mostly figures that belong to the
#   story; dropping them loses recall (0.965 -> 0.955).
# - fast=False (the default): the readability/jusText fallbacks rescue pages with odd markup
#   (fast=True: 0.946).
EXTRACTION_OPTIONS = {"favor_precision": True, "include_comments": False, "include_tables": True}

# Precision mode can latch onto a small side block (a reprint notice, a caption) and drop the
# body. When its text is short, we also run the balanced mode and take its text when it is
# several times longer (one such page in the benchmark: F1 0.06 -> 0.85; 0.965 -> 0.969 overall).
SHORT_TEXT_CHARS = 1000
FALLBACK_RATIO = 3
# Fewer words than this is not an article but a menu item ("Home") that trafilatura's last-resort
# fallback picked up; a one-line news brief has more.
MIN_TEXT_WORDS = 5

# A declared charset in the first bytes: <meta charset="...">, http-equiv Content-Type, or an
# XML declaration. Only consulted when the bytes are not UTF-8.
_DECLARED_CHARSET = re.compile(rb"""(?:charset|encoding)\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)


def article_from_html(name: str, data: bytes | str, default_id: str, url: str | None = None) -> Article:
    """The article in an HTML page; `name` is the file or URL for messages, `url` where it was
    fetched from (used when the page names no canonical URL). Raises E030 without main text."""
    tree = _load_tree(name, data)
    document = _extract(tree, url)
    text = _without_headline((document.text or "").strip(), document.title) if document is not None else ""
    if not text:
        raise DetenteError("E030", path=name, reason="the page has no main text block")
    if len(text.split()) < MIN_TEXT_WORDS:
        raise DetenteError("E030", path=name, reason=f"only {len(text.split())} word(s) of text")
    try:
        check_text(text)
    except DetenteError as exc:
        raise DetenteError("E016", path=name, reason=str(exc).split("] ", 1)[-1]) from None
    page_url = _clean(document.url) or url
    return Article(
        id=default_id,
        text=text,
        date=_iso_date(document.date),
        title=_clean(document.title),
        source=_site_name(document.sitename, document.hostname, page_url),
        url=page_url,
    )


def decode_html(data: bytes | str) -> bytes | str:
    """The page as text when its encoding is known (UTF-8, or a charset the page declares);
    otherwise the bytes unchanged, for trafilatura to decompress and guess. Trafilatura alone
    guesses from byte statistics and would ignore a page's own `<meta charset>`."""
    if isinstance(data, str):
        return data
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    declared = _DECLARED_CHARSET.search(data[:4096])
    if declared:
        try:
            return data.decode(codecs.lookup(declared.group(1).decode("ascii")).name)
        except (LookupError, UnicodeDecodeError):
            pass
    return data


def _load_tree(name: str, data: bytes | str) -> HtmlElement:
    """Parse once: both extraction passes work on copies of this tree."""
    if isinstance(data, bytes) and looks_utf16(data[:8192]):
        raise DetenteError("E043", path=name)
    if isinstance(data, bytes) and b"\x00" in data[:8192] and not data.startswith(b"\x1f\x8b"):
        # NUL bytes mark images, PDFs and archives (gzip aside, which trafilatura unpacks)
        raise DetenteError("E030", path=name, reason="a binary file, not an HTML page")
    try:
        tree = trafilatura.load_html(decode_html(data))
    except (TypeError, ValueError) as exc:   # oversized or corrupt compressed input
        raise DetenteError("E030", path=name, reason=f"cannot be parsed as HTML: {exc}") from None
    if tree is None:
        raise DetenteError("E030", path=name, reason="empty, or cannot be parsed as HTML")
    if too_deep(tree):
        raise DetenteError("E042", path=name, limit=limit("max_html_depth"))
    return tree


def _extract(tree: HtmlElement, url: str | None) -> trafilatura.settings.Document | None:
    """Precision mode, falling back to the balanced mode when precision keeps suspiciously little."""
    precise = trafilatura.bare_extraction(tree, url=url, with_metadata=True, **EXTRACTION_OPTIONS)
    precise_chars = len((precise.text or "").strip()) if precise is not None else 0
    if precise_chars >= SHORT_TEXT_CHARS:
        return precise
    balanced = trafilatura.bare_extraction(tree, url=url, with_metadata=True, include_comments=False)
    balanced_chars = len((balanced.text or "").strip()) if balanced is not None else 0
    if balanced_chars > FALLBACK_RATIO * precise_chars:
        return balanced
    return precise if precise_chars else balanced


def _without_headline(text: str, title: str | None) -> str:
    """The text without the page's headline as its first line (it is in `title`): the coder would
    otherwise code the headline's event a second time. 22 of the 181 benchmark pages have one."""
    first, _, rest = text.partition("\n")
    if title and rest.strip() and " ".join(first.split()).casefold() == " ".join(title.split()).casefold():
        return rest.strip()
    return text


def _iso_date(value: str | None) -> str | None:
    """htmldate gives YYYY-MM-DD already; anything else is dropped rather than guessed."""
    if not value:
        return None
    try:
        return normalise_date(value)
    except DetenteError:
        return None


def _site_name(sitename: str | None, hostname: str | None, url: str | None) -> str | None:
    """The publisher's name ("The Daily Ledger"), else the host ("dailyledger.example")."""
    sitename = _clean(sitename)
    # some sites put their URL in og:site_name; a bare host reads better
    if sitename and not sitename.lower().startswith(("http://", "https://")):
        return sitename
    host = _clean(hostname) or (urlsplit(url).hostname if url else None)
    if not host and sitename:
        host = urlsplit(sitename).hostname
    return host.removeprefix("www.") if host else None


def _clean(value: str | None) -> str | None:
    value = " ".join(value.split()) if value else ""
    return value or None
