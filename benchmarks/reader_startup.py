"""Reader start-up: time to the first full frame, against a bare Textual app.

    python benchmarks/reader_startup.py [--articles 10000] [--runs 7]

Each program runs in a real terminal (a private tmux server, 120x40). A
small timer process inside the terminal notes the wall-clock time, starts
the program, and waits for it; the program writes the wall-clock time of
its first full frame to a file (BRIEFING_FIRST_FRAME_FILE) and exits: the
bare app after its first refresh, the reader (with
BRIEFING_EXIT_AFTER_FIRST_FRAME=1) after the first refresh that shows the
loaded corpus. The figure is spawn → frame: neither tmux's latency nor the
app's teardown is counted. Runs are interleaved (bare, reader, bare, reader…) after
one untimed warm-up each, which also warms the search index cache the
reader starts from. Figures are median(reader) / median(bare):

  reader_first_frame_ratio_bundled   the bundled briefing (target <= 1.5)
  reader_first_frame_ratio_10k       a synthetic 10,000-article briefing, index warm (target <= 2.5)

and the time from launch until a search typed at the first frame is
answered on screen: the installed `briefing` runs in the terminal (no exit
hook); as soon as a capture of the pane shows anything, `/paper guarantees`
is sent, and the clock stops when the pane shows the answer ("N matches" or
"No matches"; for the bundled briefing, the head of Macron's "paper guarantees" hit).
Launch is the wall-clock time the shell in the terminal notes just before it
execs the reader, so tmux's own start is not counted; capture polling adds
a few milliseconds. Against the same bare app's first frame:

  reader_search_answered_ratio_bundled   the bundled briefing (target <= 1.5)
  reader_search_answered_ratio_10k       10,000 articles, index warm (target <= 2.5)

benchmarks/run.py calls figures(); run alone, this prints them as
`name: value unit` and the medians as notes on stderr.
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SIZE = (120, 40)
RUNS = 7

BARE_APP = """\
import os
import time

from textual.app import App


class Bare(App):
    def on_mount(self) -> None:
        self.call_after_refresh(self.drawn)

    def drawn(self) -> None:
        with open(os.environ["BRIEFING_FIRST_FRAME_FILE"], "w") as handle:
            handle.write(repr(time.time()))
        self.exit()


Bare().run()
"""

# Runs inside the terminal: spawns the program, waits for it, and reports
# the time from spawn to the first frame the program noted.
TIMER = """\
import os, subprocess, sys, time
out, command = sys.argv[1], sys.argv[2:]
frame = out + ".frame"
if os.path.exists(frame):
    os.unlink(frame)
os.environ["BRIEFING_FIRST_FRAME_FILE"] = frame
started = time.time()
status = subprocess.call(command)
try:
    with open(frame) as handle:
        elapsed = float(handle.read()) - started
except (OSError, ValueError):
    elapsed, status = -1.0, status or 99
with open(out, "w") as handle:
    handle.write(f"{elapsed} {status}\\n")
