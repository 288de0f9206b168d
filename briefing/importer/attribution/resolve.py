"""Who a candidate stands for: a name is its actor; a pronoun the last
person named (or, for "they", body); a title the person the text gave that
title to; an unnamed source the body it is said to belong to, else
`unnamed-official`."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from briefing.importer.attribution.context import UNNAMED, Binding, Candidate, Context
from briefing.importer.attribution.words import (
    DOCUMENT_NOUNS,
    LEADER_WORDS,
    PERSON_NOUNS,
    TITLE_NOUNS,
)


def resolve(ctx: Context, candidate: Candidate) -> tuple[str, ...]:
    if candidate.kind == "actor":
        return (candidate.actor,)
    if candidate.kind == "pronoun":
        actor = antecedent(ctx, candidate.start, candidate.text)
        return (actor,) if actor else ()
    return resolve_phrase(ctx, candidate)


def antecedent(ctx: Context, position: int, pronoun: str, exclude: str = "") -> str:
    """The person (or, for 'they', the body) a pronoun stands for: the last one named
    (other than `exclude`)."""
    wanted = {"he": "m", "she": "f"}.get(pronoun, "")
    fallback = ""
    if pronoun != "they":
        # a speaker already quoted earlier in the same sentence ("“A” … — then “B,” he said")
        sentence = ctx.sentence(position)
        for number in range(len(ctx.results) - 1, -1, -1):
            quote = ctx.quotes[number]
            if sentence.start <= quote.start < position:
                people = [s for s in ctx.results[number].speakers if ctx.table.is_person(s)]
                info = ctx.table.actors.get(people[0]) if people else None
                if info is not None and not (wanted and info.gender and info.gender != wanted):
                    return info.id
    asides = [(a.start(), a.end()) for a in re.finditer(r"\s[—–]\s[^—–]{3,200}?\s[—–]\s|\([^()]{3,200}\)",
                                                         ctx.masked[max(0, position - 400):position])]
    offset = max(0, position - 400)
    first_unknown = ""
    for mention in reversed(ctx.mentions_before(position)):
        info = ctx.table.actors.get(mention.actor)
        if info is None or info.id == exclude:
            continue
        if pronoun == "they":
            if info.kind != "person":
                return info.id
            continue
        if info.kind != "person":
            continue
        if any(offset + a <= mention.start < offset + b for a, b in asides):
            continue          # named in an aside between dashes or brackets
        if wanted and info.gender and info.gender != wanted:
            continue
        if first_unknown and mention.start < position - 300:
            break
        if mention.after_preposition or mention.possessive:
            fallback = fallback or info.id
            continue
        if wanted == "f" and info.gender != "f" and not first_unknown:
            # most people quoted are men: for "she", someone known to be a woman nearby comes first
            first_unknown = info.id
            continue
        return info.id
    return first_unknown or fallback


def resolve_phrase(ctx: Context, candidate: Candidate) -> tuple[str, ...]:
    # "Estonia's foreign minister, Margus Tsahkna,": the name that follows
    following = bisect_left(ctx.candidate_starts, candidate.end)
    named = ctx.candidates[following] if following < len(ctx.candidates) else None
    if named is not None and named.kind == "actor" and ctx.table.is_person(named.actor) and \
            re.fullmatch(r"\s*,\s*", ctx.masked[candidate.end:named.start]):
        return (named.actor,)
    noun = candidate.noun
    words = set(candidate.mods.lower().split()) | set(noun.split())
    if re.fullmatch(TITLE_NOUNS, noun) and candidate.det in ("the", "his", "her", "its", "their", "") :
        person = titled_person(ctx, candidate.start, noun, candidate.mods, candidate.owner)
        if person:
            return (person,)
    qualifier = ctx.qualifier(f"{candidate.owner} {candidate.mods}")
    if not qualifier and not re.fullmatch(DOCUMENT_NOUNS, noun):
        # "a spokesperson for the Kremlin", "an official at the Ukrainian embassy"
        after = re.match(r"\s+(?:for|of|at|in|from|with|to)\s+((?:(?!(?:said|says|told|added|who|which)\b)[\w’'.-]+[ \t]*){1,4})",
                         ctx.masked[candidate.end:candidate.end + 80])
        if after:
            qualifier = ctx.qualifier(after.group(1))
    if not qualifier and candidate.det in ("its", "their"):
        # "Its spokesperson": the body named last
        qualifier = last_body(ctx, candidate.start)
    if qualifier:
        info = ctx.table.actors.get(qualifier)
        if info is not None and info.kind == "person" and not re.fullmatch(DOCUMENT_NOUNS, noun):
            # "Trump's spokesman": someone else, unnamed, speaking for him
            ctx.note = f"unnamed source (“{candidate.text}”)"
            return (UNNAMED,)
        if not re.fullmatch(DOCUMENT_NOUNS, noun):
            ctx.note = f"unnamed source (“{candidate.text}”), credited to the body named with it"
        return (qualifier,)
    if re.fullmatch(PERSON_NOUNS, noun) or re.fullmatch(TITLE_NOUNS, noun):
        ctx.note = f"unnamed source (“{candidate.text}”)"
        return (UNNAMED,) if words else ()
    return ()


def last_body(ctx: Context, position: int) -> str:
    for mention in reversed(ctx.mentions_before(position)):
        info = ctx.table.actors.get(mention.actor)
        if info is not None and info.kind != "person" and not mention.after_preposition:
            return info.id
    return ""


@dataclass(frozen=True)
class _Title:
    """What a title phrase asks for: "the Russian president", "Putin's aide"."""
    noun_words: frozenset[str]
    mod_words: frozenset[str]
    mods: tuple[str, ...]
    demonym_actor: str
    owner: str
    owner_actor: str

    def names(self, words: set[str] | frozenset[str]) -> bool:
        return self.noun_words <= words or ("leader" in self.noun_words and bool(words & LEADER_WORDS))


def titled_person(ctx: Context, position: int, noun: str, mods: str, owner: str) -> str:
    """The person the text (or, failing that, the index) gave this title before `position`."""
    title = _Title(frozenset(noun.split()), frozenset(w.lower() for w in mods.split()), tuple(mods.split()),
                   next((ctx.table.demonyms[w] for w in mods.split() if w in ctx.table.demonyms), ""),
                   owner, ctx.qualifier(owner) if owner else "")
    if owner and not title.owner_actor and owner.lower().split()[0] not in ("his", "her"):
        return ""           # "Estonia's foreign minister" with no Estonia in the index: cannot check
    return _bound_person(ctx, position, title) or _person_with_role(ctx, position, title)


def _bound_person(ctx: Context, position: int, title: _Title) -> str:
    best: tuple[tuple[int, int], str] | None = None
    for binding in ctx.bindings:
        if binding.position >= position:
            break
        score = _binding_score(ctx, binding, title)
        if score and (best is None or (score, binding.position) > best[0]):
            best = ((score, binding.position), binding.actor)
    return best[1] if best else ""


def _binding_score(ctx: Context, binding: Binding, title: _Title) -> int:
    """How well a title the text gave someone fits the phrase; 0 when it does not."""
    if not title.names(binding.words):
        return 0
    if (binding.words & {"vice", "deputy", "former", "acting"}) - title.mod_words:
        return 0          # "Vice President X" is not "the president"
    info = ctx.table.actors.get(binding.actor)
    party = info.party if info is not None else None
    if title.demonym_actor and party is not None and party != title.demonym_actor and \
            not any(w.lower() in binding.words for w in title.mods):
        return 0          # "the Russian president" is not the US vice-president
    score = 1
    if title.mod_words - {"foreign", "former"} and (title.mod_words & binding.words):
        score += 2
    if title.demonym_actor and party == title.demonym_actor:
        score += 3
    if title.owner_actor and info is not None and title.owner_actor in (info.party, info.id):
        score += 3
    if not title.mod_words and not title.owner and not binding.qualified:
        score += 1
    return score


def _person_with_role(ctx: Context, position: int, title: _Title) -> str:
    """The last person named before `position` whose role in the index fits the title."""
    seen = ""
    for mention in ctx.mentions:
        if mention.start >= position:
            break
        info = ctx.table.actors.get(mention.actor)
        if info is None or info.kind != "person" or not info.role:
            continue
        if not title.names(set(re.findall(r"[a-z]+", info.role.lower()))):
            continue
        if title.demonym_actor and info.party and info.party != title.demonym_actor:
            continue
        if title.owner_actor and title.owner_actor not in (info.party, info.id):
            continue
        seen = info.id
    return seen
