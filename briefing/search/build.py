"""Articles → the search index's arrays.

Every searchable piece of text is a *document*: a quotation, an event, or
one part of an article (its title, its summary, one paragraph of its body).
The index is plain arrays, the same in memory and on disk (see store.py):

* an inverted index: the sorted vocabulary of folded words, and for each
  word the numbers of the documents that contain it, as one ascending run
  per segment (a segment per chunk of the build, see Segmented);
* per-document columns: kind, article, position, dates, length, and a
  bitmask of which of the 128 most frequent words the document has (a
  Python set of 200,000 numbers costs tens of milliseconds to build; a
  bit test costs nothing);
* the same kind of lists for the filters (`actor:ID`, `topic:ID`).

Documents are numbered newest first, so any sorted list of documents is
already in "newest first" order and a date range is a range of numbers.

A large build runs in several processes: each inverts a chunk of articles
on its own (`index_chunk`), numbering its documents in the final order, and
`IndexMerger` joins the chunks' arrays and renumbers their documents, so the
parent does little per word.
"""

from __future__ import annotations

import re
import zlib
from array import array
from bisect import bisect_left
from collections import defaultdict, deque
from collections.abc import Callable, Iterable
from itertools import accumulate, chain, islice, repeat
from operator import add, mul, sub

from briefing.model import Article, Event, Quote, TopicIndex
from briefing.queries import item_actors, item_topics
from briefing.records import record
from briefing.search.tokens import tokens

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Protocol, TypeVar

    _T = TypeVar("_T")

    class Elsewhere(Protocol):
        """`elsewhere(function, *args)`: a call started somewhere, and a function that waits for its result."""

        def __call__(self, function: Callable[..., _T], /, *args: Any) -> Callable[[], _T]: ...

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


def document_filters(article: Article, item: Article | Quote | Event) -> list[str]:
    """The `actor:ID` and `topic:ID` keys a document is found by: who the item involves and
    what it is about, by the rules every query shares (briefing.queries). Unordered."""
    return ["actor:" + actor for actor in item_actors(article, item)] + \
        ["topic:" + topic for topic in item_topics(article, item)]


