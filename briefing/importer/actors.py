"""Who is named in an article: index actors found by any alias, and new
people recognised by the company their names keep (a title, an appositive
role, a speech verb).

Names are compared after folding accents, case, quote marks, doubled
letters and the usual transliteration endings, so Zelensky, Zelenskyy and
Zelenskiy, or Yuri and Yury, are the same name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from briefing.importer.sentences import sentence_start
from briefing.model import TopicIndex
from briefing.text import fold_quotes, strip_accents

_TOKEN = re.compile(r"[^\W_]+")
# Between the words of one name: a space, or the full stop of an initial or "Mr.", or a hyphen.
_NAME_GAP = re.compile(r"^(?:[ \t\u00a0]+|\.[ \t\u00a0]*|-)$")


def _name_gap(gap: str, next_word: str) -> bool:
    """Words of one name: 'Mr. Lavrov', 'Jean-Yves', and the possessive in "Zelenskyy's office"."""
    return bool(_NAME_GAP.match(gap)) or (gap in ("’", "'") and next_word == "s")
PREPOSITIONS = {
    "of", "with", "to", "from", "by", "for", "at", "in", "on", "about", "toward", "towards", "against",
    "between", "among", "after", "before", "during", "than", "like", "into", "onto", "over", "under",
    "via", "without", "including", "regarding", "despite", "behind", "beside", "near", "across", "through",
    "upon", "amid", "versus", "whom",
}
# Honorifics and titles written before a name ("Foreign Minister Sergei Lavrov").
TITLE_WORDS = {
    "president", "vice", "prime", "minister", "foreign", "defense", "defence", "interior", "finance",
    "economy", "energy", "health", "justice", "treasury", "secretary", "state", "senator", "sen",
    "representative", "rep", "congressman", "congresswoman", "gov", "governor", "mayor", "chancellor",
    "general", "gen", "lt", "lieutenant", "col", "colonel", "maj", "major", "adm", "admiral", "capt",
    "captain", "sgt", "ambassador", "dr", "mr", "mrs", "ms", "miss", "sir", "dame", "lord", "pope", "king",
    "queen", "prince", "princess", "deputy", "chief", "spokesman", "spokeswoman", "spokesperson", "envoy",
    "special", "commissioner", "chairman", "chairwoman", "chair", "speaker", "director", "premier",
    "patriarch", "sheikh", "crown", "judge", "senior", "former", "acting", "national", "security", "adviser",
    "advisor", "aide", "press", "leader", "majority", "minority", "opposition", "commander", "head",
    "army", "navy", "staff", "of", "the", "and", "first", "lady", "foreign-policy", "policy", "top",
}
HONORIFICS = {"mr": "m", "mrs": "f", "ms": "f", "miss": "f", "sir": "m", "dame": "f", "lord": "m"}
# Nouns that make a phrase a person's role: "a driver", "Russia's foreign minister".
ROLE_NOUNS = {
    "president", "minister", "chancellor", "secretary", "senator", "representative", "congressman",
    "congresswoman", "governor", "mayor", "general", "colonel", "ambassador", "spokesman", "spokeswoman",
    "spokesperson", "envoy", "adviser", "advisor", "aide", "chief", "leader", "negotiator", "official",
    "diplomat", "analyst", "commander", "director", "chairman", "chairwoman", "chair", "premier",
    "commissioner", "deputy", "speaker", "lawmaker", "legislator", "politician", "member", "journalist",
    "reporter", "correspondent", "editor", "writer", "driver", "resident", "expert", "professor",
    "economist", "researcher", "head", "founder", "executive", "businessman", "businesswoman", "activist",
    "soldier", "officer", "host", "anchor", "candidate", "mp", "mep", "lawyer", "attorney", "prosecutor",
    "judge", "scholar", "historian", "student", "teacher", "doctor", "nurse", "volunteer", "pensioner",
    "retiree", "farmer", "worker", "engineer", "owner", "manager", "veteran", "priest", "bishop",
    "ideologue", "ally", "strategist", "consultant", "fellow", "commentator", "columnist", "blogger",
    "tycoon", "oligarch", "billionaire", "entrepreneur", "investor", "banker", "developer", "mother",
    "father", "wife", "husband", "staff", "spokesperson", "master", "son", "daughter", "widow", "survivor", "witness", "mediator", "king",
    "queen", "pope", "prince", "ceo", "founder", "coordinator", "administrator", "inspector", "captain",
    "sergeant", "lieutenant", "marshal", "admiral", "commissar", "representative", "deputy", "envoy",
}
# Capitalised words that never belong to a person's name.
NOT_NAME_WORDS = {
    "house", "ministry", "department", "council", "union", "party", "army", "forces", "force", "office",
    "committee", "parliament", "congress", "senate", "university", "institute", "news", "times", "post",
    "press", "agency", "service", "services", "bank", "fund", "group", "palace", "square", "street",
    "airport", "region", "oblast", "city", "state", "states", "republic", "kingdom", "federation",
    "assembly", "court", "organization", "organisation", "treaty", "summit", "talks", "plan", "war", "day",
    "social", "truth", "media", "tv", "radio", "telegram", "nation", "nations", "european", "american",
    "russian", "ukrainian", "german", "french", "british", "western", "eastern", "northern", "southern",
    "north", "south", "east", "west", "white", "kremlin", "embassy", "administration", "government",
    "commission", "navy", "guard", "command", "centre", "center", "church", "sea", "river", "bay",
    "international", "general", "security", "defense", "defence", "foreign", "affairs", "world", "global",
    "national", "federal", "central", "national", "unit", "brigade", "regiment", "battalion", "corps",
    "airbase", "base", "station", "plant", "project", "program", "programme", "initiative", "deal", "act",
    "bill", "law", "accord", "agreement", "memorandum", "framework", "coalition", "alliance", "bloc",
    "zone", "line", "front", "district", "province", "county", "island", "peninsula", "mountains",
    "valley", "hotel", "mansion", "hall", "tower", "building", "bridge", "port", "harbour", "harbor",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
    "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
    "christmas", "easter", "olympics", "cup", "prize", "award", "company", "corporation", "inc", "ltd",
    "llc", "group", "holdings", "media", "network", "channel", "magazine", "journal", "daily", "weekly",
    "tribune", "herald", "gazette", "independent", "guardian", "telegraph", "observer", "economist",
    "reuters", "bloomberg", "associated", "al", "jazeera", "rfe", "rl", "bbc", "cnn", "nbc", "cbs", "abc",
    "fox", "npr", "ap", "afp", "tass", "ria", "interfax", "x", "facebook", "twitter", "instagram", "youtube",
    "tiktok", "whatsapp", "signal", "mission", "operation", "strike", "strikes", "missile", "missiles",
    "drone", "drones", "tomahawk", "tomahawks", "patriot", "himars", "atacms", "storm", "shadow",
    "nato", "un", "eu", "uae", "usa", "uk", "us", "g7", "g20", "brics", "osce", "iaea", "imf",
}
# Country name (as written in an index) → the adjectives and plural nouns for its people.
DEMONYMS = {
    "russia": ["Russian", "Russians"], "ukraine": ["Ukrainian", "Ukrainians"],
    "united states": ["American", "Americans", "US", "U.S."], "france": ["French"],
    "germany": ["German", "Germans"], "united kingdom": ["British", "Briton", "Britons", "UK"],
    "hungary": ["Hungarian", "Hungarians"], "belarus": ["Belarusian", "Belarusians"],
    "turkey": ["Turkish", "Turks"], "poland": ["Polish", "Poles"], "china": ["Chinese"],
    "italy": ["Italian", "Italians"], "spain": ["Spanish"], "finland": ["Finnish", "Finns"],
    "sweden": ["Swedish", "Swedes"], "norway": ["Norwegian", "Norwegians"], "estonia": ["Estonian"],
    "latvia": ["Latvian"], "lithuania": ["Lithuanian"], "romania": ["Romanian"], "moldova": ["Moldovan"],
    "georgia": ["Georgian"], "slovakia": ["Slovak", "Slovakian"], "czech republic": ["Czech"],
    "canada": ["Canadian"], "japan": ["Japanese"], "india": ["Indian"], "iran": ["Iranian"],
    "north korea": ["North Korean"], "israel": ["Israeli"], "saudi arabia": ["Saudi"],
    "qatar": ["Qatari"], "united arab emirates": ["Emirati"], "europe": ["European", "Europeans"],
    "european union": ["EU"], "netherlands": ["Dutch"], "denmark": ["Danish"], "ireland": ["Irish"],
    "switzerland": ["Swiss"], "austria": ["Austrian"], "belgium": ["Belgian"], "greece": ["Greek"],
    "vatican": ["Vatican"], "brazil": ["Brazilian"], "south africa": ["South African"],
}
_FUNCTION_WORDS = {
    "the", "a", "an", "but", "and", "or", "in", "on", "at", "after", "before", "when", "while", "as", "if",
    "so", "yet", "still", "meanwhile", "however", "earlier", "later", "also", "asked", "according",
    "despite", "since", "during", "with", "without", "for", "from", "to", "of", "by", "under", "over",
    "this", "that", "these", "those", "his", "her", "its", "their", "our", "my", "your", "then", "now",
    "here", "there", "both", "all", "some", "many", "most", "several", "one", "two", "three", "why",
    "what", "who", "how", "where", "whether", "although", "though", "because", "unlike", "like",
    "speaking", "writing", "says", "said", "told", "wait", "another", "other", "sixth", "even", "only",
}
PARTICLES = {"de", "van", "von", "der", "den", "bin", "al", "da", "di", "du", "la", "le", "ter", "dos", "del"}
SPEECH_HINT = re.compile(
    r"^\s*(?:,[^,.;:]{1,90},\s*)?(?:\w+ly\s+|also\s+|later\s+|earlier\s+|then\s+|has\s+|had\s+|was\s+)*"
    r"(?:said|says|told|tells|added|adds|wrote|writes|asked|stated|declared|insisted|warned|noted|argued|"
    r"stressed|emphasi[sz]ed|remarked|asserted|confirmed|urged|replied|responded|explained|announced|"
    r"admitted|acknowledged|claimed|posted|tweeted|recalled|complained|predicted|promised|vowed|"
    r"cautioned|conceded|countered|continued|described|called)\b", re.I)


# First names, to tell "she" from "he" when the text never says Mr. or Ms.
FEMALE_NAMES = {
    "karoline", "kaja", "ursula", "giorgia", "annalena", "olena", "iryna", "yulia", "maria", "anna", "kristen",
    "kirsten", "kamala", "hillary", "nancy", "tulsi", "olha", "olga", "natalia", "nataliya", "svetlana",
    "valentina", "elvira", "marine", "mette", "kristi", "liz", "theresa", "angela", "roberta", "kaja",
    "catherine", "elizabeth", "victoria", "yuliia", "oksana", "ruth", "susan", "sarah", "emily", "claire",
    "margaret", "jacinda", "sanna", "ingrida", "kersti", "maia", "zuzana", "beata", "agnieszka", "ewa",
    "halyna", "tetiana", "tatiana", "lyudmila", "lyudmyla", "marie", "anne", "sophie", "alice", "jane",
    "mary", "linda", "karen", "lisa", "nikki", "elise", "kelly", "kate", "caroline", "samantha", "tammy",
}
MALE_NAMES = {
    "vladimir", "volodymyr", "donald", "sergei", "sergey", "dmitry", "dmitri", "yury", "yuri", "marco",
    "steve", "jared", "keir", "emmanuel", "friedrich", "olaf", "viktor", "rustem", "andriy", "andrii",
    "oleksandr", "kirill", "mitch", "don", "scott", "pete", "jd", "mark", "kyrylo", "denys", "mykhailo",
    "vitalii", "vitali", "yaroslav", "veniamin", "dariy", "anatoliy", "alexander", "ulf", "margus", "alexei",
    "antony", "joe", "boris", "mike", "lindsey", "recep", "narendra", "jens", "petr", "mykola", "ilya",
    "nikita", "luka", "luca", "andrea", "john", "james", "robert", "michael", "david", "richard", "thomas",
    "daniel", "jeff", "karl", "ola", "tomas", "petro", "valery", "valerii", "oleh", "serhiy", "serhii",
    "dmytro", "ihor", "yevgeny", "yevhen", "alexey", "aleksandr", "maxim", "maksym", "nikolai", "ramzan",
    "lloyd", "jake", "marco", "mateusz", "donald", "radoslaw", "emmanuel", "pedro", "antonio", "robert",
}


def guess_gender(name: str) -> str:
    words = [w for w in re.findall(r"[^\W\d_]+", strip_accents(name)) if len(w) > 1]
    if len(words) < 2:
        return ""
    first = words[0].casefold()
    if first in FEMALE_NAMES:
        return "f"
    if first in MALE_NAMES:
        return "m"
    return "f" if first.endswith("a") else ""


@lru_cache(maxsize=65536)
def fold_token(token: str) -> str:
    t = strip_accents(fold_quotes(token)).casefold().replace("x", "ks")
    t = re.sub(r"(.)\1+", r"\1", t)
    if len(t) > 3:
        t = re.sub(r"(?:iy|yi|ij|ii|y|i)$", "i", t)
    return t


def name_key(name: str) -> tuple[str, ...]:
    return tuple(fold_token(t) for t in _TOKEN.findall(strip_accents(fold_quotes(name))))


@dataclass
class ActorInfo:
    id: str
    name: str
    kind: str
    aliases: list[str] = field(default_factory=list)
    role: str = ""
    party: str = ""
    new: bool = False
    gender: str = ""          # "m" / "f" when an honorific or pronoun told us


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    actor: str
    surface: str
    possessive: bool = False
    after_preposition: bool = False


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    text: str


def tokens(text: str) -> list[Token]:
    return [Token(m.start(), m.end(), m.group(0)) for m in _TOKEN.finditer(text)]


def _case_ok(alias_token: str, text_token: str) -> bool:
    plain = strip_accents(text_token)
    if len(alias_token) >= 2 and alias_token.isupper():
        return plain == strip_accents(alias_token)          # acronyms: US is not "us"
    if alias_token[:1].isupper():
        return text_token[:1].isupper()
    return True


class ActorTable:
    """The index's actors plus the people this import adds, searchable by any name."""

    def __init__(self, index: TopicIndex | None = None) -> None:
        self.actors: dict[str, ActorInfo] = {}
        self._aliases: dict[tuple[str, ...], list[tuple[str, list[str]]]] = {}
        self._longest = 1
        self.demonyms: dict[str, str] = {}    # "Russian" → "russia"
        for actor in (index.actors if index else ()):
            self.add(ActorInfo(actor.id, actor.name, actor.kind, list(actor.aliases), actor.role, actor.party))

    # ------------------------------------------------------------ building
    def rebuild(self) -> None:
        """Re-index names after actors were removed."""
        actors = list(self.actors.values())
        self.actors, self._aliases, self._longest, self.demonyms = {}, {}, 1, {}
        for info in actors:
            self.add(info)

    def add(self, info: ActorInfo) -> None:
        if info.kind == "person" and not info.gender:
            info.gender = guess_gender(info.name)
        self.actors[info.id] = info
        for name in (info.name, *info.aliases):
            self._index_name(name, info.id)
        if info.kind in ("country", "organisation"):
            for name in (info.name, *info.aliases):
                for adjective in DEMONYMS.get(strip_accents(name).casefold(), ()):
                    self.demonyms.setdefault(adjective, info.id)

    def _index_name(self, name: str, actor_id: str) -> None:
        raw = _TOKEN.findall(name)
        key = tuple(fold_token(t) for t in raw)
        if not key:
            return
        self._aliases.setdefault(key, []).append((actor_id, raw))
        self._longest = max(self._longest, len(key))

    def taken_names(self) -> set[str]:
        names: set[str] = set()
        for info in self.actors.values():
            names.update(n.casefold() for n in (info.id, info.name, *info.aliases))
        return names

    def is_person(self, actor_id: str) -> bool:
        info = self.actors.get(actor_id)
        return bool(info and info.kind == "person")

    # ------------------------------------------------------------- finding
    def mentions(self, text: str) -> list[Mention]:
        """Every alias occurrence, longest match first, never overlapping."""
        toks = tokens(text)
        found: list[Mention] = []
        i = 0
        while i < len(toks):
            hit = None
            for length in range(min(self._longest, len(toks) - i), 0, -1):
                window = toks[i:i + length]
                if any(not _name_gap(text[a.end:b.start], b.text) for a, b in zip(window, window[1:])):
                    continue
                key = tuple(fold_token(t.text) for t in window)
                for actor_id, raw in self._aliases.get(key, ()):
                    if all(_case_ok(a, t.text) for a, t in zip(raw, window)):
                        hit = (actor_id, window)
                        break
                if hit:
                    break
            if hit is None:
                i += 1
                continue
            actor_id, window = hit
            start, end = window[0].start, window[-1].end
            found.append(Mention(start, end, actor_id, text[start:end],
                                 possessive=bool(re.match(r"[’']s\b|(?<=s)[’'](?!\w)", text[end:end + 2])),
                                 after_preposition=previous_word(text, start) in PREPOSITIONS))
            i += len(window)
        return found


