"""The subset reader agrees with PyYAML on every document it accepts, and accepts real front matter."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from briefing.loader import split_front_matter
from briefing.safeyaml import DuplicateKey, YamlError, YamlList, YamlMap, parse_composed
from briefing.yamlsubset import read_subset

REPO = Path(__file__).resolve().parents[2]


def described(value) -> object:
    """Everything a caller can see of a parsed value: types, values, lines, texts as written."""
    if isinstance(value, YamlMap):
        return ("map", value.line, [(key, value.key_lines[key], described(item)) for key, item in value.items()],
                value.scalar_texts)
    if isinstance(value, YamlList):
        return ("list", value.line, [described(item) for item in value], value.item_lines, value.scalar_texts)
    return (type(value).__name__, value)


def problems(duplicates: list[YamlError]) -> list[tuple]:
    return [(type(d).__name__, d.line, d.message, getattr(d, "first_line", None)) for d in duplicates]


def agree(text: str) -> bool:
    """Assert the two readers agree if the subset reader accepts `text`; True if it did."""
    quick = read_subset(text)
    if quick is None:
        return False
    try:
        slow = parse_composed(text)
    except YamlError as error:
        raise AssertionError(f"accepted what PyYAML refuses ({error.message}):\n{text}") from None
    assert described(quick[0]) == described(slow[0]), text
    assert problems(quick[1]) == problems(slow[1]), text
    return True


def front_matters() -> list[tuple[str, str]]:
    found = []
    for path in sorted((REPO / "content" / "articles").rglob("*.md")):
        front, _, _ = split_front_matter(path.read_text(encoding="utf-8"), str(path))
        found.append((path.name, front))
    return found


@pytest.mark.parametrize(("name", "front"), front_matters())
def test_every_bundled_article_is_read_by_the_subset_reader_alike(name, front):
    assert agree(front), f"{name}: the bundled front matter should be in the subset"


# A one-line [list] as a block list: `key: [a, b]` becomes `key:` then `- a`, `- b` below it.
_ONE_LINE_LIST = re.compile(r"(?m)^( *)(- +)?(" + r"[A-Za-z0-9_][A-Za-z0-9_.\- ]*" + r"): \[([^\]\n]*)\] *$")


def block_lists(text: str) -> str:
    def rewrite(match: re.Match) -> str:
        pad, dash, key, items = match.groups()
        inner = " " * (len(pad) + len(dash or "") + 2)
        return f"{pad}{dash or ''}{key}:" + "".join(f"\n{inner}- {item.strip()}" for item in items.split(",") if item.strip())
    return _ONE_LINE_LIST.sub(rewrite, text)


def test_the_bundled_index_is_read_alike():
    # As written, the index is declined (an apostrophe inside a one-line [list]), so comparing
    # its reading would compare PyYAML with itself. Its entries with every list as a block list
    # are in the subset: those are compared.
    text = block_lists((REPO / "content" / "index.yaml").read_text(encoding="utf-8"))
    assert "[" not in text
    assert read_subset(text) is not None, "the bundled index, lists as block lists, should be in the subset"
    assert agree(text)


def test_articles_drafted_by_the_importer_are_in_the_subset():
    from briefing.importer.draft import dump_yaml

    data = {"title": "Talks: what's next", "source": "Le Monde", "published": "2025-06-02", "id": "a-b",
            "places": ["Kyiv", "Abu Dhabi"], "summary": "He said: 'no'. It's \u201cover\u201d \u2013 for now.",
            "actors": ["putin", "zelensky"], "topics": [],
            "quotes": [{"speaker": "putin", "text": "'Peace' is near", "topics": ["ceasefire"], "said": "2025-06"},
                       {"speaker": "zelensky", "text": "Yes", "context": "on 30: the plan"}],
            "events": [{"date": "2025-06-01", "title": "Strike #4 on bombers", "actors": ["ukraine"]}]}
    assert agree(dump_yaml(data))


@pytest.mark.parametrize("text", [
    "a: 1\nb: [x, y]  # c\n", "a:\n- 1\n- two\nb: ~\n", "a: >-\n  one\n  two\nb: |\n  x\n  y\n\n",
    "k: 'it''s'\n", 'k: "say #1" # note\n', "a:\n  b:\n    c: d\n  e: f\n", "k:\n", "# only\n", "",
    "x: yes\ny: NO\nz: 0x1F\nw: 1_000\nv: .5\nu: 2025-06-02\nt: null\n", "a: 1\na: 2\n",
])
def test_common_forms_are_accepted_and_agree(text):
    assert agree(text)


@pytest.mark.parametrize("text", [
    "a: b: c\n", "a: &x 1\nb: *x\n", "a: !!python/name:os.system x\n", "a:\n\tb: 1\n", "a: 'open\n",
    'a: "esc\\n"\n', "a: [1,\n  2]\n", "a: plain\n  continued\n", "a: >\n  one\n\n  two\n", "- a\n- - b\n",
    "a: {b: 1}\n", "---\na: 1\n", "  a: 1\n", "a: 1\n b: 2\n", "a: >+\n  x\n", "a: [x, 'y']\n", "a: =\n",
    "a: b\r\n", "a: \u2028b\n", "? a\n: b\n", "a:\n  just text\n", "k" * 1025 + ": b\n",
    "- " + "k" * 1025 + ": b\n",
])
def test_everything_else_is_declined(text):
    assert read_subset(text) is None


def test_duplicate_keys_are_reported_as_pyyaml_reports_them():
    value, duplicates = read_subset("a: 1\nb:\n  - x\na: 3\n")
    assert value == {"a": 1, "b": ["x"]}
    assert [(type(d), d.line, d.first_line) for d in duplicates] == [(DuplicateKey, 4, 1)]


# Pieces of documents: scalars of every kind YAML might type or misread, and block shapes.
_SCALARS = ["word", "two words", "Kyiv, Odesa", "12", "-3", "0x1F", "0o17", "1_000", "1.5", ".inf", "-.nan", "yes",
            "No", "on", "OFF", "~", "null", "Null", "", "2025-06-02", "2025-06", "2025-06-02T10:00:00Z", "a: b",
            "a:b", "x #y", "x#y", "#x", "'q'", "'it''s'", '"dq"', '"a\\"b"', "'open", "[a, b]", "[]", "[ ]",
            "[a, 'b']", "[a,]", "[a: b]", "[1, yes, ~]", "\u2019quoted\u2019", "caf\u00e9", "\u2013dash", "&a",
            "*a", "!tag x", "|", ">-", "%x", "@x", "`x`", "=", "<<", "a  b", "x:", "- x", "?x", ": x", "{a: 1}"]
_KEYS = ["title", "id", "x-agency", "said", "2025", "yes", "a b", "key", "k"]


def _random_document(chance: random.Random, indent: int = 0, depth: int = 0) -> list[str]:
    pad = " " * indent
    lines: list[str] = []
    for _ in range(chance.randint(1, 4)):
        key = chance.choice(_KEYS)
        shape = chance.random()
        if chance.random() < 0.15:
            lines.append(pad + chance.choice(["# note", "  # deeper note", ""]))
        if shape < 0.5 or depth >= 2:
            value = chance.choice(_SCALARS)
            comment = chance.choice(["", "", "  # c", " #c", "#c"])
            lines.append(f"{pad}{key}: {value}{comment}".rstrip() if chance.random() < 0.9 else f"{pad}{key}: {value} ")
        elif shape < 0.65:
            header = chance.choice([">", ">-", "|", "|-", ">+", "> # c"])
            lines.append(f"{pad}{key}: {header}")
            deeper = pad + chance.choice(["  ", "    "])
            for _ in range(chance.randint(1, 3)):
                lines.append(deeper + chance.choice(["text here", "# hash text", "more", " odd indent", "end "]))
            if chance.random() < 0.2:
                lines.append("")
        elif shape < 0.8:
            lines.append(f"{pad}{key}:")
            lines.extend(_random_document(chance, indent + chance.choice([2, 4]), depth + 1))
        else:
            lines.append(f"{pad}{key}:")
            dash = pad + chance.choice(["", "  "])
            for _ in range(chance.randint(1, 3)):
                if chance.random() < 0.5:
                    lines.append(f"{dash}- {chance.choice(_SCALARS)}".rstrip())
                else:
                    inner = _random_document(chance, len(dash) + 2, depth + 1)
                    lines.append(dash + "- " + inner[0].lstrip(" "))
                    lines.extend(inner[1:])
    return lines


def test_random_documents_are_read_alike_or_declined():
    chance = random.Random(2025)
    accepted = 0
    for _ in range(6000):
        text = "\n".join(_random_document(chance)) + chance.choice(["\n", "", "\n\n"])
        accepted += agree(text)
    assert accepted > 800  # the comparison is not vacuous: many of these are in the subset
