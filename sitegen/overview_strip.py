"""The overview at the top of a timeline: a compact SVG strip of events per month over the
timeline's whole span, with its eras as labelled bands above.

An event dated to the day or the month counts in its month. One known only to the year, or
to a window or span of months, is drawn across every month it may fall in (a lighter part of
each bar), never at a made-up day. Each bar links to the month's place in the list below.

Positions across are percentages and heights are pixels, with no viewBox: the strip fills any
width without scaling its text, and a phone shows the same drawing as a desktop. Numbers are
rounded, so two builds write the same bytes.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from datetime import date
from html import escape
from typing import Callable, NamedTuple

from babel.dates import format_skeleton

from .dates import PartialDate
from .i18n import N_, date_locale, format_partial, format_span
from .model import Era, Event

ERA_TOP, ERA_HEIGHT = 0, 20
BAR_TOP, BAR_HEIGHT = 26, 44
BAR_WORDS = N_("%(month)s, events: %(count)s")
SPREAD_WORDS = N_("of which known only to a longer period: %(count)s")
AXIS = BAR_TOP + BAR_HEIGHT
HEIGHT = AXIS + 18
MONTH_LABELS_UP_TO = 12  # months; a longer span is labelled by year


def month_key(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def _months_between(first: date, last: date) -> list[str]:
    months, year, month = [], first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def event_months(event: Event) -> list[str]:
    """Every month the event may fall in or lasts through: one for a day or a month, twelve
    for a year, each month of a window or a span."""
    return list(_placement(event.date, event.not_after, event.until)[0])


def group_anchor(event: Event) -> str:
    """The anchor of the group the timeline lists the event in: its month, or its year's
    events known to the year only."""
    return _placement(event.date, event.not_after, event.until)[1]


@lru_cache(maxsize=None)
def _placement(when: PartialDate, not_after: PartialDate | None, until: PartialDate | None) -> tuple[tuple[str, ...], str]:
    """An event's months and anchor, from its dates alone. Every event shows on a dozen or more
    timeline pages (its year, topics, actors, eras, embeds), each with a strip: worked out once."""
    months = tuple(_months_between(when.start(), (not_after or until or when).end()))
    anchor = f"year-{when.year}-undated" if when.month is None else f"month-{month_key(when.start())}"
    return months, anchor


class MonthBar(NamedTuple):  # a tuple: a site's strips make tens of thousands of them
    month: str  # YYYY-MM
    exact: int  # events within the month
    spread: int  # events that may fall in it, known only to a wider period
    target: str  # the anchor it links to ("" for a month with none)


def month_bars(events) -> list[MonthBar]:
    """A bar for every month from the first event's to the last's, oldest first."""
    if not events:
        return []
    exact: dict[str, int] = {}
    spread: dict[str, int] = {}
    targets: dict[str, tuple] = {}
    for event in events:
        covered, anchor = _placement(event.date, event.not_after, event.until)
        counts = exact if len(covered) == 1 else spread
        start = event.date.start()
        for month in covered:
            counts[month] = counts.get(month, 0) + 1
            if month not in targets or (start, anchor) < targets[month]:
                targets[month] = (start, anchor)
    first = min(e.date.start() for e in events)
    last = max((e.not_after or e.until or e.date).end() for e in events)
    return [MonthBar(m, exact.get(m, 0), spread.get(m, 0), targets.get(m, (None, ""))[1])
            for m in _month_span(month_key(first), month_key(last))]


@lru_cache(maxsize=None)
def _month_span(first: str, last: str) -> tuple[str, ...]:
    """The months from `first` to `last` (YYYY-MM): timelines share spans, and a site's strips
    number in the thousands."""
    return tuple(_months_between(_month_date(first).start(), _month_date(last).start()))


def _pct(value: float) -> str:
    return f"{round(value, 3):g}%"


def _month_date(month: str) -> PartialDate:
    year, number = month.split("-")
    return PartialDate(int(year), int(number))


@dataclass(frozen=True)
class EraBand:
    """An era as the strip and the list beside it show it."""

    id: str
    title: str
    dates: str
    url: str


def era_bands(eras: tuple[Era, ...], lang: str, link: Callable[[str], str], path_of: Callable[[str], str]) -> tuple[EraBand, ...]:
    return tuple(EraBand(era.id, era.title[lang], _span_text(era, lang), link(path_of(era.id))) for era in eras)


def _span_text(era: Era, lang: str) -> str:
    return format_partial(era.start, lang) if era.start == era.end else format_span(era.start, era.end, lang)


def strip_svg(bars: list[MonthBar], eras: tuple[Era, ...], bands: tuple[EraBand, ...], lang: str,
              gettext: Callable[[str], str], bar_base: str = "") -> str:
    """The strip as inline SVG markup ("" without events); each bar links to `bar_base#month`."""
    if not bars:
        return ""
    width = 100 / len(bars)
    columns = _columns(len(bars))
    index = {bar.month: i for i, bar in enumerate(bars)}
    tallest = max(bar.exact + bar.spread for bar in bars) or 1
    # the phrases of the bars' labels, for static/reader.js to count again when the filter changes
    phrases = f'data-words="{escape(gettext(BAR_WORDS))}" data-spread-words="{escape(gettext(SPREAD_WORDS))}"'
    parts = [f'<svg class="overview-strip" width="100%" height="{HEIGHT}" role="group" aria-labelledby="overview-heading" '
             f'data-axis="{AXIS}" data-height="{BAR_HEIGHT}" {phrases}>']
    parts += _era_parts(bars, eras, bands, index, width)
    parts.append('<g class="overview-bars">')
    base = escape(bar_base)
    parts += [_bar(bar, columns[i], tallest, lang, gettext, base) for i, bar in enumerate(bars) if bar.exact + bar.spread]
    parts.append(f'</g><line class="overview-axis" x1="0" x2="100%" y1="{AXIS}" y2="{AXIS}"/>')
    parts += _labels(bars, columns, lang)
    parts.append("</svg>")
    return "".join(parts)


def _era_parts(bars: list[MonthBar], eras: tuple[Era, ...], bands: tuple[EraBand, ...], index: dict, width: float) -> list[str]:
    first, last = bars[0].month, bars[-1].month
    parts = []
    for number, (era, band) in enumerate(zip(eras, bands)):
        start, end = max(month_key(era.start.start()), first), min(month_key(era.end.end()), last)
        if start > end:
            continue
        x, span = index[start] * width, (index[end] - index[start] + 1) * width
        label = escape(f"{band.title} ({band.dates})")
        parts.append(f'<a href="{escape(band.url)}" aria-label="{label}"><svg class="era-band era-{number % 2}" x="{_pct(x)}" '
                     f'y="{ERA_TOP}" width="{_pct(span)}" height="{ERA_HEIGHT}"><title>{label}</title>'
                     f'<rect width="100%" height="100%"/><text x="4" y="14">{escape(band.title)}</text></svg></a>')
    return parts


@dataclass(frozen=True)
class Column:
    """Where a month's column and its bar sit across a strip, as percentages (see _columns)."""

    x: str
    width: str
    bar_x: str
    bar_width: str
    label_x: str


