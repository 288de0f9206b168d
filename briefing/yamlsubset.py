"""The common subset of YAML that front matter is written in, read line by line.

Going through PyYAML makes a Python object per node and per mark, which
is most of the cost of loading an article. Front matter, hand-written or
drafted by `briefing import`, nearly always keeps to a few forms:

    key: plain words            # a comment
    key: "double quoted"        (no backslash escapes)
    key: 'single quoted'        ('' for a quote)
    key: [plain, words]         (one line)
    key: >- / > / |- / |        (lines of the same indentation, no blank lines between)
    key:                        then a nested block, or nothing (null)
      - key: value              a list of mappings, indented or not
      - plain item

`read_subset` reads exactly that into the values `safeyaml.parse` would
make (the same YamlMap/YamlList with lines, the same scalar typing and
duplicate-key reports) and returns None for anything else: another
construct, a tab, an odd character, a line it cannot place. Then
`safeyaml.parse` goes through PyYAML as before, which also reports the
errors: this reader never judges a document, it only declines it. A test
checks the two agree on every document this one accepts.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import Any

from briefing.yamlvalues import (
    MAX_DEPTH, MAX_NODES, SCALAR_TAGS, STR_TAG, TYPED_FIRST, DuplicateKey, YamlError, YamlList, YamlMap,
    implicit_tag, typed,
)

# Characters this reader leaves to PyYAML: tabs, carriage returns, YAML's other line breaks,
# a byte-order mark, and everything YAML does not accept as printable.
_UNUSUAL = re.compile("[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")
_KEY = r"[A-Za-z0-9_][A-Za-z0-9_.\-]*(?: [A-Za-z0-9_.\-]+)*"
# Every line, in one pass: (indentation, "- " of a list item, key of a mapping entry, the rest).
_LINE = re.compile(r"(?m)^( *)(- +|-$)?(?:(" + _KEY + r"):(?: +|$))?(.*)$")
_PLAIN_START = re.compile(r"[^-?:,\[\]{}#&*!|>'\"%@`]")  # what a plain scalar may begin with here
# A one-line [list] of plain words (no quotes, brackets, colons or other indicators), then
# nothing or a comment; and, inside it, an empty item or one beginning with '-' or '?'.
_FLOW = re.compile(r"""\[([^\[\]{}"'#&*!|>%@`:]*)\](?: *| +#.*)$""")
_FLOW_GAP = re.compile(r"(?:^|,) *(?:[-?,]|$)")
MAX_KEY = 1000
_BLOCK_HEADERS = {">": (" ", "\n"), ">-": (" ", ""), "|": ("\n", "\n"), "|-": ("\n", "")}


class _Declined(Exception):
    """Not in the subset: PyYAML will read it."""


def read_subset(text: str) -> tuple[Any, list[YamlError]] | None:
    """(value, duplicate keys) as `safeyaml.parse` returns them, or None if `text` is not in the subset."""
    # Every value takes at least one character, so a document this size cannot hold more values
    # than PyYAML's reader allows; a larger one is left to it, with its checks.
    if len(text) > MAX_NODES or _UNUSUAL.search(text):
        return None
    reader = _Reader(text)
    try:
        return reader.document(), reader.duplicates
    except _Declined:
        return None


class _Reader:
    def __init__(self, text: str) -> None:
        self.text = text
        self.lines = _LINE.findall(text)
        # The lines that hold something other than a comment (by number, from 0), and where in
        # that list reading has got to.
        self.content = [number for number, (_, dash, key, rest) in enumerate(self.lines)
                        if dash or key or (rest and rest[0] != "#")]
        self.content.append(len(self.lines))  # the end, as a line past the last
        self.next = 0
        self.duplicates: list[YamlError] = []

    def upcoming(self) -> tuple[int, int, str, str, str] | None:
        """(number, indentation, dash, key, rest) of the next line that holds anything; None at the end."""
        number = self.content[self.next]
        if number == len(self.lines):
            return None
        spaces, dash, key, rest = self.lines[number]
        return number, len(spaces), dash, key, rest

    def document(self) -> Any:
        first = self.upcoming()
        if first is None:
            return None
        if first[1] != 0:
            raise _Declined
        value = self.block(first, 1)
        if self.upcoming() is not None:
            raise _Declined  # something left over, at an indentation nothing above can take
        return value

    def block(self, first: tuple[int, int, str, str, str], depth: int) -> YamlMap | YamlList:
        """The mapping or list beginning with the line `first`, at its indentation."""
        if depth > MAX_DEPTH:
            raise _Declined
        return self.sequence(first[1], depth) if first[2] else self.mapping(first[1], depth)

    def no_continuation(self, indent: int) -> None:
        """After a one-line value, a deeper line would continue it (or be an error): not ours to read."""
        after = self.upcoming()
        if after is not None and after[1] > indent:
            raise _Declined

    # -------------------------------------------------------------- collections

    def mapping(self, indent: int, depth: int) -> YamlMap:
        mapping = YamlMap()
        mapping.line = self.content[self.next] + 1
        key_lines: dict[str, int] = {}
        scalar_texts: dict[str, str] = {}
        mapping.key_lines, mapping.scalar_texts = key_lines, scalar_texts
        while True:
            found = self.upcoming()
            if found is None or found[1] < indent:
                return mapping
            number, at, dash, key, rest = found
            if at > indent or dash or not key or len(key) > MAX_KEY:
                raise _Declined  # (YAML allows a plain key of 1024 characters at most)
            line = number + 1
            self.next += 1
            reported = len(self.duplicates)
            if not rest or rest[0] == "#":
                after = self.upcoming()
                if after is not None and (after[1] > indent or (after[1] == indent and after[2])):
                    # a nested block; a list may sit at the key's own indentation
                    value: Any = self.block(after, depth + 1)
                    written = None
                else:
                    value, written = None, ""
            elif rest[0] in "|>":
                value = written = self.block_scalar(rest, number, indent)
            else:
                value, written = self.inline(rest, line, depth)
                self.no_continuation(indent)
            if key in mapping:  # the first one wins; what is inside the second is not looked at
                del self.duplicates[reported:]
                self.duplicates.append(DuplicateKey(line, key, key_lines[key]))
                continue
            key_lines[key] = line
            mapping[key] = value
            if written is not None:
                scalar_texts[key] = written

    def sequence(self, indent: int, depth: int) -> YamlList:
        items = YamlList()
        items.line = self.content[self.next] + 1
        item_lines: list[int] = []
        scalar_texts: list[str | None] = []
        items.item_lines, items.scalar_texts = item_lines, scalar_texts
        while True:
            found = self.upcoming()
            if found is None or found[1] < indent:
                return items
            number, at, dash, key, rest = found
            if at > indent:
                raise _Declined
            if not dash:
                return items  # a list at its key's indentation ends at the next key
            line = number + 1
            item_lines.append(line)
            if key:  # a mapping that begins on the item's line: read on as if the line were indented so
                if depth + 1 > MAX_DEPTH:
                    raise _Declined
                self.lines[number] = (" " * (at + len(dash)), "", key, rest)
                items.append(self.mapping(at + len(dash), depth + 1))
                scalar_texts.append(None)
                continue
            if not rest or rest[0] in "#-|>":
                raise _Declined  # an empty item, a list in a list, a block scalar in a list
            self.next += 1
            value, written = self.inline(rest, line, depth)
            self.no_continuation(indent)
            items.append(value)
            scalar_texts.append(written)

    # -------------------------------------------------------------- scalars

    def inline(self, rest: str, line: int, depth: int) -> tuple[Any, str | None]:
        """A value written on `line` after `key: ` or `- `: (value, text as written, None for a list)."""
        first = rest[0]
        if first == "[":
            if depth + 1 > MAX_DEPTH:
                raise _Declined
            return _flow_list(rest, line), None
        if first == '"':
            end = rest.find('"', 1)
            if end < 0 or "\\" in rest[:end]:
                raise _Declined  # escapes or a quote over several lines
            _comment_only(rest[end + 1:])
            return rest[1:end], rest[1:end]
        if first == "'":
            end = 1
            while True:
                end = rest.find("'", end)
                if end < 0:
                    raise _Declined
                if rest[end + 1:end + 2] != "'":
                    break
                end += 2
            _comment_only(rest[end + 1:])
            value = rest[1:end].replace("''", "'")
            return value, value
        if not _PLAIN_START.match(first):
            raise _Declined
        comment = rest.find(" #")
        plain = (rest if comment < 0 else rest[:comment]).rstrip(" ")
        if ": " in plain or plain[-1] == ":":
            raise _Declined
        return (plain if first not in TYPED_FIRST else _plain(plain)), plain

    def block_scalar(self, header: str, number: int, indent: int) -> str:
        """`>`, `>-`, `|` or `|-` on line `number` and the lines below it, all at one indentation with
        no blank line between them (other forms have folding rules of their own)."""
        found = _BLOCK_HEADERS.get(header.rstrip(" "))
        if found is None:
            raise _Declined
        joiner, ending = found
        lines = self.text.split("\n")  # as written: a '#' or '- ' in the text is text
        texts: list[str] = []
        column = 0
        blank_after = False
        number += 1
        while number < len(lines):
            line = lines[number]
            text = line.lstrip(" ")
            if not text:
                if line or not texts:
                    raise _Declined  # spaces on a blank line, or blank lines before the text
                blank_after = True
                number += 1
                continue
            at = len(line) - len(text)
            if at <= indent:
                break
            if blank_after or (texts and at != column) or line[-1] == " ":
                raise _Declined
            column = at
            texts.append(text)
            number += 1
        if not texts:
            raise _Declined
        if number == len(lines) and not blank_after and lines[-1]:
            ending = ""  # the last line of the document has no line break to keep
        self.next = bisect_left(self.content, number)
        return joiner.join(texts) + ending


def _flow_list(rest: str, line: int) -> YamlList:
    whole = _FLOW.match(rest)
    if whole is None:
        raise _Declined  # quoted or odd items, a list over several lines, something after it
    inside = whole.group(1)
    if not inside.strip(" "):
        words = []
    elif _FLOW_GAP.search(inside):
        raise _Declined  # an empty item, a trailing comma, an item beginning with '-' or '?'
    else:
        words = [word.strip(" ") for word in inside.split(",")]
    items = YamlList(words)
    for place, word in enumerate(words):
        if word[0] in TYPED_FIRST:
            items[place] = _plain(word)
    items.line = line
    items.item_lines = [line] * len(words)
    items.scalar_texts = words
    return items


def _plain(text: str) -> Any:
    """A plain scalar's value, typed as YAML types it; one of YAML's other types (`=`, `<<`) is declined."""
    tag = implicit_tag(text)
    if tag == STR_TAG:
        return text
    if tag not in SCALAR_TAGS:
        raise _Declined
    return typed(tag, text)


def _comment_only(tail: str) -> None:
    """What follows a quoted value or a list on its line: nothing, or a comment after a space."""
    if tail and (tail[0] != " " or tail.strip(" ")[:1] not in ("", "#")):
        raise _Declined
