"""Tables for the command line, drawn without Rich.

`briefing search` has to answer faster than `fzf --filter` over the same
texts. Importing Rich takes 60 to 100 ms on a small machine, more than the
whole search, so `briefing search` and `briefing timeline` draw their one
kind of table here, in the look of Rich's SIMPLE_HEAD tables: a header, a
rule, columns two spaces apart, long cells wrapped at spaces (a word longer
than its column is cut; KEEP_TOGETHER joins words that should not part), the matched words in bold reverse video and the
header in bold when the output is a terminal, plain text otherwise.

Widths are terminal cells: East Asian wide characters take two, combining
marks none. Cell text must already be printable and on one line
(`briefing.text.printable`); nothing here interprets markup.
"""

from __future__ import annotations

import os
import re
import sys
import unicodedata
from collections.abc import Sequence

from briefing.records import record

BOLD, STRESS, PLAIN = "\x1b[1m", "\x1b[1;7m", "\x1b[0m"
GAP = "  "
LONG_WORD = 16      # cells: a longer word may be cut when room is short
SHARE_WEIGHT = 4
KEEP_TOGETHER = "\u00a0"   # put between words that should stay on one line (a name); shown as a space
_WORD = re.compile("[^ ]+")


@record
class Column:
    name: str
    right: bool = False          # right-aligned (numbers)
    wrap: bool = True            # long text wraps; False: the column takes its widest cell
    max_width: int = 0           # 0: no cap
    share: int = 0               # how much of any room left over it takes (0: only what it needs)


@record
class Cell:
    text: str
    spans: tuple[tuple[int, int], ...] = ()   # (start, end) of text to stress


def cell_width(text: str) -> int:
    """Terminal cells `text` takes."""
    if text.isascii():
        return len(text)
    return sum(_char_width(char) for char in text)


def _char_width(char: str) -> int:
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in "WF" else 1


def output_width(stream=None) -> int:
    """The terminal's width, or $COLUMNS (else 80) when the output is not a terminal, as Rich does."""
    stream = stream or sys.stdout
    try:
        if stream.isatty():
            return os.get_terminal_size(stream.fileno()).columns
    except (AttributeError, OSError, ValueError):
        pass
    try:
        return max(20, int(os.environ.get("COLUMNS", "")))
    except ValueError:
        return 80


def render(columns: Sequence[Column], rows: Sequence[Sequence[Cell | str]], width: int, styled: bool) -> str:
    """The table as text, at most `width` cells wide where the columns allow."""
    cells = [[cell if isinstance(cell, Cell) else Cell(cell) for cell in row] for row in rows]
    widths = _widths(columns, cells, width)
    lines = [_line([(column.name, ()) for column in columns], columns, widths, BOLD if styled else "", styled),
             "─" * (sum(widths) + len(GAP) * (len(widths) - 1))]
    for row in cells:
        wrapped = [_wrap(cell, size) if column.wrap else [(cell.text.replace(KEEP_TOGETHER, " "), cell.spans)]
                   for cell, column, size in zip(row, columns, widths)]
        for depth in range(max(len(parts) for parts in wrapped)):
            pieces = [parts[depth] if depth < len(parts) else ("", ()) for parts in wrapped]
            lines.append(_line(pieces, columns, widths, "", styled))
    return "\n".join(lines) + "\n"


def _widths(columns: Sequence[Column], rows: list[list[Cell]], width: int) -> list[int]:
    """Each column's width.

    A column takes what its cells need if the table fits. Otherwise each
    wrapping column starts from its narrowest sensible width (its longest
    word, up to LONG_WORD cells: a longer one may be cut) and the room left
    is shared out, `share` columns (the text) taking SHARE_WEIGHT times as
    much as the others, none beyond what it needs.
    """
    gaps = len(GAP) * (len(columns) - 1)
    most = [max([cell_width(column.name)] + [cell_width(row[place].text) for row in rows])
            for place, column in enumerate(columns)]
    most = [min(size, max(column.max_width, cell_width(column.name))) if column.max_width and column.wrap
            else size for size, column in zip(most, columns)]
    if sum(most) + gaps <= width:
        return most
    least = [min(size, max(cell_width(column.name), min(LONG_WORD, _longest_word(rows, place))))
             if column.wrap else size for place, (size, column) in enumerate(zip(most, columns))]
    widths = list(least)
    room = width - gaps - sum(widths)
    weights = {place: SHARE_WEIGHT * column.share if column.share else 1
               for place, column in enumerate(columns) if column.wrap}
    while room > 0:
        growing = {place: weight for place, weight in weights.items() if widths[place] < most[place]}
        if not growing:
            break
        total = sum(growing.values())
        given = 0
        for place, weight in growing.items():
            add = min(most[place] - widths[place], max(1, room * weight // total), room - given)
            widths[place] += add
            given += add
        room -= given
    return widths


def _longest_word(rows: list[list[Cell]], place: int) -> int:
    return max([cell_width(word) for row in rows for word in _WORD.findall(row[place].text)] or [0])


def _wrap(cell: Cell, width: int) -> list[tuple[str, tuple[tuple[int, int], ...]]]:
    """The cell's lines, each with the spans that fall in it (offsets into the line)."""
    text = cell.text
    ranges: list[tuple[int, int]] = []   # (start, end) of each line in text
    start = end = used = 0
    for match in _WORD.finditer(text):
        word_start, word_end = match.span()
        size = cell_width(match.group())
        if used and used + 1 + size <= width:
            end, used = word_end, used + 1 + size
            continue
        if used:
            ranges.append((start, end))
        while size > width:  # a word wider than the column is cut to fit
            cut = _cut(text, word_start, width)
            ranges.append((word_start, cut))
            size -= cell_width(text[word_start:cut])
            word_start = cut
        start, end, used = word_start, word_end, size
    if used or not ranges:
        ranges.append((start, end))
    return [(text[a:b].replace(KEEP_TOGETHER, " "),
             tuple((max(s, a) - a, min(e, b) - a) for s, e in cell.spans if s < b and e > a))
            for a, b in ranges]


def _cut(text: str, start: int, width: int) -> int:
    """The end of the longest piece of text from `start` that fits in `width` cells (at least one character)."""
    used, position = 0, start
    while position < len(text):
        size = _char_width(text[position])
        if used + size > width and position > start:
            break
        used += size
        position += 1
    if position < len(text):  # a name too long for its column parts between its words, if it can
        joint = text.rfind(KEEP_TOGETHER, start, position)
        if joint > start:
            return joint + 1
    return position


def _line(pieces, columns: Sequence[Column], widths: list[int], style: str, styled: bool) -> str:
    out = []
    for (text, spans), column, width in zip(pieces, columns, widths):
        padding = " " * max(0, width - cell_width(text))
        shown = _stressed(text, spans) if styled and spans else text
        if style:
            shown = style + shown + PLAIN
        out.append(padding + shown if column.right else shown + padding)
    return GAP.join(out).rstrip()


def _stressed(text: str, spans) -> str:
    pieces, position = [], 0
    for start, end in spans:
        if start < position or start >= end:
            continue
        pieces += [text[position:start], STRESS, text[start:end], PLAIN]
        position = end
    pieces.append(text[position:])
    return "".join(pieces)
