"""Counts said with their noun agreeing: one rule for the reader's pages, notices and exported briefs."""

from briefing.text import counted


def test_one_is_singular_and_every_other_count_plural():
    assert counted(1, "article") == "1 article"
    assert counted(0, "article") == "0 articles"
    assert counted(2, "sticking point") == "2 sticking points"


def test_large_counts_are_grouped_and_irregular_plurals_can_be_given():
    assert counted(10_000, "quotation") == "10,000 quotations"
    assert counted(3, "analysis", "analyses") == "3 analyses"
    assert counted(1, "analysis", "analyses") == "1 analysis"
