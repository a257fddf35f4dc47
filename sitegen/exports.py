"""Data for people who build on the briefing: TimelineJS JSON, a CSV of events, and JSON lists.

Every file is per language and made of plain data sorted the way the site shows it, written with
sorted keys, so two builds of the same content give the same bytes. URLs are absolute (from
`base_url`): these files are read outside the site, where relative links mean nothing.
"""
from __future__ import annotations

import csv
import html
import io
import json
from typing import Any, Callable, TypeVar

from . import urls
from .dates import PartialDate
from .graph import SiteGraph
from .i18n import format_partial, when_of
from .kept_records import KeptRecords
from .model import Actor, Article, Era, Event, Text, text_in

T = TypeVar("T")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # a spreadsheet reads a cell starting so as a formula
EVENT_COLUMNS = ("id", "date", "until", "circa", "display_date", "title", "description",
                 "actors", "actor_names", "topics", "topic_names", "sources", "url",
                 "claimed_by", "claimed_by_names", "earliest", "earliest_precision", "latest", "latest_precision")


def export_files(graph: SiteGraph, gettexts: dict[str, Callable[[str], str]], lang: str,
                 kept: KeptRecords | None = None) -> dict[str, bytes]:
    """Site path → bytes for every data file of one language; with the records `kept` by
    `sitegen serve`, those of unchanged events and articles are used again."""
    exporter = Exporter(graph, lang, gettexts[lang], kept)
    return {
        f"{lang}/timeline.json": _json_listing(exporter.timelinejs(), "events", exporter.slides()),
        f"{lang}/events.csv": exporter.events_csv().encode("utf-8"),
        f"{lang}/api/articles.json": _json_listing({"language": lang}, "articles", exporter.articles()),
        f"{lang}/api/actors.json": _json(exporter.actors()),
        f"{lang}/api/topics.json": _json(exporter.topics()),
        f"{lang}/api/events.json": _json_listing({"language": lang}, "events", exporter.events()),
    }


def _json(data) -> bytes:
    """Compact: indenting would send every file through json's pure-Python encoder (two seconds
    at 5,000 articles, measured in bench/); any JSON viewer lays it out."""
    return (_dumps(data) + "\n").encode("utf-8")


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def _json_listing(data: dict, key: str, items: list[str]) -> bytes:
    """As `_json(data)` would write `data` with a list under `key` whose items are given as JSON
    texts: an event's or article's text is made once and kept (see Exporter.once)."""
    members = {name: _dumps(value) for name, value in data.items()}
    members[key] = "[" + ",".join(items) + "]"
    return ("{" + ",".join(f"{_dumps(name)}:{members[name]}" for name in sorted(members)) + "}\n").encode("utf-8")


def timelinejs_date(value: PartialDate, display: str) -> dict:
    """A TimelineJS date object holding only the parts that are known: a month stays a month."""
    parts = {"year": value.year}
    if value.month is not None:
        parts["month"] = value.month
    if value.day is not None:
        parts["day"] = value.day
    parts["display_date"] = display
    return parts


def timelinejs_eras(eras: tuple[Era, ...], lang: str) -> dict:
    """TimelineJS's `eras` (none: no key): each era's start and end at its precision, and its title."""
    if not eras:
        return {}
    return {"eras": [{"start_date": timelinejs_date(era.start, format_partial(era.start, lang)),
                      "end_date": timelinejs_date(era.end, format_partial(era.end, lang)),
                      "text": {"headline": html.escape(era.title[lang])}} for era in eras]}


