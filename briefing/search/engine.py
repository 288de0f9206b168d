"""Typo-tolerant, prefix-aware, phrase-aware search over the index arrays.

A query word is first *expanded* over the vocabulary, never over the
documents: the word itself; its completions (the most frequent ones, while
it is being typed); and, when it is rare or unknown, the words one edit away
(found through a hash table of "word less one letter" forms built with the
index) or, for long words, two edits away (rapidfuzz over the words of
similar length). Posting lists then give the documents of each word.

Ranking is done in two passes so that a query stays fast however many
documents it touches:

1. a coarse pass over a few hundred candidates (documents with every query
   word as typed first, then every word at least approximately, then some
   of the words; newest first within each), using set membership only;
2. a fine pass over the best of them (the limit and half as many again),
   on their actual words: exact versus approximate matches, phrases, words
   next to each other, how much of the text the query covers. The spans to
   highlight are found for the hits that make the list.

Scores are 0-100; equal scores keep the newer item first.
"""

from __future__ import annotations

import math
import threading
from bisect import bisect_left, bisect_right
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from itertools import combinations, filterfalse, islice

from functools import cached_property

from briefing.dates import PartialDate
from briefing.model import Article, Event, Quote, TopicIndex
from briefing.records import field, record
from briefing.search.build import (
    EVENT, HIT_KINDS, KIND_CODES, PARAGRAPH, QUOTE, SUMMARY, TITLE, IndexData, build_index, form_hash,
    one_letter_forms, speaker_words,
)
from briefing.queries import Names, QueryError, period_bounds
from briefing.search.query import Query, QueryTerm, parse_query
from briefing.search.tokens import token_spans, tokens
from briefing.state import ARTICLE

TYPE_CHECKING = False
if TYPE_CHECKING:  # (type-only: the cache is a layer above the engine)
    from briefing.cache.index_file import IndexFile
    from briefing.state.store import ReadingState

KIND_WEIGHT = {QUOTE: 1.0, EVENT: 0.95, TITLE: 0.95, SUMMARY: 0.85, PARAGRAPH: 0.75}
_PARTS = {QUOTE: "quote", EVENT: "event", TITLE: "title", SUMMARY: "summary", PARAGRAPH: "body"}

EXACT, NEAR_TIER = 1.0, 0.75
TYPO_WEIGHT = {1: 0.75, 2: 0.55}
TYPO_PREFIX_WEIGHT = 0.6
META_FACTOR = 0.9           # a word matched by the speaker's name or the event's place

COARSE_LIMIT = 400          # candidates scored in the coarse pass
FINE_MINIMUM = 60           # candidates the coarse pass should find, at least
FINE_EXTRA = 20             # candidates scored in the fine pass beyond `limit` (at least)
PARTIAL_POOL = 30_000       # how many partial matches we are willing to count
PARTIAL_WORDS = 5           # partial matches consider the rarest few words only
# Completions of the word being typed, by its length: (how many words, how many postings in all).
# A short prefix has thousands of completions; the most frequent few stand for them.
PREFIX_COMPLETIONS = {1: (0, 0), 2: (6, 20_000), 3: (12, 50_000)}
LONG_PREFIX = (40, 150_000)
LOOSE_COMPLETIONS = (10, 30_000)  # of a finished word ("guarantee" -> "guarantees")
MAX_TYPOS = 30
TYPO_IF_FEWER = 5           # documents: a word in more is taken as meant


@record
class Hit:
    """One search result; `spans` are (start, end) offsets into `text` to highlight."""

    kind: str               # 'quote' | 'article' | 'event'
    article_id: str
    text: str
    date: PartialDate
    score: float            # 0-100
    speaker: str = ""       # actor id, for a quote
    speaker_name: str = ""
    title: str = ""         # the article's title
    spans: tuple[tuple[int, int], ...] = ()
    item: Quote | Article | Event | None = field(default=None, compare=False, repr=False)


class Members(set):
    """Document numbers of some rarer words, with their sorted list made once, when needed."""

    __slots__ = ("_sorted",)
    _sorted: list[int]

    def newest_first(self) -> list[int]:
        try:
            return self._sorted
        except AttributeError:
            self._sorted = sorted(self)
            return self._sorted


