"""Dates in news text: explicit ("March 12, 2026"), partial ("in August")
and relative ("on Tuesday", "yesterday", "last week"), resolved against the
article's publication date, and the publication date itself when the text
is the only witness ("as of November 26", a date line under the headline).

A resolved date keeps only the precision the words support: "last week"
names no day, so it resolves to a month.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import TypedDict

from briefing.dates import DateError, PartialDate

MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): number for number, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
WEEKDAYS = {name.lower(): number for number, name in enumerate(calendar.day_name)}
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                "eight": 8, "nine": 9, "ten": 10, "a": 1, "an": 1}

_MONTH = r"(?P<month>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_WEEKDAY = r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"

# Order matters: longer forms first, so "March 12, 2026" is not read as "March 12".
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b")),
    ("month_day_year", re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b")),
    ("day_month_year", re.compile(rf"\b{_DAY}\s+{_MONTH},?\s+{_YEAR}\b")),
    ("month_day", re.compile(rf"\b{_MONTH}\s+{_DAY}\b(?![,.]?\d)(?!\s*(?:%|percent|per cent|km|miles|people|\d))")),
    ("day_month", re.compile(rf"\b{_DAY}\s+{_MONTH}\b")),
    ("month_year", re.compile(rf"\b{_MONTH}\s+{_YEAR}\b")),
    ("in_month", re.compile(rf"\b(?:in|since|during|until|by|of)\s+(?:(?:early|mid|late|mid-)\s*-?)?{_MONTH}\b(?!\s+\d)", re.I)),
    ("in_year", re.compile(rf"\b(?:in|since|during|of)\s+{_YEAR}\b")),
    ("weekday", re.compile(rf"\b(?P<prefix>(?:last|next|this|on|this past|this coming)\s+)?{_WEEKDAY}\b(?!\s*,?\s*{_MONTH})")),
    ("relative", re.compile(
        r"\b(?P<rel>yesterday|today|tonight|tomorrow|this (?:morning|afternoon|evening)|last night|overnight"
        r"|(?:earlier |later )?(?:last|this|next) (?:week|month|year)|(?:earlier|later) this (?:week|month|year)"
        r"|(?:over )?(?:the|this|last) weekend"
        r"|(?P<count>\d+|one|two|three|four|five|six|seven|eight|nine|ten|a|an) (?P<unit>days?|weeks?|months?|years?) ago)\b", re.I)),
]
_FUTURE = re.compile(r"\b(?:will|would|is|are) (?:\w+ )?(?:to )?(?:meet|hold|travel|visit|begin|start|be|arrive|present|take)\b|"
                     r"\b(?:scheduled|expected|planned|plans|set|due|upcoming)\b", re.I)


class _Span(TypedDict):
    """Where a mention is in the text: the first fields of every DateMention."""
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    text: str
    kind: str
    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None
    direction: int = -1      # -1 on or before the reference day, +1 after it
    offset: int = 0          # for relative forms, in `unit`s
    unit: str = ""           # day | week | month | year | weekend


def find_dates(text: str) -> list[DateMention]:
    """Every date expression in `text`, left to right, never overlapping."""
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            if any(match.start() < end and start < match.end() for start, end in taken):
                continue
            mention = _mention(kind, match, text)
            if mention is not None:
                found.append(mention)
                taken.append((match.start(), match.end()))
    return sorted(found, key=lambda m: m.start)


def _mention(kind: str, match: re.Match[str], text: str) -> DateMention | None:
    groups = match.groupdict()
    year = int(groups["year"]) if groups.get("year") else None
    month = _month(groups.get("month"))
    day = int(groups["day"]) if groups.get("day") else None
    if day is not None and not 1 <= day <= 31:
        return None
    base = _Span(start=match.start(), end=match.end(), text=match.group(0))
    before = text[max(0, match.start() - 60):match.start()]
    future = 1 if _FUTURE.search(before.split(".")[-1]) else -1
    if kind == "iso":
        return DateMention(kind="full", year=year, month=int(groups["month"]), day=day, **base)
    if kind in ("month_day_year", "day_month_year"):
        return DateMention(kind="full", year=year, month=month, day=day, **base)
    if kind in ("month_day", "day_month"):
        if kind == "month_day" and groups["month"].lower() in ("may", "march") and not match.group(0)[0].isupper():
            return None
        return DateMention(kind="month_day", month=month, day=day, direction=future, **base)
    if kind == "month_year":
        return DateMention(kind="month_year", year=year, month=month, **base)
    if kind == "in_month":
        if groups["month"].lower() in ("may", "march") and not groups["month"][0].isupper():
            return None
        return DateMention(kind="month", month=month, direction=future, **base)
    if kind == "in_year":
        return DateMention(kind="year", year=year, **base)
    if kind == "weekday":
        prefix = (groups.get("prefix") or "").strip().lower()
        direction = 1 if prefix in ("next", "this coming") or (prefix != "last" and future > 0) else -1
        return DateMention(kind="weekday", weekday=WEEKDAYS[groups["weekday"].lower()], direction=direction, **base)
    rel = groups["rel"].lower()
    if groups.get("unit"):
        count = groups["count"].lower()
        offset = int(count) if count.isdigit() else NUMBER_WORDS[count]
        unit = groups["unit"].lower().rstrip("s")
        return DateMention(kind="relative", offset=-offset, unit=unit, **base)
    simple = {"yesterday": (-1, "day"), "today": (0, "day"), "tonight": (0, "day"), "tomorrow": (1, "day"),
              "last night": (-1, "day"), "overnight": (0, "day")}
    if rel in simple:
        offset, unit = simple[rel]
        return DateMention(kind="relative", offset=offset, unit=unit, **base)
    if rel.startswith("this ") and rel.split()[1] in ("morning", "afternoon", "evening"):
        return DateMention(kind="relative", offset=0, unit="day", **base)
    if "weekend" in rel:
        return DateMention(kind="relative", offset=-1, unit="weekend", **base)
    words = rel.split()
    unit = words[-1]
    offset = {"last": -1, "this": 0, "next": 1}[words[-2]]
    return DateMention(kind="relative", offset=offset, unit=unit, **base)


def _month(name: str | None) -> int | None:
    if not name:
        return None
    return MONTHS.get(name.lower().rstrip("."))


# ----------------------------------------------------------------- resolving

def resolve(mention: DateMention, published: PartialDate | None, year_hint: int | None = None) -> PartialDate | None:
    """The date a mention names, as precise as the words and the reference allow."""
    try:
        return _resolve(mention, published, year_hint)
    except (DateError, ValueError, OverflowError):
        return None


def _resolve(m: DateMention, published: PartialDate | None, year_hint: int | None) -> PartialDate | None:
    ref_day = published.first_day() if published is not None and published.day else None
    if m.kind == "full":
        return PartialDate.parse(f"{m.year:04d}-{m.month:02d}-{m.day:02d}")
    if m.kind == "month_year":
        assert m.year is not None  # the month_year pattern always has a year
        return PartialDate(m.year, m.month)
    if m.kind == "year":
        assert m.year is not None  # the in_year pattern always has a year
        return PartialDate(m.year)
    if m.kind == "month_day":
        if m.month is None:
            return None  # a month name the pattern allows but no calendar has ("Sepember")
        year = _year_for(m.month, m.day, published, year_hint, m.direction)
        return PartialDate.parse(f"{year:04d}-{m.month:02d}-{m.day:02d}") if year else None
    if m.kind == "month":
        if m.month is None:
            return None  # likewise
        year = _year_for(m.month, None, published, year_hint, m.direction)
        return PartialDate(year, m.month) if year else None
    if m.kind == "weekday":
        if ref_day is None:
            return None
        assert m.weekday is not None  # the weekday pattern always names one
        if m.direction < 0:
            back = (ref_day.weekday() - m.weekday) % 7
            return PartialDate.from_date(ref_day - dt.timedelta(days=back))
        ahead = (m.weekday - ref_day.weekday()) % 7 or 7
        return PartialDate.from_date(ref_day + dt.timedelta(days=ahead))
    if m.kind == "relative":
        return _relative(m, published, ref_day)
    return None


def _relative(m: DateMention, published: PartialDate | None, ref_day: dt.date | None) -> PartialDate | None:
    if published is None:
        return None
    if m.unit == "year":
        return PartialDate(published.year + m.offset)
    if m.unit == "month":
        if published.month is None:
            return None
        index = published.year * 12 + published.month - 1 + m.offset
        return PartialDate(index // 12, index % 12 + 1)
    if ref_day is None:
        # Without a day to count from, only the month survives (and only for a few days' shift).
        return PartialDate(published.year, published.month) if published.month and m.unit in ("day", "weekend") else None
    if m.unit == "day":
        return PartialDate.from_date(ref_day + dt.timedelta(days=m.offset))
    if m.unit == "week":
        # A week names no day: keep the month it falls in.
        day = ref_day + dt.timedelta(days=7 * m.offset)
        return PartialDate(day.year, day.month)
    if m.unit == "weekend":
        saturday = ref_day - dt.timedelta(days=(ref_day.weekday() - 5) % 7 or 7)
        sunday = saturday + dt.timedelta(days=1)
        if saturday.month == sunday.month:
            return PartialDate(saturday.year, saturday.month)
        return PartialDate(saturday.year)
    return None


def _year_for(month: int, day: int | None, published: PartialDate | None, year_hint: int | None,
              direction: int) -> int | None:
    """The year of a month (and day) given without one: the occurrence nearest the reference."""
    if published is not None and published.month:
        ref = published.first_day() if published.day else dt.date(published.year, published.month, 15)
        best = None
        for year in (published.year - 1, published.year, published.year + 1):
            try:
                candidate = dt.date(year, month, day or 15)
            except ValueError:
                continue
            distance = (candidate - ref).days
            # Reports mostly look back; a date ahead needs future words or must be close.
            penalty = 0 if (distance <= 0 or direction > 0 or distance <= 45) else 400
            score = abs(distance) + penalty
            if best is None or score < best[0]:
                best = (score, year)
        return best[1] if best else None
    if published is not None:
        return published.year
    return year_hint


def year_for_undated(month: int, day: int | None, today: dt.date) -> int:
    """Most recent past occurrence of month/day relative to `today`."""
    year = today.year
    try:
        if dt.date(year, month, day or 1) > today:
            year -= 1
    except ValueError:
        year -= 1
    return year


# ------------------------------------------------------ publication witnesses

_URL_DATE = re.compile(r"/((?:19|20)\d\d)[/-]([01]?\d)(?:[/-]([0-3]?\d))?(?:/|$|-|\.)")
_AS_OF = re.compile(rf"\bas of\s+(?:{_WEEKDAY},?\s+)?{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?", re.I)


def date_from_url(url: str) -> PartialDate | None:
    """/2025/10/17/ or /2025-10-17- or /2025/10/ in a URL's path."""
    path = re.sub(r"^[a-z]+://[^/]+", "", url.strip(), flags=re.I)
    match = _URL_DATE.search(path)
    if not match:
        return None
    year, month, day = match.groups()
    try:
        if day:
            return PartialDate.parse(f"{year}-{int(month):02d}-{int(day):02d}")
        return PartialDate.parse(f"{year}-{int(month):02d}")
    except DateError:
        return None


