"""SVG snapshots of the reader's main views at 80x24 and 120x40.

Deterministic by construction: the bundled briefing, the dark theme, an
isolated config (conftest), workers awaited before the picture, and no
cursor blink in headless runs. After a deliberate change to the look:

    .venv/bin/python -m pytest tests/snapshots/test_ui_snapshots.py --snapshot-update

and review the SVGs in tests/snapshots/__snapshots__/test_ui_snapshots/ (open them in
a browser). main_screen[120x40].svg is the README screenshot.
"""

from __future__ import annotations

import pytest

from briefing.paths import bundled_content
from briefing.ui.app import BriefingApp

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


def reader() -> BriefingApp:
    return BriefingApp(content_dir=bundled_content(), theme="dark")


def after(*keys: str):
    """A run_before that waits for the corpus, presses keys, and waits for every worker."""

    async def run(pilot) -> None:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        for key in keys:
            await pilot.press(key)
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    return run


def typed(text: str) -> list[str]:
    names = {" ": "space", ":": "colon", '"': "quotation_mark", "-": "minus"}
    return [names.get(char, char) for char in text]


@pytest.mark.parametrize("size", SIZES)
def test_main_screen(snap_compare, size):
    assert snap_compare(reader(), terminal_size=size, run_before=after())


@pytest.mark.slow
@pytest.mark.parametrize("size", SIZES)
def test_search_results(snap_compare, size):
    assert snap_compare(reader(), terminal_size=size, run_before=after("slash", *typed("security guarantees")))


@pytest.mark.slow
@pytest.mark.parametrize("size", SIZES)
def test_timeline_open(snap_compare, size):
    assert snap_compare(reader(), terminal_size=size, run_before=after("s", "down", "t"))


@pytest.mark.slow
@pytest.mark.parametrize("size", SIZES)
def test_timeline_closed_again(snap_compare, size):
    assert snap_compare(reader(), terminal_size=size, run_before=after("s", "down", "t", "t"))


@pytest.mark.slow
@pytest.mark.parametrize("size", SIZES)
def test_sticking_point_view(snap_compare, size):
    assert snap_compare(reader(), terminal_size=size, run_before=after("s", "down", "down", "down", "down"))


@pytest.mark.slow
@pytest.mark.parametrize("size", SIZES)
def test_actor_view(snap_compare, size):
    assert snap_compare(reader(), terminal_size=size, run_before=after("down", "down", "down", "down"))


@pytest.mark.slow
@pytest.mark.parametrize("size", SIZES)
def test_article_with_quotation(snap_compare, size):
    # The article list, the second article (New York Times, 25 Nov), then its third quotation.
    assert snap_compare(reader(), terminal_size=size,
                        run_before=after("tab", "down", "enter", "tab", "down", "down"))


@pytest.mark.slow
@pytest.mark.parametrize("size", SIZES)
def test_help_screen(snap_compare, size):
    assert snap_compare(reader(), terminal_size=size, run_before=after("question_mark"))


@pytest.mark.slow
def test_readme_screenshot(snap_compare):
    """The picture for the README: a sticking point chosen, a quotation found by search and
    highlighted in its article, the sticking point's timeline open below."""
    keys = ["s", "down", "slash", *typed('"stop where they are" kind:quote'), "enter", "t"]
    assert snap_compare(reader(), terminal_size=(140, 44), run_before=after(*keys))


@pytest.mark.parametrize("size", SIZES)
def test_unread_view_after_reading_one_article(snap_compare, size):
    # The newest article opened (so read: muted in the list), then the Unread view: one fewer.
    assert snap_compare(reader(), terminal_size=size, run_before=after("tab", "enter", "escape", "u"))


@pytest.mark.slow
def test_starred_view_with_a_starred_quotation(snap_compare):
    # The newest article's second quotation starred, then the Starred view: the quotation under its article.
    keys = ["tab", "enter", "tab", "down", "down", "asterisk", "escape", "r"]
    assert snap_compare(reader(), terminal_size=(120, 40), run_before=after(*keys))