@lru_cache(maxsize=None)
def _columns(count: int) -> tuple[Column, ...]:
    """The columns of a strip of `count` months: the same for every strip as long, and worked
    out once (a site's strips have tens of thousands of bars between them)."""
    width = 100 / count
    return tuple(Column(_pct(i * width), _pct(width), _pct(i * width + width * 0.15), _pct(width * 0.7),
                        _pct(i * width + 0.5)) for i in range(count))


@lru_cache(maxsize=None)
def _month_label(month: str, lang: str) -> str:
    return format_partial(_month_date(month), lang)


def _bar(bar: MonthBar, column: Column, tallest: int, lang: str, gettext: Callable[[str], str], base: str) -> str:
    total = bar.exact + bar.spread
    if not total:
        return ""
    label = _month_label(bar.month, lang)
    words = gettext(BAR_WORDS) % {"month": label, "count": total}
    if bar.spread:
        words += "; " + gettext(SPREAD_WORDS) % {"count": bar.spread}
    exact_h, spread_h = round(BAR_HEIGHT * bar.exact / tallest), round(BAR_HEIGHT * bar.spread / tallest)
    words, bar_x, inner = escape(words), column.bar_x, column.bar_width
    return (f'<a href="{base}#{bar.target}" aria-label="{words}" data-month="{bar.month}" data-label="{escape(label)}"><title>{words}</title>'
            f'<rect class="bar-hit" x="{column.x}" y="{BAR_TOP}" width="{column.width}" height="{BAR_HEIGHT}"/>'
            f'<rect class="bar-spread" x="{bar_x}" y="{AXIS - exact_h - spread_h}" width="{inner}" height="{spread_h}"/>'
            f'<rect class="bar-exact" x="{bar_x}" y="{AXIS - exact_h}" width="{inner}" height="{exact_h}"/></a>')


def _labels(bars: list[MonthBar], columns: tuple[Column, ...], lang: str) -> list[str]:
    """Each month's short name when there are few, else each year at its first month shown."""
    parts = ['<g class="overview-labels">']
    for i, bar in enumerate(bars):
        year, month = bar.month.split("-")
        if len(bars) <= MONTH_LABELS_UP_TO:
            text = format_skeleton("MMM", _month_date(bar.month).start(), locale=date_locale(lang))
            text += f" {year}" if i == 0 or month == "01" else ""
        elif i == 0 or month == "01":
            text = year
        else:
            continue
        parts.append(f'<text x="{columns[i].label_x}" y="{HEIGHT - 4}">{escape(text)}</text>')
    parts.append("</g>")
    return parts
