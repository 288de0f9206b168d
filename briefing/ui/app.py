"""The reader application: themes, key bindings, loading, and app-wide actions.

`BriefingApp(content_dir=..., theme=...)` is the one factory the command
line and the tests use. The first frame shows the last summary of the
content folder (a small JSON cache, see summary.py) when there is one; the
corpus is read in a thread worker so the first frame never waits for it,
and the same worker then builds the search engine. The worker only posts
messages (CorpusLoaded, SearchReady, SearchFailed, CorpusFailed): the
handlers here own the corpus and the engine, and hand the engine to an open
search box, which takes queries before it is ready and answers them then.
The engine comes first (from the index: milliseconds), and when a search box
is waiting for it, the corpus is decoded only once that box has shown its
answer, so that the answer does not share the CPU with the decoding.
"""

from __future__ import annotations

import gc
import os
import threading
from pathlib import Path
from typing import TYPE_CHECKING, cast

from textual import events, on, work
from textual.app import App
from textual.binding import Binding

from briefing.paths import bundled_content, bundled_themes
from briefing.text import counted, one_line
from briefing.browse import Catalogue, catalogue
from briefing.ui.first_frame import FirstFrameProbe
from briefing.ui.messages import (CorpusFailed, CorpusLoaded, FolderChanged, MarksChanged, OpenArticle, SearchAnswered,
                                  SearchFailed, SearchReady, StateOpened)
from briefing.ui.screens.main import MainScreen
from briefing.ui.settings import load_settings, save_settings
from briefing.ui.themes import DEFAULT_THEME, ThemeSet, load_themes

if TYPE_CHECKING:  # the loading worker imports the corpus and model, off the first frame's path
    from textual.timer import Timer
    from textual.worker import Worker

    from briefing.cache.summary import Summary
    from briefing.corpus import Corpus
    from briefing.model import Problem
    from briefing.search.engine import SearchEngine
    from briefing.state.store import ReadingState
    from briefing.ui.screens.export import PreparedExport

EXPORT_DELIVERY = "briefing-export"  # the name a brief's download carries in Textual's delivery events
SEARCH_FIRST_SECONDS = 1.0  # how long the corpus waits for a search box's first answer, at most
RELOAD_SETTLE_S = 0.3  # how long the folder must be quiet before it is read again


def _briefing_commands():
    # Imported when the palette first opens, not before the first frame.
    from briefing.ui.commands import BriefingCommands

    return BriefingCommands


