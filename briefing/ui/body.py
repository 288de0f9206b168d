"""An article body as styled blocks, with its quotations marked (no Textual here).

The body is parsed as Markdown (HTML off: content is text, never markup) and
flattened into blocks of plain text with style marks. Each quotation the
article records is found in its block the way the loader checks it (after
folding whitespace and typographic quote marks) and marked with its number,
followed by a superscript note that points into the quotations panel.

The result is plain data; the reading pane turns it into styled Content.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

from briefing.model import Quote
from briefing.text import fold_quotes, printable

SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_OPENING_MARKS = "\"'"


@dataclass(frozen=True, slots=True)
class Mark:
    start: int
    end: int
    style: str  # "em", "strong", "code", "strike", "link", "quote", "note"
    quote: int | None = None  # the quotation's number, for "quote" and "note"


@dataclass(frozen=True, slots=True)
class Block:
    kind: str  # "heading", "paragraph", "item", "blockquote", "code", "rule", "table"
    text: str
    marks: tuple[Mark, ...] = ()
    level: int = 0  # heading level, or list/blockquote depth

    def quotes(self) -> tuple[int, ...]:
        return tuple(sorted({m.quote for m in self.marks if m.style == "quote" and m.quote is not None}))


def note_label(number: int) -> str:
    """The superscript note for quotation `number` (shown from 1)."""
    return str(number + 1).translate(SUPERSCRIPT)


@lru_cache(maxsize=1)
def _parser():
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])


# ------------------------------------------------------------------ parsing

_INLINE_STYLES = {"em_open": "em", "strong_open": "strong", "s_open": "strike", "link_open": "link"}


def _inline(token) -> tuple[str, list[Mark]]:
    """An inline token's plain text and its style marks."""
    parts: list[str] = []
    marks: list[Mark] = []
    open_marks: list[tuple[str, int]] = []
    position = 0

    def add(text: str) -> None:
        nonlocal position
        parts.append(text)
        position += len(text)

    for child in token.children or ():
        kind = child.type
        if kind == "text":
            add(child.content)
        elif kind == "softbreak":
            add(" ")
        elif kind == "hardbreak":
            add("\n")
        elif kind == "code_inline":
            start = position
            add(child.content)
            marks.append(Mark(start, position, "code"))
        elif kind == "image":
            add(child.content or "image")
        elif kind in _INLINE_STYLES:
            open_marks.append((_INLINE_STYLES[kind], position))
        elif kind.endswith("_close") and open_marks:
            style, start = open_marks.pop()
            if position > start:
                marks.append(Mark(start, position, style))
        elif child.content:
            add(child.content)
    return "".join(parts), marks


def parse_blocks(markdown: str) -> list[Block]:
    """Markdown → flat blocks; lists and block quotes become prefixed lines."""
    blocks: list[Block] = []
    lists: list[list] = []  # stack of [ordered, next number]
    quote_depth = 0
    heading = 0
    row: list[str] = []
    prefix_pending = ""
    in_cell = False

    for token in _parser().parse(markdown):
        kind = token.type
        if kind == "heading_open":
            heading = int(token.tag[1:])
        elif kind == "heading_close":
            heading = 0
        elif kind == "bullet_list_open":
            lists.append([False, 1])
        elif kind == "ordered_list_open":
            lists.append([True, int(token.attrs.get("start", 1) or 1)])
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif kind == "list_item_open" and lists:
            ordered, number = lists[-1]
            indent = "  " * (len(lists) - 1)
            prefix_pending = f"{indent}{number}. " if ordered else f"{indent}• "
            lists[-1][1] = number + 1
        elif kind == "blockquote_open":
            quote_depth += 1
        elif kind == "blockquote_close":
            quote_depth -= 1
        elif kind == "tr_open":
            row = []
        elif kind in ("th_open", "td_open"):
            in_cell = True
        elif kind in ("th_close", "td_close"):
            in_cell = False
        elif kind == "tr_close":
            blocks.append(Block("table", " │ ".join(row)))
        elif kind == "hr":
            blocks.append(Block("rule", ""))
        elif kind in ("fence", "code_block"):
            blocks.append(Block("code", token.content.rstrip("\n")))
        elif kind == "inline":
            text, marks = _inline(token)
            if in_cell:
                row.append(text)
                continue
            if heading:
                blocks.append(Block("heading", text, tuple(marks), heading))
            elif prefix_pending:
                shift = len(prefix_pending)
                marks = [replace(m, start=m.start + shift, end=m.end + shift) for m in marks]
                blocks.append(Block("item", prefix_pending + text, tuple(marks), len(lists)))
                prefix_pending = ""
            elif lists:  # a later paragraph of the same list item
                indent = "  " * len(lists)
                marks = [replace(m, start=m.start + len(indent), end=m.end + len(indent)) for m in marks]
                blocks.append(Block("item", indent + text, tuple(marks), len(lists)))
            elif quote_depth:
                blocks.append(Block("blockquote", text, tuple(marks), quote_depth))
            else:
                blocks.append(Block("paragraph", text, tuple(marks)))
    return [block if printable(block.text) == block.text else _cleaned(block) for block in blocks]


