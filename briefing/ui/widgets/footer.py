"""The footer of keys, redrawn only when the keys it shows change.

Textual's footer rebuilds itself on every focus change; moving between
panes then costs a rebuild of a dozen widgets for an identical row of keys.
"""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer


class KeysFooter(Footer):
    _shown: tuple = ()

    def _signature(self, screen: Screen) -> tuple:
        keys = tuple((binding.key, binding.description, enabled)
                     for _node, binding, enabled, _tooltip in screen.active_bindings.values() if binding.show)
        return keys, self.show_command_palette

    def bindings_changed(self, screen: Screen) -> None:
        signature = self._signature(screen)
        if signature == self._shown and self._bindings_ready:
            return
        self._shown = signature
        super().bindings_changed(screen)

    def watch_show_command_palette(self, _show: bool) -> None:
        self._shown = ()  # force the next change through
        if self._bindings_ready and self.is_attached:
            self.call_after_refresh(self.recompose)
