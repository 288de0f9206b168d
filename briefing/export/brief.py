"""A sticking point, or an actor, as a Markdown brief to paste into a memo.

The document is a pure function of the corpus, the subject, the period and
the generated date: the same content gives the same bytes. Only the date
changes from day to day; `generated_date()` takes it from SOURCE_DATE_EPOCH
when that is set (the reproducible-builds convention), so tests and
reproducible pipelines can fix it.

Citations are footnotes numbered like the Sources list: `[^3]` is the third
source, so the raw Markdown reads as well as the rendered one.
"""

from __future__ import annotations

import datetime as _dt
import os
import re
from collections import Counter
from collections.abc import Iterable, Mapping

from briefing.browse import Marked
from briefing.corpus import Corpus
from briefing.dates import PartialDate
from briefing.export import markdown as md
from briefing.export.scope import ExportError, Scope, actor_scope, topic_scope
from briefing.model import Actor, Article, Event, Position, Quote
from briefing.text import counted, fold_for_search

TYPE_CHECKING = False
if TYPE_CHECKING:
    from briefing.queries import DateLike

GENERATED_ENV = "SOURCE_DATE_EPOCH"
NOTHING = "*Nothing recorded.*"


def topic_brief(corpus: Corpus, topic_id: str, *, since: DateLike = None, until: DateLike = None,
                generated: _dt.date | None = None) -> str:
    """The Markdown brief of one sticking point (id or title)."""
    topic = corpus.require_topic(topic_id)
    scope = topic_scope(corpus, topic, since, until)
    when = _day(generated)
    cite = _Citations(scope.sources)
    start, end = scope.period

    out = [md.front_matter({
        "title": topic.title,
        "subtitle": corpus.title,
        "topic": topic.id,
        "period_start": _iso(start),
        "period_end": _iso(end),
        "sources": len(scope.sources),
        "generated": when.isoformat(),
    })]
    out.append(md.heading(1, topic.title))
    if md.clean(topic.summary):
        out.append(md.line_start(topic.summary))
    out.append(_about_line(corpus, scope, when))

    out.append(md.heading(2, "Where the parties stand"))
    out.extend(_stances(scope.positions, cite, key=lambda p: p.party, label=corpus.actor_name,
                        order=_actor_order(corpus), column="Party"))

    out.append(md.heading(2, "Timeline"))
    out.append(_timeline(scope.events, cite))

    out.append(md.heading(2, "Key quotations"))
    out.extend(_quotations_by_speaker(corpus, scope.quotes, cite))

    out.append(md.heading(2, "Sources"))
    out.append(_sources(scope.sources))
    out.append(cite.definitions())
    return _join(out)


def actor_brief(corpus: Corpus, actor_id: str, *, since: DateLike = None, until: DateLike = None,
                generated: _dt.date | None = None) -> str:
    """The Markdown brief of one actor (id, name or any alias)."""
    actor = corpus.require_actor(actor_id)
    scope = actor_scope(corpus, actor, since, until)
    when = _day(generated)
    cite = _Citations(scope.sources)
    start, end = scope.period
    party = corpus.actor(actor.party) if actor.party and actor.party != actor.id else None

    out = [md.front_matter({
        "title": actor.name,
        "subtitle": corpus.title,
        "actor": actor.id,
        "kind": actor.kind,
        "role": actor.role or None,
        "party": party.id if party else None,
        "period_start": _iso(start),
        "period_end": _iso(end),
        "sources": len(scope.sources),
        "generated": when.isoformat(),
    })]
    out.append(md.heading(1, actor.name))
    out.append(_actor_line(corpus, actor, party))
    aliases = [md.inline(a) for a in actor.aliases if md.clean(a) and a.casefold() != actor.name.casefold()]
    if aliases:
        out.append("Also written: " + ", ".join(aliases))
    out.append(_about_line(corpus, scope, when))

    out.append(md.heading(2, "Quotations"))
    out.append(_list(_quote_line(corpus, quote, cite, with_topics=True) for quote in scope.quotes))

    def by_topic(positions: tuple[Position, ...]) -> list[str]:
        return _stances(positions, cite, key=lambda p: p.topic, label=lambda t: _topic_title(corpus, t),
                        order={t.id: n for n, t in enumerate(corpus.topics)}, column="Topic")

    out.append(md.heading(2, "Where they stand"))
    out.extend(by_topic(scope.positions))
    if party is not None:
        # A person rarely has positions of their own; the side they speak for does.
        out.append(md.heading(2, f"Where {party.name} stands"))
        out.extend(by_topic(scope.party_positions))

    out.append(md.heading(2, "Timeline"))
    out.append(_timeline(scope.events, cite))

    out.append(md.heading(2, "Sources"))
    out.append(_sources(scope.sources))
    out.append(cite.definitions())
    return _join(out)