class DocSet:
    """The documents having any of some words.

    Rarer words' documents are Python sets (`parts`); the most frequent
    words (whose sets would be huge) are bits tested in the per-document
    masks, and their posting lists (already newest first) serve to walk
    them. Either way `has(doc)` answers membership, `sources()` lists every
    member newest first (in a few sorted runs), and `size` is the sum of the
    words' document counts (an upper bound). A union shares its parts
    rather than copying them.
    """

    __slots__ = ("parts", "runs", "low", "high", "size", "has")

    def __init__(self, parts: list[Members], runs: list, low: int, high: int, size: int, masks: tuple) -> None:
        self.parts, self.runs, self.low, self.high, self.size = parts, runs, low, high, size
        mask_low, mask_high = masks
        tests = [part.__contains__ for part in parts]
        if low:
            tests.append(lambda doc: mask_low[doc] & low)
        if high:
            tests.append(lambda doc: mask_high[doc] & high)
        if not tests:
            self.has = lambda doc: False
        elif len(tests) == 1:
            self.has = tests[0]
        elif len(tests) == 2:
            first, second = tests
            self.has = lambda doc: first(doc) or second(doc)
        else:
            self.has = lambda doc: any(test(doc) for test in tests)

    @property
    def empty(self) -> bool:
        return not self.size

    @property
    def enumerable(self) -> bool:
        """Whether every member is in `parts` (no frequent word among them)."""
        return not (self.low or self.high)

    def members(self) -> set[int]:
        """All members as one set (only for enumerable sets of modest size)."""
        return self.parts[0] if len(self.parts) == 1 else set().union(*self.parts)

    def held(self) -> int:
        """How many document numbers this keeps in memory."""
        return sum(len(part) for part in self.parts)

    def sources(self) -> list:
        """Sorted runs (newest first) that together hold every member."""
        return [*self.runs, *(part.newest_first() for part in self.parts)]

    def union(self, other: "DocSet", masks: tuple) -> "DocSet":
        if other.empty:
            return self
        if self.empty:
            return other
        return DocSet(self.parts + other.parts, self.runs + other.runs, self.low | other.low,
                      self.high | other.high, self.size + other.size, masks)


@record(frozen=False)
class _Expansion:
    """A query word's matching vocabulary words and the documents they occur in."""

    weights: dict[str, float]   # vocabulary word -> how well it matches (1.0 exact)
    exact: DocSet               # documents with the word itself
    near: DocSet                # documents with a completion or a near miss
    docs: DocSet                # either


@record(frozen=False)
class _Scope:
    """What the filters allow: documents in [low, high), in every set, passing `check`."""

    low: int
    high: int
    sets: list[DocSet]
    check: Callable[[int], bool] | None

    def allows(self, doc: int) -> bool:
        return (self.low <= doc < self.high and all(s.has(doc) for s in self.sets)
                and (self.check is None or self.check(doc)))


class _LRU:
    """Recently used results, bounded in number and in total weight (document numbers held).

    Thread-safe: the reader may run a search in a worker while another finishes.
    """

    def __init__(self, size: int, budget: int) -> None:
        self.size = size
        self.budget = budget
        self.total = 0
        self._items: OrderedDict = OrderedDict()   # key -> (value, weight)
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            found = self._items.get(key)
            if found is None:
                return None
            self._items.move_to_end(key)
            return found[0]

    def put(self, key, value, weight: int = 1):
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self.total -= old[1]
            self._items[key] = (value, weight)
            self.total += weight
            while len(self._items) > 1 and (len(self._items) > self.size or self.total > self.budget):
                _, (_, dropped) = self._items.popitem(last=False)
                self.total -= dropped
        return value


