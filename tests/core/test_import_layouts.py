"""Splitting raw files into articles and reading their metadata
(briefing.importer.layouts, reading, outlets, dates)."""

from __future__ import annotations

import datetime as dt

import pytest

from briefing.dates import PartialDate
from briefing.importer import dates as date_words
from briefing.importer.layouts import split_file
from briefing.importer.outlets import outlet_for_url
from briefing.importer.reading import ReadError, decode

TODAY = dt.date(2026, 5, 1)


def split(text: str):
    return split_file(decode(text.encode("utf-8"), "raw.txt"), TODAY)


def test_metadata_block_layout():
    text = (
        "=== METADATA ===\n\nSource: Harbour Gazette\nTitle: Talks Resume in Oslo\n"
        "Authors: Ana Lind; Piet Smit\nReported_From: Oslo, Norway; Bergen, Norway\n"
        "Published_Date: 2026-02-03\nUpdated_Date: Not specified\n\n=== ARTICLE ===\n\n"
        "Talks Resume in Oslo\nDelegations met again on Tuesday.\n"
    )
    [article] = split(text)
    assert article.title == "Talks Resume in Oslo"
    assert article.source == "Harbour Gazette"
    assert article.authors == ["Ana Lind", "Piet Smit"]
    assert article.places == ["Oslo", "Bergen"]
    assert article.published == PartialDate(2026, 2, 3)
    assert article.body == "Talks Resume in Oslo\nDelegations met again on Tuesday."
    assert article.line == 12


def test_several_articles_each_closed_by_its_url():
    text = (
        "First Headline\n\nThe first story's text.\nhttps://www.rferl.org/a/first-story/123.html\n\n"
        "Second Headline\n\nThe second story's text.\n"
        "https://www.chicagotribune.com/2026/01/09/second-story/\n"
    )
    first, second = split(text)
    assert (first.title, first.source, first.url) == ("First Headline", "RFE/RL", "https://www.rferl.org/a/first-story/123.html")
    assert (second.title, second.source) == ("Second Headline", "Chicago Tribune")
    assert second.published == PartialDate(2026, 1, 9)
    assert "https://" not in first.body and "https://" not in second.body
    assert second.line == 6


def test_leading_date_marker():
    [article] = split(" date 2026-03 THE NEGOTIATORS met in a lakeside hotel, officials said, and talked late.")
    assert article.published == PartialDate(2026, 3)
    assert article.body.startswith("THE NEGOTIATORS met")
    assert article.title == "The Negotiators met in a lakeside hotel, officials said, and talked late"
    assert any("first sentence" in note for note in article.notes)


def test_wire_layout_headline_byline_date_line_and_dateline():
    text = (
        "Ports Reopen as Grain Corridor Deal Holds\n"
        "By MARTA KOWALSKA and Tom Reed, Associated Press\n"
        "March 12, 2026\n\n"
        "ODESA, Ukraine (AP) — Ships left the port on Thursday.\n"
    )
    [article] = split(text)
    assert article.title == "Ports Reopen as Grain Corridor Deal Holds"
    assert article.authors == ["Marta Kowalska", "Tom Reed"]
    assert article.source == "Associated Press"
    assert article.published == PartialDate(2026, 3, 12)
    assert "Odesa" in article.places
    assert "By MARTA" not in article.body and "March 12, 2026" not in article.body
    assert article.body.startswith("Ports Reopen")


def test_dateline_agency_and_date_without_year():
    text = "Ceasefire Monitors Arrive\n\nVIENNA, Feb 2 (Reuters) - Monitors arrived on Monday.\n"
    [article] = split(text)
    assert article.source == "Reuters"
    assert article.published == PartialDate(2026, 2, 2)


def test_unknown_layout_is_one_article_titled_by_its_first_line():
    [article] = split("Just a line of notes\nand another line about the talks.\n")
    assert article.title == "Just a line of notes"
    assert article.source == ""