def starred_memo(corpus: Corpus, marked: tuple[Marked, ...], *, generated: _dt.date | None = None) -> str:
    """The reader's starred and noted articles and quotations (see browse.marked_items) as a memo.

    Same conventions as the briefs: front matter, `[^n]` citations numbered like the
    Sources list; a note is quoted under what it was written on, line by line.
    """
    when = _day(generated)
    sources = tuple(dict.fromkeys(m.article for m in marked))
    cite = _Citations(sources)
    articles = [m for m in marked if m.quote is None]
    quotes = [m for m in marked if m.quote is not None]
    out = [md.front_matter({
        "title": "Starred and noted",
        "subtitle": corpus.title,
        "articles": len(articles),
        "quotations": len(quotes),
        "sources": len(sources),
        "generated": when.isoformat(),
    })]
    out.append(md.heading(1, "Starred and noted"))
    count = len(sources)
    out.append("*" + " · ".join([md.inline(corpus.title), counted(count, "source"),
                                 f"generated {PartialDate.from_date(when).human()}"]) + "*")
    out.append(md.heading(2, "Quotations"))
    out.append(_list(_marked_line(f"{md.bold(corpus.actor_name(m.quote.speaker))}: "
                                  + _quote_line(corpus, m.quote, cite), m) for m in quotes if m.quote))
    out.append(md.heading(2, "Articles"))
    out.append(_list(_marked_line(f"{md.bold(m.article.source)} — {md.italic(m.article.title)} "
                                  f"({m.article.published.human()}){cite.of_article(m.article)}", m)
                     for m in articles))
    out.append(md.heading(2, "Sources"))
    out.append(_sources(sources))
    out.append(cite.definitions())
    return _join(out)


def _marked_line(text: str, marked: Marked) -> str:
    """A list item's text with ★ when starred and the note quoted below it (inside the item)."""
    line = ("★ " if marked.starred else "") + text
    note = [md.inline(part) for part in marked.note.splitlines() if md.clean(part)]
    return line + ("\n\n  > " + "\n  >\n  > ".join(note) if note else "")


def default_export_name(topic_or_actor_id: str) -> str:
    """The file name the reader suggests: 'briefing-security-guarantees.md'."""
    slug = re.sub(r"[^a-z0-9]+", "-", fold_for_search(topic_or_actor_id)).strip("-")
    return f"briefing-{slug or 'export'}.md"


def generated_date(environ: Mapping[str, str] = os.environ) -> _dt.date:
    """Today, or the UTC day of SOURCE_DATE_EPOCH when it is set."""
    value = environ.get(GENERATED_ENV, "").strip()
    if not value:
        return _dt.date.today()
    try:
        return _dt.datetime.fromtimestamp(int(value), tz=_dt.timezone.utc).date()
    except (ValueError, OverflowError, OSError):
        raise ExportError(f"{GENERATED_ENV}='{md.clean(value)}' is not a number of seconds "
                          "since 1970-01-01") from None


# ------------------------------------------------------------- sections

class _Citations:
    """Footnote labels: the number of the article in the Sources list."""

    def __init__(self, sources: tuple[Article, ...]) -> None:
        self.sources = sources
        self.number = {article.id: n for n, article in enumerate(sources, start=1)}

    def __call__(self, item: Quote | Event | Position) -> str:
        return f"[^{self.number[item.article_id]}]"

    def of_article(self, article: Article) -> str:
        return f"[^{self.number[article.id]}]"

    def definitions(self) -> str:
        # Every source is cited by at least one item (that is how it became
        # a source), so every definition has a reference and vice versa.
        return "\n".join(f"[^{n}]: {_citation(article)}" for n, article in enumerate(self.sources, start=1))


def _citation(article: Article) -> str:
    # The source opens the footnote's paragraph: it must not start a list or a quote there.
    parts = [md.line_start(article.source), f"“{md.inline(article.title)}”", article.published.human()]
    if md.clean(article.url):
        parts.append(md.link_or_text(article.url))
    return ", ".join(part for part in parts if part) + "."


def _sources(sources: tuple[Article, ...]) -> str:
    if not sources:
        return NOTHING
    lines = []
    for n, article in enumerate(sources, start=1):
        line = f"{n}. {md.bold(article.source)} — {md.italic(article.title)} ({article.published.human()})"
        authors = [md.inline(a) for a in article.authors if md.clean(a)]
        if authors:
            line += ", by " + _and(authors)
        line += "."
        if md.clean(article.url):
            line += " " + md.link_or_text(article.url)
        lines.append(line)
    return "\n".join(lines)


