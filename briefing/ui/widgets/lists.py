"""The option list every pane builds on, with fixes for Textual 8's OptionList.

Paging: OptionList pages with an index of lines it fills only at the next
refresh, so Page Down pressed right after the options change (a held key, a
pasted burst) raises KeyError. A page that cannot be computed yet becomes a
jump to the end or the start.

Measuring: OptionList wraps each option once, at the width of that moment,
and forgets the result only on a resize. A scrollbar that appears or goes
changes that width without a resize, so options stayed wrapped for the old
width (a line cut off, a scrollbar of the wrong size, depending on what came
first). Here the options are measured again whenever the width changes.

Start-up: OptionList measures its options only when it first draws them, so
a list that overflows gets its scrollbar one layout later and every option
is wrapped and drawn twice: on the reader's first frame that was a whole
extra round of layout and drawing. Here a list is measured as soon as it is
given its size, so the scrollbar is there from the first layout.

Until these are fixed upstream; each override falls back to OptionList's own
behaviour if the internals it relies on change.
"""

from __future__ import annotations

from textual import events
from textual.geometry import Size
from textual.widget import Widget
from textual.widgets import OptionList


class Options(OptionList):
    _measured_for: tuple[Size, int] | None = None  # (size, option count) the scrollbar was decided for
    _lines_width: int | None = None  # the width the options were last wrapped at

    def action_page_down(self) -> None:
        try:
            super().action_page_down()
        except KeyError:
            self.action_last()

    def action_page_up(self) -> None:
        try:
            super().action_page_up()
        except KeyError:
            self.action_first()

    # ------------------------------------------------------------ measuring

    def _caches(self) -> tuple | None:
        """OptionList's line and render caches, if it still keeps them as in Textual 8."""
        lines, rendered = getattr(self, "_line_cache", None), getattr(self, "_option_render_cache", None)
        return (lines, rendered) if hasattr(lines, "clear") and hasattr(rendered, "clear") else None

    def _update_lines(self) -> None:
        region = self.scrollable_content_region
        caches = self._caches()
        if region and caches and region.width != self._lines_width:
            if self._lines_width is not None:
                for cache in caches:
                    cache.clear()
            self._lines_width = region.width
        super()._update_lines()

    # Textual calls each class's own handler in turn (never through an override), passing the
    # event to those that take it: OptionList's takes none, this one needs it to stop OptionList's.
    def _on_resize(self, event: events.Resize) -> None:  # type: ignore[override]
        # OptionList forgets every wrapped option on any resize; _update_lines
        # already does when the width changed, so a change of height keeps them.
        if self._caches() and self.scrollable_content_region.width == self._lines_width:
            event.prevent_default()

    def _size_updated(self, size: Size, *args, **kwargs) -> bool:
        measured_for = (size, self.option_count)
        if (measured_for != self._measured_for and size.area and self.option_count
                and self.styles.overflow_y == "auto"):
            self._measured_for = measured_for
            self.set_reactive(Widget.virtual_size, self._options_size(size))
        return super()._size_updated(size, *args, **kwargs)

    def _options_size(self, size: Size) -> Size:
        """The size of all the options in a list of `size`, as OptionList's own
        count will find it, with room for a scrollbar if they need one."""
        gutter = self.styles.gutter
        room = Size(max(0, size.width - gutter.width), max(0, size.height - gutter.height))
        # Every option takes a line at least: a long list overflows without measuring.
        if self.option_count <= room.height:
            height = self.get_content_height(room, room, room.width)
            if height <= room.height:
                return Size(room.width, height)
        width = max(0, room.width - self.styles.scrollbar_size_vertical)
        return Size(width, self.get_content_height(room, room, width))
