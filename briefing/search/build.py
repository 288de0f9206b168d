"""Articles → the search index's arrays.

Every searchable piece of text is a *document*: a quotation, an event, or
one part of an article (its title, its summary, one paragraph of its body).
The index is plain arrays, the same in memory and on disk (see store.py):

* an inverted index: the sorted vocabulary of folded words, and for each
  word the ascending numbers of the documents that contain it;
* per-document columns: kind, article, position, dates, length, and a
  bitmask of which of the 128 most frequent words the document has (a
  Python set of 200,000 numbers costs tens of milliseconds to build; a
  bit test costs nothing);
* the same kind of lists for the filters (`actor:ID`, `topic:ID`).

Documents are numbered newest first, so any sorted list of documents is
already in "newest first" order and a date range is a range of numbers.

A large build runs in several processes: each inverts a chunk of articles
on its own (`index_chunk`), and `IndexMerger` joins the chunks' arrays and
renumbers their documents, so the parent does little per word.
"""

from __future__ import annotations

import re
import zlib
from array import array
from collections.abc import Iterable
from dataclasses import dataclass

from briefing.model import Article, TopicIndex
from briefing.search.tokens import tokens

QUOTE, EVENT, TITLE, SUMMARY, PARAGRAPH = range(5)
HIT_KINDS = ("quote", "event", "article", "article", "article")
KIND_CODES = {"quote": (QUOTE,), "event": (EVENT,), "article": (TITLE, SUMMARY, PARAGRAPH)}

# A paragraph: lines up to the next blank line.
_PARAGRAPH = re.compile(r"[^\n]*\S[^\n]*(?:\n[^\n]*\S[^\n]*)*")

_COLUMNS = ("article", "number", "start", "end", "first", "last", "length", "day")
MASK_WORDS = 128


def speaker_words(index: TopicIndex) -> dict[str, str]:
    """Actor id -> the folded words of its id, name and aliases.

    A quotation is findable by who said it ("macron guarantees"), not only
    by its own words; these words count as matched but are never highlighted.
    """
    return {actor.id: " ".join(dict.fromkeys(tokens(" ".join(actor.names).replace("-", " "))))
            for actor in index.actors}


