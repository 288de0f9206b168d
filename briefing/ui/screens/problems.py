"""The problems panel: every file that failed to load, as PATH:LINE: message."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static
from textual.widgets.option_list import Option

from briefing.model import Problem
from briefing.ui import display
from briefing.ui.screens.dialog import Dialog
from briefing.ui.widgets.lists import Options
from briefing.text import counted


class ProblemsScreen(Dialog[None]):
    BINDINGS = [Binding("escape,p,q", "close", "Close")]

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__()
        self.problems = problems

    def compose(self) -> ComposeResult:
        count = len(self.problems)
        with Vertical(id="problems-dialog", classes="dialog wide"):
            if count:
                files = len({p.path for p in self.problems})
                yield Static(Content.styled(
                    f"{counted(count, 'problem')} in {counted(files, 'file')}: "
                    "these were left out, everything else loaded", "bold $text-error"))
            else:
                yield Static(Content.styled("No problems: every file loaded.", "bold $text-success"))
            options = [Option(display.text(str(p))) for p in self.problems]
            yield Options(*options, id="problems-list")
            yield Static(Content.styled("briefing check lists the same problems · escape closes", display.MUTED))

    def action_close(self) -> None:
        self.close(None)
