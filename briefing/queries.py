"""The rules every query shares, written once.

What an item is about, who it involves, how a name resolves to an actor or a
topic, and which period a pair of dates bounds. The corpus' selections, the
search index's filter columns, the exported briefs and the reader's pages all
derive from these functions, so they cannot disagree.

Only the model and the dates are imported: a warm `briefing search` resolves
`actor:`/`topic:` names from its index's copy of index.yaml with this module,
without the loader or PyYAML.
"""

from __future__ import annotations

import re

from briefing.dates import DateError, PartialDate
from briefing.model import Actor, Article, Event, Item, Position, Quote, Topic, TopicIndex
from briefing.text import fold_for_search, name_key

TYPE_CHECKING = False  # datetime is not imported by a warm search
if TYPE_CHECKING:
    import datetime as _dt

    DateLike = str | PartialDate | _dt.date | None  # what a date bound may be given as

_HONORIFICS = re.compile(r"^(?:mr|mrs|ms|dr|president|prime minister|minister|sen|senator|rep|gen)\s+")


class QueryError(ValueError):
    """A query that names something the briefing does not know, or asks for the impossible."""


# ------------------------------------------------------------ membership

def item_topics(article: Article, item: Item) -> frozenset[str]:
    """The sticking points an item (of `article`) is about.

    A position names exactly one. A quotation or an event is about the topics
    it is tagged with; one with no tags of its own inherits its article's
    topic only when the article is tagged with that one topic and no other:
    then there is no doubt what it is about, while the untagged items of a
    broad article are usually background and guessing would put them into
    every one of its topics. An article is about every topic named anywhere in it.
    """
    if isinstance(item, (Quote, Event)):  # the common case first: the index asks for every one
        return frozenset(item.topics) if item.topics else _sole_topic(article)
    if isinstance(item, Position):
        return frozenset((item.topic,))
    return article_topics(item)


def article_topics(article: Article) -> frozenset[str]:
    """Every topic named anywhere in an article (its own tags include what its items inherit)."""
    return frozenset(article.topics).union(
        *(quote.topics for quote in article.quotes), *(event.topics for event in article.events),
        (position.topic for position in article.positions))


def _sole_topic(article: Article) -> frozenset[str]:
    topics = frozenset(article.topics)
    return topics if len(topics) == 1 else frozenset()


def item_actors(article: Article, item: Item) -> frozenset[str]:
    """The actors an item involves: a quotation's speaker, an event's actors, a
    position's party; an article involves all of those and the actors it names."""
    if isinstance(item, Quote):
        return frozenset((item.speaker,))
    if isinstance(item, Event):
        return frozenset(item.actors)
    if isinstance(item, Position):
        return frozenset((item.party,))
    return article_actors(article)


def article_actors(article: Article) -> frozenset[str]:
    return frozenset(article.actors).union(
        (quote.speaker for quote in article.quotes), *(event.actors for event in article.events),
        (position.party for position in article.positions))


def side_of(index: TopicIndex, actor: Actor) -> Actor | None:
    """The actor whose side `actor` speaks for (a minister's country), if another one."""
    if actor.party and actor.party != actor.id:
        return index.actor_by_id.get(actor.party)
    return None


# ----------------------------------------------------------------- names

class Names:
    """Actor and topic names of one topic index, resolved as people write them."""

    def __init__(self, index: TopicIndex) -> None:
        self.index = index
        self._actor_ids: dict[str, str] = {}
        for actor in index.actors:
            for name in actor.names:
                self._actor_ids.setdefault(name_key(name), actor.id)

    def resolve_actor(self, name: str) -> Actor | None:
        """An actor from its id, name or any alias ('Mr. Zelensky', 'zelenskyy')."""
        key = name_key(name)
        actor_id = self._actor_ids.get(key) or self._actor_ids.get(_HONORIFICS.sub("", key))
        return self.index.actor_by_id.get(actor_id) if actor_id else None

    def resolve_topic(self, name: str) -> Topic | None:
        """A topic from its id or its title, in any case."""
        if name in self.index.topic_by_id:
            return self.index.topic_by_id[name]
        key = fold_for_search(name)
        for topic in self.index.topics:
            if key in (topic.id, fold_for_search(topic.title)):
                return topic
        return None

    def require_actor(self, name: str) -> Actor:
        """`resolve_actor`, else QueryError naming the id of the closest name."""
        actor = self.resolve_actor(name)
        if actor is None:
            names = {written: a.id for a in self.index.actors for written in a.names}
            raise QueryError(f"unknown actor '{name}'{_closest_id(name, names)}")
        return actor

    def require_topic(self, name: str) -> Topic:
        """`resolve_topic`, else QueryError naming the id of the closest id or title."""
        topic = self.resolve_topic(name)
        if topic is None:
            names = {t.id: t.id for t in self.index.topics} | {t.title: t.id for t in self.index.topics}
            raise QueryError(f"unknown topic '{name}'{_closest_id(name, names)}")
        return topic


def _closest_id(word: str, id_of_name: dict[str, str]) -> str:
    # Matched against every name, but the id is suggested: that is what commands take.
    from briefing.suggest import closest  # rapidfuzz, only when a name is wrong

    match = closest(fold_for_search(word), list(id_of_name))
    return f" (did you mean '{id_of_name[match]}'?)" if match else ""


# ---------------------------------------------------------------- period

def as_date(value: DateLike, name: str) -> PartialDate | None:
    """A date bound as given (text, date or PartialDate); QueryError '{name}: …' if it is not one."""
    if value is None or isinstance(value, PartialDate):
        return value
    if not isinstance(value, str):  # a datetime.date
        return PartialDate.from_date(value)
    try:
        return PartialDate.parse(value)
    except DateError as error:
        raise QueryError(f"{name.rstrip(':')}: {error}") from None


def period_bounds(since: DateLike, until: DateLike, names: tuple[str, str] = ("--since", "--until"),
                  ) -> tuple[PartialDate | None, PartialDate | None]:
    """The (start, end) a pair of bounds names; QueryError when the start is after the end.

    A partial date bounds by the span it covers: `since 2025-11` reaches back to
    1 November, and an item dated only "2025-11" overlaps it (PartialDate.overlaps).
    """
    start, end = as_date(since, names[0]), as_date(until, names[1])
    if start and end and start.first_day() > end.last_day():
        # '--since 2025-12' on a command line, 'since:2025-12' in a query
        spelled = [name if name.endswith(":") else name + " " for name in names]
        raise QueryError(f"{spelled[0]}{start.iso()} is after {spelled[1]}{end.iso()}: nothing can match")
    return start, end
