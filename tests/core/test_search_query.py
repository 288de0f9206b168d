"""The search box's language (parse_query) and the tokenizer it shares with the index."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.corpus import QueryError
from briefing.dates import PartialDate
from briefing.search import parse_query
from briefing.search.tokens import token_spans, tokens
from briefing.text import fold_for_search


def test_the_full_example_from_the_issue():
    query = parse_query('actor:lavrov topic:nato-membership since:2025-11 until:2025-12 kind:quote '
                        '"paper guarantees" words')
    assert query.actors == ("lavrov",) and query.topics == ("nato-membership",)
    assert query.since == PartialDate(2025, 11) and query.until == PartialDate(2025, 12)
    assert query.kinds == ("quote",)
    assert query.phrases == (("paper", "guarantees"),)
    assert query.words == ("paper", "guarantees", "words")
    assert [term.phrase for term in query.terms] == [0, 0, -1]
    assert query.terms[-1].prefix  # the last word may still be being typed


def test_a_finished_word_is_not_a_prefix():
    assert not parse_query("guarantees ").terms[-1].prefix
    assert not parse_query("guarantees actor:macron").terms[-1].prefix
    assert not parse_query('"guarantees"').terms[-1].prefix
    assert parse_query("actor:macron guaran").terms[-1].prefix


def test_values_with_spaces_are_quoted_and_keys_fold_case():
    query = parse_query('ACTOR:"Mr. Zelensky" Topic:ceasefire kind:quotes')
    assert query.actors == ("Mr. Zelensky",) and query.topics == ("ceasefire",) and query.kinds == ("quote",)


def test_typographic_quotes_make_a_phrase_and_words_fold():
    query = parse_query("\u201cSécurité GARANTIES\u201d Zelenskyy\u2019s")
    assert query.phrases == (("securite", "garanties"),)
    assert query.words == ("securite", "garanties", "zelenskyy")  # no stray "s"


def test_filters_only_and_empty_queries():
    assert parse_query("").terms == () and not parse_query("").has_filters
    assert parse_query("   ").terms == ()
    only = parse_query("actor:lavrov")
    assert only.terms == () and only.has_filters


def test_urls_times_and_quoted_colons_are_text():
    assert parse_query("https://example.org/a").words[:2] == ("https", "example")
    assert parse_query("16:00").words == ("16", "00")
    assert parse_query('"note: this"').phrases == (("note", "this"),)


@pytest.mark.parametrize("text, words", [
    ('"paper', ["unbalanced quote", 'close it: "paper"']),
    ('actor:"Mr. Zelensky', ["unbalanced quote"]),
    ("kindd:quote", ["unknown filter 'kindd:'", "did you mean 'kind'"]),
    ("topic:", ["needs a value"]),
    ("kind:quotation", ["unknown kind", "did you mean 'quote'"]),
    ("since:2025-1", ["not a date"]),
    ("until:2025-04-31", ["April 2025 has 30 days"]),
    ("since:2026 until:2025", ["after until"]),
    ("until:2025 until:2026", ["given twice"]),
])
def test_malformed_queries(text, words):
    with pytest.raises(QueryError) as caught:
        parse_query(text)
    for word in words:
        assert word in str(caught.value)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(list('ab "\u201c:\'-') + ["actor:", "kind:", "since:", "until:", "topic:",
                                                            "2025", "-11", "quote"]), max_size=20).map("".join))
def test_parsing_never_fails_with_anything_but_a_query_error(text):
    try:
        query = parse_query(text)
    except QueryError as error:
        assert str(error).strip(), "a query error explains itself"
        return
    # What was read is the text's own: its words are the text's words, each phrase's words
    # are its terms, in order, and the filters hold only what the language allows.
    assert set(query.words) <= set(tokens(text))
    for number, phrase in enumerate(query.phrases):
        assert phrase == tuple(term.word for term in query.terms if term.phrase == number)
    assert all(-1 <= term.phrase < len(query.phrases) for term in query.terms)
    assert set(query.kinds) <= {"quote", "article", "event"}
    if query.since is not None and query.until is not None:
        assert query.since <= query.until


@settings(max_examples=1000, deadline=None)
@given(st.text())
def test_the_index_and_the_highlighter_see_the_same_words(text):
    expected = re.findall(r"\w+", fold_for_search(text))
    assert tokens(text) == expected
    spans = token_spans(text)
    assert [word for _, _, word in spans] == expected
    for start, end, _ in spans:
        assert 0 <= start < end <= len(text)


def test_spans_are_offsets_into_the_original_text():
    text = "Zelenskyy\u2019s r\u00e9sum\u00e9 and re\u0301sume\u0301: \u201cAnchorage\u201d"
    assert [(text[start:end], word) for start, end, word in token_spans(text)] == [
        ("Zelenskyy", "zelenskyy"), ("s", "s"), ("r\u00e9sum\u00e9", "resume"), ("and", "and"),
        ("re\u0301sume\u0301", "resume"), ("Anchorage", "anchorage")]
