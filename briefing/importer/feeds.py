"""An RSS or Atom feed → one RawArticle per entry, with feedparser.

An entry's full text is its content (content:encoded, Atom <content>); many
feeds carry only a summary, which is imported as it is and marked so: a note
for x-review and a line on the terminal. feedparser is imported here, on the
first feed, so plain-text import never loads it. It is always handed bytes:
given a string it would take it for an address and fetch it.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
from typing import Any

from briefing.importer.layouts import RawArticle, article_from_fields, settle_publication
from briefing.importer.outlets import known_outlet
from briefing.importer.reading import ReadError
from briefing.importer.web import fragment_text, without_controls
from briefing.text import one_line, printable

FEED_DATE = "the feed entry's date"
SUMMARY_ONLY = ("body: the feed gives only a summary of this article, not its full text; "
                "import the page itself (its URL or a saved copy) for the whole article")
_ENTRY_TAG = re.compile(rb"<(?:[\w-]+:)?(?:item|entry)[\s>]")
_HTML_TYPES = ("text/html", "application/xhtml+xml")


def feed_articles(data: bytes, where: str, today: dt.date) -> list[RawArticle]:
    import feedparser

    try:
        parsed = feedparser.parse(without_controls(data))
    except Exception as error:  # noqa: BLE001 — a third-party parser on untrusted input: its failure is this file's, not a crash
        raise ReadError(where, 0, f"cannot read the feed ({type(error).__name__})") from None
    if not parsed.entries:
        why = f" ({one_line(str(parsed.get('bozo_exception')))})" if parsed.get("bozo") else ""
        raise ReadError(where, 0, f"the feed has no entries{why}")
    lines = _entry_lines(data, len(parsed.entries))
    feed_title = one_line(parsed.feed.get("title", ""))[:80]
    articles = []
    for entry, line in zip(parsed.entries, lines):
        article = _entry_article(entry, where, line, feed_title)
        if article is not None:
            articles.append(article)
    settle_publication(articles, today)
    return articles


def _entry_article(entry: Any, where: str, line: int, feed_title: str) -> RawArticle | None:
    full = [part for part in entry.get("content") or [] if part.get("value", "").strip()]
    summary = entry.get("summary_detail") or {}
    if full:
        text, summary_only = "\n\n".join(_text(part) for part in full), False
    elif summary.get("value", "").strip():
        text, summary_only = _text(summary), True
    else:
        return None
    if not text.strip():
        return None
    title = one_line(entry.get("title", ""))
    if title and not text.startswith(title):
        text = f"{title}\n\n{text}"
    url = one_line(entry.get("link", ""))
    authors = [one_line(a.get("name", "")) for a in entry.get("authors") or [] if a.get("name")]
    fields = {
        "title": title,
        "source": known_outlet(url) or feed_title,
        "authors": "; ".join(authors) or one_line(entry.get("author", "")),
        "url": url,
        "published": _date(entry),
    }
    article = article_from_fields(where, line, text, fields, FEED_DATE)
    if summary_only:
        article.notes.insert(0, SUMMARY_ONLY)
        article.excerpt = "only the feed's summary"
    return article


def _text(detail: Any) -> str:
    value = str(detail.get("value", ""))
    if detail.get("type", "text/html") in _HTML_TYPES:
        return fragment_text(value)
    return "\n\n".join(" ".join(line.split()) for line in printable(value).split("\n") if line.strip())


def _date(entry: Any) -> str:
    """The entry's day as the publisher wrote it (its own time zone), else as feedparser read it (UTC)."""
    for key in ("published", "updated", "created"):
        value = str(entry.get(key) or "").strip()
        if re.match(r"\d{4}-\d\d-\d\d", value):
            return value[:10]
        if value:
            try:
                return email.utils.parsedate_to_datetime(value).date().isoformat()
            except (TypeError, ValueError, IndexError):
                pass
        parsed = entry.get(f"{key}_parsed")
        if parsed:
            return f"{parsed.tm_year:04d}-{parsed.tm_mon:02d}-{parsed.tm_mday:02d}"
    return ""


def _entry_lines(data: bytes, count: int) -> list[int]:
    """The line each entry starts on, when the file's entry tags can be counted; else line 1 for all."""
    starts = [data.count(b"\n", 0, match.start()) + 1 for match in _ENTRY_TAG.finditer(data)]
    return starts if len(starts) == count else [1] * count
