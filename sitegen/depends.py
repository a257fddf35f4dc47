"""What each page was made from, so a rebuild can tell which pages to make again without making them.

A page's `deps` name two kinds of input:

- a content file, by its path below content/ (`articles/x.en.md`): the page shows the entry's
  text. Its digest is the file's hash. With `#front` (`articles/x.en.md#front`), the page shows
  only what the front matter says (a title in a list), and the digest is the front matter's: an
  edit of the text re-makes the entry's own pages, not every list that names it.
- a file's last commit, with `#revised` (`articles/x.en.md#revised`): the page shows when the
  file last changed (revisions.py). Its digest is the commit's time: a new commit re-makes the
  pages that show the date, though no file changed.
- an event, `?event:<id>`: the page shows the event; the digest is made from its fields.
- a query, `?name:argument`: the page lists, orders or counts the members of a collection of the
  site graph (the articles of a topic, the whole timeline), or relies on which translations of an
  entry exist. Its digest is made from the members' identities and order only: what the page
  shows of each member comes from the member's file, which is a dependency of its own. One query
  names what it shows too: `?filter_labels:<lang>`, the names in the timeline's list of views,
  which every view page shows; depending on each topic's and actor's front matter instead gave
  each view page a thousand dependencies, a quarter of a large site's.

A page whose dependencies all have the digests they had when it was made is the page it was (with
the same theme and options), so a rebuild skips it without gathering its data. Like Lektor's
dependency records, but with queries, so adding an article re-makes its topics' pages too.
"""
from __future__ import annotations

import hashlib
import sys
from array import array
from operator import attrgetter
from typing import Callable, Collection, Iterable, NamedTuple

from .depnames import FRONT, PREFIX, entry_query, query
from .feeds import page_feeds
from .graph import SiteGraph, all_corrections, archive_page, archive_page_count, event_views, list_page_of, view_label
from .search_plan import search_shards
from .urls import pager_numbers


def _ids(items: Iterable) -> list[str]:
    """The slugs of entries, or the ids of events (a collection holds one kind)."""
    items = list(items)
    return list(map(attrgetter("slug" if items and hasattr(items[0], "slug") else "id"), items))


def _position(graph: SiteGraph, slug: str) -> list[str]:
    """The archive page an article is listed on, and whether it is the newest (its address)."""
    if slug not in graph.article_positions:
        return []
    number = list_page_of(graph, slug)
    return [str(number), str(number == archive_page_count(graph))]


def _archive(graph: SiteGraph, argument: str) -> list[str]:
    """The articles of an archive page and the pages its pager names: the page count matters
    only to the newest few pages, whose pagers reach the newest page."""
    number, count = int(argument), archive_page_count(graph)
    if number > count:
        return []
    pager = ["newest" if n == count else str(n) for n in pager_numbers(number, count)]
    return _ids(archive_page(graph, number)) + pager + [str(number == count)]


def _langs(graph: SiteGraph, stem: str) -> list[str]:
    folder, _, slug = stem.partition("/")
    table = {"articles": graph.content.articles, "topics": graph.content.topics,
             "actors": graph.content.actors}.get(folder, {})
    return list(table[slug].texts) if slug in table else []


def _view_events(graph: SiteGraph, argument: str) -> list[str]:
    key, _, value = argument.partition(":")
    return _ids(event_views(graph)[key].get(value, ()))


def _filter_counts(graph: SiteGraph, _: str) -> list[str]:
    """Every year, topic, actor and claimant with the number of its events: what the timeline filters list."""
    return [f"{key} {value} {len(events)}" for key, table in event_views(graph).items() for value, events in table.items()]


def _filter_labels(graph: SiteGraph, lang: str) -> list[str]:
    """The name of every year, topic and actor view, as the timeline's list of views shows it."""
    return [view_label(graph, key, value, lang) for key, table in event_views(graph).items() for value in table]


def _event_fields(event) -> list[str]:
    """What a page can show of an event; not where it is written (`path`, `line`)."""
    if event is None:
        return []
    return [repr((event.id, event.date, event.until, event.circa, event.title, event.description,
                  event.actors, event.topics, event.sources, event.not_after, event.claimed_by, event.corrections,
                  event.location))]


def _feeds(graph: SiteGraph, argument: str) -> list[str]:
    lang, _, topic = argument.partition(":")
    return [repr(link) for link in page_feeds(graph, lang, topic or None)]


QUERIES: dict[str, Callable[[SiteGraph, str], list[str]]] = {
    "articles": lambda g, _: _ids(g.articles),
    "position": _position,
    "archive": _archive,
    "timeline": lambda g, _: _ids(g.timeline),
    "all_topics": lambda g, _: list(g.content.topics),
    "all_actors": lambda g, _: list(g.content.actors),
    "articles_by_topic": lambda g, s: _ids(g.articles_by_topic.get(s, ())),
    "articles_by_actor": lambda g, s: _ids(g.articles_by_actor.get(s, ())),
    "events_by_topic": lambda g, s: _ids(g.events_by_topic.get(s, ())),
    "events_by_actor": lambda g, s: _ids(g.events_by_actor.get(s, ())),
    "events_by_article": lambda g, s: _ids(g.events_by_article.get(s, ())),
    "events_by_claimant": lambda g, s: _ids(g.events_by_claimant.get(s, ())),
    "people_by_country": lambda g, s: _ids(g.people_by_country.get(s, ())),
    "related_actors": lambda g, s: _ids(g.related_actors.get(s, ())),
    "view": _view_events,
    "filters": _filter_counts,
    "filter_labels": _filter_labels,
    "langs": _langs,
    "event": lambda g, s: _event_fields(g.content.events.get(s)),  # see Inputs._event_digest
    "feeds": _feeds,
    # The corrections page shows every correction (its entry's title comes from its own file).
    "corrections": lambda g, _: [repr((c, kind, getattr(e, "slug", None) or e.id)) for c, kind, e in all_corrections(g)],
    "has_corrections": lambda g, _: ["yes"] if all_corrections(g) else [],  # the footer links to the feed
    "search_shards": lambda g, _: [shard.name for shard in search_shards(g)],
    # An actor's relations from its end, and the whole network: what each shows of a relation
    # (its type, dates, sources, claimants) is in its repr; the names of the actors come from their files.
    "relations": lambda g, s: [repr(end) for end in g.relations_by_actor.get(s, ())],
    "network": lambda g, _: [repr(relation) for relation in g.relations],
}


