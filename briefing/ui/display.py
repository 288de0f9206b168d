"""Content builders for untrusted text.

Everything shown from a content file goes through here: control and escape
bytes are stripped (briefing.text.printable) and the text becomes a
Textual `Content` object, which is never parsed as console markup. Styles
are theme variables, so a theme switch restyles every view.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual.content import Content, Span
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual

from briefing.dates import MONTH_NAMES, PartialDate
from briefing.text import one_line, printable

# Styles used across the views; all resolve against the current theme.
HEADING = "bold $text-accent"
SUBHEADING = "bold $text-primary"
MUTED = "$text-muted"
QUOTE = "$text-warning on $warning-muted"
CURRENT_QUOTE = "bold $background on $warning"
NOTE = "bold $text-warning"
MATCH = "bold $text-accent underline"
SPEAKER = "bold $text-secondary"
ERROR = "bold $text-error"


def text(value: str, style: str = "") -> Content:
    """Untrusted text as Content, kept on several lines if it had them."""
    content = Content(printable(value))
    return content.stylize(style) if style else content


def line(value: str, style: str = "") -> Content:
    """Untrusted text as one line of Content."""
    content = Content(one_line(value))
    return content.stylize(style) if style else content


def join(parts: Iterable[Content | str], separator: str = " · ", style: str = MUTED) -> Content:
    """Parts joined by a muted separator; empty parts are left out."""
    kept = [Content(p) if isinstance(p, str) else p for p in parts if p]
    return Content.styled(separator, style).join(kept)


def with_spans(value: str, spans: Iterable[tuple[int, int]], style: str) -> Content:
    """One line of text with some character ranges styled (search matches).

    Line breaks become spaces and control bytes are dropped, with the spans
    moved so they still cover the same characters.
    """
    kept: list[str] = []
    new_offset: list[int] = []  # for each original offset, where it lands
    for char in value:
        new_offset.append(len(kept))
        if char in "\n\t\r":
            kept.append(" ")
        elif printable(char):
            kept.append(char)
    new_offset.append(len(kept))
    content = Content("".join(kept))
    last = len(value)
    marks = [Span(new_offset[max(0, start)], new_offset[min(last, end)], style)
             for start, end in spans if 0 <= start < end and start < last]
    marks = [mark for mark in marks if mark.start < mark.end]
    return content.add_spans(marks) if marks else content


def short_date(date: PartialDate) -> str:
    """'25 Nov 2025', 'Nov 2025' or '2025': a fixed-ish width for columns."""
    if date.day:
        assert date.month is not None  # a day is only ever given within a month
        return f"{date.day:2d} {MONTH_NAMES[date.month - 1][:3]} {date.year}"
    if date.month:
        return f"   {MONTH_NAMES[date.month - 1][:3]} {date.year}"
    return f"       {date.year}"


def count(value: int) -> Content:
    return Content.styled(f"{value:,}", MUTED)


class Hanging(Visual):
    """A prefix (a date column) with text wrapped beside it, not under it.

    '26 Nov 2025  Ushakov confirms Witkoff's visit and says the
                  leak aimed to undermine backchannel talks'

    Content wraps to the full width; a list entry needs the wrap to depend on
    the width it is finally given, so the lines are made at render time.
    """

    def __init__(self, prefix: Content, body: Content) -> None:
        self.prefix = prefix
        self.body = body
        self._cache: tuple[int, Content] | None = None

    def _lines(self, width: int) -> Content:
        if self._cache is not None and self._cache[0] == width:
            return self._cache[1]
        indent = self.prefix.cell_length
        room = width - indent
        if room < 12:  # too narrow for two columns: let it flow
            laid_out = Content.assemble(self.prefix, self.body)
        else:
            lines = self.body.wrap(room) or [Content("")]
            pad = Content(" " * indent)
            laid_out = Content("\n").join([self.prefix + lines[0], *(pad + line for line in lines[1:])])
        self._cache = (width, laid_out)
        return laid_out

    def render_strips(self, width: int, height: int | None, style: Style, options: RenderOptions) -> list[Strip]:
        return self._lines(width).render_strips(width, height, style, options)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return self.prefix.cell_length + self.body.cell_length

    def get_minimal_width(self, rules: RulesMap) -> int:
        return self.prefix.cell_length + 12

    def get_height(self, rules: RulesMap, width: int) -> int:
        return self._lines(width).get_height(rules, width)


class Lines(Visual):
    """Lines one under another, some of them Hanging entries, laid out for each width as
    one Content: they wrap, and are selected with the mouse, as one text.

    The overview's events use it, so that an event that wraps continues under its
    text and not under its date.
    """

    def __init__(self, parts: Iterable[Content | Hanging]) -> None:
        self.parts = tuple(parts)
        self._cache: tuple[int, Content] | None = None

    def content(self, width: int) -> Content:
        """All the lines as one Content, the Hanging ones wrapped to `width`."""
        if self._cache is None or self._cache[0] != width:
            laid_out = [part._lines(width) if isinstance(part, Hanging) else part for part in self.parts]
            self._cache = (width, Content("\n").join(laid_out))
        return self._cache[1]

    def render_strips(self, width: int, height: int | None, style: Style, options: RenderOptions) -> list[Strip]:
        return self.content(width).render_strips(width, height, style, options)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return max((part.get_optimal_width(rules, container_width) for part in self.parts), default=0)

    def get_minimal_width(self, rules: RulesMap) -> int:
        return max((part.get_minimal_width(rules) for part in self.parts), default=1)

    def get_height(self, rules: RulesMap, width: int) -> int:
        return self.content(width).get_height(rules, width)
