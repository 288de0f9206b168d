"""The attribution rules, one small function each, tried in order.

Every rule takes the context and the number of a quotation and returns an
Attribution, or None when it does not apply. DIRECT rules read the
quotation's own sentence, strongest first:

0. a guest's turn in an interview transcript: the guest;
1. an attribution right after it: `“…,” Mr. Lavrov said`, `“…,” said X, the
   foreign minister`, `“…,” he told reporters`;
2. a speech verb before it in its sentence: `X said that “…”`, `he added: “…”`,
   `…, saying “…”` (the sentence's subject);
3. `according to X` after it;
4. a speech verb later in the sentence (`“erased” what X called …`).

NEIGHBOUR rules run afterwards on the quotations the direct rules left
without a speaker, when every direct result is known:

5. a partial quotation in a sentence with no speech verb: the sentence's
   subject (uncertain);
6. a sentence that is nothing but the quotation: the speaker of the
   quotation next to it (`“A,” she said. “B.”`), of the paragraph before,
   the person a colon sentence introduces, or the speaker quoted before
   a background paragraph (uncertain);
7. otherwise nobody: `unattributed`, for review.

A pronoun is never the person its own reported clause is about (`He also
said Trump “…”` is not Trump's), and `is_scare_quote` tells, once the rules
have run, the short quoted terms no speech verb introduces.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass

from briefing.importer.attribution.context import UNATTRIBUTED, Attribution, Context
from briefing.importer.attribution.resolve import antecedent, resolve
from briefing.importer.attribution.subjects import (
    clause_subject,
    subject_after,
    subject_before,
)
from briefing.importer.attribution.words import INVERTIBLE, VERB
from briefing.importer.quotes import QuoteSpan
from briefing.importer.sentences import Span, containing

Rule = Callable[[Context, int], "Attribution | None"]


@dataclass(frozen=True)
class QuoteWindow:
    """Where a quotation's attribution may be: its sentence, the sentence it closes in, and
    the text after it up to the next quotation of that sentence."""
    quote: QuoteSpan
    sentence: Span
    closing_end: int
    tail_end: int


def window(ctx: Context, number: int) -> QuoteWindow:
    q = ctx.quotes[number]
    sentence = ctx.sentence(q.start)
    closing = ctx.sentence(q.end - 1)     # a quotation may run over several sentences or paragraphs
    after = bisect_left(ctx.quote_starts, q.end)
    later_quotes = [o.start for o in ctx.quotes[after:after + 20] if o.start < closing.end]
    closing_end = max(closing.end, q.end)
    return QuoteWindow(q, sentence, closing_end, min([*later_quotes, closing_end]))


# ------------------------------------------------------------ direct rules
def transcript_turn(ctx: Context, number: int) -> Attribution | None:
    """A guest's turn in an interview transcript (`NAME: words`): that guest's."""
    speaker = ctx.turn_speakers.get(ctx.quotes[number].start)
    return Attribution((speaker,), "transcript turn") if speaker else None


def said_after(ctx: Context, number: int) -> Attribution | None:
    w = window(ctx, number)
    return _said_after(ctx, w.quote.end, w.tail_end)


def said_before(ctx: Context, number: int) -> Attribution | None:
    w = window(ctx, number)
    return _said_before(ctx, w.sentence.start, w.quote.start)


def according_after(ctx: Context, number: int) -> Attribution | None:
    w = window(ctx, number)
    return _according_after(ctx, w.quote.end, w.closing_end)


def verb_later(ctx: Context, number: int) -> Attribution | None:
    w = window(ctx, number)
    return _verb_later(ctx, w.quote.end, w.closing_end)


# 1. "…,” X said / said X
def _said_after(ctx: Context, start: int, end: int) -> Attribution | None:
    text = ctx.masked[start:end]
    lead = len(text) - len(text.lstrip(" \t\n,;:—–-"))
    begin = start + lead
    for verb in VERB.finditer(ctx.masked, begin, min(end, begin + 90)):
        if verb.group("according"):
            return None
        if not ctx.is_verb(verb):
            continue
        pre = ctx.masked[begin:verb.start()]
        if not pre.strip():
            if verb.group("finite") and verb.group(0).lower() in INVERTIBLE:
                speakers = subject_after(ctx, verb.end(), end)
                if speakers:
                    return Attribution(speakers, "said X after the quotation", verb_start=verb.start())
            return None
        following = bisect_left(ctx.candidate_starts, begin)
        first = ctx.candidates[following] if following < len(ctx.candidates) else None
        opener = re.match(r"(?:(?:and|but|both|while|as)\s+)?(?:(?:[A-Z][a-z]{0,3}\.|[A-Z][a-z]+)\s+){0,3}", pre)
        allowed_start = begin + (opener.end() if opener else 0)
        if first is None or first.start > allowed_start or first.start >= verb.start():
            unknown = ctx.unknown_name(begin, verb.start())
            if unknown:
                return Attribution((UNATTRIBUTED,), "unknown name",
                                   f"“{unknown}” is not in the index: add them and credit the quotation",
                                   verb.start())
            return None
        if verb.group("participle"):
            return None
        speakers = subject_before(ctx, begin, verb.start())
        if speakers:
            return Attribution(speakers, "X said after the quotation", verb_start=verb.start())
        return None
    return None


# 2. X said (that) “…” / …, saying “…”
def _said_before(ctx: Context, start: int, end: int) -> Attribution | None:
    verbs = [v for v in VERB.finditer(ctx.masked, start, end) if ctx.is_verb(v)]
    for verb in reversed(verbs):
        if verb.group("according"):
            speakers = subject_after(ctx, verb.end(), end, allow_possessive=True)
            if speakers:
                return Attribution(speakers, "according to X", verb_start=verb.start())
            continue
        if verb.group("participle"):
            speakers = clause_subject(ctx, start, verb.start())
            if speakers:
                return Attribution(speakers, "…, saying", verb_start=verb.start())
            continue
        speakers = subject_before(ctx, start, verb.start())
        if speakers:
            return _not_the_reported_subject(
                ctx, Attribution(speakers, "X said before the quotation", verb_start=verb.start()), start, verb)
        unknown = ctx.unknown_name(start, verb.start())
        if unknown:
            return Attribution((UNATTRIBUTED,), "unknown name",
                               f"“{unknown}” is not in the index: add them and credit the quotation", verb.start())
    return None


_PRONOUN_SUBJECT = re.compile(r"\b(he|she)\s+(?:(?:\w+ly|also|then|later|again)\s+)*$", re.IGNORECASE)


def _not_the_reported_subject(ctx: Context, found: Attribution, start: int, verb: re.Match[str]) -> Attribution:
    """'He also said Trump “really understood …”': he is someone other than Trump."""
    pronoun = _PRONOUN_SUBJECT.search(ctx.masked, start, verb.start())
    following = ctx.candidates_between(verb.end(), verb.end() + 80)[:1]
    if pronoun is None or len(found.speakers) != 1 or not following:
        return found
    subject = following[0]
    if subject.kind != "actor" or subject.actor != found.speakers[0] or \
            not re.fullmatch(r"\s+(?:that\s+)?", ctx.masked[verb.end():subject.start]):
        return found
    other = antecedent(ctx, pronoun.start(1), pronoun.group(1).lower(), exclude=subject.actor)
    return Attribution((other or UNATTRIBUTED,), found.how,
                       f"“{pronoun.group(1)}” is not {subject.text}, whom the reported words are about: "
                       "check the speaker", found.verb_start)


# 3. “…,” according to X
def _according_after(ctx: Context, start: int, end: int) -> Attribution | None:
    for verb in VERB.finditer(ctx.masked, start, end):
        if verb.group("according"):
            speakers = subject_after(ctx, verb.end(), end, allow_possessive=True)
            if speakers:
                return Attribution(speakers, "according to X", verb_start=verb.start())
    return None


# 4. a verb later in the sentence
def _verb_later(ctx: Context, start: int, end: int) -> Attribution | None:
    for verb in VERB.finditer(ctx.masked, start, end):
        if verb.group("according") or verb.group("participle") or not ctx.is_verb(verb):
            continue
        speakers = subject_before(ctx, start, verb.start())
        if speakers:
            return Attribution(speakers, "speech verb later in the sentence",
                               "attributed from a speech verb later in the sentence", verb.start())
    return None


# ------------------------------------------------------------ neighbour rules
def _alone(ctx: Context, number: int) -> bool:
    """The quotation is its whole sentence."""
    rest = ctx.without_quotes(ctx.sentence(ctx.quotes[number].start))
    return not re.search(r"[^\W\d_]", rest)


def _paragraph(ctx: Context, number: int) -> tuple[int, Span]:
    index = containing(ctx.paragraphs, ctx.quotes[number].start)
    return index, ctx.paragraphs[index]


def sentence_subject(ctx: Context, number: int) -> Attribution | None:
    if _alone(ctx, number):
        return None
    q = ctx.quotes[number]
    sentence = ctx.sentence(q.start)
    subject = clause_subject(ctx, sentence.start, sentence.end, exclude=(q.start, q.end))
    if subject:
        return Attribution(subject, "sentence subject", "no speech verb: credited to the sentence's subject")
    return None


def previous_in_paragraph(ctx: Context, number: int) -> Attribution | None:
    para = _paragraph(ctx, number)[1]
    for other in range(number - 1, -1, -1):
        if ctx.quotes[other].start < para.start:
            break
        if ctx.results[other].speakers:
            return Attribution(ctx.results[other].speakers, "continues the previous quotation",
                               "" if _alone(ctx, number) else "credited to the previous quotation's speaker")
    return None


def next_in_paragraph(ctx: Context, number: int) -> Attribution | None:
    para = _paragraph(ctx, number)[1]
    for other in range(number + 1, len(ctx.quotes)):
        if ctx.quotes[other].start >= para.end:
            break
        if ctx.results[other].speakers:
            return Attribution(ctx.results[other].speakers, "speaker of the next quotation",
                               "credited to the next quotation's speaker")
    return None


def _paragraph_before(ctx: Context, number: int) -> Span | None:
    """The paragraph before a quotation that stands alone, else None."""
    index = _paragraph(ctx, number)[0]
    if index == 0 or not _alone(ctx, number):
        return None
    return ctx.paragraphs[index - 1]


def previous_paragraph_quote(ctx: Context, number: int) -> Attribution | None:
    previous = _paragraph_before(ctx, number)
    if previous is None:
        return None
    first_in = bisect_left(ctx.quote_starts, previous.start)
    before = range(first_in, bisect_left(ctx.quote_starts, previous.end))
    if before and ctx.results[before[-1]].speakers:
        return Attribution(ctx.results[before[-1]].speakers, "continues the previous paragraph's quotation")
    return None


def paragraph_before_speaker(ctx: Context, number: int) -> Attribution | None:
    """"Mr. X said in his nightly address:" / "X said the attack was cowardly." then the quotation."""
    previous = _paragraph_before(ctx, number)
    if previous is None:
        return None
    last = ctx.sentence(previous.end - 1)
    said = _said_before(ctx, max(last.start, previous.start), previous.end)
    if said and said.speakers and UNATTRIBUTED not in said.speakers:
        opened = ctx.masked[previous.start:previous.end].rstrip().endswith(":")
        return Attribution(said.speakers, "speaker of the paragraph before",
                           "" if opened else "credited to the speaker of the paragraph before")
    return None


def colon_introduction(ctx: Context, number: int) -> Attribution | None:
    """"X laid out the conditions: …" then the quotation: the person the colon sentence is about."""
    previous = _paragraph_before(ctx, number)
    if previous is None:
        return None
    start = max(ctx.sentence(previous.end - 1).start, previous.start)
    colon = ctx.masked.find(":", start, previous.end)
    if colon < 0:
        return None
    people = _first_person(ctx, start, colon)
    if not people:
        return None
    opened = ctx.masked[previous.start:previous.end].rstrip().endswith(":")
    return Attribution(people, "introduced by a colon sentence",
                       "" if opened else "credited to the person the paragraph before introduces")


def _first_person(ctx: Context, start: int, end: int) -> tuple[str, ...]:
    """The first person named (or he/she) between start and end as a subject, not as an object or owner."""
    for candidate in ctx.candidates_between(start, end):
        if candidate.possessive or candidate.after_preposition:
            continue
        if (candidate.kind == "actor" and ctx.table.is_person(candidate.actor)) or \
                (candidate.kind == "pronoun" and candidate.text != "they"):
            return resolve(ctx, candidate)
    return ()


def after_background(ctx: Context, number: int) -> Attribution | None:
    """A quotation paragraph after a background paragraph (no quotation, no speech verb): the
    speaker quoted just before the background — uncertain."""
    index = _paragraph(ctx, number)[0]
    if index < 2 or not _alone(ctx, number):
        return None
    background, earlier = ctx.paragraphs[index - 1], ctx.paragraphs[index - 2]
    if bisect_left(ctx.quote_starts, background.start) != bisect_left(ctx.quote_starts, background.end):
        return None
    quoted = range(bisect_left(ctx.quote_starts, earlier.start), bisect_left(ctx.quote_starts, earlier.end))
    speakers = ctx.results[quoted[-1]].speakers if quoted else ()
    if not speakers or UNATTRIBUTED in speakers:
        return None
    return Attribution(speakers, "speaker before a background paragraph",
                       "credited to the speaker quoted before the background paragraph")


DIRECT_RULES: list[Rule] = [transcript_turn, said_after, said_before, according_after, verb_later]
NEIGHBOUR_RULES: list[Rule] = [sentence_subject, previous_in_paragraph, next_in_paragraph,
                               previous_paragraph_quote, paragraph_before_speaker, colon_introduction,
                               after_background]


def _first(rules: list[Rule], ctx: Context, number: int) -> Attribution | None:
    for rule in rules:
        found = rule(ctx, number)
        if found:
            found.rule = rule.__name__
            return found
    return None


def attribute_all(ctx: Context) -> list[Attribution]:
    """One Attribution per quotation of the context, in order."""
    ctx.results = []
    for number in range(len(ctx.quotes)):
        ctx.note = ""
        found = _first(DIRECT_RULES, ctx, number) or Attribution()
        if found.speakers and ctx.note and not found.uncertain:
            found.uncertain = ctx.note
        ctx.results.append(found)
    for number in range(len(ctx.quotes)):
        if not ctx.results[number].speakers:
            ctx.results[number] = _first(NEIGHBOUR_RULES, ctx, number) or \
                Attribution((UNATTRIBUTED,), "none", "no speaker found")
    return ctx.results


_DIRECT_NAMES = {rule.__name__ for rule in DIRECT_RULES} - {"verb_later"}
_PERSONAL = re.compile(r"\b(?:I|I’m|I'm|me|my|we|we’re|we're|us|our|you|your)\b")
# Words that make a short quotation a clause or a phrase of speech, not a term: "erased",
# "updated and refined", "within two weeks", "was not ready".
_NOT_A_TERM = re.compile(
    r"\b(?:is|are|was|were|be|been|will|would|can|could|must|should|has|have|had|do|does|did|not|no|never)\b|"
    r"\b\w+ed(?:$|\s+(?:and|or|by|to|in|on|with|from|for|as|it|them)\b)|"   # a verb, not "armed standoff"
    r"^(?:within|in|on|at|by|for|to|from|with|without|after|before|until|very|too|so|more|less)\b", re.IGNORECASE)
_SO_CALLED = re.compile(r"\bso[- ]called\s*$|\b(?:the|a)\s+(?:phrase|term|word|slogan|label)\s*$|"
                        r"\b(?:known|referred to)\s+as\s*$|\bcode-?named\s*$", re.IGNORECASE)


def is_scare_quote(ctx: Context, number: int) -> bool:
    """A short quoted noun phrase that no speech verb introduces ("coalition of the willing", a code
    name): a term the writer is marking, not a quotation. Call after attribute_all."""
    text = ctx.quotes[number].text
    words = re.findall(r"[^\W_][\w’'-]*", text)
    if not words or len(words) > 5 or text.rstrip(" ”’\"'")[-1:] in ".?!…" or _PERSONAL.search(text) \
            or _NOT_A_TERM.search(text):
        return False
    if _SO_CALLED.search(ctx.masked[max(0, ctx.quotes[number].start - 30):ctx.quotes[number].start]):
        return True           # "the so-called “shadow fleet”", "known as “Operation X”", even beside a speech verb
    return ctx.results[number].rule not in _DIRECT_NAMES