def _about_line(corpus: Corpus, scope: Scope, generated: _dt.date) -> str:
    start, end = scope.period
    if start and end:
        period = start.human() if start == end else f"{start.human()} to {end.human()}"
    elif start:
        period = f"from {start.human()}"
    elif end:
        period = f"up to {end.human()}"
    else:
        period = "no dated items"
    count = len(scope.sources)
    parts = [md.inline(corpus.title), period, counted(count, "source"),
             f"generated {PartialDate.from_date(generated).human()}"]
    return "*" + " · ".join(part for part in parts if part) + "*"


def _actor_line(corpus: Corpus, actor: Actor, party: Actor | None) -> str:
    parts = [md.inline(actor.role) if md.clean(actor.role) else actor.kind.capitalize()]
    if party is not None:
        parts.append(f"speaks for {md.inline(party.name)}")
    return "*" + " · ".join(parts) + "*"


def _stances(positions: tuple[Position, ...], cite: _Citations, *, key, label,
             order: Mapping[str, int], column: str) -> list[str]:
    """The latest stance per group as a table, then each group's stances in date order."""
    if not positions:
        return [NOTHING]
    groups: dict[str, list[Position]] = {}
    for position in positions:  # already in date order
        groups.setdefault(key(position), []).append(position)
    # The most engaged first; ties in the index author's order, then by id.
    ranked = sorted(groups, key=lambda g: (-len(groups[g]), order.get(g, len(order)), g))
    rows = [[md.inline(label(g)), md.inline(groups[g][-1].stance), groups[g][-1].date.human(), cite(groups[g][-1])]
            for g in ranked]
    out = ["\n".join(md.table([column, "Latest stance", "Date", "Source"], rows))]
    out.append(md.heading(3, "How the stances changed"))
    for group in ranked:
        out.append(md.heading(4, label(group)))
        out.append(_list(f"{md.bold(p.date.human())} — {md.inline(p.stance)}{cite(p)}" for p in groups[group]))
    return out


def _timeline(events: tuple[Event, ...], cite: _Citations) -> str:
    lines = []
    for event in events:
        line = f"{md.bold(event.date.human())} — {md.inline(event.title)}"
        if md.clean(event.place):
            line += f" ({md.italic(event.place)})"
        lines.append(line + cite(event))
    return _list(lines)


def _quotations_by_speaker(corpus: Corpus, quotes: tuple[Quote, ...], cite: _Citations) -> list[str]:
    if not quotes:
        return [NOTHING]
    counts = Counter(q.speaker for q in quotes)
    # Who says most first, then by name: the voices that shape the point lead.
    speakers = sorted(counts, key=lambda s: (-counts[s], fold_for_search(corpus.actor_name(s)), s))
    out = []
    for speaker in speakers:
        out.append(md.heading(3, corpus.actor_name(speaker)))
        actor = corpus.actor(speaker)
        if actor is not None and md.clean(actor.role):
            out.append(md.italic(actor.role))
        out.append(_list(_quote_line(corpus, q, cite) for q in quotes if q.speaker == speaker))
    return out


def _quote_line(corpus: Corpus, quote: Quote, cite: _Citations, *, with_topics: bool = False) -> str:
    line = f"{md.bold(quote.said.human())} — “{md.inline(quote.text)}”"
    if md.clean(quote.context):
        line += f", {md.italic(quote.context)}"
    if with_topics and quote.topics:
        line += " · " + "; ".join(md.inline(_topic_title(corpus, t)) for t in quote.topics)
    return line + cite(quote)


# ------------------------------------------------------------- helpers

def _list(lines: Iterable[str]) -> str:
    items = [md.bullet(line) for line in lines]
    return "\n".join(items) if items else NOTHING


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _day(generated: _dt.date | None) -> _dt.date:
    if generated is None:
        return generated_date()
    # A datetime is a date too, but its isoformat() would carry the time.
    return generated.date() if isinstance(generated, _dt.datetime) else generated


def _iso(date: PartialDate | None) -> str | None:
    return date.iso() if date else None


def _topic_title(corpus: Corpus, topic_id: str) -> str:
    topic = corpus.topic(topic_id)
    return topic.title if topic else topic_id


def _actor_order(corpus: Corpus) -> dict[str, int]:
    return {actor.id: n for n, actor in enumerate(corpus.actors)}


def _join(blocks: list[str]) -> str:
    # Front matter, then blocks separated by one blank line; one final newline.
    head, *rest = blocks
    return head + "\n" + "\n\n".join(block for block in rest if block) + "\n"
