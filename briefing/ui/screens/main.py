"""The main screen: navigator and article list on the left, reading pane on the
right, the timeline below.

This screen owns the reader's state (the corpus and the current focus) and
is the only place that decides what each pane shows: the widgets report
choices by message and are told what to display.

Only what the first frame shows is built at start; the topic, actor and
period pages, the reading pane and the timeline are imported and mounted
the first time they are needed (start-up time is a feature).
"""

from __future__ import annotations

import importlib

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.css.query import NoMatches
from textual.reactive import reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import ContentSwitcher, OptionList

from typing import TYPE_CHECKING, Literal, Protocol, cast, overload, runtime_checkable

from textual.content import Content

from briefing.browse import (EVERYTHING, MARKED_KINDS, Catalogue, Focus, articles_for, events_for, focus_title,
                             mark_counts)
from briefing.state import ARTICLE
from briefing.text import counted, one_line
from briefing.ui import display
from briefing.ui.messages import FocusChosen, MarksChanged, OpenArticle, ShowFocus
from briefing.ui.widgets.article_list import ArticleList
from briefing.ui.widgets.footer import KeysFooter
from briefing.ui.widgets.navigator import Navigator
from briefing.ui.widgets.overview import Overview
from briefing.ui.widgets.status_bar import StatusBar

if TYPE_CHECKING:
    from textual import getters

    from briefing.browse import Marked
    from briefing.corpus import Corpus
    from briefing.model import Article, Quote
    from briefing.state.store import ReadingState
    from briefing.ui.app import BriefingApp
    from briefing.ui.widgets.actor_view import ActorView
    from briefing.ui.widgets.item_list import Item
    from briefing.ui.widgets.period_view import PeriodView
    from briefing.ui.widgets.reader_pane import ReaderPane
    from briefing.ui.widgets.starred_view import StarredView
    from briefing.ui.widgets.timeline import Timeline
    from briefing.ui.widgets.topic_view import TopicView
    from briefing.cache.summary import Summary

# Below this many columns the reading pane takes the whole width while an
# article is open, and the browsing column comes back with Escape.
NARROW_WIDTH = 110

VIEWS = Binding.Group("views")

# Pane id -> "module:class", built on first use.
LAZY_PANES = {
    "topic-view": "briefing.ui.widgets.topic_view:TopicView",
    "actor-view": "briefing.ui.widgets.actor_view:ActorView",
    "period-view": "briefing.ui.widgets.period_view:PeriodView",
    "reader": "briefing.ui.widgets.reader_pane:ReaderPane",
    "timeline": "briefing.ui.widgets.timeline:Timeline",
    "starred-view": "briefing.ui.widgets.starred_view:StarredView",
}
PAGE_FOR_FOCUS = {"topic": "topic-view", "actor": "actor-view", "date": "period-view", "all": "overview",
                  "unread": "overview", "starred": "starred-view"}


@runtime_checkable
class _ItemCursor(Protocol):
    """A list whose highlighted entry may be a quotation, event or position (an ItemList)."""

    def current_item(self) -> Item | None: ...


@runtime_checkable
class _QuoteCursor(_ItemCursor, Protocol):
    def current_quote(self) -> Quote | None: ...


@runtime_checkable
class _ArticleCursor(Protocol):
    """A list whose highlighted entry belongs to an article: the article list, the timeline."""

    def current_article_id(self) -> str | None: ...


def _article_marks(state: ReadingState | None, article_id: str) -> tuple[bool, bool, bool]:
    """(read, starred, noted) of an article itself, as the article list shows them."""
    if state is None:
        return False, False, False
    mark = state.mark(article_id)
    return mark.read, mark.starred, bool(mark.note)


def _build(pane_id: str) -> Widget:
    module, name = LAZY_PANES[pane_id].split(":")
    widget_class = getattr(importlib.import_module(module), name)
    return widget_class(id=pane_id, compact=True) if pane_id == "timeline" else widget_class(id=pane_id)


