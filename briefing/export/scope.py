"""What goes into a brief, as the corpus' selections say (briefing.queries holds the rules).

A topic brief holds every quotation, event and position about the topic; an
actor brief holds what the actor said, the events they took part in and the
stances they (and the side they speak for) took. Both are narrowed to a
period with the corpus' partial-date overlap rule, so `--since 2025-11`
keeps an event dated only "2025-11". The reader's pages and search's
`topic:`/`actor:` filters select the same items.
"""

from __future__ import annotations

from dataclasses import dataclass

from briefing import queries
from briefing.corpus import Corpus, QueryError
from briefing.dates import PartialDate
from briefing.model import Actor, Article, Event, Item, Position, Quote, Topic

TYPE_CHECKING = False
if TYPE_CHECKING:
    from briefing.queries import DateLike


class ExportError(ValueError):
    """An export that cannot be made as asked (bad period, bad setting)."""


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
    mine = corpus.select("quote", "event", "position").between(start, end).by_topic(topic.id).chronological()
    return Scope(corpus, start, end, quotes=mine.quotes(), events=mine.events(), positions=mine.positions())


def actor_scope(corpus: Corpus, actor: Actor, since: DateLike = None, until: DateLike = None) -> Scope:
    start, end = period_bounds(since, until)
    period = corpus.select("quote", "event", "position").between(start, end).chronological()
    mine = period.by_actor(actor.id)
    side = corpus.side_of(actor)
    return Scope(corpus, start, end, quotes=mine.quotes(), events=mine.events(), positions=mine.positions(),
                 party_positions=period.by_actor(side.id).positions() if side else ())


def period_bounds(since: DateLike, until: DateLike) -> tuple[PartialDate | None, PartialDate | None]:
    """The corpus' period rule, its refusals as ExportError (a brief's own kind of error)."""
    try:
        return queries.period_bounds(since, until)
    except QueryError as error:
        raise ExportError(str(error)) from None