class SearchEngine:
    """Searches one briefing. Build it with `from_corpus` or `briefing.search.open_index`."""

    def __init__(self, data: IndexData, index: TopicIndex, article_at: Callable[[int], Article],
                 texts: Callable[..., tuple[str, str, str]] | None = None,
                 items: Callable[..., tuple] | None = None) -> None:
        """`article_at(n)` gives article number n (the corpus' order). `texts(n, part, item,
        start, end)` and `items(n, part, item)` may give (text, speaker, place) of a part of it
        and (the Quote/Event/Article, article id, title) more cheaply than a whole article."""
        self.data = data
        self.index = index
        self._article_at = article_at
        self._texts = texts or self._texts_of_articles
        self._items = items or self._items_of_articles
        self._masks = (data.mask_low, data.mask_high)
        self._mask_bit = {word: bit for bit, word in enumerate(data.mask_words)}
        self._speaker_words: dict[str, str] | None = None
        # Sets of document numbers are the big objects (~80 bytes a number): keep ~700,000 (~55 MB).
        self._expansions = _LRU(256, 500_000)
        self._filters = _LRU(32, 200_000)
        self._length_buckets: dict[int, list[str]] = {}
        self.store: IndexFile | None = None  # the IndexFile whose memory map backs `data`, if any
        self._article_ids: dict[int, str] = {}  # article number -> id, as reading-state filters ask

    @classmethod
    def from_corpus(cls, corpus) -> "SearchEngine":
        """An in-memory engine over a loaded `Corpus` (fast for small briefings).

        Hits carry the corpus' own Quote/Article/Event objects.
        """
        data, article_ids = build_index(corpus.articles, corpus.index)
        articles = corpus.articles
        if [a.id for a in articles] != article_ids:  # pragma: no cover - both sort by (published, id)
            raise RuntimeError("the index's article order differs from the corpus'")
        return cls(data, corpus.index, articles.__getitem__)

    # ------------------------------------------------------------ public

    @property
    def doc_count(self) -> int:
        return self.data.doc_count

    def article(self, number: int) -> Article:
        return self._article_at(number)

    def search(self, query: str | Query, limit: int = 50, *, actor: str | None = None,
               topic: str | None = None, since: str | PartialDate | None = None,
               until: str | PartialDate | None = None, kind: str | None = None,
               state: ReadingState | None = None) -> list[Hit]:
        """The best `limit` hits for a search-box query; raises QueryError for a bad one.

        The keyword filters (from command-line options) apply on top of the
        query's own `actor:`/`topic:`/… filters. `is:`/`has:` filters ask
        `state`, the reader's marks, as they are now (see briefing.state.rule).
        """
        parsed = query if isinstance(query, Query) else parse_query(query)
        scope = self._scope(parsed, actor, topic, since, until, kind, state)
        if scope is None or limit <= 0:
            return []
        if not parsed.terms:
            return self._listing(scope, limit)
        expansions = [self._expand(term) for term in parsed.terms]
        candidates = self._candidates(expansions, scope, max(FINE_MINIMUM, 2 * limit))
        if not candidates:
            return []
        return self._rank(parsed, expansions, candidates, limit)

    def events(self, actor: str | None = None, topic: str | None = None, since: str | PartialDate | None = None,
               until: str | PartialDate | None = None) -> list[Event]:
        """The events the filters allow, in date order (the timeline); raises QueryError."""
        scope = self._scope(Query(text=""), actor, topic, since, until, "event")
        if scope is None:
            return []
        data = self.data
        found = [self._items(data.doc_article[doc], "event", data.doc_number[doc])[0]
                 for doc in self._matching([], scope, data.doc_count)]
        found.sort(key=lambda event: (event.date.sort_key, event.article_id, event.number))
        return found

    # ----------------------------------------------------------- filters

    def _scope(self, query: Query, actor, topic, since, until, kind, state=None) -> _Scope | None:
        """What the filters allow; None when they exclude everything."""
        sets: list[DocSet] = []
        actors = [self._resolve_actor(name) for name in query.actors]
        topics = [self._resolve_topic(name) for name in query.topics]
        if actors:
            sets.append(self._filter_docs(tuple(sorted("actor:" + a for a in actors))))
        if topics:
            sets.append(self._filter_docs(tuple(sorted("topic:" + t for t in topics))))
        if actor:
            sets.append(self._filter_docs(("actor:" + self._resolve_actor(actor),)))
        if topic:
            sets.append(self._filter_docs(("topic:" + self._resolve_topic(topic),)))
        kinds = set(query.kinds)
        if kind:
            if kind not in KIND_CODES:
                raise QueryError(f"unknown kind '{kind}'; kinds are quote, article, event")
            kinds = kinds & {kind} if kinds else {kind}
            if not kinds:
                return None
        given_since, given_until = period_bounds(since, until)
        start = _later(query.since, given_since)
        end = _earlier(query.until, given_until)
        if start and end and start.first_day() > end.last_day():
            return None
        if any(s.empty for s in sets):
            return None

        checks = []
        if kinds:
            codes = {code for name in kinds for code in KIND_CODES[name]}
            allowed = tuple(code in codes for code in range(256))
            kind_of = self.data.doc_kind
            checks.append(lambda doc: allowed[kind_of[doc]])
        count = self.data.doc_count
        first = self.data.doc_first
        low, high = 0, count
        if end is not None:
            low = _first_at_most(first, end.last_day().toordinal(), count)
        if start is not None:
            begin = start.first_day().toordinal()
            whole = _first_at_most(first, begin - 1, count)      # before this, the first day is >= begin
            # A month or a year that began before `start` may still reach into it.
            high = max(low, _first_at_most(first, begin - 367, count))
            if high > whole:
                last = self.data.doc_last
                checks.append(lambda doc: doc < whole or last[doc] >= begin)
        if query.states:
            checks.append(self._state_check(query.states, state))
        if low >= high:
            return None
        if not checks:
            check = None
        elif len(checks) == 1:
            check = checks[0]
        else:
            check = lambda doc: all(each(doc) for each in checks)  # noqa: E731
        return _Scope(low, high, sets, check)

    def _state_check(self, wanted: tuple[str, ...], state: ReadingState | None) -> Callable[[int], bool]:
        """Whether a document passes the reading-state filters, by the one rule in briefing.state.rule."""
        from briefing.state.rule import state_test

        allows = state_test(state, wanted)
        data, ids = self.data, self._article_ids
        kind_of, article_of, number_of = data.doc_kind, data.doc_article, data.doc_number

        def check(doc: int) -> bool:
            number = article_of[doc]
            article_id = ids.get(number)
            if article_id is None:
                article_id = ids[number] = self._items(number, "title", 0)[1]
            return allows(article_id, number_of[doc] if kind_of[doc] == QUOTE else ARTICLE)

        return check

    @cached_property
    def _names(self) -> Names:
        return Names(self.index)

    def _resolve_actor(self, name: str) -> str:
        return self._names.require_actor(name).id

    def _resolve_topic(self, name: str) -> str:
        return self._names.require_topic(name).id

    def _filter_docs(self, keys: tuple[str, ...]) -> DocSet:
        cached = self._filters.get(keys)
        if cached is not None:
            return cached
        members = Members()
        data = self.data
        for key in keys:
            place = bisect_left(data.filter_keys, key)
            if place < len(data.filter_keys) and data.filter_keys[place] == key:
                for run in data.filter_runs(place):
                    members.update(run)
        return self._filters.put(keys, DocSet([members] if members else [], [], 0, 0, len(members), self._masks),
                                 len(members))

    # ------------------------------------------------------- expansions

    def _expand(self, term: QueryTerm) -> _Expansion:
        mode = "prefix" if term.prefix else "phrase" if term.phrase >= 0 else "word"
        key = (term.word, mode)
        cached = self._expansions.get(key)
        if cached is not None:
            return cached
        word = term.word
        weights: dict[str, float] = {}
        frequency = self._doc_freq(word)
        if frequency:
            weights[word] = EXACT
        if mode == "prefix":
            for completion in self._completions(word, *PREFIX_COMPLETIONS.get(len(word), LONG_PREFIX)):
                weights[completion] = 0.7 + 0.25 * len(word) / len(completion)
        elif mode == "word" and len(word) >= 4:
            for completion in self._completions(word, *LOOSE_COMPLETIONS):
                weights.setdefault(completion, 0.6 + 0.2 * len(word) / len(completion))
        # Typos are looked for when the word as typed is rare or unknown and,
        # while it is being typed, nothing starts with it either.
        if len(word) >= 4 and frequency < TYPO_IF_FEWER and (mode != "prefix" or len(weights) <= 1):
            for typo, distance in self._typos(word):
                weights.setdefault(typo, TYPO_WEIGHT[distance])
            if mode == "prefix" and not frequency and len(weights) == 0:
                for typo in self._typo_completions(word):
                    weights.setdefault(typo, TYPO_PREFIX_WEIGHT)
        exact = self._docset([word] if frequency else [])
        near = self._docset([w for w in weights if w != word])
        expansion = _Expansion(weights, exact, near, exact.union(near, self._masks))
        return self._expansions.put(key, expansion, expansion.docs.held())

    def _docset(self, words: Iterable[str]) -> DocSet:
        members = Members()
        runs = []
        low = high = size = 0
        data = self.data
        for word in words:
            place = bisect_left(data.vocab, word)
            if place == len(data.vocab) or data.vocab[place] != word:
                continue
            size += data.doc_freq[place]
            word_runs = data.word_runs(place)
            bit = self._mask_bit.get(word)
            if bit is None:
                for run in word_runs:
                    members.update(run)
                continue
            runs.extend(word_runs)
            if bit < 64:
                low |= 1 << bit
            else:
                high |= 1 << (bit - 64)
        return DocSet([members] if members else [], runs, low, high, size, self._masks)

    def _completions(self, prefix: str, room: int, budget: int) -> list[str]:
        """The most frequent words that start with `prefix`: at most `room`, about `budget` postings."""
        if room <= 0:
            return []
        vocab, freq = self.data.vocab, self.data.doc_freq
        low = bisect_right(vocab, prefix)
        high = bisect_left(vocab, prefix + "\U0010ffff", low)
        places = sorted(range(low, high), key=freq.__getitem__, reverse=True)[:room]
        chosen: list[str] = []
        spent = 0
        for place in places:
            if chosen and spent + freq[place] > budget:
                break
            chosen.append(vocab[place])
            spent += freq[place]
        return chosen

    def _bucket(self, length: int) -> list[str]:
        """Vocabulary words of exactly `length` letters."""
        bucket = self._length_buckets.get(length)
        if bucket is None:
            starts = self.data.length_starts
            if 1 <= length < len(starts) - 1:
                block = self.data.length_words[starts[length]:starts[length + 1]]
                bucket = bytes(block).decode("utf-8").split("\n")[:-1]
            else:
                bucket = []
            self._length_buckets[length] = bucket
        return bucket

    def _typos(self, word: str) -> list[tuple[str, int]]:
        """Vocabulary words one edit away; for long words, two when none is one away.

        Swapped letters count as one edit (optimal string alignment).
        """
        found = [(1, -self._doc_freq(candidate), candidate) for candidate in self._one_edit(word)]
        if not found and len(word) >= 8:
            from rapidfuzz import process  # a slower scan, for the rarer second edit
            from rapidfuzz.distance import OSA

            for length in range(len(word) - 2, len(word) + 3):
                for choice, distance, _ in process.extract(word, self._bucket(length), scorer=OSA.distance,
                                                           score_cutoff=2, limit=None):
                    if distance == 2:
                        found.append((2, -self._doc_freq(choice), choice))
        found.sort()
        return [(choice, distance) for distance, _, choice in found[:MAX_TYPOS]]

    def _one_edit(self, word: str) -> list[str]:
        """Vocabulary words exactly one edit from `word`, through the index's hash table."""
        table, vocab = self.data.near_table, self.data.vocab
        size = len(table)
        seen: set[int] = set()
        for form in one_letter_forms(word):
            key = form_hash(form)
            at = bisect_left(table, key << 32)
            while at < size and table[at] >> 32 == key:
                seen.add(table[at] & 0xFFFF_FFFF)
                at += 1
        return [vocab[term] for term in seen if _one_edit_apart(word, vocab[term])]

    def _typo_completions(self, prefix: str) -> list[str]:
        """Words that begin with something one edit away from `prefix` ('garan' -> 'guarantees')."""
        from rapidfuzz import process
        from rapidfuzz.distance import OSA

        vocab = self.data.vocab
        for lead in (prefix[:1], prefix[:2]):
            low = bisect_left(vocab, lead)
            high = bisect_left(vocab, lead + "\U0010ffff", low)
            if high - low <= 5000:
                break
        words = vocab[low:high]
        best: dict[str, int] = {}
        for size in (len(prefix) - 1, len(prefix), len(prefix) + 1):
            heads = [w[:size] if len(w) > size else "" for w in words]
            for _, distance, place in process.extract(prefix, heads, scorer=OSA.distance,
                                                      score_cutoff=1, limit=None):
                if heads[place]:
                    best[words[place]] = min(distance, best.get(words[place], 9))
        ranked = sorted(best, key=lambda w: (best[w], -self._doc_freq(w)))
        return ranked[:MAX_TYPOS]

    def _doc_freq(self, word: str) -> int:
        vocab = self.data.vocab
        place = bisect_left(vocab, word)
        return self.data.doc_freq[place] if place < len(vocab) and vocab[place] == word else 0

    # ------------------------------------------------------- candidates

    def _candidates(self, expansions: list[_Expansion], scope: _Scope, wanted: int) -> list[int]:
        """Up to COARSE_LIMIT documents worth a closer look, best first.

        Those with every word as typed come first, then those with every word
        at least approximately (newest first within each); partial matches
        only when there are not enough of those.
        """
        live = [e for e in expansions if not e.docs.empty]
        if not live:
            return []
        chosen: list[int] = []
        if all(not e.exact.empty for e in live):
            chosen = self._matching([e.exact for e in live], scope, COARSE_LIMIT)
        if len(chosen) < COARSE_LIMIT:
            chosen += self._matching([e.docs for e in live], scope, COARSE_LIMIT - len(chosen), skip=chosen)
        if len(chosen) < wanted and len(expansions) > 1:
            chosen += self._partial(live, scope, COARSE_LIMIT - len(chosen), skip=chosen)
        return self._coarse(expansions, chosen)

    def _matching(self, docsets: list[DocSet], scope: _Scope, count: int, skip: Sequence[int] = ()) -> list[int]:
        """Up to `count` documents in every one of `docsets` and in the scope, newest first.

        Sets are intersected in C, smallest first; what is left is walked in
        order and only the frequent words' bit masks are tested one by one,
        so the cost follows the rarest word, not the commonest.
        """
        if count <= 0:
            return []
        tests = sorted(docsets + scope.sets, key=lambda s: s.size)
        if tests and tests[0].enumerable:
            found = tests[0].members()
            walked = []
            for docs in tests[1:]:
                if docs.enumerable:
                    found = _intersection(found, docs.parts)
                else:
                    walked.append(docs)
            ordered = sorted(found) if found is not tests[0].members() else tests[0].sources()[0]
            sources = [ordered]
        elif tests:
            sources = tests[0].sources()
            walked = tests[1:]
        else:  # no words and no actor/topic: the documents themselves, newest first
            sources = [range(scope.low, scope.high)]
            walked = []
        skipped = set(skip).__contains__ if skip else None
        found_docs: list[int] = []
        for source in sources:
            walk = iter(source[bisect_left(source, scope.low):bisect_left(source, scope.high)])
            for docs in walked:
                walk = filter(docs.has, walk)
            if scope.check is not None:
                walk = filter(scope.check, walk)
            if skipped is not None:
                walk = filterfalse(skipped, walk)
            found_docs.extend(islice(walk, count))
        if len(sources) > 1:
            found_docs = sorted(set(found_docs))[:count]
        return found_docs

    def _partial(self, live: list[_Expansion], scope: _Scope, count: int, skip: list[int]) -> list[int]:
        """Documents with some of the words: most words first, then newest first.

        Only the rarer words count here (a document with just "the" is no answer).
        """
        if count <= 0:
            return []
        sets: list[set[int]] = []
        size = 0
        for expansion in sorted(live, key=lambda e: e.docs.size)[:PARTIAL_WORDS]:
            docs = expansion.docs
            if not docs.enumerable or (sets and size + docs.held() > PARTIAL_POOL):
                break
            sets.append(docs.members())
            size += docs.held()
        taken = set(skip)
        found: list[int] = []
        for width in range(len(sets), 0, -1):
            level: set[int] = set()
            for group in combinations(sets, width):
                level |= group[0].intersection(*group[1:]) if width > 1 else group[0]
            level -= taken
            newest = list(islice(filter(scope.allows, sorted(level)), count - len(found)))
            found += newest
            taken.update(newest)
            if len(found) >= count:
                break
        return found

    def _coarse(self, expansions: list[_Expansion], docs: list[int]) -> list[int]:
        """Order candidates by set membership alone (cheap), best first."""
        total = self.data.doc_count
        weights = [math.log(1 + total / (1 + e.docs.size)) for e in expansions]
        weight_sum = sum(weights) or 1.0
        kind_of, length_of = self.data.doc_kind, self.data.doc_length
        tests = [(e.exact.has, e.near.has, w) for e, w in zip(expansions, weights)]
        n = len(expansions)
        scored = []
        for doc in docs:
            covered = 0.0
            for exact, near, weight in tests:
                if exact(doc):
                    covered += weight
                elif near(doc):
                    covered += NEAR_TIER * weight
            density = min(1.0, n / (length_of[doc] or 1))
            scored.append((-(0.85 * covered / weight_sum + 0.15 * density) * KIND_WEIGHT[kind_of[doc]], doc))
        scored.sort()
        return [doc for _, doc in scored]

    # ----------------------------------------------------------- ranking

    def _rank(self, query: Query, expansions: list[_Expansion], candidates: list[int], limit: int) -> list[Hit]:
        total = self.data.doc_count
        idf = [math.log(1 + total / (1 + e.docs.size)) for e in expansions]
        vocabulary = set().union(*(e.weights for e in expansions))
        kind_of = self.data.doc_kind
        scored = []
        for doc in candidates[:limit + max(FINE_EXTRA, limit // 2)]:
            text, meta = self._doc_text(doc)
            score, positions, runs = _score(query, expansions, idf, vocabulary, text, meta, kind_of[doc])
            if score > 0:
                scored.append((-score, doc, positions, runs, text))
        scored.sort(key=lambda entry: (entry[0], entry[1]))
        hits: list[Hit] = []
        seen_articles: set[int] = set()
        for negative, doc, positions, runs, text in scored:
            kind = kind_of[doc]
            if kind in (TITLE, SUMMARY, PARAGRAPH):
                article = self.data.doc_article[doc]
                if article in seen_articles:
                    continue  # one hit per article: its best part
                seen_articles.add(article)
            hits.append(self._hit(doc, text, round(-negative, 2), _spans(text, positions, runs)))
            if len(hits) >= limit:
                break
        return hits

    def _listing(self, scope: _Scope, limit: int) -> list[Hit]:
        """No words: the filtered items, newest first (an article by its title)."""
        kind_of = self.data.doc_kind
        listed = _Scope(scope.low, scope.high, scope.sets,
                        lambda doc: kind_of[doc] not in (SUMMARY, PARAGRAPH)
                        and (scope.check is None or scope.check(doc)))
        docs = self._matching([], listed, limit)
        return [self._hit(doc, self._doc_text(doc)[0], 0.0, ()) for doc in docs]

    def _doc_text(self, doc: int) -> tuple[str, str]:
        """A document's text, and its unhighlighted extra words (speaker, place)."""
        data = self.data
        text, speaker, place = self._texts(data.doc_article[doc], _PARTS[data.doc_kind[doc]],
                                           data.doc_number[doc], data.doc_start[doc], data.doc_end[doc])
        return text, self._speaker_text(speaker) if speaker else place

    def _texts_of_articles(self, number: int, part: str, item: int, start: int, end: int) -> tuple[str, str, str]:
        article = self._article_at(number)
        if part == "quote":
            quote = _numbered(article.quotes, item)
            return quote.text, quote.speaker, ""
        if part == "event":
            event = _numbered(article.events, item)
            return event.title, "", event.place
        if part == "body":
            return article.body[start:end], "", ""
        return (article.title if part == "title" else article.summary), "", ""

    def _speaker_text(self, speaker: str) -> str:
        if self._speaker_words is None:
            self._speaker_words = speaker_words(self.index)
        return self._speaker_words.get(speaker, "")

    def _items_of_articles(self, number: int, part: str, item: int) -> tuple:
        article = self._article_at(number)
        if part == "quote":
            return _numbered(article.quotes, item), article.id, article.title
        if part == "event":
            return _numbered(article.events, item), article.id, article.title
        return article, article.id, article.title

    def _hit(self, doc: int, text: str, score: float, spans) -> Hit:
        data = self.data
        kind = data.doc_kind[doc]
        item, article_id, title = self._items(data.doc_article[doc], _PARTS[kind], data.doc_number[doc])
        speaker = speaker_name = ""
        if kind == QUOTE:
            speaker = item.speaker
            actor = self.index.actor_by_id.get(speaker)
            speaker_name = actor.name if actor else speaker
        return Hit(kind=HIT_KINDS[kind], article_id=article_id, text=text, date=item.date,
                   score=min(100.0, max(0.0, score)), speaker=speaker, speaker_name=speaker_name,
                   title=title, spans=tuple(spans), item=item)


# --------------------------------------------------------------- scoring

def _score(query: Query, expansions: list[_Expansion], idf: list[float], vocabulary: set[str],
           text: str, meta: str, kind: int) -> tuple[float, list[int], list[tuple[int, int]]]:
    """The fine score (0-100) of one document's text.

    Also returns which of its words matched (their positions) and where
    phrases matched (runs of positions), from which the hit's spans are
    drawn if it makes the list.
    """
    words = tokens(text)
    positions = [j for j, word in enumerate(words) if word in vocabulary]
    # at[i]: position -> how well the word there matches query term i
    at: list[dict[int, float]] = [{} for _ in expansions]
    best = [0.0] * len(expansions)
    for j in positions:
        word = words[j]
        for i, expansion in enumerate(expansions):
            weight = expansion.weights.get(word)
            if weight:
                at[i][j] = weight
                if weight > best[i]:
                    best[i] = weight
    if meta:
        for i, expansion in enumerate(expansions):
            if best[i] < 1.0:
                for word in meta.split():
                    weight = META_FACTOR * expansion.weights.get(word, 0.0)
                    if weight > best[i]:
                        best[i] = weight
    weight_sum = sum(idf) or 1.0
    coverage = sum(b * w for b, w in zip(best, idf)) / weight_sum
    if coverage <= 0:
        return 0.0, [], []
    density = min(1.0, len(positions) / (len(words) or 1))

    terms = query.terms
    runs: list[tuple[int, int]] = []
    phrase_scores = []
    for number in range(len(query.phrases)):
        members = [i for i, term in enumerate(terms) if term.phrase == number]
        found = _runs(at, members, exact=True)
        quality = 1.0
        if not found:
            found, quality = _runs(at, members, exact=False), 0.6
        phrase_scores.append(quality if found else 0.0)
        runs += found
    pairs = [(i, i + 1) for i in range(len(terms) - 1)
             if terms[i].phrase < 0 or terms[i].phrase != terms[i + 1].phrase]
    if pairs:
        proximity = sum(1 for i, k in pairs if any(j + 1 in at[k] for j in at[i])) / len(pairs)
    else:
        proximity = coverage
    if query.phrases:
        raw = (0.55 * coverage + 0.30 * (sum(phrase_scores) / len(phrase_scores))
               + 0.08 * proximity + 0.07 * density)
    else:
        raw = 0.78 * coverage + 0.12 * proximity + 0.10 * density
    return 100.0 * raw * KIND_WEIGHT[kind], positions, runs


def _runs(at: list[dict[int, float]], members: list[int], exact: bool) -> list[tuple[int, int]]:
    """(first, last) positions where the terms `members` match consecutive words, in order."""
    if not members:
        return []
    found = []
    head, rest = at[members[0]], members[1:]
    for start, weight in head.items():
        if exact and weight < 1.0:
            continue
        for offset, term in enumerate(rest, start=1):
            term_weight = at[term].get(start + offset)
            if not term_weight or (exact and term_weight < 1.0):
                break
        else:
            found.append((start, start + len(rest)))
    return found


def _spans(text: str, positions: list[int], runs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Character spans in `text` of the matched words and phrases."""
    if not positions:
        return []
    places = token_spans(text, upto=max(positions[-1], max((last for _, last in runs), default=0)) + 1)
    spans = [(places[j][0], places[j][1]) for j in positions if j < len(places)]
    spans += [(places[first][0], places[last][1]) for first, last in runs if last < len(places)]
    return _merge(spans)


def _intersection(docs: set[int], parts: Sequence[set[int]]) -> set[int]:
    """docs & (the union of parts), without building the union."""
    if len(parts) == 1:
        return docs & parts[0]
    return set().union(*(docs & part for part in parts))


def _one_edit_apart(a: str, b: str) -> bool:
    """Whether one insertion, deletion, substitution or swap of neighbours turns a into b."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    start = 0
    while start < len(a) and a[start] == b[start]:
        start += 1
    if len(a) < len(b):
        return a[start:] == b[start + 1:]
    return (a[start + 1:] == b[start + 1:]
            or (start + 1 < len(a) and a[start] == b[start + 1] and a[start + 1] == b[start]
                and a[start + 2:] == b[start + 2:]))


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _numbered(items, number: int):
    if number < len(items) and items[number].number == number:
        return items[number]
    return next(item for item in items if item.number == number)


def _first_at_most(first_days, ordinal: int, count: int) -> int:
    """The first document whose first day is <= `ordinal` (documents go newest first)."""
    low, high = 0, count
    while low < high:
        middle = (low + high) // 2
        if first_days[middle] <= ordinal:
            high = middle
        else:
            low = middle + 1
    return low


def _later(a: PartialDate | None, b: PartialDate | None) -> PartialDate | None:
    if a is None or b is None:
        return a or b
    return a if a.first_day() >= b.first_day() else b


def _earlier(a: PartialDate | None, b: PartialDate | None) -> PartialDate | None:
    if a is None or b is None:
        return a or b
    return a if a.last_day() <= b.last_day() else b
