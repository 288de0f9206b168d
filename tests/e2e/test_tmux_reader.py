"""End to end: the real `briefing` command in a real terminal (tmux).

Starts the reader on the bundled briefing in a private tmux server, types
a search, toggles the timeline, quits with q, and checks the exit status.
Skipped where tmux is missing.
"""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
TMUX = shutil.which("tmux")

pytestmark = [pytest.mark.tmux, pytest.mark.slow, pytest.mark.skipif(TMUX is None, reason="tmux is not installed")]


def briefing_command() -> list[str]:
    """The installed console script if there is one, else `python -m briefing` from this checkout."""
    script = shutil.which("briefing")
    return [script] if script else [sys.executable, "-m", "briefing"]


class Terminal:
    """A tmux server of our own (never the user's), one window, fixed size."""

    def __init__(self, width: int, height: int) -> None:
        self.socket = f"briefing-test-{uuid.uuid4().hex[:8]}"
        self.size = (width, height)

    def tmux(self, *args: str) -> str:
        # -f /dev/null: none of the user's tmux configuration.
        return subprocess.run([TMUX, "-L", self.socket, "-f", "/dev/null", *args],
                              capture_output=True, text=True, check=True).stdout

    def start(self, command: str) -> None:
        width, height = str(self.size[0]), str(self.size[1])
        # A detached server sizes new windows from default-size, whatever -x/-y say.
        self.tmux("start-server", ";", "set-option", "-g", "default-size", f"{width}x{height}", ";",
                  "new-session", "-d", "-x", width, "-y", height, command)

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p")

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", *keys)

    def wait_for(self, predicate, what: str, timeout: float = 30.0) -> str:
        deadline = time.monotonic() + timeout
        while True:
            text = self.screen()
            if predicate(text):
                return text
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {what}; the screen shows:\n{text}")
            time.sleep(0.1)

    def stop(self) -> None:
        subprocess.run([TMUX, "-L", self.socket, "kill-server"], capture_output=True)


def test_the_briefing_command_searches_toggles_the_timeline_and_quits_cleanly(tmp_path):
    status_file = tmp_path / "status"
    environment = {
        "XDG_CONFIG_HOME": str(tmp_path / "config"),  # never the user's settings
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "PYTHONPATH": str(REPO),
        "TERM": "xterm-256color",
        "BRIEFING_CONTENT": "",
    }
    exports = " ".join(f"{key}={shlex.quote(value)}" for key, value in environment.items())
    command = " ".join(shlex.quote(part) for part in briefing_command())
    shell = f"cd {shlex.quote(str(REPO))} && env {exports} {command}; echo $? > {shlex.quote(str(status_file))}"
    terminal = Terminal(120, 36)
    terminal.start(f"sh -c {shlex.quote(shell)}")
    try:
        terminal.wait_for(lambda s: "All articles" in s and "Timeline" in s, "the reader's first screen")
        terminal.keys("/")
        terminal.wait_for(lambda s: "Search quotations" in s, "the search box")
        terminal.keys("-l", "anchorage")
        found = terminal.wait_for(lambda s: "matches" in s, "search results")
        assert "anchorage" in found.lower()
        terminal.keys("Escape")
        terminal.wait_for(lambda s: "matches ·" not in s and "Latest" in s, "the search box to close")
        terminal.keys("t")
        terminal.wait_for(lambda s: "Timeline · All articles" in s, "the timeline to open")
        terminal.keys("t")
        terminal.wait_for(lambda s: "Timeline · All articles" not in s, "the timeline to close")
        terminal.keys("q")
        deadline = time.monotonic() + 20
        while not status_file.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert status_file.read_text().strip() == "0"
    finally:
        terminal.stop()


