"""Every page of the site: its path, its template, and the data it shows, per language."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import partial
from typing import Callable, Iterable

from . import seo, urls
from .corrections import corrections_plan, footer_links
from .dates import PartialDate
from .depnames import FRONT, entry_query, query
from .errors import Diagnostic, did_you_mean
from .graph import SiteGraph, archive_page, archive_page_count, list_page_of
from .icons import APPLE_TOUCH, FAVICON, MANIFEST
from .i18n import N_, format_day, format_moment, format_partial, language_name, language_name_in
from .markup import BodyCache, resolve_links
from .model import Text
from .modified import written_modified
from .embeds import embed_offer, embed_plans
from .overview import overview_context
from .reread import slug_and_language
from .relation_views import actor_relations, network_plans
from .search_plan import search_page
from .timeline_views import filter_groups, timeline_view_plans
from .urls import Page, PageHead, PagePlan, entry_timeline_path, era_path, network_path, search_path
from .views import Link, Viewer

HOME_ARTICLES = 10
HOME_EVENTS = 10
ENTRY_EVENTS = 10  # the latest events on a topic's or actor's page; all of them are on its timeline view
# The main timeline lists every event, and filters them in place, up to this many; a longer one
# lists the latest (a page of ten thousand events is tens of MB) and leaves the rest to the year,
# topic and actor views, which list every event.
MAIN_TIMELINE_EVENTS = 1000
ACTOR_KIND_ORDER = ("person", "organisation", "state")


def _line_of_link(text: Text, scheme: str, slug: str) -> int:
    """The line of the body where the link is written (the body's first line if not found as is)."""
    at = text.body.find(f"{scheme}:{slug}")
    return text.body_line + (text.body[:at].count("\n") if at >= 0 else 0)


@dataclass
class Planner:
    """Plans the pages of one build; `warnings` collects entry links that lead nowhere."""

    graph: SiteGraph
    gettexts: dict[str, Callable[[str], str]]
    bodies: BodyCache
    warnings: list[Diagnostic] = field(default_factory=list)
    viewers: dict[tuple, Viewer] = field(default_factory=dict)

    @property
    def config(self):
        return self.graph.config

    def all_pages(self) -> list[Page]:
        return [make() for _, make in self.page_plans()]

    def page_plans(self) -> list[PagePlan]:
        """Every page's path and the call that makes it, in a fixed order. A page's data is only
        gathered when it is called, so a build can make and render each page in a worker, keep no
        page in memory, and skip pages whose inputs did not change without making them."""
        plans = [PagePlan("", self.language_choice), PagePlan("404.html", self.not_found)]
        for lang in self.config.languages:
            plans += self.language_page_plans(lang)
        return plans

    def language_page_plans(self, lang: str) -> list[PagePlan]:
        content = self.graph.content
        plans = [PagePlan(urls.home_path(lang), partial(self.home, lang)),
                 PagePlan(urls.section_path("topic", lang), partial(self.topics_index, lang)),
                 PagePlan(urls.section_path("actor", lang), partial(self.actors_index, lang)),
                 PagePlan(urls.timeline_path(lang), partial(self.timeline, lang))]
        count = archive_page_count(self.graph)
        plans += [PagePlan(urls.list_page_path(lang, n, count), partial(self.article_list, lang, n))
                  for n in range(count, 0, -1)]
        plans += [self._entry_plan("article", self.article, a, lang) for a in self.graph.articles if lang in a.texts]
        plans += [self._entry_plan("topic", self.topic, t, lang)
                  for t in sorted(content.topics.values(), key=lambda t: t.slug) if lang in t.texts]
        plans += [self._entry_plan("actor", self.actor, a, lang)
                  for a in sorted(content.actors.values(), key=lambda a: a.slug) if lang in a.texts]
        return plans + timeline_view_plans(self, lang) + [PagePlan(search_path(lang), partial(search_page, self, lang)),
                                                          corrections_plan(self, lang)] + network_plans(self, lang) + embed_plans(self, lang)

    def edited_entry_plans(self, files: Iterable[str]) -> list[PagePlan]:
        """The pages of the entries in whose files (`articles/x.en.md`, or their front matter's
        name) an edit was seen, each in its file's language, as `page_plans` plans them: in
        `sitegen serve`, the page the editor is looking at, made before the site's other pages
        are planned."""
        plans = {}
        for name in sorted(files):
            folder, _, file_name = name.removesuffix(FRONT).partition("/")
            kind = urls.KINDS.get(folder)
            slug, lang = slug_and_language(file_name)
            entry = kind and getattr(self.graph.content, folder).get(slug)
            if entry and lang in entry.texts and lang in self.config.languages:
                plan = self._entry_plan(kind, getattr(self, kind), entry, lang)
                plans[plan.path] = plan
        return list(plans.values())

    @staticmethod
    def _entry_plan(kind: str, make: Callable, entry, lang: str) -> PagePlan:
        return PagePlan(urls.entry_path(kind, entry.slug, lang), partial(make, entry, lang))

    def members(self, view: Viewer, name: str, argument: str = ""):
        """A collection of the site graph (see depends.QUERIES), recorded as the page's input."""
        view.deps.add(query(name, argument))
        graph = self.graph
        if not argument:
            return {"articles": graph.articles, "timeline": graph.timeline, "all_topics": graph.content.topics,
                    "all_actors": graph.content.actors}[name]
        return getattr(graph, name).get(argument, ())

    # -- shared parts --------------------------------------------------------------------------

    def viewer(self, lang: str, absolute: bool = False) -> Viewer:
        """The shared Viewer for pages of this language, ready for a new page: one for the pages
        linked relatively (every page but the 404 page), one for prefix-absolute links."""
        key = (lang, absolute)
        if key not in self.viewers:
            link = urls.Linker(self.config.path_prefix) if absolute else urls.Linker()
            self.viewers[key] = Viewer(lang, link, self.gettexts[lang], self.graph.content, self.graph.revised)
        return self.viewers[key].start_page()

    def page(self, view: Viewer, head: PageHead, translations: dict[str, str],
             fallbacks: dict[str, str] | None = None, **context) -> Page:
        """Wrap a page's own data with what every page has: language links, navigation, head.
        `translations` are the page's addresses in the languages it has; `fallbacks`, where the
        language switcher leads in the others (else their home page)."""
        lang, path, modified = view.lang, head.path, head.modified
        fallbacks = fallbacks or {}
        alternates = tuple((code, self.config.absolute(p)) for code, p in translations.items())
        default = translations.get(self.config.default_language)
        switcher = tuple(
            Link(view.link(translations.get(code) or fallbacks.get(code) or urls.home_path(code)),
                 language_name(code), "" if code in translations else code, code)
            for code in self.config.languages if code != lang
        )
        gettext = self.gettexts[lang]
        nav = tuple(
            (Link(view.link(target), gettext(label)), path == target or path.startswith(target) and target != urls.home_path(lang))
            for target, label in (
                (urls.home_path(lang), N_("Home")), (urls.section_path("article", lang), N_("Articles")),
                (urls.timeline_path(lang), N_("Timeline")), (urls.section_path("topic", lang), N_("Topics")),
                (urls.section_path("actor", lang), N_("Actors")),
            )
        )
        chrome = dict(
            lang=lang, site_title=self.config.title[lang], site_description=self.config.description[lang],
            title=head.title, description=head.description,
            alternates=alternates, x_default=self.config.absolute(default) if default else "",
            switcher=switcher, nav=nav, home_url=view.link(urls.home_path(lang)),
            stylesheet=view.link("static/style.css"), root_url=view.link(""),
            script=view.link("static/reader.js"), search_url=view.link(search_path(lang)),
            modified_iso=modified.isoformat() if modified else "",
            favicon=view.link(FAVICON), touch_icon=view.link(APPLE_TOUCH), manifest=view.link(MANIFEST),
            inline_styles=False,
        )
        chrome["corrections_url"], chrome["corrections_feed_url"] = footer_links(self.graph, view)
        chrome.update(seo.head_context(self.graph, view, head, alternates))
        return Page(path, head.template, lang, {**chrome, **context}, frozenset(view.deps))

    def body(self, view: Viewer, text: Text) -> str:
        """The entry's Markdown as safe HTML, with links between entries made for this page."""
        view.deps.add(text.path)

        def url_of(scheme: str, slug: str) -> str | None:
            target = self.link_target(scheme, slug, view)
            if target is None:
                self.warnings.append(Diagnostic(text.path, _line_of_link(text, scheme, slug),
                                                f"the link '{scheme}:{slug}' leads nowhere",
                                                self.link_hint(scheme, slug), "warning"))
            return target

        return resolve_links(self.bodies.html(text.body), url_of)

    def link_hint(self, scheme: str, slug: str) -> str:
        """For a link that leads nowhere: the slug it may have meant, else a plain hint."""
        content = self.graph.content
        table = {"event": content.events, "article": content.articles, "topic": content.topics,
                 "actor": content.actors}[scheme]
        return did_you_mean(slug, table) or "check the slug"

    def link_target(self, scheme: str, slug: str, view: Viewer) -> str | None:
        content = self.graph.content
        if scheme == "event":
            view.deps.add(query("event", slug))
            return view.link(urls.event_path(content.events[slug], view.lang)) if slug in content.events else None
        table = {"article": content.articles, "topic": content.topics, "actor": content.actors}[scheme]
        if slug not in table:
            view.deps.add(entry_query(f"{urls.SECTIONS[scheme]}/{slug}"))
            return None
        view.deps.update(t.path + FRONT for t in table[slug].texts.values())
        return view.entry_url(scheme, slug, table[slug].texts)

    def per_language(self, make_path: Callable[[str], str]) -> dict[str, str]:
        return {code: make_path(code) for code in self.config.languages}

    # -- pages -----------------------------------------------------------------------------------

    def language_choice(self) -> Page:
        lang = self.config.default_language
        view = self.viewer(lang)
        choices = tuple(Link(view.link(urls.home_path(code)), language_name(code), code, code)
                        for code in self.config.languages)
        titles = tuple((code, self.config.title[code]) for code in self.config.languages)
        return self.page(
            view, PageHead("", "choose_language.html", self.config.title[lang], self.config.description[lang]), {},
            choices=choices, titles=titles)

    def not_found(self) -> Page:
        lang = self.config.default_language
        view = self.viewer(lang, absolute=True)
        homes = tuple(Link(view.link(urls.home_path(code)), language_name(code), code, code)
                      for code in self.config.languages)
        messages = tuple(dict(lang=code, title=self.gettexts[code]("Page not found"), home=home,
                              text=self.gettexts[code]("The page you asked for does not exist. It may have moved, or the address may be mistyped."),
                              home_label=self.gettexts[code]("Go to the home page in %(language)s") % {"language": language_name(code)})
                         for code, home in zip(self.config.languages, homes))
        title = " · ".join(m["title"] for m in messages)
        switcher = tuple(replace(home, lang="") for home in homes if home.hreflang != lang)
        return self.page(
            view, PageHead("404.html", "404.html", title, self.config.description[lang]), {}, homes=homes,
            messages=messages, inline_styles=True, switcher=switcher)

    def home(self, lang: str) -> Page:
        path = urls.home_path(lang)
        view = self.viewer(lang)
        articles = tuple(view.article(a) for a in self.members(view, "articles")[:HOME_ARTICLES])
        topics = self.sorted_entries(view, "topic", self.members(view, "all_topics").values())
        events = tuple(view.event(e) for e in self.members(view, "timeline")[:HOME_EVENTS])
        return self.page(
            view, PageHead(path, "home.html", self.config.title[lang], self.config.description[lang]),
            self.per_language(urls.home_path), articles=articles, topics=topics, events=events,
            articles_url=view.link(urls.section_path("article", lang)),
            timeline_url=view.link(urls.timeline_path(lang)))

    def article_list(self, lang: str, number: int) -> Page:
        """Page `number` of all articles (1 is the oldest page), newest first, with a pager."""
        count = archive_page_count(self.graph)
        path = urls.list_page_path(lang, number, count)
        view = self.viewer(lang)
        view.deps.add(query("archive", number))
        gettext = self.gettexts[lang]
        numbers = urls.pager_numbers(number, count)
        pager = tuple((gettext("Newest") if n == count else str(n), view.link(urls.list_page_path(lang, n, count)),
                       n == number, i > 0 and numbers[i - 1] - n > 1)
                      for i, n in enumerate(numbers))
        title = gettext("Articles") if number == count else gettext("Articles, page %(number)s") % {"number": number}
        return self.page(
            view, PageHead(path, "articles.html", title, self.config.description[lang]),
            self.per_language(lambda code: urls.list_page_path(code, number, count)),
            articles=tuple(view.article(a) for a in archive_page(self.graph, number)),
            pager=pager if count > 1 else ())

    def article_list_position(self, slug: str, lang: str) -> str:
        count = archive_page_count(self.graph)
        return urls.list_page_path(lang, list_page_of(self.graph, slug), count) + f"#article-{slug}"

    def translations_of(self, kind: str, slug: str, texts: dict[str, Text]) -> dict[str, str]:
        return {code: urls.entry_path(kind, slug, code) for code in self.config.languages if code in texts}

    def article(self, article, lang: str) -> Page:
        path = urls.entry_path("article", article.slug, lang)
        view = self.viewer(lang)
        text = view.text(article.texts)
        source = article.source
        if len(article.texts) < len(self.config.languages):  # the switcher leads to its place in the list
            view.deps.add(query("position", article.slug))
        fallbacks = {code: self.article_list_position(article.slug, code) for code in self.config.languages}
        modified = view.modified(text, written_modified(article))
        updated = modified if modified.date() != article.date.date() else None
        return self.page(
            view, PageHead(path, "article.html", text.title, text.summary, about=article, modified=modified),
            self.translations_of("article", article.slug, article.texts), fallbacks,
            stale=view.stale_notice("article", article.slug, article.texts), summary=text.summary,
            date_text=format_day(article.date, lang), date_iso=article.date.isoformat(),
            updated_text=format_day(updated, lang) if updated else "",
            updated_iso=updated.isoformat() if updated else "",
            source=dict(outlet=source.outlet, author=source.author, url=source.url,
                        published_text=format_moment(source.published, lang), published_iso=source.published.isoformat(),
                        language=language_name_in(source.language, lang) if source.language else ""),
            topics=tuple(view.entry_link("topic", self.graph.content.topics[s]) for s in article.topics),
            actors=tuple(view.entry_link("actor", self.graph.content.actors[s]) for s in article.actors),
            body=self.body(view, text), draft=article.draft,
            claimed_by=view.claimants(article.claimed_by, *[PartialDate(article.date.year, article.date.month, article.date.day)] * 2),
            corrections=view.corrections(article.corrections),
            events=tuple(view.event(e) for e in self.members(view, "events_by_article", article.slug)))

    @staticmethod
    def revision_context(view: Viewer, entry, kind: str, modified: datetime | None) -> dict:
        """When a topic's or actor's page last changed, and whether another language's is newer."""
        slug, texts = entry.slug, entry.texts
        return dict(stale=view.stale_notice(kind, slug, texts),
                    updated_text=format_day(modified, view.lang) if modified else "",
                    updated_iso=modified.isoformat() if modified else "")

    def sorted_entries(self, view: Viewer, kind: str, entries) -> tuple:
        items = [view.entry(kind, entry) for entry in entries]
        return tuple(sorted(items, key=lambda item: (item.title.casefold(), item.anchor)))

    def topics_index(self, lang: str) -> Page:
        path = urls.section_path("topic", lang)
        view = self.viewer(lang)
        topics = self.sorted_entries(view, "topic", self.members(view, "all_topics").values())
        return self.page(
            view, PageHead(path, "topics.html", self.gettexts[lang]("Topics"), self.config.description[lang]),
            self.per_language(lambda code: urls.section_path("topic", code)), topics=topics)

    def topic(self, topic, lang: str) -> Page:
        path = urls.entry_path("topic", topic.slug, lang)
        view = self.viewer(lang)
        text = view.text(topic.texts)
        fallbacks = self.per_language(lambda code: urls.section_path("topic", code) + f"#topic-{topic.slug}")
        modified = view.modified(text, written_modified(topic))
        return self.page(
            view, PageHead(path, "topic.html", text.title, text.summary, about=topic, modified=modified),
            self.translations_of("topic", topic.slug, topic.texts), fallbacks,
            **self.revision_context(view, topic, "topic", modified), summary=text.summary, body=self.body(view, text),
            sources=view.source_links(topic.sources), corrections=view.corrections(topic.corrections),
            articles=tuple(view.article(a) for a in self.members(view, "articles_by_topic", topic.slug)),
            **self.latest_events(view, "topic", topic.slug), **embed_offer(self, view, "topic", topic.slug))

    def latest_events(self, view: Viewer, kind: str, slug: str) -> dict:
        """The latest events of a topic or actor, and the link to its whole timeline. Showing them
        all made these pages grow with the briefing, and repeat the timeline view page."""
        events = self.members(view, f"events_by_{kind}", slug)
        return dict(years=view.timeline(events[:ENTRY_EVENTS]), event_count=len(events),
                    timeline_url=view.link(entry_timeline_path(kind, slug, view.lang)) if events else "")

    def claims(self, view: Viewer, slug: str) -> dict:
        """The latest events an actor claims, and the link to the view of all their claims."""
        events = self.members(view, "events_by_claimant", slug)
        return dict(events=tuple(view.event(e) for e in events[:ENTRY_EVENTS]), count=len(events),
                    url=view.link(entry_timeline_path("claimed-by", slug, view.lang)) if events else "")

    def actors_index(self, lang: str) -> Page:
        path = urls.section_path("actor", lang)
        view = self.viewer(lang)
        gettext = self.gettexts[lang]
        labels = {"person": gettext("People"), "organisation": gettext("Organisations"), "state": gettext("States")}
        actors = self.members(view, "all_actors").values()
        groups = tuple(
            (labels[kind], self.sorted_entries(view, "actor", [a for a in actors if a.kind == kind]))
            for kind in ACTOR_KIND_ORDER if any(a.kind == kind for a in actors)
        )
        view.deps.add(query("network"))
        return self.page(
            view, PageHead(path, "actors.html", gettext("Actors"), self.config.description[lang]),
            self.per_language(lambda code: urls.section_path("actor", code)), groups=groups,
            network_url=view.link(network_path(lang)) if self.graph.relations else "")

    def actor(self, actor, lang: str) -> Page:
        path = urls.entry_path("actor", actor.slug, lang)
        view = self.viewer(lang)
        text = view.text(actor.texts)
        gettext = self.gettexts[lang]
        content = self.graph.content
        kinds = {"person": gettext("Person"), "organisation": gettext("Organisation"), "state": gettext("State")}
        fallbacks = self.per_language(lambda code: urls.section_path("actor", code) + f"#actor-{actor.slug}")
        modified = view.modified(text, written_modified(actor))
        return self.page(
            view, PageHead(path, "actor.html", text.title, text.summary, about=actor, modified=modified),
            self.translations_of("actor", actor.slug, actor.texts), fallbacks,
            **self.revision_context(view, actor, "actor", modified), role=text.summary, kind=actor.kind,
            kind_label=kinds[actor.kind], aliases=actor.aliases,
            role_as_of=format_partial(actor.role_as_of, lang) if actor.role_as_of else "",
            country=view.entry_link("actor", content.actors[actor.country]) if actor.country else None,
            body=self.body(view, text), sources=view.source_links(actor.sources),
            corrections=view.corrections(actor.corrections), claims=self.claims(view, actor.slug),
            people=tuple(view.entry_link("actor", p) for p in self.members(view, "people_by_country", actor.slug)),
            articles=tuple(view.article(a) for a in self.members(view, "articles_by_actor", actor.slug)),
            **self.latest_events(view, "actor", actor.slug),
            related=tuple(view.entry_link("actor", a) for a in self.members(view, "related_actors", actor.slug)),
            **actor_relations(self, view, actor.slug), **embed_offer(self, view, "actor", actor.slug))

    def timeline(self, lang: str) -> Page:
        path = urls.timeline_path(lang)
        view = self.viewer(lang)
        gettext = self.gettexts[lang]
        timeline = self.members(view, "timeline")
        shown = timeline[:MAIN_TIMELINE_EVENTS]
        return self.page(
            view, PageHead(path, "timeline.html", gettext("Timeline"), self.config.description[lang], about=shown),
            self.per_language(urls.timeline_path), years=view.timeline(shown), count=len(timeline),
            shown=len(shown), filters=filter_groups(self, view), full_url="",
            filterable=len(shown) == len(timeline), **overview_context(self.graph, view, shown, era_path(lang)))
