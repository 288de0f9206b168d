"""The loaded briefing and the queries over it.

A `Corpus` is built once from what the loader returned and never changes.
Queries are `Selection`s: immutable filter chains that compose, e.g.

    corpus.select("quote").by_actor("Mr. Zelensky").by_topic("ceasefire").since("2025-06")
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property

from briefing.model import ITEM_KINDS, Actor, Article, Event, Item, Position, Problem, Quote, Topic, TopicIndex
from briefing.queries import (
    Names, QueryError, article_actors, article_topics, item_actors, item_topics, period_bounds, side_of,
)
from briefing.suggest import did_you_mean

TYPE_CHECKING = False  # (the loader, with PyYAML, is imported only to parse files: a corpus from the cache needs neither)
if TYPE_CHECKING:
    from briefing.loader import LoadResult
    from briefing.queries import DateLike

__all__ = ["Corpus", "QueryError", "Selection"]


class Corpus:
    def __init__(self, index: TopicIndex, articles: Iterable[Article], problems: Iterable[Problem] = ()) -> None:
        self.index = index
        self.articles: tuple[Article, ...] = tuple(sorted(articles, key=lambda a: (a.published.sort_key, a.id)))
        self.problems: tuple[Problem, ...] = tuple(problems)
        self.article_by_id = {article.id: article for article in self.articles}
        self.quotes = tuple(sorted((q for a in self.articles for q in a.quotes), key=_chronological))
        self.events = tuple(sorted((e for a in self.articles for e in a.events), key=_chronological))
        self.positions = tuple(sorted((p for a in self.articles for p in a.positions), key=_chronological))
        self.names = Names(index)

    @classmethod
    def from_load(cls, result: LoadResult) -> "Corpus":
        return cls(result.index, result.articles, result.problems)

    @classmethod
    def load(cls, content_dir) -> "Corpus":
        from briefing.loader import load_content

        return cls.from_load(load_content(content_dir))

    # ----------------------------------------------------------- look-ups

    @property
    def title(self) -> str:
        return self.index.title

    @property
    def actors(self) -> tuple[Actor, ...]:
        return self.index.actors

    @property
    def topics(self) -> tuple[Topic, ...]:
        return self.index.topics

    def actor(self, actor_id: str) -> Actor | None:
        return self.index.actor_by_id.get(actor_id)

    def actor_name(self, actor_id: str) -> str:
        actor = self.actor(actor_id)
        return actor.name if actor else actor_id

    def topic(self, topic_id: str) -> Topic | None:
        return self.index.topic_by_id.get(topic_id)

    def side_of(self, actor: Actor) -> Actor | None:
        """The actor whose side `actor` speaks for, if another one."""
        return side_of(self.index, actor)

    # Names resolve as the search engine resolves them (briefing.queries).
    def resolve_actor(self, name: str) -> Actor | None:
        return self.names.resolve_actor(name)

    def resolve_topic(self, name: str) -> Topic | None:
        return self.names.resolve_topic(name)

    def require_actor(self, name: str) -> Actor:
        return self.names.require_actor(name)

    def require_topic(self, name: str) -> Topic:
        return self.names.require_topic(name)

    # ------------------------------------------------------------ queries

    def select(self, *kinds: str) -> "Selection":
        """Everything of the given kinds (all kinds when none is named)."""
        for kind in kinds:
            if kind not in ITEM_KINDS:
                raise QueryError(f"unknown kind '{kind}'{did_you_mean(kind, ITEM_KINDS)}")
        wanted = kinds or ITEM_KINDS
        pools: dict[str, tuple[Item, ...]] = {"quote": self.quotes, "article": self.articles, "event": self.events, "position": self.positions}
        items: tuple[Item, ...] = tuple(item for kind in wanted for item in pools[kind])
        return Selection(self, items)

    def article_of(self, item: Item) -> Article:
        return self.article_by_id[item.article_id]

    @cached_property
    def _article_actors(self) -> dict[str, frozenset[str]]:
        return {a.id: article_actors(a) for a in self.articles}

    @cached_property
    def _article_topics(self) -> dict[str, frozenset[str]]:
        return {a.id: article_topics(a) for a in self.articles}

    def actors_of(self, item: Item) -> frozenset[str]:
        """Who an item involves (the rule: briefing.queries.item_actors)."""
        if isinstance(item, Article):
            return self._article_actors[item.id]
        return item_actors(self.article_of(item), item)

    def topics_of(self, item: Item) -> frozenset[str]:
        """What an item is about (the rule: briefing.queries.item_topics)."""
        if isinstance(item, Article):
            return self._article_topics[item.id]
        return item_topics(self.article_of(item), item)

    # ------------------------------------------------------------- counts

    def actor_counts(self) -> Counter[str]:
        """Articles that involve each actor."""
        return Counter(actor for actors in self._article_actors.values() for actor in actors)

    def topic_counts(self) -> Counter[str]:
        """Articles that touch each sticking point."""
        return Counter(topic for topics in self._article_topics.values() for topic in topics)


def _chronological(item: Item) -> tuple:
    return (item.date.sort_key, item.article_id, item.number)


@dataclass(frozen=True, slots=True)
class Selection:
    """An immutable, composable filter over the corpus' items."""

    corpus: Corpus
    items: tuple[Item, ...]

    def __iter__(self) -> Iterator[Item]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def where(self, keep: Callable[[Item], bool]) -> "Selection":
        return Selection(self.corpus, tuple(item for item in self.items if keep(item)))

    def of_kind(self, *kinds: str) -> "Selection":
        return self.where(lambda item: item.kind in kinds)

    # The items of one kind, typed as such.
    def quotes(self) -> tuple[Quote, ...]:
        return tuple(item for item in self.items if isinstance(item, Quote))

    def events(self) -> tuple[Event, ...]:
        return tuple(item for item in self.items if isinstance(item, Event))

    def positions(self) -> tuple[Position, ...]:
        return tuple(item for item in self.items if isinstance(item, Position))

    def by_actor(self, name: str) -> "Selection":
        """Items that involve the actor (any of its names)."""
        actor_id = self.corpus.require_actor(name).id
        return self.where(lambda item: actor_id in self.corpus.actors_of(item))

    def by_side(self, name: str) -> "Selection":
        """Items that involve the actor or the side it speaks for (a minister and their country)."""
        actor = self.corpus.require_actor(name)
        side = self.corpus.side_of(actor)
        ids = {actor.id, side.id} if side else {actor.id}
        return self.where(lambda item: not ids.isdisjoint(self.corpus.actors_of(item)))

    def by_topic(self, name: str) -> "Selection":
        """Items about the sticking point (its id or title)."""
        topic_id = self.corpus.require_topic(name).id
        return self.where(lambda item: topic_id in self.corpus.topics_of(item))

    def between(self, since: DateLike = None, until: DateLike = None) -> "Selection":
        """Items whose date overlaps the period (QueryError when it starts after it ends)."""
        start, end = period_bounds(since, until)
        return self.where(lambda item: item.date.overlaps(start, end))

    def since(self, date: DateLike) -> "Selection":
        return self.between(since=date)

    def until(self, date: DateLike) -> "Selection":
        return self.between(until=date)

    def in_article(self, article_id: str) -> "Selection":
        return self.where(lambda item: item.article_id == article_id)

    def chronological(self, newest_first: bool = False) -> "Selection":
        return Selection(self.corpus, tuple(sorted(self.items, key=_chronological, reverse=newest_first)))

    def date_counts(self) -> Counter[str]:
        """Items per year, per month and per day, keyed by ISO prefix."""
        counts: Counter[str] = Counter()
        for item in self.items:
            date = item.date
            counts[f"{date.year:04d}"] += 1
            if date.month:
                counts[f"{date.year:04d}-{date.month:02d}"] += 1
            if date.day:
                counts[date.iso()] += 1
        return counts