def previous_word(text: str, position: int, skip: tuple[str, ...] = ("the", "a", "an")) -> str:
    """The word before `position` (skipping articles, and titles or nationalities written
    before a name: "with Polish Prime Minister Donald Tusk" → "with"), lower-cased."""
    before = text[max(0, position - 80):position]
    words = re.findall(r"[^\W_]+|[,.;:—–(]", before)
    def titled(word: str) -> bool:
        return word[:1].isupper() and (word.lower() in TITLE_WORDS or word in _ALL_DEMONYMS)

    while words:
        if words[-1].lower() in skip or titled(words[-1]):
            words.pop()
        elif words[-1] == "of" and len(words) > 1 and titled(words[-2]):
            words.pop()           # "Secretary of State Marco Rubio"
        else:
            break
    return words[-1].lower() if words else ""


# ----------------------------------------------------------- new people

@dataclass
class NewPerson:
    name: str
    surname: str
    start: int
    end: int
    role: str = ""
    party: str = ""
    gender: str = ""
    variants: set[str] = field(default_factory=set)


def _capitalised(word: str) -> bool:
    return word[:1].isupper() and (len(word) == 1 or not word.isupper() or len(word) <= 2)


def find_new_people(text: str, table: ActorTable, known: list[Mention]) -> list[NewPerson]:
    """People named in `text` (the masked body) who are not in the table,
    recognised only with a cue: a title before the name, a role after it,
    or a speech verb. Credit lines ("X contributed reporting") are skipped."""
    toks = tokens(text)
    covered = [(m.start, m.end) for m in known]
    headlines = _title_case_lines(text)
    people: dict[tuple[str, ...], NewPerson] = {}
    i = 0
    while i < len(toks):
        run = [toks[i]]
        if not _capitalised(toks[i].text) or any(a <= toks[i].start < b for a, b in headlines):
            i += 1
            continue
        j = i + 1
        while j < len(toks):
            gap = text[run[-1].end:toks[j].start]
            word = toks[j].text
            if not re.fullmatch(r"[ \t\u00a0]+|\.[ \t\u00a0]+|-", gap):
                break
            if gap.startswith(".") and not (len(run[-1].text) == 1 or run[-1].text.lower() in TITLE_WORDS | HONORIFICS.keys()):
                break
            if _capitalised(word) or (word in PARTICLES and _particles_then_name(toks, j)):
                run.append(toks[j])
                j += 1
            else:
                break
        i = j
        person = _person_from_run(text, run, table, covered)
        if person is None:
            continue
        key = name_key(person.name)
        if key in people:
            _merge(people[key], person)
        else:
            people[key] = person
    # "Mr. Merz" after "Friedrich Merz": one person
    merged: dict[tuple[str, ...], NewPerson] = {}
    for key, person in sorted(people.items(), key=lambda item: -len(item[0])):
        # the surname alone, with or without its particles ("De Wever" after "Bart De Wever")
        full = next((p for k, p in merged.items() if len(k) > len(key) and k[-len(key):] == key
                     and name_key(p.surname)[-len(key):] == key), None)
        if full is not None:
            _merge(full, person)
            continue
        merged[key] = person
    return sorted(merged.values(), key=lambda p: p.start)


