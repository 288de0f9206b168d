"""The plain values YAML front matter is read into, shared by both readers.

`briefing.safeyaml` (through PyYAML) and `briefing.yamlsubset` (the common
subset, line by line) build the same values: dicts and lists that remember
the line of each key and item, scalars typed as YAML types them, and the
errors both report. Their bounds are here too, so both refuse alike.
"""

from __future__ import annotations

from typing import Any

try:  # The C parser is about ten times faster than the pure-Python one.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_NODES = 100_000
MAX_DEPTH = 64

TAG = "tag:yaml.org,2002:"
STR_TAG = TAG + "str"
SCALAR_TAGS = frozenset(TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp"))
# YAML's own rules for typing a plain scalar, by its first character.
_BY_FIRST = {first: tuple(resolvers) for first, resolvers in _Loader.yaml_implicit_resolvers.items()}
TYPED_FIRST = frozenset(_BY_FIRST)  # first characters of the plain scalars YAML may type


def implicit_tag(plain: str) -> str:
    """The tag YAML gives a plain (unquoted) scalar: int for `12`, null for `~`, and so on."""
    for tag, pattern in _BY_FIRST.get(plain[:1], ()):
        if pattern.match(plain):
            return tag
    return STR_TAG


def typed(tag: str, value: str) -> Any:
    """A scalar's Python value, given its tag."""
    if tag == STR_TAG:
        return value
    if tag == TAG + "null":
        return None
    if tag == TAG + "bool":
        return value.lower() in ("true", "yes", "on", "y")
    if tag == TAG + "int":
        try:
            return int(value.replace("_", ""), 0)
        except ValueError:
            return value
    if tag == TAG + "float":
        try:
            return float(value.replace("_", ""))
        except ValueError:
            return value
    return value  # timestamps kept as written


class YamlError(Exception):
    """A problem in the YAML text, at a 1-based line of the document."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


class DuplicateKey(YamlError):
    """A key given twice in one mapping; `describe` shifts both of its lines."""

    def __init__(self, line: int, key: str, first_line: int) -> None:
        self.key = key
        self.first_line = first_line
        super().__init__(line, self.describe(0))

    def describe(self, line_offset: int) -> str:
        return f"duplicate key '{self.key}' (first on line {self.first_line + line_offset})"


class YamlMap(dict):
    """A mapping that remembers its own line and the line of each key."""

    line: int
    key_lines: dict[str, int]
    scalar_texts: dict[str, str]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)

    def text_of(self, key: str) -> str | None:
        """A scalar value as written (`NO`, `1.10`), before YAML typed it."""
        return getattr(self, "scalar_texts", {}).get(key)


class YamlList(list):
    """A sequence that remembers its own line and the line of each item."""

    line: int
    item_lines: list[int]
    scalar_texts: list[str | None]

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if index < len(self.item_lines) else self.line

    def text_at(self, index: int) -> str | None:
        """A scalar item as written (`ON`, `0x1F`), before YAML typed it."""
        texts = getattr(self, "scalar_texts", [])
        return texts[index] if index < len(texts) else None