def date_line(line: str) -> DateMention | None:
    """A line that is only a date (with optional 'Published', weekday, time): the dateline of a wire story."""
    stripped = re.sub(r"^(?:published|updated|posted|last updated|date)\s*(?:on|at)?\s*:?\s*", "", line.strip(), flags=re.I)
    stripped = re.sub(r"^(?:\d{1,2}[:.]\d\d\s*(?:[ap]\.?m\.?)?\s*(?:[A-Z]{2,4})?,?\s*)", "", stripped, flags=re.I)
    stripped = re.sub(r"^(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)(?:day|nesday|urday|sday)?\.?,?\s+", "", stripped)
    stripped = re.sub(r"(?:,|\s+at|\s*[|·•-])?\s*\d{1,2}[:.]\d\d\s*(?:[ap]\.?m\.?)?(?:\s*[A-Z]{2,5}(?:[+-]\d{1,2})?)?\.?$", "", stripped, flags=re.I)
    stripped = stripped.strip(" .|·•")
    if not stripped or len(stripped) > 40:
        return None
    for mention in find_dates(stripped):
        if mention.start == 0 and mention.end == len(stripped) and mention.kind in ("full", "month_day", "month_year"):
            return mention
    return None


def as_of(text: str) -> DateMention | None:
    """'Here's what you need to know as of November 26': the text's own date."""
    match = _AS_OF.search(text)
    if not match:
        return None
    year = int(match.group("year")) if match.group("year") else None
    kind = "full" if year else "month_day"
    return DateMention(match.start(), match.end(), match.group(0), kind, year=year,
                       month=_month(match.group("month")), day=int(match.group("day")))
