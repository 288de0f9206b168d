"""`is:unread`, `is:read`, `is:starred`, `has:note`, `note:WORDS`: what they mean, in one place.

Search (`briefing search` and the reader's box) filters its hits with
`state_test` at query time: reading state changes with every keystroke of a
user, so it is never part of the search index.

Read and unread belong to articles: a quotation or event of an unread
article is unread. Stars and notes belong to what they were put on: a
quotation's own star or note, an article's for the article and its events.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from briefing.state import ARTICLE, NOTE_FILTER, STATE_FILTERS
from briefing.text import fold_for_search

TYPE_CHECKING = False
if TYPE_CHECKING:  # search imports this rule; SQLite is imported only where a state is opened
    from briefing.state.store import ReadingState


def state_test(state: ReadingState | None, wanted: Iterable[str]) -> Callable[[str, int], bool]:
    """A test of (article id, quotation number or ARTICLE) for every one of `wanted` ('is:unread', …).

    With no state (none could be opened) nothing is read, starred or noted.
    """
    checks: list[Callable[[str, int], bool]] = []
    for term in dict.fromkeys(wanted):
        key, _, value = term.partition(":")
        if key == NOTE_FILTER:
            checks.append(_never if state is None else _note_holds(state, fold_for_search(value)))
            continue
        if value not in STATE_FILTERS.get(key, ()):
            raise ValueError(f"not a reading-state filter: {term!r}")
        if state is None:
            checks.append(_always if value == "unread" else _never)
        elif value == "unread":
            checks.append(lambda article, _quote: not state.is_read(article))
        elif value == "read":
            checks.append(lambda article, _quote: state.is_read(article))
        elif value == "starred":
            checks.append(lambda article, quote: state.starred(article, quote))
        else:
            checks.append(lambda article, quote: bool(state.note(article, quote)))

    def test(article: str, quote: int = ARTICLE) -> bool:
        return all(check(article, quote) for check in checks)

    return test


def _note_holds(state: ReadingState, folded: str) -> Callable[[str, int], bool]:
    def holds(article: str, quote: int) -> bool:
        note = state.note(article, quote)
        return bool(note) and folded in fold_for_search(note)

    return holds


def _always(_article: str, _quote: int) -> bool:
    return True


def _never(_article: str, _quote: int) -> bool:
    return False
