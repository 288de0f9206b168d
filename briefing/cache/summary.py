"""What the reader's first frame shows, and a cache of it (no Textual here).

A large briefing takes a second or more to load even from the search
index's cache, but the first frame needs only a little of it: the
navigator's entries and counts, the newest articles' headers, the totals.
`summarize` extracts that from a catalogue; `save_summary` keeps it as JSON
in the content folder's cache folder (beside its search index), and `load_summary` reads it back. The reader
draws its first frame from the last summary of the folder and keeps loading
the corpus behind it (stale-while-revalidate): when the corpus arrives, a
summary that differs (articles added, edited, removed) replaces what is on
screen and is saved for next time. Nothing is checked before the first
frame, because checking 10,000 files costs more than the frame itself.

JSON, not pickle: a cache file must never be able to run code. The file's
first line carries the format and a CRC-32 of the JSON after it, so a file
damaged on disk is ignored rather than shown (the first frame would show a
wrong count or title until the corpus replaced it).
"""

from __future__ import annotations

import json
import os
import zlib
from pathlib import Path
from typing import TYPE_CHECKING

from briefing.content_files import open_regular
from briefing.dates import PartialDate
from briefing.cache.location import cache_folder
from briefing.records import fields, record

if TYPE_CHECKING:
    from briefing.browse import Catalogue

FORMAT = 4  # 4: a first line with the format and the JSON's CRC-32
HEADERS = 500  # newest articles listed before the corpus is loaded (the list shows at most this many)
MAX_BYTES = 2 * 1024 * 1024
RECENT_EVENTS = 8


@record
class Header:
    """Enough of an article to list it: what the article list shows."""

    id: str
    published: PartialDate
    source: str
    title: str


@record
class Summary:
    title: str
    articles: int
    quotes: int
    events: int
    topics_count: int
    first_published: str  # human form, '' when there are no articles
    last_published: str
    latest: tuple[str, str, str, str]  # title, source, published (human), summary of the newest article
    problems: tuple[tuple[str, int, str], ...]  # (path, line, message)
    actors: tuple[tuple[str, tuple[tuple[str, str, int, str], ...]], ...]  # group → (key, label, count, detail)
    topics: tuple[tuple[str, str, int, str], ...]
    dates: tuple  # nested (key, label, count, children)
    newest: tuple[Header, ...]
    recent_events: tuple[tuple[str, str, str], ...] = ()  # (ISO date, title, place), newest last

    def entries(self):
        """The navigator's entries as browse objects: actor groups, topics, date tree."""
        return self.actor_entries(), self.topic_entries(), self.date_nodes()

    def actor_entries(self):
        from briefing.browse import Entry

        return tuple((title, tuple(Entry(*entry) for entry in entries)) for title, entries in self.actors)

    def topic_entries(self):
        from briefing.browse import Entry

        return tuple(Entry(*entry) for entry in self.topics)

    def date_nodes(self):
        from briefing.browse import DateNode

        def node(raw) -> DateNode:
            key, label, count, children = raw
            return DateNode(key, label, count, tuple(node(child) for child in children))

        return tuple(node(raw) for raw in self.dates)


def summarize(catalogue: Catalogue) -> Summary:
    corpus = catalogue.corpus
    articles = corpus.articles

    def node(date_node) -> tuple:
        return (date_node.key, date_node.label, date_node.count, tuple(node(child) for child in date_node.children))

    latest = articles[-1] if articles else None
    newest = sorted(articles, key=lambda a: (a.published.sort_key, a.id), reverse=True)[:HEADERS]
    return Summary(
        title=corpus.title,
        articles=len(articles),
        quotes=len(corpus.quotes),
        events=len(corpus.events),
        topics_count=len(corpus.topics),
        first_published=articles[0].published.human() if articles else "",
        last_published=articles[-1].published.human() if articles else "",
        latest=(latest.title, latest.source, latest.published.human(), latest.summary) if latest else ("", "", "", ""),
        problems=tuple((p.path, p.line, p.message) for p in corpus.problems),
        actors=tuple((title, tuple((e.key, e.label, e.count, e.detail) for e in entries))
                     for title, entries in catalogue.actors),
        topics=tuple((e.key, e.label, e.count, e.detail) for e in catalogue.topics),
        dates=tuple(node(year) for year in catalogue.dates),
        newest=tuple(Header(a.id, a.published, a.source, a.title) for a in newest),
        recent_events=tuple((e.date.iso(), e.title, e.place) for e in corpus.events[-RECENT_EVENTS:]),
    )


# ------------------------------------------------------------------ cache

def summary_path(content_dir: Path) -> Path:
    return cache_folder(content_dir) / "reader-summary.json"


def _jsonable(summary: Summary) -> dict:
    data = {name: getattr(summary, name) for name, _annotation in fields(Summary)}
    data["newest"] = [[h.id, h.published.iso(), h.source, h.title] for h in summary.newest]
    return data


_MAGIC = b"briefing-summary"


def save_summary(content_dir: Path, summary: Summary) -> None:
    """Best effort: a cache that cannot be written (a full or read-only disk) is simply not there
    next time; the old one stays as it was (fileio's atomic write leaves no half-written file)."""
    from briefing.fileio import WriteRefused, write_atomic  # (not on the first frame's path)

    path = summary_path(content_dir)
    body = json.dumps(_jsonable(summary))  # ASCII: its characters are its bytes, as the CRC wants
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, f"{_MAGIC.decode()} {FORMAT} {zlib.crc32(body.encode()):08x}\n{body}", force=True)
    except (OSError, WriteRefused):
        pass


def _tuples(value):
    return tuple(_tuples(v) for v in value) if isinstance(value, list) else value


def load_summary(content_dir: Path) -> Summary | None:
    """The last summary saved for this folder, or None (none yet, damaged, older format).

    Read on the UI thread before the first frame, so it is bounded: a file
    over MAX_BYTES is ignored (and rewritten after the next full load).
    """
    path = summary_path(content_dir)
    try:
        descriptor, _ = open_regular(path)  # (a FIFO in its place must not block the first frame)
        try:
            data = os.read(descriptor, MAX_BYTES + 1)
        finally:
            os.close(descriptor)
        if len(data) > MAX_BYTES:
            return None
        header, _, body = data.partition(b"\n")
        magic, version, crc = header.split(b" ")
        if magic != _MAGIC or int(version) != FORMAT or int(crc, 16) != zlib.crc32(body):
            return None
        raw = json.loads(body)
        raw["newest"] = [Header(i, PartialDate.parse(d), s, t) for i, d, s, t in raw["newest"]]
        return Summary(**{key: _tuples(value) for key, value in raw.items()})
    except (OSError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError):
        return None  # missing, damaged or foreign