def _hash(members: list[str]) -> str:
    return hashlib.sha1("\0".join(members).encode()).hexdigest()[:20] if members else ""


class Inputs:
    """The current digest of every file and query a page can depend on, worked out when asked."""

    def __init__(self, graph: SiteGraph, files: dict[str, str], events: dict | None = None):
        self.graph = graph
        self.files = files  # content path → hash of its bytes
        self._known: dict[str, str] = {}
        self._events = events  # id(Event) → (Event, digest), kept by `sitegen serve` between rebuilds

    def digest(self, dep: str) -> str:
        known = self._known.get(dep)
        if known is None:
            known = self._known[dep] = self._digest(dep)
        return known

    def _digest(self, dep: str) -> str:
        if not dep.startswith(PREFIX):
            return self.files.get(dep, "")
        name, _, argument = dep[1:].partition(":")
        if name == "event" and self._events is not None:
            return self._event_digest(argument)
        return _hash(QUERIES[name](self.graph, argument))

    def _event_digest(self, event_id: str) -> str:
        """An unchanged events file gives the same Event objects again (validation keeps them),
        so their digests are kept with them: ten thousand reprs per save would cost a second."""
        event = self.graph.content.events.get(event_id)
        kept = self._events.get(id(event))
        if kept is None or kept[0] is not event:
            kept = self._events[id(event)] = (event, _hash(_event_fields(event)))
        return kept[1]

    def changed_files(self, before: dict[str, str], among: Collection[str] | None = None) -> set[str]:
        """The files (and front matters) whose digest is not the one they had (`before`): a
        dictionary lookup each. `among`: the only names that may have changed, when known (see
        changed_names)."""
        files = self.files
        items = before.items() if among is None else ((dep, before[dep]) for dep in among if dep in before)
        return {dep for dep, digest in items if not dep.startswith(PREFIX) and files.get(dep, "") != digest}

    def changed_queries(self, before: dict[str, str]) -> set[str]:
        """The queries and events whose digest is not the one they had (`before`).

        Queries are answered from front matter, events and site.yaml alone: when none of those
        changed (only texts were edited), none of them did, and this need not be asked. At 5,000
        articles it takes a tenth of a second.
        """
        return {dep for dep, digest in before.items() if dep.startswith(PREFIX) and self.digest(dep) != digest}


class PackedDeps(NamedTuple):
    """A page's dependencies as a worker sends them: the numbers of the names in the table,
    ascending, as the bytes of an array, and the names not in it, sorted."""

    numbers: bytes
    others: tuple[str, ...]

    def table_numbers(self) -> memoryview:
        return memoryview(self.numbers).cast("i")


class DepTable:
    """Page dependencies as numbers, for sending them from the build workers to the main process.

    At 5,000 articles the pages name 1.7 million dependencies in all (a timeline view names every
    event it shows and every entry those name); sent as strings they were 80 MB through the
    workers' pipes, pickled, unpickled and interned again. The table is made before the workers
    fork, from every name known then: each content file, its front matter, each entry's
    translations and each event. A page sends the numbers of its names, and the few names not in
    the table (other queries) as strings. A one-off build keeps them so, and its manifest numbers
    its inputs as the table does; `sitegen serve` unpacks them into its own string objects.
    Each process makes the table the first time it needs it: from the same site, the same table.
    """

    def __init__(self, names: Iterable[str]):
        self.names = sorted(set(names))
        self._numbers = {name: number for number, name in enumerate(self.names)}

    @classmethod
    def of_site(cls, graph: SiteGraph, files: Iterable[str]) -> DepTable:
        """The table for a site: `files` are its content paths, front matter included (`#front`)."""
        files = list(files)
        entries = (entry_query(path) for path in files if not path.endswith(FRONT) and "/" in path)
        return cls([*files, *entries, *(query("event", event_id) for event_id in graph.content.events), "site.yaml"])

    def pack(self, deps: Collection[str]) -> PackedDeps:
        """The dependencies as numbers, with the names not in the table. Numbers sort faster than
        names: the worker sends them sorted, and need not sort the names."""
        found = list(map(self._numbers.get, deps))  # a timeline view names thousands: no loop in Python
        others: tuple[str, ...] = ()
        if None in found:
            others = tuple(sorted(name for name, number in zip(deps, found) if number is None))
            found = [number for number in found if number is not None]
        found.sort()
        return PackedDeps(array("i", found).tobytes(), others)

    def unpack(self, packed: PackedDeps) -> tuple[str, ...]:
        """The names again, as this process's own strings (the table's, or interned): those in the
        table in its order, then the others."""
        return (*map(self.names.__getitem__, packed.table_numbers()), *map(sys.intern, packed.others))
