"""The index file's format, and reading it in place through a memory map.

Every byte that can change an answer is covered by a CRC-32, checked before
it is first used: the table of sections by the header, each section by its
entry in the table, and each article's payload by its own entry in the
`article_crcs` section, checked whenever the article is decoded (a warm
search decodes a few of 10,000). Small sections are checked when the file
is opened, the others on first use (`_Checked`): a warm search never reads
most of the file, and checking all of it would cost a third of the search
(README, Speed: `index_check_*`). A mismatch, or any failure to decode
what passed, raises `DamagedIndex`; whoever opened the index then
rebuilds it (indexes.py). CRC-32 rather than a cryptographic hash: it is
there to catch a bad disk, a crash or a sync tool, not an attacker, who
could as well write the content itself; zlib's runs at 3 GB/s here,
blake2b at 0.6.
"""

from __future__ import annotations

import marshal
import mmap
import os
import struct
import threading
import zlib
from collections import OrderedDict

from briefing import content_files
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
from briefing.records import fields
from briefing.search.build import IndexData, segment_runs

TYPE_CHECKING = False  # (pathlib is imported where a build needs it: not by a warm search)
if TYPE_CHECKING:
    from typing import Any


FORMAT = 8                            # 8: checksums of the table, each section and each article
MAGIC = b"BRFSRCH\x00"
HEADER = struct.Struct("<8sIIQQ")   # magic, format, CRC-32 of the table, table offset, table length
INDEX_NAME = "index.bin"
# Large sections a search reads only a few runs of: checked block by block, as the runs are read.
CHECKED_IN_BLOCKS = ("postings", "filter_postings")
BLOCK_BYTES = 1 << 14
# Decoded when the file is opened, so checked then (small: a millisecond at 10,000 articles).
CHECKED_AT_OPEN = ("doc_kind", "vocab", "filter_keys", "mask_words", "article_starts", "article_sizes",
                   "article_crcs")
ARTICLES_KEPT = 128                   # decoded articles kept in memory
RAW_KEPT = 1024                       # articles kept as plain tuples (texts for scoring and hits)


class DamagedIndex(Exception):
    """The index file is not as it was written (a checksum or the decoding failed): rebuild it.

    Not a ValueError, which the commands take for a mistake in the query.
    """

    def __init__(self, what: str) -> None:
        super().__init__(f"the search index is damaged ({what})")
        self.what = what


# What decoding bytes that passed their checksum can still raise, were they wrong after all.
DECODING_ERRORS = (ValueError, EOFError, KeyError, TypeError, IndexError, StopIteration, struct.error,
                   UnicodeDecodeError, OverflowError)


