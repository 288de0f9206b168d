"""The reader application: themes, key bindings, loading, and app-wide actions.

`BriefingApp(content_dir=..., theme=...)` is the one factory the command
line and the tests use. The first frame shows the last summary of the
content folder (a small JSON cache, see summary.py) when there is one; the
corpus is read in a thread worker so the first frame never waits for it,
and the search index is built in another once the corpus is shown.
"""

from __future__ import annotations

import gc
import os
import shutil
import subprocess
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import App
from textual.binding import Binding

from briefing.paths import bundled_content, bundled_themes, cache_dir
from briefing.text import one_line
from briefing.browse import Catalogue, catalogue
from briefing.ui.messages import CorpusFailed, CorpusLoaded, OpenArticle
from briefing.ui.screens.main import MainScreen
from briefing.ui.settings import load_settings, save_settings
from briefing.ui.themes import DEFAULT_THEME, ThemeSet, load_themes

if TYPE_CHECKING:  # the loading worker imports the corpus and model, off the first frame's path
    from briefing.corpus import Corpus
    from briefing.model import Problem, Quote

# For the start-up benchmark (benchmarks/reader_startup.py): leave after the
# first full frame that shows the corpus, and write the wall-clock time of
# that frame to a file, so that tearing the app down is not counted.
EXIT_AFTER_FIRST_FRAME = "BRIEFING_EXIT_AFTER_FIRST_FRAME"
FIRST_FRAME_FILE = "BRIEFING_FIRST_FRAME_FILE"
# Clipboard programs tried after OSC 52, for terminals that block it.
CLIPBOARD_COMMANDS = (["wl-copy"], ["xclip", "-selection", "clipboard"], ["xsel", "--clipboard", "--input"],
                      ["pbcopy"], ["clip.exe"])


def _briefing_commands():
    # Imported when the palette first opens, not before the first frame.
    from briefing.ui.commands import BriefingCommands

    return BriefingCommands


