"""Model objects ⇄ compact bytes, for the cache.

`marshal` is the fastest serializer in the standard library but only knows
built-in types, so each model dataclass travels as a tuple of its fields in
declaration order, dates as (year, month, day) and nested items as tuples.
The field lists are part of `SCHEMA`, which goes into the cache's format
key: when the model changes, old caches are simply rebuilt.
"""

from __future__ import annotations

import marshal

from briefing.dates import PartialDate
from briefing.model import (
    Actor,
    Article,
    Event,
    Position,
    Problem,
    Quote,
    Topic,
    TopicIndex,
)
from briefing.records import fields

_NESTED = {"quotes": Quote, "events": Event, "positions": Position}


def _layout(cls) -> tuple[tuple[str, str], ...]:
    """(field name, how it is stored) for each field of a model class."""
    layout = []
    for name, annotation in fields(cls):
        if "PartialDate" in annotation:
            how = "date"
        elif name in _NESTED and cls is Article:
            how = name
        else:
            how = "plain"
        layout.append((name, how))
    return tuple(layout)


_ARTICLE = _layout(Article)
_NESTED_LAYOUT = {name: _layout(cls) for name, cls in _NESTED.items()}
SCHEMA = repr((_ARTICLE, _NESTED_LAYOUT, _layout(Actor), _layout(Topic), _layout(Problem)))


def _encode_date(date: PartialDate) -> tuple[int, int, int]:
    return (date.year, date.month or 0, date.day or 0)


class _Dates(dict):
    """One PartialDate object per distinct date: a corpus has few of them."""

    def __missing__(self, key):
        year, month, day = key
        date = self[key] = PartialDate(year, month or None, day or None)
        return date


_DATES = _Dates()


def _encode(obj, layout) -> tuple:
    values = []
    for name, how in layout:
        value = getattr(obj, name)
        if how == "date":
            value = _encode_date(value)
        elif how != "plain":
            value = tuple(_encode(item, _NESTED_LAYOUT[how]) for item in value)
        values.append(value)
    return tuple(values)


def _decoder(cls, layout):
    """A function from a field tuple back to a `cls` object (hot: a corpus has 100,000s)."""
    dates = [i for i, (_, how) in enumerate(layout) if how == "date"]
    nested = [(i, _decoder(_NESTED[how], _NESTED_LAYOUT[how])) for i, (_, how) in enumerate(layout)
              if how not in ("date", "plain")]
    dated = _DATES.__getitem__
    if not dates and not nested:
        return lambda values: cls(*values)
    if not nested and len(dates) == 1:  # Quote, Event, Position
        (at,) = dates
        return lambda values: cls(*values[:at], dated(values[at]), *values[at + 1:])

    def decode(values):
        values = list(values)
        for i in dates:
            values[i] = dated(values[i])
        for i, inner in nested:
            values[i] = tuple(map(inner, values[i]))
        return cls(*values)

    return decode


_decode_article = _decoder(Article, _ARTICLE)


def _place(layout, name: str) -> int:
    return [field for field, _ in layout].index(name)


# Where the fields a search needs sit in an undecoded article (see `raw_text`).
_A_ID, _A_TITLE, _A_SUMMARY, _A_BODY = (_place(_ARTICLE, n) for n in ("id", "title", "summary", "body"))
_A_QUOTES, _A_EVENTS = _place(_ARTICLE, "quotes"), _place(_ARTICLE, "events")
_Q_NUMBER, _Q_SPEAKER, _Q_TEXT = (_place(_NESTED_LAYOUT["quotes"], n) for n in ("number", "speaker", "text"))
_E_NUMBER, _E_TITLE, _E_PLACE = (_place(_NESTED_LAYOUT["events"], n) for n in ("number", "title", "place"))


def raw_article(data: bytes | memoryview) -> tuple:
    """An article's fields as plain tuples: far cheaper than `decode_article`."""
    return marshal.loads(data)


def raw_text(raw: tuple, part: str, number: int = 0, start: int = 0, end: int = 0) -> tuple[str, str, str]:
    """(text, speaker, place) of one part of a raw article: 'title', 'summary',
    'body' (start:end), 'quote' or 'event' (by number)."""
    if part == "quote":
        quote = _numbered(raw[_A_QUOTES], _Q_NUMBER, number)
        return quote[_Q_TEXT], quote[_Q_SPEAKER], ""
    if part == "event":
        event = _numbered(raw[_A_EVENTS], _E_NUMBER, number)
        return event[_E_TITLE], "", event[_E_PLACE]
    if part == "body":
        return raw[_A_BODY][start:end], "", ""
    return raw[_A_TITLE if part == "title" else _A_SUMMARY], "", ""


_decode_quote = _decoder(Quote, _NESTED_LAYOUT["quotes"])
_decode_event = _decoder(Event, _NESTED_LAYOUT["events"])


def raw_item(raw: tuple, part: str, number: int) -> tuple[Quote | Event | None, str, str]:
    """(the quote or event, article id, article title) from a raw article; None for other parts."""
    if part == "quote":
        item = _decode_quote(_numbered(raw[_A_QUOTES], _Q_NUMBER, number))
    elif part == "event":
        item = _decode_event(_numbered(raw[_A_EVENTS], _E_NUMBER, number))
    else:
        item = None
    return item, raw[_A_ID], raw[_A_TITLE]


def _numbered(items: tuple, where: int, number: int) -> tuple:
    if number < len(items) and items[number][where] == number:
        return items[number]
    return next(item for item in items if item[where] == number)


def encode_article(article: Article) -> bytes:
    return marshal.dumps(_encode(article, _ARTICLE))


def decode_article(data: bytes | memoryview) -> Article:
    return _decode_article(marshal.loads(data))


def encode_topic_index(index: TopicIndex) -> tuple:
    return (index.title, index.path,
            tuple(_encode(actor, _layout(Actor)) for actor in index.actors),
            tuple(_encode(topic, _layout(Topic)) for topic in index.topics))


def decode_topic_index(values: tuple) -> TopicIndex:
    title, path, actors, topics = values
    return TopicIndex(title=title, actors=tuple(Actor(*a) for a in actors),
                      topics=tuple(Topic(*t) for t in topics), path=path)


def encode_problems(problems) -> tuple:
    return tuple(_encode(problem, _layout(Problem)) for problem in problems)


def decode_problems(values: tuple) -> tuple[Problem, ...]:
    return tuple(Problem(*p) for p in values)
