"""Properties of the loader: whatever the input, only ContentError escapes.

Content is untrusted; these tests throw arbitrary text, bytes and YAML-ish
front matter at the loader and check that it always answers with a
ContentError (or a value), never another exception, and that every problem
points at a line that exists in the file.
"""

from __future__ import annotations

import math
import string

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from briefing import safeyaml
from briefing.loader import ARTICLE_KEYS, EVENT_KEYS, POSITION_KEYS, QUOTE_KEYS, ContentError, parse_article, parse_index, read_text
from briefing.model import Article, Problem, TopicIndex

PATH = "articles/prop.md"
SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

INDEX_TEXT = """\
title: Properties
actors:
  - {id: zelensky, name: Volodymyr Zelensky, kind: person, aliases: [Zelenskyy]}
  - {id: russia, name: Russia, kind: country}
topics:
  - {id: ceasefire, title: Ceasefire}
"""


@pytest.fixture(scope="module")
def index() -> TopicIndex:
    parsed, problems = parse_index(INDEX_TEXT, "index.yaml")
    assert problems == []
    return parsed


def normalised(text: str) -> str:
    """What read_text hands the parser: LF line ends only."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def assert_problems_point_into(error: ContentError, path: str, text: str) -> None:
    assert error.problems, "a ContentError carries at least one problem"
    last_line = text.count("\n") + 1
    for problem in error.problems:
        assert isinstance(problem, Problem)
        assert problem.path == path
        assert 1 <= problem.line <= last_line, f"{problem} is outside a {last_line}-line file"
        assert problem.message


# --------------------------------------------------------------- strategies

# Fragments that steer random text towards the interesting corners of YAML.
YAML_BITS = [
    "---", "...", "\n", "  ", "- ", ": ", "? ", "[", "]", "{", "}", ",", "&a ", "*a", "&b ", "*b", "!!str ",
    "!!python/object/apply:os.system ", "!foo ", "<<: ", "|", ">", "'", '"', "#", "%YAML 1.1", "\t", "\x00",
    "\ufeff", "\u2028", "\x85", "\x1b[31m", "~", "null", "yes", "2025-02-30", "2025-06", "2025", "1e3", ".inf",
    "title", "source", "published", "quotes", "events", "positions", "speaker", "text", "date", "party", "topic",
    "actors", "topics", "x-note", "zelensky", "ceasefire", "http://", "ftp://",
]
yaml_soup = st.lists(st.sampled_from(YAML_BITS) | st.text(max_size=5), max_size=40).map("".join)

scalars = (st.none() | st.booleans() | st.integers(-10**6, 10**6) | st.sampled_from(
    ["2025-06-02", "2025-02-30", "2025-13", "2025", "junk", "zelensky", "zelenskyy", "russia", "ceasefire",
     "cease-fire", "https://example.org", "ftp://example.org", "", " "]) | st.text(max_size=20))
plain_values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                            | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=12)
item_keys = st.sampled_from(QUOTE_KEYS + EVENT_KEYS + POSITION_KEYS + ("x-any", "speakr", "titel"))
items = st.lists(st.dictionaries(item_keys, plain_values, max_size=6), max_size=4)
front_matters = st.fixed_dictionaries(
    {},
    optional={key: (items if key in ("quotes", "events", "positions") else plain_values) for key in ARTICLE_KEYS}
    | {"x-extra": plain_values, "sumary": plain_values},
)


@st.composite
def articles(draw) -> str:
    front = draw(front_matters)
    dumped = yaml.safe_dump(front, allow_unicode=draw(st.booleans()), sort_keys=False)
    body = draw(st.text(max_size=80) | st.sampled_from(["", "\n", "Body with zelensky and junk."]))
    return f"---\n{dumped}---\n{body}"


# ------------------------------------------------------------ parse_article

@SETTINGS
@given(text=st.text())
def test_parse_article_on_arbitrary_text_raises_only_content_error(index, text):
    try:
        parse_article(text, PATH, index, "prop")
    except ContentError as error:
        assert all(isinstance(p, Problem) for p in error.problems)


@SETTINGS
@given(front=yaml_soup, body=st.text(max_size=30))
def test_parse_article_on_yaml_soup_raises_only_content_error(index, front, body):
    text = normalised(f"---\n{front}\n---\n{body}")
    try:
        article = parse_article(text, PATH, index, "prop")
    except ContentError as error:
        assert_problems_point_into(error, PATH, text)
    else:  # accepted: then it has what an article requires
        assert isinstance(article, Article)
        assert article.title and article.source and article.published


@pytest.mark.slow
@SETTINGS
@given(text=articles())
def test_parse_article_on_generated_front_matter(index, text):
    try:
        article = parse_article(text, PATH, index, "prop")
    except ContentError as error:
        assert_problems_point_into(error, PATH, text)
    else:
        assert isinstance(article, Article)
        assert article.title and article.source and article.body.strip()


# --------------------------------------------------------------- parse_index

@SETTINGS
@given(text=st.text() | yaml_soup)
def test_parse_index_raises_only_content_error(text):
    text = normalised(text)
    try:
        parsed, problems = parse_index(text, "index.yaml")
    except ContentError as error:
        assert_problems_point_into(error, "index.yaml", text)
    else:
        assert isinstance(parsed, TopicIndex)
        last_line = text.count("\n") + 1
        assert all(1 <= p.line <= last_line for p in problems), problems


@pytest.mark.slow
@SETTINGS
@given(data=st.fixed_dictionaries({}, optional={
    "title": plain_values,
    "actors": st.lists(st.dictionaries(st.sampled_from(["id", "name", "kind", "aliases", "party", "role", "x-y", "nme"]),
                                       plain_values, max_size=6), max_size=4),
    "topics": st.lists(st.dictionaries(st.sampled_from(["id", "title", "summary", "keywords", "tilte"]),
                                       plain_values, max_size=5), max_size=4),
}))
def test_parse_index_on_generated_yaml(data):
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    try:
        parsed, problems = parse_index(text, "index.yaml")
    except ContentError as error:
        assert_problems_point_into(error, "index.yaml", text)
    else:
        assert len({a.id for a in parsed.actors}) == len(parsed.actors)
        last_line = text.count("\n") + 1
        assert all(1 <= p.line <= last_line for p in problems), problems


# ----------------------------------------------------------------- read_text

@pytest.fixture(scope="module")
def scratch(tmp_path_factory):
    return tmp_path_factory.mktemp("bytes") / "file.md"


@SETTINGS
@given(data=st.binary(max_size=300) | st.text(max_size=100).map(lambda t: t.encode("utf-8")) | st.lists(
    st.sampled_from([b"---\n", b"title: x\n", b"\r\n", b"\r", b"\xef\xbb\xbf", b"\xff", b"\xc3", b"\x00", b"\n",
                     "é".encode(), b"\xe2\x80\xa8"]), max_size=20).map(b"".join))
def test_read_text_on_arbitrary_bytes(index, scratch, data):
    scratch.write_bytes(data)
    try:
        text = read_text(scratch)
    except ContentError as error:
        assert_problems_point_into(error, str(scratch), data.decode("latin-1"))
        return
    assert text == normalised(data.decode("utf-8-sig"))  # one leading BOM dropped, LF line ends
    try:
        parse_article(text, str(scratch), index, "file")
    except ContentError as error:
        assert_problems_point_into(error, str(scratch), text)


# ------------------------------------------------------------- round trips

def _same(parsed, original) -> bool:
    """Equal, and of the same kind: True must not come back as 1."""
    if isinstance(original, bool) or original is None:
        return parsed is original
    if isinstance(original, float):
        return isinstance(parsed, float) and parsed == original
    if isinstance(original, int):
        return type(parsed) is int and parsed == original
    if isinstance(original, str):
        return isinstance(parsed, str) and parsed == original
    if isinstance(original, list):
        return (isinstance(parsed, safeyaml.YamlList) and len(parsed) == len(original)
                and all(_same(p, o) for p, o in zip(parsed, original)))
    if isinstance(original, dict):
        return (isinstance(parsed, safeyaml.YamlMap) and list(parsed) == list(original)
                and all(_same(parsed[k], v) for k, v in original.items()))
    raise AssertionError(f"unexpected {type(original)}")


def _same_plain(loaded, original) -> bool:
    """Like _same, for what yaml.safe_load returns (plain dicts and lists)."""
    if isinstance(original, list):
        return (type(loaded) is list and len(loaded) == len(original)
                and all(_same_plain(a, b) for a, b in zip(loaded, original)))
    if isinstance(original, dict):
        return (type(loaded) is dict and list(loaded) == list(original)
                and all(_same_plain(loaded[k], v) for k, v in original.items()))
    return type(loaded) is type(original) and loaded == original


# .inf and .nan are left out: safeyaml keeps them as the text written, which
# is what a title or a summary wants.
round_trip_scalars = (st.none() | st.booleans() | st.integers(-2**63, 2**63)
                      | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=30)
                      | st.sampled_from(["2025-06-02", "2025-06-02 10:00:00", "yes", "no", "on", "~", "null",
                                         "012", "0x1F", "1_000", ".inf", "<<", "&a", "*a", "!!python/name:x",
                                         "- x", "a: b", "#", ""]))
round_trip_data = st.recursive(
    round_trip_scalars,
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=10), inner, max_size=5),
    max_leaves=30,
)


@pytest.mark.slow
@SETTINGS
@given(data=round_trip_data, unicode=st.booleans(), flow=st.sampled_from([None, True, False]))
def test_safeyaml_round_trips_plain_data(data, unicode, flow):
    text = yaml.safe_dump(data, allow_unicode=unicode, default_flow_style=flow, sort_keys=False)
    # PyYAML's emitter is itself lossy in corners (a lone U+0085 written raw
    # in single quotes reads back as a space): those are not ours to test.
    assume(_same_plain(yaml.safe_load(text), data))
    parsed, duplicates = safeyaml.parse(text)
    assert duplicates == []
    assert _same(parsed, data), (text, parsed)


@pytest.mark.slow
@SETTINGS
@given(data=round_trip_data)
def test_safeyaml_agrees_with_pyyaml_modulo_dates(data):
    # Dates: PyYAML turns an unquoted 2025-06-02 into a date; safeyaml keeps
    # the text. Every other value must match what yaml.safe_load reads.
    text = yaml.safe_dump(data, sort_keys=False)
    parsed, _ = safeyaml.parse(text)
    assert _same(parsed, yaml.safe_load(text))


def test_dates_are_the_one_difference_from_pyyaml():
    text = "day: 2025-06-02\nstamp: 2025-06-02 10:00:00\n"
    assert safeyaml.parse(text)[0] == {"day": "2025-06-02", "stamp": "2025-06-02 10:00:00"}
    assert not isinstance(yaml.safe_load(text)["day"], str)


@SETTINGS
@given(text=st.text() | yaml_soup)
def test_safeyaml_raises_only_yaml_error(text):
    try:
        safeyaml.parse(text)
    except safeyaml.YamlError as error:
        assert error.line >= 1
        assert isinstance(error.message, str) and error.message


@SETTINGS
@given(key=st.text(alphabet=string.ascii_lowercase, min_size=1, max_size=6), first=st.integers(1, 5),
       gap=st.integers(1, 5))
def test_duplicate_key_lines_are_exact(key, first, gap):
    lines = [f"k{n}: v" for n in range(first + gap + 2)]
    lines[first - 1] = f"{key}: one"
    lines[first - 1 + gap] = f"{key}: two"
    if len({line.split(":")[0] for line in lines}) < len(lines) - 1:
        return  # the random key collided with a filler key: not this test's case
    _, duplicates = safeyaml.parse("\n".join(lines))
    assert [(d.line, d.message) for d in duplicates] == [
        (first + gap, f"duplicate key '{key}' (first on line {first})")]


def test_floats_that_are_not_finite_stay_text():
    value, _ = safeyaml.parse("a: .inf\nb: .nan\n")
    assert value == {"a": ".inf", "b": ".nan"}
    assert not any(isinstance(v, float) and not math.isfinite(v) for v in value.values())


@SETTINGS
@given(st.text(alphabet=st.sampled_from(" \t\n\r\x0b\x0c\x1c\x1f\x85\xa0\u2028\u3000ab\u201c\u2019'\"")))
def test_quote_folding_collapses_exactly_the_spaces_a_regex_would(text):
    import re

    from briefing.text import fold_for_match, fold_quotes

    assert fold_for_match(text) == re.sub(r"\s+", " ", fold_quotes(text)).strip()
