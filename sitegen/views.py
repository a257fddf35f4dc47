"""What a template receives: small frozen records, with every text already localized.

A page's context is made only of these records, plain strings, numbers, tuples and dicts. The
Viewer that makes them records what each was made from (`deps`: content files and graph
queries, see depends.py), so a rebuild knows which pages an edit touches.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Callable, Mapping

from . import urls
from .depnames import FRONT, REVISED, entry_query, query
from .dates import PartialDate
from .eras import ERAS_FILE, era_ids
from .i18n import When, format_day, format_partial, language_name, language_name_in, when_of
from .model import Actor, Article, Correction, Event, Text, Topic, text_in
from .overview_strip import event_months, group_anchor
from .revisions import last_modified, stale_translation


@dataclass(frozen=True)
class Link:
    url: str
    label: str
    lang: str = ""  # set when the target is in another language than the page
    hreflang: str = ""


@dataclass(frozen=True, eq=False)
class ArticleItem:
    """An article in a list. Compared by identity, like EventItem: there is one per article and
    language, and each list on a topic's, actor's or archive page renders it through render.reuse."""

    anchor: str
    url: str
    title: str
    summary: str
    date_text: str
    date_iso: str
    lang: str  # the language of the text shown; differs from the page's when not translated
    lang_name: str
    draft: bool


@dataclass(frozen=True)
class EntryItem:
    """A topic or actor in a list."""

    anchor: str
    url: str
    title: str
    summary: str
    lang: str
    lang_name: str


@dataclass(frozen=True)
class Claimant:
    """Who a claim is attributed to: the actor's link, and their role as of the claim's date."""

    link: Link
    role: str


@dataclass(frozen=True)
class CorrectionItem:
    """A correction or update as a page shows it, in the page's language."""

    date_text: str
    date_iso: str
    kind: str  # correction | update
    kind_label: str
    note: str


@dataclass(frozen=True, eq=False)
class EventItem:
    """One event as a page shows it. Compared by identity: there is one per event and language,
    and templates look it up often (render.reuse), which by value would hash all its links."""

    id: str
    anchor: str
    when: When
    title: str
    description: str
    actors: tuple[Link, ...]
    topics: tuple[Link, ...]
    sources: tuple[Link, ...]
    permalink: str = ""  # the event's anchor in its year's view
    year: int = 0
    topic_slugs: tuple[str, ...] = ()
    actor_slugs: tuple[str, ...] = ()
    claimed_by: tuple[Claimant, ...] = ()
    claimant_slugs: tuple[str, ...] = ()
    corrections: tuple[CorrectionItem, ...] = ()
    era_slugs: tuple[str, ...] = ()
    months: str = ""  # the months it covers (overview_strip.event_months), for the overview to follow the filter


@dataclass(frozen=True)
class StaleNotice:
    """That another language's version of the page changed more recently, and where it is."""

    language: str  # its name in the page's language
    date_text: str
    date_iso: str
    url: str
    hreflang: str


@dataclass(frozen=True)
class MonthGroup:
    label: str
    events: tuple[EventItem, ...]
    anchor: str = ""  # `month-2023-07`, or `year-2023-undated` for events known to the year only


@dataclass(frozen=True)
class YearGroup:
    year: int
    months: tuple[MonthGroup, ...]


