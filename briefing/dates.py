"""Partial calendar dates: 2025, 2025-06 or 2025-06-02.

Sources are often vague about when something happened, so a date keeps the
precision it was given. A partial date sorts before the full dates it
contains (2025-06 < 2025-06-01), and range filters treat it as the span of
days it covers.
"""

from __future__ import annotations

import re

from briefing.records import record

TYPE_CHECKING = False  # datetime is imported when first needed: a warm search never needs it
if TYPE_CHECKING:
    import datetime as _dt

_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$", re.ASCII)  # ASCII: no "２０２５"

MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)


class DateError(ValueError):
    """A string that is not a valid (partial) date."""


def days_in_month(year: int, month: int) -> int:
    """Days in a month of the Gregorian calendar (`calendar` itself costs a few ms to import)."""
    if month == 2:
        return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    return 30 if month in (4, 6, 9, 11) else 31


@record
class PartialDate:
    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, text: str) -> "PartialDate":
        """Parse YYYY, YYYY-MM or YYYY-MM-DD, rejecting impossible days."""
        match = _DATE_RE.match(text.strip())
        if not match:
            raise DateError(f"'{text}' is not a date (use YYYY-MM-DD, YYYY-MM or YYYY)")
        year_text, month_text, day_text = match.groups()
        year = int(year_text)
        month = int(month_text) if month_text else None
        day = int(day_text) if day_text else None
        if month is not None and not 1 <= month <= 12:
            raise DateError(f"'{text}' has no month {month}")
        if day is not None:
            assert month is not None  # the pattern only has a day after a month
            last = days_in_month(year, month)
            if not 1 <= day <= last:
                raise DateError(f"'{text}' is not a calendar date ({MONTH_NAMES[month - 1]} {year} has {last} days)")
        if year < 1:
            raise DateError(f"'{text}' has no year 0")
        return cls(year, month, day)

    @classmethod
    def from_date(cls, value: _dt.date) -> "PartialDate":
        return cls(value.year, value.month, value.day)

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    @property
    def sort_key(self) -> tuple[int, int, int]:
        return (self.year, self.month or 0, self.day or 0)

    def first_day(self) -> _dt.date:
        import datetime

        return datetime.date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> _dt.date:
        if self.day:
            return self.first_day()
        import datetime

        month = self.month or 12
        return datetime.date(self.year, month, days_in_month(self.year, month))

    def overlaps(self, since: "PartialDate | None", until: "PartialDate | None") -> bool:
        """True when any day this date covers falls inside [since, until]."""
        if since is not None and self.last_day() < since.first_day():
            return False
        if until is not None and self.first_day() > until.last_day():
            return False
        return True

    def iso(self) -> str:
        if self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"

    def human(self) -> str:
        """'2 June 2025', 'June 2025' or '2025'."""
        if self.day:
            assert self.month is not None  # a day is only ever given within a month
            return f"{self.day} {MONTH_NAMES[self.month - 1]} {self.year}"
        if self.month:
            return f"{MONTH_NAMES[self.month - 1]} {self.year}"
        return str(self.year)

    def __str__(self) -> str:
        return self.iso()

    def __lt__(self, other: "PartialDate") -> bool:
        return self.sort_key < other.sort_key

    def __le__(self, other: "PartialDate") -> bool:
        return self.sort_key <= other.sort_key

    def __gt__(self, other: "PartialDate") -> bool:
        return self.sort_key > other.sort_key

    def __ge__(self, other: "PartialDate") -> bool:
        return self.sort_key >= other.sort_key
