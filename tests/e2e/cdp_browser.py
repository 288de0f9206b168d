"""Headless Chromium driven over the Chrome DevTools Protocol, for the `briefing serve` tests.

The page draws the reader with xterm.js on a canvas, so its text is read from
xterm's own buffer: the Terminal objects are found by their prototype
(Runtime.queryObjects), with no change to the page. The websocket client is
aiohttp's, which textual-serve already brings.
"""

from __future__ import annotations

import asyncio
import base64
import itertools
import json
import shutil
import subprocess
import time
from pathlib import Path

import aiohttp

CHROMIUM = next((found for name in ("chromium", "chromium-browser", "google-chrome")
                 if (found := shutil.which(name))), None)

# As root, on a machine whose network is closed: no sandbox, no GPU, nothing that phones home.
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--remote-debugging-port=0", "--window-size=1280,800", "--force-device-scale-factor=1"]

# Finds xterm's public Terminal class among the page's functions (it has loadAddon and a buffer).
FIND_TERMINAL_CLASS = """function () {
    return this.find(f => { try { const p = f.prototype;
        return p && typeof p.loadAddon === 'function' && typeof p.write === 'function'
            && Object.getOwnPropertyDescriptor(p, 'buffer') !== undefined; } catch (e) { return false; } }
    ).prototype;
}"""
READ_SCREEN = """function () {
    const terminal = this[0]; if (!terminal) return null;
    const buffer = terminal.buffer.active, rows = [];
    for (let y = 0; y < terminal.rows; y++) {
        const line = buffer.getLine(buffer.viewportY + y);
        rows.push(line ? line.translateToString(true) : '');
    }
    return rows.join('\\n');
}"""


class Browser:
    """One Chromium process with a fresh profile; `tab()` opens a page and talks to it."""

    def __init__(self, profile: Path, downloads: Path) -> None:
        self.profile, self.downloads = profile, downloads
        self.process: subprocess.Popen | None = None
        self.session: aiohttp.ClientSession | None = None
        self.port = 0
        self.log = profile.parent / "chromium.log"

    def _launch(self) -> subprocess.Popen:
        assert CHROMIUM is not None
        self.profile.mkdir(parents=True, exist_ok=True)
        with self.log.open("wb") as log:
            return subprocess.Popen([CHROMIUM, *FLAGS, f"--user-data-dir={self.profile}", "about:blank"],
                                    stdout=log, stderr=subprocess.STDOUT)

    async def start(self) -> None:
        self.process = self._launch()
        active_port = self.profile / "DevToolsActivePort"
        deadline = time.monotonic() + 60
        while not (active_port.exists() and active_port.read_text().strip()):
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"Chromium did not start; its output:\n{self.log.read_text(errors='replace')}")
            await asyncio.sleep(0.1)
        self.port = int(active_port.read_text().split()[0])
        self.session = aiohttp.ClientSession()
        self.browser = await self._connect(f"ws://127.0.0.1:{self.port}"
                                           + active_port.read_text().split()[1])
        await self.browser.send("Browser.setDownloadBehavior", behavior="allow", downloadPath=str(self.downloads),
                                eventsEnabled=True)
        await self.browser.send("Target.setDiscoverTargets", discover=True)

    async def _connect(self, url: str) -> Connection:
        assert self.session is not None
        socket = await self.session.ws_connect(url, max_msg_size=0)
        return Connection(socket)

    async def tab(self, url: str) -> Tab:
        created = await self.browser.send("Target.createTarget", url="about:blank")
        target = created["targetId"]
        tab = Tab(await self._connect(f"ws://127.0.0.1:{self.port}/devtools/page/{target}"), target)
        await tab.connection.send("Page.enable")
        await tab.connection.send("Runtime.enable")
        await tab.connection.send("Page.navigate", url=url)
        return tab

    async def targets(self) -> list[dict]:
        return (await self.browser.send("Target.getTargets"))["targetInfos"]

    async def stop(self) -> None:
        if self.session is not None:
            await self.session.close()
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


class Connection:
    """One CDP websocket: numbered commands and their answers; events are kept."""

    def __init__(self, socket: aiohttp.ClientWebSocketResponse) -> None:
        self.socket = socket
        self.numbers = itertools.count(1)
        self.waiting: dict[int, asyncio.Future] = {}
        self.events: list[dict] = []
        self.reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        async for message in self.socket:
            if message.type != aiohttp.WSMsgType.TEXT:
                continue
            data = json.loads(message.data)
            if "id" in data and data["id"] in self.waiting:
                self.waiting.pop(data["id"]).set_result(data)
            elif "method" in data:
                self.events.append(data)

    async def send(self, method: str, **params) -> dict:
        number = next(self.numbers)
        answer = self.waiting[number] = asyncio.get_running_loop().create_future()
        await self.socket.send_str(json.dumps({"id": number, "method": method, "params": params}))
        data = await asyncio.wait_for(answer, 30)
        if "error" in data:
            raise RuntimeError(f"{method}: {data['error']}")
        return data.get("result", {})


class Tab:
    def __init__(self, connection: Connection, target: str) -> None:
        self.connection, self.target = connection, target

    async def evaluate(self, expression: str):
        result = await self.connection.send("Runtime.evaluate", expression=expression, returnByValue=True,
                                            awaitPromise=True)
        return result["result"].get("value")

    async def screen(self) -> str | None:
        """The text xterm.js shows, row by row (None before the terminal exists)."""
        send = self.connection.send
        functions = await send("Runtime.evaluate", expression="Function.prototype")
        found = await send("Runtime.queryObjects", prototypeObjectId=functions["result"]["objectId"])
        prototype = await send("Runtime.callFunctionOn", objectId=found["objects"]["objectId"],
                               functionDeclaration=FIND_TERMINAL_CLASS)
        if "objectId" not in prototype["result"]:
            return None
        terminals = await send("Runtime.queryObjects", prototypeObjectId=prototype["result"]["objectId"])
        text = await send("Runtime.callFunctionOn", objectId=terminals["objects"]["objectId"],
                          functionDeclaration=READ_SCREEN, returnByValue=True)
        return text["result"].get("value")

    async def wait_for(self, predicate, what: str, timeout: float = 60.0) -> str:
        deadline = time.monotonic() + timeout
        text = None
        while True:
            text = await self.screen()
            if text is not None and predicate(text):
                return text
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {what}; the page shows:\n{text}")
            await asyncio.sleep(0.2)

    async def focus(self) -> None:
        await self.connection.send("Page.bringToFront")
        await self.evaluate("document.querySelector('.xterm-helper-textarea').focus()")

    async def type(self, text: str) -> None:
        """Key presses, as a person types them (keydown with text, so xterm sees each character)."""
        for character in text:
            await self.connection.send("Input.dispatchKeyEvent", type="keyDown", key=character, text=character,
                                       unmodifiedText=character)
            await self.connection.send("Input.dispatchKeyEvent", type="keyUp", key=character)

    async def press(self, key: str, code: int) -> None:
        """A named key (Enter, Escape, ArrowDown) with its Windows key code, which xterm reads."""
        text = {"Enter": "\r"}.get(key)
        await self.connection.send("Input.dispatchKeyEvent", type="keyDown", key=key, code=key,
                                   windowsVirtualKeyCode=code, **({"text": text} if text else {}))
        await self.connection.send("Input.dispatchKeyEvent", type="keyUp", key=key, code=key,
                                   windowsVirtualKeyCode=code)

    async def screenshot(self, path: Path) -> Path:
        shot = await self.connection.send("Page.captureScreenshot", format="png")
        path.write_bytes(base64.b64decode(shot["data"]))
        return path
