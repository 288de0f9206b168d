"""A monkey at the keyboard: 2,000 seeded random keys and clicks, nothing may raise.

Quitting is allowed but would end the run early, so the monkey's app counts
quit requests (q, the footer's Quit, the palette's Quit) instead of obeying
them; the browser and the working directory are stubbed so the monkey
cannot open tabs or litter the repository with exports.
"""

from __future__ import annotations

import asyncio
import random
import webbrowser

import pytest
from textual import events

from briefing.ui.app import BriefingApp

class StayingApp(BriefingApp):
    quits = 0

    async def action_quit(self) -> None:
        self.quits += 1


SEED = 20251126
ACTIONS = 2000
BURST = 8
CHARACTERS = {"space": " ", "colon": ":", "quotation_mark": '"', "minus": "-", "slash": "/", "question_mark": "?"}
KEYS = (
    # the reader's own keys
    "q", "slash", "a", "d", "s", "t", "e", "y", "o", "p", "question_mark", "escape", "ctrl+p",
    # moving around
    "enter", "tab", "shift+tab", "up", "down", "left", "right", "pageup", "pagedown", "home", "end",
    "space", "backspace",
    # typing into search boxes and dialogs
    "l", "v", "r", "u", "n", "i", "colon", "quotation_mark", "minus", "2", "0", "k", "x", "n",
)


@pytest.mark.slow
def test_two_thousand_random_keys_and_clicks_raise_nothing(content_dir, tmp_path, monkeypatch):
    monkeypatch.setattr(webbrowser, "open", lambda *args, **kwargs: True)
    monkeypatch.chdir(tmp_path)
    randomly = random.Random(SEED)
    width, height = 80, 24

    async def monkey() -> int:
        app = StayingApp(content_dir=content_dir, theme="dark")
        done = 0
        async with app.run_test(size=(width, height)) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()
            app.animation_level = "none"  # no scrolling animations to wait for between keys
            # Keys are posted like a fast typist's, in bursts, and the screen catches
            # up after each burst (Pilot.press idles ~50 ms per key: 2,000 would crawl).
            for done in range(1, ACTIONS + 1):
                if randomly.random() < 0.15:
                    # Pilot hands a click straight to the screen of the moment, ahead of the keys
                    # still queued (a real terminal's input arrives in order): let those land
                    # first, or a click can reach a dialog they have just closed, half taken down.
                    await pilot.pause()
                    await pilot.click(offset=(randomly.randrange(width), randomly.randrange(height)))
                else:
                    key = randomly.choice(KEYS)
                    app.post_message(events.Key(key, CHARACTERS.get(key, key if len(key) == 1 else None)))
                    if done % BURST:
                        continue
                    await pilot.pause()
                assert app.is_running, f"the app stopped after {done} actions"
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
        return done

    assert asyncio.run(monkey()) == ACTIONS
