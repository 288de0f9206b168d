"""Text folding and cleaning shared by the loader, search and views.

Content is untrusted: `printable` removes the bytes that could drive a
terminal, and the folds make comparisons ignore the typographic noise that
differs between a source and someone's copy of it.
"""

from __future__ import annotations

import re
import unicodedata

_QUOTE_MARKS = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
})
_QUOTE_PAIRS = tuple((chr(code), plain) for code, plain in _QUOTE_MARKS.items())
_WHITESPACE = re.compile(r"\s+")
# C0 and C1 controls except tab and newline, plus DEL: enough to stop escape
# sequences (ESC, CSI) and bells from reaching the terminal.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def fold_quotes(text: str) -> str:
    """Typographic quote marks to their ASCII forms."""
    if text.isascii():
        return text
    # Chained replace runs in C; str.translate with a dict is several times
    # slower on long non-ASCII text, and this is on the loader's hot path.
    for mark, plain in _QUOTE_PAIRS:
        if mark in text:
            text = text.replace(mark, plain)
    return text


def fold_for_match(text: str) -> str:
    """The form in which a quotation must occur in its body."""
    # split() breaks at exactly the characters `\s` matches, several times faster.
    return " ".join(fold_quotes(text).split())


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold_for_search(text: str) -> str:
    """Case, accents, quote marks and spacing folded: the form search compares."""
    return _WHITESPACE.sub(" ", strip_accents(fold_quotes(text)).casefold()).strip()


def name_key(name: str) -> str:
    """How actor names are compared: folded, dots dropped ('Mr. X' == 'mr x')."""
    return " ".join(fold_for_search(name).replace(".", " ").split())


def printable(text: str) -> str:
    """Text safe to hand to a terminal: control and escape bytes removed."""
    return _CONTROLS.sub("", text)


def one_line(text: str) -> str:
    """Printable text on a single line, for tables and lists."""
    return _WHITESPACE.sub(" ", printable(text)).strip()


def counted(number: int, noun: str, plural: str = "") -> str:
    """`1 article`, `2 articles`, `10,000 articles`: a count with its noun agreeing."""
    return f"{number:,} {noun if number == 1 else plural or noun + 's'}"
