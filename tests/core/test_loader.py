"""The loader: every rule of the content format, each failure at PATH:LINE.

Each test that expects a problem checks three things: the message says what
is wrong, it names the file, and it points at the line of the offending key
or item in the file as written (1-based). Expected lines are found by
searching the test's own text (`line_of`), not by asking the loader.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from briefing import cli
from briefing.dates import PartialDate
from briefing.loader import (
    MAX_FILE_BYTES, ContentError, article_paths, load_content, parse_article, parse_index, read_text,
)
from briefing.model import Problem

from conftest import REPO
from conftest import write_file as write

INDEX = """\
title: Test briefing
actors:
  - id: zelensky
    name: Volodymyr Zelensky
    aliases: [Zelenskyy, Mr. Zelensky]
    kind: person
    role: President of Ukraine
    party: ukraine
  - id: ukraine
    name: Ukraine
    aliases: [Kyiv]
    kind: country
  - id: russia
    name: Russia
    aliases: [Moscow]
    kind: country
  - id: lavrov
    name: Sergey Lavrov
    kind: person
    party: russia
  - id: macron
    name: Emmanuel Macron
    kind: person
topics:
  - id: ceasefire
    title: Ceasefire
  - id: security-guarantees
    title: Security guarantees
    keywords: [guarantees]
  - id: nato-membership
    title: NATO membership
"""

GOOD = """\
---
title: A good article
source: Test Wire
published: 2025-11-25
authors: [A. Writer]
url: https://www.example.org/a-good-article
places: [Geneva]
summary: Talks.
actors: [zelensky, lavrov]
topics: [ceasefire]
quotes:
  - speaker: macron
    text: not paper guarantees
    topics: [security-guarantees]
    context: in Paris
  - speaker: zelensky
    text: We will not give up our land
    said: 2025-11-24
events:
  - date: 2025-11-25
    title: Talks in Geneva
    actors: [ukraine, russia]
    topics: [ceasefire]
    place: Geneva
positions:
  - topic: nato-membership
    party: russia
    stance: No NATO for Ukraine
  - topic: ceasefire
    party: ukraine
    stance: Ceasefire first
    date: 2025-11
---
Macron promised "not paper guarantees" for Kyiv.

