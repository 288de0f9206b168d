"""Quotation spans in an article body.

Handles curly and straight marks, single and double, either as the outer
pair (British style puts single marks outside); nested quotations stay
inside the outer one; a quotation running over several paragraphs (an
opening mark on each, one closing mark at the end) is one span; titles of
shows and works (NBC's “Meet the Press”) are not quotations. Apostrophes
(don’t, Russia’s, leaders’) are told apart from closing marks by what
surrounds them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from briefing.importer.sentences import paragraphs

DOUBLE, SINGLE = "double", "single"
_OPENERS = {"“": DOUBLE, "«": DOUBLE, "‘": SINGLE}
_CLOSERS = {"”": DOUBLE, "»": DOUBLE, "’": SINGLE}
_BEFORE_OPEN = set(" \t\n([{—–-/\u00a0“‘\"'")
_AFTER_CLOSE = set(" \t\n.,;:!?)]}—–-/\u00a0”’\"'…")
_SMALL_WORDS = {"a", "an", "the", "of", "and", "or", "in", "on", "at", "to", "for", "with", "by", "from", "de", "la", "le", "vs"}
_WORK_WORDS = re.compile(
    r"(?:\b(?:show|programme|program|podcast|book|novel|memoir|film|movie|documentary|series|song|album|"
    r"newspaper|magazine|column|op-ed|essay|headline|titled|entitled|headlined|named|on|in)|[’']s|s[’'])\s*,?\s*$", re.I)


# "an operation called “Spiderweb”", "a document dubbed “Peace Framework”": names, not speech
_NAMED_THING = re.compile(
    r"\b(?:document|draft|plan|framework|report|paper|proposal|programme|program|initiative|operation|agreement|"
    r"accord|treaty|bill|law|memo|memorandum|declaration|communiqu[eé]|strategy|doctrine|platform|campaign|"
    r"project|summit|formula|coalition|group|party|movement|company|ship|vessel|exercise|mission|fund)s?"
    r"(?:\s+\w+){0,2}?\s+(?:called|dubbed|named|known as|code-named|codenamed|titled|entitled)\s*,?\s*$", re.I)


@dataclass(frozen=True)
class QuoteSpan:
    start: int          # offset of the opening mark
    end: int            # offset just after the closing mark
    inner_start: int
    inner_end: int
    text: str           # the quotation as it will be stored (spaces folded, attribution comma dropped)
    paragraphs: int = 1
    marks: str = DOUBLE


@dataclass
class QuoteScan:
    quotes: list[QuoteSpan] = field(default_factory=list)
    titles: list[QuoteSpan] = field(default_factory=list)     # left out: names of shows and works
    unclosed: list[int] = field(default_factory=list)         # offsets of marks never closed


def _kind(text: str, i: int, top: str | None) -> tuple[str, str] | None:
    """('open'|'close', DOUBLE|SINGLE) for the mark at i, or None for an apostrophe or stray mark."""
    ch = text[i]
    prev = text[i - 1] if i > 0 else "\n"
    nxt = text[i + 1] if i + 1 < len(text) else "\n"
    if ch in _OPENERS:
        return "open", _OPENERS[ch]
    if ch == "’":
        if prev.isalnum() and nxt.isalnum():
            return None                       # don’t, Russia’s
        if prev.isspace():
            return None                       # ’90s, rock ’n’ roll
        if top == SINGLE and _plural_possessive(text, i):
            return None                       # ‘the leaders’ meeting was useful,’
        return "close", SINGLE
    if ch in _CLOSERS:
        return "close", _CLOSERS[ch]
    if ch in "\"'":
        family = DOUBLE if ch == '"' else SINGLE
        can_open = prev in _BEFORE_OPEN and not nxt.isspace() and nxt != "\n"
        can_close = not prev.isspace() and (nxt in _AFTER_CLOSE or nxt == "\n")
        if family == SINGLE:
            if prev.isalnum() and nxt.isalnum():
                return None                   # don't
            if top == SINGLE and _plural_possessive(text, i):
                return None
            can_open = can_open and (nxt.isalnum() or nxt in "“\"")
        if can_open and can_close:
            return ("close", family) if top == family else ("open", family)
        if can_open:
            return "open", family
        if can_close:
            return "close", family
    return None


_ATTRIBUTION_WORDS = {"said", "says", "he", "she", "they", "told", "tells", "added", "adds", "wrote", "writes",
                      "asked", "according", "the", "a", "an", "and", "but", "or", "in", "on", "at", "to", "as",
                      "was", "were", "is", "are", "after", "before", "while", "when", "warned", "insisted"}


def _plural_possessive(text: str, i: int) -> bool:
    """s’ followed by a lower-case noun inside a single-quoted span: an apostrophe, not the end."""
    if text[i - 1:i] != "s":
        return False
    following = re.match(r"[ \t]+([a-z][\w-]*)", text[i + 1:i + 30])
    return following is not None and following.group(1) not in _ATTRIBUTION_WORDS


def find_quotes(body: str) -> QuoteScan:
    scan = QuoteScan()
    paras = paragraphs(body)
    # stack of (family, offset); the bottom entry is the outermost quotation
    stack: list[tuple[str, int]] = []
    outer_paragraphs = 1
    for number, para in enumerate(paras):
        if stack:
            # An unclosed quotation continues only if this paragraph opens with the same mark.
            first = body[para.start]
            kind = _kind(body, para.start, None)
            if kind == ("open", stack[0][0]):
                stack = stack[:1]
                outer_paragraphs += 1
                skip = para.start
            else:
                scan.unclosed.append(stack[0][1])
                stack = []
                skip = -1
        else:
            skip = -1
        for i in range(para.start, para.end):
            if i == skip or body[i] not in "“”‘’«»\"'":
                continue
            kind = _kind(body, i, stack[-1][0] if stack else None)
            if kind is None:
                continue
            role, family = kind
            if role == "open":
                if stack and family == stack[-1][0] and body[i] in _OPENERS:
                    # A second curly opener of the same kind inside a quotation: the first was never closed.
                    if len(stack) == 1:
                        scan.unclosed.append(stack[0][1])
                        stack = []
                        outer_paragraphs = 1
                    else:
                        stack.pop()
                if not stack:
                    outer_paragraphs = 1
                stack.append((family, i))
                continue
            # a closing mark
            if not stack:
                continue
            if stack[-1][0] == family:
                opened = stack.pop()[1]
                if not stack:
                    _emit(scan, body, opened, i, outer_paragraphs, family)
                    outer_paragraphs = 1
            elif family == DOUBLE and any(f == DOUBLE for f, _ in stack):
                # An inner single mark was an apostrophe after all; close up to the double.
                while stack and stack[-1][0] != DOUBLE:
                    stack.pop()
                opened = stack.pop()[1]
                if not stack:
                    _emit(scan, body, opened, i, outer_paragraphs, family)
                    outer_paragraphs = 1
            # a closing single mark with a double on top is an apostrophe: ignore
        if number == len(paras) - 1 and stack:
            scan.unclosed.append(stack[0][1])
            stack = []
    return scan


def _emit(scan: QuoteScan, body: str, opened: int, closed: int, paras: int, family: str) -> None:
    inner = body[opened + 1:closed]
    text = clean_text(inner)
    if len(re.findall(r"\w", text)) < 2:
        return                                  # rock 'n' roll
    if _is_nickname(body, opened, closed + 1, text):
        return
    span = QuoteSpan(opened, closed + 1, opened + 1, closed, text, paras, family)
    if _is_title_of_work(body, opened, text):
        scan.titles.append(span)
    else:
        scan.quotes.append(span)


def _is_nickname(body: str, opened: int, end: int, text: str) -> bool:
    """Oleksandr “Sasha” Petrov: a name inside a name."""
    words = text.split()
    if not 1 <= len(words) <= 2 or not all(w[:1].isupper() for w in words):
        return False
    line_start = body.rfind("\n", 0, opened) + 1
    line_end = body.find("\n", end)
    line_words = re.findall(r"[^\W\d_][\w’'-]*", body[line_start:line_end if line_end >= 0 else len(body)])
    if len(line_words) >= 4 and sum(1 for w in line_words if w[0].isupper()) >= 0.7 * len(line_words):
        return False                            # a headline in Title Case: capitals prove nothing
    return bool(re.search(r"[A-Z][\w’'-]+[ \t]$", body[max(0, opened - 30):opened])) and \
        bool(re.match(r"[ \t][A-Z][\w’'-]+", body[end:end + 30]))


def clean_text(inner: str) -> str:
    """Spaces folded; a trailing comma (it belongs to the attribution) dropped."""
    text = re.sub(r"\s+", " ", inner).strip()
    if text.endswith(",") and not text.endswith(",,"):
        text = text[:-1].rstrip()
    return text


def _is_title_of_work(body: str, opened: int, text: str) -> bool:
    """A short, capitalised span after "NBC’s", "the show", "titled"…: a title, not speech."""
    line_start = body.rfind("\n", 0, opened) + 1
    named = _NAMED_THING.search(body[max(line_start, opened - 80):opened])
    words = text.rstrip(",.").split() if named else text.rstrip(",").split()
    if not 1 <= len(words) <= 8 or (not named and text.rstrip(",")[-1:] in ".!?"):
        return False
    significant = [w for w in words if w.lower().strip("“”‘’\"'") not in _SMALL_WORDS]
    if not significant or not all(w.lstrip("“‘\"'(")[:1].isupper() or w[:1].isdigit() for w in significant):
        return False
    if named:
        return True
    before = body[max(line_start, opened - 40):opened]
    match = _WORK_WORDS.search(before)
    if not match:
        return False
    if match.group(0).strip().lower() in ("on", "in"):
        return len(words) >= 2      # 'said on “Face the Nation”', but not 'in “peacetime”'
    return True


def mask(body: str, spans: list[QuoteSpan], keep_end_punctuation: bool = True) -> str:
    """The body with each quotation's contents blanked ('x'), newlines and
    a final . ? ! kept, so sentence splitting and name finding skip them."""
    chars = list(body)
    for span in spans:
        last = span.inner_end - 1
        while last > span.inner_start and chars[last].isspace():
            last -= 1
        for i in range(span.inner_start, span.inner_end):
            if chars[i] == "\n":
                continue
            if keep_end_punctuation and i == last and chars[i] in ".?!":
                continue
            chars[i] = "x"
    return "".join(chars)
