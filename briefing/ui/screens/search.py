"""Search (/): results update as you type; Enter opens the article at the hit.

A keystroke starts a search in a thread worker at once, unless one is
already running: then the query waits, and when that search is done the
newest query runs (so a burst of typing runs two searches, not ten, and
no search waits on a timer; a search takes milliseconds even at 10,000
articles). The box opens at once, even before the engine exists: what is typed meanwhile
is kept, the status says the briefing is still loading, and the app's
SearchReady (or SearchFailed) message answers it. A malformed query's message
is shown under the box; nothing is raised.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from briefing.text import one_line
from briefing.ui import display
from briefing.ui.messages import SearchAnswered, SearchFailed, SearchReady, StateOpened
from briefing.ui.screens.dialog import Dialog
from briefing.ui.widgets.lists import Options

if TYPE_CHECKING:
    from briefing.search.engine import SearchEngine
    from briefing.state.store import ReadingState

LIMIT = 50
SNIPPET_CHARS = 240  # an article hit's paragraph is cut to this around its first match
KIND_STYLES = {"quote": "bold $background on $warning", "article": "bold $background on $primary",
               "event": "bold $background on $secondary"}
WAITING = Content.styled("The briefing is still loading: your search runs as soon as it is ready…", display.MUTED)
HINT = Content.styled('words · "a phrase" · actor:lavrov · topic:territory · kind:quote · since:2025-06 · '
                      "until:2025-11 — enter opens, escape closes", display.MUTED)


@dataclass
class SearchDone(Message):
    query: str
    hits: list
    error: str = ""


def snippet(text: str, spans, room: int = SNIPPET_CHARS) -> tuple[str, list[tuple[int, int]]]:
    """A window of a long text around its first match, the spans moved to fit."""
    spans = sorted(spans or ())
    if len(text) <= room:
        return text, list(spans)
    first = spans[0][0] if spans else 0
    start = max(0, min(first - room // 4, len(text) - room))
    while start > 0 and not text[start - 1].isspace() and first - start > 0:
        start -= 1  # begin on a word
    end = min(len(text), start + room)
    prefix = "…" if start else ""
    suffix = "…" if end < len(text) else ""
    shift = len(prefix) - start
    moved = [(max(s, start) + shift, min(e, end) + shift) for s, e in spans if e > start and s < end]
    return prefix + text[start:end] + suffix, moved


def hit_prompt(hit) -> Content:
    kind = getattr(hit, "kind", "article")
    head = [Content.styled(f" {kind.upper()} ", KIND_STYLES.get(kind, "reverse"))]
    if getattr(hit, "speaker_name", ""):
        head.append(display.line(hit.speaker_name, display.SPEAKER))
    if getattr(hit, "date", None) is not None:
        head.append(Content.styled(hit.date.human(), display.MUTED))
    first = Content.assemble(head[0], " ", display.join(head[1:]))
    text, spans = snippet(hit.text, getattr(hit, "spans", ()))
    body = display.with_spans(text, spans, display.MATCH)
    if kind == "quote":
        body = Content.assemble("“", body, "”")
    lines = [first, body]
    if kind != "article" and getattr(hit, "title", ""):
        lines.append(display.line(hit.title, display.MUTED + " italic"))
    return Content("\n").join(lines)


class SearchScreen(Dialog):
    BINDINGS = [
        Binding("escape", "close", "Close"),
        Binding("down", "results", "Results", show=False),
    ]

    def __init__(self, query: str = "", engine: SearchEngine | None = None, unavailable: str = "",
                 state: ReadingState | None = None) -> None:
        super().__init__()
        self.reading_state = state  # the reader's marks (None until opened): read here, never written
        self.initial_query = query
        self.engine = engine
        self.unavailable = unavailable  # why there will be no engine, once the app knows
        self.hits: list = []
        self.searching = False  # a search is running; the next waits for its answer

    def compose(self) -> ComposeResult:
        with Vertical(id="search-dialog", classes="dialog wide"):
            yield Input(self.initial_query, placeholder="Search quotations, articles and events…", id="search-input")
            yield Static(HINT if self.engine is not None or self.unavailable else WAITING, id="search-status")
            yield Options(id="search-results", compact=True)

    def on_mount(self) -> None:
        search_input = self.query_one(Input)
        if self.app.is_headless:  # snapshots must not catch the cursor mid-blink
            search_input.cursor_blink = False
        search_input.focus()
        if self.initial_query:
            self._search(self.initial_query)

    def on_key(self, event: events.Key) -> None:
        # The box consumes the letters typed into it, so a letter that gets
        # here was routed past it: typed in the results list, or typed in one
        # burst after `/` and routed to this screen before the box had focus
        # (handled now, maybe after it took focus). Each belongs in the query.
        if event.is_printable and event.character:
            event.stop()
            event.prevent_default()
            search_input = self.query_one(Input)
            search_input.focus()
            search_input.insert_text_at_cursor(event.character)

    @on(SearchReady)
    def _engine_ready(self, message: SearchReady) -> None:
        message.stop()
        self.engine = message.engine
        self._search(self.query_one(Input).value)  # typed while it loaded: answer now

    @on(StateOpened)
    def _state_opened(self, message: StateOpened) -> None:
        message.stop()
        self.reading_state = message.state

    @on(SearchFailed)
    def _engine_failed(self, message: SearchFailed) -> None:
        message.stop()
        self.unavailable = message.reason
        self._search(self.query_one(Input).value)

    def _search(self, query: str) -> None:
        if self.engine is not None:
            if not self.searching:  # else `_show` runs the newest query when this one is answered
                self.searching = True
                # The reader's marks as they are now, for is:unread, is:starred, has:note (read-only here).
                self.run_search(self.engine, query, self.reading_state)
        elif self.unavailable:
            self.post_message(SearchDone(query, [], error=self.unavailable))
        else:
            self.workers.cancel_group(self, "search")
            self.query_one("#search-status", Static).update(WAITING)

    def action_close(self) -> None:
        self.workers.cancel_group(self, "search")
        self.close(None)

    def action_results(self) -> None:
        results = self.query_one(OptionList)
        if results.option_count:
            self.set_focus(results)

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self._search(event.value)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.hits:
            results = self.query_one(OptionList)
            index = results.highlighted if results.highlighted is not None else 0
            self.close(self.hits[index])

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.close(self.hits[event.option_index])

    @work(thread=True, group="search", exit_on_error=False)
    def run_search(self, engine: SearchEngine, query: str, state: ReadingState | None = None) -> None:
        """Answers with SearchDone, always (`searching` waits for it), unless the box was closed."""
        worker = get_current_worker()
        if not query.strip():
            self.post_message(SearchDone(query, []))
            return
        from briefing.queries import QueryError  # here, not on the way to opening the box

        try:
            hits = list(engine.search(query, limit=LIMIT, state=state))
        except QueryError as error:
            self.post_message(SearchDone(query, [], error=str(error)))
            return
        except Exception as error:  # noqa: BLE001 - said under the box, never fatal
            self.post_message(SearchDone(query, [], error=f"The search failed: {one_line(str(error))}"))
            return
        if not worker.is_cancelled:
            self.post_message(SearchDone(query, hits))

    @on(SearchDone)
    def _show(self, message: SearchDone) -> None:
        self.searching = False
        if message.query != self.query_one(Input).value:
            self._search(self.query_one(Input).value)  # typed while it ran: the newest query now
            return
        status = self.query_one("#search-status", Static)
        results = self.query_one(OptionList)
        self.hits = message.hits
        options: list[Option | None] = []
        for hit in message.hits:
            options += [Option(hit_prompt(hit)), None]  # None: a rule between hits
        results.set_options(options[:-1])
        if message.error:
            status.update(Content.assemble(Content.styled("⚠ ", display.ERROR),
                                           display.line(message.error, "$text-error")))
        elif not message.query.strip():
            status.update(HINT)
        elif not message.hits:
            status.update(Content.styled("No matches. Fewer words, or a different spelling?", display.MUTED))
        else:
            more = " (the best 50)" if len(message.hits) >= LIMIT else ""
            status.update(Content.styled(f"{len(message.hits)} matches{more} · ↓ to the list · enter opens",
                                         display.MUTED))
        if message.hits:
            results.highlighted = 0
        if self.engine is not None and message.query.strip():
            self.call_after_refresh(self.post_message, SearchAnswered())  # once it is on screen
