"""The top line: which briefing, how big, what is selected, and a problems badge."""

from __future__ import annotations

from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Static

from briefing.ui import display
from briefing.text import counted


class StatusBar(Static):
    briefing_title: reactive[str] = reactive("briefing")
    where: reactive[str] = reactive("loading…")
    problems: reactive[int] = reactive(0)

    def render(self) -> Content:
        parts = [Content.styled(" briefing ", "bold $background on $primary"), Content(" ")]
        if self.problems:
            # Before the title, so a narrow terminal truncates the title, not the warning.
            label = f" {counted(self.problems, 'problem')} · p "
            parts += [Content.styled(label, "bold $background on $error"), Content(" ")]
        parts.append(display.line(self.briefing_title, "bold"))
        if self.where:
            parts += [Content.styled("  ›  ", display.MUTED), display.line(self.where)]
        return Content.assemble(*parts)

    async def on_click(self) -> None:
        if self.problems:
            await self.app.run_action("show_problems")
