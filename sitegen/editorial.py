"""Reading the keys that keep the briefing honest: date windows, sources of every entry, and
corrections that must agree between translations. (`claimed_by` is a list of slugs, read as
any other; its references are checked with the others in validate.py.)"""
from __future__ import annotations

from collections import Counter
from datetime import datetime, tzinfo

from .dates import PartialDate
from .errors import Problems
from .fields import MISSING, Fields, describe, is_url
from .load import SLUG, EventFile
from .model import CORRECTION_KINDS, Content, Correction, Event, EventSource, SiteConfig
from .placeholders import HINT, mapping_lines, placeholder_message
from .yamltext import LinedDict

WINDOW_KEYS = ("not_before", "not_after")
CORRECTION_KEYS = ("date", "kind", "note")
EVENT_KEYS = ("id", "date", "until", "circa", "title", "description", "location", "actors", "topics", "sources",
              "claimed_by", "corrections", "draft")


def read_event_date(fields: Fields) -> tuple[PartialDate | None, PartialDate | None]:
    """An event's `date`: one partial date, or a window `{not_before, not_after}` of uncertainty.

    Returns (the date or the window's earliest, the window's latest or None)."""
    value = fields.raw("date", required=True)
    if not isinstance(value, LinedDict):
        return (fields.partial_date("date") if value is not MISSING else None), None
    window = Fields(fields.problems, fields.path, value, value.line)
    window.unknown_keys(WINDOW_KEYS)
    earliest, latest = window.partial_date("not_before"), window.partial_date("not_after")
    if earliest and latest and latest.end() < earliest.start():
        window.error("not_after", f"date: not_after {latest} is before not_before {earliest}",
                     "not_before is the earliest the event can have happened, not_after the latest")
    if not window.ok:
        fields.ok = False
        return None, None
    return earliest, latest


def check_window_until(fields: Fields, latest: PartialDate | None, until: PartialDate | None) -> None:
    if latest is not None and until is not None:
        fields.error("until", "until: cannot be combined with a date window (not_before/not_after)",
                     "a window says when a single event happened, until how long it lasted: keep one")


def read_sources(fields: Fields, required: bool) -> tuple[EventSource, ...]:
    """`sources:`, article slugs of ours or http(s) addresses, at least one when given."""
    value = fields.raw("sources", required=required)
    if value is MISSING:
        return ()
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        fields.error("sources", "sources: expected a list of article slugs or URLs, at least one")
        return ()
    if not fields.few_enough("sources", value):
        return ()
    sources = []
    for item in value:
        if fields.short_enough("sources", item) is None:
            continue
        if is_url(item):
            sources.append(EventSource(url=item))
        elif SLUG.match(item):
            sources.append(EventSource(article=item))
        else:
            fields.error("sources", f"sources: {item!r} is neither an article slug nor an http(s) address")
    return tuple(sources)


def read_corrections(fields: Fields, zone: tzinfo, lang: str | None = None,
                     languages: tuple[str, ...] = ()) -> list[tuple[Correction, int]]:
    """`corrections:`, each with its line. The note is text in the file's language (`lang`), or
    one text per site language (`languages`, in an events file)."""
    value = fields.raw("corrections", required=False)
    if value is MISSING:
        return []
    if not isinstance(value, list) or not all(isinstance(v, LinedDict) for v in value):
        fields.error("corrections", f"corrections: expected a list of {{date, kind, note}}, got {describe(value)}")
        return []
    found = []
    for item in value:
        one = Fields(fields.problems, fields.path, item, item.line)
        one.unknown_keys(CORRECTION_KEYS)
        day, kind = one.moment("date", zone), one.choice("kind", CORRECTION_KINDS)
        note = {lang: one.text("note")} if lang else one.language_map("note", languages)
        if one.ok:
            found.append((Correction(day, kind, note), item.line))
        else:
            fields.ok = False
    return found


