"""Dated happenings an article reports, drafted from its sentences.

A sentence becomes an event when it names a date (explicit or relative,
resolved against the publication date) and at least one actor, and is not
just someone's words. The title is the sentence itself, shortened: the
user's text, for a reviewer to rewrite.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from briefing.dates import PartialDate
from briefing.importer import dates as date_words
from briefing.importer.actors import Mention
from briefing.importer.sentences import Span

MAX_EVENTS = 15
_HAPPENED = re.compile(
    r"\b(?:struck|strike[sd]?|attack(?:ed|s)?|launched|killed|injured|hit|met|meet(?:s|ing)?|held|hold|talks?|"
    r"called|phoned|spoke|visit(?:ed|s)?|travel(?:led|ed|s)?|arrived|announced|signed|agreed|leaked|published|"
    r"presented|proposed|rejected|approved|imposed|exchanged|swap(?:ped)?|released|returned|captured|seized|"
    r"advanced|withdrew|fired|shot|downed|hosted|summit|ceasefire|deal|plan|draft|vote[sd]?|elected|"
    r"resigned|dismissed|appointed|sanction(?:ed|s)?|blacklisted|ordered|began|begin|started|ended|"
    r"resumed|suspended|confirmed|received|delivered|sent|send(?:ing)?)\b", re.I)
_PLACE = re.compile(r"\b(?:in|at|to|near|over)\s+((?:[A-Z][\w’'-]+)(?:\s+[A-Z][\w’'-]+){0,2})")
_NOT_PLACES = {"The", "A", "An", "His", "Her", "Their", "Its", "This", "That", "January", "February", "March",
               "April", "May", "June", "July", "August", "September", "October", "November", "December",
               "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "Parliament"}


@dataclass
class EventDraft:
    date: PartialDate
    title: str
    actors: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    place: str = ""
    how: str = ""            # the words the date came from


def draft_events(body: str, masked: str, sentences: list[Span], mentions: list[Mention],
                 published: PartialDate, tag_topics, place_names: set[str], skip_first: bool) -> list[EventDraft]:
    events: list[EventDraft] = []
    seen: set[tuple[str, str]] = set()
    for number, sentence in enumerate(sentences):
        if skip_first and number == 0:
            continue                               # the headline
        text = masked[sentence.start:sentence.end]
        words = re.sub(r"x{3,}", "", text)
        if len(re.findall(r"[A-Za-z]+", words)) < 5 or not _HAPPENED.search(words):
            continue
        found = [m for m in date_words.find_dates(text) if m.kind != "year"]
        if not found:
            continue
        resolved = None
        for mention in found:
            resolved = date_words.resolve(mention, published)
            if resolved is not None:
                break
        if resolved is None:
            continue
        actors = []
        for m in mentions:
            if sentence.start <= m.start < sentence.end and m.actor not in actors:
                actors.append(m.actor)
        if not actors:
            continue
        title = _title(body[sentence.start:sentence.end])
        key = (resolved.iso(), title[:60])
        if key in seen:
            continue
        seen.add(key)
        events.append(EventDraft(resolved, title, actors[:8], tag_topics(body[sentence.start:sentence.end])[:4],
                                 _place(text, place_names), mention.text))
        if len(events) >= MAX_EVENTS:
            break
    return events


def _title(sentence: str) -> str:
    text = re.sub(r"\s+", " ", sentence).strip()
    text = re.sub(r"^(?:[A-Z][A-Z .'-]{2,}(?:,\s*[A-Z][\w .]+)?\s*(?:\([^)]*\))?\s*[—–-]{1,2}\s*)", "", text)
    text = re.sub(r"^(?:But|And|Still|Meanwhile|However|Earlier|Later|Also),?\s+", "", text)
    if len(text) > 160:
        cut = text[:160]
        clause = cut.rfind(",")
        text = (cut[:clause] if clause > 80 else cut.rsplit(" ", 1)[0]) + "…"
    text = text.rstrip(" .")
    return text[:1].upper() + text[1:]


def _place(text: str, place_names: set[str]) -> str:
    for match in _PLACE.finditer(text):
        name = match.group(1)
        first = name.split()[0]
        if first in _NOT_PLACES or name in ("White House",):
            continue
        if name in place_names:
            return name
    for match in _PLACE.finditer(text):
        name = match.group(1)
        if name.split()[0] not in _NOT_PLACES and re.match(r"\s*(?:,|\.|$)", text[match.end():match.end() + 2]):
            return name
    return ""
