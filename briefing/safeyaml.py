"""Plain YAML with line numbers, and nothing else.

Most front matter is written in a small, common subset of YAML, which
`briefing.yamlsubset` reads directly, several times faster. Anything else
goes to PyYAML, asked only to compose a node tree (using its C parser when
it is installed, about ten times faster); this module then builds the
Python values itself so that it can:

* refuse every tag outside plain YAML (no `!!python/...`, no custom tags);
* report duplicate mapping keys, which PyYAML silently overwrites;
* bound alias expansion and nesting, so a small file cannot explode;
* remember the line of every key and list item for error messages.

Scalars that YAML would read as dates or timestamps stay strings: the
loader parses dates itself to keep partial precision.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import Any, Protocol

import yaml

try:  # The C parser is about ten times faster than the pure-Python one.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

from briefing.yamlsubset import read_subset
from briefing.yamlvalues import (  # noqa: F401 - the values and errors are this module's API too
    MAX_DEPTH, MAX_NODES, SCALAR_TAGS, STR_TAG, TAG, TYPED_FIRST, DuplicateKey, YamlError, YamlList, YamlMap,
    implicit_tag, typed,
)

_PLAIN_TAGS = SCALAR_TAGS | {TAG + "seq", TAG + "map", TAG + "merge"}
_STR, _TAG, _MERGE = STR_TAG, TAG, TAG + "merge"


class _PlainLoader(_Loader):
    """PyYAML's safe loader with the per-node Python hooks made cheap.

    The C composer calls back into Python for every node: to resolve its
    implicit tag and to track the path for path resolvers, which plain
    YAML never registers. Resolving the same way with a precomputed table
    and no path tracking makes composing about a third faster.
    """

    def descend_resolver(self, current_node, current_index) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass

    def resolve(self, kind, value, implicit):
        if kind is yaml.ScalarNode:
            return implicit_tag(value) if implicit[0] else _STR
        return _TAG + ("seq" if kind is yaml.SequenceNode else "map")


def parse(text: str) -> tuple[Any, list[YamlError]]:
    """Parse one YAML document into dicts, lists and scalars with lines.

    Fatal problems raise YamlError; duplicate keys are returned alongside
    the value (the first occurrence wins) so the caller can report them
    together with everything else wrong in the file.
    """
    quick = read_subset(text)
    return quick if quick is not None else parse_composed(text)


def parse_composed(text: str) -> tuple[Any, list[YamlError]]:
    """`parse` through PyYAML's node tree, whatever the text (the subset reader's judge in tests)."""
    lines = _LineTable(text)
    try:
        if _may_be_hostile(text):
            _check_shape(text, lines)
        node = yaml.compose(text, Loader=_PlainLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = lines.of(mark) if mark else 1
        raise YamlError(line, f"YAML syntax error: {error.problem or error}") from None
    except yaml.reader.ReaderError as error:
        raise YamlError(_line_at(text, error.position),
                        f"YAML error: unacceptable character #x{error.character:04x}: {error.reason}") from None
    except yaml.YAMLError as error:
        raise YamlError(1, f"YAML error: {error}") from None
    except RecursionError:
        raise YamlError(1, "YAML is nested too deeply") from None
    if node is None:
        return None, []
    builder = _Builder(lines)
    return builder.build(node, 0), builder.duplicates


class _Mark(Protocol):
    """Where a node or event begins: PyYAML's Mark, or the C parser's, which is another class."""

    @property
    def line(self) -> int: ...

    @property
    def index(self) -> int: ...


class _LineTable:
    """Lines as an editor counts them: only a newline ends a line.

    YAML 1.1 also breaks lines at U+0085, U+2028 and U+2029 (common in text
    pasted from web pages), so PyYAML's own line numbers drift past them;
    a mark's character index does not.
    """

    def __init__(self, text: str) -> None:
        # Most files have none of those breaks; then YAML's count is right
        # and the table (a bisect per node) is not needed.
        self.exact = not any(mark in text for mark in "\x85\u2028\u2029")
        self.starts = [0]
        self.last_line = text.count("\n") + 1
        if self.exact:
            return
        position = text.find("\n")
        while position >= 0:
            self.starts.append(position + 1)
            position = text.find("\n", position + 1)

    def of(self, mark: _Mark) -> int:
        if self.exact:
            line = mark.line + 1
            # libyaml puts an end-of-file mark past a last line with no newline
            return line if line <= self.last_line else self.last_line
        return bisect_right(self.starts, mark.index)


# Below these sizes composing is safe: libyaml's C recursion crashes only at
# tens of thousands of nested brackets (block nesting that deep needs far more
# than 5 MiB of indentation), and a small document cannot hold enough values
# to matter. Skipping the extra pass halves the cost of a typical article.
_SHAPE_CHECK_CHARS = 256 * 1024
_SHAPE_CHECK_BRACKETS = 4096


def _may_be_hostile(text: str) -> bool:
    return len(text) > _SHAPE_CHECK_CHARS or text.count("[") + text.count("{") > _SHAPE_CHECK_BRACKETS


def _check_shape(text: str, lines: _LineTable) -> None:
    """Refuse deep nesting and huge documents before composing a node tree.

    The event stream is lazy, so this stops as soon as a bound is crossed.
    Composing first would not do: libyaml's composer recurses in C and
    crashes the interpreter (a segfault, not an exception) on a few tens of
    thousands of nested brackets, and a 5 MiB flat list composes into about
    800 MB of nodes before the builder could count them.
    """
    depth = values = 0
    for event in yaml.parse(text, Loader=_PlainLoader):
        if isinstance(event, (yaml.ScalarEvent, yaml.AliasEvent, yaml.CollectionStartEvent)):
            values += 1
            if values > MAX_NODES:
                raise YamlError(lines.of(event.start_mark) if event.start_mark else 1, f"YAML has more than {MAX_NODES:,} values")
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise YamlError(lines.of(event.start_mark) if event.start_mark else 1, f"YAML is nested more than {MAX_DEPTH} levels deep")
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def _line_at(text: str, position: int) -> int:
    """The 1-based line of a reader error's position (libyaml counts UTF-8 bytes)."""
    if _Loader is yaml.SafeLoader:
        return text.count("\n", 0, position) + 1
    return text.encode("utf-8", "surrogatepass")[:position].count(b"\n") + 1


