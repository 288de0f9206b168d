"""Markdown building blocks that stay Markdown whatever the content says.

Content is untrusted and ends up inside a document someone pastes into a
memo, renders with Pandoc or opens in Obsidian. So every piece of content
goes through one of these functions, which:

* flatten it to one printable line (no control bytes, no newline that could
  end a table row or start a block);
* backslash-escape the characters that could open emphasis, code, links,
  HTML, math or strike-through, or split a table cell;
* escape what would start a block (heading, quote, list, rule) when the text
  begins a line.

The escapes are CommonMark's own (any ASCII punctuation may be escaped), so
the rendered text reads exactly as written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import yaml

from briefing.text import one_line

# Characters that open inline structure anywhere in a line: escapes and code,
# emphasis, links and footnote references, HTML and autolinks, GFM tables and
# strike-through, Pandoc math, and a heading's closing sequence.
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>|~$#])")
# '&' only matters when it spells an entity or a numeric character reference.
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
# What starts a block at the beginning of a line (after '#' and '>' are
# already escaped inline): list bullets, setext underlines, ordered lists.
_BLOCK_START = re.compile(r"^([-+=])|^(\d{1,9})([.)])")
_SURROGATE = re.compile("[\ud800-\udfff]")
# An address that can go between angle brackets as a CommonMark autolink.
_AUTOLINK = re.compile(r"^https?://[^\s<>\x00-\x1f\x7f]+$", re.IGNORECASE)


def clean(text: str) -> str:
    """Content as one printable line that can be encoded as UTF-8."""
    # A YAML escape such as "\ud800" yields a lone surrogate, which no
    # encoder will write; the replacement character shows where it was.
    return one_line(_SURROGATE.sub("\ufffd", text))


def inline(text: str) -> str:
    """Content for the middle of a line: plain text once rendered."""
    return _ENTITY.sub(r"\\&", _INLINE_SPECIAL.sub(r"\\\1", clean(text)))


def line_start(text: str) -> str:
    """Content that begins a line (a paragraph): also no accidental block."""
    escaped = inline(text)
    return _BLOCK_START.sub(lambda m: f"\\{m[1]}" if m[1] else f"{m[2]}\\{m[3]}", escaped, count=1)


def bold(text: str) -> str:
    return f"**{inline(text)}**" if clean(text) else ""


def italic(text: str) -> str:
    return f"*{inline(text)}*" if clean(text) else ""


def link_or_text(url: str) -> str:
    """An address as an autolink when it is a plain http(s) URL, else as text."""
    address = clean(url)
    if _AUTOLINK.match(address):
        return f"<{address}>"
    return inline(address)


def heading(level: int, text: str) -> str:
    return f"{'#' * level} {inline(text)}"


def bullet(text: str) -> str:
    """A list item; `text` is already Markdown."""
    return f"- {text}"


def table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    """A GFM pipe table; header and cells are already Markdown (use `inline`)."""
    lines = [_row(header), _row(["---"] * len(header))]
    lines.extend(_row(cells) for cells in rows)
    return lines


def _row(cells: Sequence[str]) -> str:
    # Cells built with `inline` carry no raw '|' or newline; an empty cell
    # gets a space so that the row keeps its column count in every renderer.
    return "| " + " | ".join(cell or " " for cell in cells) + " |"


def front_matter(fields: dict[str, object]) -> str:
    """YAML front matter that Obsidian and Pandoc read, values safely quoted."""
    body = yaml.safe_dump(_clean_values(fields), sort_keys=False, allow_unicode=True,
                          default_flow_style=False, width=1_000_000)
    return f"---\n{body}---\n"


def _clean_values(value: object) -> object:
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, dict):
        return {str(k): _clean_values(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean_values(v) for v in value]
    return value