ORG_NOUNS = {"company", "agency", "firm", "operator", "broadcaster", "group", "organisation", "organization",
             "watchdog", "giant", "producer", "monopoly", "utility", "bank", "network", "party", "movement",
             "institute", "newspaper", "outlet", "channel", "service", "corporation", "conglomerate", "regulator",
             "militia", "union", "coalition", "alliance", "charity", "association", "foundation", "tank"}
_ORG_RUN = re.compile(r"((?:[A-Z][\w’'.-]*[’']s\s+)?(?:(?:[a-z][\w-]*|[A-Z][\w-]*)\s+){0,4}?([a-z][\w-]*))\s+"
                      r"((?:[A-Z][\w&-]+)(?:\s+[A-Z][\w&-]+){0,2})\b")


@dataclass
class NewOrganisation:
    name: str
    role: str
    party: str = ""


def find_new_organisations(text: str, table: ActorTable, known: list[Mention]) -> list[NewOrganisation]:
    """Bodies introduced by what they are ("state energy company Ukrenergo") and then quoted or named again."""
    found: dict[str, NewOrganisation] = {}
    taken = table.taken_names()
    for match in _ORG_RUN.finditer(text):
        if match.group(2).lower() not in ORG_NOUNS:
            continue
        name = match.group(3)
        if name.casefold() in taken or name in _ALL_DEMONYMS or name.split()[0].lower() in _FUNCTION_WORDS \
                or any(w.lower() in NOT_NAME_WORDS - {"agency", "group", "party", "company"} for w in name.split()):
            continue
        if any(m.start <= match.start(3) < m.end for m in known):
            continue
        rest = text[match.end(3):]
        if not (SPEECH_HINT.match(rest[:140]) or re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", rest)):
            continue
        words = match.group(1).split()
        while words and words[0].lower() in _FUNCTION_WORDS:
            words.pop(0)
        role = _tidy_role(" ".join(words))
        found.setdefault(name, NewOrganisation(name, role, party_of(role, table)))
    return list(found.values())


def register_organisation(org: NewOrganisation, table: ActorTable) -> ActorInfo:
    person = NewPerson(name=org.name, surname=org.name, start=0, end=0)
    actor_id = new_actor_id(person, table)
    info = ActorInfo(actor_id, org.name, "organisation", [], org.role, org.party, new=True)
    table.add(info)
    return info


def _title_case_lines(text: str) -> list[tuple[int, int]]:
    """Lines in Title Case (headlines), where capitals say nothing about names."""
    spans = []
    position = 0
    for line in text.split("\n"):
        words = re.findall(r"[^\W\d_][\w’'-]*", line)
        if len(words) >= 4 and sum(1 for w in words if w[0].isupper()) >= 0.7 * len(words):
            spans.append((position, position + len(line)))
        position += len(line) + 1
    return spans


def _merge(into: NewPerson, other: NewPerson) -> None:
    into.variants.update(other.variants)
    into.role = into.role or other.role
    into.party = into.party or other.party
    into.gender = into.gender or other.gender


_ALL_DEMONYMS = {word for words in DEMONYMS.values() for word in words}


def _person_from_run(text: str, run: list[Token], table: ActorTable, covered: list[tuple[int, int]]) -> NewPerson | None:
    words = list(run)
    # Leading sentence words, titles, nationalities and organisations are not part of the name;
    # whatever comes before the last title word ("Freedonian Prime Minister Ola Berg") is the role.
    prefix: list[Token] = []
    titles_at = [n for n, w in enumerate(words[:-1]) if _is_title(w.text)]
    if titles_at:
        prefix, words = words[:titles_at[-1] + 1], words[titles_at[-1] + 1:]
    while words and (words[0].text.lower() in _FUNCTION_WORDS or words[0].text.lower() in TITLE_WORDS
                     or words[0].text in table.demonyms or words[0].text in _ALL_DEMONYMS
                     or (len(words) > 2 and words[0].text.lower() in NOT_NAME_WORDS)
                     or _is_known(words[0], covered)):
        prefix.append(words.pop(0))
    honorific = prefix[-1].text.lower() if prefix and prefix[-1].text.lower() in HONORIFICS else ""
    titled = [w.text for w in prefix if _is_title(w.text) and w.text.lower() not in HONORIFICS]
    # one word is a name only right after "Mr." or a title ("President Stubb")
    if not 2 <= len(words) <= 4 and not (len(words) == 1 and (honorific or (titled and prefix[-1].text.lower() in TITLE_WORDS
                                                                             and prefix[-1].text.lower() not in _TITLE_MODIFIERS))):
        return None
    if any(w.text.lower() in NOT_NAME_WORDS or w.text.lower() in TITLE_WORDS or w.text in _ALL_DEMONYMS
           for n, w in enumerate(words) if len(w.text) > 1 and not (n and w.text.lower() in PARTICLES)):
        return None
    if any(_is_known(w, covered) for w in words):
        return None
    if len(words[-1].text) < 2 or not words[-1].text[0].isupper() or words[-1].text.isupper():
        return None
    if words[0].text.lower() in _FUNCTION_WORDS or any(w.text.isdigit() for w in words):
        return None
    start, end = words[0].start, words[-1].end
    name = text[start:end]
    speaks = bool(SPEECH_HINT.match(text[end:end + 140]) or
                  re.search(r"\b(?:said|says|according to)\s*$", text[max(0, run[0].start - 20):run[0].start]))
    if previous_word(text, run[0].start) in PREPOSITIONS and not speaks:
        # "the assassination of President John F. Kennedy": mentioned, not acting — unless the
        # surname comes back on its own later ("with Prime Minister Donald Tusk. … Tusk said")
        surname = words[-1].text
        if not re.search(rf"(?<![\w-]){re.escape(surname)}(?![\w-])", text[end:]):
            return None
    sentence_start = max(text.rfind(".", 0, start), text.rfind("\n", 0, start))
    sentence_end = min([p for p in (text.find(".\n", end), text.find(". ", end), text.find("\n", end)) if p >= 0] or [len(text)])
    sentence = text[sentence_start + 1:sentence_end]
    if re.search(r"\bcontribut(?:ed|ing|ors?)\b|\breported from\b|\bwrites for\b|\bedited by\b", sentence, re.I):
        return None
    role = ""
    if titled and not honorific:
        first = next((n for n, w in enumerate(prefix) if w.text.lower() not in _FUNCTION_WORDS), 0)
        role = _title_role(text, prefix[first].start, prefix[-1].end)
    role = role or _role_before(text, run[0].start if not prefix else prefix[0].start) or _role_after(text, end)
    surname = _surname(text, words)
    cue = bool(honorific or titled or role or speaks) or (len(words) >= 2 and _speaks_later(text, end, surname))
    if not cue:
        return None
    parts = [w.text for w in words]
    person = NewPerson(name=name, surname=surname, start=start, end=end, role=_tidy_role(role),
                       gender=HONORIFICS.get(honorific, ""))
    person.variants.add(name)
    plain = " ".join(p for p in parts if len(p) > 1)
    if plain != name:
        person.variants.add(plain)
    if honorific:
        person.variants.add(f"{prefix[-1].text}. {surname}")
    person.party = party_of(role, table, text[max(0, start - 80):start])
    return person


# Title words that qualify a title rather than being one: "Security Studies" is no one's name.
_TITLE_MODIFIERS = {"security", "national", "press", "policy", "foreign", "foreign-policy", "defense", "defence",
                    "interior", "finance", "economy", "energy", "health", "justice", "treasury", "special",
                    "senior", "state", "staff", "army", "navy", "top", "first", "former", "acting", "deputy",
                    "vice", "crown", "majority", "minority", "opposition", "lady", "head"}


def _particles_then_name(toks: list[Token], j: int) -> bool:
    """'van der Berg': particles, then a capitalised word."""
    while j < len(toks) and toks[j].text in PARTICLES:
        j += 1
    return j < len(toks) and _capitalised(toks[j].text)


_ABBREVIATED_TITLES = {"sen": "Senator", "rep": "Representative", "gov": "Governor", "gen": "General",
                       "lt": "Lieutenant", "col": "Colonel", "maj": "Major", "adm": "Admiral", "capt": "Captain",
                       "sgt": "Sergeant"}
# Title words that need company to be a role: "President" of what, "State" of "Secretary of State".
_INCOMPLETE_TITLES = {"president", "minister", "secretary", "state", "chief", "head", "deputy", "director",
                      "vice", "prime", "special", "senior", "national", "security", "foreign", "defense",
                      "defence", "press", "policy", "acting", "former", "first", "top", "chair", "staff",
                      "leader", "general", "major", "lady", "crown"}


def _title_role(text: str, start: int, end: int) -> str:
    """The titles written before a name as a role: 'Secretary of State' (the run began after "of"),
    'Senator' for 'Sen.', and nothing for a title word that says nothing alone ('President')."""
    before = re.search(r"((?:[A-Z][\w-]*\s+)+of\s+(?:the\s+)?)$", text[max(0, start - 60):start])
    if before:
        start -= len(before.group(1))
    words = [_ABBREVIATED_TITLES.get(w.lower(), w) for w in re.findall(r"[^\W\d_][\w’'-]*", text[start:end])]
    if len(words) == 1 and words[0].lower() in _INCOMPLETE_TITLES:
        return ""
    return " ".join(words)


def _speaks_later(text: str, end: int, surname: str) -> bool:
    """The full name, then the surname with a speech verb: "… Tomasz Wierzbicki … Wierzbicki said"."""
    return bool(re.search(rf"(?<![\w-]){re.escape(surname)}(?![\w-])[ \t]+(?:\w+ly[ \t]+)?"
                          r"(?:said|says|told|added|wrote|argued|warned|insisted|explained|noted)\b",
                          text[end:], re.IGNORECASE if surname[:1].islower() else 0))


def _surname(text: str, words: list[Token]) -> str:
    """The last name with its particles, as written: 'De Wever', 'von der Leyen', 'al-Mansouri'."""
    first = len(words) - 1
    while first > 0 and words[first - 1].text.lower() in PARTICLES:
        first -= 1
    return text[words[first].start:words[-1].end]


def _is_title(word: str) -> bool:
    """A title or, capitalised before a name, a role noun ("Analyst Henrik Lindqvist")."""
    lower = word.lower()
    return lower in TITLE_WORDS - {"the", "of", "and"} or (word[:1].isupper() and lower in ROLE_NOUNS)


def _is_known(token: Token, covered: list[tuple[int, int]]) -> bool:
    return any(start <= token.start < end for start, end in covered)


_ROLE_BEFORE = re.compile(r"((?:[A-Z][\w’'./-]*\s+){0,2}(?:[a-z][\w-]*\s+){0,3}([a-z][\w-]*))\s+$")


_APPOSITIVE_BEFORE = re.compile(r"(?:^|[\s(])((?:[Tt]he|[Hh]is|[Hh]er|[Ii]ts|[Tt]heir|(?:[A-Z][\w.]*\s+)?[A-Z][\w.]*[’']s?)\s+(?:[\w-]+\s+){0,4}?([\w-]+)),\s*$")


def _role_before(text: str, start: int) -> str:
    """'Kremlin spokesman', 'AP writer' right before a name, or "Russia's foreign minister, " before it."""
    window = text[sentence_start(text, start, 90):start]
    appositive = _APPOSITIVE_BEFORE.search(window)
    if appositive and appositive.group(2).lower() in ROLE_NOUNS:
        return appositive.group(1)
    match = _ROLE_BEFORE.search(window[-60:])
    if not match or match.group(2).lower() not in ROLE_NOUNS:
        return ""
    words = match.group(1).split()
    # "The interview was conducted by host": the role is what follows the clause's verb or preposition
    for n in range(len(words) - 1, -1, -1):
        if _ROLE_BREAK.fullmatch(words[n]):
            words = words[n + 1:]
            break
    while words and words[0].lower() in _FUNCTION_WORDS:
        words.pop(0)
    return " ".join(words)


_ROLE_BREAK = re.compile(r"(?i:was|were|is|are|been|be|has|had|have|by|with|to|from|at|in|on|after|before|"
                         r"[a-z]+ed)")


_ROLE_AFTER = re.compile(r"^,\s*(?:\d{1,3},\s*)?((?:a|an|the|his|her|its|their|(?:[A-Z][\w.]*\s+)?[A-Z][\w.]*[’']s?)\b[^,.;:()\n]{2,110}?)(?=\s*(?:[,.;:)\n]|$|\s(?:said|says|told|who|was|is|has)\b))")


def _role_after(text: str, end: int) -> str:
    """', Russia's foreign minister,' / ', 22, a driver,' right after a name."""
    match = _ROLE_AFTER.match(text[end:end + 160])
    if not match:
        return ""
    role = match.group(1)
    words = re.findall(r"[A-Za-z]+", role.lower())
    if any(w in ROLE_NOUNS for w in words):
        return role
    # ", the harbour master, said": an appositive between a name and its speech verb is a role
    after = text[end + match.end():end + match.end() + 40]
    if len(words) <= 6 and re.match(r"^\s*,\s*(?:\w+ly\s+)?(?:said|says|told|added|wrote|argued|warned)\b", after) \
            and role.split()[0].lower() in ("a", "an", "the", "his", "her", "its", "their"):
        return role
    return ""


def _tidy_role(role: str) -> str:
    role = re.sub(r"^(?:a|an|the|its|his|her|their)\s+", "", role.strip(), flags=re.I).strip(" ,")
    role = re.sub(r"\s+", " ", role)
    return role[:1].upper() + role[1:] if role else ""


def party_of(role: str, table: ActorTable, context: str = "") -> str:
    """The side a person speaks for, when the role names a country or a known person's camp."""
    for text in (role, context[-40:] if not role else ""):
        if not text:
            continue
        for mention in table.mentions(text):
            info = table.actors.get(mention.actor)
            if info is None:
                continue
            if info.kind == "country":
                return info.id
            if info.party:
                return info.party
        for word in re.findall(r"[A-Z][\w.]+", text):
            if word in table.demonyms:
                return table.demonyms[word]
    return ""


def new_actor_id(person: NewPerson, table: ActorTable) -> str:
    taken = set(table.actors) | table.taken_names()
    for candidate in (_slug(person.surname), _slug(person.name)):
        if candidate and candidate not in taken:
            return candidate
    base = _slug(person.name) or "person"
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", strip_accents(fold_quotes(text)).casefold()).strip("-")


def register(person: NewPerson, table: ActorTable) -> ActorInfo:
    """Add a new person to the table with the aliases that do not clash with anyone's names."""
    actor_id = new_actor_id(person, table)
    taken = table.taken_names()
    aliases = []
    for alias in sorted(person.variants - {person.name}, key=len, reverse=True) + [person.surname]:
        if alias.casefold() not in taken and alias.casefold() != person.name.casefold() and alias not in aliases:
            aliases.append(alias)
    info = ActorInfo(actor_id, person.name, "person", aliases, person.role, person.party, new=True, gender=person.gender)
    table.add(info)
    return info
