"""The footer of keys: one line of text, one widget.

Textual's Footer is a widget per key (a dozen here), composed only after
the screen's first refresh: that took the reader's first frame a round of
mounting, styling and layout of its own, more than anything else on it.
This footer draws the same keys, in the same places and colours, as one
line, and redraws it only when the keys it shows change. Clicking a key
presses it; hovering over one highlights it and shows its tooltip.
"""

from __future__ import annotations

from textual import events
from textual.content import Content
from textual.reactive import reactive
from textual.screen import Screen
from textual.strip import Strip
from textual.style import Style
from textual.widget import Widget

from briefing.records import record

KEY = "bold $footer-key-foreground"
DESCRIPTION = "$footer-description-foreground"
HOVER = "$footer-key-foreground on $block-hover-background"
PALETTE_RULE = "$foreground 20%"


@record
class FooterKey:
    key: str  # what a click presses
    display: str  # '/', '^p'
    description: str  # '' for a key shown in a group
    enabled: bool
    tooltip: str


@record
class Keys:
    """What the footer shows: runs of keys (a group's keys share one label), and the palette key."""

    runs: tuple[tuple[tuple[FooterKey, ...], str | None], ...]  # (keys, group label or None)
    palette: FooterKey | None


class KeysFooter(Widget):
    show_command_palette: reactive[bool] = reactive(True)
    _hovered: reactive[int | None] = reactive(None)

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._keys: Keys | None = None
        self._regions: list[tuple[int, int, FooterKey]] = []  # (first cell, last cell + 1, key)

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen) -> None:
        if self._keys is not None and screen is self.screen and self.keys() != self._keys:
            self._keys = None
            self.refresh()

    def watch_show_command_palette(self) -> None:
        self._keys = None
        self.refresh()

    def keys(self) -> Keys:
        """The keys the screen offers now, grouped as Textual's Footer groups them."""
        screen = self.screen
        first_per_action: dict[str, tuple] = {}
        for _node, binding, enabled, tooltip in screen.active_bindings.values():
            if binding.show:
                first_per_action.setdefault(binding.action, (binding, enabled, tooltip))
        runs: list[tuple[tuple[FooterKey, ...], str | None]] = []
        pending: list[tuple] = []  # consecutive bindings of one group

        def close_group() -> None:
            if len(pending) > 1:
                keys = tuple(FooterKey(b.key, self.app.get_key_display(b), "", enabled, tooltip or b.description)
                             for b, enabled, tooltip in pending)
                runs.append((keys, pending[0][0].group.description))
            else:
                runs.extend(((FooterKey(b.key, self.app.get_key_display(b), b.description, enabled, tooltip),), None)
                            for b, enabled, tooltip in pending)
            pending.clear()

        for binding, enabled, tooltip in first_per_action.values():
            if pending and (binding.group is None or binding.group != pending[0][0].group):
                close_group()
            pending.append((binding, enabled, tooltip))
            if binding.group is None:
                close_group()
        close_group()
        palette = None
        if self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE:
            found = screen.active_bindings.get(self.app.COMMAND_PALETTE_BINDING)
            if found is not None:
                _node, binding, enabled, _tooltip = found
                palette = FooterKey(binding.key, self.app.get_key_display(binding), binding.description, enabled,
                                    binding.tooltip or binding.description)
        return Keys(tuple(runs), palette)

    def render_line(self, y: int) -> Strip:
        # Segments made here rather than by render(): the gaps between keys get
        # the footer's background alone, as the margins of Textual's footer do.
        width = self.size.width
        if y or not width:
            return Strip.blank(width)
        base = Style(background=self.visual_style.background)
        return Strip(self._line(width).render_segments(base), width)

    def _line(self, width: int) -> Content:
        """The keys as one line of `width` cells; notes where each key is, for the mouse."""
        if self._keys is None:
            self._keys = self.keys()
        room = width
        palette = None
        if self._keys.palette is not None:
            key = self._keys.palette
            palette = Content.assemble((key.display, KEY), (f" {key.description}", DESCRIPTION))
            room = max(0, room - palette.cell_length - 2)  # docked right: a rule, the key, a space
        parts: list[Content] = []
        regions: list[tuple[int, int, FooterKey]] = []
        x = 0

        def add(content: Content, key: FooterKey | None = None) -> None:
            nonlocal x
            if key is not None:
                if not key.enabled:
                    content = content.stylize("dim")
                if self._hovered == len(regions):
                    content = content.stylize(HOVER)
                regions.append((x, x + content.cell_length, key))
            parts.append(content)
            x += content.cell_length

        for keys, label in self._keys.runs:
            if label is None:
                (key,) = keys
                add(Content.assemble((f" {key.display} ", KEY), (f"{key.description} ", DESCRIPTION)), key)
            else:  # ' a d s views ': the keys spaced by their margins, then the group's label
                for key in keys:
                    add(Content(" "))
                    add(Content.styled(key.display, KEY), key)
                add(Content(" "))
                add(Content.styled(label, DESCRIPTION))
                add(Content(" "))
        line = Content.assemble(*parts).truncate(room, pad=True)
        regions = [region for region in regions if region[1] <= room]  # keys the palette key covers
        if palette is not None:
            palette_key = self._keys.palette
            assert palette_key is not None  # `palette` above was made from it
            if not palette_key.enabled:
                palette = palette.stylize("dim")
            if self._hovered == len(regions):
                palette = palette.stylize(HOVER)
            regions.append((room, width, palette_key))
            line = Content.assemble(line, ("▏", PALETTE_RULE), palette, " ")
        self._regions = regions
        return line

    def _region_at(self, x: int) -> int | None:
        for index, (start, end, _key) in enumerate(self._regions):
            if start <= x < end:
                return index
        return None

    def on_mouse_move(self, event: events.MouseMove) -> None:
        index = self._region_at(event.x)
        if index != self._hovered:
            self._hovered = index
            self.tooltip = (self._regions[index][2].tooltip or None) if index is not None else None

    def on_leave(self) -> None:
        self._hovered = None
        self.tooltip = None

    def on_click(self, event: events.Click) -> None:
        index = self._region_at(event.x)
        if index is None:
            return
        event.stop()
        key = self._regions[index][2]
        if key.enabled:
            self.app.simulate_key(key.key)
        else:
            self.app.bell()