def test_as_of_date_takes_its_year_from_the_other_articles_in_the_file():
    text = (
        "Explainer Headline\n\nHere is where things stand as of April 20, as talks go on.\n"
        "https://www.rferl.org/a/explainer/1.html\n\n"
        "Dated Story\n\nText.\nhttps://www.chicagotribune.com/2024/04/22/dated-story/\n"
    )
    explainer, _ = split(text)
    assert explainer.published == PartialDate(2024, 4, 20)


def test_no_date_at_all_falls_back_to_the_import_day_and_says_so():
    [article] = split("Headline\n\nNo date anywhere here.\n")
    assert article.published == PartialDate(2026, 5, 1)
    assert any("no date" in note for note in article.notes)


def test_outlet_names_from_urls():
    assert outlet_for_url("https://www.rferl.org/a/x/1.html") == "RFE/RL"
    assert outlet_for_url("https://www.chicagotribune.com/2025/10/17/x/") == "Chicago Tribune"
    assert outlet_for_url("https://news.example.org/a") == "news.example.org"


@pytest.mark.parametrize("words, expected", [
    ("on Tuesday", "2026-03-10"),          # published on a Tuesday: that same day
    ("on Monday", "2026-03-09"),
    ("yesterday", "2026-03-09"),
    ("last week", "2026-03"),              # a week names no day
    ("in August", "2025-08"),
    ("on February 27", "2026-02-27"),
    ("next Thursday", "2026-03-12"),
    ("two days ago", "2026-03-08"),
    ("in 2022", "2022"),
])
def test_relative_dates_resolve_against_the_publication_date(words, expected):
    published = PartialDate(2026, 3, 10)   # a Tuesday
    [mention] = date_words.find_dates(f"The envoys met {words} in Geneva.")
    assert date_words.resolve(mention, published).iso() == expected


def test_weekday_cannot_be_resolved_without_a_publication_day():
    [mention] = date_words.find_dates("They met on Friday.")
    assert date_words.resolve(mention, PartialDate(2026, 3)) is None


def test_date_from_url_path():
    assert date_words.date_from_url("https://x.com/2025/10/17/story/") == PartialDate(2025, 10, 17)
    assert date_words.date_from_url("https://x.com/news/2025-10/story") == PartialDate(2025, 10)
    assert date_words.date_from_url("https://x.com/a/33606177.html") is None


# ------------------------------------------------------------------ reading

def test_empty_file_is_refused():
    with pytest.raises(ReadError, match="empty"):
        decode(b"  \n\n ", "empty.txt")


def test_binary_file_is_refused_with_its_line():
    with pytest.raises(ReadError, match="binary") as error:
        decode(b"line one\nline two \x00\x01\x02", "data.bin")
    assert error.value.line == 2


def test_windows_1252_is_read_and_said_so():
    raw = decode("Minister’s “warning”\n".encode("cp1252"), "old.txt")
    assert raw.text == "Minister’s “warning”\n"
    assert raw.encoding == "cp1252" and "Windows-1252" in raw.note


def test_utf8_bom_and_crlf_are_accepted():
    raw = decode("\ufeffHeadline\r\nText\r\n".encode("utf-8"), "bom.txt")
    assert raw.text == "Headline\nText\n" and raw.note == ""


def test_articles_that_open_with_their_url():
    text = ("https://example.org/2026/01/02/one\nFirst Story\n\nText one.\n\n"
            "https://example.org/two\nSecond Story\n\nText two.\n")
    first, second = split(text)
    assert (first.title, first.url, first.published) == ("First Story", "https://example.org/2026/01/02/one",
                                                         PartialDate(2026, 1, 2))
    assert (second.title, second.url) == ("Second Story", "https://example.org/two")


def test_a_form_feed_separates_articles():
    first, second = split("First Story\n\nText one.\n\fSecond Story\n\nText two.\n")
    assert (first.title, second.title) == ("First Story", "Second Story")
