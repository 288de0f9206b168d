"""The Markdown building blocks: content stays text, whatever it contains."""

from __future__ import annotations

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from briefing.export import markdown as md

COMMONMARK = MarkdownIt("commonmark").enable("table").enable("strikethrough")

# Text biased towards what breaks Markdown: punctuation, line breaks, controls.
_PIECES = list("\\`*_[]<>|~$#&;!()-+=.:^ \n\r\t\x1b\x07\x85\u2028\ud800") + [
    "1.", "&amp;", "&#65;", "[^1]", "```", "    ", "<b>", "http://x.y", "---", "==="]
nasty_text = st.lists(st.one_of(st.sampled_from(_PIECES), st.characters()), max_size=30).map("".join)


def _inline_text(tokens) -> str:
    """The plain text of an inline token, failing on any markup it contains."""
    parts = []
    for child in tokens.children:
        assert child.type == "text", f"content produced markup: {child.type}"
        parts.append(child.content)
    return "".join(parts)


@settings(max_examples=300, deadline=None)
@given(nasty_text)
def test_a_paragraph_renders_as_exactly_the_cleaned_text(text):
    source = md.line_start(text)
    if not md.clean(text):
        assert source == ""
        return
    tokens = COMMONMARK.parse(source)
    assert [t.type for t in tokens] == ["paragraph_open", "inline", "paragraph_close"]
    assert _inline_text(tokens[1]) == md.clean(text)


@settings(max_examples=300, deadline=None)
@given(nasty_text, nasty_text)
def test_a_table_cell_never_splits_or_breaks_the_row(left, right):
    source = "\n".join(md.table(["A", "B"], [[md.inline(left), md.inline(right)]]))
    tokens = COMMONMARK.parse(source)
    cells = [tokens[i + 1] for i, t in enumerate(tokens) if t.type == "td_open"]
    assert len(cells) == 2
    assert [_inline_text(cell) for cell in cells] == [md.clean(left), md.clean(right)]


def test_escapes_what_would_change_the_structure():
    assert md.inline("a | b") == r"a \| b"
    assert md.inline("line one\nline two") == "line one line two"
    assert md.inline("see [^1] and <b>x</b>") == r"see \[^1\] and \<b\>x\</b\>"
    assert md.inline("AT&T &amp; co") == r"AT&T \&amp; co"
    assert md.line_start("# not a heading") == r"\# not a heading"
    assert md.line_start("> not a quote") == r"\> not a quote"
    assert md.line_start("- not a list") == r"\- not a list"
    assert md.line_start("2025. A year") == r"2025\. A year"
    assert md.heading(2, "Plan #") == r"## Plan \#"


def test_never_emits_control_characters_or_lone_surrogates():
    cleaned = md.inline("bell\x07 escape\x1b[31m red \ud800 end")
    assert "\x07" not in cleaned and "\x1b" not in cleaned
    assert "\ufffd" in cleaned
    cleaned.encode("utf-8")  # would raise on a lone surrogate


def test_only_plain_web_addresses_become_autolinks():
    assert md.link_or_text("https://example.org/a_b?c=1") == "<https://example.org/a_b?c=1>"
    assert md.link_or_text("https://example.org/<script>") == r"https://example.org/\<script\>"


def test_front_matter_round_trips_through_safe_load():
    fields = {"title": "Cap: 'army' — \"size\" # not a comment", "when": "2025-06", "count": 3, "none": None,
              "tricky": "---\n...\x1b[2J"}
    text = md.front_matter(fields)
    assert text.startswith("---\n") and text.endswith("---\n")
    loaded = yaml.safe_load(text.removeprefix("---\n").removesuffix("---\n"))
    assert loaded == {"title": fields["title"], "when": "2025-06", "count": 3, "none": None,
                      "tricky": "--- ...[2J"}
