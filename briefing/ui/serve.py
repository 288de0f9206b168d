"""`briefing serve`: the reader in a web browser, through textual-serve.

textual-serve runs a command per browser tab (here `python -m briefing
--content DIR`), so every tab is its own reader session on the same content
folder, and relays its screen to xterm.js in the page. There is no login:
anyone who can reach the port can read the briefing, so it binds to the
loopback address unless told `--public`. textual_serve (and aiohttp) are
imported only when the server starts: the reader's own start never pays
for them.
"""

from __future__ import annotations

import asyncio
import ipaddress
import os
import shlex
import sys
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:
    import argparse
    from pathlib import Path

LOOPBACK_NAMES = ("localhost", "localhost.", "ip6-localhost")


def is_loopback(host: str) -> bool:
    """Whether binding to `host` keeps the server on this machine."""
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a name that may resolve to anything: treated as public


def exposure_warning(host: str, port: int) -> str:
    return (f"briefing serve: {host}:{port} is not a loopback address: anyone who can reach it can read "
            "this briefing (there is no login)")


def session_command(content: Path, theme: str | None) -> str:
    """The shell command textual-serve runs for each browser tab (quoted: paths may hold spaces)."""
    words = [sys.executable, "-m", "briefing", f"--content={content}"]
    if theme:
        words.append(f"--theme={theme}")
    return shlex.join(words)


def run_serve(args: argparse.Namespace) -> int:
    from briefing.ui.launch import reader_setup

    if not is_loopback(args.host):
        print(exposure_warning(args.host, args.port), file=sys.stderr)
        if not args.public:
            print("briefing serve: refused; add --public to serve it there anyway", file=sys.stderr)
            return 2
    ready = reader_setup(args)
    if isinstance(ready, str):
        print(f"briefing: {ready}", file=sys.stderr)
        return 1
    root = ready[0].resolve()  # each tab's reader starts from textual-serve's folder, not ours
    server = _server_class()(session_command(root, args.theme), root=root, public=not is_loopback(args.host),
                             host=args.host, port=args.port, title="briefing")
    # Tried first, so that a port in use is said before textual-serve announces itself (and again
    # below, should another program take it in between).
    problem = listen_problem(args.host, args.port)
    if problem is None:
        try:
            server.serve()
        except OSError as error:
            problem = os.strerror(error.errno) if error.errno else str(error)
    if problem is not None:
        print(f"briefing serve: cannot listen on {args.host}:{args.port}: {problem}", file=sys.stderr)
        return 1
    # Stopped: the interpreter still joins the event loop's worker threads on its way out, and a
    # second Ctrl+C there (or the first one reaching us late) would print a threading traceback.
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    print("briefing serve: stopped", file=sys.stderr)
    return 0


def listen_problem(host: str, port: int) -> str | None:
    """Why the server could not listen on host:port (taken, not this machine's address), if it could not."""
    import socket

    try:
        addresses = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as error:
        return f"unknown address ({error.strerror})"
    for family, kind, protocol, _name, address in addresses:
        with socket.socket(family, kind, protocol) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as aiohttp binds
            try:
                probe.bind(address)
            except OSError as error:
                return os.strerror(error.errno) if error.errno else str(error)
    return None


def refusal(host: str, origin: str | None, public: bool) -> str | None:
    """Why a request with these Host and Origin headers is refused, if it is.

    A websocket is not bound by the same-origin rule: without the Origin check
    any web page the user visits could open a session and read the briefing.
    And a page whose name an attacker points at 127.0.0.1 (DNS rebinding) is
    of the same origin as itself: on the loopback address, the Host must be a
    loopback name too.
    """
    if not public and not is_loopback(urlsplit(f"//{host}").hostname or ""):
        return f"this server answers only to loopback names (localhost, 127.0.0.1), not {host!r}"
    if origin is not None and urlsplit(origin).netloc.lower() != host.lower():
        return "sessions open only from this server's own page"
    return None


def _server_class():
    from aiohttp import web
    from textual_serve.server import Server

    class BriefingServer(Server):
        """textual-serve's server, with the page's URLs taken from the request, and no session for
        another site's page (see `refusal`).

        textual-serve writes one address into the page for the websocket; a browser that reached us by
        another name ([::1], localhost, a public address) must be sent back to the name it used.
        """

        def __init__(self, command: str, *, root: Path, public: bool, **options) -> None:
            super().__init__(command, **options)
            self.root, self.public = root, public
            self.sessions: set[asyncio.Task] = set()  # the tasks serving an open tab

        def check(self, request: web.Request) -> None:
            refused = refusal(request.host, request.headers.get("Origin"), self.public)
            if refused:
                raise web.HTTPForbidden(text=f"briefing serve: {refused}\n")

        async def handle_index(self, request: web.Request):  # type: ignore[override]
            self.check(request)
            self.public_url = f"{request.scheme}://{request.host}"
            return await super().handle_index(request)

        async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
            self.check(request)
            task = asyncio.current_task()
            assert task is not None
            self.sessions.add(task)
            try:
                return await super().handle_websocket(request)
            finally:
                self.sessions.discard(task)

        async def on_shutdown(self, app: web.Application) -> None:
            # aiohttp would wait a minute for open websockets; textual-serve's handler, cancelled, tells
            # its reader to quit and waits for it, so Ctrl+C leaves no reader behind.
            for task in self.sessions:
                task.cancel()
            for _ in range(200):
                if not self.sessions:
                    break
                await asyncio.sleep(0.05)

        async def on_startup(self, app: web.Application) -> None:
            shown = f"[{self.host}]" if ":" in self.host else self.host
            print(f"briefing: serving {self.root} on http://{shown}:{self.port}/ "
                  "(every tab is its own reader; Ctrl+C stops)", flush=True)

    return BriefingServer
