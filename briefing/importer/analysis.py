"""One raw article → an annotated draft: the pipeline that ties the
quotation, name, speaker, date, topic and event finders together, and
collects what a reviewer should check."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from briefing.dates import PartialDate
from briefing.importer import dates as date_words
from briefing.importer.actors import (
    ActorInfo,
    ActorTable,
    Mention,
    find_new_organisations,
    find_new_people,
    register,
    register_organisation,
)
from briefing.importer.attribution import (
    UNATTRIBUTED,
    UNNAMED,
    Attribution,
    Context,
    attribute_all,
    is_scare_quote,
)
from briefing.importer.events import EventDraft, draft_events
from briefing.importer.layouts import RawArticle
from briefing.importer.quotes import QuoteScan, find_quotes, mask
from briefing.importer.sentences import Span, containing, paragraphs, sentences
from briefing.importer.topics import TopicTagger
from briefing.importer.transcript import (
    Transcript,
    find_transcript,
    person_name,
    speaker_actor,
    turn_quotes,
)
from briefing.text import fold_for_search

PLACEHOLDERS = {
    UNNAMED: ActorInfo(UNNAMED, "Unnamed official", "organisation", ["unnamed officials", "anonymous source"],
                       "Sources quoted without a name or an affiliation (added by briefing import)", new=True),
    UNATTRIBUTED: ActorInfo(UNATTRIBUTED, "Unattributed", "organisation", [],
                            "Quotations whose speaker briefing import could not find; review them", new=True),
}
_CONTEXT = re.compile(
    r"\b(?:(?:said |wrote |posted )?(?:in|on) (?:a |an |his |her |their )?(?:[\w-]+ ){0,3}"
    r"(?:post|statement|interview|video|speech|address|briefing|letter|message|broadcast|op-ed)"
    r"(?: (?:on|to|with) (?:[A-Z][\w-]*|the [A-Z][\w-]*)(?: [A-Z][\w-]*)?)?"
    r"|on social media|on (?:X|Telegram|Truth Social|Facebook|Twitter|Instagram)"
    r"|to reporters(?: in [A-Z][\w-]*(?: [A-Z][\w-]*)?)?|at a (?:news|press) conference"
    r"|(?:telling|told) (?:a |an )?(?:[\w-]+ ){0,3}(?:reporter|reporters|journalists|interviewer))\b")


@dataclass
class QuoteDraft:
    speaker: str
    text: str
    said: PartialDate | None = None
    topics: list[str] = field(default_factory=list)
    context: str = ""
    uncertain: str = ""
    line: int = 0


@dataclass
class ArticleDraft:
    raw: RawArticle
    title: str
    source: str
    published: PartialDate
    body: str
    authors: list[str] = field(default_factory=list)
    url: str = ""
    places: list[str] = field(default_factory=list)
    summary: str = ""
    actors: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    quotes: list[QuoteDraft] = field(default_factory=list)
    events: list[EventDraft] = field(default_factory=list)
    new_actors: list[ActorInfo] = field(default_factory=list)
    review: list[str] = field(default_factory=list)
    titles_skipped: list[str] = field(default_factory=list)


def analyse(raw: RawArticle, table: ActorTable, tagger: TopicTagger) -> ArticleDraft:
    body = raw.body
    published = raw.published or PartialDate(1)
    scan = find_quotes(body)
    transcript = find_transcript(body)
    if transcript is not None:
        _take_turns(body, scan, transcript)
    masked = mask(body, scan.quotes + scan.titles)
    paras = paragraphs(masked)
    sents = sentences(masked)
    before = set(table.actors)

    _register_new_actors(masked, table)
    turn_speakers = _turn_speakers(transcript, table) if transcript is not None else {}
    mentions = table.mentions(masked)
    speaking = Context(masked, scan.quotes, sents, paras, mentions, table, turn_speakers=turn_speakers)
    results = attribute_all(speaking)
    scare_quotes = _drop_scare_quotes(speaking, scan, results)

    draft = ArticleDraft(raw=raw, title=raw.title, source=raw.source or "Unknown source", published=published,
                         body=body, authors=list(raw.authors), url=raw.url, summary=raw.summary)
    if not raw.source:
        draft.review.append("source: the text names no outlet; set `source`")
    draft.review.extend(raw.notes)
    if transcript is not None:
        draft.review.append(_transcript_note(transcript, turn_speakers, table))
    if scare_quotes:
        draft.review.append("not quotations (short quoted phrases no speech verb introduces): "
                            + ", ".join(f"“{_short(text)}”" for text in scare_quotes))
    _draft_quotes(draft, scan, results, masked, sents, tagger, table)
    if not draft.quotes:
        missing = _speech_left_out(body)
        if missing:
            draft.review.append(f"no quotation drafted, but the text has {missing}: add its quotations by hand")
    for offset in scan.unclosed:
        line = raw.line + body.count("\n", 0, offset)
        draft.review.append(f"line {line}: a quotation mark opened here is never closed; the quotation was left out")
    draft.titles_skipped = [span.text for span in scan.titles]

    actors = list(dict.fromkeys([m.actor for m in mentions] + [q.speaker for q in draft.quotes]))
    draft.actors = [a for a in actors if a not in PLACEHOLDERS]
    draft.topics = tagger.for_article(body)
    _draft_events(draft, masked, sents, mentions, tagger, table)
    _new_actor_notes(draft, table, before)
    return draft


def _register_new_actors(masked: str, table: ActorTable) -> None:
    """People, then organisations, the text introduces and the table does not know."""
    for person in find_new_people(masked, table, table.mentions(masked)):
        register(person, table)
    for organisation in find_new_organisations(masked, table, table.mentions(masked)):
        register_organisation(organisation, table)


def _drop_scare_quotes(speaking: Context, scan: QuoteScan, results: list[Attribution]) -> list[str]:
    """Take scare quotes out of the scan and the results (kept in step); return their texts."""
    scare = {n for n in range(len(scan.quotes)) if is_scare_quote(speaking, n)}
    texts = [scan.quotes[n].text for n in sorted(scare)]
    scan.quotes = [q for n, q in enumerate(scan.quotes) if n not in scare]
    results[:] = [r for n, r in enumerate(results) if n not in scare]
    return texts


def _draft_quotes(draft: ArticleDraft, scan: QuoteScan, results: list[Attribution], masked: str,
                  sents: list[Span], tagger: TopicTagger, table: ActorTable) -> None:
    body, published, raw = draft.body, draft.published, draft.raw
    seen: set[tuple[str, str]] = set()
    for quote, result in zip(scan.quotes, results):
        sentence = sents[containing(sents, quote.start)]
        outside = _outside_quotes(masked, sentence.start, sentence.end, scan.quotes)
        said = _said(outside, published, result.verb_start - sentence.start if result.verb_start >= 0 else -1)
        context = _context(outside)
        topics = tagger.for_passage(body[sentence.start:sentence.end])[:3]
        line = raw.line + body.count("\n", 0, quote.start)
        for speaker in result.speakers:
            if speaker in PLACEHOLDERS and speaker not in table.actors:
                table.add(_copy(PLACEHOLDERS[speaker]))
            key = (fold_for_search(quote.text).strip(" .,;:!?"), speaker)
            if key in seen:
                continue
            seen.add(key)
            draft.quotes.append(QuoteDraft(speaker, quote.text, said if said != published else None, topics,
                                           context, result.uncertain, line))
            if result.uncertain or speaker in PLACEHOLDERS:
                why = result.uncertain or "speaker not named in the text"
                draft.review.append(f"quote “{_short(quote.text)}” (line {line}): {why} → {speaker}")


def _draft_events(draft: ArticleDraft, masked: str, sents: list[Span], mentions: list[Mention],
                  tagger: TopicTagger, table: ActorTable) -> None:
    body = draft.body
    place_names = {name for info in table.actors.values() if info.kind == "country"
                   for name in (info.name, *info.aliases)}
    skip_headline = bool(sents) and "\n" in body[sents[0].start:] and body[sents[0].end:sents[0].end + 1] == "\n"
    draft.events = draft_events(body, masked, sents, mentions, draft.published, tagger.for_passage, place_names,
                                skip_headline)
    if draft.events:
        draft.review.append(f"events: {len(draft.events)} drafted from sentences that name a date; "
                            "shorten their titles and check each date")
    places = list(draft.raw.places)
    for event in draft.events:
        if event.place and event.place not in places:
            places.append(event.place)
    draft.places = places[:8]


def _new_actor_notes(draft: ArticleDraft, table: ActorTable, before: set[str]) -> None:
    draft.new_actors = [table.actors[a] for a in table.actors if a not in before]
    for info in draft.new_actors:
        if info.id in PLACEHOLDERS:
            continue
        described = f", {info.role}" if info.role else ", no role found"
        draft.review.append(f"new actor {info.id} ({info.name}{described}): check the name, aliases and party")


_QUOTED_SPEECH = re.compile(r"[“«\"]([^”»\"\n]*?\w[^”»\"\n]*?)[”»\"]")
_TURN_LABEL = re.compile(r"^[A-Z][\w .’'-]{0,40}:[ \t]+\S", re.MULTILINE)


def _speech_left_out(body: str) -> str:
    """What in a body with no drafted quotation looks like speech: quoted sentences or speaker turns."""
    for match in _QUOTED_SPEECH.finditer(body):
        if len(match.group(1).split()) >= 4:
            return f"quoted speech (“{_short(match.group(1).strip(), 40)}”)"
    turns = _TURN_LABEL.findall(body)
    if len(turns) >= 2:
        return f"{len(turns)} lines that look like a transcript's speaker turns"
    return ""


def _take_turns(body: str, scan: QuoteScan, transcript: Transcript) -> None:
    """A transcript's guest turns are its quotations; quotation marks inside any turn are the turn's words."""
    inside = [(t.header, t.end) for t in transcript.turns]
    kept = [q for q in scan.quotes if not any(a <= q.start < b for a, b in inside)]
    scan.quotes = sorted(kept + turn_quotes(body, transcript), key=lambda q: q.start)


def _turn_speakers(transcript: Transcript, table: ActorTable) -> dict[int, str]:
    actors = {label: speaker_actor(label, table) for label in dict.fromkeys(t.label for t in transcript.guest_turns())}
    return {t.start: actors[t.label] for t in transcript.guest_turns()}


def _transcript_note(transcript: Transcript, turn_speakers: dict[int, str], table: ActorTable) -> str:
    guests = ", ".join(dict.fromkeys(turn_speakers.values()))
    if not transcript.interviewer:
        return (f"transcript: {len(transcript.turns)} turns; the interviewer could not be told, so every turn "
                f"was taken as a quotation ({guests}): delete the interviewer's")
    return (f"transcript: the turns of {guests} taken as quotations; {person_name(transcript.interviewer)} "
            f"({transcript.how}) taken as the interviewer and left out")


def _copy(info: ActorInfo) -> ActorInfo:
    return ActorInfo(info.id, info.name, info.kind, list(info.aliases), info.role, info.party, new=True)


def _outside_quotes(masked: str, start: int, end: int, quotes) -> str:
    chars = list(masked[start:end])
    for q in quotes:
        if q.end <= start or q.start >= end:
            continue
        for i in range(max(q.start, start), min(q.end, end)):
            chars[i - start] = " "
    return "".join(chars)


def _said(text: str, published: PartialDate, verb: int) -> PartialDate | None:
    """The date words nearest the attribution in the sentence, resolved."""
    found = [m for m in date_words.find_dates(text) if m.kind != "year"]
    if not found:
        return None
    if verb >= 0:
        found.sort(key=lambda m: abs(m.start - verb))
    for mention in found:
        resolved = date_words.resolve(mention, published)
        if resolved is not None:
            return resolved
    return None


def _context(text: str) -> str:
    match = _CONTEXT.search(text)
    if not match:
        return ""
    phrase = re.sub(r"^(?:said|wrote|posted|told|telling)\s+", "", match.group(0))
    if phrase.startswith(("reporter", "a ", "an ")) or match.group(0).startswith(("told", "telling")):
        phrase = "to " + re.sub(r"^(?:told|telling)\s+", "", match.group(0))
    return re.sub(r"\s+", " ", phrase).strip()


def _short(text: str, limit: int = 50) -> str:
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "…"