class IndexFile:
    """An index file mapped into memory: the arrays, the articles, the topic index."""

    def __init__(self, handle, table: dict) -> None:
        self._handle = handle
        self._map = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        view = memoryview(self._map)
        self._view = view
        self.table = table
        self._sections = table["sections"]
        self._checked: set[str] = set()
        self._in_blocks: dict[str, _BlockChecked] = {}
        section = self.section

        self.data = _Checked(self)
        for name in CHECKED_AT_OPEN[:4]:  # decoded into Python objects now: checked now
            setattr(self.data, name, bytes(section(name)) if name == "doc_kind" else _lines(section(name)))
        self._article_starts = section("article_starts")
        self._article_sizes = section("article_sizes")
        self._article_crcs = section("article_crcs")
        self.article_count = len(self._article_sizes)
        if len(self._article_starts) != self.article_count or len(self._article_crcs) != self.article_count:
            raise DamagedIndex("article table")
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
            handle = open_regular(path)
        except OSError:
            return None
        try:
            return cls._opened(handle, expected)
        except (OSError, DamagedIndex, *DECODING_ERRORS):
            handle.close()
            return None

    @classmethod
    def _opened(cls, handle, expected: str | None) -> "IndexFile | None":
        header = handle.read(HEADER.size)
        magic, version, table_crc, table_at, table_size = HEADER.unpack(header)
        size = os.fstat(handle.fileno()).st_size
        if magic != MAGIC or version != FORMAT or table_at + table_size != size:
            handle.close()
            return None
        handle.seek(table_at)
        raw_table = handle.read(table_size)
        if zlib.crc32(raw_table) != table_crc:
            raise DamagedIndex("table of sections")
        table = marshal.loads(raw_table)
        if table.get("schema") != SCHEMA or (expected is not None and table.get("fingerprint") != expected):
            handle.close()
            return None
        return cls(handle, table)

    def identity(self) -> tuple[int, int, int]:
        """Which file this is (device, inode, modification time): another build's file differs."""
        status = os.fstat(self._handle.fileno())
        return status.st_dev, status.st_ino, status.st_mtime_ns

    def section(self, name: str, checked: bool = True):
        """Section `name` as a typed view, checked against its checksum on first use
        (unless `checked` is False: the caller checks what it reads)."""
        try:
            offset, size, code, crc = self._sections[name]
        except (KeyError, TypeError, ValueError):
            raise DamagedIndex(f"section {name} is missing") from None
        part = self._view[offset:offset + size]
        if len(part) != size:
            raise DamagedIndex(f"section {name} is cut short")
        if checked and name not in self._checked:
            if zlib.crc32(part) != crc:
                raise DamagedIndex(f"section {name}")
            self._checked.add(name)
        return part.cast(code) if code != "B" else part

    def in_blocks(self, name: str) -> "_BlockChecked":
        """Section `name` (one of CHECKED_IN_BLOCKS), each block checked when a slice first reaches it."""
        found = self._in_blocks.get(name)
        if found is None:
            found = self._in_blocks[name] = _BlockChecked(self.section(name, checked=False),
                                                          self.section(f"{name}_blocks"), name)
        return found

    def checked_parts(self) -> list[memoryview]:
        """The sections and blocks checked so far (what the checks have cost: see benchmarks/run.py)."""
        parts = [self.section(name, checked=False).cast("B") for name in sorted(self._checked)]
        for blocks in self._in_blocks.values():
            parts.extend(blocks.checked_blocks())
        return parts

    def verify_all(self) -> None:
        """Check every section now (the reader, which will use them all: before a search can meet damage)."""
        for name in self._sections:
            self.section(name)

    def close(self) -> None:
        """Let go of the file (only when nothing from it is in use any more)."""
        try:
            self._view.release()
            self._map.close()
        except (BufferError, ValueError):  # views of it are still alive: the collector will close it
            pass
        self._handle.close()

    def _payload_view(self, number: int) -> memoryview:
        """Article `number`'s bytes as stored, checked against its own checksum."""
        start, size = self._article_starts[number], self._article_sizes[number]
        part = self._view[start:start + size]
        if len(part) != size or zlib.crc32(part) != self._article_crcs[number]:
            raise DamagedIndex(f"article {number}")
        return part

    def article(self, number: int) -> Article:
        """Article `number` (the corpus' order), decoded on demand and kept for a while."""
        cached = self._articles.get(number)
        if cached is not None:
            return cached
        article = _decoded(decode_article, self._payload_view(number), number)
        with self._lock:  # the reader may search from two threads at once
            self._articles[number] = article
            while len(self._articles) > ARTICLES_KEPT:
                self._articles.popitem(last=False)
        return article

    def text(self, number: int, part: str, item: int = 0, start: int = 0, end: int = 0) -> tuple[str, str, str]:
        """(text, speaker, place) of a part of article `number`, without building model objects."""
        try:
            return raw_text(self._raw_article(number), part, item, start, end)
        except DECODING_ERRORS:
            raise DamagedIndex(f"article {number}") from None

    def item(self, number: int, part: str, item: int) -> tuple:
        """(Quote, Event or Article, article id, title): only an article hit decodes a whole article."""
        try:
            found, article_id, title = raw_item(self._raw_article(number), part, item)
        except DECODING_ERRORS:
            raise DamagedIndex(f"article {number}") from None
        return (found if found is not None else self.article(number)), article_id, title

    def _raw_article(self, number: int) -> tuple:
        raw = self._raw.get(number)
        if raw is None:
            raw = _decoded(raw_article, self._payload_view(number), number)
            with self._lock:
                self._raw[number] = raw
                while len(self._raw) > RAW_KEPT:
                    self._raw.popitem(last=False)
        return raw

    def payload(self, number: int) -> bytes:
        """Article `number` as stored (see codec.encode_article), checked."""
        return bytes(self._payload_view(number))

    def file_records(self) -> dict[str, Any]:
        """What the build that wrote this index knew of each article file (see `_file_records`)."""
        if "files" not in self._sections:
            return {}
        return _decoded(marshal.loads, self.section("files"), "files")

    def all_articles(self) -> list[Article]:
        return [_decoded(decode_article, self._payload_view(n), n) for n in range(self.article_count)]


