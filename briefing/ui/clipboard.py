"""Copying a quotation with its citation: OSC 52 first, then a file and a clipboard program.

Under `briefing serve`, OSC 52 reaches the browser's clipboard through xterm.js, and that is all.

Some terminals ignore OSC 52 (and tmux passes it on only with
`set -g set-clipboard on`), so every copy is also written to a file in the
cache folder and, where a desktop clipboard program exists, piped to it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from briefing.paths import cache_dir
from briefing.text import one_line

if TYPE_CHECKING:
    from textual.app import App

    from briefing.corpus import Corpus
    from briefing.model import Quote

# Clipboard programs tried after OSC 52, for terminals that block it.
CLIPBOARD_COMMANDS = (["wl-copy"], ["xclip", "-selection", "clipboard"], ["xsel", "--clipboard", "--input"],
                      ["pbcopy"], ["clip.exe"])


def copy_citation(app: App, corpus: Corpus, quote: Quote) -> None:
    """Copy `quote` with its citation and say what was copied (and where else it is)."""
    from briefing.ui.citation import quote_citation

    citation = quote_citation(corpus, quote)
    app.copy_to_clipboard(citation)
    if app.is_web:
        # Under `briefing serve` the page's xterm.js hands OSC 52 to the browser's clipboard; the
        # server's files and clipboard programs are not the reader's.
        where = "Your browser allows it only on https:// or localhost pages."
    else:
        where = f"If your terminal blocks OSC 52, it is also in {copy_fallback(citation, pipe=not app.is_headless)}"
    speaker = corpus.actor_name(quote.speaker)
    text = one_line(citation)
    shown = text if len(text) <= 90 else text[:89] + "…"
    app.notify(f"{shown}\n{where}", title=f"Copied {speaker}'s quotation", markup=False)


def copy_fallback(text: str, pipe: bool = True) -> Path:
    """Keep the last copy in a file, and hand it to a clipboard program if there is one."""
    path = cache_dir() / "last-copy.txt"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text + "\n", encoding="utf-8")
    except OSError:
        pass
    if pipe:
        # A clipboard program may take a while (or hang): never on the UI thread.
        threading.Thread(target=pipe_to_clipboard, args=(text,), name="clipboard", daemon=True).start()
    return path


def pipe_to_clipboard(text: str) -> None:
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") or shutil.which("pbcopy")):
        return
    for command in CLIPBOARD_COMMANDS:
        if shutil.which(command[0]):
            try:
                subprocess.run(command, input=text.encode("utf-8"), timeout=5, check=False,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            except (OSError, subprocess.SubprocessError):
                continue
            return
