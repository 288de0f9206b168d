"""safeyaml: plain YAML only, with the line of every key and item."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from briefing import safeyaml
from briefing.safeyaml import MAX_DEPTH, MAX_NODES, YamlError, YamlList, YamlMap

from conftest import REPO


def parse(text: str):
    return safeyaml.parse(textwrap.dedent(text))


def refused(text: str) -> YamlError:
    with pytest.raises(YamlError) as caught:
        parse(text)
    return caught.value


# ------------------------------------------------------------ line numbers

def test_lines_of_keys_and_items():
    value, duplicates = parse("""\
        title: x
        # a comment does not shift anything
        list:
          - first
          - second

          - key: 1
            other: 2
        nested:
          inner:
            deep: yes
        """)
    assert duplicates == []
    assert isinstance(value, YamlMap)
    assert value.line == 1
    assert value.line_of("title") == 1
    assert value.line_of("list") == 3
    assert value.line_of("nested") == 9
    items = value["list"]
    assert isinstance(items, YamlList)
    assert [items.line_of(i) for i in range(3)] == [4, 5, 7]
    assert items[2].line_of("key") == 7
    assert items[2].line_of("other") == 8
    assert value["nested"]["inner"].line_of("deep") == 11
    # an unknown key falls back to the mapping's own line
    assert items[2].line_of("missing") == items[2].line == 7
    # an index past the end falls back to the list's own line
    assert items.line_of(99) == items.line


def test_flow_collections_have_lines_too():
    value, _ = parse("""\
        a: 1
        tags: [x, y,
               z]
        """)
    assert value["tags"] == ["x", "y", "z"]
    assert value["tags"].item_lines == [2, 2, 3]


def test_empty_document_is_none():
    assert safeyaml.parse("") == (None, [])
    assert safeyaml.parse("# only a comment\n") == (None, [])


def test_plain_scalars():
    value, _ = parse("""\
        text: hello
        number: 42
        ratio: 1.5
        flag: true
        nothing: ~
        quoted: "42"
        """)
    assert value == {"text": "hello", "number": 42, "ratio": 1.5, "flag": True, "nothing": None, "quoted": "42"}
    assert type(value["number"]) is int and type(value["flag"]) is bool


# -------------------------------------------------------------- duplicates

def test_duplicate_keys_are_reported_with_both_lines_and_the_first_wins():
    value, duplicates = parse("""\
        a: 1
        b: 2
        a: 3
        """)
    assert value == {"a": 1, "b": 2}
    assert len(duplicates) == 1
    assert duplicates[0].line == 3
    assert "duplicate key 'a'" in duplicates[0].message
    assert "first on line 1" in duplicates[0].message


def test_duplicate_keys_in_nested_mappings_are_all_reported():
    _, duplicates = parse("""\
        items:
          - id: x
            id: y
          - name: a
            other: b
            name: c
        """)
    assert [(d.line, d.message) for d in duplicates] == [
        (3, "duplicate key 'id' (first on line 2)"),
        (6, "duplicate key 'name' (first on line 4)"),
    ]


# -------------------------------------------------------------------- tags

@pytest.mark.parametrize(("text", "shown"), [
    ("a: !!python/object/apply:os.system ['echo pwned']\n", "!!python/object/apply:os.system"),
    ("a: !!python/name:os.system\n", "!!python/name:os.system"),
    ("a: !foo bar\n", "!foo"),
    ("a: !!binary aGVsbG8=\n", "!!binary"),
    ("a: !!set {x: null}\n", "!!set"),
    ("a: !!omap [x: 1]\n", "!!omap"),
    ("!foo\na: 1\n", "!foo"),
    ("a:\n  - ok\n  - !custom {x: 1}\n", "!custom"),
])
def test_tags_are_refused(text, shown):
    error = refused(text)
    assert f"'{shown}'" in error.message
    assert "not allowed" in error.message


def test_refused_tag_reports_its_line():
    error = refused("""\
        a: 1
        b: 2
        c: !!python/object/apply:os.system ['true']
        """)
    assert error.line == 3


def test_python_tag_never_runs(tmp_path):
    marker = tmp_path / "ran"
    with pytest.raises(YamlError):
        safeyaml.parse(f"a: !!python/object/apply:os.system ['touch {marker}']\n")
    assert not marker.exists()


def test_standard_tags_for_plain_values_are_fine():
    value, _ = parse("""\
        a: !!str 12
        b: !!int "7"
        """)
    assert value == {"a": "12", "b": 7}


# ----------------------------------------------------------- merge keys

def test_merge_keys_are_refused_at_their_line():
    error = refused("""\
        base: &base {x: 1}
        other:
          <<: *base
          y: 2
        """)
    assert error.line == 3
    assert "merge keys" in error.message


# ------------------------------------------------------- aliases and bounds

def test_small_aliases_are_expanded():
    value, _ = parse("""\
        a: &name [x, y]
        b: *name
        """)
    assert value == {"a": ["x", "y"], "b": ["x", "y"]}


def test_billion_laughs_is_bounded():
    lines = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for previous, name in zip("abcdefgh", "bcdefghi"):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 10) + "]")
    error = refused("\n".join(lines) + "\n")  # 10**9 values if expanded
    assert f"{MAX_NODES:,}" in error.message


def test_too_many_plain_values_are_refused_before_composing():
    text = "[" + "1, " * (MAX_NODES + 10) + "1]"
    error = refused(text)
    assert f"{MAX_NODES:,}" in error.message


def test_recursive_alias_is_refused():
    error = refused("a: &loop [*loop]\n")
    assert "nested" in error.message
    error = refused("a: &loop {self: *loop}\n")
    assert "nested" in error.message


def test_undefined_alias_is_a_syntax_error():
    error = refused("a: 1\nb: *nowhere\n")
    assert error.line == 2
    assert "undefined alias" in error.message


@pytest.mark.parametrize("opening, closing", [("[", "]"), ("{a: ", "}")])
def test_deep_flow_nesting_is_bounded(opening, closing):
    error = refused(opening * (MAX_DEPTH + 5) + "x" + closing * (MAX_DEPTH + 5))
    assert f"more than {MAX_DEPTH} levels" in error.message


def test_deep_block_nesting_is_bounded_at_the_line_where_it_crosses():
    text = "".join("  " * level + "a:\n" for level in range(MAX_DEPTH + 10))
    error = refused(text)
    assert f"more than {MAX_DEPTH} levels" in error.message
    assert error.line == MAX_DEPTH + 1


def test_nesting_up_to_the_bound_is_fine():
    value, _ = safeyaml.parse("[" * (MAX_DEPTH - 1) + "x" + "]" * (MAX_DEPTH - 1))
    depth = 0
    while isinstance(value, list):
        value, depth = value[0], depth + 1
    assert (value, depth) == ("x", MAX_DEPTH - 1)


def test_very_deep_nesting_fails_cleanly_in_a_fresh_interpreter():
    # libyaml's composer recurses in C: without a bound checked first, a few
    # tens of thousands of brackets crash the interpreter (SIGSEGV). Which
    # check refuses first (ours, or a newer libyaml's own depth limit) and in
    # what words is not the point: a clean refusal at line 1 of the text is.
    script = (
        "from briefing import safeyaml\n"
        "try:\n"
        "    safeyaml.parse('[' * 200000 + ']' * 200000)\n"
        "except safeyaml.YamlError as error:\n"
        "    print('refused at line', error.line, bool(error.message.strip()))\n"
        "else:\n"
        "    print('accepted')\n"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert done.stdout == "refused at line 1 True\n"


def test_very_deep_nesting_in_an_article_is_a_problem_at_its_line(tmp_path):
    from briefing.loader import load_content

    (tmp_path / "articles").mkdir()
    (tmp_path / "index.yaml").write_text("title: T\nactors: []\ntopics: []\n", encoding="utf-8")
    deep = "title: x\nsource: y\npublished: 2025-01-01\nauthors: " + "[" * 100000 + "]" * 100000 + "\n"
    (tmp_path / "articles" / "deep.md").write_text("---\n" + deep + "---\nbody\n", encoding="utf-8")
    (tmp_path / "articles" / "fine.md").write_text(
        "---\ntitle: x\nsource: y\npublished: 2025-01-01\n---\nbody\n", encoding="utf-8")
    result = load_content(tmp_path)
    assert [article.id for article in result.articles] == ["fine"]
    [problem] = result.problems
    assert problem.path.endswith("deep.md") and problem.line == 5


# ------------------------------------------------------------- timestamps

def test_timestamps_stay_strings_as_written():
    value, _ = parse("""\
        day: 2025-06-02
        month: 2025-06
        year: 2025
        moment: 2025-06-02 10:30:00
        iso: 2025-06-02T10:30:00Z
        """)
    assert value["day"] == "2025-06-02"
    assert value["month"] == "2025-06"
    assert value["moment"] == "2025-06-02 10:30:00"
    assert value["iso"] == "2025-06-02T10:30:00Z"
    assert value["year"] == 2025  # a bare year is an int; the loader reads it as text


# ----------------------------------------------------------- other errors

def test_syntax_error_reports_its_line():
    error = refused("""\
        a: 1
        b: [unclosed
        c: 3
        d: 4
        """)
    assert error.message.startswith("YAML syntax error")
    assert error.line >= 2


def test_tab_indentation_reports_its_line():
    error = safeyaml_error("a:\n\tb: 1\n")
    assert error.line == 2


def test_control_character_reports_its_line_without_a_python_repr():
    error = safeyaml_error('a: 1\nb: "ünïcode"\nc: "\x07"\n')
    assert error.line == 3
    assert "#x0007" in error.message
    assert "\n" not in error.message
    assert "<unicode string>" not in error.message


def test_two_documents_are_refused():
    error = refused("a: 1\n---\nb: 2\n")
    assert error.line == 2


def test_complex_keys_are_refused():
    error = refused("? [a, b]\n: 1\n")
    assert "keys must be plain text" in error.message


def safeyaml_error(text: str) -> YamlError:
    with pytest.raises(YamlError) as caught:
        safeyaml.parse(text)
    return caught.value


def test_keys_are_the_text_as_written():
    # YAML 1.1 would read these keys as False, True, 1000 and None; an error
    # message about key 'False' when the file says `no:` would baffle anyone.
    value, duplicates = parse("""\
        no: 1
        yes: 2
        1_000: 3
        ~: 4
        2025-06-02: 5
        no: 6
        """)
    assert list(value) == ["no", "yes", "1_000", "~", "2025-06-02"]
    assert [(d.line, d.message) for d in duplicates] == [(6, "duplicate key 'no' (first on line 1)")]


def test_a_tagged_key_is_refused():
    error = refused("!!python/name:os.system : 1\n")
    assert "not allowed" in error.message


def test_scalars_remember_the_text_as_written():
    value, _ = parse("""\
        a: NO
        b: 1.10
        c: [ON, 0x1F, x, {d: 1}]
        e: {f: g}
        """)
    assert value["a"] is False and value.text_of("a") == "NO"
    assert value["b"] == 1.1 and value.text_of("b") == "1.10"
    assert value.text_of("e") is None  # not a scalar
    assert value.text_of("missing") is None
    items = value["c"]
    assert [items.text_at(i) for i in range(5)] == ["ON", "0x1F", "x", None, None]


# The loader's own tag resolution (a faster copy of PyYAML's) must agree with PyYAML's.
_SCALARS = ["", "~", "null", "Null", "NULL", "true", "True", "yes", "No", "on", "OFF", "y", "n",
            "12", "-3", "+4", "0x1F", "0o17", "017", "1_000", "3.14", ".5", "-.inf", ".NaN", "1e3",
            "6.8523015e+5", "190:20:30", "2025-06-01", "2025-06-01T10:00:00Z", "<<", "=", "!", "&", "*",
            "plain words", "Trump's plan", "n/a", "true story", "yesterday", "0.1.2", "-", "+"]


@pytest.mark.parametrize("scalar", _SCALARS)
def test_plain_scalars_resolve_as_pyyaml_resolves_them(scalar):
    import yaml

    expected = yaml.SafeLoader("").resolve(yaml.ScalarNode, scalar, (True, False))
    assert safeyaml._PlainLoader("").resolve(yaml.ScalarNode, scalar, (True, False)) == expected
    # Quoted, every scalar is a string.
    assert safeyaml._PlainLoader("").resolve(yaml.ScalarNode, scalar, (False, True)) == "tag:yaml.org,2002:str"


@pytest.mark.parametrize("kind, tag", [("SequenceNode", "seq"), ("MappingNode", "map")])
def test_collections_resolve_as_pyyaml_resolves_them(kind, tag):
    import yaml

    node_kind = getattr(yaml, kind)
    assert safeyaml._PlainLoader("").resolve(node_kind, None, True) == "tag:yaml.org,2002:" + tag
    assert yaml.SafeLoader("").resolve(node_kind, None, True) == "tag:yaml.org,2002:" + tag
