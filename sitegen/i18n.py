"""Everything that depends on the reader's language: dates through Babel, UI strings through gettext."""
from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

from babel import Locale
from babel.dates import format_date, format_skeleton, format_time, get_month_names
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

from .dates import PartialDate
from .errors import Problems


def N_(message: str) -> str:
    """Marks a UI string for the catalogs where it is translated later, at use."""
    return message


def load_translations(locale_dir: Path, lang: str, problems: Problems) -> NullTranslations:
    """The gettext catalog for `lang`, read from `<locale_dir>/<lang>/LC_MESSAGES/messages.po`."""
    po_path = locale_dir / lang / "LC_MESSAGES" / "messages.po"
    if not po_path.is_file():
        return NullTranslations()
    try:
        with po_path.open("rb") as handle:
            catalog = read_po(handle, locale=lang)
    except Exception as exc:  # babel raises several kinds for a malformed catalog
        problems.add(po_path, getattr(exc, "lineno", 0), f"cannot read the catalog: {exc}")
        return NullTranslations()
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer)


# CLDR names Indonesian "Indonesia" in Indonesian, which is also the country's name: standing
# alone, as in a language switcher, Indonesians name their language "Bahasa Indonesia".
STANDALONE_NAMES = {"id": "Bahasa Indonesia"}


@lru_cache(maxsize=None)
def language_name(code: str) -> str:
    """A language's name in itself, standing alone: `Bahasa Indonesia`, `English`."""
    name = STANDALONE_NAMES.get(code) or Locale.parse(code).get_display_name(code) or code
    return name[0].upper() + name[1:]


@lru_cache(maxsize=None)
def language_name_in(code: str, lang: str) -> str:
    """A language's name in the reader's language `lang`, for use in a sentence: `Indonesian`
    in English, `Indonesia` in Indonesian (whose catalog writes "dalam bahasa %(language)s")."""
    return Locale.parse(lang).languages.get(code) or Locale.parse(code).get_display_name(lang) or code


# The CLDR locale whose date patterns a language's pages use. Plain `en` is CLDR's US English
# ("August 31, 2023"), while the briefing's English prose, written for readers around the world,
# puts the day first: `en_001`, CLDR's world English, says "31 August 2023" too.
DATE_LOCALES = {"en": "en_001"}


def date_locale(lang: str) -> str:
    """The locale whose CLDR patterns dates are written in on pages of `lang`."""
    return DATE_LOCALES.get(lang, lang)


def format_day(value: date | datetime, lang: str) -> str:
    """`31 Agustus 2023` / `31 August 2023`. A date-time is shown in its own offset's day."""
    return _format_calendar_day(value.date() if isinstance(value, datetime) else value, lang)


def format_moment(value: datetime, lang: str) -> str:
    """`31 Agustus 2023, 13.16 (UTC+07:00)`: the day, and the time where one was written (a
    moment at midnight is taken for a day alone), in the moment's own offset."""
    day = format_day(value, lang)
    if (value.hour, value.minute, value.second) == (0, 0, 0):
        return day
    offset = value.strftime("%z")
    return f"{day}, {format_time(value, 'short', locale=lang)} (UTC{offset[:3]}:{offset[3:]})"


@lru_cache(maxsize=None)
def _format_calendar_day(day: date, lang: str) -> str:
    """Cached by the day alone: articles' date-times are nearly all different, their days are not.
    (Cached by the date-time, equal instants in other offsets, which are other days, shared a text.)"""
    return format_date(day, "long", locale=date_locale(lang))


@lru_cache(maxsize=None)
def format_partial(value: PartialDate, lang: str) -> str:
    """A partial date at its own precision: `2023`, `Juli 2023` / `July 2023`, or a full day."""
    if value.precision == "day":
        return format_day(value.start(), lang)
    if value.precision == "month":
        return format_skeleton("yMMMM", value.start(), locale=date_locale(lang))
    return str(value.year)


def _month_name(value: PartialDate, lang: str) -> str:
    return get_month_names("wide", context="stand-alone", locale=date_locale(lang))[value.month]


@lru_cache(maxsize=None)
def format_span(start: PartialDate, end: PartialDate, lang: str) -> str:
    """One range for an event that spans time: `March–June 2024`, `Maret–Juni 2024`, `2019–2021`."""
    if start.precision == end.precision == "year":
        return f"{start.year}–{end.year}"
    if start.precision == end.precision == "month" and start.year == end.year:
        return f"{_month_name(start, lang)}–{format_partial(end, lang)}"
    return f"{format_partial(start, lang)} – {format_partial(end, lang)}"


@lru_cache(maxsize=None)
def format_window(earliest: PartialDate, latest: PartialDate, lang: str, pattern: str) -> str:
    """A window of uncertainty at the precision written: `between July and August 2023`.
    `pattern` is the localized `between %(start)s and %(end)s`; the year is said once when
    both ends are months of the same year."""
    if earliest.precision == latest.precision == "month" and earliest.year == latest.year:
        start = _month_name(earliest, lang)
    else:
        start = format_partial(earliest, lang)
    return pattern % {"start": start, "end": format_partial(latest, lang)}


@dataclass(frozen=True)
class When:
    """An event's date ready for a page: the words, and the machine-readable form."""

    text: str
    iso: str
    precision: str
    circa: bool
    window: bool = False  # `iso` is then the earliest possible date, not the date


@lru_cache(maxsize=None)
def event_when(start: PartialDate, until: PartialDate | None, circa: bool, lang: str, circa_label: str,
               not_after: PartialDate | None = None, window_label: str = "") -> When:
    """The event's date in words; `circa_label` is the localized `c. %(date)s` pattern, and
    `window_label` the localized `between %(start)s and %(end)s` for a window (`not_after`)."""
    if not_after is not None:
        text = format_window(start, not_after, lang, window_label)
    elif until and until != start:
        text = format_span(start, until, lang)
    else:
        text = format_partial(start, lang)
    if circa:
        text = circa_label % {"date": text}
    return When(text, start.isoformat(), start.precision, circa, not_after is not None)


def when_of(event, lang: str, gettext) -> When:
    """An Event's date in words in `lang`, with the patterns of its catalog (`gettext`)."""
    return event_when(event.date, event.until, event.circa, lang, gettext("c. %(date)s"),
                      event.not_after, gettext("between %(start)s and %(end)s") if event.not_after else "")
