"""The check that every slug named anywhere exists, and that published entries lean on no draft.

It spans the whole site, and ran over every article and event on every rebuild. When the last
check found nothing wrong, every entry it saw is still there (none gone, none made a draft) and
nothing has errors of its own, only the articles and events whose files changed since need it:
an unchanged one names the same slugs, and each still resolves as it did. (Actors, topics and
eras, a few hundred, are checked every time.) The check cache (validate's) keeps what that
needs under MEMO_KEY, in memory for `sitegen serve` and on disk for `sitegen build`.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .errors import Problems, did_you_mean
from .eras import check_eras
from .load import SLUG
from .model import Content, Event
from .relations import check_relations

MEMO_KEY = "references"


@dataclass(frozen=True)
class ReferenceMemo:
    """What a reference check that found nothing wrong saw: the check keys of the entries and
    events files it covered (validate's, which name the files' bytes), and every entry a
    reference can name, by (kind, slug), with whether it is a draft."""

    include_drafts: bool
    keys: frozenset[tuple]
    targets: dict[tuple[str, str], bool]


@dataclass
class CheckKeys:
    """The check key of each entry and events file of this build (see ReferenceMemo)."""

    entries: dict[tuple[str, str], tuple] = field(default_factory=dict)  # ("articles", slug) → key
    events: dict[tuple, list[str]] = field(default_factory=dict)  # events file's key → its event ids

    def all(self) -> frozenset[tuple]:
        return frozenset((*self.entries.values(), *self.events))


@dataclass(frozen=True)
class Fresh:
    """The entries and events whose files changed since the last check."""

    entries: set[tuple[str, str]]
    events: set[str]

    @classmethod
    def since(cls, last: ReferenceMemo, keys: CheckKeys) -> Fresh:
        events = {event_id for key in set(keys.events).difference(last.keys) for event_id in keys.events[key]}
        # an entry's key begins with its (kind, slug): the set difference leaves few to look at
        return cls({key[:2] for key in set(keys.entries.values()).difference(last.keys)}, events)


@dataclass(frozen=True)
class LeftOut:
    """What has errors of its own: the slugs of such entries, their references (path, line, what,
    slug), and such events. What they name is checked too, so that one run reports it all."""

    failed: set[str]
    unchecked: list[tuple]
    events: list[Event]

    def any(self) -> bool:
        return bool(self.failed or self.unchecked or self.events)


def check_references(content: Content, places: dict, left_out: LeftOut, problems: Problems, include_drafts: bool,
                     relation_types: tuple = (), cache: dict | None = None, keys: CheckKeys | None = None) -> None:
    """Report every reference to a missing entry, or from a published entry to a draft.

    With the check `cache` and this build's check `keys`, the articles and events whose files
    did not change are skipped when the last check allows it (see the module's docstring)."""
    targets = reference_targets(content)
    last = cache.get(MEMO_KEY) if cache is not None else None
    only = None
    if keys is not None and not left_out.any() and _still_holds(last, targets, include_drafts):
        only = Fresh.since(last, keys)
    _check_all(content, places, left_out, problems, include_drafts, relation_types, only)
    if cache is not None:
        # Only a check of content without a single error vouches for what it skips next time: an
        # event left out as a duplicate, say, is checked by no one until its twin is renamed.
        clean = keys is not None and not problems.errors
        cache[MEMO_KEY] = ReferenceMemo(include_drafts, keys.all(), targets) if clean else None


def reference_targets(content: Content) -> dict[tuple[str, str], bool]:
    """Every entry a reference from an article or event can name, and whether it is a draft."""
    targets = {("article", slug): article.draft for slug, article in content.articles.items()}
    targets.update((("topic", slug), topic.draft) for slug, topic in content.topics.items())
    targets.update((("actor", slug), actor.draft) for slug, actor in content.actors.items())
    return targets


def _still_holds(last: ReferenceMemo | None, targets: dict, include_drafts: bool) -> bool:
    """Whether references that resolved at the last check resolve the same way now: every entry
    then is still there, as it was. An entry added since cannot have been named (that would have
    been an error then), so it changes nothing."""
    if not isinstance(last, ReferenceMemo) or last.include_drafts != include_drafts:
        return False
    return last.targets.items() <= targets.items()


def _check_all(content: Content, places: dict, left_out: LeftOut, problems: Problems, include_drafts: bool,
               relation_types: tuple, only: Fresh | None) -> None:
    tables = {"article": content.articles, "topic": content.topics, "actor": content.actors}

    def check(path, line, what, slug, table, published=True):
        if slug in left_out.failed and slug not in table:
            return
        if slug not in table:
            problems.add(path, line, f"unknown {what} {slug!r}", did_you_mean(slug, table))
        elif table[slug].draft and published and not include_drafts:
            problems.add(path, line, f"refers to the draft {what} {slug!r}", "publish it (draft: false) or remove the reference")

    def place(kind, slug, key):
        return places.get((kind, slug, key), ("", 1))

    articles = content.articles.values() if only is None else \
        [a for s, a in content.articles.items() if ("articles", s) in only.entries]
    for article in articles:
        for slug in article.claimed_by:
            check(*place("articles", article.slug, "claimed_by"), "actor", slug, content.actors, not article.draft)
        for slug in article.topics:
            check(*place("articles", article.slug, "topics"), "topic", slug, content.topics, not article.draft)
        for slug in article.actors:
            check(*place("articles", article.slug, "actors"), "actor", slug, content.actors, not article.draft)
    for actor in content.actors.values():
        if actor.country:
            path, line = place("actors", actor.slug, "country")
            check(path, line, "actor", actor.country, content.actors, not actor.draft)
            if actor.country in content.actors and content.actors[actor.country].kind != "state":
                problems.add(path, line, f"country: {actor.country!r} is not a state", "country names an actor of kind state")
    check_relations(content, relation_types, problems, check)
    check_eras(content, check)
    for kind, table in (("topics", content.topics), ("actors", content.actors)):
        for entry in table.values():
            for source in entry.sources:
                if source.article:
                    check(*place(kind, entry.slug, "sources"), "article", source.article, content.articles,
                          not entry.draft)
    for path, line, what, slug in left_out.unchecked:
        check(path, line, what, slug, tables[what], published=False)
    events = content.events.values() if only is None else [e for i, e in content.events.items() if i in only.events]
    for event, published in [*((e, not e.draft) for e in events), *((e, False) for e in left_out.events)]:
        for slug in (slug for slug in (*event.actors, *event.claimed_by) if SLUG.match(slug)):
            check(event.path, event.line, "actor", slug, content.actors, published)
        for slug in (slug for slug in event.topics if SLUG.match(slug)):
            check(event.path, event.line, "topic", slug, content.topics, published)
        for source in event.sources:
            if source.article:
                check(event.path, event.line, "article", source.article, content.articles, published)
