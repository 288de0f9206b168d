"""What the Pilot tests share: an app whose notices are recorded, waiting for workers, holding the load back."""

from __future__ import annotations

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


def hold_corpus_loading(monkeypatch) -> threading.Event:
    """Make the reader's corpus load wait until the returned event is set."""
    from briefing.cache import reader_start

    release = threading.Event()
    real_load = reader_start.load_for_reader

    def held_load(path, early=None):
        release.wait(10)
        return real_load(path, early)

    monkeypatch.setattr(reader_start, "load_for_reader", held_load)
    return release
