"""The subject of a speech verb: the candidate before it ("X said"), after
it ("said X") or of the whole clause, with its conjuncts ("X and Y said")."""

from __future__ import annotations

import re

from briefing.importer.attribution.context import Candidate, Context
from briefing.importer.attribution.resolve import resolve
from briefing.importer.attribution.words import (
    DOCUMENT_NOUNS,
    PERSON_NOUNS,
    VERB,
    gap_ok,
    is_verbish,
)


def subject_before(ctx: Context, start: int, verb: int) -> tuple[str, ...]:
    """The subject of the verb at `verb`: the nearest candidate whose gap to the verb holds only
    an appositive, adverbs or a prepositional phrase."""
    window = ctx.candidates_between(start, verb)
    # Names inside the appositive just before the verb ("X, who led Kyiv's delegation, said")
    # are not the subject when there is one before it.
    aside = re.search(r",[^,;:]{1,150},\s*(?:(?:\w+ly|also|later|then)\s+)*$", ctx.masked[start:verb])
    inside = (start + aside.start(), start + aside.end()) if aside else (verb, verb)
    ordered = [c for c in reversed(window) if not inside[0] <= c.start < inside[1]] + \
              [c for c in reversed(window) if inside[0] <= c.start < inside[1]]
    for candidate in ordered:
        if not eligible(ctx, candidate):
            continue
        if not gap_ok(ctx.masked[candidate.end:verb]):
            continue
        speakers = resolve(ctx, candidate)
        if speakers:
            return with_conjuncts(ctx, candidate, window, speakers)
        return ()
    # "X met Y and said": the clause's subject
    if re.search(r"\band\s+(?:\w+ly\s+|also\s+|then\s+|later\s+)*$", ctx.masked[start:verb]):
        return clause_subject(ctx, start, verb)
    return ()


def subject_after(ctx: Context, verb_end: int, end: int, allow_possessive: bool = False) -> tuple[str, ...]:
    window = ctx.candidates_between(verb_end, min(end, verb_end + 60) + 200)
    window = [c for c in window if c.start < min(end, verb_end + 60)]
    if not window:
        return ()
    first = window[0]
    gap = ctx.masked[verb_end:first.start]
    window = [first] + [c for c in window[1:] if c.start >= first.end]
    if not re.fullmatch(r"[\s,]*(?:(?:the|a|an|his|her|its|their)\s+)?(?:[\w.-]+[\s,]+){0,3}", gap):
        return ()
    if first.kind != "actor" and len(window) > 1 and window[1].kind == "actor" and \
            re.fullmatch(r"\s*,?\s*", ctx.masked[first.end:window[1].start]):
        first = window[1]
    if first.kind == "actor" and first.possessive and not allow_possessive:
        return ()
    return resolve(ctx, first)


def clause_subject(ctx: Context, start: int, end: int, exclude: tuple[int, int] | None = None) -> tuple[str, ...]:
    """The first candidate of the clause that is not an object, a possessive or a modifier."""
    window = ctx.candidates_between(start, end)
    for candidate in window:
        if exclude and exclude[0] <= candidate.start < exclude[1]:
            continue
        if not eligible(ctx, candidate):
            continue
        # "Kremlin foreign policy adviser Yury Ushakov": a name qualifying a following person
        nxt = next((c for c in window if c.start > candidate.end), None)
        between = ctx.masked[candidate.end:nxt.start] if nxt is not None else ""
        if nxt is not None and nxt.kind == "actor" and ctx.table.is_person(nxt.actor) and \
                re.fullmatch(r"\s+(?:[a-z-]+\s+){1,4}", between) and \
                not any(is_verbish(word) for word in between.split()):
            continue
        if candidate.kind == "pronoun" and candidate.text == "they":
            continue
        speakers = resolve(ctx, candidate)
        if speakers:
            return with_conjuncts(ctx, candidate, window, speakers)
    return ()


def eligible(ctx: Context, candidate: Candidate) -> bool:
    if candidate.after_preposition:
        return False
    if candidate.kind == "actor" and candidate.possessive:
        return False
    if candidate.kind == "actor":
        following = ctx.masked[candidate.end:candidate.end + 40]
        # "White House press secretary", "US draft": the name qualifies a noun
        noun = re.match(r"\s+([a-z][\w-]*)", following)
        if noun and not is_verbish(noun.group(1)) and not VERB.match(following.lstrip()):
            info = ctx.table.actors.get(candidate.actor)
            if info is not None and info.kind == "person":
                return False
            if not re.fullmatch(DOCUMENT_NOUNS + r"|" + PERSON_NOUNS, noun.group(1)):
                return False
    return True


def with_conjuncts(ctx: Context, candidate: Candidate, window: list[Candidate], speakers: tuple[str, ...]) -> tuple[str, ...]:
    """'Both the Kremlin and the White House said': every conjunct."""
    result = list(speakers)
    current = candidate
    for other in reversed([c for c in window if c.end <= current.start]):
        gap = ctx.masked[other.end:current.start]
        separator = r"\s*,?\s+(?:and|or)\s+(?:the\s+)?" if current is candidate else r"\s*,\s*(?:the\s+)?"
        if not re.fullmatch(separator, gap):
            break
        if other.kind not in ("actor", "phrase") or other.possessive:
            break
        for speaker in resolve(ctx, other):
            if speaker not in result:
                result.insert(0, speaker)
        current = other
    return tuple(result)
