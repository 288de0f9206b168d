"""`briefing` with no subcommand: open the reader.

Kept light on purpose: Textual and the app are imported only here, inside
the function, so every other subcommand starts without them.
"""

from __future__ import annotations

import gc
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import argparse
    from pathlib import Path

    from briefing.ui.themes import ThemeSet


def run_reader(args: argparse.Namespace) -> int:
    # Starting up allocates hundreds of thousands of objects (modules, styles,
    # widgets) and frees few: the cycle collector would walk them again and
    # again for nothing. It is off until the first frame is drawn (the app
    # turns it back on), and what was made before the app runs (modules,
    # themes) is frozen out of its way for good.
    gc.disable()
    try:
        return _run_reader(args)
    finally:
        gc.enable()


def reader_setup(args: argparse.Namespace) -> tuple[Path, ThemeSet] | str:
    """The content folder and themes the reader opens with, or what is wrong with the arguments."""
    from briefing.paths import content_dir
    from briefing.ui.themes import load_themes, unknown_theme_message

    themes = load_themes()
    if args.theme and args.theme not in themes.themes:
        from textual.theme import BUILTIN_THEMES

        if args.theme not in BUILTIN_THEMES:
            return unknown_theme_message(args.theme, themes.names)
    root = content_dir(args.content)
    if not root.is_dir():
        return f"{root}: content directory not found"
    return root, themes


def _run_reader(args: argparse.Namespace) -> int:
    ready = reader_setup(args)
    if isinstance(ready, str):
        print(f"briefing: {ready}", file=sys.stderr)
        return 1
    root, themes = ready

    from briefing.ui.app import BriefingApp

    app = BriefingApp(content_dir=root, theme=args.theme, themes=themes)
    gc.freeze()
    result = app.run()
    return result if isinstance(result, int) else (app.return_code or 0)
