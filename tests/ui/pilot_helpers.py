"""What the Pilot tests share: an app whose notices are recorded, waiting for workers, holding the load back,
running an async test, and the screen as text."""

from __future__ import annotations

import asyncio
import functools
import threading
from pathlib import Path

from briefing.ui.app import BriefingApp


def make_app(content_dir: Path, theme: str = "dark") -> tuple[BriefingApp, list[tuple[str, str]]]:
    """An app whose notifications are recorded as (title, message)."""
    app = BriefingApp(content_dir=content_dir, theme=theme)
    notes: list[tuple[str, str]] = []
    original = app.notify

    def recording(message, *, title="", **kwargs):
        notes.append((title, str(message)))
        return original(message, title=title, **kwargs)

    app.notify = recording  # type: ignore[method-assign]
    return app, notes


async def settle(pilot) -> None:
    """Let every worker finish and the screen catch up."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def hold_corpus_loading(monkeypatch, engine_too: bool = True) -> threading.Event:
    """Make the reader's loading wait until the returned event is set: its search engine from the
    index (unless not `engine_too`) and its corpus."""
    from briefing.cache import reader_start

    release = threading.Event()
    real_search_first, real_load = reader_start.search_first, reader_start.load_for_reader

    def held_search_first(path):
        release.wait(10)
        return real_search_first(path)

    def held_load(path, early=None):
        release.wait(10)
        return real_load(path, early)

    if engine_too:
        monkeypatch.setattr(reader_start, "search_first", held_search_first)
    monkeypatch.setattr(reader_start, "load_for_reader", held_load)
    return release


def asynctest(test):
    """Run an async test on a fresh event loop (the project has no asyncio plugin)."""

    @functools.wraps(test)
    def run(*args, **kwargs):
        asyncio.run(test(*args, **kwargs))

    return run


def screen_text(app) -> str:
    """What the terminal would show, as plain text."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())