def _cleaned(block: Block) -> Block:
    """Drop control characters without shifting the marks out of place."""
    keep = [i for i, ch in enumerate(block.text) if printable(ch)]
    new_index = {old: new for new, old in enumerate(keep)}
    new_index[len(block.text)] = len(keep)

    def moved(offset: int) -> int:
        while offset not in new_index:
            offset += 1
        return new_index[offset]

    marks = tuple(replace(m, start=moved(m.start), end=moved(m.end)) for m in block.marks)
    return replace(block, text="".join(block.text[i] for i in keep), marks=marks)


# ---------------------------------------------------------- quotations

def _folded_with_map(text: str) -> tuple[str, list[int]]:
    """fold_for_match(text) and, for each folded character, where it came from."""
    folded: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(fold_quotes(text)):
        if char.isspace():
            if folded and folded[-1] != " ":
                folded.append(" ")
                origin.append(index)
            continue
        folded.append(char)
        origin.append(index)
    return "".join(folded), origin


def _occurrences(haystack: str, needle: str) -> list[int]:
    found, start = [], haystack.find(needle)
    while start >= 0:
        found.append(start)
        start = haystack.find(needle, start + 1)
    return found


def mark_quotations(blocks: list[Block], quotes: tuple[Quote, ...]) -> list[Block]:
    """Mark each quotation once, where the article quotes it, with a note after it.

    A short quotation ('interim') may occur several times in a body; the
    occurrence right after an opening quote mark is the one the reporter
    quoted, so it wins over the first plain occurrence.
    """
    folded = [_folded_with_map(block.text) for block in blocks]
    claimed: set[tuple[int, int]] = set()
    found: dict[int, list[tuple[int, int, int]]] = {}  # block → [(start, end, quote number)]
    for quote in quotes:
        needle = _folded_with_map(quote.text)[0].strip()
        if not needle:
            continue
        candidates = []
        for block_index, (text, origin) in enumerate(folded):
            for start in _occurrences(text, needle):
                # Two speakers may share one phrase ("good"): reuse an
                # occurrence only when there is no other.
                taken = (block_index, start) in claimed
                after_mark = start > 0 and text[start - 1] in _OPENING_MARKS
                candidates.append((taken, not after_mark, block_index, start, origin))
        if not candidates:
            continue
        _, _, block_index, start, origin = min(candidates, key=lambda c: c[:4])
        claimed.add((block_index, start))
        end = origin[start + len(needle) - 1] + 1
        found.setdefault(block_index, []).append((origin[start], end, quote.number))

    marked = list(blocks)
    for block_index, spans in found.items():
        marked[block_index] = _with_notes(blocks[block_index], spans)
    return marked


def _with_notes(block: Block, spans: list[tuple[int, int, int]]) -> Block:
    """Add quote marks and insert a superscript note after each quotation.

    The note goes after a closing quote mark or punctuation that follows the
    quotation, so '“erased,” he said' reads '“erased,”³ he said'.
    """
    text = block.text
    notes: dict[int, list[int]] = {}
    for start, end, number in spans:
        at = end
        while at < len(text) and text[at] in "\"'”’.,;:!?)":
            at += 1
        notes.setdefault(at, []).append(number)
    # Notes that fall in one place read "¹,²", never "¹²" (twelve).
    inserts = [(at, ",".join(note_label(n) for n in sorted(numbers)), min(numbers))
               for at, numbers in sorted(notes.items())]

    def shifted(offset: int, is_end: bool) -> int:
        # A note inserted at a mark's start pushes the mark right; one
        # inserted at its end stays outside it.
        return offset + sum(len(label) for at, label, _ in inserts if (at < offset if is_end else at <= offset))

    marks = [replace(m, start=shifted(m.start, False), end=shifted(m.end, True)) for m in block.marks]
    marks += [Mark(shifted(s, False), shifted(e, True), "quote", n) for s, e, n in spans]
    pieces, last, offset = [], 0, 0
    for at, label, number in inserts:
        pieces.append(text[last:at])
        offset += at - last
        marks.append(Mark(offset, offset + len(label), "note", number))
        pieces.append(label)
        offset += len(label)
        last = at
    pieces.append(text[last:])
    return replace(block, text="".join(pieces), marks=tuple(sorted(marks, key=lambda m: (m.start, -m.end))))


def article_blocks(body: str, quotes: tuple[Quote, ...]) -> list[Block]:
    """The body ready to display: Markdown blocks with the quotations marked."""
    return mark_quotations(parse_blocks(body), quotes)
