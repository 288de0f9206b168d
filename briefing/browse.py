"""What the navigator offers and what each choice selects (no Textual here).

A `Focus` is the reader's current choice: everything, one actor, one sticking
point or one period. The functions below turn a focus into the articles and
events the views show, and build the navigator's entries with their counts.
Like the corpus, every result is an immutable value, so the views can be
rebuilt from it at any time and the logic is tested without a terminal.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import TYPE_CHECKING

from briefing.dates import MONTH_NAMES, PartialDate
from briefing.records import record
from briefing.state import ARTICLE

if TYPE_CHECKING:  # the corpus is imported by the loading worker, off the first frame's path
    from briefing.corpus import Corpus
    from briefing.model import Actor, Article, Event, Position, Quote, Topic
    from briefing.state.store import ReadingState

# "unread" and "starred" select by the reader's own marks (a ReadingState):
# the unread articles; the articles with a star or a note on them or on one of their quotations.
FOCUS_KINDS = ("all", "actor", "topic", "date", "unread", "starred")
MARKED_KINDS = ("unread", "starred")
KIND_GROUPS = (("person", "People"), ("country", "Countries"), ("organisation", "Organisations"))


@record
class Focus:
    kind: str = "all"  # one of FOCUS_KINDS
    key: str = ""  # actor id, topic id or ISO date prefix ("2025", "2025-06", "2025-06-02")

    def __post_init__(self) -> None:
        if self.kind not in FOCUS_KINDS:
            raise ValueError(f"unknown focus kind {self.kind!r}")


EVERYTHING = Focus()


# ----------------------------------------------------------------- dates

def _within(date: PartialDate, prefix: str) -> bool:
    """True when `date` lies inside the period `prefix` names, at least as precisely.

    'June 2025' is inside 2025 but not inside 2 June 2025: a vague date is
    counted where it is known, never guessed into a day.
    """
    return date.iso().startswith(prefix) and len(date.iso()) >= len(prefix)


def period_label(prefix: str) -> str:
    """'2025', 'June 2025' or '2 June 2025' for an ISO prefix."""
    return PartialDate.parse(prefix).human()


def _article_dates(article: Article) -> set[PartialDate]:
    """The days an article is about: when it appeared and what it reports."""
    return {article.published, *(event.date for event in article.events)}


def _prefixes(date: PartialDate) -> list[str]:
    keys = [f"{date.year:04d}"]
    if date.month:
        keys.append(f"{date.year:04d}-{date.month:02d}")
    if date.day:
        keys.append(date.iso())
    return keys


@record
class DateNode:
    key: str  # ISO prefix
    label: str  # 'June 2025'
    count: int  # articles published in, or reporting events in, this period
    children: tuple["DateNode", ...] = ()


def date_tree(corpus: Corpus) -> tuple[DateNode, ...]:
    """Years → months → days, newest first, each with its article count."""
    counts: Counter[str] = Counter()
    for article in corpus.articles:
        keys = {key for date in _article_dates(article) for key in _prefixes(date)}
        counts.update(keys)
    children: dict[str, list[str]] = defaultdict(list)
    for key in counts:
        if "-" in key:
            children[key.rsplit("-", 1)[0]].append(key)

    def node(key: str) -> DateNode:
        kids = tuple(node(k) for k in sorted(children.get(key, ()), reverse=True))
        return DateNode(key, _short_label(key), counts[key], kids)

    years = sorted((k for k in counts if "-" not in k), reverse=True)
    return tuple(node(year) for year in years)


def _short_label(key: str) -> str:
    """Labels as a reader says them: '2025', 'June 2025', 'Mon 2 June'."""
    date = PartialDate.parse(key)
    if date.day and date.month:
        weekday = date.first_day().strftime("%a")
        return f"{weekday} {date.day} {MONTH_NAMES[date.month - 1]}"
    return date.human()


# ------------------------------------------------------- navigator entries

@record
class Entry:
    key: str
    label: str
    count: int
    detail: str = ""  # what the entry is: an actor's role and side, a sticking point's summary


def actor_groups(corpus: Corpus) -> tuple[tuple[str, tuple[Entry, ...]], ...]:
    """Actors grouped by kind, the most involved first; each with its article count
    and what it is (the navigator's tooltip)."""
    counts = corpus.actor_counts()
    groups = []
    for kind, title in KIND_GROUPS:
        actors = [a for a in corpus.actors if a.kind == kind]
        actors.sort(key=lambda a: (-counts[a.id], a.name.casefold()))
        if actors:
            groups.append((title, tuple(Entry(a.id, a.name, counts[a.id], actor_detail(corpus, a)) for a in actors)))
    return tuple(groups)


def actor_detail(corpus: Corpus, actor: Actor) -> str:
    """'Foreign Minister of Russia · speaks for Russia': role (else kind), and side."""
    about = [actor.role or actor.kind.capitalize()]
    party = corpus.side_of(actor)
    if party is not None:
        about.append(f"speaks for {party.name}")
    return " · ".join(about)


def topic_entries(corpus: Corpus) -> tuple[Entry, ...]:
    """Sticking points in the author's order, each with its article count and summary."""
    counts = corpus.topic_counts()
    return tuple(Entry(t.id, t.title, counts[t.id], t.summary) for t in corpus.topics)


# --------------------------------------------------------------- selection

def articles_for(corpus: Corpus, focus: Focus, state: ReadingState | None = None) -> tuple[Article, ...]:
    """The articles a focus selects, newest first (`state`: the marks "unread" and "starred" select by)."""
    if focus.kind == "all":
        chosen = corpus.articles
    elif focus.kind in MARKED_KINDS:
        chosen = marked_articles(corpus, focus.kind, state)
    elif focus.kind == "date":
        chosen = tuple(a for a in corpus.articles if any(_within(d, focus.key) for d in _article_dates(a)))
    else:
        chosen = _selection(corpus, focus, "article").items
    return tuple(sorted(chosen, key=lambda a: (a.published.sort_key, a.id), reverse=True))


def events_for(corpus: Corpus, focus: Focus, state: ReadingState | None = None) -> tuple[Event, ...]:
    """The events a focus selects, oldest first (a timeline reads downwards)."""
    if focus.kind in MARKED_KINDS:
        chosen = {a.id for a in marked_articles(corpus, focus.kind, state)}
        return tuple(event for event in corpus.events if event.article_id in chosen)
    return _dated_items(corpus, focus, "event", corpus.events)


def marked_articles(corpus: Corpus, kind: str, state: ReadingState | None) -> tuple[Article, ...]:
    """The unread articles, or those starred or noted (themselves or a quotation of theirs), in corpus order.

    Without a state (none could be opened, or not yet) every article is unread and none is starred.
    """
    if kind == "unread":
        return corpus.articles if state is None else tuple(a for a in corpus.articles if not state.is_read(a.id))
    if state is None:
        return ()
    marked = state.marked_ids()
    return tuple(a for a in corpus.articles if a.id in marked)


@record
class Marked:
    """A starred or noted article (quote None) or quotation, with the reader's star and note."""

    article: Article
    quote: Quote | None
    starred: bool
    note: str


def marked_items(corpus: Corpus, state: ReadingState | None) -> tuple[Marked, ...]:
    """Every starred or noted article and quotation the corpus holds, oldest article first,
    each article before its quotations (the Starred page and `export --starred`)."""
    if state is None:
        return ()
    marks = {key: mark for key, mark in state.marks().items() if mark.starred or mark.note}
    found: list[Marked] = []
    for article in marked_articles(corpus, "starred", state):
        own = marks.get((article.id, ARTICLE))
        if own is not None:
            found.append(Marked(article, None, own.starred, own.note))
        for quote in article.quotes:
            mark = marks.get((article.id, quote.number))
            if mark is not None:
                found.append(Marked(article, quote, mark.starred, mark.note))
    return tuple(found)


def mark_counts(corpus: Corpus, state: ReadingState | None) -> tuple[int, int]:
    """(unread articles, starred or noted articles) of those the corpus holds: the navigator's counts."""
    if state is None:
        return len(corpus.articles), 0
    present = corpus.article_by_id.keys()
    return len(present) - len(present & state.read_ids()), len(present & state.marked_ids())


def quotes_for(corpus: Corpus, focus: Focus) -> tuple[Quote, ...]:
    """The quotations a focus selects, oldest first."""
    return _dated_items(corpus, focus, "quote", corpus.quotes)


def _dated_items(corpus: Corpus, focus: Focus, kind: str, every: tuple) -> tuple:
    """Items of one kind (`every` of them, oldest first) that a focus selects."""
    if focus.kind == "all":
        return every
    if focus.kind == "date":
        return tuple(item for item in every if _within(item.date, focus.key))
    return tuple(_selection(corpus, focus, kind).chronological().items)


def _selection(corpus: Corpus, focus: Focus, kind: str):
    selection = corpus.select(kind)
    if focus.kind == "actor":
        return selection.by_actor(focus.key)
    return selection.by_topic(focus.key)


def focus_title(corpus: Corpus, focus: Focus) -> str:
    if focus.kind == "actor":
        return corpus.actor_name(focus.key)
    if focus.kind == "topic":
        topic = corpus.topic(focus.key)
        return topic.title if topic else focus.key
    if focus.kind == "date":
        return period_label(focus.key)
    if focus.kind == "unread":
        return "Unread articles"
    if focus.kind == "starred":
        return "Starred and noted"
    return "All articles"


# ------------------------------------------------------------ topic page

@record
class TopicPage:
    topic: Topic
    stances: tuple[tuple[str, tuple[Position, ...]], ...]  # party id → positions, latest first
    quotes: tuple[tuple[str, tuple[Quote, ...]], ...]  # speaker id → quotes, oldest first
    events: tuple[Event, ...]
    article_count: int


def topic_page(corpus: Corpus, topic_id: str) -> TopicPage:
    topic = corpus.require_topic(topic_id)
    about = corpus.select("quote", "event", "position").by_topic(topic.id)
    by_party: dict[str, list[Position]] = defaultdict(list)
    for position in about.chronological(newest_first=True).positions():
        by_party[position.party].append(position)
    # The party that moved most recently comes first: that is the news.
    stances = tuple((party, tuple(items)) for party, items in by_party.items())
    return TopicPage(
        topic=topic,
        stances=stances,
        quotes=_grouped_by_speaker(about.quotes()),
        events=about.events(),
        article_count=corpus.topic_counts()[topic.id],
    )


def _grouped_by_speaker(quotes: tuple[Quote, ...]) -> tuple[tuple[str, tuple[Quote, ...]], ...]:
    """Speakers with the most quotations first; each speaker's quotations in date order."""
    groups: dict[str, list[Quote]] = defaultdict(list)
    for quote in quotes:
        groups[quote.speaker].append(quote)
    ordered = sorted(groups.items(), key=lambda pair: (-len(pair[1]), pair[0]))
    return tuple((speaker, tuple(items)) for speaker, items in ordered)


# ------------------------------------------------------------ actor page

@record
class ActorPage:
    actor: Actor
    party: Actor | None
    quotes: tuple[Quote, ...]  # oldest first
    positions: tuple[Position, ...]  # of the actor, or of the side they speak for; latest first
    events: tuple[Event, ...]
    article_count: int


def actor_page(corpus: Corpus, actor_id: str) -> ActorPage:
    actor = corpus.require_actor(actor_id)
    party = corpus.side_of(actor)
    involving = corpus.select("quote", "event").by_actor(actor.id)
    return ActorPage(
        actor=actor,
        party=party,
        quotes=involving.quotes(),
        positions=corpus.select("position").by_side(actor.id).chronological(newest_first=True).positions(),
        events=involving.events(),
        article_count=corpus.actor_counts()[actor.id],
    )


# -------------------------------------------------------------- catalogue

@record
class Catalogue:
    """Everything the navigator shows, computed once, off the UI thread."""

    corpus: Corpus
    actors: tuple[tuple[str, tuple[Entry, ...]], ...]
    topics: tuple[Entry, ...]
    dates: tuple[DateNode, ...]


def catalogue(corpus: Corpus) -> Catalogue:
    return Catalogue(corpus, actor_groups(corpus), topic_entries(corpus), date_tree(corpus))
