"""PartialDate: parsing, precision, ordering, range overlap, display."""

from __future__ import annotations

import datetime as dt

import pytest

from briefing.dates import DateError, PartialDate


# ------------------------------------------------------------------ parsing

@pytest.mark.parametrize(("text", "expected", "precision"), [
    ("2025-06-02", PartialDate(2025, 6, 2), "day"),
    ("2025-06", PartialDate(2025, 6), "month"),
    ("2025", PartialDate(2025), "year"),
    ("  2025-11-25  ", PartialDate(2025, 11, 25), "day"),
    ("2024-02-29", PartialDate(2024, 2, 29), "day"),  # a leap day is real
    ("2025-12-31", PartialDate(2025, 12, 31), "day"),
])
def test_parse_keeps_the_precision_it_was_given(text, expected, precision):
    date = PartialDate.parse(text)
    assert date == expected
    assert date.precision == precision


@pytest.mark.parametrize("text", ["2025-06-02", "2025-06", "2025", "0999-01-05"])
def test_iso_round_trips(text):
    assert PartialDate.parse(text).iso() == text
    assert str(PartialDate.parse(text)) == text


@pytest.mark.parametrize(("text", "fragment"), [
    ("2025-02-30", "February 2025 has 28 days"),
    ("2025-02-29", "February 2025 has 28 days"),  # not a leap year
    ("2025-04-31", "April 2025 has 30 days"),
    ("2025-06-00", "is not a calendar date"),
    ("2025-13", "has no month 13"),
    ("2025-00", "has no month 0"),
    ("2025-13-01", "has no month 13"),
    ("0000", "has no year 0"),
])
def test_impossible_dates_are_refused_with_a_reason(text, fragment):
    with pytest.raises(DateError) as caught:
        PartialDate.parse(text)
    assert fragment in str(caught.value)
    assert text in str(caught.value)


@pytest.mark.parametrize("text", [
    "", "   ", "junk", "June 2025", "2 June 2025", "25-06-02", "2025/06/02", "2025-6-2",
    "2025-06-02T10:00:00", "2025-06-02 10:00", "20250602", "2025-06-", "-2025", "+2025",
    "2025-06-02-01", "12345", "２０２５-０６-０２", "٢٠٢٥",
])
def test_junk_is_refused_with_the_expected_forms(text):
    with pytest.raises(DateError) as caught:
        PartialDate.parse(text)
    assert "YYYY-MM-DD" in str(caught.value)


def test_date_error_is_a_value_error():
    # Callers that catch ValueError (argparse types, queries) still catch it.
    assert issubclass(DateError, ValueError)


def test_from_date():
    assert PartialDate.from_date(dt.date(2025, 11, 26)) == PartialDate(2025, 11, 26)


# ----------------------------------------------------------------- ordering

def test_partial_dates_sort_before_the_full_dates_they_contain():
    texts = ["2025-07", "2025-06-02", "2025", "2025-06-01", "2025-06", "2024-12-31", "2026"]
    ordered = sorted(PartialDate.parse(t) for t in texts)
    assert [d.iso() for d in ordered] == [
        "2024-12-31", "2025", "2025-06", "2025-06-01", "2025-06-02", "2025-07", "2026",
    ]


def test_comparison_operators():
    june, first, second, july = (PartialDate.parse(t) for t in ("2025-06", "2025-06-01", "2025-06-02", "2025-07"))
    assert june < first < second < july
    assert july > second > first > june
    assert june <= june and june >= june
    assert not june < june
    assert first <= second and not second <= first
    assert july >= june and not june >= july


def test_equality_and_hash_respect_precision():
    assert PartialDate.parse("2025-06") != PartialDate.parse("2025-06-01")
    assert PartialDate.parse("2025-06") == PartialDate(2025, 6)
    assert len({PartialDate.parse("2025-06"), PartialDate(2025, 6), PartialDate(2025, 6, 1)}) == 2


# ------------------------------------------------------------- day spans

@pytest.mark.parametrize(("text", "first", "last"), [
    ("2025", dt.date(2025, 1, 1), dt.date(2025, 12, 31)),
    ("2025-02", dt.date(2025, 2, 1), dt.date(2025, 2, 28)),
    ("2024-02", dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
    ("2025-06-02", dt.date(2025, 6, 2), dt.date(2025, 6, 2)),
])
def test_first_and_last_day(text, first, last):
    date = PartialDate.parse(text)
    assert date.first_day() == first
    assert date.last_day() == last


# ---------------------------------------------------------------- overlaps

def _d(text: str) -> PartialDate:
    return PartialDate.parse(text)


@pytest.mark.parametrize(("item", "since", "until", "expected"), [
    # no bounds: everything
    ("2025-06-02", None, None, True),
    # a full date against partial bounds
    ("2025-06-02", "2025-06", None, True),
    ("2025-06-02", None, "2025-06", True),
    ("2025-06-02", "2025-06", "2025-06", True),
    ("2025-05-31", "2025-06", None, False),
    ("2025-07-01", None, "2025-06", False),
    ("2025-06-30", None, "2025-06", True),  # until a month includes its last day
    # a month overlaps a range that covers any of its days
    ("2025-06", "2025-06-15", None, True),
    ("2025-06", None, "2025-06-01", True),
    ("2025-06", "2025-06-10", "2025-06-12", True),
    ("2025-06", "2025-07-01", None, False),
    ("2025-06", None, "2025-05-31", False),
    # a year-only date
    ("2025", "2025-12-31", None, True),
    ("2025", None, "2025-01-01", True),
    ("2025", "2026", None, False),
    ("2025", None, "2024-12", False),
    # bounds are inclusive at the day
    ("2025-06-02", "2025-06-02", "2025-06-02", True),
    ("2025-06-02", "2025-06-03", None, False),
    ("2025-06-02", None, "2025-06-01", False),
])
def test_overlaps_treats_a_partial_date_as_the_days_it_covers(item, since, until, expected):
    bound_since = _d(since) if since else None
    bound_until = _d(until) if until else None
    assert _d(item).overlaps(bound_since, bound_until) is expected


# ------------------------------------------------------------------- human

@pytest.mark.parametrize(("text", "shown"), [
    ("2025-06-02", "2 June 2025"),
    ("2025-11-25", "25 November 2025"),
    ("2025-01", "January 2025"),
    ("2025-12", "December 2025"),
    ("2025", "2025"),
])
def test_human(text, shown):
    assert PartialDate.parse(text).human() == shown


def test_days_in_month_agree_with_the_calendar_module():
    import calendar

    from briefing.dates import days_in_month

    assert all(days_in_month(year, month) == calendar.monthrange(year, month)[1]
               for year in (1900, 1999, 2000, 2023, 2024, 2025, 2100, 2400) for month in range(1, 13))
