"""Who said each quotation.

Works on the masked body (quotation contents blanked), in which it finds
speech verbs and the subjects that go with them. For each quotation, in
order of strength:

1. an attribution right after it: `“…,” Mr. Lavrov said`, `“…,” said X, the
   foreign minister`, `“…,” he told reporters`;
2. a speech verb before it in its sentence: `X said that “…”`, `he added: “…”`,
   `…, saying “…”` (the sentence's subject);
3. `according to X` after it;
4. a speech verb later in the sentence (`“erased” what X called …`);
5. for a sentence that is nothing but the quotation, the speaker of the
   quotation next to it (`“A,” she said. “B.”`) or of the paragraph before;
6. for a partial quotation in a sentence with no speech verb, the
   sentence's subject — marked uncertain;
7. otherwise nobody: the `unattributed` placeholder, marked for review.

A subject may be a name, a pronoun (resolved to the last person named),
a title ("the foreign minister", resolved to the person the text gave that
title to) or an unnamed source ("a senior official", credited to the body
it is said to belong to, else to `unnamed-official`). "X and Y said" gives
both.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field

from briefing.importer.actors import PREPOSITIONS, TITLE_WORDS, ActorTable, Mention
from briefing.importer.quotes import QuoteSpan
from briefing.importer.sentences import Span, containing

UNNAMED = "unnamed-official"
UNATTRIBUTED = "unattributed"

_FINITE = (
    r"(?:was|were|is|are|has been|had been)\s+quoted\s+as\s+saying|put it|pointed out|"
    r"said|says|say|told|tells|added|adds|wrote|writes|asked|asks|stated|states|declared|declares|"
    r"insisted|insists|warned|warns|noted|notes|argued|argues|stressed|stresses|emphasi[sz]ed|emphasi[sz]es|"
    r"remarked|remarks|asserted|asserts|confirmed|confirms|urged|urges|replied|replies|responded|responds|"
    r"explained|explains|announced|announces|admitted|admits|acknowledged|acknowledges|claimed|claims|"
    r"posted|posts|tweeted|recalled|complained|predicted|predicts|promised|promises|vowed|vows|pledged|"
    r"threatened|cautioned|conceded|countered|continued|described|describes|called|calls|dubbed|branded|"
    r"labell?ed|termed|hailed|hails|praised|praises|welcomed|welcomes|dismissed|criticized|criticised|"
    r"condemned|denounced|accused|reiterated|repeated|demanded|demands|proposed|suggested|suggests|"
    r"reported|reports|denied|denies|joked|quipped|concluded|observed|answered|agreed|ordered|"
    r"mentioned|boasted|lamented|conceded|signaled|signalled|indicated|revealed|told|insists|maintained"
)
_PARTICIPLE = (
    r"saying|adding|telling|writing|noting|arguing|insisting|warning|calling|describing|declaring|"
    r"stressing|explaining|urging|asking|claiming|suggesting|stating|asserting|emphasi[sz]ing|promising|"
    r"vowing|recalling|referring|arguing|boasting|lamenting|complaining|predicting|posting|tweeting"
)
_VERB = re.compile(rf"\b(?:(?P<finite>{_FINITE})|(?P<participle>{_PARTICIPLE})|(?P<according>according to))\b", re.I)
# Verbs after which the speaker may follow: "…,” said X.
_INVERTIBLE = {"said", "says", "added", "adds", "asked", "asks", "wrote", "writes", "continued", "explained",
               "noted", "remarked", "replied", "insisted", "warned", "argued", "declared", "recalled", "stated",
               "responded", "answered", "countered", "concluded", "observed", "quipped", "joked"}
_DETERMINERS = {"the", "a", "an", "his", "her", "its", "their", "our", "this", "that", "these", "those", "whose", "your", "my"}
_PRONOUN = re.compile(r"\b(?:he|she|they|He|She|They)\b")
_TITLE_NOUNS = (r"president|prime minister|minister|chancellor|secretary|spokesman|spokeswoman|spokesperson|"
                r"envoy|adviser|advisor|aide|leader|negotiator|governor|mayor|ambassador|senator|lawmaker|"
                r"commander|chief|premier|king|pope|general|mp")
_PERSON_NOUNS = (r"officials?|sources?|spokes(?:man|woman|person|people)|diplomats?|aides?|insiders?|"
                 r"(?:people|persons?|someone) (?:familiar|close|briefed|with knowledge)|negotiators?|"
                 r"lawmakers|analysts|observers|experts|advisers|advisors|representatives?|residents|"
                 r"authorities|officers?|ministry|government|administration|delegation|side")
_DOCUMENT_NOUNS = (r"statement|draft|proposal|counterproposal|counter-proposal|plan|memorandum|document|"
                   r"communiqu[eé]|declaration|letter|readout|text|version|report|resolution|post|message")
_MODIFIERS = (r"senior|top|high-ranking|unnamed|anonymous|former|deputy|local|regional|foreign|national|"
              r"security|press|policy|foreign-policy|defen[cs]e|economic|chief|military|government|presidential|"
              r"special|state|federal|administration|intelligence|western|european|other|two|three|several|"
              r"some|many|ministry|kremlin|white|house|social|media|official|initial|draft|latest|new|joint|"
              r"interior|energy|finance|trade|peace|negotiating|team|delegation|embassy|city|regional|military")
_CAPITALISED = r"(?:[A-Z]\.){2,}|[A-Z][a-z]{0,3}\.(?=[ \t]+[A-Z])|[A-Z][\w’'-]*"
_PHRASE = re.compile(
    rf"\b(?:(?P<det>(?i:the|his|her|its|their|a|an|one|two|three|several|some|other|many|both))[ \t]+|"
    rf"(?P<owner>(?:(?:{_CAPITALISED})[ \t]+){{0,2}}(?:{_CAPITALISED})[’']s)[ \t]+)?"
    rf"(?P<mods>(?:(?:(?i:{_MODIFIERS})|{_CAPITALISED})[ \t]+){{0,4}})"
    rf"(?P<noun>{_TITLE_NOUNS}|{_PERSON_NOUNS}|{_DOCUMENT_NOUNS})\b")
_LEADER_WORDS = {"president", "prime", "chancellor", "leader", "premier", "head", "king"}


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


@dataclass
class _Binding:
    position: int
    actor: str
    words: frozenset[str]
    qualified: bool


@dataclass
class SpeakerFinder:
    masked: str
    quotes: list[QuoteSpan]
    sentences: list[Span]
    paragraphs: list[Span]
    mentions: list[Mention]
    table: ActorTable
    candidates: list[Candidate] = field(default_factory=list)
    bindings: list[_Binding] = field(default_factory=list)
    _note: str = ""       # set while resolving an unnamed source, for the reviewer
    _results: list[Attribution] = field(default_factory=list)   # filled in order by attribute_all

    def __post_init__(self) -> None:
        self._mention_starts = [m.start for m in self.mentions]
        self._quote_starts = [q.start for q in self.quotes]
        self.candidates = self._candidates()
        self._candidate_starts = [c.start for c in self.candidates]
        self.bindings = self._bindings()

    # ------------------------------------------------------------ set-up
    def _candidates(self) -> list[Candidate]:
        found = [Candidate(m.start, m.end, "actor", m.actor, m.surface, m.possessive, m.after_preposition)
                 for m in self.mentions]
        taken = [(m.start, m.end) for m in self.mentions]
        for match in _PRONOUN.finditer(self.masked):
            found.append(Candidate(match.start(), match.end(), "pronoun", text=match.group(0).lower(),
                                   after_preposition=_word_before(self.masked, match.start()) in PREPOSITIONS))
        for match in _PHRASE.finditer(self.masked):
            start, end = match.start(), match.end()
            noun = match.group("noun").lower()
            mods = (match.group("mods") or "").strip()
            det = (match.group("det") or "").lower()
            owner = match.group("owner") or ""
            if det in ("the", "his", "her", "its", "their") or owner:
                pass
            elif not (det or mods):
                continue
            if re.fullmatch(_DOCUMENT_NOUNS, noun) and not self._qualifier(mods + " " + owner):
                continue          # "the plan" on its own says nothing about who speaks
            if re.fullmatch(r"general|side|version|text|post|message|report", noun) and not owner and not mods:
                continue
            near = bisect_left(self._mention_starts, start - 200)
            if any(s <= start < e or start <= s < end for s, e in taken[near:near + 40]):
                # A name inside the phrase ("Kremlin spokesman", "Trump’s Treasury secretary"): keep
                # the phrase only when the name is its qualifier, not its head.
                inner = [m for m in self.mentions[near:near + 40] if start <= m.start and m.end <= end]
                if not inner or inner[-1].end >= end - 1 or any(m.start < start < m.end for m in self.mentions[near:near + 40]):
                    continue
            found.append(Candidate(start, end, "phrase", text=match.group(0), noun=noun, mods=mods, det=det,
                                   owner=owner, after_preposition=_word_before(self.masked, start) in PREPOSITIONS))
        found.sort(key=lambda c: (c.start, -c.end))
        return found

    def _bindings(self) -> list[_Binding]:
        """Titles the text gives people: 'President X', 'X, Russia’s foreign minister', 'its president, X'."""
        bindings = []
        for m in self.mentions:
            if not self.table.is_person(m.actor):
                continue
            before = self.masked[max(0, m.start - 60):m.start]
            pre = re.search(r"((?:[A-Z][\w’'.-]*|[a-z][\w-]*)(?:\s+(?:[A-Z][\w’'.-]*|[a-z][\w-]*)){0,3})\s+$", before)
            # titles written before the name, in the alias itself ("President Trump") or just before it
            keep = [w for w in m.surface.split()[:-1]
                    if w.lower().strip(".") in _title_words() or w in self.table.demonyms]
            if pre:
                for word in reversed(pre.group(1).split()):
                    if word.lower().strip(".") in _title_words() or word in self.table.demonyms:
                        keep.insert(0, word)
                    else:
                        break
            if any(w.lower().strip(".") in _title_words() for w in keep):
                qualified = any(w in self.table.demonyms for w in keep) or \
                    bool(re.match(r"\s+of\s+[A-Z]", self.masked[m.end:m.end + 20]))
                bindings.append(_Binding(m.start, m.actor, frozenset(w.lower().strip(".") for w in keep), qualified))
            after = re.match(r",\s*((?:[\w’'.-]+\s+){0,6}?[\w’'-]+)\s*[,.]", self.masked[m.end:m.end + 120])
            if after and re.search(rf"\b(?:{_TITLE_NOUNS})\b", after.group(1), re.I):
                words = after.group(1).lower().replace("’s", "").replace("'s", "").split()
                bindings.append(_Binding(m.start, m.actor, frozenset(words), True))
            appositive = re.search(rf"\b(?:the|his|her|its|their|[A-Z]\w+[’']s)\s+((?:[\w-]+\s+){{0,3}}(?:{_TITLE_NOUNS})),\s*$", before)
            if appositive:
                words = appositive.group(1).lower().split()
                bindings.append(_Binding(m.start, m.actor, frozenset(words), True))
        return bindings

    def _qualifier(self, text: str) -> str:
        """The actor a phrase's modifiers name: 'Kremlin', 'Ukrainian', 'White House'."""
        for mention in self.table.mentions(text):
            return mention.actor
        for word in re.findall(r"[A-Z][\w.]*", text):
            if word in self.table.demonyms:
                return self.table.demonyms[word]
        return ""

    # ------------------------------------------------------------ queries
    def attribute_all(self) -> list[Attribution]:
        results: list[Attribution] = []
        self._results = results
        for number, q in enumerate(self.quotes):
            self._note = ""
            found = self._direct(number, q)
            if found.speakers and self._note and not found.uncertain:
                found.uncertain = self._note
            results.append(found)
        for number, q in enumerate(self.quotes):
            if not results[number].speakers:
                results[number] = self._from_neighbours(number, q, results)
        return results

    def _sentence(self, position: int) -> Span:
        return self.sentences[containing(self.sentences, position)]

    def _direct(self, number: int, q: QuoteSpan) -> Attribution:
        sentence = self._sentence(q.start)
        closing = self._sentence(q.end - 1)     # a quotation may run over several sentences or paragraphs
        after = bisect_left(self._quote_starts, q.end)
        later_quotes = [o.start for o in self.quotes[after:after + 20] if o.start < closing.end]
        tail_end = min(later_quotes + [max(closing.end, q.end)])
        found = self._trailing(q.end, tail_end)
        if found:
            return found
        found = self._leading(sentence.start, q.start)
        if found:
            return found
        found = self._according_after(q.end, max(closing.end, q.end))
        if found:
            return found
        found = self._later_verbs(q.end, max(closing.end, q.end))
        if found:
            return found
        return Attribution()

    # 1. "…,” X said / said X
    def _trailing(self, start: int, end: int) -> Attribution | None:
        text = self.masked[start:end]
        lead = len(text) - len(text.lstrip(" \t\n,;:—–-"))
        begin = start + lead
        for verb in _VERB.finditer(self.masked, begin, min(end, begin + 90)):
            if verb.group("according"):
                return None
            if not self._is_verb(verb):
                continue
            pre = self.masked[begin:verb.start()]
            if not pre.strip():
                if verb.group("finite") and verb.group(0).lower() in _INVERTIBLE:
                    speakers = self._subject_after(verb.end(), end)
                    if speakers:
                        return Attribution(speakers, "said X after the quotation", verb_start=verb.start())
                return None
            following = bisect_left(self._candidate_starts, begin)
            first = self.candidates[following] if following < len(self.candidates) else None
            opener = re.match(r"(?:(?:and|but|both|while|as)\s+)?(?:(?:[A-Z][a-z]{0,3}\.|[A-Z][a-z]+)\s+){0,3}", pre)
            allowed_start = begin + (opener.end() if opener else 0)
            if first is None or first.start > allowed_start or first.start >= verb.start():
                unknown = self._unknown_name(begin, verb.start())
                if unknown:
                    return Attribution((UNATTRIBUTED,), "unknown name",
                                       f"“{unknown}” is not in the index: add them and credit the quotation",
                                       verb.start())
                return None
            if verb.group("participle"):
                return None
            speakers = self._subject_before(begin, verb.start())
            if speakers:
                return Attribution(speakers, "X said after the quotation", verb_start=verb.start())
            return None
        return None

    # 2. X said (that) “…” / …, saying “…”
    def _leading(self, start: int, end: int) -> Attribution | None:
        verbs = [v for v in _VERB.finditer(self.masked, start, end) if self._is_verb(v)]
        for verb in reversed(verbs):
            if verb.group("according"):
                speakers = self._subject_after(verb.end(), end, allow_possessive=True)
                if speakers:
                    return Attribution(speakers, "according to X", verb_start=verb.start())
                continue
            if verb.group("participle"):
                speakers = self._clause_subject(start, verb.start())
                if speakers:
                    return Attribution(speakers, "…, saying", verb_start=verb.start())
                continue
            speakers = self._subject_before(start, verb.start())
            if speakers:
                return Attribution(speakers, "X said before the quotation", verb_start=verb.start())
            unknown = self._unknown_name(start, verb.start())
            if unknown:
                return Attribution((UNATTRIBUTED,), "unknown name",
                                   f"“{unknown}” is not in the index: add them and credit the quotation", verb.start())
        return None

    def _unknown_name(self, start: int, verb: int) -> str:
        """A capitalised word right before a speech verb that names no known actor ("Trump told")."""
        match = re.search(r"(?:^|[\s(])((?:[A-Z][\w’'-]+\s+){0,2}[A-Z][\w’'-]+)\s+(?:(?:also|later|then|\w+ly)\s+)?$",
                          self.masked[start:verb])
        if not match:
            return ""
        name = match.group(1)
        position = start + match.start(1)
        if any(c.start <= position < c.end or position <= c.start < start + match.end(1)
               for c in self._candidates_between(max(start, position - 100), verb + 1)):
            return ""
        if name.split()[0].lower() in ("the", "a", "an", "but", "and", "then", "later", "asked", "it", "this"):
            return ""
        return name

    # 3. “…,” according to X
    def _according_after(self, start: int, end: int) -> Attribution | None:
        for verb in _VERB.finditer(self.masked, start, end):
            if verb.group("according"):
                speakers = self._subject_after(verb.end(), end, allow_possessive=True)
                if speakers:
                    return Attribution(speakers, "according to X", verb_start=verb.start())
        return None

    # 4. a verb later in the sentence
    def _later_verbs(self, start: int, end: int) -> Attribution | None:
        for verb in _VERB.finditer(self.masked, start, end):
            if verb.group("according") or verb.group("participle") or not self._is_verb(verb):
                continue
            speakers = self._subject_before(start, verb.start())
            if speakers:
                return Attribution(speakers, "speech verb later in the sentence",
                                   "attributed from a speech verb later in the sentence", verb.start())
        return None

    # 5 and 6
    def _from_neighbours(self, number: int, q: QuoteSpan, results: list[Attribution]) -> Attribution:
        sentence = self._sentence(q.start)
        rest = self._without_quotes(sentence)
        para_index = containing(self.paragraphs, q.start)
        para = self.paragraphs[para_index]
        alone = not re.search(r"[^\W\d_]", rest)
        if not alone:
            subject = self._clause_subject(sentence.start, sentence.end, exclude=(q.start, q.end))
            if subject:
                return Attribution(subject, "sentence subject", "no speech verb: credited to the sentence's subject")
        # the quotation before it in the same paragraph, then the one after it
        for other in range(number - 1, -1, -1):
            if self.quotes[other].start < para.start:
                break
            if results[other].speakers:
                return Attribution(results[other].speakers, "continues the previous quotation",
                                   "" if alone else "credited to the previous quotation's speaker")
        for other in range(number + 1, len(self.quotes)):
            if self.quotes[other].start >= para.end:
                break
            if results[other].speakers:
                return Attribution(results[other].speakers, "speaker of the next quotation",
                                   "credited to the next quotation's speaker")
        if para_index > 0 and alone:
            previous = self.paragraphs[para_index - 1]
            first_in = bisect_left(self._quote_starts, previous.start)
            before = [n for n in range(first_in, bisect_left(self._quote_starts, previous.end))]
            if before and results[before[-1]].speakers:
                return Attribution(results[before[-1]].speakers, "continues the previous paragraph's quotation")
            # "Mr. X said in his nightly address:" / "X said the attack was cowardly." then the quotation
            last = self._sentence(previous.end - 1)
            said = self._leading(max(last.start, previous.start), previous.end)
            if said and said.speakers:
                opened = self.masked[previous.start:previous.end].rstrip().endswith(":")
                return Attribution(said.speakers, "speaker of the paragraph before",
                                   "" if opened else "credited to the speaker of the paragraph before")
        return Attribution((UNATTRIBUTED,), "none", "no speaker found")

    # ------------------------------------------------------------ helpers
    def _mentions_before(self, position: int, reach: int = 3000) -> list[Mention]:
        """Mentions ending before `position`, within `reach` characters (antecedents are close)."""
        lo = bisect_left(self._mention_starts, position - reach)
        hi = bisect_left(self._mention_starts, position)
        return [m for m in self.mentions[lo:hi] if m.end <= position]

    def _without_quotes(self, sentence: Span) -> str:
        text = list(self.masked[sentence.start:sentence.end])
        first = max(0, bisect_left(self._quote_starts, sentence.start) - 1)
        for q in self.quotes[first:bisect_left(self._quote_starts, sentence.end)]:
            for i in range(max(q.start, sentence.start), min(q.end, sentence.end)):
                text[i - sentence.start] = " "
        return "".join(text)

    def _is_verb(self, verb: re.Match[str]) -> bool:
        """A speech verb, not a noun that looks like one ('his calls', 'so-called')."""
        word = verb.group(0).lower()
        inside = bisect_left(self._mention_starts, verb.start())
        if any(m.start <= verb.start() < m.end for m in self.mentions[max(0, inside - 2):inside + 1]):
            return False          # "the United States", not "states"
        before = self.masked[max(0, verb.start() - 20):verb.start()]
        if before.endswith("-"):
            return False
        previous = _word_before(self.masked, verb.start(), skip=())
        if previous in _DETERMINERS and not verb.group("according"):
            return False
        if re.search(r"[’']s\s+$", before) and word.endswith("s"):
            return False
        if word in ("reported", "called") and previous in ("widely", "so"):
            return False          # "the widely reported talks", "so called"
        return True

    def _candidates_between(self, start: int, end: int) -> list[Candidate]:
        lo = bisect_left(self._candidate_starts, start)
        hi = bisect_left(self._candidate_starts, end)
        return [c for c in self.candidates[lo:hi] if c.end <= end]

    def _subject_before(self, start: int, verb: int) -> tuple[str, ...]:
        """The subject of the verb at `verb`: the nearest candidate whose gap to the verb holds only
        an appositive, adverbs or a prepositional phrase."""
        window = self._candidates_between(start, verb)
        # Names inside the appositive just before the verb ("X, who led Kyiv's delegation, said")
        # are not the subject when there is one before it.
        aside = re.search(r",[^,;:]{1,150},\s*(?:(?:\w+ly|also|later|then)\s+)*$", self.masked[start:verb])
        inside = (start + aside.start(), start + aside.end()) if aside else (verb, verb)
        ordered = [c for c in reversed(window) if not inside[0] <= c.start < inside[1]] + \
                  [c for c in reversed(window) if inside[0] <= c.start < inside[1]]
        for candidate in ordered:
            if not self._eligible(candidate):
                continue
            if not _gap_ok(self.masked[candidate.end:verb]):
                continue
            speakers = self._resolve(candidate)
            if speakers:
                return self._with_conjuncts(candidate, window, speakers)
            return ()
        # "X met Y and said": the clause's subject
        if re.search(r"\band\s+(?:\w+ly\s+|also\s+|then\s+|later\s+)*$", self.masked[start:verb]):
            return self._clause_subject(start, verb)
        return ()

    def _subject_after(self, verb_end: int, end: int, allow_possessive: bool = False) -> tuple[str, ...]:
        window = self._candidates_between(verb_end, min(end, verb_end + 60) + 200)
        window = [c for c in window if c.start < min(end, verb_end + 60)]
        if not window:
            return ()
        first = window[0]
        gap = self.masked[verb_end:first.start]
        window = [first] + [c for c in window[1:] if c.start >= first.end]
        if not re.fullmatch(r"[\s,]*(?:(?:the|a|an|his|her|its|their)\s+)?(?:[\w.-]+[\s,]+){0,3}", gap):
            return ()
        if first.kind != "actor" and len(window) > 1 and window[1].kind == "actor" and \
                re.fullmatch(r"\s*,?\s*", self.masked[first.end:window[1].start]):
            first = window[1]
        if first.kind == "actor" and first.possessive and not allow_possessive:
            return ()
        return self._resolve(first)

    def _clause_subject(self, start: int, end: int, exclude: tuple[int, int] | None = None) -> tuple[str, ...]:
        """The first candidate of the clause that is not an object, a possessive or a modifier."""
        window = self._candidates_between(start, end)
        for candidate in window:
            if exclude and exclude[0] <= candidate.start < exclude[1]:
                continue
            if not self._eligible(candidate):
                continue
            # "Kremlin foreign policy adviser Yury Ushakov": a name qualifying a following person
            nxt = next((c for c in window if c.start > candidate.end), None)
            between = self.masked[candidate.end:nxt.start] if nxt is not None else ""
            if nxt is not None and nxt.kind == "actor" and self.table.is_person(nxt.actor) and \
                    re.fullmatch(r"\s+(?:[a-z-]+\s+){1,4}", between) and \
                    not any(_is_verbish(word) for word in between.split()):
                continue
            if candidate.kind == "pronoun" and candidate.text == "they":
                continue
            speakers = self._resolve(candidate)
            if speakers:
                return self._with_conjuncts(candidate, window, speakers)
        return ()

    def _eligible(self, candidate: Candidate) -> bool:
        if candidate.after_preposition:
            return False
        if candidate.kind == "actor" and candidate.possessive:
            return False
        if candidate.kind == "actor":
            following = self.masked[candidate.end:candidate.end + 40]
            # "White House press secretary", "US draft": the name qualifies a noun
            noun = re.match(r"\s+([a-z][\w-]*)", following)
            if noun and not _is_verbish(noun.group(1)) and not _VERB.match(following.lstrip()):
                info = self.table.actors.get(candidate.actor)
                if info is not None and info.kind == "person":
                    return False
                if not re.fullmatch(_DOCUMENT_NOUNS + r"|" + _PERSON_NOUNS, noun.group(1)):
                    return False
        return True

    def _with_conjuncts(self, candidate: Candidate, window: list[Candidate], speakers: tuple[str, ...]) -> tuple[str, ...]:
        """'Both the Kremlin and the White House said': every conjunct."""
        result = list(speakers)
        current = candidate
        for other in reversed([c for c in window if c.end <= current.start]):
            gap = self.masked[other.end:current.start]
            separator = r"\s*,?\s+(?:and|or)\s+(?:the\s+)?" if current is candidate else r"\s*,\s*(?:the\s+)?"
            if not re.fullmatch(separator, gap):
                break
            if other.kind not in ("actor", "phrase") or other.possessive:
                break
            for speaker in self._resolve(other):
                if speaker not in result:
                    result.insert(0, speaker)
            current = other
        return tuple(result)

    # ------------------------------------------------------------ resolving
    def _resolve(self, candidate: Candidate) -> tuple[str, ...]:
        if candidate.kind == "actor":
            return (candidate.actor,)
        if candidate.kind == "pronoun":
            actor = self._antecedent(candidate.start, candidate.text)
            return (actor,) if actor else ()
        return self._resolve_phrase(candidate)

    def _antecedent(self, position: int, pronoun: str) -> str:
        """The person (or, for 'they', the body) a pronoun stands for: the last one named."""
        wanted = {"he": "m", "she": "f"}.get(pronoun, "")
        fallback = ""
        if pronoun != "they":
            # a speaker already quoted earlier in the same sentence ("“A” … — then “B,” he said")
            sentence = self._sentence(position)
            for number in range(len(self._results) - 1, -1, -1):
                quote = self.quotes[number]
                if sentence.start <= quote.start < position:
                    people = [s for s in self._results[number].speakers if self.table.is_person(s)]
                    info = self.table.actors.get(people[0]) if people else None
                    if info is not None and not (wanted and info.gender and info.gender != wanted):
                        return info.id
        asides = [(a.start(), a.end()) for a in re.finditer(r"\s[—–]\s[^—–]{3,200}?\s[—–]\s|\([^()]{3,200}\)",
                                                             self.masked[max(0, position - 400):position])]
        offset = max(0, position - 400)
        first_unknown = ""
        for mention in reversed(self._mentions_before(position)):
            info = self.table.actors.get(mention.actor)
            if info is None:
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

    def _resolve_phrase(self, candidate: Candidate) -> tuple[str, ...]:
        # "Estonia's foreign minister, Margus Tsahkna,": the name that follows
        following = bisect_left(self._candidate_starts, candidate.end)
        named = self.candidates[following] if following < len(self.candidates) else None
        if named is not None and named.kind == "actor" and self.table.is_person(named.actor) and \
                re.fullmatch(r"\s*,\s*", self.masked[candidate.end:named.start]):
            return (named.actor,)
        noun = candidate.noun
        words = set(candidate.mods.lower().split()) | set(noun.split())
        if re.fullmatch(_TITLE_NOUNS, noun) and candidate.det in ("the", "his", "her", "its", "their", "") :
            person = self._titled_person(candidate.start, noun, candidate.mods, candidate.owner)
            if person:
                return (person,)
        qualifier = self._qualifier(f"{candidate.owner} {candidate.mods}")
        if not qualifier and not re.fullmatch(_DOCUMENT_NOUNS, noun):
            # "a spokesperson for the Kremlin", "an official at the Ukrainian embassy"
            after = re.match(r"\s+(?:for|of|at|in|from|with|to)\s+((?:(?!(?:said|says|told|added|who|which)\b)[\w’'.-]+[ \t]*){1,4})",
                             self.masked[candidate.end:candidate.end + 80])
            if after:
                qualifier = self._qualifier(after.group(1))
        if not qualifier and candidate.det in ("its", "their"):
            # "Its spokesperson": the body named last
            qualifier = self._last_body(candidate.start)
        if qualifier:
            info = self.table.actors.get(qualifier)
            if info is not None and info.kind == "person" and not re.fullmatch(_DOCUMENT_NOUNS, noun):
                # "Trump's spokesman": someone else, unnamed, speaking for him
                self._note = f"unnamed source (“{candidate.text}”)"
                return (UNNAMED,)
            if not re.fullmatch(_DOCUMENT_NOUNS, noun):
                self._note = f"unnamed source (“{candidate.text}”), credited to the body named with it"
            return (qualifier,)
        if re.fullmatch(_PERSON_NOUNS, noun) or re.fullmatch(_TITLE_NOUNS, noun):
            self._note = f"unnamed source (“{candidate.text}”)"
            return (UNNAMED,) if words else ()
        return ()

    def _last_body(self, position: int) -> str:
        for mention in reversed(self._mentions_before(position)):
            info = self.table.actors.get(mention.actor)
            if info is not None and info.kind != "person" and not mention.after_preposition:
                return info.id
        return ""

    def _titled_person(self, position: int, noun: str, mods: str, owner: str) -> str:
        noun_words = set(noun.split())
        mod_words = {w.lower() for w in mods.split()}
        demonym_actor = next((self.table.demonyms[w] for w in mods.split() if w in self.table.demonyms), "")
        owner_actor = self._qualifier(owner) if owner else ""
        if owner and not owner_actor and owner.lower().split()[0] not in ("his", "her"):
            return ""           # "Estonia's foreign minister" with no Estonia in the index: cannot check
        leader = "leader" in noun_words
        best = None
        for rank, binding in enumerate(self.bindings):
            if binding.position >= position:
                break
            matches = noun_words <= binding.words or (leader and binding.words & _LEADER_WORDS)
            if not matches:
                continue
            if (binding.words & {"vice", "deputy", "former", "acting"}) - mod_words:
                continue          # "Vice President X" is not "the president"
            info = self.table.actors.get(binding.actor)
            if demonym_actor and info is not None and info.party != demonym_actor and \
                    not any(w.lower() in binding.words for w in mods.split()):
                continue          # "the Russian president" is not the US vice-president
            score = 1
            if mod_words - {"foreign", "former"} and (mod_words & binding.words):
                score += 2
            if demonym_actor and info is not None and info.party == demonym_actor:
                score += 3
            if owner_actor and info is not None and owner_actor in (info.party, info.id):
                score += 3
            if not mod_words and not owner and not binding.qualified:
                score += 1
            key = (score, binding.position)
            if best is None or key > best[0]:
                best = (key, binding.actor)
        if best:
            return best[1]
        # the index's roles of people already named
        seen = []
        for mention in self.mentions:
            if mention.start >= position:
                break
            info = self.table.actors.get(mention.actor)
            if info is None or info.kind != "person" or not info.role:
                continue
            role_words = set(re.findall(r"[a-z]+", info.role.lower()))
            if noun_words <= role_words or (leader and role_words & _LEADER_WORDS):
                if demonym_actor and info.party and info.party != demonym_actor:
                    continue
                if owner_actor and owner_actor not in (info.party, info.id):
                    continue
                seen.append(info.id)
        return seen[-1] if seen else ""


