"""Interview transcripts: `NAME: words` turns with no quotation marks.

A body is a transcript when at least three lines open with a speaker's
label (`MARGARET BRENNAN:`, `AMBASSADOR ACHTERBERG:`, `Kristen Welker:`) and
at least two people speak. Each turn runs to the next label. The
interviewer is the host the introduction names ("host X", "conducted by
X", "X spoke with"), else the one whose turns are questions; every other
speaker's turns are their quotations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefing.importer.actors import (
    NOT_NAME_WORDS,
    TITLE_WORDS,
    ActorTable,
    NewPerson,
    register,
)
from briefing.importer.quotes import QuoteSpan, clean_text

# A label: two to five capitalised words (or one word in capitals, "PESKOV") at the start of a line.
_LABEL = re.compile(
    r"^(?P<label>(?:[A-Z][A-Z.’'-]+(?:[ \t]+[A-Z][A-Z.’'-]*){0,4})|"
    r"(?:[A-Z][a-z][\w.’'-]*(?:[ \t]+(?:[A-Z][\w.’'-]*|de|van|von|der|al|bin)){1,4}))"
    r"[ \t]*:[ \t]+(?=\S)", re.MULTILINE)
# Labels that head notes, not speech.
_NOT_SPEAKERS = {"note", "editor's note", "editor’s note", "update", "correction", "watch", "read more",
                 "source", "sources", "photo", "video", "related", "q", "a", "transcript", "end", "title",
                 "published", "updated", "by", "link", "url", "tags", "section"}
_HEADING_WORDS = {"what", "who", "why", "how", "when", "where", "key", "latest", "breaking", "live", "events",
                  "update", "updates", "the", "a", "an", "read", "see", "also", "more", "here", "and", "of", "in"}
_HOST = re.compile(r"\b(?:host|moderator|anchor|interviewer|conducted by(?: host)?|moderated by|hosted by)\s+"
                   r"((?:[A-Z][\w’'-]+\s+){0,3}[A-Z][\w’'-]+)"
                   r"|((?:[A-Z][\w’'-]+\s+){0,3}[A-Z][\w’'-]+)\s+(?:spoke|speaks|talked|talks|sat down)\s+with\b")
_MIN_TURNS = 3


@dataclass(frozen=True)
class Turn:
    label: str          # as written, "MARGARET BRENNAN"
    header: int         # offset of the label
    start: int          # offset of the words
    end: int            # offset after the words


@dataclass
class Transcript:
    turns: list[Turn]
    interviewer: str    # the label of the one asking; '' when none could be told
    how: str            # how the interviewer was told, for the reviewer

    def guest_turns(self) -> list[Turn]:
        return [t for t in self.turns if t.label != self.interviewer]


def find_transcript(body: str) -> Transcript | None:
    """The turns of a transcript body, or None when the body is not one."""
    headers = [m for m in _LABEL.finditer(body) if _is_speaker_label(m.group("label"))]
    keys = [_key(m.group("label")) for m in headers]
    if len(headers) < _MIN_TURNS or len(set(keys)) < 2 or max(keys.count(k) for k in keys) < 2:
        return None           # an interview goes back and forth; headings do not repeat
    turns = []
    for number, match in enumerate(headers):
        end = headers[number + 1].start() if number + 1 < len(headers) else len(body)
        end = len(body[:end].rstrip())
        turns.append(Turn(match.group("label"), match.start(), match.end(), end))
    # one label, one person: "AMBASSADOR ACHTERBERG" and "JULIAN ACHTERBERG" are the same speaker
    by_key: dict[str, str] = {}
    for turn in turns:
        by_key.setdefault(_key(turn.label), turn.label)
    turns = [Turn(by_key[_key(t.label)], t.header, t.start, t.end) for t in turns]
    if len(by_key) < 2:
        return None
    interviewer, how = _interviewer(body, turns)
    return Transcript(turns, interviewer, how)


def _is_speaker_label(label: str) -> bool:
    words = label.split()
    if label.casefold() in _NOT_SPEAKERS or len(label) < 2:
        return False
    if any(w.casefold() in NOT_NAME_WORDS or w.casefold() in _HEADING_WORDS for w in words):
        return False          # "Key Events:", "White House:", "What We Know:"
    return label.isupper() or len(words) >= 2


def _key(label: str) -> str:
    """A label without its titles, by surname: 'AMBASSADOR JULIAN ACHTERBERG' → 'achterberg'."""
    words = [w for w in re.findall(r"[^\W\d_][\w’'-]*", label) if w.casefold().strip(".") not in TITLE_WORDS]
    return words[-1].casefold() if words else label.casefold()


def person_name(label: str) -> str:
    """'AMBASSADOR ACHTERBERG' → 'Achterberg'; 'MARGARET BRENNAN' → 'Margaret Brennan'."""
    words = [w for w in label.split() if w.casefold().strip(".") not in TITLE_WORDS]
    if not label.isupper():
        return " ".join(words)
    return " ".join(w if w.casefold() in ("de", "van", "von", "der", "al", "bin") else
                    "-".join(part.capitalize() for part in w.split("-")) for w in words)


def _interviewer(body: str, turns: list[Turn]) -> tuple[str, str]:
    labels = list(dict.fromkeys(t.label for t in turns))
    for match in _HOST.finditer(body[:turns[0].header]):
        host = _key(match.group(1) or match.group(2))
        for label in labels:
            if _key(label) == host:
                return label, "the host the introduction names"
    asked: dict[str, float] = {}
    for label in labels:
        own = [t for t in turns if t.label == label]
        asked[label] = sum(1 for t in own if body[t.start:t.end].rstrip().endswith("?")) / len(own)
    ranked = sorted(labels, key=lambda label: -asked[label])
    if asked[ranked[0]] >= 0.5 and asked[ranked[0]] > asked[ranked[1]]:
        return ranked[0], "the one whose turns end in questions"
    return "", ""


def turn_quotes(body: str, transcript: Transcript) -> list[QuoteSpan]:
    """The guests' turns as quotations."""
    spans = []
    for turn in transcript.guest_turns():
        text = clean_text(body[turn.start:turn.end])
        if len(re.findall(r"\w", text)) < 2:
            continue
        paragraphs = body.count("\n\n", turn.start, turn.end) + 1
        spans.append(QuoteSpan(turn.start, turn.end, turn.start, turn.end, text, paragraphs))
    return spans


def speaker_actor(label: str, table: ActorTable) -> str:
    """The actor a label names: a known one by full name or surname, else a new person."""
    name = person_name(label)
    mentions = table.mentions(name)
    people = [m for m in mentions if table.is_person(m.actor)]
    if people:
        return people[-1].actor
    surname = name.split()[-1] if name.split() else name
    person = NewPerson(name=name, surname=surname, start=0, end=0)
    person.variants.add(name)
    return register(person, table).id
