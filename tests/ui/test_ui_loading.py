"""Pilot tests: the reader is usable from its first frame, while the corpus still loads.

The corpus load is held back (load_for_reader waits on an event) so that the
keys below are certainly typed before it arrives; releasing it lets the
load worker post the corpus and then the search engine.
"""

from __future__ import annotations

import asyncio
import webbrowser
from pathlib import Path

import pytest
from pilot_helpers import hold_corpus_loading, make_app, settle
from textual import events

REPO = Path(__file__).resolve().parents[2]
SMALL = (80, 24)
QUERY = "paper guarantees"


def burst(app, text: str) -> None:
    """Keys as a terminal delivers a fast typist's: all queued before the first is handled."""
    names = {"/": "slash", " ": "space"}
    for character in text:
        app._driver.send_message(events.Key(names.get(character, character), character))


async def typed(pilot, text: str, seconds: float = 10.0) -> None:
    """Wait until a burst of keys has been handled: the search box holds `text` (a loaded machine may
    take a while; a key lost or taken as a command never gets there, and the caller's checks fail)."""
    for _ in range(int(seconds / 0.05)):
        screen = pilot.app.screen
        if type(screen).__name__ == "SearchScreen" and screen.query_one("#search-input").value == text:
            return
        await pilot.pause(0.05)


def status_text(app) -> str:
    return str(app.screen.query_one("#search-status").render())


def test_a_search_typed_before_the_corpus_loads_is_kept_and_answered_when_it_arrives(content_dir, monkeypatch):
    async def run() -> None:
        release = hold_corpus_loading(monkeypatch)
        app, notes = make_app(content_dir)
        async with app.run_test(size=SMALL) as pilot:
            await pilot.pause()
            assert app.corpus is None
            burst(app, "/" + QUERY)
            await typed(pilot, QUERY)
            assert app.corpus is None and app.search_engine is None
            assert type(app.screen).__name__ == "SearchScreen"
            assert app.screen.query_one("#search-input").value == QUERY
            assert "still loading" in status_text(app)
            assert app.screen.hits == []
            assert not notes  # nothing refused, no key taken as a command
            release.set()
            await settle(pilot)
            await pilot.pause(0.2)
            assert app.search_engine is not None
            assert app.screen.query_one("#search-input").value == QUERY
            assert "matches" in status_text(app)
            assert QUERY in app.screen.hits[0].text.lower()
            await pilot.press("enter")  # and the hit opens, scrolled to it
            await settle(pilot)
            assert app.screen is app.main_screen and app.main_screen.detail_page == "reader"

    asyncio.run(run())


def test_the_same_search_typed_key_by_key_while_loading(content_dir, monkeypatch):
    async def run() -> None:
        release = hold_corpus_loading(monkeypatch)
        app, notes = make_app(content_dir)
        async with app.run_test(size=SMALL) as pilot:
            await pilot.pause()
            await pilot.press("slash", *"paper", "space", *"guarantees")
            assert app.screen.query_one("#search-input").value == QUERY
            assert "still loading" in status_text(app)
            release.set()
            await settle(pilot)
            await pilot.pause(0.2)
            assert QUERY in app.screen.hits[0].text.lower()
            assert not notes

    asyncio.run(run())


def test_letters_that_reached_the_search_screen_before_its_box_had_focus_still_go_in(content_dir, monkeypatch):
    """The race CI met: in a burst the letters after `/` are routed to the new screen while
    nothing has focus, and the screen may handle them only after its box took focus."""
    async def run() -> None:
        release = hold_corpus_loading(monkeypatch)
        app, notes = make_app(content_dir)
        async with app.run_test(size=SMALL) as pilot:
            await pilot.pause()
            await pilot.press("slash")
            search_input = app.screen.query_one("#search-input")
            assert app.screen.focused is search_input
            for character in "putin":  # routed to the screen, as the app forwards a key while nothing has focus
                app.screen._forward_event(events.Key(character, character))
            await pilot.pause()
            assert search_input.value == "putin"
            assert not notes
            release.set()
            await settle(pilot)

    asyncio.run(run())


