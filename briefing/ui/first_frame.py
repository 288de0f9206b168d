"""The start-up benchmark's hooks (benchmarks/reader_startup.py).

With BRIEFING_EXIT_AFTER_FIRST_FRAME=1 the reader leaves after the first
full frame that shows the briefing, and writes the wall-clock time of that
frame to BRIEFING_FIRST_FRAME_FILE, so that tearing the app down is not
counted. Without it, nothing here does anything.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.app import App

EXIT_AFTER_FIRST_FRAME = "BRIEFING_EXIT_AFTER_FIRST_FRAME"
FIRST_FRAME_FILE = "BRIEFING_FIRST_FRAME_FILE"


class FirstFrameProbe:
    """Notes the first frame that shows the briefing, once, and ends the app there."""

    def __init__(self, app: App) -> None:
        self.app = app
        self.active = os.environ.get(EXIT_AFTER_FIRST_FRAME) == "1"
        self._noted = False

    def shown(self) -> None:
        """A frame showing the briefing is on its way: stop once it is drawn."""
        if self.active and not self._noted:
            self._noted = True
            self.app.call_after_refresh(self._drawn)

    def failed(self) -> None:
        """Nothing could be loaded: leave with status 1."""
        if self.active:
            self.app.call_after_refresh(self.app.exit, 1)

    def _drawn(self) -> None:
        marker = os.environ.get(FIRST_FRAME_FILE)
        if marker:
            Path(marker).write_text(f"{time.time()!r}\n", encoding="utf-8")
        self.app.exit(0)