Zelensky said: "We will not give up our land."
"""

PATH = "content/articles/x.md"


def index():
    parsed, problems = parse_index(INDEX, "content/index.yaml")
    assert problems == []
    return parsed


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """The 1-based line of the n-th line containing `needle` in `text`."""
    found = [number for number, line in enumerate(text.split("\n"), start=1) if needle in line]
    assert len(found) >= occurrence, f"{needle!r} not in the test text"
    return found[occurrence - 1]


def edit(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, f"{old!r} must occur once"
    return text.replace(old, new)


def problems_of(text: str, path: str = PATH) -> list[Problem]:
    with pytest.raises(ContentError) as caught:
        parse_article(text, path, index(), "x")
    assert str(caught.value) == "\n".join(str(p) for p in caught.value.problems)
    return caught.value.problems


def the_problem(text: str, path: str = PATH) -> Problem:
    problems = problems_of(text, path)
    assert len(problems) == 1, "\n".join(map(str, problems))
    return problems[0]


def assert_at(problem: Problem, path: str, line: int, *fragments: str) -> None:
    shown = str(problem)
    assert shown.startswith(f"{path}:{line}: "), shown
    for fragment in fragments:
        assert fragment in problem.message, shown


@pytest.fixture
def content(tmp_path) -> Path:
    """A content directory with the test index and no articles yet."""
    root = tmp_path / "content"
    write(root / "index.yaml", INDEX)
    (root / "articles").mkdir()
    return root


# ------------------------------------------------------------ the good case

def test_a_good_article_loads_with_every_field():
    article = parse_article(GOOD, PATH, index(), "x")
    assert article.id == "x"
    assert article.path == PATH
    assert article.title == "A good article"
    assert article.source == "Test Wire"
    assert article.published == PartialDate(2025, 11, 25)
    assert article.authors == ("A. Writer",)
    assert article.url == "https://www.example.org/a-good-article"
    assert article.places == ("Geneva",)
    assert article.actors == ("zelensky", "lavrov")
    assert article.topics == ("ceasefire",)
    assert article.body_line == line_of(GOOD, "Macron promised")
    assert article.body.startswith("Macron promised")

    first, second = article.quotes
    assert (first.speaker, first.text, first.topics, first.context) == (
        "macron", "not paper guarantees", ("security-guarantees",), "in Paris")
    assert first.said == PartialDate(2025, 11, 25)  # defaults to published
    assert second.said == PartialDate(2025, 11, 24)
    assert (first.number, second.number) == (0, 1)
    assert first.line == line_of(GOOD, "- speaker: macron")

    (event,) = article.events
    assert (event.date, event.title, event.actors, event.place) == (
        PartialDate(2025, 11, 25), "Talks in Geneva", ("ukraine", "russia"), "Geneva")
    assert event.line == line_of(GOOD, "- date: 2025-11-25")

    no_nato, ceasefire = article.positions
    assert no_nato.date == PartialDate(2025, 11, 25)  # defaults to published
    assert ceasefire.date == PartialDate(2025, 11)
    assert (ceasefire.topic, ceasefire.party, ceasefire.stance) == ("ceasefire", "ukraine", "Ceasefire first")


def test_minimal_article():
    text = "---\ntitle: T\nsource: S\npublished: 2025\n---\nBody.\n"
    article = parse_article(text, PATH, index(), "x")
    assert article.published == PartialDate(2025)
    assert article.quotes == article.events == article.positions == ()


def test_front_matter_may_close_with_dots():
    text = "---\ntitle: T\nsource: S\npublished: 2025-06\n...\nBody.\n"
    assert parse_article(text, PATH, index(), "x").body == "Body.\n"


# ------------------------------------------------------------ required keys

@pytest.mark.parametrize("key", ["title", "source", "published"])
def test_missing_required_key(key):
    text = "\n".join(line for line in GOOD.split("\n") if not line.startswith(f"{key}:"))
    # A missing key has no line of its own: the front matter's first line stands for it.
    assert_at(the_problem(text), PATH, 2, f"'{key}' is required")


@pytest.mark.parametrize("key", ["title", "source", "published"])
def test_empty_required_key_is_reported_at_its_line(key):
    text = "\n".join(f"{key}: ''" if line.startswith(f"{key}:") else line for line in GOOD.split("\n"))
    assert_at(the_problem(text), PATH, line_of(text, f"{key}: ''"), f"'{key}' is required")


def test_required_key_given_a_list():
    text = edit(GOOD, "title: A good article", "title: [a, b]")
    assert_at(the_problem(text), PATH, line_of(text, "title: [a, b]"), "'title' must be text, not a list")


@pytest.mark.parametrize("body", ["", "\n", "   \n\n  \t\n"])
def test_empty_body_is_reported_at_the_closing_line(body):
    front = "title: T\nsource: S\npublished: 2025\n"
    text = f"---\n{front}---\n{body}"
    closing = 5
    assert text.split("\n")[closing - 1] == "---"
    assert_at(the_problem(text), PATH, closing, "no body")


def test_empty_front_matter():
    assert_at(the_problem("---\n---\nBody\n"), PATH, 1, "front matter is empty")


def test_front_matter_that_is_not_a_mapping():
    assert_at(the_problem("---\n- a\n- b\n---\nBody\n"), PATH, 2, "must be a mapping")


@pytest.mark.parametrize(("block", "fragment"), [
    ("quotes:\n  - text: not paper guarantees\n", "'speaker' is required"),
    ("quotes:\n  - speaker: macron\n", "'text' is required"),
    ("events:\n  - title: Something\n", "'date' is required"),
    ("events:\n  - date: 2025-11-25\n", "'title' is required"),
    ("positions:\n  - party: russia\n    stance: No\n", "'topic' is required"),
    ("positions:\n  - topic: ceasefire\n    stance: No\n", "'party' is required"),
    ("positions:\n  - topic: ceasefire\n    party: russia\n", "'stance' is required"),
])
def test_required_keys_of_items_are_reported_at_the_item(block, fragment):
    text = f"---\ntitle: T\nsource: S\npublished: 2025-11-25\n{block}---\nMacron: not paper guarantees\n"
    assert_at(the_problem(text), PATH, 6, fragment)


@pytest.mark.parametrize(("block", "fragment"), [
    ("quotes: just text\n", "'quotes' must be a list"),
    ("quotes:\n  - just text\n", "'quotes' item 1 must be a mapping"),
    ("events: {date: 2025}\n", "'events' must be a list"),
    ("actors: {a: b}\n", "'actors' must be a list"),
    ("authors:\n  - [nested]\n", "'authors' item 1 must be text"),
])
def test_wrong_shapes(block, fragment):
    text = f"---\ntitle: T\nsource: S\npublished: 2025-11-25\n{block}---\nBody\n"
    # a list item's problem is at the item (line 6); a whole value's at its key (line 5)
    assert_at(the_problem(text), PATH, 6 if "item 1" in fragment else 5, fragment)


# -------------------------------------------------------------------- dates

@pytest.mark.parametrize(("old", "new", "fragment"), [
    ("published: 2025-11-25", "published: 2025-02-30", "February 2025 has 28 days"),
    ("published: 2025-11-25", "published: 2025-13", "has no month 13"),
    ("published: 2025-11-25", "published: last Tuesday", "is not a date"),
    ("published: 2025-11-25", "published: 2025-11-25 10:00", "is not a date"),
    ("    said: 2025-11-24", "    said: 2025-11-31", "November 2025 has 30 days"),
    ("  - date: 2025-11-25", "  - date: 2025-00-10", "has no month 0"),
    ("    date: 2025-11", "    date: Nov 2025", "is not a date"),
])
def test_bad_dates_are_reported_at_their_key(old, new, fragment):
    text = edit(GOOD, old, new)
    key = new.strip().lstrip("- ").split(":")[0]
    assert_at(the_problem(text), PATH, line_of(text, new), f"'{key}'", fragment)


def test_partial_published_date_is_kept_and_becomes_the_default():
    text = edit(GOOD, "published: 2025-11-25", "published: 2025-11")
    article = parse_article(text, PATH, index(), "x")
    assert article.published == PartialDate(2025, 11)
    assert article.quotes[0].said == PartialDate(2025, 11)
    assert article.positions[0].date == PartialDate(2025, 11)


def test_bare_year_read_by_yaml_as_a_number_is_a_year():
    text = edit(GOOD, "published: 2025-11-25", "published: 2025")
    assert parse_article(text, PATH, index(), "x").published == PartialDate(2025)


def test_text_fields_keep_the_text_as_written():
    # YAML 1.1 reads NO as False, 1.10 as 1.1 and 0x1F as 31; a title or a
    # place name is text, and must come out as the author wrote it.
    text = edit(GOOD, "title: A good article", "title: 1.10")
    text = edit(text, "source: Test Wire", "source: NO")
    text = edit(text, "summary: Talks.", "summary: 0x1F")
    text = edit(text, "places: [Geneva]", "places: [Geneva, ON, 007, 1_000]")
    text = edit(text, "authors: [A. Writer]", "authors: yes")
    article = parse_article(text, PATH, index(), "x")
    assert (article.title, article.source, article.summary) == ("1.10", "NO", "0x1F")
    assert article.places == ("Geneva", "ON", "007", "1_000")
    assert article.authors == ("yes",)


def test_index_aliases_keep_the_text_as_written():
    text = edit(INDEX, "    aliases: [Moscow]", "    aliases: [Moscow, RU, NO, Off]")
    parsed, problems = parse_index(text, "index.yaml")
    assert problems == []
    assert parsed.actor_by_id["russia"].aliases == ("Moscow", "RU", "NO", "Off")


# ---------------------------------------------------------------- unknown ids

@pytest.mark.parametrize(("old", "new", "bad", "what", "suggestion"), [
    ("actors: [zelensky, lavrov]", "actors: [zelensky, lavorv]", "lavorv", "actor", "lavrov"),
    ("topics: [ceasefire]\nquotes", "topics: [ceasfire]\nquotes", "ceasfire", "topic", "ceasefire"),
    ("  - speaker: zelensky", "  - speaker: zelenksy", "zelenksy", "actor", "zelensky"),
    ("    topics: [security-guarantees]", "    topics: [security-guarantee]", "security-guarantee", "topic",
     "security-guarantees"),
    ("    actors: [ukraine, russia]", "    actors: [ukraine, rusia]", "rusia", "actor", "russia"),
    ("  - topic: nato-membership", "  - topic: nato", "nato", "topic", "nato-membership"),
    ("    party: russia", "    party: russsia", "russsia", "actor", "russia"),
])
def test_unknown_ids_suggest_the_closest(old, new, bad, what, suggestion):
    text = edit(GOOD, old, new)
    problem = the_problem(text)
    assert_at(problem, PATH, line_of(text, new.split("\n")[0]), f"unknown {what} '{bad}'",
              f"(did you mean '{suggestion}'?)")


def test_unknown_id_in_a_block_list_is_reported_at_its_item():
    text = edit(GOOD, "actors: [zelensky, lavrov]", "actors:\n  - zelensky\n  - macron\n  - lavorv")
    assert_at(the_problem(text), PATH, line_of(text, "  - lavorv"), "unknown actor 'lavorv'", "did you mean 'lavrov'")


def test_unknown_id_with_nothing_close_has_no_suggestion():
    text = edit(GOOD, "actors: [zelensky, lavrov]", "actors: [qqqqqqqq]")
    problem = the_problem(text)
    assert_at(problem, PATH, line_of(text, "qqqqqqqq"), "unknown actor 'qqqqqqqq'")
    assert "did you mean" not in problem.message


def test_ids_are_not_checked_without_an_index():
    text = edit(GOOD, "actors: [zelensky, lavrov]", "actors: [anyone]")
    assert parse_article(text, PATH, None, "x").actors == ("anyone",)


def test_an_actor_name_is_not_an_id():
    text = edit(GOOD, "  - speaker: zelensky", "  - speaker: Zelenskyy")
    assert_at(the_problem(text), PATH, line_of(text, "speaker: Zelenskyy"), "unknown actor 'Zelenskyy'",
              "did you mean 'zelensky'")


# --------------------------------------------------------------- unknown keys

@pytest.mark.parametrize(("old", "new", "bad", "suggestion"), [
    ("title: A good article", "titel: A good article\ntitle: A good article", "titel", "title"),
    ("summary: Talks.", "sumary: Talks.", "sumary", "summary"),
    ("    context: in Paris", "    contxt: in Paris", "contxt", "context"),
    ("    place: Geneva", "    plase: Geneva", "plase", "place"),
    ("    stance: Ceasefire first", "    stance: Ceasefire first\n    stanse: x", "stanse", "stance"),
])
def test_unknown_key_suggests_the_closest(old, new, bad, suggestion):
    text = edit(GOOD, old, new)
    assert_at(the_problem(text), PATH, line_of(text, f"{bad}:"), f"unknown key '{bad}'",
              f"(did you mean '{suggestion}'?)")


def test_x_keys_are_kept_and_ignored():
    text = edit(GOOD, "summary: Talks.", "summary: Talks.\nx-editor: checked by A.\nx-tags: {any: [thing]}")
    text = edit(text, "    context: in Paris", "    context: in Paris\n    x-verified: true")
    text = edit(text, "    place: Geneva", "    place: Geneva\n    x-source-page: 3")
    article = parse_article(text, PATH, index(), "x")
    assert article.summary == "Talks."
    assert article.quotes[0].context == "in Paris"


def test_x_keys_in_the_index_are_ignored():
    text = edit(INDEX, "    role: President of Ukraine", "    role: President of Ukraine\n    x-wiki: Q3874799")
    text = "x-maintainer: someone\n" + text
    parsed, problems = parse_index(text, "index.yaml")
    assert problems == []
    assert parsed.actor_by_id["zelensky"].role == "President of Ukraine"


# ----------------------------------------------------------- quote integrity

@pytest.mark.parametrize(("quote", "body"), [
    ("Ukraine’s army will not shrink", "He said Ukraine's army will not shrink."),
    ("Ukraine's army will not shrink", "He said Ukraine’s army will not shrink."),
    ("“paper” guarantees", 'He spoke of "paper" guarantees.'),
    ('"paper" guarantees', "He spoke of “paper” guarantees."),
    ("not   paper guarantees", "not paper\n  guarantees"),
    ("not paper guarantees", "not\tpaper\n\nguarantees"),
])
def test_quote_integrity_folds_quote_marks_and_whitespace(quote, body):
    quoted = json.dumps(quote, ensure_ascii=False)  # JSON strings are YAML double-quoted strings
    text = f"---\ntitle: T\nsource: S\npublished: 2025\nquotes:\n  - speaker: macron\n    text: {quoted}\n---\n{body}\n"
    article = parse_article(text, PATH, index(), "x")
    assert article.quotes[0].text == quote


@pytest.mark.parametrize("quote", [
    "paper guarantees for everyone",  # not in the body
    "Not Paper Guarantees",  # case is part of a quotation
    "notpaper guarantees",  # spaces are folded, not removed
])
def test_quote_missing_from_the_body_fails_at_its_text_line(quote):
    text = edit(GOOD, "    text: not paper guarantees", f"    text: {quote}")
    assert_at(the_problem(text), PATH, line_of(text, f"text: {quote}"), "quote text does not occur in the body")


def test_quote_in_the_front_matter_only_does_not_count():
    text = edit(GOOD, "summary: Talks.", "summary: something unique here")
    text = edit(text, "    text: not paper guarantees", "    text: something unique here")
    assert_at(the_problem(text), PATH, line_of(text, "    text: something unique here"), "does not occur")


# --------------------------------------------------------------- duplicate keys

def test_duplicate_key_in_the_front_matter_names_both_file_lines():
    text = edit(GOOD, "source: Test Wire", "source: Test Wire\ntitle: Another title")
    problem = the_problem(text)
    assert_at(problem, PATH, line_of(text, "title: Another title"), "duplicate key 'title'",
              f"first on line {line_of(text, 'title: A good article')}")


def test_duplicate_key_in_a_quote():
    text = edit(GOOD, "    context: in Paris", "    context: in Paris\n    speaker: lavrov")
    assert_at(the_problem(text), PATH, line_of(text, "speaker: lavrov"), "duplicate key 'speaker'",
              f"first on line {line_of(text, 'speaker: macron')}")


def test_duplicate_key_in_the_index():
    text = edit(INDEX, "    kind: country\n  - id: russia", "    kind: country\n    name: Kyiv\n  - id: russia")
    _, problems = parse_index(text, "content/index.yaml")
    (problem,) = problems
    assert_at(problem, "content/index.yaml", line_of(text, "    name: Kyiv"), "duplicate key 'name'",
              f"first on line {line_of(text, 'name: Ukraine')}")


# ------------------------------------------------------- YAML in front matter

def test_tag_in_front_matter_is_refused_at_its_file_line():
    text = edit(GOOD, "summary: Talks.", "summary: !!python/object/apply:os.system ['true']")
    assert_at(the_problem(text), PATH, line_of(text, "summary: !!python"), "'!!python/object/apply:os.system'",
              "not allowed")


def test_yaml_syntax_error_in_front_matter_is_at_its_file_line():
    text = edit(GOOD, "places: [Geneva]", "places: [Geneva\nsummary2: x")
    problem = the_problem(text)
    assert problem.path == PATH
    assert line_of(text, "places: [Geneva") <= problem.line <= line_of(text, "summary2")
    assert "YAML syntax error" in problem.message


def test_control_character_in_front_matter_is_at_its_line():
    text = edit(GOOD, "summary: Talks.", 'summary: "Talks\x07."')
    assert_at(the_problem(text), PATH, line_of(text, "summary: "), "unacceptable character #x0007")


def test_line_separators_inside_values_do_not_shift_line_numbers():
    # YAML 1.1 counts U+2028 and U+0085 as line breaks; editors do not.
    text = edit(GOOD, "summary: Talks.", 'summary: "One\u2028two\u2029three\x85four."')
    text = edit(text, "published: 2025-11-25", "published: 2025-11-25\nx-note: 'a\u2028b'")
    text = edit(text, "    place: Geneva", "    place: Geneva\n    plaec: Geneva")
    assert_at(the_problem(text), PATH, line_of(text, "plaec:"), "unknown key 'plaec'")


def test_many_problems_in_one_file_are_all_reported_in_line_order():
    text = edit(GOOD, "published: 2025-11-25", "published: 2025-02-30")
    text = edit(text, "    party: russia", "    party: rusia")
    text = edit(text, "summary: Talks.", "sumary: Talks.")
    text = edit(text, "url: https://www.example.org/a-good-article", "url: ftp://example.org/x")
    problems = problems_of(text)
    assert [p.line for p in problems] == sorted(
        [line_of(text, "published:"), line_of(text, "url:"), line_of(text, "sumary:"), line_of(text, "party: rusia")])
    assert all(p.path == PATH for p in problems)


# ------------------------------------------------------------------------ url

@pytest.mark.parametrize("url", [
    "ftp://example.org/x", "javascript:alert(1)", "file:///etc/passwd", "www.example.org", "https://",
    "http:// example.org", "data:text/html,hi",
])
def test_url_must_be_http_or_https(url):
    text = edit(GOOD, "url: https://www.example.org/a-good-article", f"url: '{url}'")
    assert_at(the_problem(text), PATH, line_of(text, "url: "), "must be an http:// or https:// address")


@pytest.mark.parametrize("url", ["http://example.org", "https://www.example.org/a?b=c#d", "HTTPS://EXAMPLE.ORG/"])
def test_http_urls_are_fine(url):
    text = edit(GOOD, "url: https://www.example.org/a-good-article", f"url: '{url}'")
    assert parse_article(text, PATH, index(), "x").url == url


# ----------------------------------------------------------- front matter fences

@pytest.mark.parametrize("text", [
    "title: T\nsource: S\npublished: 2025\n---\nBody\n",
    "\n---\ntitle: T\n---\nBody\n",
    "Just a body.\n",
    "",
])
def test_missing_front_matter(text):
    assert_at(the_problem(text), PATH, 1, "must begin with a '---' line")


def test_unclosed_front_matter():
    text = "---\ntitle: T\nsource: S\npublished: 2025\nBody without a fence\n"
    assert_at(the_problem(text), PATH, 1, "never closed")


# ------------------------------------------------------------------ the index

def test_index_loads():
    parsed = index()
    assert parsed.title == "Test briefing"
    assert [a.id for a in parsed.actors] == ["zelensky", "ukraine", "russia", "lavrov", "macron"]
    assert parsed.actor_by_id["zelensky"].aliases == ("Zelenskyy", "Mr. Zelensky")
    assert parsed.actor_by_id["zelensky"].party == "ukraine"
    assert [t.id for t in parsed.topics] == ["ceasefire", "security-guarantees", "nato-membership"]
    assert parsed.topic_by_id["security-guarantees"].keywords == ("guarantees",)


def test_duplicate_actor_id_in_the_index():
    text = edit(INDEX, "topics:\n", "  - id: lavrov\n    name: Another Lavrov\n    kind: person\ntopics:\n")
    parsed, problems = parse_index(text, "content/index.yaml")
    (problem,) = problems
    assert_at(problem, "content/index.yaml", line_of(text, "  - id: lavrov", 2), "duplicate actor id 'lavrov'",
              f"first on line {line_of(text, '  - id: lavrov')}")
    assert [a.name for a in parsed.actors if a.id == "lavrov"] == ["Sergey Lavrov"]


def test_duplicate_topic_id_in_the_index():
    text = INDEX + "  - id: ceasefire\n    title: Truce\n"
    _, problems = parse_index(text, "content/index.yaml")
    (problem,) = problems
    assert_at(problem, "content/index.yaml", line_of(text, "  - id: ceasefire", 2), "duplicate topic id 'ceasefire'",
              f"first on line {line_of(text, '  - id: ceasefire')}")


@pytest.mark.parametrize(("old", "new", "at", "fragment"), [
    ("    party: russia", "    party: rusia", "party: rusia", "unknown party 'rusia' (did you mean 'russia'?)"),
    ("  - id: macron\n    name: Emmanuel Macron", "  - id: macron\n    nmae: Emmanuel Macron", "nmae:",
     "unknown key 'nmae' in an actor (did you mean 'name'?)"),
    ("    kind: person\n    party: russia", "    kind: persn\n    party: russia", "kind: persn",
     "actor kind 'persn' is not one of person, country, organisation (did you mean 'person'?)"),
    ("  - id: macron", "  - id: Macron!", "id: Macron!", "actor id 'Macron!' must use only a-z, 0-9 and '-'"),
    ("    title: NATO membership", "    titel: NATO membership", "titel:", "unknown key 'titel' in a topic"),
    ("title: Test briefing", "titel: Test briefing", "titel:",
     "unknown key 'titel' in index.yaml (did you mean 'title'?)"),
    ("  - id: macron\n    name: Emmanuel Macron\n", "  - id: macron\n", "id: macron", "'name' is required"),
])
def test_index_problems_are_at_their_line(old, new, at, fragment):
    text = edit(INDEX, old, new)
    _, problems = parse_index(text, "content/index.yaml")
    assert any(str(p).startswith(f"content/index.yaml:{line_of(text, at)}: ")
               and fragment in p.message for p in problems), "\n".join(map(str, problems))


def test_index_that_is_not_a_mapping():
    with pytest.raises(ContentError) as caught:
        parse_index("- a\n- b\n", "content/index.yaml")
    assert_at(caught.value.problems[0], "content/index.yaml", 1, "must be a mapping")


def test_an_alias_shared_by_two_actors_is_a_problem():
    text = edit(INDEX, "    aliases: [Moscow]", "    aliases: [Moscow, Kyiv]")
    _, problems = parse_index(text, "content/index.yaml")
    assert any("'Kyiv'" in p.message and "'ukraine'" in p.message and "'russia'" in p.message for p in problems)


# ------------------------------------------------------------------ the files

def test_read_text_accepts_a_bom_and_crlf(tmp_path):
    path = write(tmp_path / "a.md", b"\xef\xbb\xbf---\r\ntitle: T\r\n---\r\nBody\r\n")
    assert read_text(path) == "---\ntitle: T\n---\nBody\n"


def test_non_utf8_is_reported_at_the_line_of_the_bad_byte(tmp_path):
    good = GOOD.encode("utf-8")
    lines = good.split(b"\n")
    lines[6] = lines[6] + b" caf\xe9"  # Latin-1 e-acute on line 7
    path = write(tmp_path / "a.md", b"\n".join(lines))
    with pytest.raises(ContentError) as caught:
        read_text(path)
    (problem,) = caught.value.problems
    assert_at(problem, str(path), 7, "not UTF-8", "0xe9")


def test_nul_byte_is_reported_as_binary_at_its_line(tmp_path):
    path = write(tmp_path / "a.md", b"---\ntitle: T\nsource: \x00\x01\x02\n---\n")
    with pytest.raises(ContentError) as caught:
        read_text(path)
    assert_at(caught.value.problems[0], str(path), 3, "binary file")


def test_file_over_5_mib_is_refused(tmp_path):
    path = write(tmp_path / "a.md", GOOD.encode() + b"x" * (MAX_FILE_BYTES - len(GOOD.encode()) + 1))
    assert path.stat().st_size == MAX_FILE_BYTES + 1
    with pytest.raises(ContentError) as caught:
        read_text(path)
    assert_at(caught.value.problems[0], str(path), 1, "the limit is 5 MiB")


def test_file_of_exactly_5_mib_is_read(tmp_path):
    path = write(tmp_path / "a.md", b"x" * MAX_FILE_BYTES)
    assert len(read_text(path)) == MAX_FILE_BYTES


def test_a_file_that_grew_after_it_was_statted_is_read_whole_or_refused(tmp_path, monkeypatch):
    """The read is sized by stat's answer, but goes on to the file's end (or just past the limit)."""
    import os
    import stat as stat_module

    from briefing import loader

    real_fstat = os.fstat

    def stale_fstat(handle):  # as if the file grew after its size was taken
        status = real_fstat(handle)
        if stat_module.S_ISREG(status.st_mode) and status.st_size > 1000:
            return os.stat_result((status.st_mode, *status[1:6], 10, *status[7:]))
        return status

    grown = write(tmp_path / "grown.md", GOOD.encode() + b"y" * 200_000)
    huge = write(tmp_path / "huge.md", b"x" * (MAX_FILE_BYTES + 5))
    monkeypatch.setattr(loader.os, "fstat", stale_fstat)
    assert read_text(grown) == GOOD + "y" * 200_000
    with pytest.raises(ContentError) as caught:
        read_text(huge)
    assert_at(caught.value.problems[0], str(huge), 1, "the limit is 5 MiB")


def test_unreadable_path_is_a_content_error(tmp_path):
    with pytest.raises(ContentError) as caught:
        read_text(tmp_path / "missing.md")
    assert str(caught.value.problems[0]) == f"{tmp_path / 'missing.md'}: cannot read: no such file or directory"


def test_bom_and_crlf_article_loads_with_right_lines(content):
    good = GOOD.replace("\n", "\r\n").encode()
    write(content / "articles" / "good.md", b"\xef\xbb\xbf" + good)
    bad_text = edit(GOOD, "    said: 2025-11-24", "    said: 2025-11-31")
    bad = write(content / "articles" / "bad.md", b"\xef\xbb\xbf" + bad_text.replace("\n", "\r\n").encode())
    result = load_content(content)
    assert [a.id for a in result.articles] == ["good"]
    assert result.articles[0].body.startswith("Macron promised")
    assert "\r" not in result.articles[0].body
    (problem,) = result.problems
    assert_at(problem, str(bad), line_of(bad_text, "said: 2025-11-31"), "November 2025 has 30 days")


def test_a_fifo_is_refused_instead_of_hanging(content):
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs on this platform")
    write(content / "articles" / "good.md", GOOD)
    os.mkfifo(content / "articles" / "pipe.md")
    script = ("import sys\nfrom briefing.loader import load_content\n"
              "result = load_content(sys.argv[1])\n"
              "print(len(result.articles)); print(*result.problems, sep='\\n')\n")
    # Opening a FIFO for reading blocks until someone writes; the timeout
    # only stops a hung child, it measures nothing.
    done = subprocess.run([sys.executable, "-c", script, str(content)], cwd=REPO,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    count, problem = done.stdout.splitlines()[:2]
    assert count == "1"
    assert problem.startswith(f"{content / 'articles' / 'pipe.md'}: ")
    assert "not a regular file" in problem


# --------------------------------------------------------- a content directory

def test_one_bad_file_never_stops_the_others(content):
    write(content / "articles" / "a.md", GOOD)
    write(content / "articles" / "b.md", "no front matter at all\n")
    write(content / "articles" / "c.md", edit(GOOD, "published: 2025-11-25", "published: 2025-02-30"))
    write(content / "articles" / "d.md", b"---\ntitle: \xff\n---\n")
    write(content / "articles" / "e.md", "---\ntitle: [unclosed\n---\nBody\n")
    write(content / "articles" / "f.md", "---\ntitle: T\nsource: S\npublished: 2025\n---\nFine.\n")
    result = load_content(content)
    assert [a.id for a in result.articles] == ["a", "f"]
    assert sorted({Path(p.path).name for p in result.problems}) == ["b.md", "c.md", "d.md", "e.md"]
    assert result.files_read == 7  # six articles and the index
    assert result.index.actor_by_id["zelensky"].name == "Volodymyr Zelensky"


def test_articles_at_any_depth_and_the_id_defaults_to_the_stem(content):
    write(content / "articles" / "2025" / "11" / "deep" / "my-article.md", GOOD)
    write(content / "articles" / "top.md", GOOD)
    result = load_content(content)
    assert result.problems == ()
    assert sorted(a.id for a in result.articles) == ["my-article", "top"]
    deep = next(a for a in result.articles if a.id == "my-article")
    assert deep.quotes[0].article_id == "my-article"
    assert deep.path == str(content / "articles" / "2025" / "11" / "deep" / "my-article.md")


def test_dot_files_and_other_suffixes_are_ignored(content):
    write(content / "articles" / "real.md", GOOD)
    write(content / "articles" / ".draft.md", "garbage")
    write(content / "articles" / ".hidden" / "inside.md", "garbage")
    write(content / "articles" / "sub" / ".git" / "x.md", "garbage")
    write(content / "articles" / "notes.txt", "garbage")
    write(content / "articles" / "real.md~", "garbage")
    assert [p.name for p in article_paths(content)] == ["real.md"]
    result = load_content(content)
    assert result.problems == ()
    assert [a.id for a in result.articles] == ["real"]


def test_article_paths_are_sorted(content):
    for name in ["b.md", "a/z.md", "a.md", "c/a.md"]:
        write(content / "articles" / name, GOOD)
    paths = article_paths(content)
    assert paths == sorted(paths)
    assert len(paths) == 4


def test_duplicate_article_id_from_two_file_stems(content):
    write(content / "articles" / "a" / "same.md", GOOD)
    second = write(content / "articles" / "b" / "same.md", GOOD + "\nid: not-a-key, just body text\n")
    result = load_content(content)
    assert [a.path for a in result.articles] == [str(content / "articles" / "a" / "same.md")]
    (problem,) = result.problems
    # No `id:` key in the front matter: line 1 stands for the file name.
    assert_at(problem, str(second), 1, "duplicate article id 'same'", str(content / "articles" / "a" / "same.md"))


def test_duplicate_article_id_from_an_id_key(content):
    write(content / "articles" / "first.md", GOOD)
    text = edit(GOOD, "source: Test Wire", "source: Test Wire\nid: first")
    second = write(content / "articles" / "second.md", text)
    result = load_content(content)
    assert [a.id for a in result.articles] == ["first"]
    (problem,) = result.problems
    assert_at(problem, str(second), line_of(text, "id: first"), "duplicate article id 'first'")


def test_id_key_overrides_the_stem(content):
    write(content / "articles" / "file-name.md", edit(GOOD, "source: Test Wire", "source: Test Wire\nid: chosen"))
    assert [a.id for a in load_content(content).articles] == ["chosen"]


def test_bad_article_id(content):
    text = edit(GOOD, "source: Test Wire", "source: Test Wire\nid: 'has spaces/and slash'")
    path = write(content / "articles" / "a.md", text)
    (problem,) = load_content(content).problems
    assert_at(problem, str(path), line_of(text, "id: "), "article id 'has spaces/and slash'")


def test_missing_index_yaml(tmp_path):
    root = tmp_path / "content"
    write(root / "articles" / "a.md", GOOD)
    result = load_content(root)
    (problem,) = result.problems
    assert problem.path == str(root / "index.yaml")
    assert "no index.yaml" in problem.message
    assert [a.id for a in result.articles] == ["a"]  # ids cannot be checked, but the article loads


def test_broken_index_still_lets_articles_load(content):
    write(content / "index.yaml", "actors: [unclosed\n")
    write(content / "articles" / "a.md", GOOD)
    result = load_content(content)
    assert [a.id for a in result.articles] == ["a"]
    assert [p.path for p in result.problems] == [str(content / "index.yaml")]


def test_index_problems_and_article_problems_are_both_listed(content):
    write(content / "index.yaml", INDEX + "  - id: ceasefire\n    title: Again\n")
    bad = write(content / "articles" / "a.md", edit(GOOD, "published: 2025-11-25", "published: 2025-13"))
    paths = [p.path for p in load_content(content).problems]
    assert paths == [str(content / "index.yaml"), str(bad)]


def test_missing_articles_folder(tmp_path):
    root = tmp_path / "content"
    write(root / "index.yaml", INDEX)
    result = load_content(root)
    (problem,) = result.problems
    assert problem.path == str(root / "articles")
    assert "no articles/ folder" in str(problem)


def test_missing_content_directory(tmp_path):
    with pytest.raises(ContentError) as caught:
        load_content(tmp_path / "nowhere")
    assert str(caught.value.problems[0]) == f"{tmp_path / 'nowhere'}: content directory not found"


# ------------------------------------------------------ check: no tracebacks

BROKEN_FILES = {
    "no-front-matter.md": "Just text\n",
    "unclosed.md": "---\ntitle: T\n",
    "empty.md": "",
    "only-fence.md": "---\n",
    "tag.md": "---\ntitle: !!python/object/apply:os.system ['true']\n---\nB\n",
    "deep.md": "---\ntitle: " + "[" * 5000 + "\n---\nB\n",
    "laughs.md": "---\na: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
                 "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
                 "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]\n---\nB\n",
    "list-root.md": "---\n- a\n---\nB\n",
    "scalar-root.md": "---\njust a string\n---\nB\n",
    "numbers.md": "---\ntitle: 1\nsource: 2.5\npublished: 3\nquotes: [1, 2]\nevents: [[]]\npositions: {}\n---\nB\n",
    "bools.md": "---\ntitle: yes\nsource: ~\npublished: true\nactors: [no, ~, 1]\n---\nB\n",
    "keys.md": "---\n? [a]\n: b\n1: x\n~: y\n---\nB\n",
    "bytes.md": b"---\ntitle: \xc3\x28\n---\n",
    "nul.md": b"\x00\x00",
    "ctrl.md": "---\ntitle: \x1b[31mred\n---\nB\n",
    "merge.md": "---\nbase: &b {title: x}\n<<: *b\n---\nB\n",
}


def test_check_never_prints_a_traceback(content, capsys, monkeypatch):
    monkeypatch.delenv("BRIEFING_DEBUG", raising=False)
    write(content / "articles" / "good.md", GOOD)
    for name, text in BROKEN_FILES.items():
        write(content / "articles" / name, text)
    status = cli.main(["check", "--content", str(content)])
    out, err = capsys.readouterr()
    assert status == 1
    assert "Traceback" not in out + err
    assert "internal error" not in out + err
    # every broken file is named, and the good one loaded
    for name in BROKEN_FILES:
        assert str(content / "articles" / name) + ":" in out, name
    assert "loaded 1 articles" in out


def test_check_with_a_broken_index_never_prints_a_traceback(content, capsys):
    for index_text in ["", "- a list\n", "actors: 5\ntopics: [1, [2]]\n", "actors:\n  - {}\n  - id: [x]\n",
                       "\x00", "actors:\n  - id: a\n    name: A\n    kind: person\n    aliases: [{x: 1}]\n"]:
        write(content / "index.yaml", index_text)
        status = cli.main(["check", "--content", str(content)])
        out, err = capsys.readouterr()
        assert status in (0, 1)
        assert "Traceback" not in out + err
        assert "internal error" not in out + err, index_text


def test_article_paths_come_in_paths_own_order(tmp_path):
    from briefing.loader import article_paths

    names = ["a/x.md", "a-b/x.md", "a/B/y.md", "a/b.md", "A/z.md", "a.b/c.md", "a/b/c/d.md", "z.md"]
    for name in names:
        path = tmp_path / "articles" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("---\n---\n")
    found = article_paths(tmp_path)
    assert found == sorted(found) and len(found) == len(names)