class MainScreen(Screen):
    # Short descriptions for the footer; the tooltips are what `?` help lists.
    BINDINGS = [
        # Priority: run as the key arrives, so the keys typed after it in one
        # burst already find the search box (a plain binding runs only once
        # the key has gone round the focused widget, after the rest of the burst).
        Binding("slash", "search", "Search", id="search", tooltip="search quotations, articles and events",
                priority=True),
        Binding("a", "view('actors')", "Actors", group=VIEWS, id="actors", tooltip="browse by actor"),
        Binding("d", "view('dates')", "Dates", group=VIEWS, id="dates", tooltip="browse by date: year, month, day"),
        Binding("s", "view('topics')", "Sticking points", group=VIEWS, id="topics",
                tooltip="browse by sticking point"),
        Binding("u", "view('unread')", "Unread", group=VIEWS, id="unread", tooltip="the articles you have not read"),
        Binding("r", "view('starred')", "Starred", group=VIEWS, id="starred",
                tooltip="what you starred or noted: articles and quotations"),
        Binding("m", "toggle_read", "Read", id="toggle-read", show=False,
                tooltip="mark the article read or unread (opening one marks it read)"),
        Binding("M", "mark_all_read", "All read", id="mark-all-read", show=False,
                tooltip="mark every article in the current list read"),
        Binding("asterisk", "toggle_star", "Star", id="star", show=False, key_display="*",
                tooltip="star or unstar the highlighted quotation (in a quotation list), else the article"),
        Binding("n", "edit_note", "Note", id="note", show=False,
                tooltip="write or change a note on the highlighted quotation, else the article"),
        Binding("t", "toggle_timeline", "Timeline", id="timeline",
                tooltip="show or hide the timeline of the current selection"),
        Binding("e", "export", "Export", id="export", tooltip="export the current sticking point as a Markdown brief"),
        Binding("y", "copy_quote", "Copy", id="copy",
                tooltip="copy the highlighted quotation with its citation (speaker, source, date, URL)"),
        Binding("o", "open_url", "Open", id="open", tooltip="open the article's URL in your browser"),
        # Shown by the status bar's badge ("2 problems · p"), which only appears when there are problems.
        Binding("p", "show_problems", "Problems", id="problems", show=False,
                tooltip="list the files that failed to load (when the status bar shows problems)"),
        Binding("escape", "back", "Back", id="back", show=False,
                tooltip="back: from an article to its list, then to the navigator"),
    ]

    if TYPE_CHECKING:
        app = getters.app(BriefingApp)

    focus_choice: reactive[Focus] = reactive(EVERYTHING, init=False)
    timeline_open: reactive[bool] = reactive(False, init=False)

    def __init__(self) -> None:
        super().__init__()
        self.corpus: Corpus | None = None
        self._summary_shown: Summary | None = None
        self._timeline_stale = True
        self._waiting_article: OpenArticle | None = None  # chosen while the corpus loads
        self._told_loading: set[str] = set()
        self._read_before_state: list[str] = []  # opened before the marks were open: marked once they are

    def compose(self) -> ComposeResult:
        yield StatusBar(id="status")
        with Horizontal(id="main"):
            with Vertical(id="browse"):
                yield Navigator(id="navigator")
                yield ArticleList(id="articles", compact=True)
            with ContentSwitcher(initial="overview", id="detail"):
                yield Overview(id="overview")
        yield KeysFooter()

    def on_mount(self) -> None:
        # Ask for the corpus only now: its arrival fills widgets that must exist.
        self.app.start_loading()
        # Focus now, so the footer lays out its keys while the corpus loads.
        self.set_focus(self.query_one("#actors"))

    def on_resize(self) -> None:
        narrow = self.size.width < NARROW_WIDTH
        self.set_class(narrow, "-narrow")
        # Every key must fit in an 80-column footer: the ctrl+p hint (also on
        # the overview and in help) gives way.
        self.query_one(KeysFooter).show_command_palette = not narrow

    # ------------------------------------------------------------ panes

    # The overloads say what LAZY_PANES builds for each id, for the type checker.
    @overload
    def pane(self, pane_id: Literal["reader"]) -> ReaderPane | None: ...
    @overload
    def pane(self, pane_id: str) -> Widget | None: ...

    def pane(self, pane_id: str) -> Widget | None:
        """A lazily built pane, or None while it has never been needed."""
        try:
            return self.get_widget_by_id(pane_id)
        except NoMatches:
            return None

    @overload
    async def _ensure(self, pane_id: Literal["reader"]) -> ReaderPane: ...
    @overload
    async def _ensure(self, pane_id: Literal["timeline"]) -> Timeline: ...
    @overload
    async def _ensure(self, pane_id: Literal["topic-view"]) -> TopicView: ...
    @overload
    async def _ensure(self, pane_id: Literal["actor-view"]) -> ActorView: ...
    @overload
    async def _ensure(self, pane_id: Literal["period-view"]) -> PeriodView: ...
    @overload
    async def _ensure(self, pane_id: Literal["starred-view"]) -> StarredView: ...

    async def _ensure(self, pane_id: str) -> Widget:
        widget = self.pane(pane_id)
        if widget is None:
            widget = _build(pane_id)
            if pane_id == "timeline":
                await self.mount(widget, before=self.query_one(KeysFooter))
            else:
                await self.query_one("#detail", ContentSwitcher).mount(widget)
        return widget

    @property
    def detail_page(self) -> str | None:
        return self.query_one("#detail", ContentSwitcher).current

    def _reading(self) -> ReaderPane | None:
        """The reading pane when an article is on screen, else None."""
        return self.pane("reader") if self.detail_page == "reader" else None

    # ------------------------------------------------------------ loading

    @property
    def summary_shown(self) -> Summary | None:
        return self._summary_shown

    def show_summary(self, summary: Summary) -> None:
        """What the briefing holds: navigator, newest articles, overview (no corpus needed)."""
        status = self.query_one(StatusBar)
        status.briefing_title = summary.title or "Briefing"
        status.problems = self.app.problem_count
        self.query_one(Navigator).fill(summary)
        self.query_one(Overview).show(summary)
        if self.corpus is None:
            status.where = "All articles · loading…"
            self.query_one(ArticleList).show("All articles", summary.newest, total=summary.articles)
        self._summary_shown = summary

    async def show_catalogue(self, catalogue: Catalogue, summary: Summary, timeline_open: bool = False) -> None:
        """The corpus arrived: fill every pane, and catch up with what was chosen meanwhile."""
        reading = self._reading()
        kept = None
        if reading is not None and reading.article is not None:  # a reload: stay in the article, where it was
            kept = (reading.article.id, reading.current_quote_number,
                    self.query_one("#reader-body").scroll_offset, self.focused)
        self.corpus = catalogue.corpus
        if summary != self._summary_shown:
            self.show_summary(summary)
        self.query_one(StatusBar).problems = self.app.problem_count
        self._show_mark_counts()
        await self._show_focus(self.focus_choice)
        if kept is not None and kept[0] in self.corpus.article_by_id:
            article_id, quote, offset, focused = kept
            await self._open_article(OpenArticle(article_id, quote), mark_read=False)
            body = self.query_one("#reader-body")
            self.call_after_refresh(body.scroll_to, offset.x, offset.y, animate=False)
            if focused is not None and focused.is_attached:
                self.set_focus(focused)
        if timeline_open:
            self.timeline_open = True
        if self._waiting_article is not None:
            waiting, self._waiting_article = self._waiting_article, None
            await self._open_article(waiting)

    def show_failure(self, messages: list[str]) -> None:
        self.query_one(StatusBar).where = "nothing loaded"
        self.query_one(StatusBar).problems = self.app.problem_count
        self.query_one(Overview).show_failure(messages)

    # ------------------------------------------------------------ focus

    @on(FocusChosen)
    def _focus_chosen(self, message: FocusChosen) -> None:
        self.focus_choice = message.focus
        if message.advance:
            self.set_focus(self.query_one("#articles"))

    @on(ShowFocus)
    async def _show_focus_message(self, message: ShowFocus) -> None:
        self.query_one(Navigator).select_focus(message.focus)
        self.set_reactive(MainScreen.focus_choice, message.focus)
        await self._show_focus(message.focus)
        self._reveal_page()

    async def watch_focus_choice(self, focus: Focus) -> None:
        await self._show_focus(focus)

    async def _show_focus(self, focus: Focus) -> None:
        if self.corpus is None:
            return
        from briefing.corpus import QueryError  # loaded with the corpus: free by now

        try:
            title = focus_title(self.corpus, focus)
            articles = articles_for(self.corpus, focus, self.app.reading_state)
        except QueryError:  # an id the corpus does not know (a stale palette entry)
            return
        self.query_one(StatusBar).where = title
        self.query_one(ArticleList).show(title, articles)
        self._timeline_stale = True
        if self.timeline_open:
            await self._refresh_timeline()
        page_id = PAGE_FOR_FOCUS[focus.kind]
        if focus.kind == "date":
            (await self._ensure("period-view")).show(self.corpus, focus)
        elif focus.kind == "topic":
            (await self._ensure("topic-view")).show(self.corpus, focus.key)
        elif focus.kind == "actor":
            (await self._ensure("actor-view")).show(self.corpus, focus.key)
        elif focus.kind == "starred":
            (await self._ensure("starred-view")).show(*self._starred_page())
        self.query_one("#detail", ContentSwitcher).current = page_id
        self.remove_class("-reading")

    def _reveal_page(self) -> None:
        """Put the keyboard in the current page's item list, if it has one."""
        items = self.query(f"#{self.detail_page} ItemList")
        if items:
            self.set_focus(items.first())

    # ------------------------------------------------------------ articles

    @on(OpenArticle)
    async def _open_article_message(self, message: OpenArticle) -> None:
        await self._open_article(message)

    async def _open_article(self, message: OpenArticle, mark_read: bool = True) -> None:
        if self.corpus is None:
            self._waiting_article = message  # opened as soon as the corpus arrives
            self._still_loading("the article")
            return
        article = self.corpus.article_by_id.get(message.article_id)
        if article is None:
            self.notify(f"No article '{message.article_id}' in this briefing", severity="warning")
            return
        reader = await self._ensure("reader")
        if mark_read:
            self._set_read([article.id], True, automatic=True)
        await reader.show(self.corpus, article, message.quote, self.app.reading_state)
        self.query_one("#detail", ContentSwitcher).current = "reader"
        self.add_class("-reading")
        reader.reveal(message.passage)
        self.set_focus(self.query_one("#reader-quotes" if message.quote is not None else "#reader-body"))
        self.query_one(StatusBar).where = article.title

    def action_back(self) -> None:
        """Escape: from an article back to its list, else back to the navigator."""
        if self.detail_page == "reader":
            self.query_one("#detail", ContentSwitcher).current = PAGE_FOR_FOCUS[self.focus_choice.kind]
            self.remove_class("-reading")
            if self.corpus is not None:
                self.query_one(StatusBar).where = focus_title(self.corpus, self.focus_choice)
            self.set_focus(self.query_one("#articles"))
            return
        navigator = self.query_one(Navigator)
        if self.focused is None or navigator not in self.focused.ancestors_with_self:
            navigator.show_view(navigator.view)

    # ------------------------------------------------------------ views

    def action_view(self, view: str) -> None:
        if self.has_class("-reading"):
            self.action_back()
        self.query_one(Navigator).show_view(view)
        if view in MARKED_KINDS:  # one entry: choosing the view chooses it (listed afresh each time)
            if self.focus_choice == Focus(view):
                self.call_later(self._show_focus, self.focus_choice)
            self.focus_choice = Focus(view)

    def _still_loading(self, what: str) -> None:
        """Say, once per thing asked for, that a key needing the corpus will work in a moment."""
        if what not in self._told_loading:
            self._told_loading.add(what)
            self.notify(f"The briefing is still loading: {what} will be ready in a moment.", title="Loading")

    def action_toggle_timeline(self) -> None:
        if self.corpus is None:
            self._still_loading("the timeline")
            return
        self.timeline_open = not self.timeline_open

    async def watch_timeline_open(self, open_: bool) -> None:
        if open_:
            timeline = await self._ensure("timeline")
            self.set_class(True, "-timeline-open")
            await self._refresh_timeline()
            self.set_focus(timeline)
        else:
            self.set_class(False, "-timeline-open")
            if self.focused is None or self.focused is self.pane("timeline"):
                self.query_one(Navigator).show_view(self.query_one(Navigator).view)
        self.app.remember(timeline=open_)

    async def _refresh_timeline(self) -> None:
        if self.corpus is None or not self._timeline_stale:
            return
        self._timeline_stale = False
        focus = self.focus_choice
        timeline = await self._ensure("timeline")
        timeline.show(self.corpus, focus_title(self.corpus, focus),
                      events_for(self.corpus, focus, self.app.reading_state))

    # ------------------------------------------------------------ actions

    def selected_quote(self) -> Quote | None:
        """The quotation `y` copies: the one under the cursor, else the one being read."""
        focused = self.focused
        if isinstance(focused, _QuoteCursor):  # an ItemList
            return focused.current_quote()
        reader = self._reading()
        return reader.current_quote() if reader is not None else None

    def action_copy_quote(self) -> None:
        if self.corpus is None:
            self._still_loading("copying")
            return
        quote = self.selected_quote()
        if quote is None:
            self.notify("Highlight a quotation first: in an article's quotation list or on a topic or actor page.",
                        title="Nothing to copy", severity="warning")
            return
        from briefing.ui.clipboard import copy_citation

        copy_citation(self.app, self.corpus, quote)

    def current_url(self) -> tuple[str, str] | None:
        """(url, title) of the article being read or under the cursor."""
        article = self.current_article()
        if article is None:
            return None
        return article.url, article.title

    def current_article(self) -> Article | None:
        """The article being read, else the one under the cursor (an article, or an item of it)."""
        if self.corpus is None:
            return None
        article = None
        reader = self._reading()
        focused = self.focused
        if reader is not None:
            article = reader.article
        elif isinstance(focused, _ArticleCursor):  # the article list, the timeline
            article = self.corpus.article_by_id.get(focused.current_article_id() or "")
        elif isinstance(focused, _ItemCursor) and (item := focused.current_item()) is not None:
            article = self.corpus.article_by_id.get(item.article_id)
        return article

    # ------------------------------------------------------------ read marks, stars, notes

    def _marked_target(self) -> tuple[Article, Quote | None] | None:
        """What `*` and `n` work on: the highlighted quotation of a quotation list, else the article."""
        focused = self.focused
        if self.corpus is None:
            return None
        if isinstance(focused, _QuoteCursor) and (quote := focused.current_quote()) is not None:
            return self.corpus.article_of(quote), quote
        reader = self._reading()
        if reader is not None and reader.article is not None and focused is self.query_one("#reader-quotes"):
            # The panel's cursor itself: a key typed right after an arrow arrives before the pane hears of it.
            option = cast(OptionList, focused).highlighted_option
            if option is not None and option.id is not None:
                return reader.article, reader.article.quotes[int(option.id)]
        article = self.current_article()
        return (article, None) if article is not None else None

    def _state_for_change(self, quiet: bool = False) -> ReadingState | None:
        """The reading state, if changes can be saved; else say why (unless `quiet`) and None."""
        state = self.app.reading_state
        if state is not None and state.writable:
            return state
        if not quiet:
            why = state.problem if state is not None else "the reading state is still being opened"
            self.notify(f"Not saved: {why}", title="Read marks, stars and notes", severity="warning",
                        markup=False)
        return None

    def _change(self, change) -> bool:
        """Run one change of the state; a failure to save is said, never raised."""
        from briefing.state.store import StateError

        try:
            change()
        except StateError as error:
            self.notify(str(error), title="Not saved", severity="error", markup=False)
            return False
        self.post_message(MarksChanged())
        return True

    def _set_read(self, article_ids: list[str], read: bool, automatic: bool = False) -> None:
        if automatic and self.app.reading_state is None:
            self._read_before_state.extend(article_ids)
            return
        state = self._state_for_change(quiet=automatic)
        if state is not None and any(state.is_read(a) != read for a in article_ids):
            self._change(lambda: state.set_read(article_ids, read))

    def action_toggle_read(self) -> None:
        if self.corpus is None:
            self._still_loading("read marks")
            return
        article = self.current_article()
        if article is None:
            self.notify("Open or highlight an article first.", severity="warning")
            return
        state = self._state_for_change()
        if state is not None:
            read = not state.is_read(article.id)
            if self._change(lambda: state.set_read([article.id], read)):
                self.notify(one_line(article.title), title="Marked read" if read else "Marked unread",
                            markup=False)

    def action_mark_all_read(self) -> None:
        if self.corpus is None:
            self._still_loading("read marks")
            return
        state = self._state_for_change()
        if state is None:
            return
        listed = self.query_one(ArticleList).listed_ids()
        if self._change(lambda: state.set_read(listed, True)):
            title = focus_title(self.corpus, self.focus_choice)
            self.notify(f"{counted(len(listed), 'article')} of {title} marked read.", title="Marked read", markup=False)

    def action_toggle_star(self) -> None:
        if self.corpus is None:
            self._still_loading("stars")
            return
        target = self._marked_target()
        if target is None:
            self.notify("Highlight a quotation or an article first.", severity="warning")
            return
        state = self._state_for_change()
        if state is None:
            return
        article, quote = target
        number = quote.number if quote is not None else ARTICLE
        starred = not state.starred(article.id, number)
        if self._change(lambda: state.set_star(article.id, number, starred)):
            what = "quotation" if quote is not None else "article"
            self.notify(one_line(quote.text if quote is not None else article.title),
                        title=f"{what.capitalize()} {'starred' if starred else 'unstarred'}", markup=False)

    def action_edit_note(self) -> None:
        if self.corpus is None:
            self._still_loading("notes")
            return
        target = self._marked_target()
        if target is None:
            self.notify("Highlight a quotation or an article first.", severity="warning")
            return
        from briefing.ui.screens.note import NoteScreen

        article, quote = target
        number = quote.number if quote is not None else ARTICLE
        state = self.app.reading_state
        about = (Content.assemble("“", display.line(quote.text), "”") if quote is not None
                 else display.line(article.title, "bold $text-primary"))
        read_only = "" if state is not None and state.writable else (
            f"Notes cannot be saved: {state.problem if state else 'the reading state is still being opened'}")

        def saved(text: str | None) -> None:
            writable = self._state_for_change()
            if text is not None and writable is not None:
                self._change(lambda: writable.set_note(article.id, number, text))

        self.app.push_screen(NoteScreen(about, state.note(article.id, number) if state else "", read_only), saved)

    @on(MarksChanged)
    def _marks_changed(self) -> None:
        """Draw the marks again wherever they show: counts, the article list, the article, the Starred page."""
        state = self.app.reading_state
        if state is not None and self._read_before_state:
            opened, self._read_before_state = self._read_before_state, []
            self._set_read(opened, True, automatic=True)  # posts MarksChanged again, drawn then
        articles = self.query_one(ArticleList)
        if state is not None and articles.marks_of is None:
            articles.marks_of = lambda article_id: _article_marks(self.app.reading_state, article_id)
        articles.show_marks()
        self._show_mark_counts()
        reader = self.pane("reader")
        if reader is not None:
            reader.show_marks(state)
        if self.corpus is not None and self.focus_choice.kind == "starred" and self.detail_page == "starred-view":
            starred = self.pane("starred-view")
            if starred is not None:
                cast("StarredView", starred).show(*self._starred_page())

    def _starred_page(self) -> tuple[Corpus, tuple[Marked, ...], int]:
        """What the Starred page shows: the marked items, and how many marks lost their article."""
        from briefing.browse import marked_items

        assert self.corpus is not None
        state = self.app.reading_state
        orphaned = len(state.orphans(self.corpus.article_by_id)) if state is not None else 0
        return self.corpus, marked_items(self.corpus, state), orphaned

    def _show_mark_counts(self) -> None:
        if self.corpus is not None:
            self.query_one(Navigator).show_mark_counts(*mark_counts(self.corpus, self.app.reading_state))

    def action_open_url(self) -> None:
        if self.corpus is None:
            self._still_loading("opening an article's URL")
            return
        found = self.current_url()
        if found is None:
            self.notify("Open or highlight an article first.", severity="warning")
            return
        url, _title = found
        if not url:
            self.notify("This article has no URL in its front matter.", severity="warning")
            return
        if self.app.is_web:  # under `briefing serve`: a new tab in the reader's own browser, not the server's
            self.notify(url, title="Opening in a new tab", markup=False)
            self.app.open_url(url, new_tab=True)
            return
        self.notify(url, title="Opening in your browser", markup=False)
        self._open_in_browser(url)

    @work(thread=True, exit_on_error=False, group="browser")
    def _open_in_browser(self, url: str) -> None:
        # webbrowser may block while it launches a browser: never on the UI thread.
        import webbrowser

        try:
            opened = webbrowser.open(url)
        except Exception:  # noqa: BLE001 - any browser failure is reported the same way
            opened = False
        if not opened:
            self.app.call_from_thread(self.notify, "No browser could be started; the URL is shown above.",
                                      severity="warning")

    def current_export(self) -> tuple[str, str] | None:
        """('topic' | 'actor', id) that `e` exports, if any."""
        focus = self.focus_choice
        navigator = self.query_one(Navigator)
        if self.focused is not None and navigator in self.focused.ancestors_with_self:
            # Keys typed in one burst (s ↓ ↓ e) arrive before the navigator's
            # messages: its cursor is the truth.
            focus = navigator.current_focus()
        if focus.kind in ("topic", "actor"):
            return focus.kind, focus.key
        return None

    def action_export(self) -> None:
        if self.corpus is None:
            self._still_loading("export")
            return
        target = self.current_export()
        if target is None:
            self.notify("Choose a sticking point first (s), then press e.", title="Nothing to export",
                        severity="warning")
            return
        self.app.export_brief(*target)

    def action_show_problems(self) -> None:
        self.app.action_show_problems()

    def action_search(self) -> None:
        self.app.action_search()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # The problems key exists only when there are problems; the others
        # always answer, if only to say what they need.
        if action == "show_problems":
            return bool(self.app.problem_count)
        return True