def test_a_search_typed_at_the_first_frame_is_answered(tmp_path):
    """`/paper guarantees` sent the moment anything is painted, before the corpus has loaded:
    the query lands in the search box (no key taken as a command) and its hit appears.
    Twice: without the cached summary (first frame "Loading…"), then with it."""
    environment = {
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "PYTHONPATH": str(REPO),
        "TERM": "xterm-256color",
        "BRIEFING_CONTENT": "",
    }
    exports = " ".join(f"{key}={shlex.quote(value)}" for key, value in environment.items())
    command = " ".join(shlex.quote(part) for part in briefing_command())
    for start in ("cold", "warm"):
        terminal = Terminal(80, 24)
        terminal.start(f"sh -c {shlex.quote(f'cd {shlex.quote(str(REPO))} && env {exports} {command}')}")
        try:
            terminal.wait_for(lambda s: "briefing" in s, f"the first frame ({start})", timeout=30)
            terminal.keys("/")
            terminal.keys("-l", "paper guarantees")
            found = terminal.wait_for(lambda s: "matches" in s or "No matches" in s, f"the answer ({start})")
            assert "paper guarantees" in found  # the query, in the box
            assert "Macron" in found and "not paper guarantees" in " ".join(found.split()), found
            for refusal in ("still loading", "Nothing to export", "Highlight a quotation", "Problems"):
                assert refusal not in found, found
        finally:
            terminal.stop()


def test_the_reader_keeps_marks_follows_its_folder_and_quits_at_once(tmp_path):
    """The real command: open an article (read), star it, a new article file appears on screen
    without a restart, and q still quits at once with the folder watcher running."""
    content = shutil.copytree(REPO / "content", tmp_path / "content")
    status_file = tmp_path / "status"
    environment = {
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "XDG_DATA_HOME": str(tmp_path / "data"),  # the reading state: never the user's
        "PYTHONPATH": str(REPO),
        "TERM": "xterm-256color",
        "BRIEFING_CONTENT": str(content),
    }
    exports = " ".join(f"{key}={shlex.quote(value)}" for key, value in environment.items())
    command = " ".join(shlex.quote(part) for part in briefing_command())
    shell = f"env {exports} {command}; echo $? > {shlex.quote(str(status_file))}"
    terminal = Terminal(120, 36)
    terminal.start(f"sh -c {shlex.quote(shell)}")
    try:
        terminal.wait_for(lambda s: "All articles 5" in s, "the reader's first screen")
        time.sleep(1)  # the corpus and the watcher are up
        terminal.keys("Tab", "Enter")
        terminal.wait_for(lambda s: "Quotations" in s, "the article")
        terminal.keys("*")
        terminal.wait_for(lambda s: "★ starred" in s, "the star")
        newest = content / "articles" / "2025-11-26-witkoff-to-moscow.md"
        text = newest.read_text(encoding="utf-8").replace("id: 2025-11-26-witkoff-to-moscow", "id: 2025-11-29-new", 1)
        # Written again every few seconds until seen: on a loaded machine the watcher may start after the
        # first write (it starts once the corpus is shown); each write is still "1 article added".
        added = content / "articles" / "2025-11-29-new.md"
        deadline = time.monotonic() + 30
        while True:
            added.write_text(text, encoding="utf-8")
            try:
                screen = terminal.wait_for(lambda s: "1 article added" in s, "the notice of the new article",
                                           timeout=4)
                break
            except AssertionError:
                if time.monotonic() > deadline:
                    raise
        assert "★ starred" in screen and "Quotations" in screen  # still in the article that was being read
        terminal.keys("Escape")  # back to the list (a narrow terminal shows only the article)
        time.sleep(0.5)  # an escape followed at once by q reads as alt+q
        terminal.wait_for(lambda s: "All articles 6" in s, "the new article listed", timeout=10)
        terminal.keys("q")
        deadline = time.monotonic() + 15
        while not status_file.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert status_file.read_text().strip() == "0"
    finally:
        terminal.stop()
    from briefing.state.store import ReadingState

    saved = ReadingState.open(content, str(tmp_path / "data" / "briefing" / "state.sqlite3"))
    assert saved.is_read("2025-11-26-witkoff-to-moscow") and saved.starred("2025-11-26-witkoff-to-moscow")