class Viewer:
    """Builds records for pages of one language, and the sources they draw from.

    Links are made as `urls.Linker` makes them, the same for every page, so a record made for one
    page serves every other: each is made once and kept with the sources it was made from, which
    are added to `deps` of every page that uses it.
    """

    def __init__(self, lang: str, link: Callable[[str], str], gettext: Callable[[str], str], content,
                 revised: Mapping[str, datetime] | None = None):
        self.lang = lang
        self.link = link
        self.gettext = gettext
        self.content = content
        self.revised = revised or {}  # content file → its last commit (revisions.py)
        self.deps: set[str] = set()
        self._made: dict[tuple, tuple[object, frozenset[str]]] = {}

    def start_page(self) -> "Viewer":
        """Begin a new page: its dependencies start empty."""
        self.deps = set()
        return self

    def once(self, key: tuple, make: Callable[[], object]):
        made = self._made.get(key)
        if made is None:
            page_deps, self.deps = self.deps, set()
            try:
                record = make()
            finally:
                record_deps, self.deps = self.deps, page_deps
            made = self._made[key] = (record, frozenset(record_deps))
        self.deps.update(made[1])
        return made[0]

    def text(self, texts: dict[str, Text]) -> Text:
        """The page's language when it exists, otherwise the first translation there is."""
        self.deps.update(t.path + FRONT for t in texts.values())
        self.deps.add(entry_query(next(iter(texts.values())).path))
        return text_in(texts, self.lang)

    def entry_url(self, kind: str, slug: str, texts: dict[str, Text]) -> str:
        self.deps.add(entry_query(f"{urls.SECTIONS[kind]}/{slug}"))
        lang = text_in(texts, self.lang).lang
        return self.link(urls.entry_path(kind, slug, lang))

    def modified(self, text: Text, *dates: datetime | None) -> datetime | None:
        """When the page showing `text` last changed (see revisions.last_modified)."""
        self.deps.add(text.path + REVISED)
        return last_modified(text, self.revised, *dates)

    def stale_notice(self, kind: str, slug: str, texts: dict[str, Text]) -> StaleNotice | None:
        """A notice that the entry changed in another language after it last changed in this one."""
        self.deps.update(t.path + REVISED for t in texts.values())
        self.deps.update(t.path + FRONT for t in texts.values())  # translation_checked
        stale = stale_translation(texts, self.lang, self.revised)
        if stale is None:
            return None
        newer = stale.newer.lang
        return StaleNotice(language_name_in(newer, self.lang), format_day(stale.changed, self.lang),
                           stale.changed.isoformat(), self.link(urls.entry_path(kind, slug, newer)), newer)

    def foreign(self, text: Text) -> tuple[str, str]:
        return (text.lang, language_name(text.lang)) if text.lang != self.lang else ("", "")

    def article(self, article: Article) -> ArticleItem:
        return self.once(("article", article.slug), lambda: self._article(article))

    def _article(self, article: Article) -> ArticleItem:
        text = self.text(article.texts)
        lang, lang_name = self.foreign(text)
        return ArticleItem(
            anchor=f"article-{article.slug}",
            url=self.entry_url("article", article.slug, article.texts),
            title=text.title, summary=text.summary,
            date_text=format_day(article.date, self.lang), date_iso=article.date.isoformat(),
            lang=lang, lang_name=lang_name, draft=article.draft,
        )

    def entry(self, kind: str, entry: Topic | Actor) -> EntryItem:
        return self.once(("entry", kind, entry.slug), lambda: self._entry(kind, entry))

    def _entry(self, kind: str, entry: Topic | Actor) -> EntryItem:
        text = self.text(entry.texts)
        lang, lang_name = self.foreign(text)
        return EntryItem(f"{kind}-{entry.slug}", self.entry_url(kind, entry.slug, entry.texts),
                         text.title, text.summary, lang, lang_name)

    def entry_link(self, kind: str, entry: Topic | Actor | Article) -> Link:
        return self.once(("link", kind, entry.slug), lambda: self._entry_link(kind, entry))

    def _entry_link(self, kind: str, entry: Topic | Actor | Article) -> Link:
        text = self.text(entry.texts)
        lang, _ = self.foreign(text)
        return Link(self.entry_url(kind, entry.slug, entry.texts), text.title, lang, lang)

    def event(self, event: Event) -> EventItem:
        return self.once(("event", event.id), lambda: self._event(event))

    def _event(self, event: Event) -> EventItem:
        self.deps.add(query("event", event.id))
        actors = tuple(self.entry_link("actor", self.content.actors[s]) for s in event.actors)
        topics = tuple(self.entry_link("topic", self.content.topics[s]) for s in event.topics)
        return EventItem(
            id=event.id, anchor=urls.event_anchor(event.id),
            when=when_of(event, self.lang, self.gettext),
            title=event.title[self.lang], description=event.description.get(self.lang, ""),
            actors=actors, topics=topics, sources=self.source_links(event.sources),
            permalink=self.link(urls.event_path(event, self.lang)), year=event.date.year,
            topic_slugs=event.topics, actor_slugs=event.actors,
            claimed_by=self.claimants(event.claimed_by, event.date, event.not_after or event.until or event.date),
            claimant_slugs=event.claimed_by, corrections=self.corrections(event.corrections),
            era_slugs=self.eras_of(event), months=" ".join(event_months(event)),
        )

    def eras_of(self, event: Event) -> tuple[str, ...]:
        """The eras the event falls in; the page depends on eras.yaml even while there is none,
        so that adding the file remakes it."""
        self.deps.add(ERAS_FILE)
        return era_ids(self.content.eras, event)

    def claimants(self, slugs: tuple[str, ...], first: PartialDate, last: PartialDate) -> tuple[Claimant, ...]:
        """The actors a claim is attributed to, each with their role as of the claim's dates
        (`first` to `last`). A profile states one role, true as of `role_as_of`: when that date
        is outside the claim's, the role is said to be as of then."""
        found = []
        for slug in slugs:
            actor = self.content.actors[slug]
            role = self.text(actor.texts).summary
            as_of = actor.role_as_of
            if as_of and (as_of.start() > last.end() or as_of.end() < first.start()):
                role = self.gettext("%(role)s, as of %(date)s") % {"role": role, "date": format_partial(as_of, self.lang)}
            found.append(Claimant(self.entry_link("actor", actor), role))
        return tuple(found)

    def corrections(self, corrections: tuple[Correction, ...]) -> tuple[CorrectionItem, ...]:
        """An entry's corrections, newest first, with their notes in the page's language (an
        entry shown in another language has its notes in that one)."""
        labels = {"correction": self.gettext("Correction"), "update": self.gettext("Update")}
        return tuple(CorrectionItem(format_day(c.date, self.lang), c.date.date().isoformat(), c.kind, labels[c.kind],
                                    text_in(c.note, self.lang))
                     for c in corrections)

    def source_links(self, sources) -> tuple[Link, ...]:
        """Links to an event's, topic's or actor's sources: our articles, or outside addresses."""
        links = []
        for source in sources:
            if source.article and source.article in self.content.articles:
                links.append(self.entry_link("article", self.content.articles[source.article]))
            elif source.url:
                links.append(Link(source.url, source.url))
        return tuple(links)

    def timeline(self, events) -> tuple[YearGroup, ...]:
        """Events grouped by year, then by month (a year-only date has its own group), newest first."""
        years: dict[int, dict[str, list[EventItem]]] = {}
        anchors: dict[str, str] = {}
        for event in events:
            label = (self._month_label(event) if event.date.month
                     else self.gettext("Sometime in %(year)s") % {"year": event.date.year})
            years.setdefault(event.date.year, {}).setdefault(label, []).append(self.event(event))
            anchors.setdefault(label, group_anchor(event))
        return tuple(
            YearGroup(year, tuple(MonthGroup(label, tuple(items), anchors[label]) for label, items in months.items()))
            for year, months in years.items()
        )

    def _month_label(self, event: Event) -> str:
        return format_partial(PartialDate(event.date.year, event.date.month), self.lang)
