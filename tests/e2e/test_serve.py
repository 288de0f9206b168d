"""End to end: the real `briefing serve`, in a real browser (headless Chromium) and over its websocket.

The server runs on a free loopback port on a copy of the bundled briefing in a
folder whose name has spaces (each tab's command must quote it). The browser
tests read the page's text from xterm.js's buffer through the Chrome
DevTools Protocol (see cdp_browser.py) and save screenshots under pytest's
tmp dir (the paths are printed). The Ctrl+C test needs no browser.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import aiohttp
import pytest
from cdp_browser import CHROMIUM, Browser

from briefing.paths import bundled_content

pytestmark = pytest.mark.slow
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (apt-get install chromium)")


def briefing_command() -> list[str]:
    """The installed console script if there is one, else `python -m briefing` from this checkout."""
    script = shutil.which("briefing", path=str(Path(sys.executable).parent)) or shutil.which("briefing")
    return [script] if script else [sys.executable, "-m", "briefing"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Served:
    """`briefing serve` in its own process group, as a shell would start it (Ctrl+C reaches the group)."""

    def __init__(self, tmp_path: Path) -> None:
        self.content = tmp_path / "my briefing folder"
        shutil.copytree(bundled_content(), self.content)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        environment = dict(os.environ, XDG_CONFIG_HOME=str(tmp_path / "config"),
                           XDG_CACHE_HOME=str(tmp_path / "cache"), XDG_DATA_HOME=str(tmp_path / "data"))
        self.output = tmp_path / "serve.out"
        with self.output.open("wb") as output:
            self.process = subprocess.Popen([*briefing_command(), "serve", "--content", str(self.content),
                                             "--port", str(self.port)],
                                            stdout=output, stderr=subprocess.STDOUT, env=environment,
                                            start_new_session=True)
        deadline = time.monotonic() + 30
        while f":{self.port}/" not in self.text():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise AssertionError(f"briefing serve did not start:\n{self.text()}")
            time.sleep(0.1)

    def text(self) -> str:
        return self.output.read_text(errors="replace")

    def sessions(self) -> list[int]:
        """The reader processes serving tabs (children of the shells textual-serve starts)."""
        found = subprocess.run(["ps", "-o", "pid=,args=", "--sid", str(self.process.pid)], check=False,
                               capture_output=True, text=True).stdout
        return [int(line.split()[0]) for line in found.splitlines() if "-m briefing --content=" in line
                and "/bin/sh" not in line]

    def interrupt(self) -> int:
        """Ctrl+C: SIGINT to the whole process group; the exit status."""
        os.killpg(self.process.pid, signal.SIGINT)
        return self.process.wait(30)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


@pytest.fixture
def served(tmp_path):
    server = Served(tmp_path)
    yield server
    server.stop()


def assert_clean_exit(server: Served, status: int) -> None:
    assert status in (0, 130), server.text()
    assert "Traceback" not in server.text(), server.text()
    # A reader told to quit may still be closing when the server has gone (its own exit takes a
    # moment on a loaded machine); it must be gone soon after, never left behind.
    deadline = time.monotonic() + 10
    while server.sessions() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert server.sessions() == []


def test_serve_refuses_other_sites_runs_a_session_and_stops_cleanly_on_ctrl_c(served):
    async def session() -> int:
        async with aiohttp.ClientSession() as client:
            page = await client.get(served.url)
            assert page.status == 200 and f"ws://127.0.0.1:{served.port}/ws" in await page.text()
            # A page elsewhere may not open a session, nor may a name pointed at 127.0.0.1 (DNS rebinding).
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await client.ws_connect(f"{served.url}ws", headers={"Origin": "http://evil.example"})
            assert refused.value.status == 403
            rebound = await client.get(served.url, headers={"Host": f"evil.example:{served.port}"})
            assert rebound.status == 403
            socket_ = await client.ws_connect(f"{served.url}ws?width=100&height=30")
            screen = b""
            deadline = time.monotonic() + 30
            while b"All articles" not in screen and time.monotonic() < deadline:
                message = await socket_.receive(timeout=30)
                if message.type == aiohttp.WSMsgType.BINARY:
                    screen += message.data
            assert b"All articles" in screen  # the reader drew its first screen into the websocket
            assert len(served.sessions()) == 1
            return served.interrupt()

    assert_clean_exit(served, asyncio.run(session()))
    assert "stopped" in served.text()


def screen_has(*words: str):
    return lambda text: all(word in text for word in words)


@pytest.mark.browser
@needs_chromium
def test_in_chromium_a_search_finds_its_hit_and_a_second_tab_is_its_own_session(served, tmp_path):
    async def browse() -> int:
        browser = Browser(tmp_path / "profile", tmp_path / "downloads")
        await browser.start()
        try:
            first = await browser.tab(served.url)
            await first.wait_for(screen_has("All articles", "Russia–Ukraine peace talks, 2025"), "the reader")
            await first.focus()
            await first.type("/paper guarantees")
            await first.wait_for(screen_has("6 matches", "QUOTE  Emmanuel Macron"), "the search's hits")
            await asyncio.sleep(0.5)  # xterm.js paints the canvas after its buffer
            shot = await first.screenshot(tmp_path / "serve-search.png")
            print(f"screenshot: {shot}")

            second = await browser.tab(served.url)
            await second.wait_for(screen_has("All articles"), "the second tab's reader")
            await second.focus()
            await second.type("s")
            after = await second.wait_for(screen_has("Sticking points", "Territory 4"), "the second tab's topics")
            assert "paper guarantees" not in after  # no search box here: it is the first tab's
            assert len(served.sessions()) == 2
            assert "6 matches" in (await first.screen() or "")  # and the first tab still has its own
            await browser.browser.send("Target.closeTarget", targetId=second.target)
            deadline = time.monotonic() + 20
            while len(served.sessions()) != 1 and time.monotonic() < deadline:
                await asyncio.sleep(0.1)
            assert len(served.sessions()) == 1  # a closed tab's reader quits
        finally:
            await browser.stop()
        return served.interrupt()

    assert_clean_exit(served, asyncio.run(browse()))


@pytest.mark.browser
@needs_chromium
def test_in_chromium_copy_open_and_export_go_through_the_browser(served, tmp_path):
    downloads = tmp_path / "downloads"

    async def browse() -> None:
        browser = Browser(tmp_path / "profile", downloads)
        await browser.start()
        try:
            tab = await browser.tab(served.url)
            await tab.wait_for(screen_has("All articles"), "the reader")
            await browser.browser.send("Browser.grantPermissions", origin=served.url.rstrip("/"),
                                       permissions=["clipboardReadWrite", "clipboardSanitizedWrite"])
            await tab.focus()
            # e: the Territory brief arrives in the browser's downloads, not on the server.
            await tab.type("s")
            await tab.wait_for(screen_has("Territory 4"), "the sticking points")
            await tab.press("ArrowDown", 40)
            await tab.wait_for(screen_has("›  Territory"), "Territory chosen")
            await tab.type("e")
            brief = downloads / "briefing-territory.md"
            deadline = time.monotonic() + 20
            while not brief.exists() and time.monotonic() < deadline:  # Chromium renames it when complete
                await asyncio.sleep(0.1)
            assert brief.exists(), sorted(downloads.iterdir()) if downloads.exists() else "no downloads"
            assert brief.read_text(encoding="utf-8").startswith("---") and "Territory" in brief.read_text("utf-8")
            assert not (served.content / "briefing-territory.md").exists()

            # y: the quotation a search opened is on the browser's clipboard.
            await tab.type("/paper guarantees")
            await tab.wait_for(screen_has("6 matches"), "the search's hits")
            await tab.press("Enter", 13)
            await tab.wait_for(screen_has("›  Russia Strikes Ukraine"), "the hit's article")
            await tab.type("y")
            await tab.wait_for(screen_has("Copied Emmanuel Macron's quotation"), "the copy notice")
            clipboard = await tab.evaluate("navigator.clipboard.readText()")
            assert clipboard.startswith("“But the absolute condition") and "Emmanuel Macron" in clipboard

            # o: the article's URL opens in a new tab of this browser.
            await tab.press("Escape", 27)
            await tab.type('/"what exactly is going on"')
            await tab.wait_for(screen_has("1 match"), "the article's hit")
            await tab.press("Enter", 13)
            await tab.wait_for(screen_has("›  Witkoff To Moscow"), "the article")
            await tab.type("o")
            url = "https://www.rferl.org/a/russia-ukraine-witkoff-dmitriev-peace-ushakov/33606177.html"
            deadline = time.monotonic() + 20
            while url not in [target["url"] for target in await browser.targets()] and time.monotonic() < deadline:
                await asyncio.sleep(0.1)
            assert url in [target["url"] for target in await browser.targets()]
        finally:
            await browser.stop()

    asyncio.run(browse())


@pytest.mark.slow
def test_a_second_ctrl_c_while_serve_stops_prints_no_traceback(served):
    """People press Ctrl+C twice: once the server has stopped, the second must not interrupt its exit."""
    os.killpg(served.process.pid, signal.SIGINT)
    deadline = time.monotonic() + 30
    while "briefing serve: stopped" not in served.text() and time.monotonic() < deadline:
        time.sleep(0.01)
    if served.process.poll() is None:
        os.killpg(served.process.pid, signal.SIGINT)
    assert_clean_exit(served, served.process.wait(30))
