"""The help screen (?): every key, and how to write a search."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from briefing.ui import display
from briefing.ui.screens.dialog import Dialog

NAVIGATION = (
    ("up / down", "move in a list"),
    ("enter", "open the highlighted entry, article, quotation or event"),
    ("tab / shift+tab", "next / previous pane"),
    ("escape", "back: from an article to its list, then to the navigator"),
    ("ctrl+p", "command palette: actors, sticking points, articles, themes"),
)

# Kept in step with briefing.search's query language.
SEARCH_SYNTAX = (
    ("words", "every word, typos forgiven: ceasfire → ceasefire"),
    ('"a phrase"', "these words together"),
    ("actor:lavrov", "said by or about an actor (id or any alias)"),
    ("topic:territory", "about a sticking point"),
    ("kind:quote", "only quotations (or article, event)"),
    ("since:2025-06 until:2025-11", "within a period (YYYY, YYYY-MM or YYYY-MM-DD)"),
)


def _rows(pairs, key_width: int) -> list[Content]:
    return [Content.assemble((f"{key:>{key_width}}", "bold $text-accent"), "  ", what) for key, what in pairs]


class HelpScreen(Dialog[None]):
    BINDINGS = [Binding("escape,question_mark,q", "close", "Close")]

    def compose(self) -> ComposeResult:
        from briefing.ui.screens.main import MainScreen

        keys = [(b.key_display or _key_name(b.key), b.tooltip or b.description) for b in MainScreen.BINDINGS
                if isinstance(b, Binding)  # all of them: Textual's type also allows (key, action) tuples
                and b.key != "escape"]  # escape is listed under "Getting around"
        keys += [("?", "this help"), ("q", "quit")]
        lines = [Content.styled("Keys", display.HEADING), *_rows(keys, 16), Content(""),
                 Content.styled("Getting around", display.HEADING), *_rows(NAVIGATION, 16), Content(""),
                 Content.styled("Search (/)", display.HEADING), *_rows(SEARCH_SYNTAX, 28), Content(""),
                 Content.styled("y copies the quotation under the cursor with its citation (speaker, source, "
                                "date, URL) through the terminal (OSC 52); if your terminal blocks that, the "
                                "text is also saved in the cache folder.", display.MUTED),
                 Content.styled("Themes: ctrl+p → Theme, or --theme NAME; your own go in "
                                "~/.config/briefing/themes/*.yaml.", display.MUTED)]
        with VerticalScroll(id="help-dialog", classes="dialog wide"):
            yield Static(Content("\n").join(lines))

    def action_close(self) -> None:
        self.close(None)


def _key_name(key: str) -> str:
    return {"slash": "/", "question_mark": "?", "escape": "esc"}.get(key, key)
