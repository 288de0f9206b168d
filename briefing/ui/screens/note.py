"""The note editor: plain text on an article or a quotation, in a small dialog.

ctrl+s saves (an emptied note is removed), escape leaves the note as it was.
A note is the reader's own text but is shown like content: as text, never markup.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static, TextArea

from briefing.ui import display
from briefing.ui.screens.dialog import Dialog


class NoteScreen(Dialog[str]):
    """Dismissed with the note's new text, or None when cancelled."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, about: Content, note: str, read_only: str = "") -> None:
        super().__init__()
        self.about, self.note, self.read_only = about, note, read_only

    def compose(self) -> ComposeResult:
        with Vertical(id="note-dialog", classes="dialog"):
            yield Static(Content.assemble(Content.styled("Note on ", "bold"), self.about))
            yield TextArea(self.note, id="note-text", soft_wrap=True, show_line_numbers=False)
            hint = "ctrl+s saves · escape cancels · an empty note is removed"
            if self.read_only:
                hint = f"{self.read_only} (escape closes)"
            yield Static(Content.styled(hint, display.ERROR if self.read_only else display.MUTED), id="note-hint")

    def on_mount(self) -> None:
        text = self.query_one(TextArea)
        if self.app.is_headless:
            text.cursor_blink = False
        text.move_cursor(text.document.end)
        text.focus()

    def action_save(self) -> None:
        if self.read_only:
            return
        self.close(self.query_one(TextArea).text)

    def action_cancel(self) -> None:
        self.close(None)
