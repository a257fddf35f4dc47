"""Eras: named periods of the story, from `content/eras.yaml`. Each has a title per language, a
start and an end at any precision, and optionally the topics it belongs to. Reading and
checking here; the timelines show them as bands and as a group of views (timeline_views.py)."""
from __future__ import annotations

from typing import Callable

from .model import SiteConfig
from .errors import Problems
from .fields import Fields
from .load import SLUG, EventFile
from .model import Content, Era, Event

ERA_KEYS = ("id", "title", "start", "end", "topics")
ERAS_FILE = "eras.yaml"


def read_eras(eras_file: EventFile | None, config: SiteConfig,
              problems: Problems) -> tuple[tuple[Era, ...], list[tuple[str, int, str, str]]]:
    """The eras of `eras.yaml`, oldest first; each problem at its line. An era with one is left
    out, and the topics it names are returned as references to check all the same
    (`(path, line, "topic", slug)`, as validate keeps those of entries with errors)."""
    if eras_file is None:
        return (), []
    rel, found, ids, unchecked = eras_file.source.rel, [], {}, []
    for item in eras_file.items or ():
        fields = Fields(problems, rel, item, item.line)
        fields.unknown_keys(ERA_KEYS)
        era_id = fields.text("id")
        if era_id and not SLUG.match(era_id):
            fields.error("id", f"id: bad slug {era_id!r}", "use lowercase letters, digits and hyphens")
        elif era_id in ids:
            fields.error("id", f"duplicate era id {era_id!r} (first at line {ids[era_id]})")
        title = fields.language_map("title", config.languages)
        start, end = fields.partial_date("start"), fields.partial_date("end")
        if start and end and end.end() < start.start():
            fields.error("end", f"end: {end} is before start: {start}")
        topics = fields.slugs("topics") or ()
        if era_id:
            ids.setdefault(era_id, fields.line("id"))
        if fields.ok:
            found.append(Era(era_id, title, start, end, topics, rel, item.line))
        else:
            unchecked += [(rel, item.line, "topic", slug) for slug in topics if SLUG.match(slug)]
    return tuple(sorted(found, key=lambda era: (era.start, era.end, era.id))), unchecked


def check_eras(content: Content, check: Callable[..., None]) -> None:
    """Every topic an era names must exist (through validate's reference check)."""
    for era in content.eras:
        for slug in era.topics:
            check(era.path, era.line, "topic", slug, content.topics)


def covers(era: Era, event: Event) -> bool:
    """Whether the event falls in the era: its dates (from its earliest to its latest, or to
    the end of its span) overlap the era's."""
    last = event.not_after or event.until or event.date
    return event.date.start() <= era.end.end() and last.end() >= era.start.start()


def belongs(era: Era, event: Event) -> bool:
    """Whether the era's views list the event: it falls in the era, and shares a topic with it
    (an era with no topics takes every event)."""
    return covers(era, event) and (not era.topics or any(t in era.topics for t in event.topics))


def events_by_era(eras: tuple[Era, ...], timeline: list[Event]) -> dict[str, list[Event]]:
    """The events of each era, in timeline order."""
    return {era.id: [event for event in timeline if belongs(era, event)] for era in eras}


def era_ids(eras: tuple[Era, ...], event: Event) -> tuple[str, ...]:
    """The eras an event belongs to: what the timeline filter matches it by."""
    return tuple(era.id for era in eras if belongs(era, event))


def eras_for(eras: tuple[Era, ...], topic: str | None) -> tuple[Era, ...]:
    """The eras a timeline shows: all of them on the main timeline, on a topic's those with no
    topics or with that one."""
    return tuple(era for era in eras if topic is None or not era.topics or topic in era.topics)
