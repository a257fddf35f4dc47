"""Dates as editors write them: partial calendar dates for events, moments for articles.

YAML's own date typing is not used (the loader hands every scalar over as text), because it
drops the precision an editor chose: `2023-07` must stay a month and never become a day.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from datetime import date, datetime, time, timedelta, timezone, tzinfo

MIN_YEAR, MAX_YEAR = 1000, 2999

_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_MOMENT = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})"
    r"(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?"
    r"(Z|[+-]\d{2}:?\d{2})?)?$"
)


@lru_cache(maxsize=None)  # dates repeat on many pages (every event item, its structured data)
def _isoformat(year: int, month: int | None, day: int | None) -> str:
    text = f"{year:04d}"
    if month is not None:
        text += f"-{month:02d}"
    if day is not None:
        text += f"-{day:02d}"
    return text


class DateError(ValueError):
    """A date an editor wrote that cannot be read; the message says what was expected."""


@dataclass(frozen=True, order=True)
class PartialDate:
    """A calendar date known to the year, the month or the day."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> str:
        if self.day is not None:
            return "day"
        return "month" if self.month is not None else "year"

    def start(self) -> date:
        """The first day the date covers: a year-only date starts on 1 January."""
        return date(self.year, self.month or 1, self.day or 1)

    def end(self) -> date:
        """The last day the date covers."""
        if self.day is not None:
            return self.start()
        if self.month is None:
            return date(self.year, 12, 31)
        next_month = date(self.year + self.month // 12, self.month % 12 + 1, 1)
        return date.fromordinal(next_month.toordinal() - 1)

    def isoformat(self) -> str:
        """The date written back at its own precision: `2023`, `2023-07` or `2023-07-14`."""
        return _isoformat(self.year, self.month, self.day)

    def __str__(self) -> str:
        return self.isoformat()


def _check_year(year: int) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise DateError(f"year {year} is out of range ({MIN_YEAR}–{MAX_YEAR})")


def parse_partial_date(text: str) -> PartialDate:
    """Read `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, keeping the precision that was written."""
    match = _PARTIAL.match(text.strip())
    if not match:
        raise DateError(f"expected YYYY, YYYY-MM or YYYY-MM-DD, got {text!r}")
    year, month, day = (int(g) if g else None for g in match.groups())
    _check_year(year)
    if month is not None and not 1 <= month <= 12:
        raise DateError(f"month {month} does not exist in {text!r}")
    if day is not None:
        try:
            date(year, month, day)
        except ValueError:
            raise DateError(f"{text!r} is not a real date") from None
    return PartialDate(year, month, day)


def _offset(text: str) -> timezone:
    if text == "Z":
        return timezone.utc
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:])
    if hours > 23 or minutes > 59:
        raise DateError(f"offset {text!r} is not a valid UTC offset")
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def parse_moment(text: str, default_zone: tzinfo) -> datetime:
    """Read an ISO 8601 date or date-time; without an offset it is in the site's time zone."""
    match = _MOMENT.match(text.strip())
    if not match:
        raise DateError(
            f"expected an ISO 8601 date or date-time such as 2023-08-31 or "
            f"2023-08-31T13:16:00+07:00, got {text!r}"
        )
    year, month, day, hour, minute, second, offset = match.groups()
    _check_year(int(year))
    try:
        day_part = date(int(year), int(month), int(day))
        clock = time(int(hour or 0), int(minute or 0), int(second or 0))
    except ValueError:
        raise DateError(f"{text!r} is not a real date or time") from None
    zone = _offset(offset) if offset else default_zone
    return datetime.combine(day_part, clock, tzinfo=zone)
