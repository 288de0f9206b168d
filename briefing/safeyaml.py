"""Plain YAML with line numbers, and nothing else.

PyYAML is asked only to compose a node tree (using its C parser when it is
installed, about ten times faster); this module then builds the Python
values itself so that it can:

* refuse every tag outside plain YAML (no `!!python/...`, no custom tags);
* report duplicate mapping keys, which PyYAML silently overwrites;
* bound alias expansion and nesting, so a small file cannot explode;
* remember the line of every key and list item for error messages.

Scalars that YAML would read as dates or timestamps stay strings: the
loader parses dates itself to keep partial precision.
"""

from __future__ import annotations

from typing import Any

import yaml

try:  # The C parser is about ten times faster than the pure-Python one.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_NODES = 100_000
MAX_DEPTH = 64

_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp")}
_PLAIN_TAGS = _SCALAR_TAGS | {_TAG + "seq", _TAG + "map", _TAG + "merge"}


class YamlError(Exception):
    """A problem in the YAML text, at a 1-based line of the document."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


class YamlMap(dict):
    """A mapping that remembers its own line and the line of each key."""

    line: int
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class YamlList(list):
    """A sequence that remembers its own line and the line of each item."""

    line: int
    item_lines: list[int]

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if index < len(self.item_lines) else self.line


def parse(text: str) -> tuple[Any, list[YamlError]]:
    """Parse one YAML document into dicts, lists and scalars with lines.

    Fatal problems raise YamlError; duplicate keys are returned alongside
    the value (the first occurrence wins) so the caller can report them
    together with everything else wrong in the file.
    """
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        raise YamlError(line, f"YAML syntax error: {error.problem or error}") from None
    except yaml.YAMLError as error:
        raise YamlError(1, f"YAML error: {error}") from None
    except RecursionError:
        raise YamlError(1, "YAML is nested too deeply") from None
    if node is None:
        return None, []
    builder = _Builder()
    return builder.build(node, 0), builder.duplicates


class _Builder:
    def __init__(self) -> None:
        self.count = 0
        self.duplicates: list[YamlError] = []

    def build(self, node: yaml.Node, depth: int) -> Any:
        line = node.start_mark.line + 1
        self.count += 1
        if self.count > MAX_NODES:
            raise YamlError(line, f"YAML expands to more than {MAX_NODES:,} values (aliases?)")
        if depth > MAX_DEPTH:
            raise YamlError(line, f"YAML is nested more than {MAX_DEPTH} levels deep")
        if node.tag not in _PLAIN_TAGS:
            shown = node.tag.replace(_TAG, "!!")
            raise YamlError(line, f"YAML tag '{shown}' is not allowed: only plain YAML is read")
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node, line)
        if isinstance(node, yaml.SequenceNode):
            items = YamlList()
            items.line = line
            items.item_lines = []
            for child in node.value:
                items.item_lines.append(child.start_mark.line + 1)
                items.append(self.build(child, depth + 1))
            return items
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, line, depth)
        raise YamlError(line, "unsupported YAML node")  # pragma: no cover

    def _mapping(self, node: yaml.MappingNode, line: int, depth: int) -> YamlMap:
        mapping = YamlMap()
        mapping.line = line
        mapping.key_lines = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1
            if key_node.tag == _TAG + "merge":
                raise YamlError(key_line, "YAML merge keys ('<<') are not allowed")
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlError(key_line, "mapping keys must be plain text")
            key = self.build(key_node, depth + 1)
            key = "null" if key is None else str(key)
            if key in mapping:
                first = mapping.key_lines[key]
                self.duplicates.append(YamlError(key_line, f"duplicate key '{key}' (first on line {first})"))
                continue
            mapping.key_lines[key] = key_line
            mapping[key] = self.build(value_node, depth + 1)
        return mapping

    @staticmethod
    def _scalar(node: yaml.ScalarNode, line: int) -> Any:
        tag, value = node.tag, node.value
        if tag == _TAG + "null":
            return None
        if tag == _TAG + "bool":
            return value.lower() in ("true", "yes", "on", "y")
        if tag == _TAG + "int":
            try:
                return int(value.replace("_", ""), 0)
            except ValueError:
                return value
        if tag == _TAG + "float":
            try:
                return float(value.replace("_", ""))
            except ValueError:
                return value
        return value  # str, and timestamps kept as written
