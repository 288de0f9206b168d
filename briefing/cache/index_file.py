"""The index file's format, and reading it in place through a memory map."""

from __future__ import annotations

import marshal
import mmap
import os
import struct
import threading
from collections import OrderedDict

from briefing.cache.codec import (
    SCHEMA,
    decode_article,
    decode_problems,
    decode_topic_index,
    raw_article,
    raw_item,
    raw_text,
)
from briefing.model import Article, Problem, TopicIndex
from briefing.search.build import IndexData

TYPE_CHECKING = False  # (pathlib is imported where a build needs it: not by a warm search)
if TYPE_CHECKING:
    from typing import Any


FORMAT = 7                            # 7: untagged items of a one-topic article are filed under it
MAGIC = b"BRFSRCH\x00"
HEADER = struct.Struct("<8sIIQQ")   # magic, format, reserved, table offset, table length
INDEX_NAME = "index.bin"
ARTICLES_KEPT = 128                   # decoded articles kept in memory
RAW_KEPT = 1024                       # articles kept as plain tuples (texts for scoring and hits)


class IndexFile:
    """An index file mapped into memory: the arrays, the articles, the topic index."""

    def __init__(self, handle, table: dict) -> None:
        self._handle = handle
        self._map = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        view = memoryview(self._map)
        self.table = table
        sections = table["sections"]

        def section(name: str):
            offset, size, code = sections[name]
            part = view[offset:offset + size]
            return part.cast(code) if code != "B" else part

        self.data = IndexData(
            doc_kind=bytes(section("doc_kind")),
            length_words=section("length_words"),
            vocab=_lines(section("vocab")),
            filter_keys=_lines(section("filter_keys")),
            mask_words=_lines(section("mask_words")),
            **{name: section(name) for name in IndexData.ARRAYS})
        self._article_starts = section("article_starts")
        self._article_sizes = section("article_sizes")
        self._view = view
        self.article_count = len(self._article_sizes)
        self.topic_index: TopicIndex = decode_topic_index(table["topic_index"])
        self.problems: tuple[Problem, ...] = decode_problems(table["problems"])
        self.files_read: int = table["files_read"]
        self.fingerprint: str = table["fingerprint"]
        self._articles: OrderedDict[int, Article] = OrderedDict()
        self._raw: OrderedDict[int, tuple] = OrderedDict()
        self._lock = threading.Lock()

    @classmethod
    def open(cls, path: str | os.PathLike[str], expected: str | None) -> "IndexFile | None":
        """The index at `path` if it is whole and matches `expected`; else None."""
        try:
            handle = open(path, "rb")
        except OSError:
            return None
        try:
            return cls._checked(handle, expected)
        except (OSError, ValueError, EOFError, KeyError, TypeError, IndexError, struct.error, UnicodeDecodeError):
            handle.close()
            return None

    @classmethod
    def _checked(cls, handle, expected: str | None) -> "IndexFile | None":
        header = handle.read(HEADER.size)
        magic, version, _, table_at, table_size = HEADER.unpack(header)
        size = os.fstat(handle.fileno()).st_size
        if magic != MAGIC or version != FORMAT or table_at + table_size != size:
            handle.close()
            return None
        handle.seek(table_at)
        table = marshal.loads(handle.read(table_size))
        if table.get("schema") != SCHEMA or (expected is not None and table.get("fingerprint") != expected):
            handle.close()
            return None
        return cls(handle, table)

    def close(self) -> None:
        """Let go of the file (only when nothing from it is in use any more)."""
        try:
            self._view.release()
            self._map.close()
        except (BufferError, ValueError):  # views of it are still alive: the collector will close it
            pass
        self._handle.close()

    def article(self, number: int) -> Article:
        """Article `number` (the corpus' order), decoded on demand and kept for a while."""
        cached = self._articles.get(number)
        if cached is not None:
            return cached
        start = self._article_starts[number]
        article = decode_article(self._view[start:start + self._article_sizes[number]])
        with self._lock:  # the reader may search from two threads at once
            self._articles[number] = article
            while len(self._articles) > ARTICLES_KEPT:
                self._articles.popitem(last=False)
        return article

    def text(self, number: int, part: str, item: int = 0, start: int = 0, end: int = 0) -> tuple[str, str, str]:
        """(text, speaker, place) of a part of article `number`, without building model objects."""
        return raw_text(self._raw_article(number), part, item, start, end)

    def item(self, number: int, part: str, item: int) -> tuple:
        """(Quote, Event or Article, article id, title): only an article hit decodes a whole article."""
        found, article_id, title = raw_item(self._raw_article(number), part, item)
        return (found if found is not None else self.article(number)), article_id, title

    def _raw_article(self, number: int) -> tuple:
        raw = self._raw.get(number)
        if raw is None:
            begin = self._article_starts[number]
            raw = raw_article(self._view[begin:begin + self._article_sizes[number]])
            with self._lock:
                self._raw[number] = raw
                while len(self._raw) > RAW_KEPT:
                    self._raw.popitem(last=False)
        return raw

    def payload(self, number: int) -> bytes:
        """Article `number` as stored (see codec.encode_article)."""
        start = self._article_starts[number]
        return bytes(self._view[start:start + self._article_sizes[number]])

    def file_records(self) -> dict[str, Any]:
        """What the build that wrote this index knew of each article file (see `_file_records`)."""
        found = self.table["sections"].get("files")
        if found is None:
            return {}
        offset, size, _ = found
        return marshal.loads(self._view[offset:offset + size])

    def all_articles(self) -> list[Article]:
        starts, sizes, view = self._article_starts, self._article_sizes, self._view
        return [decode_article(view[starts[n]:starts[n] + sizes[n]]) for n in range(self.article_count)]


def _lines(part) -> list[str]:
    """A section of newline-separated words (words never contain a newline)."""
    return bytes(part).decode("utf-8").split("\n") if len(part) else []
