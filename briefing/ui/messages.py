"""Messages the reader's parts send each other.

Widgets never reach into their siblings: they post one of these and the
screen that owns them decides what changes. Plain classes rather than
dataclasses: they are defined on every start, before the first frame.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from briefing.model import Problem
    from briefing.browse import Catalogue, Focus
    from briefing.cache.summary import Summary
    from briefing.search.engine import SearchEngine
    from briefing.state.store import ReadingState


class CorpusLoaded(Message):
    """The content directory has been read and catalogued (in a worker)."""

    def __init__(self, catalogue: Catalogue, summary: Summary) -> None:
        super().__init__()
        self.catalogue = catalogue
        self.summary = summary


class CorpusFailed(Message):
    """Nothing could be loaded (no such folder, unreadable index…)."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__()
        self.problems = problems


class SearchReady(Message):
    """The search engine is built (in a worker): the app keeps it and hands it to a search box."""

    def __init__(self, engine: SearchEngine) -> None:
        super().__init__()
        self.engine = engine


class SearchAnswered(Message):
    """A search box has shown the answer to what was typed in it (bubbles up to the app)."""


class SearchFailed(Message):
    """Search cannot run in this session (package missing, nothing loaded); the reason says why."""

    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason


class FocusChosen(Message):
    """The navigator's choice moved: an actor, a sticking point or a period."""

    def __init__(self, focus: Focus, advance: bool = False) -> None:
        super().__init__()
        self.focus = focus
        self.advance = advance  # chosen with Enter: move on to the article list

    def can_replace(self, message: Message) -> bool:
        # Holding an arrow key queues many choices; only the latest matters.
        return isinstance(message, FocusChosen) and not message.advance


class OpenArticle(Message):
    """Show an article, optionally scrolled to one of its quotations."""

    def __init__(self, article_id: str, quote: int | None = None, passage: str = "") -> None:
        super().__init__()
        self.article_id = article_id
        self.quote = quote
        self.passage = passage  # text from the body to scroll to (a search hit's paragraph)


class ShowFocus(Message):
    """Show an actor's or a sticking point's page (from a link or the palette)."""

    def __init__(self, focus: Focus) -> None:
        super().__init__()
        self.focus = focus


class StateOpened(Message):
    """The reader's marks (read, stars, notes) were opened (in the load worker): the app keeps them."""

    def __init__(self, state: ReadingState) -> None:
        super().__init__()
        self.state = state


class FolderChanged(Message):
    """Files of the content folder changed while the reader was open (seen by the watcher worker)."""

    def __init__(self, paths: int) -> None:
        super().__init__()
        self.paths = paths  # how many content files changed in this batch

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, FolderChanged)  # a burst reloads once


class MarksChanged(Message):
    """Read marks, stars or notes changed: panes that show them draw them again."""