def test_keys_that_need_the_corpus_do_nothing_else_while_it_loads(content_dir, monkeypatch):
    opened: list[str] = []
    monkeypatch.setattr(webbrowser, "open", lambda url, *a, **k: opened.append(url) or True)

    async def run() -> None:
        release = hold_corpus_loading(monkeypatch)
        app, notes = make_app(content_dir)
        async with app.run_test(size=SMALL) as pilot:
            await pilot.pause()
            await pilot.press("e", "y", "o", "p")
            burst(app, "eyop")
            await pilot.pause(0.2)
            assert app.corpus is None
            assert app.screen is app.main_screen  # no export dialog, no problems panel
            assert len(app.screen_stack) == 1
            assert not opened
            for title, message in notes:  # only "it will work in a moment", each said once
                assert title == "Loading" and "still loading" in message, (title, message)
            assert len(notes) == len(set(notes))
            assert app.clipboard == ""
            release.set()
            await settle(pilot)
            assert app.corpus is not None
            assert app.screen is app.main_screen and len(app.screen_stack) == 1
            assert not opened

    asyncio.run(run())


def test_escape_closes_a_search_box_that_is_still_waiting(content_dir, monkeypatch):
    async def run() -> None:
        release = hold_corpus_loading(monkeypatch)
        app, _ = make_app(content_dir)
        async with app.run_test(size=SMALL) as pilot:
            await pilot.pause()
            await pilot.press("slash", "p", "u", "t", "i", "n", "escape")
            assert app.screen is app.main_screen
            release.set()
            await settle(pilot)  # the engine arrives with no box open: kept for the next one
            assert app.search_engine is not None
            await pilot.press("slash", "p", "u", "t", "i", "n")
            await pilot.pause(0.3)
            assert "matches" in status_text(app)

    asyncio.run(run())


def engine_before_corpus(content: Path, monkeypatch, query: str, word: str) -> None:
    """A search typed at once is answered from the index engine while the corpus (held back) is not there."""
    async def run() -> None:
        release = hold_corpus_loading(monkeypatch, engine_too=False)
        app, notes = make_app(content)
        async with app.run_test(size=SMALL) as pilot:
            burst(app, "/" + query)
            for _ in range(50):  # the index engine arrives within a moment, the corpus does not
                await pilot.pause(0.1)
                if app.search_engine is not None:
                    break
            await pilot.pause(0.3)
            assert app.corpus is None
            assert app.search_engine is not None
            assert "matches" in status_text(app)
            assert app.screen.hits and word in app.screen.hits[0].text.lower()
            release.set()
            await settle(pilot)
            assert app.corpus is not None and "matches" in status_text(app)
            assert not notes

    asyncio.run(run())


def test_a_small_briefing_answers_a_search_from_its_index_before_the_corpus_is_parsed(content_dir, monkeypatch):
    """Five articles too: the index engine (built on this first start) answers before the corpus."""
    engine_before_corpus(content_dir, monkeypatch, QUERY, QUERY)


@pytest.mark.slow
def test_a_large_briefing_answers_a_search_from_its_index_before_the_corpus_is_decoded(tmp_path, monkeypatch):
    """Above the cache threshold too, warm; the corpus is then decoded from the same index."""
    import sys

    from briefing.cache.indexes import open_index
    from briefing.cache.reader_start import CACHE_FROM_ARTICLES

    sys.path.insert(0, str(REPO / "benchmarks"))
    import synth

    content = synth.generate(tmp_path / "large", CACHE_FROM_ARTICLES + 20, seed=5)
    open_index(content)  # warm, as after the first start
    engine_before_corpus(content, monkeypatch, "security guarantees", "security")


def test_a_burst_of_typing_runs_one_search_at_a_time_and_answers_the_newest_query(content_dir, monkeypatch):
    """No debounce timer: the first key searches at once, the rest wait for it, then the newest runs."""
    import threading
    import time

    from briefing.search.engine import SearchEngine

    asked: list[str] = []
    running = [0, 0]  # now, most at once
    lock = threading.Lock()
    real_search = SearchEngine.search

    def slow_search(self, query, *args, **kwargs):
        with lock:
            asked.append(query)
            running[0] += 1
            running[1] = max(running)
        time.sleep(0.3)  # long enough for the whole burst to arrive meanwhile
        try:
            return list(real_search(self, query, *args, **kwargs))
        finally:
            with lock:
                running[0] -= 1

    async def run() -> None:
        app, notes = make_app(content_dir)
        async with app.run_test(size=SMALL) as pilot:
            await settle(pilot)
            assert app.search_engine is not None
            monkeypatch.setattr(SearchEngine, "search", slow_search)
            burst(app, "/" + QUERY)
            for _ in range(40):
                await pilot.pause(0.1)
                if "matches" in status_text(app):
                    break
            assert running[1] == 1
            assert asked == [QUERY[0], QUERY]  # the first letter at once, then the whole query
            assert QUERY in app.screen.hits[0].text.lower()
            assert not notes

    asyncio.run(run())