class _BlockChecked:
    """A section's values, sliced as a memoryview is, each block checked before a slice reaches it."""

    __slots__ = ("_values", "_crcs", "_name", "_per_block", "_bytes", "_done")

    def __init__(self, values: memoryview, crcs: memoryview, name: str) -> None:
        self._values, self._crcs, self._name = values, crcs, name
        self._per_block = BLOCK_BYTES // values.itemsize
        self._bytes = values.cast("B")
        self._done = bytearray(len(crcs))
        if len(crcs) != -(-len(self._bytes) // BLOCK_BYTES):
            raise DamagedIndex(f"section {name}_blocks")

    def __len__(self) -> int:
        return len(self._values)

    def checked_blocks(self) -> list[memoryview]:
        return [self._bytes[block * BLOCK_BYTES:(block + 1) * BLOCK_BYTES] for block, done in enumerate(self._done)
                if done]

    def __getitem__(self, span: slice) -> memoryview:
        start, stop, _ = span.indices(len(self._values))
        done = self._done
        for block in range(start // self._per_block, (stop - 1) // self._per_block + 1):
            if not done[block]:
                at = block * BLOCK_BYTES
                if zlib.crc32(self._bytes[at:at + BLOCK_BYTES]) != self._crcs[block]:
                    raise DamagedIndex(f"section {self._name}, block {block}")
                done[block] = 1
        return self._values[span]


class _Checked(IndexData):
    """The index's arrays, each a view of its section, checked when the engine first asks for it.

    A slot left unset makes Python call `__getattr__`, which checks the
    section and fills the slot: from then on it is a plain attribute.
    """

    __slots__ = ("_store",)

    def __init__(self, store: IndexFile) -> None:  # the fields are filled as they are asked for
        object.__setattr__(self, "_store", store)

    def __getattr__(self, name: str):
        if name.startswith("_") or name not in _FIELDS:
            raise AttributeError(name)
        value = self._store.section(name)
        if name in _WORD_LISTS:
            value = _lines(value)
        object.__setattr__(self, name, value)
        return value

    # The runs a search reads of the two largest sections, checked block by block (see IndexData).
    def word_runs(self, place: int) -> list:
        return segment_runs(self.post_starts, self._store.in_blocks("postings"), len(self.vocab) + 1, place)

    def filter_runs(self, place: int) -> list:
        return segment_runs(self.filter_starts, self._store.in_blocks("filter_postings"), len(self.filter_keys) + 1,
                            place)


_FIELDS = frozenset(name for name, _ in fields(IndexData))
_WORD_LISTS = frozenset(("vocab", "filter_keys", "mask_words"))


def _decoded(decode, data, what: str | int):
    """`decode(data)`, any failure of it a DamagedIndex."""
    try:
        return decode(data)
    except DECODING_ERRORS:
        raise DamagedIndex(f"article {what}" if isinstance(what, int) else f"section {what}") from None


def open_regular(path: str | os.PathLike[str]):
    """`path` opened for reading in binary if it is a regular file (OSError otherwise: a FIFO
    put in its place would block, a device could be endless)."""
    descriptor, _ = content_files.open_regular(path)
    try:
        os.set_blocking(descriptor, True)
        return os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise


def _lines(part) -> list[str]:
    """A section of newline-separated words (words never contain a newline)."""
    try:
        return bytes(part).decode("utf-8").split("\n") if len(part) else []
    except UnicodeDecodeError:
        raise DamagedIndex("word list") from None
