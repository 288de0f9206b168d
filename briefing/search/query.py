"""The search box's little language.

    actor:lavrov topic:nato-membership since:2025-11 until:2025-12 kind:quote "paper guarantees" words
    is:unread is:starred has:note note:"ask kyiv"   (the reader's own marks, see briefing.state.rule)

Bare words are matched loosely (typos, prefixes); "quoted phrases" are
strongly preferred when their words appear together; `key:value` pairs are
filters (a value with spaces is quoted: actor:"Mr. Zelensky"). Anything
malformed raises `briefing.queries.QueryError` with a message for people.
Actor and topic names are checked later, against the corpus' index.
"""

from __future__ import annotations

import re

from briefing.dates import PartialDate
from briefing.queries import QueryError, period_bounds
from briefing.records import record
from briefing.search.tokens import tokens
from briefing.state import NOTE_FILTER, STATE_FILTERS
from briefing.text import fold_quotes

FILTER_KEYS = ("actor", "topic", "since", "until", "kind", *STATE_FILTERS, NOTE_FILTER)
SEARCH_KINDS = ("quote", "article", "event")

_FILTER = re.compile(r"^([A-Za-z][A-Za-z_-]*):(.*)$", re.DOTALL)


def did_you_mean(word: str, choices) -> str:
    from briefing.suggest import did_you_mean as suggest

    return suggest(word, choices)


@record
class QueryTerm:
    """One folded word of the query."""

    word: str
    phrase: int = -1      # index of the quoted phrase it belongs to, -1 for a bare word
    prefix: bool = False  # still being typed: its completions match too


@record
class Query:
    text: str
    terms: tuple[QueryTerm, ...] = ()
    phrases: tuple[tuple[str, ...], ...] = ()
    actors: tuple[str, ...] = ()   # as written; resolved against the index by the engine
    topics: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    since: PartialDate | None = None
    until: PartialDate | None = None
    states: tuple[str, ...] = ()   # reading-state filters: 'is:unread', 'is:starred', 'has:note'

    @property
    def words(self) -> tuple[str, ...]:
        return tuple(term.word for term in self.terms)

    @property
    def has_filters(self) -> bool:
        return bool(self.actors or self.topics or self.kinds or self.since or self.until or self.states)


def parse_query(text: str) -> Query:
    """Split a search-box query into words, phrases and filters."""
    source = fold_quotes(text)
    terms: list[QueryTerm] = []
    phrases: list[tuple[str, ...]] = []
    filters: dict[str, list[str]] = {key: [] for key in FILTER_KEYS}
    position, end = 0, len(source)
    last_bare = False  # was the last thing read a bare word (so it may still be typed)?
    while position < end:
        char = source[position]
        if char.isspace():
            position += 1
            last_bare = False
            continue
        if char == '"':
            phrase_text, position = _quoted(source, position)
            words = tokens(phrase_text)
            if words:
                number = len(phrases)
                phrases.append(tuple(words))
                terms.extend(QueryTerm(word, phrase=number) for word in words)
            last_bare = False
            continue
        stop = position
        while stop < end and not source[stop].isspace() and source[stop] != '"':
            stop += 1
        bare = source[position:stop]
        match = _FILTER.match(bare)
        if match and not match.group(2).startswith("//"):  # 'https://…' is text, not a filter
            key, value = match.group(1).lower(), match.group(2)
            if not value and stop < end and source[stop] == '"':
                value, stop = _quoted(source, stop)
            _add_filter(filters, key, value.strip(), bare)
            position = stop
            last_bare = False
            continue
        terms.extend(QueryTerm(word) for word in _bare_words(bare))
        position = stop
        last_bare = stop == end or source[stop] == '"'
    if last_bare and terms and terms[-1].phrase < 0:
        terms[-1] = QueryTerm(terms[-1].word, prefix=True)
    since, until = period_bounds(filters["since"][0] if filters["since"] else None,
                                 filters["until"][0] if filters["until"] else None, names=("since:", "until:"))
    return Query(text=text, terms=tuple(terms), phrases=tuple(phrases),
                 actors=tuple(filters["actor"]), topics=tuple(filters["topic"]),
                 kinds=tuple(dict.fromkeys(filters["kind"])), since=since, until=until,
                 states=tuple(dict.fromkeys(f"{key}:{value}" for key in (*STATE_FILTERS, NOTE_FILTER)
                                            for value in filters[key])))


def _bare_words(bare: str) -> list[str]:
    """The words of an unquoted token, without the "s" of "Zelenskyy's" or the "t" of "don't"."""
    pieces = bare.split("'")
    words = tokens(pieces[0])
    for piece in pieces[1:]:
        found = tokens(piece)
        if found and len(found[0]) == 1 and piece[:1].isalpha():
            found = found[1:]
        words += found
    return words


def _quoted(source: str, start: int) -> tuple[str, int]:
    """The text between the quote mark at `start` and its partner, and where it ends."""
    close = source.find('"', start + 1)
    if close < 0:
        opened = source[start + 1:].strip()
        hint = f'; close it: "{opened}"' if opened else ""
        raise QueryError(f"unbalanced quote: the phrase opened by \" at character {start + 1} "
                          f"is never closed{hint}")
    return source[start + 1:close], close + 1


def _add_filter(filters: dict[str, list[str]], key: str, value: str, written: str) -> None:
    if key not in filters:
        raise QueryError(f"unknown filter '{key}:'{did_you_mean(key, FILTER_KEYS)}; "
                          f"filters are {', '.join(k + ':' for k in FILTER_KEYS)} "
                          f"(put text with a colon in quotes)")
    if not value:
        example = {"actor": "lavrov", "topic": "ceasefire", "since": "2025-11",
                   "until": "2025-12", "kind": "quote", "is": "unread", "has": "note",
                   NOTE_FILTER: '"ask kyiv"'}[key]
        raise QueryError(f"'{written}' needs a value, e.g. {key}:{example}")
    if key == "kind":
        kind = value.lower()
        if kind not in SEARCH_KINDS and kind.endswith("s") and kind[:-1] in SEARCH_KINDS:
            kind = kind[:-1]  # kind:quotes
        if kind not in SEARCH_KINDS:
            raise QueryError(f"unknown kind '{value}'{did_you_mean(value, SEARCH_KINDS)}; "
                              f"kinds are {', '.join(SEARCH_KINDS)}")
        value = kind
    elif key in STATE_FILTERS:
        value = value.lower()
        known = STATE_FILTERS[key]
        if value not in known:
            raise QueryError(f"unknown '{key}:{value}'{did_you_mean(value, known)}; "
                              f"{key}: takes {', '.join(known)}")
    elif key in ("since", "until") and filters[key]:
        raise QueryError(f"{key}: is given twice ({key}:{filters[key][0]} and {key}:{value})")
    filters[key].append(value)
