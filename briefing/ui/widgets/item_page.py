"""A page of items: a header (title, what it is, its counts) over an ItemList.

The sticking-point, actor and period pages differ only in what they list and
what their header says: this is the rest of them, and the one place their
header is drawn.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from briefing.ui import display
from briefing.ui.widgets.item_list import ItemList, Row


def page_header(title: str, about: list[Content], counts: str) -> Content:
    """The title, the lines that say what the page is about, then its counts (muted)."""
    return Content("\n").join([display.line(title, "bold $text-primary"), *about, Content.styled(counts, display.MUTED)])


class ItemPage(Vertical):
    def compose(self) -> ComposeResult:
        yield Static(classes="page-header")
        yield ItemList(classes="page-items", compact=True)

    def show_page(self, title: str, about: list[Content], counts: str, rows: list[Row]) -> None:
        """Show the header (see page_header) and the rows (see ItemList.fill)."""
        self.query_one(".page-header", Static).update(page_header(title, about, counts))
        self.query_one(ItemList).fill(rows)
