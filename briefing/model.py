"""The immutable data model: what a loaded briefing is made of.

Everything is an immutable record (briefing.records) holding tuples, so a corpus can be shared
between threads, cached and compared without defensive copies.
"""

from __future__ import annotations

from briefing.records import field, record

from briefing.dates import PartialDate

ACTOR_KINDS = ("person", "country", "organisation")
ITEM_KINDS = ("quote", "article", "event", "position")


@record
class Problem:
    """One thing wrong with the content, at a line of a file."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        # Line 0 means the problem is the path itself (a missing folder).
        if self.line <= 0:
            return f"{self.path}: {self.message}"
        return f"{self.path}:{self.line}: {self.message}"


class ContentError(Exception):
    """Content that cannot be loaded; carries every problem found (raised by the loader; here so
    that code which only catches it, like the reader's start from its cache, need not import the loader)."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


@record
class Actor:
    id: str
    name: str
    kind: str
    aliases: tuple[str, ...] = ()
    role: str = ""
    party: str = ""

    @property
    def names(self) -> tuple[str, ...]:
        """Every way the actor may be written: id, display name, aliases."""
        return (self.id, self.name, *self.aliases)


@record
class Topic:
    id: str
    title: str
    summary: str = ""
    keywords: tuple[str, ...] = ()


@record
class Quote:
    article_id: str
    number: int  # position in the article's quote list, from 0
    speaker: str
    text: str
    said: PartialDate
    topics: tuple[str, ...] = ()
    context: str = ""
    line: int = 0

    kind = "quote"

    @property
    def date(self) -> PartialDate:
        return self.said


@record
class Event:
    article_id: str
    number: int
    date: PartialDate
    title: str
    actors: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    place: str = ""
    line: int = 0

    kind = "event"


@record
class Position:
    article_id: str
    number: int
    topic: str
    party: str
    stance: str
    date: PartialDate
    line: int = 0

    kind = "position"


@record
class Article:
    id: str
    path: str
    title: str
    source: str
    published: PartialDate
    body: str
    authors: tuple[str, ...] = ()
    url: str = ""
    places: tuple[str, ...] = ()
    summary: str = ""
    actors: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    quotes: tuple[Quote, ...] = ()
    events: tuple[Event, ...] = ()
    positions: tuple[Position, ...] = ()
    body_line: int = 1  # line of the file where the body starts

    kind = "article"

    @property
    def date(self) -> PartialDate:
        return self.published

    @property
    def article_id(self) -> str:
        return self.id

    @property
    def number(self) -> int:
        """Items are ordered (date, article, number); an article comes first."""
        return -1


@record
class TopicIndex:
    """The contents of index.yaml: who the actors are, what the topics are."""

    title: str = ""
    actors: tuple[Actor, ...] = ()
    topics: tuple[Topic, ...] = ()
    path: str = ""
    actor_by_id: dict[str, Actor] = field(factory=dict, compare=False, repr=False)
    topic_by_id: dict[str, Topic] = field(factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self.actor_by_id.update({a.id: a for a in self.actors})
        self.topic_by_id.update({t.id: t for t in self.topics})


Item = Quote | Article | Event | Position