class _Builder:
    """Node tree → values. Every node passes `_admit` (count, depth, tag);
    scalars, most of the tree, are handled inline rather than by recursion."""

    def __init__(self, lines: _LineTable) -> None:
        self.lines = lines
        self.count = 0
        self.duplicates: list[YamlError] = []

    def _admit(self, node: yaml.Node, depth: int) -> None:
        self.count += 1
        if self.count > MAX_NODES or depth > MAX_DEPTH or node.tag not in _PLAIN_TAGS:
            self._refuse(node, depth)

    def _refuse(self, node: yaml.Node, depth: int) -> None:
        line = self.lines.of(node.start_mark)
        if self.count > MAX_NODES:
            raise YamlError(line, f"YAML expands to more than {MAX_NODES:,} values (aliases?)")
        if depth > MAX_DEPTH:
            raise YamlError(line, f"YAML is nested more than {MAX_DEPTH} levels deep")
        shown = node.tag.replace(_TAG, "!!")
        raise YamlError(line, f"YAML tag '{shown}' is not allowed: only plain YAML is read")

    def build(self, node: yaml.Node, depth: int) -> Any:
        self._admit(node, depth)
        if type(node) is yaml.ScalarNode:
            return self._scalar(node)
        line = self.lines.of(node.start_mark)
        if type(node) is yaml.SequenceNode:
            return self._sequence(node, line, depth)
        if type(node) is yaml.MappingNode:
            return self._mapping(node, line, depth)
        raise YamlError(line, "unsupported YAML node")  # pragma: no cover

    def _sequence(self, node: yaml.SequenceNode, line: int, depth: int) -> YamlList:
        items = YamlList()
        items.line = line
        item_lines: list[int] = []
        scalar_texts: list[str | None] = []
        items.item_lines, items.scalar_texts = item_lines, scalar_texts
        line_of = self.lines.of
        for child in node.value:
            item_lines.append(line_of(child.start_mark))
            if type(child) is yaml.ScalarNode:
                self._admit(child, depth + 1)
                scalar_texts.append(child.value)
                items.append(child.value if child.tag == _STR else self._scalar(child))
            else:
                scalar_texts.append(None)
                items.append(self.build(child, depth + 1))
        return items

    def _mapping(self, node: yaml.MappingNode, line: int, depth: int) -> YamlMap:
        mapping = YamlMap()
        mapping.line = line
        key_lines: dict[str, int] = {}
        scalar_texts: dict[str, str] = {}
        mapping.key_lines, mapping.scalar_texts = key_lines, scalar_texts
        line_of = self.lines.of
        for key_node, value_node in node.value:
            key_line = line_of(key_node.start_mark)
            if key_node.tag == _MERGE:
                raise YamlError(key_line, "YAML merge keys ('<<') are not allowed")
            if type(key_node) is not yaml.ScalarNode:
                raise YamlError(key_line, "mapping keys must be plain text")
            self._admit(key_node, depth + 1)  # counts the key and refuses its tag, if any
            key = key_node.value  # as written: `no:` is the key 'no', not 'False'
            if key in mapping:
                self.duplicates.append(DuplicateKey(key_line, key, key_lines[key]))
                continue
            key_lines[key] = key_line
            if type(value_node) is yaml.ScalarNode:
                self._admit(value_node, depth + 1)
                scalar_texts[key] = value_node.value
                mapping[key] = value_node.value if value_node.tag == _STR else self._scalar(value_node)
            else:
                mapping[key] = self.build(value_node, depth + 1)
        return mapping

    @staticmethod
    def _scalar(node: yaml.ScalarNode) -> Any:
        return typed(node.tag, node.value)