"""


def note(message: str) -> None:
    print(f"# {message}", file=sys.stderr, flush=True)


class Terminal:
    """A private tmux server (never the user's) that runs one command at a time."""

    def __init__(self, environment: dict[str, str]) -> None:
        self.tmux = shutil.which("tmux")
        if self.tmux is None:
            raise RuntimeError("tmux is not installed")
        self.socket = f"briefing-bench-{uuid.uuid4().hex[:8]}"
        self.environment = environment
        width, height = SIZE
        # An idle session keeps the server up between runs; windows open at this size.
        self._tmux("start-server", ";", "set-option", "-g", "default-size", f"{width}x{height}", ";",
                   "new-session", "-d", "-s", "keeper", "sleep 86400")

    def _tmux(self, *args: str) -> str:
        result = subprocess.run([self.tmux, "-L", self.socket, "-f", "/dev/null", *args],
                                capture_output=True, text=True)
        if result.returncode:
            raise RuntimeError(f"tmux {' '.join(args[:2])}: {result.stderr.strip()}")
        return result.stdout

    def run(self, out: Path, command: list[str], timeout: float = 120.0) -> float:
        """Seconds from spawn to exit of `command`, run full-screen in the terminal."""
        out.unlink(missing_ok=True)
        exports = " ".join(f"{key}={shlex.quote(value)}" for key, value in self.environment.items())
        inner = " ".join(shlex.quote(part) for part in command)
        shell = f"cd {shlex.quote(str(REPO))} && env {exports} {inner}"
        width, height = SIZE
        self._tmux("new-session", "-d", "-x", str(width), "-y", str(height), f"sh -c {shlex.quote(shell)}")
        deadline = time.monotonic() + timeout
        while not out.exists() or not out.read_text().strip():
            if time.monotonic() > deadline:
                screen = self._tmux("capture-pane", "-p", "-t", "!")  # the last session started
                self.stop()
                raise RuntimeError(f"no exit after {timeout:.0f} s: {inner}\n{screen}")
            time.sleep(0.02)
        elapsed, status = out.read_text().split()
        if status != "0":
            raise RuntimeError(f"exit status {status}: {inner}")
        return float(elapsed)

    def stop(self) -> None:
        subprocess.run([self.tmux, "-L", self.socket, "kill-server"], capture_output=True)


SEARCH = "paper guarantees"
BUNDLED_HIT = "QUOTE  Emmanuel Macron"  # the hit's first line: "…and not paper guarantees"


def _answered(screen: str, hit: str | None) -> bool:
    if hit is not None:
        return hit in screen
    return "matches ·" in screen or "No matches" in screen or "matches (the best" in screen


def search_answered(terminal: Terminal, work: Path, command: list[str], hit: str | None,
                    timeout: float = 60.0) -> tuple[float, float]:
    """(first paint, search answered): seconds from the reader's exec, typed at the first paint."""
    started = work / "started"
    started.unlink(missing_ok=True)
    environment = {key: value for key, value in terminal.environment.items()
                   if key not in ("BRIEFING_EXIT_AFTER_FIRST_FRAME", "BRIEFING_FIRST_FRAME_FILE")}
    exports = " ".join(f"{key}={shlex.quote(value)}" for key, value in environment.items())
    inner = " ".join(shlex.quote(part) for part in command)
    shell = (f"cd {shlex.quote(str(REPO))} && date +%s.%N > {shlex.quote(str(started))} "
             f"&& exec env {exports} {inner}")
    width, height = SIZE
    name = f"search-{uuid.uuid4().hex[:6]}"
    terminal._tmux("new-session", "-d", "-s", name, "-x", str(width), "-y", str(height),
                   f"sh -c {shlex.quote(shell)}")
    try:
        deadline = time.monotonic() + timeout
        painted = None
        while True:
            screen = terminal._tmux("capture-pane", "-p", "-t", name)
            now = time.time()
            if painted is None and screen.strip():
                painted = now
                terminal._tmux("send-keys", "-t", name, "/")
                terminal._tmux("send-keys", "-t", name, "-l", SEARCH)
            elif painted is not None and _answered(screen, hit):
                break
            if time.monotonic() > deadline:
                raise RuntimeError(f"no answer to the search after {timeout:.0f} s: {inner}\n{screen}")
            time.sleep(0.005)
        launched = float(started.read_text())
        return painted - launched, now - launched
    finally:
        terminal._tmux("kill-session", "-t", name)


def _measure(terminal: Terminal, work: Path, commands: dict[str, list[str]], runs: int) -> dict[str, list[float]]:
    timer = work / "timer.py"
    times: dict[str, list[float]] = {name: [] for name in commands}
    for name, command in commands.items():  # warm-up: bytecode, page cache, the search index cache
        terminal.run(work / "out", [sys.executable, str(timer), str(work / "out"), *command])
    for _ in range(runs):
        for name, command in commands.items():
            times[name].append(terminal.run(work / "out", [sys.executable, str(timer), str(work / "out"), *command]))
    return times


def installed_briefing() -> list[str]:
    """The installed console script, as a user runs it; else this checkout's module."""
    script = shutil.which("briefing")
    return [script] if script else [sys.executable, "-m", "briefing"]


def figures(content_dir_10k: Path, runs: int = RUNS) -> dict[str, tuple[float, str]]:
    """Start-up ratios against a bare Textual app, measured side by side in one run."""
    with tempfile.TemporaryDirectory(prefix="briefing-startup-") as folder:
        work = Path(folder)
        (work / "timer.py").write_text(TIMER)
        (work / "bare.py").write_text(BARE_APP)
        environment = {
            "PYTHONPATH": str(REPO),
            "TERM": os.environ.get("TERM", "xterm-256color") or "xterm-256color",
            "XDG_CONFIG_HOME": str(work / "config"),  # default theme, timeline closed: the same every run
            "PYTHONPYCACHEPREFIX": str(work / "pycache"),  # compiled once, like an installed package…
            "PYTHONDONTWRITEBYTECODE": "",  # …which needs writing allowed (empty means unset)
            "BRIEFING_EXIT_AFTER_FIRST_FRAME": "1",
            "BRIEFING_CONTENT": "",
        }
        if os.environ.get("XDG_CACHE_HOME"):
            environment["XDG_CACHE_HOME"] = os.environ["XDG_CACHE_HOME"]
        reader = [sys.executable, "-m", "briefing", "--content"]
        commands = {
            "bare": [sys.executable, str(work / "bare.py")],
            "bundled": [*reader, str(REPO / "content")],
            "10k": [*reader, str(content_dir_10k)],
        }
        searches = {"bundled": ([*installed_briefing(), "--content", str(REPO / "content")], BUNDLED_HIT),
                    "10k": ([*installed_briefing(), "--content", str(content_dir_10k)], None)}
        terminal = Terminal(environment)
        try:
            times = _measure(terminal, work, commands, runs)
            answered: dict[str, list[float]] = {name: [] for name in searches}
            painted: dict[str, list[float]] = {name: [] for name in searches}
            for name, (command, hit) in searches.items():  # warm-up
                search_answered(terminal, work, command, hit)
            for _ in range(runs):
                for name, (command, hit) in searches.items():
                    paint, answer = search_answered(terminal, work, command, hit)
                    painted[name].append(paint)
                    answered[name].append(answer)
        finally:
            terminal.stop()
    medians = {name: statistics.median(values) for name, values in times.items()}
    for name, value in medians.items():
        note(f"first frame, {name}: median {value * 1000:.0f} ms over {runs} runs "
             f"(min {min(times[name]) * 1000:.0f}, max {max(times[name]) * 1000:.0f})")
    for name in searches:
        note(f"search typed at first paint answered, {name}: median {statistics.median(answered[name]) * 1000:.0f} ms "
             f"(min {min(answered[name]) * 1000:.0f}, max {max(answered[name]) * 1000:.0f}); first paint seen in the "
             f"pane: median {statistics.median(painted[name]) * 1000:.0f} ms")
    return {
        "reader_first_frame_ratio_bundled": (medians["bundled"] / medians["bare"], "x"),
        "reader_first_frame_ratio_10k": (medians["10k"] / medians["bare"], "x"),
        "reader_search_answered_ratio_bundled": (statistics.median(answered["bundled"]) / medians["bare"], "x"),
        "reader_search_answered_ratio_10k": (statistics.median(answered["10k"]) / medians["bare"], "x"),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=RUNS)
    parser.add_argument("--seed", type=int, default=2025)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(HERE))
    import synth

    content = synth.cached_corpus(args.articles, args.seed)
    note(f"corpus: {content}")
    for name, (value, unit) in figures(content, args.runs).items():
        print(f"{name}: {value:.2f} {unit}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
