"""'Did you mean …?' for unknown keys, ids and filter names."""

from __future__ import annotations

from collections.abc import Iterable

from rapidfuzz import fuzz, process


def closest(word: str, choices: Iterable[str], cutoff: float = 60) -> str | None:
    """The choice most like `word`, or None when nothing is close enough."""
    options = list(choices)
    if not options:
        return None
    match = process.extractOne(word.casefold(), options, scorer=fuzz.WRatio,
                               processor=str.casefold, score_cutoff=cutoff)
    return match[0] if match else None


def did_you_mean(word: str, choices: Iterable[str], cutoff: float = 60) -> str:
    """A suffix for an error message: ' (did you mean 'x'?)' or ''."""
    match = closest(word, choices, cutoff)
    return f" (did you mean '{match}'?)" if match else ""
