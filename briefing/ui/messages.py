"""Messages the reader's parts send each other.

Widgets never reach into their siblings: they post one of these and the
screen that owns them decides what changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

from briefing.ui.browse import Catalogue, Focus

if TYPE_CHECKING:
    from briefing.model import Problem
    from briefing.ui.summary import Summary


@dataclass
class CorpusLoaded(Message):
    """The content directory has been read and catalogued (in a worker)."""

    catalogue: Catalogue
    summary: Summary


@dataclass
class CorpusFailed(Message):
    """Nothing could be loaded (no such folder, unreadable index…)."""

    problems: list[Problem]


@dataclass
class FocusChosen(Message):
    """The navigator's choice moved: an actor, a sticking point or a period."""

    focus: Focus
    advance: bool = False  # chosen with Enter: move on to the article list

    def can_replace(self, message: Message) -> bool:
        # Holding an arrow key queues many choices; only the latest matters.
        return isinstance(message, FocusChosen) and not message.advance


@dataclass
class OpenArticle(Message):
    """Show an article, optionally scrolled to one of its quotations."""

    article_id: str
    quote: int | None = None
    passage: str = ""  # text from the body to scroll to (a search hit's paragraph)


@dataclass
class ShowFocus(Message):
    """Show an actor's or a sticking point's page (from a link or the palette)."""

    focus: Focus
