"""Export dialog: write the current sticking point (or actor) as a Markdown brief.

Asks where, suggests a name in the working directory, asks before
replacing a file, writes atomically, and says where the file went.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, Static

from briefing.corpus import Corpus
from briefing.fileio import WriteRefused, write_atomic
from briefing.text import one_line
from briefing.ui import display
from briefing.ui.screens.confirm import ConfirmScreen
from briefing.ui.screens.dialog import Dialog


class ExportUnavailable(Exception):
    """The brief cannot be made; the message says why."""


@dataclass(frozen=True, slots=True)
class PreparedExport:
    title: str  # 'Security guarantees'
    kind: str  # 'topic' or 'actor'
    text: str  # the Markdown brief
    suggested: Path


def prepare_export(corpus: Corpus, kind: str, key: str) -> PreparedExport:
    try:
        from briefing.export import actor_brief, default_export_name, topic_brief
    except ImportError:
        raise ExportUnavailable("Export is not available: the briefing.export package is missing.") from None
    try:
        if kind == "topic":
            text = topic_brief(corpus, key)
            title = corpus.require_topic(key).title
        else:
            text = actor_brief(corpus, key)
            title = corpus.require_actor(key).name
    except ValueError as error:  # QueryError / ExportError: messages made for people
        raise ExportUnavailable(str(error)) from None
    return PreparedExport(title, kind, text, Path.cwd() / default_export_name(key))


def write_export(path: Path, text: str, replace: bool) -> Path:
    return write_atomic(path, text, force=replace)


class ExportScreen(Dialog[Path | None]):
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, prepared: PreparedExport) -> None:
        super().__init__()
        self.prepared = prepared

    def compose(self) -> ComposeResult:
        what = "sticking point" if self.prepared.kind == "topic" else "actor"
        with Vertical(id="dialog", classes="dialog"):
            yield Static(Content.assemble(Content.styled(f"Export the {what} ", "bold"),
                                          display.line(self.prepared.title, "bold $text-primary"),
                                          Content.styled(" as a Markdown brief", "bold")))
            yield Input(str(self.prepared.suggested), id="export-path", select_on_focus=False)
            yield Static(Content.styled("enter writes · escape cancels · an existing file is never replaced "
                                        "without asking", display.MUTED), id="export-hint")
            yield Static(id="export-error")

    def on_mount(self) -> None:
        path_input = self.query_one(Input)
        if self.app.is_headless:
            path_input.cursor_blink = False
        path_input.cursor_position = len(path_input.value)

    def action_cancel(self) -> None:
        self.close(None)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self._dismissing:  # a second Enter queued behind the first
            return
        raw = event.value.strip()
        if not raw:
            self._error("Give a file name.")
            return
        path = Path(raw).expanduser()
        if path.is_dir():
            path = path / self.prepared.suggested.name
        if path.exists() and not path.is_dir():
            question = Content.assemble("Replace ", display.line(str(path), "bold"), "?")
            self.app.push_screen(ConfirmScreen(question, "Replace", "Keep it"),
                                 lambda replace: self._write(path, True) if replace else None)
            return
        self._write(path, False)

    def _write(self, path: Path, replace: bool) -> None:
        try:
            written = write_export(path, self.prepared.text, replace)
        except WriteRefused as error:
            self._error(str(error))
            return
        self.app.notify(str(written.resolve()), title=f"Brief written: {one_line(self.prepared.title)}",
                        markup=False)
        self.close(written)

    def _error(self, message: str) -> None:
        self.query_one("#export-error", Static).update(display.line(message, display.ERROR))