class BriefingApp(App[int]):
    CSS_PATH = [str(bundled_themes() / "briefing.tcss")]
    TITLE = "briefing"
    COMMANDS = App.COMMANDS | {_briefing_commands}
    BINDINGS = [
        Binding("question_mark", "help", "Help", id="help"),
        Binding("q", "quit", "Quit", id="quit"),
    ]

    _load_problems: tuple[Problem, ...] = ()  # when nothing could be loaded at all
    _summary = None  # the cached summary on screen until the corpus arrives
    _first_frame_displayed = False
    _load_when_displayed: Summary | None = None  # the summary shown, whose corpus loads once that frame is displayed

    def __init__(self, content_dir: str | os.PathLike[str] | None = None, theme: str | None = None,
                 themes: ThemeSet | None = None, follow: bool | None = None) -> None:
        super().__init__()
        # Follow the folder (reload on changes) on a real terminal; a headless run (tests,
        # benchmarks) does only when asked: the watcher is a worker that never completes by itself.
        self._follow = follow
        self.content_dir = Path(content_dir) if content_dir else bundled_content()
        self.theme_set = themes if themes is not None else load_themes()
        for loaded in self.theme_set.themes.values():
            self.register_theme(loaded)
        self.settings = load_settings()
        self.theme_problems: list[Problem] = list(self.theme_set.problems)
        chosen = theme or self.settings.theme or DEFAULT_THEME
        if chosen not in self.available_themes:
            from briefing.model import Problem

            self.theme_problems.append(
                Problem("settings", 0, f"theme '{chosen}' is not available; using {DEFAULT_THEME}"))
            chosen = DEFAULT_THEME if DEFAULT_THEME in self.available_themes else "textual-dark"
        self._start_in_theme(chosen)
        self.corpus: Corpus | None = None
        self.catalogue: Catalogue | None = None
        self.search_engine: SearchEngine | None = None
        self.search_unavailable = ""  # why search cannot run in this session, once known
        self.search_settled = threading.Event()  # no search box waits for the first engine's answer
        self.reading_state: ReadingState | None = None  # the reader's marks, once the load worker opened them
        self.reloads = 0  # how many times the folder was read again after a change (the tests count them)
        self._loading = True  # a load worker is running: a change seen meanwhile waits for it
        self._reload_waiting = False
        self._reload_timer: Timer | None = None
        self._watching = False
        self.main_screen = MainScreen()
        self.first_frame = FirstFrameProbe(self)

    def _start_in_theme(self, name: str) -> None:
        """Make `name` the theme before anything is styled.

        Setting `App.theme` re-parses every stylesheet once the app runs, so
        that they use the new theme's colours: before the first frame that is
        the app's whole stylesheet parsed twice. Nothing has been styled yet,
        so setting the variables the first parse will use is enough, for a
        theme whose light or dark and ANSI choices match the default's (the
        only other things Textual adjusts); any other goes the usual way.
        """
        theme, default = self.get_theme(name), self.current_theme
        if theme is None or (theme.dark, theme.ansi) != (default.dark, default.ansi):
            self.theme = name
            return
        self.set_reactive(App.theme, name)
        self.stylesheet.set_variables(self.get_css_variables())
        self.set_class(True, f"-theme-{name}", update=False)

    @property
    def problems(self) -> list[Problem]:
        if self.corpus is not None:
            found = list(self.corpus.problems)
        elif self._summary is not None:
            from briefing.model import Problem

            found = [Problem(*problem) for problem in self._summary.problems]
        else:
            found = list(self._load_problems)
        return found + self.theme_problems

    @property
    def problem_count(self) -> int:
        """len(self.problems), without making them (the first frame needs only the count)."""
        if self.corpus is not None:
            found = len(self.corpus.problems)
        elif self._summary is not None:
            found = len(self._summary.problems)
        else:
            found = len(self._load_problems)
        return found + len(self.theme_problems)

    def get_default_screen(self) -> MainScreen:
        return self.main_screen

    def on_unmount(self) -> None:
        self.search_settled.set()  # a loading worker waiting for a search need not keep us

    def on_mount(self) -> None:
        for problem in self.theme_problems:
            self.notify(one_line(str(problem)), title="Theme problem", severity="warning", markup=False)

    # ------------------------------------------------------------ loading

    def start_loading(self) -> None:
        """Called once the main screen exists: show what we know, load the rest.

        The last summary of this folder (a small JSON file: a few ms to read)
        is shown at once, so the first frame already shows the briefing; the
        corpus then loads in a worker, started once that frame is displayed
        so that the two never compete, and corrects the summary if need be.
        """
        from briefing.cache.summary import load_summary

        cached = load_summary(self.content_dir) if self.content_dir.is_dir() else None
        if cached is not None:
            self._summary = cached
            self.main_screen.show_summary(cached)
            self.first_frame.shown()
        # The cycle collector is off while the reader starts (see launch.py):
        # back on once this first frame is drawn.
        self.call_after_refresh(gc.enable)
        if cached is None:
            self.load_content(None)  # nothing to show until it is loaded
        elif self._first_frame_displayed:
            self.load_content(cached)
        else:
            self._load_when_displayed = cached

    def on_ready(self) -> None:
        """The first frame is on the terminal (Textual's Ready): the load may start now.

        Sooner than after the first refresh (`call_after_refresh`), which
        waits until the screen has nothing left to lay out: that is up to
        100 ms later, and a search typed at once would wait for it.
        """
        self._first_frame_displayed = True
        if self._load_when_displayed is not None:
            cached, self._load_when_displayed = self._load_when_displayed, None
            self.load_content(cached)

    @work(thread=True, exclusive=True, exit_on_error=False, group="load")
    def load_content(self, cached=None) -> None:
        """Read and catalogue the corpus, then build its search engine: posts, never sets."""
        from briefing.cache.reader_start import load_for_reader, search_first

        early = None if self.first_frame.active else search_first(self.content_dir)
        if early is not None:  # a search box answers from it first, then the corpus is decoded
            self.post_message(SearchReady(early))
            self.search_settled.wait(SEARCH_FIRST_SECONDS)
        from briefing.cache.summary import save_summary, summarize  # (after: these import the loader)
        from briefing.model import ContentError
        try:
            corpus, engine = load_for_reader(self.content_dir, early)
        except ContentError as error:
            self.post_message(CorpusFailed(error.problems))
            self.post_message(SearchFailed("Nothing could be loaded, so there is nothing to search."))
            return
        catalogued = catalogue(corpus)
        summary = summarize(catalogued)
        self.post_message(CorpusLoaded(catalogued, summary))
        self._open_state()
        if summary != cached:
            save_summary(self.content_dir, summary)  # the next start's first frame
        if self.first_frame.active:
            return  # the benchmark stops at the frame that shows the corpus
        if engine is None:
            try:
                from briefing.search import SearchEngine
            except ImportError:
                self.post_message(SearchFailed("Search is not available: the briefing.search package is missing."))
                return
            try:
                engine = SearchEngine.from_corpus(corpus)
            except Exception as error:  # noqa: BLE001 - said in the search box, never fatal
                self.post_message(SearchFailed(f"Search could not be prepared: {one_line(str(error))}"))
                return
        self.post_message(SearchReady(engine))

    def _open_state(self) -> None:
        """In the load worker, after the corpus: the marks (SQLite, a few ms) are drawn onto what it shows."""
        if self.first_frame.active:
            return  # the benchmark's reader stops at the corpus frame
        from briefing.state.store import ReadingState

        self.post_message(StateOpened(ReadingState.open(self.content_dir)))

    @on(CorpusLoaded)
    async def _corpus_loaded(self, message: CorpusLoaded) -> None:
        before = self.corpus
        self.catalogue = message.catalogue
        self.corpus = message.catalogue.corpus
        await self.main_screen.show_catalogue(message.catalogue, message.summary, timeline_open=self.settings.timeline)
        if self.first_frame.active:
            self.first_frame.shown()
            return
        self._load_finished()
        if before is not None:  # a reload after the folder changed: say what changed, and no more
            from briefing.ui.following import describe_changes

            changed = describe_changes(before, self.corpus)
            if changed:
                self.notify(changed, title="Briefing updated", markup=False)
            return
        self._start_following()
        if self.corpus.problems:
            count = len(self.corpus.problems)
            self.notify(f"{counted(count, 'file problem')}: press p to see them; "
                        "everything else loaded.", title="Content problems", severity="warning")

    @on(CorpusFailed)
    def _corpus_failed(self, message: CorpusFailed) -> None:
        self._load_problems = tuple(message.problems)
        self.main_screen.show_failure([str(p) for p in message.problems])
        self.first_frame.failed()
        self._load_finished()
        self._start_following()  # a folder that appears, or an index that is mended, loads then

    @on(StateOpened)
    def _state_opened(self, message: StateOpened) -> None:
        old, self.reading_state = self.reading_state, message.state
        if old is not None and old is not message.state:
            old.close()
        if message.state.problem and (old is None or old.problem != message.state.problem):
            self.notify(message.state.problem, title="Read marks, stars and notes", severity="warning",
                        markup=False, timeout=10)
        self.main_screen.post_message(MarksChanged())
        self._tell_search_screens(StateOpened(message.state))

    # ------------------------------------------------------------ following the folder

    def _start_following(self) -> None:
        follow = self._follow if self._follow is not None else not self.is_headless
        if self._watching or not follow or self.first_frame.active or not self.content_dir.is_dir():
            return
        self._watching = True
        self.follow_folder()

    @work(thread=True, exit_on_error=False, group="follow")
    def follow_folder(self) -> None:
        """Watch the content folder (watchfiles) and post each batch of changes: posts, never sets.

        Stops when the worker is cancelled, which Textual does on quit.
        """
        from textual.worker import get_current_worker

        from briefing.ui.following import watch_content

        for changed in watch_content(self.content_dir, get_current_worker().cancelled_event):
            self.post_message(FolderChanged(changed))

    @on(FolderChanged)
    def _folder_changed(self, _message: FolderChanged) -> None:
        # Editors and copies write in bursts that the watcher may split in two: settle first.
        if self._reload_timer is not None:
            self._reload_timer.stop()
        self._reload_timer = self.set_timer(RELOAD_SETTLE_S, self._reload)

    def _reload(self) -> None:
        self._reload_timer = None
        if self._loading:
            self._reload_waiting = True  # after the load under way
            return
        self._loading = True
        self.reloads += 1
        self.load_content(self.main_screen.summary_shown)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        # A load that failed unexpectedly (not a content problem: those are messages) must not
        # leave later changes of the folder waiting for it for ever.
        from textual.worker import WorkerState

        if event.worker.group == "load" and event.state in (WorkerState.ERROR, WorkerState.CANCELLED):
            self._load_finished()

    def _load_finished(self) -> None:
        self._loading = False
        if self._reload_waiting:
            self._reload_waiting = False
            self._reload()

    @on(SearchReady)
    def _search_ready(self, message: SearchReady) -> None:
        self.search_engine = message.engine
        if not self._tell_search_screens(SearchReady(message.engine)):
            self.search_settled.set()

    @on(SearchAnswered)
    def _search_answered(self, message: SearchAnswered) -> None:
        message.stop()
        self.search_settled.set()

    @on(SearchFailed)
    def _search_failed(self, message: SearchFailed) -> None:
        self.search_unavailable = message.reason
        self._tell_search_screens(SearchFailed(message.reason))

    def _tell_search_screens(self, message: SearchReady | SearchFailed | StateOpened) -> bool:
        """Pass `message` on to the open search boxes; whether there is one (its query may still be
        on its way: keys typed at once reach the box after the engine)."""
        from briefing.ui.screens.search import SearchScreen

        boxes = [screen for screen in self.screen_stack if isinstance(screen, SearchScreen)]
        for screen in boxes:
            screen.post_message(message)
        return bool(boxes)

    # ------------------------------------------------------------ settings

    def remember(self, **changes: object) -> None:
        """Save a changed setting; a failure is reported, never fatal."""
        settings = self.settings.replace(**changes)
        if settings == self.settings:
            return
        self.settings = settings
        problem = save_settings(settings)
        if problem:
            self.notify(problem, title="Settings not saved", severity="warning", markup=False)

    def watch_theme(self, theme: str) -> None:
        if self.is_running:
            self.remember(theme=theme)

    # ------------------------------------------------------------ actions

    def action_command_palette(self) -> None:
        from briefing.ui.commands import Palette

        # is_open takes an App[object]; App's return type makes it invariant, hence the cast.
        if self.use_command_palette and not Palette.is_open(cast("App[object]", self)):
            self.push_screen(Palette(id="--command-palette"))

    def search_themes(self) -> None:
        from textual.theme import ThemeProvider

        from briefing.ui.commands import Palette

        self.push_screen(Palette(providers=[ThemeProvider], placeholder="Search for themes…"))

    def action_help(self) -> None:
        from briefing.ui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_show_problems(self) -> None:
        from briefing.ui.screens.problems import ProblemsScreen

        if not isinstance(self.screen, ProblemsScreen):
            self.push_screen(ProblemsScreen(self.problems))

    def action_search(self) -> None:
        """Open the search box at once, loaded or not: it answers when the engine arrives."""
        from briefing.ui.screens.search import SearchScreen

        if isinstance(self.screen, SearchScreen):
            return
        if self.search_unavailable:  # known for good: say so rather than open a box that cannot answer
            self.notify(self.search_unavailable, title="Search", severity="warning", markup=False)
            return

        def opened(hit) -> None:
            self.search_settled.set()  # closed: nothing waits for an answer now
            if hit is not None:
                kind = getattr(hit, "kind", "")
                number = hit.item.number if kind == "quote" and hit.item is not None else None
                passage = hit.text if kind == "article" else ""
                self.main_screen.post_message(OpenArticle(hit.article_id, number, passage))

        self.push_screen(SearchScreen(engine=self.search_engine, unavailable=self.search_unavailable,
                                      state=self.reading_state), opened)

    def action_toggle_timeline(self) -> None:
        self.main_screen.action_toggle_timeline()

    def export_brief(self, kind: str, key: str) -> None:
        from briefing.ui.screens.export import ExportScreen, ExportUnavailable, prepare_export

        if self.corpus is None:
            return
        try:
            prepared = prepare_export(self.corpus, kind, key)
        except ExportUnavailable as error:
            self.notify(str(error), title="Export", severity="warning", markup=False)
            return
        if self.is_web:  # under `briefing serve` the file belongs on the reader's machine, not the server's
            self._deliver_export(prepared)
            return
        self.push_screen(ExportScreen(prepared))

    def _deliver_export(self, prepared: PreparedExport) -> None:
        """Offer the brief to the browser as a download (textual-serve relays it)."""
        import io

        name = prepared.suggested.name
        self.deliver_binary(io.BytesIO(prepared.text.encode("utf-8")), save_filename=name,
                            mime_type="text/markdown; charset=utf-8", name=EXPORT_DELIVERY)
        self.notify(f"{name}: your browser saves it with its downloads.",
                    title=f"Brief downloading: {one_line(prepared.title)}", markup=False)

    @on(events.DeliveryFailed)
    def _export_not_delivered(self, event: events.DeliveryFailed) -> None:
        if event.name == EXPORT_DELIVERY:
            self.notify(one_line(str(event.exception)), title="The brief could not be sent", severity="error",
                        markup=False)
