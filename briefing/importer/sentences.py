"""Paragraph and sentence boundaries of an article body.

Works on the *masked* body (quotation contents blanked, see quotes.mask), so
full stops inside quotations never end the surrounding sentence. Offsets
are always offsets into the body as given.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

_BLANK_LINE = re.compile(r"\n[ \t]*\n\s*")
# Abbreviations that end in a full stop without ending the sentence.
ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "lt", "col", "gen", "sen", "rep", "gov", "st", "jr", "sr", "prof", "sgt",
    "capt", "maj", "adm", "cmdr", "rev", "hon", "messrs", "no", "vs", "etc", "inc", "corp", "ltd", "co",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "fla", "calif", "mass", "wash", "ariz", "tex", "ga", "pa", "va", "md", "ill", "mich", "ore", "conn",
    "e.g", "i.e", "a.m", "p.m", "u.s", "u.n", "u.k", "e.u", "d.c", "st",
}
_END = re.compile(r"[.?!]+[)\]]?[”\"’']?[)\]]?(?=\s)")


@dataclass(frozen=True)
class Span:
    start: int
    end: int


def is_hard_wrapped(text: str) -> bool:
    """Text broken into short lines inside paragraphs (e-mail style)."""
    breaks = [m.start() for m in re.finditer(r"(?<!\n)\n(?!\s*\n)", text)]
    if len(breaks) < 3:
        return False
    lowercase_next = sum(1 for b in breaks if b + 1 < len(text) and text[b + 1].islower())
    return lowercase_next * 2 >= len(breaks)


def paragraphs(text: str) -> list[Span]:
    """Blocks separated by blank lines; a single line break also separates
    blocks unless the text is hard-wrapped."""
    separator = _BLANK_LINE if is_hard_wrapped(text) else re.compile(r"\n\s*")
    spans = []
    position = 0
    for match in separator.finditer(text):
        if text[position:match.start()].strip():
            spans.append(_trimmed(text, position, match.start()))
        position = match.end()
    if text[position:].strip():
        spans.append(_trimmed(text, position, len(text)))
    return spans


def _trimmed(text: str, start: int, end: int) -> Span:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end)


def sentences(masked: str) -> list[Span]:
    """Sentence spans inside each paragraph of the masked body."""
    spans = []
    for para in paragraphs(masked):
        start = para.start
        for match in _END.finditer(masked, para.start, para.end):
            end = match.end()
            if not _ends_sentence(masked, match.start(), end, para.end):
                continue
            spans.append(_trimmed(masked, start, end))
            start = end
        if masked[start:para.end].strip():
            spans.append(_trimmed(masked, start, para.end))
    return [s for s in spans if s.end > s.start]


def sentence_start(text: str, position: int, reach: int) -> int:
    """Where the sentence (or line) holding `position` starts, looking back at most `reach` characters:
    what lies before it, such as "…met Vladimir Putin." or a live blog's "08:05 GMT" line, is not part
    of a phrase that ends at `position`."""
    floor = max(0, position - reach)
    start = max(floor, text.rfind("\n", floor, position) + 1)
    for match in _END.finditer(text, start, position):
        if _ends_sentence(text, match.start(), match.end(), position + 1):
            start = match.end()
    return start


def _ends_sentence(text: str, dot: int, end: int, limit: int) -> bool:
    following = text[end:limit].lstrip()
    if not following:
        return True
    first = following[0]
    if not (first.isupper() or first.isdigit() or first in "“\"‘'(["):
        return False
    if text[dot] != ".":
        return True
    word = re.search(r"([A-Za-z.]+)$", text[max(0, dot - 12):dot])
    if word:
        token = word.group(1).lower().strip(".")
        if token in ABBREVIATIONS or len(token) == 1:   # "Mr.", "Sergey V. Lavrov"
            return False
    return True


def containing(spans: list[Span], position: int) -> int:
    """Index of the span holding `position` (or the last one before it)."""
    return max(0, bisect_right([span.start for span in spans], position) - 1) if len(spans) < 64 else \
        max(0, bisect_right(_starts(spans), position) - 1)


_STARTS: dict[int, tuple[list[Span], list[int]]] = {}


def _starts(spans: list[Span]) -> list[int]:
    cached = _STARTS.get(id(spans))
    if cached is None or cached[0] is not spans or len(cached[1]) != len(spans):
        cached = (spans, [span.start for span in spans])
        _STARTS.clear()
        _STARTS[id(spans)] = cached
    return cached[1]
