"""The reader under `briefing serve` (Textual's `App.is_web`): copy, open and export go through the browser.

Pilot runs the app headless, so `is_web` is switched on here; the real thing,
in Chromium, is tests/e2e/test_serve.py.
"""

from __future__ import annotations

import asyncio
import webbrowser

import pytest
from pilot_helpers import make_app, settle

from briefing.browse import Focus
from briefing.export import topic_brief
from briefing.paths import cache_dir
from briefing.ui.app import BriefingApp
from briefing.ui.messages import ShowFocus


@pytest.fixture
def served(monkeypatch):
    monkeypatch.setattr(BriefingApp, "is_web", property(lambda self: True))


def test_y_copies_through_the_browser_and_leaves_nothing_on_the_server(served, content_dir):
    async def run():
        app, notes = make_app(content_dir)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            app.main_screen.post_message(ShowFocus(Focus("actor", "macron")))
            await settle(pilot)
            await pilot.press("y")
            await settle(pilot)
            assert "Emmanuel Macron" in app.clipboard  # what OSC 52 carried to xterm.js
            assert notes[-1][0] == "Copied Emmanuel Macron's quotation"
            assert "browser" in notes[-1][1] and "OSC 52" not in notes[-1][1]
            assert not (cache_dir() / "last-copy.txt").exists()

    asyncio.run(run())


def test_o_opens_a_new_tab_in_the_readers_browser_not_one_on_the_server(served, content_dir, corpus, monkeypatch):
    on_server: list[str] = []
    monkeypatch.setattr(webbrowser, "open", lambda url, *a, **k: on_server.append(url) or True)

    async def run():
        app, notes = make_app(content_dir)
        tabs: list[tuple[str, bool]] = []
        app.open_url = lambda url, new_tab=True: tabs.append((url, new_tab))  # type: ignore[method-assign]
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await pilot.press("tab", "o")  # the article list, newest first
            await settle(pilot)
            newest = corpus.articles[-1]
            assert tabs == [(newest.url, True)]
            assert notes[-1] == ("Opening in a new tab", newest.url)
        assert on_server == []

    asyncio.run(run())


def test_e_offers_the_brief_as_a_download_instead_of_writing_on_the_server(served, content_dir, corpus, tmp_path,
                                                                         monkeypatch):
    monkeypatch.chdir(tmp_path)

    async def run():
        app, notes = make_app(content_dir)
        delivered: list[tuple[bytes, dict]] = []
        app.deliver_binary = lambda file, **options: delivered.append((file.read(), options))  # type: ignore
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await pilot.press("s", "down", "e")
            await settle(pilot)
            assert app.screen is app.main_screen  # no dialog asking for a path on the server
            [(data, options)] = delivered
            assert data.decode("utf-8") == topic_brief(corpus, "territory")
            assert options["save_filename"] == "briefing-territory.md"
            assert options["mime_type"] == "text/markdown; charset=utf-8"
            assert notes[-1][0] == "Brief downloading: Territory"
        assert list(tmp_path.iterdir()) == []

    asyncio.run(run())
