"""Links between entries, worked out once: backlinks, timelines, translations, related actors."""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from datetime import datetime

from .eras import events_by_era
from .kept_records import same_objects
from .model import Actor, Article, Content, Correction, Event, Relation, SiteConfig, text_in
from .relations import RelationEnd, relations_by_actor, unique_relations

PER_PAGE = 20  # articles on an archive page (the newest takes up to twice as many)


@dataclass
class SiteGraph:
    config: SiteConfig
    content: Content
    articles: list[Article] = field(default_factory=list)
    timeline: list[Event] = field(default_factory=list)
    articles_by_topic: dict[str, list[Article]] = field(default_factory=dict)
    articles_by_actor: dict[str, list[Article]] = field(default_factory=dict)
    events_by_topic: dict[str, list[Event]] = field(default_factory=dict)
    events_by_actor: dict[str, list[Event]] = field(default_factory=dict)
    events_by_article: dict[str, list[Event]] = field(default_factory=dict)
    events_by_claimant: dict[str, list[Event]] = field(default_factory=dict)  # actor → the events they claim
    events_by_year: dict[str, list[Event]] = field(default_factory=dict)  # "2023" → its events
    article_positions: dict[str, int] = field(default_factory=dict)  # slug → place in `articles`
    people_by_country: dict[str, list[Actor]] = field(default_factory=dict)
    related_actors: dict[str, list[Actor]] = field(default_factory=dict)
    revised: dict[str, datetime] = field(default_factory=dict)  # content file → its last commit (revisions.py)
    corrections: list[tuple[Correction, str, object]] = field(default_factory=list)  # see all_corrections
    relations: list[Relation] = field(default_factory=list)  # each once (relations.unique_relations)
    relations_by_actor: dict[str, list[RelationEnd]] = field(default_factory=dict)
    events_by_era: dict[str, list[Event]] = field(default_factory=dict)  # era id → its events
    event_indexes: EventIndexes | None = None  # the parts above made from the events, for serve to keep