def test_the_corpus_is_decoded_only_once_a_waiting_search_box_has_its_answer(content_dir, monkeypatch):
    """The engine comes first; while a box waits for it, decoding the corpus would share the CPU with
    the answer, so the load waits until the answer is shown."""
    import time

    from briefing.cache import reader_start

    release = hold_corpus_loading(monkeypatch)  # the engine too, until the query is in the box
    seen: list = []
    held_load = reader_start.load_for_reader

    def watched_load(path, early=None):
        screen = app.screen
        seen.append((type(screen).__name__, list(getattr(screen, "hits", ())), time.monotonic()))
        return held_load(path, early)

    monkeypatch.setattr(reader_start, "load_for_reader", watched_load)
    from briefing.search.engine import SearchEngine

    real_search = SearchEngine.search

    def slow_search(self, *args, **kwargs):
        time.sleep(0.2)  # an answer that takes a while: the load must still wait for it
        return list(real_search(self, *args, **kwargs))

    monkeypatch.setattr(SearchEngine, "search", slow_search)

    async def run() -> None:
        nonlocal app
        async with app.run_test(size=SMALL) as pilot:
            await pilot.pause()
            burst(app, "/" + QUERY)
            await typed(pilot, QUERY)
            started = time.monotonic()
            release.set()
            await settle(pilot)
            await pilot.pause(0.2)
            assert app.corpus is not None
            (screen_name, hits, when), = seen
            assert screen_name == "SearchScreen"
            assert hits and QUERY in hits[0].text.lower()  # answered before the corpus was asked for
            assert when - started < 0.9  # and not by the time-out (1 s)
            assert not notes

    app, notes = make_app(content_dir)
    asyncio.run(run())


def test_with_no_search_box_waiting_the_corpus_follows_the_engine_at_once(content_dir, monkeypatch):
    import time

    from briefing.cache import reader_start

    times: dict[str, float] = {}
    real_first, real_load = reader_start.search_first, reader_start.load_for_reader

    def timed_first(path):
        try:
            return real_first(path)
        finally:
            times["engine"] = time.monotonic()

    def timed_load(path, early=None):
        times["corpus"] = time.monotonic()
        return real_load(path, early)

    monkeypatch.setattr(reader_start, "search_first", timed_first)
    monkeypatch.setattr(reader_start, "load_for_reader", timed_load)

    async def run() -> None:
        app, notes = make_app(content_dir)
        async with app.run_test(size=SMALL) as pilot:
            await settle(pilot)
            assert app.corpus is not None and app.search_engine is not None
            assert times["corpus"] - times["engine"] < 0.5  # no wait for a search nobody typed
            assert not notes

    asyncio.run(run())


def test_with_a_cached_summary_the_load_starts_only_once_the_first_frame_is_displayed(content_dir, monkeypatch):
    """The summary's frame never shares the CPU with the load; the load starts at Textual's Ready."""
    from briefing.cache import reader_start

    displayed_then: list[bool] = []
    real_first = reader_start.search_first

    def noting_first(path):
        displayed_then.append(app._first_frame_displayed)
        return real_first(path)

    async def start(app) -> None:
        async with app.run_test(size=SMALL) as pilot:
            await settle(pilot)
            assert app.corpus is not None

    app, _ = make_app(content_dir)
    asyncio.run(start(app))  # this first start writes the summary the next one shows
    monkeypatch.setattr(reader_start, "search_first", noting_first)
    app, notes = make_app(content_dir)
    asyncio.run(start(app))
    assert app._summary is not None  # the second start showed the cached summary first
    assert displayed_then == [True]
    assert not notes
