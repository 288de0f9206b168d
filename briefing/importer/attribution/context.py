"""What every attribution rule reads: the masked body, its quotations,
sentences and paragraphs, the names found in it, and the candidates for a
speaker (names, pronouns, title phrases) with the titles the text gives
people ("President X", "X, Russia's foreign minister")."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field

from briefing.importer.actors import PREPOSITIONS, ActorTable, Mention
from briefing.importer.attribution.words import (
    DETERMINERS,
    DOCUMENT_NOUNS,
    PHRASE,
    PRONOUN,
    TITLE_NOUNS,
    title_words,
    word_before,
)
from briefing.importer.quotes import QuoteSpan
from briefing.importer.sentences import Span, containing

UNNAMED = "unnamed-official"
UNATTRIBUTED = "unattributed"

@dataclass(frozen=True)
class Candidate:
    start: int
    end: int
    kind: str                      # actor | pronoun | phrase
    actor: str = ""
    text: str = ""
    possessive: bool = False
    after_preposition: bool = False
    noun: str = ""
    mods: str = ""
    det: str = ""
    owner: str = ""


@dataclass
class Attribution:
    speakers: tuple[str, ...] = ()
    how: str = ""                  # which rule found it
    uncertain: str = ""            # why a reviewer should look, '' when confident
    verb_start: int = -1
    rule: str = ""                 # the name of the rule function that found it


@dataclass
class Binding:
    position: int
    actor: str
    words: frozenset[str]
    qualified: bool


@dataclass
class Context:
    masked: str
    quotes: list[QuoteSpan]
    sentences: list[Span]
    paragraphs: list[Span]
    mentions: list[Mention]
    table: ActorTable
    candidates: list[Candidate] = field(default_factory=list)
    bindings: list[Binding] = field(default_factory=list)
    turn_speakers: dict[int, str] = field(default_factory=dict)   # a transcript turn's start → its speaker
    note: str = ""       # set while resolving an unnamed source, for the reviewer
    results: list[Attribution] = field(default_factory=list)   # the attributions so far, in quotation order

    def __post_init__(self) -> None:
        self.mention_starts = [m.start for m in self.mentions]
        self.quote_starts = [q.start for q in self.quotes]
        self.candidates = self._find_candidates()
        self.candidate_starts = [c.start for c in self.candidates]
        self.bindings = self._find_bindings()

    def _find_candidates(self) -> list[Candidate]:
        found = [Candidate(m.start, m.end, "actor", m.actor, m.surface, m.possessive, m.after_preposition)
                 for m in self.mentions]
        taken = [(m.start, m.end) for m in self.mentions]
        for match in PRONOUN.finditer(self.masked):
            found.append(Candidate(match.start(), match.end(), "pronoun", text=match.group(0).lower(),
                                   after_preposition=word_before(self.masked, match.start()) in PREPOSITIONS))
        for match in PHRASE.finditer(self.masked):
            start, end = match.start(), match.end()
            noun = match.group("noun").lower()
            mods = (match.group("mods") or "").strip()
            det = (match.group("det") or "").lower()
            owner = match.group("owner") or ""
            if det in ("the", "his", "her", "its", "their") or owner:
                pass
            elif not (det or mods):
                continue
            if re.fullmatch(DOCUMENT_NOUNS, noun) and not self.qualifier(mods + " " + owner):
                continue          # "the plan" on its own says nothing about who speaks
            if re.fullmatch(r"general|side|version|text|post|message|report", noun) and not owner and not mods:
                continue
            near = bisect_left(self.mention_starts, start - 200)
            if any(s <= start < e or start <= s < end for s, e in taken[near:near + 40]):
                # A name inside the phrase ("Kremlin spokesman", "Trump’s Treasury secretary"): keep
                # the phrase only when the name is its qualifier, not its head.
                inner = [m for m in self.mentions[near:near + 40] if start <= m.start and m.end <= end]
                if not inner or inner[-1].end >= end - 1 or any(m.start < start < m.end for m in self.mentions[near:near + 40]):
                    continue
            found.append(Candidate(start, end, "phrase", text=match.group(0), noun=noun, mods=mods, det=det,
                                   owner=owner, after_preposition=word_before(self.masked, start) in PREPOSITIONS))
        found.sort(key=lambda c: (c.start, -c.end))
        return found

    def _find_bindings(self) -> list[Binding]:
        """Titles the text gives people: 'President X', 'X, Russia’s foreign minister', 'its president, X'."""
        bindings = []
        for m in self.mentions:
            if not self.table.is_person(m.actor):
                continue
            before = self.masked[max(0, m.start - 60):m.start]
            pre = re.search(r"((?:[A-Z][\w’'.-]*|[a-z][\w-]*)(?:\s+(?:[A-Z][\w’'.-]*|[a-z][\w-]*)){0,3})\s+$", before)
            # titles written before the name, in the alias itself ("President Trump") or just before it
            keep = [w for w in m.surface.split()[:-1]
                    if w.lower().strip(".") in title_words() or w in self.table.demonyms]
            if pre:
                for word in reversed(pre.group(1).split()):
                    if word.lower().strip(".") in title_words() or word in self.table.demonyms:
                        keep.insert(0, word)
                    else:
                        break
            if any(w.lower().strip(".") in title_words() for w in keep):
                qualified = any(w in self.table.demonyms for w in keep) or \
                    bool(re.match(r"\s+of\s+[A-Z]", self.masked[m.end:m.end + 20]))
                bindings.append(Binding(m.start, m.actor, frozenset(w.lower().strip(".") for w in keep), qualified))
            after = re.match(r",\s*((?:[\w’'.-]+\s+){0,6}?[\w’'-]+)\s*[,.]", self.masked[m.end:m.end + 120])
            if after and re.search(rf"\b(?:{TITLE_NOUNS})\b", after.group(1), re.IGNORECASE):
                words = after.group(1).lower().replace("’s", "").replace("'s", "").split()
                bindings.append(Binding(m.start, m.actor, frozenset(words), True))
            appositive = re.search(rf"\b(?:the|his|her|its|their|[A-Z]\w+[’']s)\s+((?:[\w-]+\s+){{0,3}}(?:{TITLE_NOUNS})),\s*$", before)
            if appositive:
                words = appositive.group(1).lower().split()
                bindings.append(Binding(m.start, m.actor, frozenset(words), True))
        return bindings

    def qualifier(self, text: str) -> str:
        """The actor a phrase's modifiers name: 'Kremlin', 'Ukrainian', 'White House'."""
        for mention in self.table.mentions(text):
            return mention.actor
        for word in re.findall(r"[A-Z][\w.]*", text):
            if word in self.table.demonyms:
                return self.table.demonyms[word]
        return ""

    def sentence(self, position: int) -> Span:
        return self.sentences[containing(self.sentences, position)]

    def mentions_before(self, position: int, reach: int = 3000) -> list[Mention]:
        """Mentions ending before `position`, within `reach` characters (antecedents are close)."""
        lo = bisect_left(self.mention_starts, position - reach)
        hi = bisect_left(self.mention_starts, position)
        return [m for m in self.mentions[lo:hi] if m.end <= position]

    def without_quotes(self, sentence: Span) -> str:
        text = list(self.masked[sentence.start:sentence.end])
        first = max(0, bisect_left(self.quote_starts, sentence.start) - 1)
        for q in self.quotes[first:bisect_left(self.quote_starts, sentence.end)]:
            for i in range(max(q.start, sentence.start), min(q.end, sentence.end)):
                text[i - sentence.start] = " "
        return "".join(text)

    def is_verb(self, verb: re.Match[str]) -> bool:
        """A speech verb, not a noun that looks like one ('his calls', 'so-called')."""
        word = verb.group(0).lower()
        inside = bisect_left(self.mention_starts, verb.start())
        if any(m.start <= verb.start() < m.end for m in self.mentions[max(0, inside - 2):inside + 1]):
            return False          # "the United States", not "states"
        before = self.masked[max(0, verb.start() - 20):verb.start()]
        if before.endswith("-"):
            return False
        previous = word_before(self.masked, verb.start(), skip=())
        if previous in DETERMINERS and not verb.group("according"):
            return False
        if re.search(r"[’']s\s+$", before) and word.endswith("s"):
            return False
        # "the widely reported talks", "so called"
        return not (word in ("reported", "called") and previous in ("widely", "so"))

    def candidates_between(self, start: int, end: int) -> list[Candidate]:
        lo = bisect_left(self.candidate_starts, start)
        hi = bisect_left(self.candidate_starts, end)
        return [c for c in self.candidates[lo:hi] if c.end <= end]

    def unknown_name(self, start: int, verb: int) -> str:
        """A capitalised word right before a speech verb that names no known actor ("Trump told")."""
        match = re.search(r"(?:^|[\s(])((?:[A-Z][\w’'-]+\s+){0,2}[A-Z][\w’'-]+)\s+(?:(?:also|later|then|\w+ly)\s+)?$",
                          self.masked[start:verb])
        if not match:
            return ""
        name = match.group(1)
        position = start + match.start(1)
        if any(c.start <= position < c.end or position <= c.start < start + match.end(1)
               for c in self.candidates_between(max(start, position - 100), verb + 1)):
            return ""
        if name.split()[0].lower() in ("the", "a", "an", "but", "and", "then", "later", "asked", "it", "this"):
            return ""
        return name
