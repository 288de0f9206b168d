"""Words as the search index sees them: folded tokens, and where they sit in the text.

A token is a run of word characters after `fold_for_search` (case, accents,
typographic quotes folded). The index folds a whole text at once for speed;
highlighting tokenizes the original text so that spans are offsets into what
the reader shows. Both give the same token sequence (a test checks it).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from itertools import islice

_WORD = re.compile(r"\w+")
_FOLDABLE = re.compile(r"[A-Z]+|[^\x00-\x7f]+")
# Folding and splitting in one C pass for ASCII text: letters and digits lowercased, the rest spaces.
_ASCII_WORDS = str.maketrans({code: chr(code).lower() if chr(code).isalnum() or chr(code) == "_" else " "
                              for code in range(128)})
# Non-ASCII punctuation common in news copy; never part of a word, so it can become a space.
_PUNCTUATION = "\u201c\u201d\u2018\u2019\u2014\u2013\u2026\u00a0\u00ab\u00bb\u201e\u2022\u00b7\u2009\u202f"


def _fold_run(match: re.Match[str]) -> str:
    run = match.group()
    if run.isascii():
        return run.lower()
    decomposed = unicodedata.normalize("NFKD", run)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def fold(text: str) -> str:
    """`briefing.text.fold_for_search` without the space collapsing, fast on long text.

    Only non-ASCII runs pay for Unicode decomposition; ASCII is lowercased in C.
    Quote marks need no folding here: they are never part of a word.
    """
    if text.isascii():
        return text.lower()
    # Not .lower() on the result: casefold maps some letters (Cherokee) to capitals.
    return _FOLDABLE.sub(_fold_run, text)


def tokens(text: str) -> list[str]:
    """The folded words of `text`, in order."""
    if not text.isascii():
        for mark in _PUNCTUATION:  # most news text is ASCII but for its quote marks and dashes
            if mark in text:
                text = text.replace(mark, " ")
        if not text.isascii():
            return _WORD.findall(fold(text))
    return text.translate(_ASCII_WORDS).split()


def token_spans(text: str, upto: int | None = None) -> list[tuple[int, int, str]]:
    """(start, end, folded word) for each word of the original `text` (the first `upto`).

    The words are exactly `tokens(text)`; the offsets point into `text`.
    """
    if text.isascii():
        return [(m.start(), m.end(), m.group().lower()) for m in islice(_WORD.finditer(text), upto)]
    # Fold piece by piece, remembering which original character each folded one came from.
    folded: list[str] = []
    origin: list[int] = []
    for run in _RUNS.finditer(text):
        start, piece = run.start(), run.group()
        if piece.isascii():
            folded.append(piece.lower())
            origin.extend(range(start, run.end()))
            continue
        for offset, char in enumerate(piece):
            replacement = _fold_char(char)
            folded.append(replacement)
            origin.extend([start + offset] * len(replacement))
    spans = []
    size = len(text)
    for match in _WORD.finditer("".join(folded)):
        start, end = origin[match.start()], origin[match.end() - 1] + 1
        while end < size and not _fold_char(text[end]) and not text[end].isspace():
            end += 1  # take the accents that folding dropped along
        spans.append((start, end, match.group()))
    return spans


_RUNS = re.compile(r"[\x00-\x7f]+|[^\x00-\x7f]+")


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    return fold(char)