def spreadsheet_safe(cell: str) -> str:
    """`cell`, with a `'` before it when it starts like a formula (OWASP's advice against CSV
    injection: `=HYPERLINK(…)` in a title would otherwise run when the file is opened)."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


class Exporter:
    """Builds the data files of one language."""

    def __init__(self, graph: SiteGraph, lang: str, gettext: Callable[[str], str], kept: KeptRecords | None = None):
        self.graph = graph
        self.content = graph.content
        self.config = graph.config
        self.lang = lang
        self.gettext = gettext
        self.kept = kept

    def once(self, kind: str, owner: Event | Article, make: Callable[[Any], T]) -> T:
        """`make(owner)`, or the record kept from the last rebuild (see kept_records)."""
        if self.kept is None:
            return make(owner)
        content = self.content
        named = (owner, *map(content.actors.get, owner.actors), *map(content.topics.get, owner.topics),
                 *map(content.actors.get, owner.claimed_by))
        if isinstance(owner, Event):
            named += tuple(content.articles.get(source.article or "") for source in owner.sources)
            key = (kind, self.lang, owner.id)
        else:
            named += tuple(self.graph.events_by_article.get(owner.slug, ()))
            key = (kind, self.lang, owner.slug)
        return self.kept.get(key, named, lambda: make(owner))

    def text(self, texts: dict[str, Text]) -> Text:
        return text_in(texts, self.lang)

    def entry_url(self, kind: str, slug: str, texts: dict[str, Text]) -> str:
        lang = text_in(texts, self.lang).lang
        return self.config.absolute(urls.entry_path(kind, slug, lang))

    def ref(self, kind: str, entry) -> dict:
        return {"slug": entry.slug, "title": self.text(entry.texts).title,
                "url": self.entry_url(kind, entry.slug, entry.texts)}

    def translations(self, kind: str, slug: str, texts: dict[str, Text]) -> dict[str, str]:
        return {code: self.config.absolute(urls.entry_path(kind, slug, code))
                for code in self.config.languages if code in texts}

    def event_url(self, event: Event) -> str:
        return self.config.absolute(urls.event_path(event, self.lang))

    def display_date(self, event: Event) -> str:
        return when_of(event, self.lang, self.gettext).text

    def sources(self, event: Event) -> list[tuple[str, str]]:
        """(label, URL) of each source: our article's title, or the outside address itself."""
        return self.sources_of(event.sources)

    def sources_of(self, sources) -> list[tuple[str, str]]:
        found = []
        for source in sources:
            if source.article and source.article in self.content.articles:
                article = self.content.articles[source.article]
                found.append((self.text(article.texts).title, self.entry_url("article", article.slug, article.texts)))
            elif source.url:
                found.append((source.url, source.url))
        return found

    # -- TimelineJS ------------------------------------------------------------------------------

    def timelinejs(self) -> dict:
        """The timeline in TimelineJS's JSON format, but its events (`slides`)."""
        return {
            "title": {"text": {"headline": html.escape(self.gettext("Timeline")),
                               "text": html.escape(self.config.title[self.lang])}},
            **timelinejs_eras(self.content.eras, self.lang),
        }

    def slides(self) -> list[str]:
        """The timeline's events as TimelineJS slides, oldest first as TimelineJS expects, as JSON."""
        return [self.once("slide", event, lambda e: _dumps(self.slide(e))) for event in reversed(self.graph.timeline)]

    def slide(self, event: Event) -> dict:
        display = self.display_date(event)
        start_text = display if event.not_after else format_partial(event.date, self.lang)
        slide = {
            "unique_id": urls.event_anchor(event.id),
            "start_date": timelinejs_date(event.date, start_text),
            "display_date": display,
            "text": {"headline": html.escape(event.title[self.lang]), "text": self.slide_text(event)},
        }
        if event.topics:
            slide["group"] = html.escape(self.text(self.content.topics[event.topics[0]].texts).title)
        if event.until and event.until != event.date:
            slide["end_date"] = timelinejs_date(event.until, format_partial(event.until, self.lang))
        return slide

    def slide_text(self, event: Event) -> str:
        """Whose claim it is, the description, then the sources as links (TimelineJS shows this
        text as HTML, and its slides have no field of their own for a claim)."""
        parts = []
        if event.claimed_by:
            names = ", ".join(html.escape(self.text(self.content.actors[s].texts).title) for s in event.claimed_by)
            parts.append(f"<p>{html.escape(self.gettext('According to'))} {names}</p>")
        if event.description.get(self.lang):
            parts.append(f"<p>{html.escape(event.description[self.lang])}</p>")
        links = ", ".join(f'<a href="{html.escape(url)}">{html.escape(label)}</a>' for label, url in self.sources(event))
        parts.append(f"<p>{html.escape(self.gettext('Sources'))}: {links}</p>")
        return "".join(parts)

    # -- CSV ---------------------------------------------------------------------------------------

    def events_csv(self) -> str:
        """One row per event, newest first; lists inside a cell are separated by `; `."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(EVENT_COLUMNS)
        writer.writerows(self.once("row", event, self.row) for event in self.graph.timeline)
        return buffer.getvalue()

    def row(self, event: Event) -> list[str]:
        actors = [self.content.actors[s] for s in event.actors]
        topics = [self.content.topics[s] for s in event.topics]
        return list(map(spreadsheet_safe, [
            event.id, event.date.isoformat(), event.until.isoformat() if event.until else "",
            "yes" if event.circa else "", self.display_date(event), event.title[self.lang],
            event.description.get(self.lang, ""),
            "; ".join(a.slug for a in actors), "; ".join(self.text(a.texts).title for a in actors),
            "; ".join(t.slug for t in topics), "; ".join(self.text(t.texts).title for t in topics),
            "; ".join(url for _, url in self.sources(event)), self.event_url(event),
            "; ".join(event.claimed_by),
            "; ".join(self.text(self.content.actors[s].texts).title for s in event.claimed_by),
            *self.window(event),
        ]))

    @staticmethod
    def window(event: Event) -> tuple[str, str, str, str]:
        """When the event happened, at the earliest and the latest, each with its precision: the
        same date twice unless the date is a window of uncertainty."""
        latest = event.not_after or event.date
        return event.date.isoformat(), event.date.precision, latest.isoformat(), latest.precision

    def corrections(self, corrections) -> list[dict]:
        return [{"date": c.date.isoformat(), "kind": c.kind, "note": text_in(c.note, self.lang)}
                for c in corrections]

    def source_urls(self, sources) -> list[str]:
        return [url for _, url in self.sources_of(sources)]

    def events(self) -> list[str]:
        return [self.once("event", e, lambda e: _dumps(self.event(e))) for e in self.graph.timeline]

    def event(self, event: Event) -> dict:
        earliest, earliest_precision, latest, latest_precision = self.window(event)
        return {
            "id": event.id, "url": self.event_url(event), "title": event.title[self.lang],
            "description": event.description.get(self.lang) or None, "display_date": self.display_date(event),
            "date": event.date.isoformat(), "until": _iso(event.until),
            "circa": event.circa, "earliest": earliest, "earliest_precision": earliest_precision,
            "latest": latest, "latest_precision": latest_precision,
            "actors": [self.ref("actor", self.content.actors[s]) for s in event.actors],
            "topics": [self.ref("topic", self.content.topics[s]) for s in event.topics],
            "claimed_by": [self.ref("actor", self.content.actors[s]) for s in event.claimed_by],
            "sources": [url for _, url in self.sources(event)],
            "corrections": self.corrections(event.corrections),
        }

    def topics(self) -> dict:
        topics = sorted(self.content.topics.values(), key=lambda t: t.slug)
        return {"language": self.lang, "topics": [self.topic(t) for t in topics]}

    def topic(self, topic) -> dict:
        text = self.text(topic.texts)
        return {
            "slug": topic.slug, "url": self.entry_url("topic", topic.slug, topic.texts), "language": text.lang,
            "translations": self.translations("topic", topic.slug, topic.texts),
            "title": text.title, "summary": text.summary, "sources": self.source_urls(topic.sources),
            "corrections": self.corrections(topic.corrections),
        }

    # -- JSON lists --------------------------------------------------------------------------------

    def articles(self) -> list[str]:
        return [self.once("article", a, lambda a: _dumps(self.article(a))) for a in self.graph.articles]

    def article(self, article: Article) -> dict:
        text = self.text(article.texts)
        source = article.source
        return {
            "slug": article.slug, "url": self.entry_url("article", article.slug, article.texts),
            "language": text.lang, "translations": self.translations("article", article.slug, article.texts),
            "title": text.title, "summary": text.summary,
            "date": article.date.isoformat(), "updated": _iso(article.updated),
            "topics": [self.ref("topic", self.content.topics[s]) for s in article.topics],
            "actors": [self.ref("actor", self.content.actors[s]) for s in article.actors],
            "source": {"outlet": source.outlet, "author": source.author or None, "url": source.url or None,
                       "published": source.published.isoformat(), "language": source.language or None},
            "events": [self.event_url(e) for e in self.graph.events_by_article.get(article.slug, ())],
            "claimed_by": [self.ref("actor", self.content.actors[s]) for s in article.claimed_by],
            "corrections": self.corrections(article.corrections),
        }

    def actors(self) -> dict:
        actors = sorted(self.content.actors.values(), key=lambda a: a.slug)
        return {"language": self.lang, "actors": [self.actor(a) for a in actors]}

    def actor(self, actor: Actor) -> dict:
        text = self.text(actor.texts)
        return {
            "slug": actor.slug, "url": self.entry_url("actor", actor.slug, actor.texts),
            "language": text.lang, "translations": self.translations("actor", actor.slug, actor.texts),
            "name": text.title, "kind": actor.kind, "role": text.summary,
            "role_as_of": _iso(actor.role_as_of),
            "aliases": list(actor.aliases),
            "country": self.ref("actor", self.content.actors[actor.country]) if actor.country else None,
            "articles": [self.entry_url("article", a.slug, a.texts) for a in self.graph.articles_by_actor.get(actor.slug, ())],
            "events": [self.event_url(e) for e in self.graph.events_by_actor.get(actor.slug, ())],
            "claims": [self.event_url(e) for e in self.graph.events_by_claimant.get(actor.slug, ())],
            "sources": self.source_urls(actor.sources),
            "corrections": self.corrections(actor.corrections),
            "relations": self.relations(actor.slug),
        }

    def relations(self, slug: str) -> list[dict]:
        """An actor's relations from its end: the type and its name as read from here, the other
        actor, the direction (`out`, `in`, or `mutual`), dates at their precision, claimants, sources."""
        types = {t.key: t for t in self.config.relation_types}
        found = []
        for end in self.graph.relations_by_actor.get(slug, ()):
            relation, kind = end.relation, types[end.relation.type]
            direction = "mutual" if not kind.directed else "out" if end.outgoing else "in"
            found.append({
                "type": relation.type, "label": (kind.inverse if direction == "in" else kind.name)[self.lang],
                "direction": direction, "actor": self.ref("actor", self.content.actors[end.other]),
                "from": _iso(relation.start), "until": _iso(relation.until),
                "claimed_by": [self.ref("actor", self.content.actors[s]) for s in relation.claimed_by],
                "sources": self.source_urls(relation.sources),
            })
        return found


def _iso(value) -> str | None:
    """A partial date at its precision (`2023`, `2023-08`, `2023-08-14`), or None."""
    return value.isoformat() if value else None
