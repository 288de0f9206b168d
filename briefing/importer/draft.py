"""An analysed article → the text of its article file.

The front matter is plain data dumped with yaml.safe_dump (so any quotation
is quoted correctly), plus a few comments for the reviewer; the body is
the article's text as given, so every quotation occurs in it.
"""

from __future__ import annotations

import datetime as dt
import re

import yaml

from briefing.importer.analysis import ArticleDraft
from briefing.text import fold_for_search, strip_accents

_DATE_VALUE = re.compile(r"^(\s*(?:- )?(?:published|said|date): )'(\d{4}(?:-\d\d){0,2})'$", re.M)


def front_matter(draft: ArticleDraft) -> dict:
    data: dict = {"title": draft.title, "source": draft.source, "published": draft.published.iso()}
    if draft.authors:
        data["authors"] = draft.authors
    if draft.url:
        data["url"] = draft.url
    if draft.places:
        data["places"] = draft.places
    if draft.summary:
        data["summary"] = draft.summary
    if draft.actors:
        data["actors"] = draft.actors
    if draft.topics:
        data["topics"] = draft.topics
    if draft.review:
        data["x-review"] = draft.review
    quotes = []
    for quote in draft.quotes:
        entry: dict = {"speaker": quote.speaker, "text": quote.text}
        if quote.said is not None:
            entry["said"] = quote.said.iso()
        if quote.topics:
            entry["topics"] = quote.topics
        if quote.context:
            entry["context"] = quote.context
        quotes.append(entry)
    if quotes:
        data["quotes"] = quotes
    events = []
    for event in draft.events:
        entry = {"date": event.date.iso(), "title": event.title}
        if event.actors:
            entry["actors"] = event.actors
        if event.topics:
            entry["topics"] = event.topics
        if event.place:
            entry["place"] = event.place
        events.append(entry)
    if events:
        data["events"] = events
    return data


class _Dumper(yaml.SafeDumper):
    """Block mappings; short lists of plain words on one line, like hand-written content."""


def _represent_list(dumper: yaml.SafeDumper, items: list):
    flow = all(isinstance(i, str) and len(i) <= 60 and "\n" not in i for i in items)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", items, flow_style=flow and bool(items))


_Dumper.add_representer(list, _represent_list)


def dump_yaml(data) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100_000,
                     default_flow_style=False, indent=2)


def render(draft: ArticleDraft, source_name: str, today: dt.date | None = None) -> str:
    today = today or dt.date.today()
    dumped = dump_yaml(front_matter(draft))
    dumped = _DATE_VALUE.sub(r"\1\2", dumped)
    how = draft.raw.published_how
    if how:
        dumped = re.sub(r"^(published: .*)$", lambda m: f"{m.group(1)}   # from {_comment(how)}", dumped, count=1, flags=re.M)
    header = (f"# Drafted by `briefing import` from {_comment(source_name)} (line {draft.raw.line}) on {today.isoformat()}.\n"
              "# Check the items under x-review, then delete that key.\n")
    body = draft.body if draft.body.endswith("\n") else draft.body + "\n"
    return f"---\n{header}{dumped}---\n{body}"


def _comment(text: str) -> str:
    return re.sub(r"[\r\n]+", " ", text)


def slug(draft: ArticleDraft, words: int = 6) -> str:
    folded = strip_accents(fold_for_search(draft.title))
    tokens = [t for t in re.findall(r"[a-z0-9]+", folded) if t not in _SLUG_STOP][:words]
    return "-".join(tokens) or "article"


_SLUG_STOP = {"a", "an", "the", "of", "and", "or", "to", "in", "on", "at", "for", "with", "is", "are", "s", "by"}