def day_text(moment: datetime) -> str:
    """A correction's date as an editor wrote it, for messages: the day, or the date-time."""
    midnight = (moment.hour, moment.minute, moment.second, moment.microsecond) == (0, 0, 0, 0)
    return moment.date().isoformat() if midnight else moment.isoformat()


def merge_translations(per_file: list[tuple[str, str, list[tuple[Correction, int]]]],
                       problems: Problems) -> tuple[Correction, ...] | None:
    """One entry's corrections from each of its files `(path, language, corrections)`, merged
    into one list with a note per language, newest first. Every correction must be in every
    translation with the same date and kind; a missing one is reported at its line, naming
    the file it is missing from. None when one is missing."""
    counts = {rel: Counter((c.date, c.kind) for c, _ in items) for rel, _, items in per_file}
    ok = True
    for rel, _, items in per_file:
        for other, _, _ in per_file:
            missing = counts[rel] - counts[other]
            for correction, line in items:
                key = (correction.date, correction.kind)
                if missing[key] > 0:
                    missing[key] -= 1
                    ok = False
                    problems.add(rel, line, f"corrections: the {correction.kind} of {day_text(correction.date)} "
                                            f"is missing from {problems.display(other)}",
                                 "write it in every translation, with the same date and kind, its note in that language")
    if not ok:
        return None
    ordered = [sorted((c for c, _ in items), key=lambda c: (c.date, c.kind)) for _, _, items in per_file]
    merged = [Correction(group[0].date, group[0].kind, {k: v for c in group for k, v in c.note.items()})
              for group in zip(*ordered)]
    return newest_first(merged)


def newest_first(corrections) -> tuple[Correction, ...]:
    return tuple(sorted(corrections, key=lambda c: (c.date, c.kind), reverse=True))


def add_events(items: list[tuple[str, int, Event, bool]], rel: str, content: Content, problems: Problems) -> list[Event]:
    """Add a file's valid events, and return those with errors; an id used before is an error
    here, where every file is known."""
    failed = []
    for event_id, line, event, ok in items:
        if event_id in content.events:
            first = content.events[event_id]
            problems.add(rel, line, f"duplicate event id {event_id!r} (first at {problems.display(first.path)}:{first.line})")
        elif ok:
            content.events[event_id] = event
        else:
            failed.append(event)
    return failed


def event_items(event_file: EventFile, config: SiteConfig, problems: Problems) -> list[tuple[str, int, Event, bool]]:
    """Each event of the file as (its id, the line of the id, the Event as far as it could be
    read, whether it has no errors)."""
    rel = event_file.source.rel
    items = []
    for item in event_file.items:
        fields = Fields(problems, rel, item, item.line)
        fields.unknown_keys(EVENT_KEYS)
        event_id = fields.text("id")
        if event_id and not SLUG.match(event_id):
            fields.error("id", f"id: bad slug {event_id!r}", "use lowercase letters, digits and hyphens")
        (date, not_after), until = read_event_date(fields), fields.partial_date("until", required=False)
        if date and until and until.end() < date.start():
            fields.error("until", f"until: {until} is before the event's date {date}")
        check_window_until(fields, not_after, until)
        event = Event(
            id=event_id or "", date=date, until=until, circa=bool(fields.boolean("circa")),
            title=fields.language_map("title", config.languages),
            description=fields.language_map("description", config.languages, required=False) or {},
            location=fields.language_map("location", config.languages, required=False) or None,
            actors=fields.slugs("actors") or (), topics=fields.slugs("topics") or (),
            sources=read_sources(fields, required=True), path=rel, line=item.line, not_after=not_after,
            claimed_by=fields.slugs("claimed_by") or (),
            corrections=newest_first(c for c, _ in read_corrections(fields, config.zone, languages=config.languages)),
            draft=bool(fields.boolean("draft")),
        )
        placeholders = [] if event.draft else mapping_lines(item)
        if placeholders:
            fields.ok = False
            problems.add(rel, placeholders[0], placeholder_message(placeholders, f" in the event {event_id!r}"), HINT)
        if event_id:
            items.append((event_id, fields.line("id"), event, fields.ok))
    return items
