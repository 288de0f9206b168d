"""The option list every pane builds on.

Textual 8's OptionList pages with an index of lines it fills only at the
next refresh, so Page Down pressed right after the options change (a held
key, a pasted burst) raises KeyError. Until that is fixed upstream, a page
that cannot be computed yet becomes a jump to the end or the start.
"""

from __future__ import annotations

from textual.widgets import OptionList


class Options(OptionList):
    def action_page_down(self) -> None:
        try:
            super().action_page_down()
        except KeyError:
            self.action_last()

    def action_page_up(self) -> None:
        try:
            super().action_page_up()
        except KeyError:
            self.action_first()
