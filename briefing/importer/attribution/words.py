"""The words attribution looks for: speech verbs, pronouns, titles, the
nouns of unnamed sources and documents, and the small tests on the text
between a subject and its verb."""

from __future__ import annotations

import re

from briefing.importer.actors import TITLE_WORDS

FINITE = (
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
PARTICIPLE = (
    r"saying|adding|telling|writing|noting|arguing|insisting|warning|calling|describing|declaring|"
    r"stressing|explaining|urging|asking|claiming|suggesting|stating|asserting|emphasi[sz]ing|promising|"
    r"vowing|recalling|referring|arguing|boasting|lamenting|complaining|predicting|posting|tweeting"
)
VERB = re.compile(rf"\b(?:(?P<finite>{FINITE})|(?P<participle>{PARTICIPLE})|(?P<according>according to))\b", re.IGNORECASE)
# Verbs after which the speaker may follow: "…,” said X.
INVERTIBLE = {"said", "says", "added", "adds", "asked", "asks", "wrote", "writes", "continued", "explained",
               "noted", "remarked", "replied", "insisted", "warned", "argued", "declared", "recalled", "stated",
               "responded", "answered", "countered", "concluded", "observed", "quipped", "joked"}
DETERMINERS = {"the", "a", "an", "his", "her", "its", "their", "our", "this", "that", "these", "those", "whose", "your", "my"}
PRONOUN = re.compile(r"\b(?:he|she|they|He|She|They)\b")
TITLE_NOUNS = (r"president|prime minister|minister|chancellor|secretary|spokesman|spokeswoman|spokesperson|"
                r"envoy|adviser|advisor|aide|leader|negotiator|governor|mayor|ambassador|senator|lawmaker|"
                r"commander|chief|premier|king|pope|general|mp")
PERSON_NOUNS = (r"officials?|sources?|spokes(?:man|woman|person|people)|diplomats?|aides?|insiders?|"
                 r"(?:people|persons?|someone) (?:familiar|close|briefed|with knowledge)|negotiators?|"
                 r"lawmakers|analysts|observers|experts|advisers|advisors|representatives?|residents|"
                 r"authorities|officers?|ministry|government|administration|delegation|side")
DOCUMENT_NOUNS = (r"statement|draft|proposal|counterproposal|counter-proposal|plan|memorandum|document|"
                   r"communiqu[eé]|declaration|letter|readout|text|version|report|resolution|post|message")
MODIFIERS = (r"senior|top|high-ranking|unnamed|anonymous|former|deputy|local|regional|foreign|national|"
              r"security|press|policy|foreign-policy|defen[cs]e|economic|chief|military|government|presidential|"
              r"special|state|federal|administration|intelligence|western|european|other|two|three|several|"
              r"some|many|ministry|kremlin|white|house|social|media|official|initial|draft|latest|new|joint|"
              r"interior|energy|finance|trade|peace|negotiating|team|delegation|embassy|city|regional|military")
CAPITALISED = r"(?:[A-Z]\.){2,}|[A-Z][a-z]{0,3}\.(?=[ \t]+[A-Z])|[A-Z][\w’'-]*"
PHRASE = re.compile(
    rf"\b(?:(?P<det>(?i:the|his|her|its|their|a|an|one|two|three|several|some|other|many|both))[ \t]+|"
    rf"(?P<owner>(?:(?:{CAPITALISED})[ \t]+){{0,2}}(?:{CAPITALISED})[’']s)[ \t]+)?"
    rf"(?P<mods>(?:(?:(?i:{MODIFIERS})|{CAPITALISED})[ \t]+){{0,4}})"
    rf"(?P<noun>{TITLE_NOUNS}|{PERSON_NOUNS}|{DOCUMENT_NOUNS})\b")
LEADER_WORDS = {"president", "prime", "chancellor", "leader", "premier", "head", "king"}


TITLE_WORD_SET = TITLE_WORDS - {"the", "of", "and", "mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "former", "top"}


def title_words() -> set[str]:
    return TITLE_WORD_SET


def word_before(text: str, position: int, skip: tuple[str, ...] = ("the", "a", "an")) -> str:
    words = re.findall(r"[^\W_]+|[,.;:—–(]", text[max(0, position - 60):position])
    while words and words[-1].lower() in skip:
        words.pop()
    return words[-1].lower() if words else ""


ADVERBIALS = re.compile(
    r"(?:\w+ly|also|later|earlier|then|again|previously|once|now|still|too|however|has|have|had|was|were|is|"
    r"are|would|will|did|does|do|been|not|never|ever|first|jointly|both|all|himself|herself|themselves|"
    r"itself|in turn|for (?:his|her|their|its) part|on (?:monday|tuesday|wednesday|thursday|friday|saturday|"
    r"sunday)|monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today|tonight)\b", re.IGNORECASE)
PREPOSITIONAL = re.compile(
    r"(?:familiar with|close to|briefed on|involved in|with knowledge of|knowledgeable about|"
    r"on|in|at|during|after|before|from|via|with|to|over|for|of|by|outside|inside|while|when|speaking|"
    r"last|this|earlier|later|later on|ahead of|following|alongside)\b(?:(?!\b(?:and|but|who|that|which)\b)[^,;:—–])*",
    re.IGNORECASE)


def gap_ok(gap: str) -> bool:
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
                           or not re.search(rf"\b(?:{FINITE})\b", appositive.group(0), re.IGNORECASE)):
            rest = rest[appositive.end():]
            continue
        adverb = ADVERBIALS.match(rest)
        if adverb:
            rest = rest[adverb.end():]
            continue
        phrase = PREPOSITIONAL.match(rest)
        if phrase and phrase.end() > 0:
            rest = rest[phrase.end():]
            continue
        return False
    return not rest.strip()


def is_verbish(word: str) -> bool:
    return bool(re.fullmatch(rf"(?:{FINITE}|{PARTICIPLE})|\w+ed|\w+s|also|later|then|has|had|was|is|will|would|"
                             r"could|should|may|might|must|can|did|does|who|which|that|and|or|but|reportedly|"
                             r"\w+ly|at|in|on|to|of|for|from|with|after|before|even|just|only|never|already|"
                             r"still|again|now|soon|once|first|himself|herself|itself|themselves|too|not|"
                             r"told|wrote|said|met|held|sent|made|gave|took|spoke|went|came|got|put|set|led|"
                             r"ran|saw|knew|thought|felt|left|kept|began|struck|hit|flew|won|lost|chose|"
                             r"rejected|agreed|want|wants|need|needs|say|see|think|know|believe|hope|expect", word, re.IGNORECASE))