def paragraphs(body: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph of a body, blank lines apart."""
    return [match.span() for match in _PARAGRAPH.finditer(body)]


@record(frozen=False)
class Chunk:
    """The inverted index of a few articles.

    Its documents are numbered from 0 in the index's own order (newest
    first, see `doc_order`), so that a chunk's numbers map to the final
    ones in ascending order and each of its posting lists stays sorted.
    """

    articles: list[tuple[str, tuple]]   # (article id, corpus order key) per article, in arrival order
    kinds: bytearray
    columns: dict[str, array]            # see _COLUMNS; 'article' is the arrival number in the chunk
    vocab: list[str]
    post_offsets: array
    postings: array
    filter_keys: list[str]
    filter_offsets: array
    filter_postings: array


def doc_orders(days: Iterable[int], kinds: Iterable[int], articles: Iterable[int], numbers: Iterable[int]) -> list[int]:
    """Where each document goes in the index: newest first; then quotes, events, titles…;
    then the corpus' article order; then its position in the article.

    One integer per document, computed column-wise by C-level maps (the
    parent does this for every document of a large index).
    """
    newest_first = map(sub, repeat(99_999_999), days)
    by_kind = map(add, map(mul, newest_first, repeat(8)), kinds)
    within = map(add, map(mul, articles, repeat(1 << 24)), map(min, numbers, repeat((1 << 24) - 1)))
    return list(map(add, map(mul, by_kind, repeat(1 << 52)), within))


def index_chunk(articles: Iterable[Article], speakers: dict[str, str]) -> Chunk:
    """Invert some articles into a Chunk (runs in a worker process for large builds)."""
    articles = list(articles)
    speaker_tokens = {actor: tuple(words.split()) for actor, words in speakers.items()}
    # Ranks agree with the corpus' order of these articles, hence with the final numbering.
    corpus_keys = [(article.published.sort_key, article.id) for article in articles]
    rank_of = {arrival: rank for rank, arrival in enumerate(sorted(range(len(articles)),
                                                                     key=corpus_keys.__getitem__))}
    # One list per column, in arrival order; sorted into the index's order below.
    kinds, word_sets, key_lists, rows = bytearray(), [], [], []   # rows: see _COLUMNS
    days: dict[tuple[int, int, int], tuple[int, int, int]] = {}   # a date's (first, last, day) numbers

    def add(kind, number, date, text, keys, start=0, end=0, extra=()):
        found = tokens(text)
        distinct = set(found)
        if extra:
            distinct.update(extra)
        key = date.sort_key
        numbers = days.get(key)
        if numbers is None:
            year, month, day = key
            numbers = days[key] = (date.first_day().toordinal(), date.last_day().toordinal(),
                                   year * 10000 + month * 100 + day)
        first, last, day_key = numbers
        kinds.append(kind)
        word_sets.append(tuple(distinct))  # a quarter of a set's memory
        key_lists.append(keys)
        rows.append((arrival, number, start, end, first, last, len(found), day_key, rank))

    for arrival, article in enumerate(articles):
        rank = rank_of[arrival]
        whole = document_filters(article, article)
        published = article.published
        add(TITLE, 0, published, article.title, whole)
        if article.summary:
            add(SUMMARY, 0, published, article.summary, whole)
        body = article.body
        for number, (start, end) in enumerate(paragraphs(body)):
            add(PARAGRAPH, number, published, body[start:end], whole, start, end)
        for quote in article.quotes:
            add(QUOTE, quote.number, quote.said, quote.text, document_filters(article, quote),
                extra=speaker_tokens.get(quote.speaker, ()))
        for event in article.events:
            add(EVENT, event.number, event.date, event.title, document_filters(article, event), extra=tokens(event.place))

    by_column = list(zip(*rows)) or [()] * (len(_COLUMNS) + 1)
    orders = doc_orders(by_column[7], kinds, by_column[8], by_column[1])
    order = sorted(range(len(orders)), key=orders.__getitem__)
    # Inverting in that order leaves every list ascending.
    vocab, post_offsets, postings = _flatten(_inverted(list(map(word_sets.__getitem__, order))))
    filter_keys, filter_offsets, filter_postings = _flatten(_inverted(list(map(key_lists.__getitem__, order))))
    return Chunk([(article.id, key) for article, key in zip(articles, corpus_keys)],
                 bytearray(map(kinds.__getitem__, order)),
                 {name: array("I", map(column.__getitem__, order)) for name, column in zip(_COLUMNS, by_column)},
                 vocab, post_offsets, postings, filter_keys, filter_offsets, filter_postings)


_EMPTIED: deque[object] = deque(maxlen=0)
_consume = _EMPTIED.extend  # runs an iterator to its end, keeping nothing


def _inverted(keys_by_doc: list) -> defaultdict[str, list[int]]:
    """key -> the documents (numbered by their place in `keys_by_doc`) that have it, ascending.

    One C-level pass over every (key, document) pair: a Python step per
    document costs a large build a few hundred milliseconds.
    """
    docs_of: defaultdict[str, list[int]] = defaultdict(list)
    documents = chain.from_iterable(map(repeat, range(len(keys_by_doc)), map(len, keys_by_doc)))
    _consume(map(list.append, map(docs_of.__getitem__, chain.from_iterable(keys_by_doc)), documents))
    return docs_of


def _flatten(lists: dict[str, list[int]]) -> tuple[list[str], array, array]:
    """(sorted keys, where each key's list begins, the lists one after another), in C-level passes."""
    keys = sorted(lists)
    ordered = list(map(lists.__getitem__, keys))
    offsets = array("I", [0])
    offsets.extend(accumulate(map(len, ordered)))
    return keys, offsets, array("I", chain.from_iterable(ordered))


@record(frozen=False)
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
    post_starts: array       # per segment, where each word's documents begin (see Segmented)
    postings: array
    length_words: bytes      # the vocabulary sorted by (length, word), each word followed by a newline
    length_starts: array     # length_starts[n]: where words of n letters begin in length_words
    near_table: array        # typo look-up: sorted (hash of a word less one letter) << 32 | term (see below)
    filter_keys: list[str]   # sorted 'actor:ID' / 'topic:ID'
    filter_starts: array
    filter_postings: array

    ARRAYS = ("doc_article", "doc_number", "doc_start", "doc_end", "doc_first", "doc_last", "doc_length",
              "mask_low", "mask_high", "doc_freq", "post_starts", "postings",
              "length_starts", "near_table", "filter_starts", "filter_postings")

    @property
    def doc_count(self) -> int:
        return len(self.doc_kind)

    def word_runs(self, place: int) -> list:
        """The documents of vocabulary word number `place`: a few ascending runs."""
        return segment_runs(self.post_starts, self.postings, len(self.vocab) + 1, place)

    def filter_runs(self, place: int) -> list:
        """The documents of filter key number `place`: a few ascending runs."""
        return segment_runs(self.filter_starts, self.filter_postings, len(self.filter_keys) + 1, place)


def segment_runs(starts: array, postings: array, stride: int, place: int) -> list:
    """A key's non-empty runs, one per segment (see Segmented)."""
    runs = []
    for base in range(0, len(starts), stride):
        begin, end = starts[base + place], starts[base + place + 1]
        if end > begin:
            runs.append(postings[begin:end])
    return runs


class Segmented:
    """Many chunks' key -> document lists, joined without touching each list.

    Each chunk's postings are kept as they are, one after another (a
    *segment* per chunk), with the chunk's document numbers translated to
    the final ones. Since a chunk numbers its documents in the final order
    (see Chunk), every list in a segment stays ascending. A key's
    documents are then its list in each segment: `starts` holds, for each
    segment, where every key's list begins (a key missing from a chunk has
    an empty list there), so the whole join costs a few C-level passes per
    chunk rather than a Python step per key and chunk.
    """

    def __init__(self) -> None:
        self.chunks: list[tuple[int, int, list[str], array, array]] = []  # (base, documents, keys, offsets, postings)

    def add(self, base: int, documents: int, keys: list[str], offsets: array, postings: array) -> None:
        self.chunks.append((base, documents, keys, offsets, postings))

    def keys(self) -> list[str]:
        """Every chunk's keys, sorted."""
        return sorted(set().union(*(chunk[2] for chunk in self.chunks)))

    def join(self, keys: list[str], renumber: array) -> tuple[array, array, array]:
        """(document frequency, starts, postings) of `keys` (all of them), documents renumbered."""
        place_of = {key: place for place, key in enumerate(keys)}
        every_place = range(len(keys) + 1)
        starts = array("I")
        flat = array("I")
        freq = [0] * len(keys)
        for base, documents, chunk_keys, offsets, postings in self.chunks:
            shift = len(flat)
            new_number = renumber[base:base + documents].tolist()
            flat.extend(map(new_number.__getitem__, postings))
            chunk_places = array("I", map(place_of.__getitem__, chunk_keys))   # ascending, as both are sorted
            # Where each key's list begins: the chunk's own offset for the first of its keys at or after it.
            segment = array("I", map(offsets.__getitem__, map(bisect_left, repeat(chunk_places), every_place)))
            if shift:
                segment = array("I", map(shift.__add__, segment))
            freq = list(map(add, freq, map(sub, islice(segment, 1, None), segment)))
            starts.extend(segment)
        self.chunks = []
        return array("I", freq), starts, flat


class IndexMerger:
    """Joins chunks (in arrival order) into one IndexData."""

    def __init__(self) -> None:
        self.articles: list[tuple[str, tuple]] = []
        self.kinds = bytearray()
        self.columns = {name: array("I") for name in _COLUMNS}
        self.terms = Segmented()
        self.filters = Segmented()

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

    def build(self, elsewhere: Elsewhere | None = None) -> tuple[IndexData, list[str]]:
        """The index, and the article ids by article number (the corpus' order).

        `elsewhere(function, *args)`, if given, starts a call in another
        process and returns a function that waits for its result: the typo
        table (which needs only the vocabulary) and the frequent words' bit
        masks are built that way while this process does the rest.
        """
        vocab = self.terms.keys()
        typo_table = (elsewhere or later)(one_letter_table, vocab)
        by_order = sorted(range(len(self.articles)), key=lambda arrival: self.articles[arrival][1])
        article_number = array("I", bytes(4 * len(by_order)))
        for number, arrival in enumerate(by_order):
            article_number[arrival] = number
        article_ids = [self.articles[arrival][0] for arrival in by_order]
        columns = self.columns
        articles = array("I", map(article_number.__getitem__, columns["article"]))

        days, kinds, numbers = columns["day"], self.kinds, columns["number"]
        count = len(kinds)
        keys = doc_orders(days, kinds, articles, numbers)
        # Each chunk's documents are already in this order: the sort merges runs.
        order = array("I", sorted(range(count), key=keys.__getitem__))   # new number -> arrival number
        del keys
        renumber = array("I", bytes(4 * count))                           # arrival number -> new number
        for new, old in enumerate(order):
            renumber[old] = new

        def reordered(column: array) -> array:
            return array(column.typecode, map(column.__getitem__, order))

        doc_freq, post_starts, postings = self.terms.join(vocab, renumber)
        filter_keys = self.filters.keys()
        _, filter_starts, filter_postings = self.filters.join(filter_keys, renumber)

        # Meanwhile, for typos: the words of each length together, as one UTF-8 block (split on demand).
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

        # Only words in many documents: their sets are the expensive ones.
        common = max(64, count // 16)
        mask_words = [term for term in sorted(range(len(vocab)), key=doc_freq.__getitem__, reverse=True)[:MASK_WORDS]
                      if doc_freq[term] >= common]
        stride = len(vocab) + 1
        masks = (elsewhere or later)(mask_columns, count,
                                      [segment_runs(post_starts, postings, stride, term) for term in mask_words])

        data = IndexData(doc_kind=bytes(map(kinds.__getitem__, order)), doc_article=reordered(articles),
                         doc_number=reordered(numbers), doc_start=reordered(columns["start"]),
                         doc_end=reordered(columns["end"]), doc_first=reordered(columns["first"]),
                         doc_last=reordered(columns["last"]), doc_length=reordered(columns["length"]),
                         mask_low=array("Q"), mask_high=array("Q"), mask_words=[vocab[t] for t in mask_words],
                         vocab=vocab, doc_freq=doc_freq, post_starts=post_starts,
                         postings=postings, length_words=length_words, length_starts=length_starts,
                         near_table=typo_table(),
                         filter_keys=filter_keys, filter_starts=filter_starts, filter_postings=filter_postings)
        data.mask_low, data.mask_high = masks()
        return data, article_ids


def one_letter_forms(word: str) -> set[str]:
    """The word and the word less any one letter: two words one edit apart share one of these."""
    return {word, *(word[:i] + word[i + 1:] for i in range(len(word)))}


def form_hash(form: str) -> int:
    return zlib.crc32(form.encode("utf-8"))


def one_letter_table(vocab: list[str]) -> array:
    """`one_letter_forms` of every word of three letters or more, as sorted `hash << 32 | term`.

    A typo's candidates are then a binary search away instead of a scan
    of the vocabulary; entries whose hashes collide are harmless, the
    caller checks the distance of each candidate anyway.
    """
    crc = zlib.crc32
    entries = []
    for term, word in enumerate(vocab):
        if len(word) < 3:
            continue
        encoded = word.encode("utf-8")
        if len(encoded) == len(word):  # ASCII: dropping a byte drops a letter, no decoding needed
            entries.append(crc(encoded) << 32 | term)
            entries.extend([crc(encoded[:i] + encoded[i + 1:]) << 32 | term for i in range(len(encoded))])
        else:
            entries.extend([form_hash(form) << 32 | term for form in one_letter_forms(word)])
    entries.sort()
    return array("Q", entries)


def mask_columns(count: int, runs_by_bit: list[list[array]]) -> tuple[array, array]:
    """Per document, which of the frequent words it has: bit n set if it is in word n's runs."""
    mask_low = array("Q", bytes(8 * count))
    mask_high = array("Q", bytes(8 * count))
    for bit, runs in enumerate(runs_by_bit):
        column, value = (mask_low, 1 << bit) if bit < 64 else (mask_high, 1 << (bit - 64))
        for run in runs:
            for doc in run:
                column[doc] |= value
    return mask_low, mask_high


def later(function: Callable[..., _T], *args: Any) -> Callable[[], _T]:
    """Run `function(*args)` in this process, when it is waited for (`elsewhere` without other processes)."""
    return lambda: function(*args)


def build_index(articles: Iterable[Article], index: TopicIndex) -> tuple[IndexData, list[str]]:
    """The index of some articles, built in this process."""
    merger = IndexMerger()
    merger.add(index_chunk(articles, speaker_words(index)))
    return merger.build()
