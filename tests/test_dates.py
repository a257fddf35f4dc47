from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from sitegen.dates import DateError, PartialDate, parse_moment, parse_partial_date
from sitegen.i18n import event_when, format_day, format_partial, format_span


@pytest.mark.parametrize("text, precision, start, end", [
    ("2019", "year", date(2019, 1, 1), date(2019, 12, 31)),
    ("2024-02", "month", date(2024, 2, 1), date(2024, 2, 29)),
    ("2023-12", "month", date(2023, 12, 1), date(2023, 12, 31)),
    ("2023-08-30", "day", date(2023, 8, 30), date(2023, 8, 30)),
])
def test_partial_dates_keep_their_precision(text, precision, start, end):
    value = parse_partial_date(text)
    assert value.precision == precision
    assert (value.start(), value.end()) == (start, end)
    assert value.isoformat() == text


@pytest.mark.parametrize("text, message", [
    ("2023-02-30", "not a real date"),
    ("2023-13", "month 13 does not exist"),
    ("31/08/2023", "expected YYYY, YYYY-MM or YYYY-MM-DD"),
    ("0999", "out of range"),
    ("2023-8-1", "expected YYYY"),
])
def test_bad_partial_dates_say_what_is_wrong(text, message):
    with pytest.raises(DateError, match=message):
        parse_partial_date(text)


def test_moment_keeps_its_own_offset_and_defaults_to_the_site_zone():
    jakarta = ZoneInfo("Asia/Jakarta")
    written = parse_moment("2023-08-31T13:16:00+07:00", timezone.utc)
    assert written.utcoffset() == timedelta(hours=7)
    bare = parse_moment("2023-08-31", jakarta)
    assert bare.tzinfo is jakarta and bare.hour == 0
    assert parse_moment("2023-08-31T06:16:00Z", jakarta) == written


@pytest.mark.parametrize("text", ["2023-08-31T25:00:00Z", "2023-08-31T10:00:00+25:00", "2023-08-31T10:00+7", "yesterday"])
def test_bad_moments_are_rejected(text):
    with pytest.raises(DateError):
        parse_moment(text, timezone.utc)


def test_dates_read_in_each_language():
    assert format_day(date(2023, 8, 31), "id") == "31 Agustus 2023"
    assert format_day(date(2023, 8, 31), "en") == "31 August 2023"
    assert format_partial(PartialDate(2023, 7), "id") == "Juli 2023"
    assert format_partial(PartialDate(2023, 7), "en") == "July 2023"
    assert format_partial(PartialDate(2019), "en") == "2019"


def test_a_date_time_reads_as_the_day_in_its_own_offset():
    """The same instant is another day in another offset; equal date-times must not share a text."""
    assert format_day(datetime(2023, 8, 31, 18, 0, tzinfo=timezone.utc), "en") == "31 August 2023"
    jakarta = timezone(timedelta(hours=7))
    assert format_day(datetime(2023, 9, 1, 1, 0, tzinfo=jakarta), "en") == "1 September 2023"
    assert format_day(datetime(2023, 9, 1, 23, 0, tzinfo=jakarta), "id") == "1 September 2023"


def test_spans_read_as_one_range():
    assert format_span(PartialDate(2024, 3), PartialDate(2024, 6), "en") == "March–June 2024"
    assert format_span(PartialDate(2024, 3), PartialDate(2024, 6), "id") == "Maret–Juni 2024"
    assert format_span(PartialDate(2019), PartialDate(2021), "id") == "2019–2021"


def test_circa_is_marked_in_the_reader_language():
    when = event_when(PartialDate(2019), None, True, "id", "sekitar %(date)s")
    assert when.text == "sekitar 2019" and when.iso == "2019" and when.circa