def archive_page_count(graph: SiteGraph) -> int:
    """How many pages the article archive has.

    Pages are counted from the oldest article, `PER_PAGE` to a page, and the newest page also
    takes the rest (`PER_PAGE` to twice that, less one). So a new article changes the newest
    page only, not every page after it, and no page is nearly empty.
    """
    return max(1, len(graph.articles) // PER_PAGE)


def archive_page(graph: SiteGraph, number: int) -> list[Article]:
    """The articles of archive page `number` (1 is the oldest page), newest first."""
    total = len(graph.articles)
    oldest = (number - 1) * PER_PAGE
    newest = total if number == archive_page_count(graph) else number * PER_PAGE
    return graph.articles[total - newest:total - oldest]


def list_page_of(graph: SiteGraph, slug: str) -> int:
    """The number of the archive page that lists an article."""
    from_oldest = len(graph.articles) - 1 - graph.article_positions[slug]
    return min(from_oldest // PER_PAGE + 1, archive_page_count(graph))


def event_views(graph: SiteGraph) -> dict[str, dict[str, list[Event]]]:
    """The events of each year, era, topic and actor, and the claims of each actor (`claimed-by`):
    each has its timeline view page."""
    return {"year": graph.events_by_year, "era": graph.events_by_era, "topic": graph.events_by_topic,
            "actor": graph.events_by_actor, "claimed-by": graph.events_by_claimant}


def view_label(graph: SiteGraph, key: str, value: str, lang: str) -> str:
    """How the timeline names a view: its year, or its topic's or actor's title in `lang`
    (in the entry's first language when it has no text in `lang`)."""
    if key == "year":
        return value
    if key == "era":
        return next(era.title[lang] for era in graph.content.eras if era.id == value)
    texts = (graph.content.topics if key == "topic" else graph.content.actors)[value].texts
    return text_in(texts, lang).title


def article_order(article: Article) -> tuple:
    """Newest first; the slug breaks ties so that two builds agree."""
    return (-article.date.timestamp(), article.slug)


@dataclass(frozen=True)
class EventIndexes:
    """The parts of the graph made from the events and the eras alone, and the actors related by
    them. `sitegen serve` keeps them between rebuilds and uses them again while the events are
    the same objects (validation hands back those of unchanged files) and the eras equal: at
    5,000 articles they were most of the graph's tenth of a second, on every save. An actor
    edit makes only `related_actors` again, from the related slugs (`related`)."""

    events: tuple[Event, ...]
    actors: tuple[Actor, ...]
    eras: tuple
    timeline: list[Event]
    by_topic: dict[str, list[Event]]
    by_actor: dict[str, list[Event]]
    by_article: dict[str, list[Event]]
    by_claimant: dict[str, list[Event]]
    by_year: dict[str, list[Event]]
    by_era: dict[str, list[Event]]
    related: dict[str, list[str]]  # actor slug → the slugs of related actors, the most shared events first
    related_actors: dict[str, list[Actor]]


def kept_event_indexes(content: Content, kept: EventIndexes | None) -> EventIndexes:
    """`kept` (the last graph's), with the actors of `content`, when its events' parts fit."""
    if kept is None or kept.eras != tuple(content.eras) or not same_objects(kept.events, tuple(content.events.values())):
        return event_indexes(content)
    actors = tuple(content.actors.values())
    if same_objects(kept.actors, actors):
        return kept
    return replace(kept, actors=actors, related_actors=_actor_objects(kept.related, content))


def event_indexes(content: Content) -> EventIndexes:
    timeline = sorted(content.events.values(), key=Event.sort_key)
    by_topic, by_actor, by_article, by_claimant = defaultdict(list), defaultdict(list), defaultdict(list), defaultdict(list)
    by_year: dict[str, list[Event]] = {}
    for event in timeline:
        for slug in event.claimed_by:
            by_claimant[slug].append(event)
        for slug in event.topics:
            by_topic[slug].append(event)
        for slug in event.actors:
            by_actor[slug].append(event)
        for source in event.sources:
            if source.article:
                by_article[source.article].append(event)
        by_year.setdefault(str(event.date.year), []).append(event)
    related = _related_actors(by_actor)
    return EventIndexes(tuple(content.events.values()), tuple(content.actors.values()), tuple(content.eras), timeline,
                        dict(by_topic), dict(by_actor), dict(by_article), dict(by_claimant), by_year,
                        events_by_era(content.eras, timeline), related, _actor_objects(related, content))


def build_graph(config: SiteConfig, content: Content, revised: dict[str, datetime] | None = None,
                kept: EventIndexes | None = None) -> SiteGraph:
    """The site graph; its events' parts are `kept`'s (the last graph's `event_indexes`) when
    they fit the content."""
    graph = SiteGraph(config, content, revised=revised or {})
    graph.articles = sorted(content.articles.values(), key=article_order)
    by_topic, by_actor = defaultdict(list), defaultdict(list)
    for article in graph.articles:
        for slug in article.topics:
            by_topic[slug].append(article)
        for slug in article.actors:
            by_actor[slug].append(article)
    graph.articles_by_topic, graph.articles_by_actor = dict(by_topic), dict(by_actor)
    events = graph.event_indexes = kept_event_indexes(content, kept)
    graph.timeline, graph.events_by_topic, graph.events_by_actor = events.timeline, events.by_topic, events.by_actor
    graph.events_by_article, graph.events_by_claimant = events.by_article, events.by_claimant
    graph.events_by_year, graph.events_by_era, graph.related_actors = events.by_year, events.by_era, events.related_actors
    graph.article_positions = {article.slug: i for i, article in enumerate(graph.articles)}
    graph.people_by_country = _people_by_country(content)
    graph.corrections = _corrections(content)
    graph.relations = unique_relations(content, config.relation_types)
    graph.relations_by_actor = relations_by_actor(graph.relations)
    return graph


def _people_by_country(content: Content) -> dict[str, list[Actor]]:
    people = defaultdict(list)
    for actor in sorted(content.actors.values(), key=lambda a: a.slug):
        if actor.country:
            people[actor.country].append(actor)
    return dict(people)


def _related_actors(events_by_actor: dict[str, list[Event]]) -> dict[str, list[str]]:
    """The slugs of the actors who appear in the same events as each actor, the most shared events first."""
    related = {}
    for slug, events in events_by_actor.items():
        counts = Counter(other for event in events for other in event.actors if other != slug)
        related[slug] = sorted(counts, key=lambda other: (-counts[other], other))
    return related


def _actor_objects(related: dict[str, list[str]], content: Content) -> dict[str, list[Actor]]:
    actors = content.actors
    return {slug: [actors[other] for other in others] for slug, others in related.items()}


def all_corrections(graph: SiteGraph) -> list[tuple[Correction, str, object]]:
    """Every correction of the briefing as (correction, kind of entry, the entry), newest first;
    entries of one day by kind and slug (or event id), so that two builds agree. Gathered once,
    with the graph: every page's footer asks whether there is any."""
    return graph.corrections


def _corrections(content: Content) -> list[tuple[Correction, str, object]]:
    found = []
    for kind, table in (("article", content.articles), ("topic", content.topics), ("actor", content.actors),
                        ("event", content.events)):
        found += [(c, kind, entry, key) for key, entry in table.items() if entry.corrections for c in entry.corrections]
    found.sort(key=lambda item: (-item[0].date.timestamp(), item[0].kind, item[1], item[3]))
    return [item[:3] for item in found]