def paragraphs(body: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph of a body, blank lines apart."""
    return [match.span() for match in _PARAGRAPH.finditer(body)]


@dataclass(slots=True)
class Chunk:
    """The inverted index of a few articles, documents numbered from 0 in arrival order."""

    articles: list[tuple[str, tuple]]   # (article id, corpus order key) per article
    kinds: bytearray
    columns: dict[str, array]            # see _COLUMNS; 'article' is the arrival number in the chunk
    vocab: list[str]
    post_offsets: array
    postings: array
    filter_keys: list[str]
    filter_offsets: array
    filter_postings: array


def index_chunk(articles: Iterable[Article], speakers: dict[str, str]) -> Chunk:
    """Invert some articles into a Chunk (runs in a worker process for large builds)."""
    kinds = bytearray()
    columns = {name: array("I") for name in _COLUMNS}
    appenders = [columns[name].append for name in _COLUMNS]
    word_docs: dict[str, list[int]] = {}
    filter_docs: dict[str, list[int]] = {}
    chunk_articles: list[tuple[str, tuple]] = []
    doc = 0

    def add(kind, number, date, text, keys, start=0, end=0, extra=""):
        nonlocal doc
        found = tokens(text)
        distinct = set(found)
        if extra:
            distinct.update(extra.split())
        for word in distinct:
            docs = word_docs.get(word)
            if docs is None:
                word_docs[word] = [doc]
            else:
                docs.append(doc)
        for key in keys:
            docs = filter_docs.get(key)
            if docs is None:
                filter_docs[key] = [doc]
            else:
                docs.append(doc)
        kinds.append(kind)
        year, month, day = date.sort_key
        for append, value in zip(appenders, (arrival, number, start, end, date.first_day().toordinal(),
                                             date.last_day().toordinal(), len(found),
                                             year * 10000 + month * 100 + day)):
            append(value)
        doc += 1

    for arrival, article in enumerate(articles):
        chunk_articles.append((article.id, (article.published.sort_key, article.id)))
        # Same rule as Corpus.actors_of/topics_of for an article.
        whole = [*("actor:" + a for a in sorted(set(article.actors) | {q.speaker for q in article.quotes}
                                                | {a for e in article.events for a in e.actors}
                                                | {p.party for p in article.positions})),
                 *("topic:" + t for t in sorted(set(article.topics) | {t for q in article.quotes for t in q.topics}
                                                | {t for e in article.events for t in e.topics}
                                                | {p.topic for p in article.positions}))]
        published = article.published
        add(TITLE, 0, published, article.title, whole)
        if article.summary:
            add(SUMMARY, 0, published, article.summary, whole)
        body = article.body
        for number, (start, end) in enumerate(paragraphs(body)):
            add(PARAGRAPH, number, published, body[start:end], whole, start, end)
        for quote in article.quotes:
            add(QUOTE, quote.number, quote.said, quote.text,
                ["actor:" + quote.speaker, *("topic:" + t for t in quote.topics)],
                extra=speakers.get(quote.speaker, ""))
        for event in article.events:
            add(EVENT, event.number, event.date, event.title,
                [*("actor:" + a for a in event.actors), *("topic:" + t for t in event.topics)],
                extra=" ".join(tokens(event.place)))

    vocab, post_offsets, postings = _flatten(word_docs)
    filter_keys, filter_offsets, filter_postings = _flatten(filter_docs)
    return Chunk(chunk_articles, kinds, columns, vocab, post_offsets, postings,
                 filter_keys, filter_offsets, filter_postings)


def _flatten(lists: dict[str, list[int]]) -> tuple[list[str], array, array]:
    keys = sorted(lists)
    offsets = array("I", [0])
    flat = array("I")
    for key in keys:
        flat.extend(lists[key])
        offsets.append(len(flat))
    return keys, offsets, flat


@dataclass(slots=True)
class IndexData:
    """The whole index as arrays (or read-only views of a file holding them)."""

    doc_kind: bytes
    doc_article: array       # the article's number in the corpus' order
    doc_number: array        # quote/event number, paragraph number, 0 for a title or summary
    doc_start: array         # where a paragraph sits in its article's body
    doc_end: array
    doc_first: array         # first and last day covered by the date (day ordinals)
    doc_last: array
    doc_length: array        # words in the text
    mask_low: array          # per document, which of the most frequent words it has (bits 0-63)
    mask_high: array         # (bits 64-127)
    mask_words: list[str]    # the most frequent words, in bit order
    vocab: list[str]
    doc_freq: array
    post_offsets: array
    postings: array
    length_words: bytes      # the vocabulary sorted by (length, word), each word followed by a newline
    length_starts: array     # length_starts[n]: where words of n letters begin in length_words
    near_table: array        # typo look-up: hash of a word less one letter -> term number + 1 (see below)
    filter_keys: list[str]   # sorted 'actor:ID' / 'topic:ID'
    filter_offsets: array
    filter_postings: array

    ARRAYS = ("doc_article", "doc_number", "doc_start", "doc_end", "doc_first", "doc_last", "doc_length",
              "mask_low", "mask_high", "doc_freq", "post_offsets", "postings",
              "length_starts", "near_table", "filter_offsets", "filter_postings")

    @property
    def doc_count(self) -> int:
        return len(self.doc_kind)


class _Lists:
    """Many chunks' sorted key -> document lists, merged without a Python object per entry.

    Each chunk keeps its keys and flat postings; the merge is a counting
    sort: sizes first, then one slice copy per (chunk, key), the chunk's
    document numbers translated to the final ones on the way.
    """

    def __init__(self) -> None:
        self.chunks: list[tuple[int, int, list[str], array, array]] = []  # (base, documents, keys, offsets, postings)

    def add(self, base: int, documents: int, keys: list[str], offsets: array, postings: array) -> None:
        self.chunks.append((base, documents, keys, offsets, postings))

    def merge(self, renumber: array) -> tuple[list[str], array, array, array]:
        """(sorted keys, document frequency, offsets, postings), documents renumbered and sorted."""
        keys = sorted(set().union(*(chunk[2] for chunk in self.chunks)))
        place_of = {key: place for place, key in enumerate(keys)}
        count = len(keys)
        freq = array("I", bytes(4 * count))
        places = []
        for _, _, chunk_keys, offsets, _ in self.chunks:
            chunk_places = array("I", map(place_of.__getitem__, chunk_keys))  # C-level look-ups
            places.append(chunk_places)
            for local, place in enumerate(chunk_places):
                freq[place] += offsets[local + 1] - offsets[local]
        del place_of
        starts = array("I", [0])
        for size in freq:
            starts.append(starts[-1] + size)
        cursor = array("I", starts[:-1])
        flat = array("I", bytes(4 * starts[-1]))
        for (base, documents, _, offsets, postings), chunk_places in zip(self.chunks, places):
            new_number = renumber[base:base + documents].__getitem__
            for local, place in enumerate(chunk_places):
                begin, end = offsets[local], offsets[local + 1]
                at = cursor[place]
                flat[at:at + end - begin] = array("I", map(new_number, postings[begin:end]))
                cursor[place] = at + end - begin
        self.chunks = []
        for place in range(count):  # each list ascending again, i.e. newest first
            begin, end = starts[place], starts[place + 1]
            if end - begin > 1:
                flat[begin:end] = array("I", sorted(flat[begin:end]))
        return keys, freq, starts, flat


class IndexMerger:
    """Joins chunks (in arrival order) into one IndexData."""

    def __init__(self) -> None:
        self.articles: list[tuple[str, tuple]] = []
        self.kinds = bytearray()
        self.columns = {name: array("I") for name in _COLUMNS}
        self.terms = _Lists()
        self.filters = _Lists()

    def add(self, chunk: Chunk) -> None:
        base = len(self.kinds)
        article_base = len(self.articles)
        self.articles.extend(chunk.articles)
        self.kinds.extend(chunk.kinds)
        for name in _COLUMNS:
            column = chunk.columns[name]
            if name == "article" and article_base:
                column = array("I", map(article_base.__add__, column))
            self.columns[name].extend(column)
        documents = len(chunk.kinds)
        self.terms.add(base, documents, chunk.vocab, chunk.post_offsets, chunk.postings)
        self.filters.add(base, documents, chunk.filter_keys, chunk.filter_offsets, chunk.filter_postings)

    def build(self) -> tuple[IndexData, list[str]]:
        """The index, and the article ids by article number (the corpus' order)."""
        by_order = sorted(range(len(self.articles)), key=lambda arrival: self.articles[arrival][1])
        article_number = array("I", bytes(4 * len(by_order)))
        for number, arrival in enumerate(by_order):
            article_number[arrival] = number
        article_ids = [self.articles[arrival][0] for arrival in by_order]
        columns = self.columns
        articles = array("I", map(article_number.__getitem__, columns["article"]))

        # Newest first; then quotes, events, titles…; then the corpus' article order; then position.
        days, kinds, numbers = columns["day"], self.kinds, columns["number"]
        count = len(kinds)
        keys = [((99_999_999 - days[doc]) * 8 + kinds[doc]) * (1 << 52) + articles[doc] * (1 << 24)
                + min(numbers[doc], (1 << 24) - 1) for doc in range(count)]
        order = array("I", sorted(range(count), key=keys.__getitem__))   # new number -> arrival number
        del keys
        renumber = array("I", bytes(4 * count))                           # arrival number -> new number
        for new, old in enumerate(order):
            renumber[old] = new

        def reordered(column: array) -> array:
            return array(column.typecode, map(column.__getitem__, order))

        vocab, doc_freq, post_offsets, postings = self.terms.merge(renumber)
        filter_keys, _, filter_offsets, filter_postings = self.filters.merge(renumber)

        # For typos: the words of each length together, as one UTF-8 block (split on demand).
        by_length = sorted(vocab, key=len)
        longest = len(by_length[-1]) if by_length else 0
        length_starts = array("I")
        blocks = []
        offset = 0
        place = 0
        for size in range(longest + 2):
            length_starts.append(offset)
            block = []
            while place < len(by_length) and len(by_length[place]) == size:
                block.append(by_length[place] + "\n")
                place += 1
            encoded = "".join(block).encode("utf-8")
            blocks.append(encoded)
            offset += len(encoded)
        length_words = b"".join(blocks)
        del by_length, blocks

        near_table = one_letter_table(vocab)

        # Only words in many documents: their sets are the expensive ones.
        common = max(64, count // 16)
        mask_words = [term for term in sorted(range(len(vocab)), key=doc_freq.__getitem__, reverse=True)[:MASK_WORDS]
                      if doc_freq[term] >= common]
        mask_low = array("Q", bytes(8 * count))
        mask_high = array("Q", bytes(8 * count))
        for bit, term in enumerate(mask_words):
            column, value = (mask_low, 1 << bit) if bit < 64 else (mask_high, 1 << (bit - 64))
            for doc in postings[post_offsets[term]:post_offsets[term + 1]]:
                column[doc] |= value

        data = IndexData(doc_kind=bytes(map(kinds.__getitem__, order)), doc_article=reordered(articles),
                         doc_number=reordered(numbers), doc_start=reordered(columns["start"]),
                         doc_end=reordered(columns["end"]), doc_first=reordered(columns["first"]),
                         doc_last=reordered(columns["last"]), doc_length=reordered(columns["length"]),
                         mask_low=mask_low, mask_high=mask_high, mask_words=[vocab[t] for t in mask_words],
                         vocab=vocab, doc_freq=doc_freq, post_offsets=post_offsets,
                         postings=postings, length_words=length_words, length_starts=length_starts,
                         near_table=near_table,
                         filter_keys=filter_keys, filter_offsets=filter_offsets, filter_postings=filter_postings)
        return data, article_ids


def one_letter_forms(word: str) -> set[str]:
    """The word and the word less any one letter: two words one edit apart share one of these."""
    return {word, *(word[:i] + word[i + 1:] for i in range(len(word)))}


def table_slot(form: str, mask: int) -> int:
    return zlib.crc32(form.encode("utf-8")) & mask


def one_letter_table(vocab: list[str]) -> array:
    """An open-addressing hash table from `one_letter_forms` to term numbers (+1; 0 is empty).

    A typo's candidates are then a few probes away instead of a scan of the
    vocabulary; colliding entries are harmless, the caller checks the
    distance of each candidate anyway.
    """
    forms = [(form, term + 1) for term, word in enumerate(vocab) if len(word) >= 3
             for form in one_letter_forms(word)]
    size = 1 << max(4, (2 * len(forms)).bit_length())
    mask = size - 1
    table = array("I", bytes(4 * size))
    for form, value in forms:
        slot = table_slot(form, mask)
        while table[slot]:
            slot = (slot + 1) & mask
        table[slot] = value
    return table


def build_index(articles: Iterable[Article], index: TopicIndex) -> tuple[IndexData, list[str]]:
    """The index of some articles, built in this process."""
    merger = IndexMerger()
    merger.add(index_chunk(articles, speaker_words(index)))
    return merger.build()
