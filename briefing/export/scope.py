"""What goes into a brief: the one place that decides which items belong.

A topic brief holds every quotation, event and position that belongs to the
topic (see `belongs_to_topic`); an actor brief holds what the actor said,
the events they took part in and the stances they (and the side they speak
for) took. Both are narrowed to a period with the corpus' partial-date
overlap rule, so `--since 2025-11` keeps an event dated only "2025-11".
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from briefing.corpus import Corpus, QueryError
from briefing.dates import PartialDate
from briefing.model import Actor, Article, Event, Item, Position, Quote, Topic
from briefing.suggest import closest
from briefing.text import fold_for_search

DateLike = str | PartialDate | _dt.date | None


class ExportError(ValueError):
    """An export that cannot be made as asked (bad period, bad setting)."""


def belongs_to_topic(corpus: Corpus, item: Quote | Event | Position, topic_id: str) -> bool:
    """The inclusion rule of a topic brief.

    An item belongs to a topic when it is tagged with it (a position always
    names exactly one). An item with no topic of its own inherits its
    article's topic only when the article is tagged with that one topic and
    no other: then there is no doubt what it is about. The untagged items of
    a broad article (tagged with many topics) are usually background or
    colour, and guessing would put them into every one of its topics.
    """
    if isinstance(item, Position):
        return item.topic == topic_id
    if item.topics:
        return topic_id in item.topics
    return set(corpus.article_of(item).topics) == {topic_id}


@dataclass(frozen=True, slots=True)
class Scope:
    """The items of one brief, each tuple in date order."""

    corpus: Corpus
    since: PartialDate | None
    until: PartialDate | None
    quotes: tuple[Quote, ...] = ()
    events: tuple[Event, ...] = ()
    positions: tuple[Position, ...] = ()
    party_positions: tuple[Position, ...] = ()  # actor briefs: the side the actor speaks for

    @property
    def items(self) -> tuple[Item, ...]:
        return (*self.quotes, *self.events, *self.positions, *self.party_positions)

    @property
    def sources(self) -> tuple[Article, ...]:
        """The articles the brief cites, oldest first (the corpus' order)."""
        cited = {item.article_id for item in self.items}
        return tuple(article for article in self.corpus.articles if article.id in cited)

    @property
    def period(self) -> tuple[PartialDate | None, PartialDate | None]:
        """The period asked for, each open end closed by the items' own dates."""
        dates = [item.date for item in self.items]
        start = self.since or (min(dates, key=lambda d: d.sort_key) if dates else None)
        end = self.until or (max(dates, key=lambda d: d.sort_key) if dates else None)
        return start, end


def topic_scope(corpus: Corpus, topic: Topic, since: DateLike = None, until: DateLike = None) -> Scope:
    start, end = period_bounds(since, until)
    selection = corpus.select("quote", "event", "position").between(start, end).chronological()
    mine = [item for item in selection if belongs_to_topic(corpus, item, topic.id)]
    return Scope(corpus, start, end,
                 quotes=tuple(i for i in mine if isinstance(i, Quote)),
                 events=tuple(i for i in mine if isinstance(i, Event)),
                 positions=tuple(i for i in mine if isinstance(i, Position)))


def actor_scope(corpus: Corpus, actor: Actor, since: DateLike = None, until: DateLike = None) -> Scope:
    start, end = period_bounds(since, until)
    selection = corpus.select("quote", "event", "position").between(start, end).chronological()
    party = actor.party if actor.party and actor.party != actor.id else ""
    return Scope(corpus, start, end,
                 quotes=tuple(i for i in selection if isinstance(i, Quote) and i.speaker == actor.id),
                 events=tuple(i for i in selection if isinstance(i, Event) and actor.id in i.actors),
                 positions=tuple(i for i in selection if isinstance(i, Position) and i.party == actor.id),
                 party_positions=tuple(i for i in selection if isinstance(i, Position) and party
                                       and i.party == party))


def period_bounds(since: DateLike, until: DateLike) -> tuple[PartialDate | None, PartialDate | None]:
    start, end = _as_date(since, "since"), _as_date(until, "until")
    if start and end and start.first_day() > end.last_day():
        raise ExportError(f"--since {start.iso()} is after --until {end.iso()}")
    return start, end


def _as_date(value: DateLike, name: str) -> PartialDate | None:
    if value is None or isinstance(value, PartialDate):
        return value
    if isinstance(value, _dt.date):
        return PartialDate.from_date(value)
    try:
        return PartialDate.parse(str(value))
    except ValueError as error:
        raise ExportError(f"--{name}: {error}") from None


# ------------------------------------------------------------- look-ups

def find_topic(corpus: Corpus, name: str) -> Topic:
    """A topic from its id or title; else QueryError naming the closest id."""
    topic = corpus.resolve_topic(name)
    if topic is not None:
        return topic
    names = {t.id: t.id for t in corpus.topics} | {t.title: t.id for t in corpus.topics}
    raise QueryError(f"unknown topic '{name}'{_closest_id(name, names)}")


def find_actor(corpus: Corpus, name: str) -> Actor:
    """An actor from its id, name or any alias; else QueryError naming the closest id."""
    actor = corpus.resolve_actor(name)
    if actor is not None:
        return actor
    names = {n: a.id for a in corpus.actors for n in a.names}
    raise QueryError(f"unknown actor '{name}'{_closest_id(name, names)}")


def _closest_id(word: str, id_of_name: dict[str, str]) -> str:
    # Match against every name, but suggest the id: that is what the command takes.
    match = closest(fold_for_search(word), list(id_of_name))
    return f" (did you mean '{id_of_name[match]}'?)" if match else ""
