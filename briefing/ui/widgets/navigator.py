"""The navigator: browse by actor, by date or by sticking point.

Three views in one pane, switched with a / d / s. Moving the cursor posts
`FocusChosen`; the screen decides what the rest of the reader shows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.css.query import NoMatches
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import OptionList, Static, Tree
from textual.widgets.option_list import Option

from briefing.ui import display
from briefing.browse import EVERYTHING, DateNode, Entry, Focus
from briefing.ui.messages import FocusChosen
from briefing.ui.widgets.lists import Options

if TYPE_CHECKING:
    from briefing.cache.summary import Summary

VIEWS = (("actors", "a", "Actors"), ("dates", "d", "Dates"), ("topics", "s", "Sticking points"),
         ("unread", "u", "Unread"), ("starred", "r", "Starred"))
MARKED_VIEWS = {"unread": "unread", "starred": "starred"}  # view -> the focus kind it chooses
ALL_ID = "*all*"  # never a valid actor or topic id ([a-z0-9-]+)


def _entry_prompt(entry: Entry) -> Content:
    return Content.assemble(display.line(entry.label), " ", display.count(entry.count))


def _all_option(total: int) -> Option:
    return Option(Content.assemble(Content.styled("All articles", "italic"), " ", display.count(total)), id=ALL_ID)


class EntryList(Options):
    """Actors or sticking points; posts the focus of the highlighted entry.

    Hovering over an entry shows what it is (an actor's role and side, a
    sticking point's summary) as a tooltip, made only when it is needed.
    """

    def __init__(self, focus_kind: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.focus_kind = focus_kind
        self.details: dict[str, str] = {}  # entry id -> what the tooltip says
        self._tooltip_for: str | None = None

    def on_mouse_move(self, event: events.MouseMove) -> None:
        index = event.style.meta.get("option")
        option = self.options[index] if isinstance(index, int) and 0 <= index < self.option_count else None
        key = option.id if option is not None else None
        if key != self._tooltip_for:
            self._tooltip_for = key
            detail = self.details.get(key or "", "")
            self.tooltip = display.text(detail) if detail else None

    def on_leave(self) -> None:
        self._tooltip_for = None
        self.tooltip = None

    def focus_of(self, option: Option | None) -> Focus | None:
        if option is None or option.id is None:
            return None
        if self.focus_kind in MARKED_VIEWS.values():
            return Focus(self.focus_kind)
        return EVERYTHING if option.id == ALL_ID else Focus(self.focus_kind, option.id)


class DateTree(Tree[str]):
    """Years → months → days; a node's data is its ISO prefix ('' for all).

    Days are added when their month is first opened: ten years of news is
    thousands of days, and the first frame needs none of them.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._days: dict[str, tuple[DateNode, ...]] = {}

    def fill(self, nodes: tuple[DateNode, ...], total: int) -> None:
        self.clear()
        self._days = {}
        self.root.set_label(Text.assemble(("All dates", "italic"), " ", (f"{total:,}", "dim")))
        self.root.data = ""
        for year_index, year in enumerate(nodes):
            year_node = self.root.add(self._label(year), data=year.key, expand=year_index == 0)
            for month in year.children:
                if month.children:
                    year_node.add(self._label(month), data=month.key, allow_expand=True)
                    self._days[month.key] = month.children
                else:
                    year_node.add_leaf(self._label(month), data=month.key)
        self.root.expand()

    @on(Tree.NodeExpanded)
    def _add_days(self, event: Tree.NodeExpanded) -> None:
        days = self._days.pop(event.node.data or "", ())
        for day in days:
            event.node.add_leaf(self._label(day), data=day.key)

    @staticmethod
    def _label(node: DateNode) -> Text:
        # Tree labels are Rich Text; these are our own words, never content.
        return Text.assemble(node.label, " ", (f"{node.count:,}", "dim"))


class Navigator(Vertical):
    """The three browsing views and a header that says which one is showing.

    Only the actors view is built for the first frame; the dates and
    sticking-points views are built, from the entries already shown, the
    first time they are chosen.
    """

    view: reactive[str] = reactive("actors")

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._summary: Summary | None = None
        self._mark_counts: tuple[int, int] | None = None  # (unread, starred or noted) articles

    def compose(self) -> ComposeResult:
        yield Static(id="navigator-tabs")
        yield EntryList("actor", id="actors", compact=True)

    def on_mount(self) -> None:
        self._render_tabs()

    def fill(self, summary: Summary) -> None:
        """Entries and counts; a cursor already moved (while loading) stays where it is."""
        self._summary = summary
        for view in self._views():
            self._fill_view(view, summary)

    def show_mark_counts(self, unread: int, marked: int) -> None:
        """The Unread and Starred views' counts (they change with every mark)."""
        self._mark_counts = (unread, marked)
        for view in self._views():
            if isinstance(view, EntryList) and view.focus_kind in MARKED_VIEWS.values():
                self._fill_marked(view)

    def _fill_marked(self, view: EntryList) -> None:
        unread, marked = self._mark_counts or (self._summary.articles if self._summary else 0, 0)
        if view.focus_kind == "unread":
            entry = ("Unread articles", unread, "m marks the article read or unread; M marks this view read")
        else:
            entry = ("Starred and noted", marked, "* stars the highlighted quotation (else the article); n notes it")
        label, number, hint = entry
        options = [Option(Content.assemble(Content.styled(label, "italic"), " ", display.count(number)), id=ALL_ID),
                   Option(Content.styled(hint, display.MUTED), disabled=True)]
        with view.prevent(OptionList.OptionHighlighted):
            view.set_options(options)
            view.highlighted = 0

    def _views(self) -> list[Widget]:
        """The views built so far (the tabs line is the other child)."""
        return [child for child in self.children if isinstance(child, (EntryList, DateTree))]

    def _fill_view(self, view: Widget, summary: Summary) -> None:
        total = summary.articles
        if isinstance(view, DateTree):
            if not view.root.children:  # built once: rebuilding would lose the reader's place
                view.fill(summary.date_nodes(), total)
            return
        assert isinstance(view, EntryList)
        if view.focus_kind in MARKED_VIEWS.values():
            self._fill_marked(view)
            return
        options: list[Option | None] = [_all_option(total)]
        if view.focus_kind == "actor":
            actor_groups = summary.actor_entries()
            for title, entries in actor_groups:
                options.append(Option(Content.styled(title.upper(), "bold $text-muted"), disabled=True))
                options.extend(Option(_entry_prompt(e), id=e.key) for e in entries)
            details = {e.key: e.detail for _title, entries in actor_groups for e in entries}
        else:
            topic_entries = summary.topic_entries()
            options.extend(Option(_entry_prompt(e), id=e.key) for e in topic_entries)
            details = {e.key: e.detail for e in topic_entries}
        kept = view.highlighted_option.id if view.highlighted_option else None
        view.set_options(options)
        view.details = details
        try:
            view.highlighted = view.get_option_index(kept) if kept else 0
        except LookupError:
            view.highlighted = 0

    def _view(self, name: str) -> Widget:
        """The view called `name`, built the first time it is needed."""
        try:
            return self.get_child_by_id(name)
        except NoMatches:
            pass
        view: Widget
        if name == "dates":
            view = DateTree("All dates", id="dates")
        elif name == "topics":
            view = EntryList("topic", id="topics", compact=True)
        elif name in MARKED_VIEWS:
            view = EntryList(MARKED_VIEWS[name], id=name, compact=True)
        else:
            raise ValueError(f"no navigator view {name!r}")
        view.display = False  # until it is the view shown
        # Filled before it is mounted, so that keys typed at once (s, then ↓)
        # find the entries. Its cursor starts on "All …", which chooses nothing:
        # what was chosen in another view stays chosen.
        with view.prevent(OptionList.OptionHighlighted, Tree.NodeHighlighted):
            if isinstance(view, EntryList) and view.focus_kind in MARKED_VIEWS.values():
                self._fill_marked(view)
            elif self._summary is not None:
                self._fill_view(view, self._summary)
            if isinstance(view, DateTree):
                view.cursor_line = 0
        self.mount(view)
        return view

    def watch_view(self, view: str) -> None:
        shown = self._view(view)
        for each in self._views():
            each.display = each is shown
        self._render_tabs()

    def _render_tabs(self) -> None:
        # Each view's key is underlined in its name: a, d, s, u, r (the footer says so too).
        parts = []
        for name, key, title in VIEWS:
            style = "bold $background on $primary" if name == self.view else "$text-muted"
            at = title.lower().index(key) + 1
            tab = Content.styled(f" {title} ", style).stylize("underline", at, at + 1)
            parts.append(tab)
        self.query_one("#navigator-tabs", Static).update(Content("").join(parts))

    def show_view(self, view: str) -> None:
        """Switch to a view and put the keyboard in it."""
        self.view = view
        # Synchronously: keys typed right after (s, then ↓) must reach the new view.
        self.screen.set_focus(self._view(view))

    def current_focus(self) -> Focus:
        """The focus the visible view's cursor is on."""
        widget = self._view(self.view)
        if isinstance(widget, DateTree):
            node = widget.cursor_node
            return Focus("date", node.data) if node is not None and node.data else EVERYTHING
        assert isinstance(widget, EntryList)
        return widget.focus_of(widget.highlighted_option) or EVERYTHING

    def select_focus(self, focus: Focus) -> None:
        """Move the right view's cursor to a focus chosen elsewhere (palette, links)."""
        if focus.kind in ("actor", "topic"):
            view = "actors" if focus.kind == "actor" else "topics"
            self.view = view
            entries = self._view(view)
            assert isinstance(entries, EntryList)
            try:
                entries.highlighted = entries.get_option_index(focus.key)
            except LookupError:
                pass

    @on(OptionList.OptionHighlighted)
    def _entry_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._entry_chosen(event, advance=False)

    @on(OptionList.OptionSelected)
    def _entry_selected(self, event: OptionList.OptionSelected) -> None:
        self._entry_chosen(event, advance=True)

    def _entry_chosen(self, event: OptionList.OptionHighlighted | OptionList.OptionSelected, advance: bool) -> None:
        """Highlighting an entry shows it; selecting it (Enter) also moves on to its articles."""
        event.stop()
        assert isinstance(event.option_list, EntryList)
        focus = event.option_list.focus_of(event.option)
        if focus is not None:
            self.post_message(FocusChosen(focus, advance=advance))

    @on(Tree.NodeHighlighted)
    def _date_highlighted(self, event: Tree.NodeHighlighted) -> None:
        event.stop()
        key = event.node.data
        self.post_message(FocusChosen(Focus("date", key) if key else EVERYTHING))
