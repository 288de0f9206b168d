"""The base of the reader's dialogs: a modal screen that closes exactly once.

A fast typist (or a queued key) can ask a dialog to close twice before it
has gone; the second request must be ignored, not pop the screen below it.
"""

from __future__ import annotations

from typing import Generic, TypeVar

from textual.screen import ModalScreen

Result = TypeVar("Result")


class Dialog(ModalScreen[Result], Generic[Result]):
    _dismissing = False

    def close(self, result: Result | None = None) -> None:
        if self._dismissing or not self.is_current:
            return
        self._dismissing = True
        self.dismiss(result)