_TITLE_WORD_SET = TITLE_WORDS - {"the", "of", "and", "mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "former", "top"}


def _title_words() -> set[str]:
    return _TITLE_WORD_SET


def _word_before(text: str, position: int, skip: tuple[str, ...] = ("the", "a", "an")) -> str:
    words = re.findall(r"[^\W_]+|[,.;:—–(]", text[max(0, position - 60):position])
    while words and words[-1].lower() in skip:
        words.pop()
    return words[-1].lower() if words else ""


_ADVERBIALS = re.compile(
    r"(?:\w+ly|also|later|earlier|then|again|previously|once|now|still|too|however|has|have|had|was|were|is|"
    r"are|would|will|did|does|do|been|not|never|ever|first|jointly|both|all|himself|herself|themselves|"
    r"itself|in turn|for (?:his|her|their|its) part|on (?:monday|tuesday|wednesday|thursday|friday|saturday|"
    r"sunday)|monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today|tonight)\b", re.I)
_PREPOSITIONAL = re.compile(
    r"(?:familiar with|close to|briefed on|involved in|with knowledge of|knowledgeable about|"
    r"on|in|at|during|after|before|from|via|with|to|over|for|of|by|outside|inside|while|when|speaking|"
    r"last|this|earlier|later|later on|ahead of|following|alongside)\b(?:(?!\b(?:and|but|who|that|which)\b)[^,;:—–])*",
    re.I)


def _gap_ok(gap: str) -> bool:
    """Between a subject and its verb: nothing, adverbs, ", an appositive," or a prepositional phrase."""
    rest = gap
    for _ in range(8):
        rest = rest.strip()
        if not rest:
            return True
        if rest == ",":
            return True
        appositive = re.match(r",[^,;:]{1,110}?(?=,)", rest)
        if appositive and (re.match(r",\s*(?:who|which|whose|whom)\b", appositive.group(0))
                           or not re.search(rf"\b(?:{_FINITE})\b", appositive.group(0), re.I)):
            rest = rest[appositive.end():]
            continue
        adverb = _ADVERBIALS.match(rest)
        if adverb:
            rest = rest[adverb.end():]
            continue
        phrase = _PREPOSITIONAL.match(rest)
        if phrase and phrase.end() > 0:
            rest = rest[phrase.end():]
            continue
        return False
    return not rest.strip()


def _is_verbish(word: str) -> bool:
    return bool(re.fullmatch(rf"(?:{_FINITE}|{_PARTICIPLE})|\w+ed|\w+s|also|later|then|has|had|was|is|will|would|"
                             r"could|should|may|might|must|can|did|does|who|which|that|and|or|but|reportedly|"
                             r"\w+ly|at|in|on|to|of|for|from|with|after|before|even|just|only|never|already|"
                             r"still|again|now|soon|once|first|himself|herself|itself|themselves|too|not|"
                             r"told|wrote|said|met|held|sent|made|gave|took|spoke|went|came|got|put|set|led|"
                             r"ran|saw|knew|thought|felt|left|kept|began|struck|hit|flew|won|lost|chose|"
                             r"rejected|agreed|want|wants|need|needs|say|see|think|know|believe|hope|expect", word, re.I))
