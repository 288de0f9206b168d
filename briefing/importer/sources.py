"""What `briefing import` is given → the RawArticles it holds.

A FILE or a URL (fetched by fetch.py) holds plain text (layouts.py), a web
page (web.py) or an RSS/Atom feed (feeds.py). Which one: a server's
Content-Type when it says, a file's .html/.htm suffix, else the bytes
themselves. Every reader yields the same RawArticle, so the analysis is
one for all.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from briefing.importer.layouts import RawArticle, split_file
from briefing.importer.outlets import outlet_for_url
from briefing.importer.reading import decode, read_bytes
from briefing.text import one_line

TEXT, PAGE, FEED = "text", "web page", "feed"
_FEED_TYPES = {"application/rss+xml", "application/atom+xml", "application/rdf+xml"}
_PAGE_TYPES = {"text/html", "application/xhtml+xml"}
_PAGE_SUFFIXES = {".html", ".htm", ".xhtml"}
_FEED_ROOT = re.compile(rb"<(?:rss|feed|rdf:rdf)[\s>]")
_PAGE_ROOT = re.compile(rb"<(?:!doctype html|html|head|body)[\s>]")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
DEFAULT_TIMEOUT = 20.0   # seconds, for a URL


@dataclass
class Source:
    name: str                  # as given on the command line (printable)
    kind: str                  # TEXT, PAGE or FEED
    articles: list[RawArticle]
    note: str = ""             # about the input as a whole, e.g. how its text was decoded


def read_source(name: str, today: dt.date, timeout: float = DEFAULT_TIMEOUT) -> Source:
    """The articles in a file or at a URL; ReadError when there are none to be had."""
    if is_url(name):
        from briefing.importer.fetch import fetch

        fetched = fetch(name, timeout)
        where, data, url = one_line(name), fetched.data, fetched.url
        kind = kind_of(data, content_type=fetched.content_type)
        if kind == TEXT and fetched.charset:
            data = _as_utf8(data, fetched.charset)
    else:
        where, data, url = name, read_bytes(name), ""
        kind = kind_of(data, suffix=Path(name).suffix.lower())
    if kind == PAGE:
        from briefing.importer.web import page_article
        return Source(where, PAGE, [page_article(data, where, today, url)])
    if kind == FEED:
        from briefing.importer.feeds import feed_articles
        return Source(where, FEED, feed_articles(data, where, today))
    raw = decode(data, where)
    articles = split_file(raw, today)
    if url and len(articles) == 1 and not articles[0].url:
        articles[0].url = url
        articles[0].source = articles[0].source or outlet_for_url(url)
    return Source(where, TEXT, articles, raw.note)


def is_url(name: str) -> bool:
    """Whether a command-line argument is a web address (any scheme: ftp:// is refused, not read as a file)."""
    return bool(_SCHEME.match(name))


def kind_of(data: bytes, content_type: str = "", suffix: str = "") -> str:
    """TEXT, PAGE or FEED: what the server says, else the suffix, else what the bytes look like."""
    looks = sniff(data)
    if content_type in _FEED_TYPES:
        return FEED
    if content_type == "text/plain":
        return TEXT
    if content_type in _PAGE_TYPES or suffix in _PAGE_SUFFIXES:
        return FEED if looks == FEED else PAGE
    return looks


def sniff(data: bytes) -> str:
    head = data[:4096]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = data[:8192].decode("utf-16", errors="ignore").encode("utf-8")
    head = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if not head.startswith(b"<"):
        return TEXT
    if _FEED_ROOT.search(head) and not re.search(rb"<html[\s>]", head):
        return FEED
    if _PAGE_ROOT.search(head):
        return PAGE
    return TEXT


def _as_utf8(data: bytes, charset: str) -> bytes:
    """Text a server says is in `charset`, as UTF-8 (as it is, when that is not a charset Python knows)."""
    try:
        return data.decode(charset).encode("utf-8")
    except (LookupError, UnicodeDecodeError):
        return data