class SearchUnavailable(Exception):
    """Search cannot run (package missing, corpus not loaded); the message says why."""


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
    _first_frame_noted = False

    def __init__(self, content_dir: str | os.PathLike[str] | None = None, theme: str | None = None,
                 themes: ThemeSet | None = None) -> None:
        super().__init__()
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
        self.search_engine = None
        self._engine_lock = threading.Lock()
        self.main_screen = MainScreen()
        self._exit_after_first_frame = os.environ.get(EXIT_AFTER_FIRST_FRAME) == "1"

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

    def on_mount(self) -> None:
        for problem in self.theme_problems:
            self.notify(one_line(str(problem)), title="Theme problem", severity="warning", markup=False)

    # ------------------------------------------------------------ loading

    def start_loading(self) -> None:
        """Called once the main screen exists: show what we know, load the rest.

        The last summary of this folder (a small JSON file: a few ms to read)
        is shown at once, so the first frame already shows the briefing; the
        corpus then loads in a worker, started once that frame is drawn so
        that the two never compete, and corrects the summary if need be.
        """
        from briefing.cache.summary import load_summary

        cached = load_summary(self.content_dir) if self.content_dir.is_dir() else None
        if cached is not None:
            self._summary = cached
            self.main_screen.show_summary(cached)
            self._note_first_frame()
        # The cycle collector is off while the reader starts (see launch.py):
        # back on once this first frame is drawn.
        self.call_after_refresh(gc.enable)
        if cached is not None:
            self.call_after_refresh(self.load_content, cached)
        else:
            self.load_content(None)  # nothing to show until it is loaded

    @work(thread=True, exclusive=True, exit_on_error=False, group="load")
    def load_content(self, cached=None) -> None:
        from briefing.cache.reader_start import load_for_reader
        from briefing.cache.summary import save_summary, summarize
        from briefing.loader import ContentError

        try:
            corpus, engine = load_for_reader(self.content_dir)
        except ContentError as error:
            self.post_message(CorpusFailed(error.problems))
            return
        if engine is not None:
            self.search_engine = engine
        catalogued = catalogue(corpus)
        summary = summarize(catalogued)
        if summary != cached:
            save_summary(self.content_dir, summary)
        self.post_message(CorpusLoaded(catalogued, summary))

    def _note_first_frame(self) -> None:
        """The first frame that shows the briefing is on its way: the benchmark may stop here."""
        if self._exit_after_first_frame and not self._first_frame_noted:
            self._first_frame_noted = True
            self.call_after_refresh(self._first_frame_drawn)

    @on(CorpusLoaded)
    async def _corpus_loaded(self, message: CorpusLoaded) -> None:
        self.catalogue = message.catalogue
        self.corpus = message.catalogue.corpus
        await self.main_screen.show_catalogue(message.catalogue, message.summary, timeline_open=self.settings.timeline)
        if self._exit_after_first_frame:
            self._note_first_frame()
            return
        if self.corpus.problems:
            count = len(self.corpus.problems)
            self.notify(f"{count} file problem{'s' if count != 1 else ''}: press p to see them; "
                        "everything else loaded.", title="Content problems", severity="warning")
        self.build_search_index()

    def _first_frame_drawn(self) -> None:
        marker = os.environ.get(FIRST_FRAME_FILE)
        if marker:
            Path(marker).write_text(f"{time.time()!r}\n", encoding="utf-8")
        self.exit(0)

    @on(CorpusFailed)
    def _corpus_failed(self, message: CorpusFailed) -> None:
        self._load_problems = tuple(message.problems)
        self.main_screen.show_failure([str(p) for p in message.problems])
        if self._exit_after_first_frame:
            self.call_after_refresh(self.exit, 1)

    @work(thread=True, exclusive=True, exit_on_error=False, group="index")
    def build_search_index(self) -> None:
        try:
            self.get_search_engine()
        except SearchUnavailable:
            pass  # said when someone searches

    def get_search_engine(self):
        """The search engine, built on first use. Call from a worker thread only:
        indexing a large briefing takes a while, and two callers share one build."""
        with self._engine_lock:
            if self.search_engine is None:
                try:
                    from briefing.search import SearchEngine
                except ImportError:
                    raise SearchUnavailable(
                        "Search is not available: the briefing.search package is missing.") from None
                if self.corpus is None:
                    raise SearchUnavailable("The briefing is still loading.")
                self.search_engine = SearchEngine.from_corpus(self.corpus)
            return self.search_engine

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

        if self.use_command_palette and not Palette.is_open(self):
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
        from briefing.ui.screens.search import SearchScreen

        if self.corpus is None:
            self.notify("The briefing is still loading.", severity="warning")
            return
        if isinstance(self.screen, SearchScreen):
            return

        def opened(hit) -> None:
            if hit is not None:
                kind = getattr(hit, "kind", "")
                number = hit.item.number if kind == "quote" and hit.item is not None else None
                passage = hit.text if kind == "article" else ""
                self.main_screen.post_message(OpenArticle(hit.article_id, number, passage))

        self.push_screen(SearchScreen(), opened)

    def action_toggle_timeline(self) -> None:
        self.main_screen.action_toggle_timeline()

    def copy_citation(self, corpus: Corpus, quote: Quote) -> None:
        from briefing.ui.citation import quote_citation

        citation = quote_citation(corpus, quote)
        self.copy_to_clipboard(citation)
        saved = self._copy_fallback(citation)
        speaker = corpus.actor_name(quote.speaker)
        text = one_line(citation)
        shown = text if len(text) <= 90 else text[:89] + "…"
        self.notify(f"{shown}\nIf your terminal blocks OSC 52, it is also in {saved}",
                    title=f"Copied {speaker}'s quotation", markup=False)

    def _copy_fallback(self, text: str) -> Path:
        """Keep the last copy in a file, and hand it to a clipboard program if there is one."""
        path = cache_dir() / "last-copy.txt"
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text + "\n", encoding="utf-8")
        except OSError:
            pass
        if not self.is_headless:
            self._pipe_to_clipboard(text)
        return path

    @work(thread=True, exit_on_error=False, group="clipboard")
    def _pipe_to_clipboard(self, text: str) -> None:
        if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") or shutil.which("pbcopy")):
            return
        for command in CLIPBOARD_COMMANDS:
            if shutil.which(command[0]):
                try:
                    subprocess.run(command, input=text.encode("utf-8"), timeout=5, check=False,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                except (OSError, subprocess.SubprocessError):
                    continue
                return

    def export_brief(self, kind: str, key: str) -> None:
        from briefing.ui.screens.export import ExportScreen, ExportUnavailable, prepare_export

        if self.corpus is None:
            return
        try:
            prepared = prepare_export(self.corpus, kind, key)
        except ExportUnavailable as error:
            self.notify(str(error), title="Export", severity="warning", markup=False)
            return
        self.push_screen(ExportScreen(prepared))
