"""The search index's plan: which Pagefind shards a site has (see search.py, which writes them),
and the search page that loads them. Planning only: dependency queries (depends.py) and the
pages ask it, and it writes nothing.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from . import urls
from .depnames import query
from .graph import SiteGraph
from .i18n import N_
from .planner_api import PlannerApi
from .urls import Page, PageHead, search_path

BUNDLE_DIR = "pagefind"
SLUG_GROUPS = ("0-9a-b", "c-f", "g-j", "k-m", "n-r", "s-z")  # first characters of slugs, one shard each


@dataclass(frozen=True)
class Shard:
    """One Pagefind bundle: one language's pages it indexes (a glob that names only entry pages:
    Pagefind would otherwise parse every page, and the timeline views are most of the site's
    HTML) and the first characters of the articles and events it holds ("" for the topics and
    actors). A reader's search loads only its language's bundles, so a bundle per language costs
    readers nothing, and an edit indexes again one language's pages and events, not both."""

    name: str
    glob: str
    first: frozenset[str]
    lang: str

    def holds(self, slug: str) -> bool:
        return slug[:1] in self.first


def _characters(group: str) -> frozenset[str]:
    chars = set()
    for start, _, end in (group[i:i + 3] for i in range(0, len(group), 3)):
        chars.update(chr(c) for c in range(ord(start), ord(end) + 1))
    return frozenset(chars)


def _entry_shard(lang: str) -> Shard:
    return Shard(f"{lang}-entries", f"{lang}/{{{urls.SECTIONS['actor']},{urls.SECTIONS['topic']}}}/*/index.html",
                 frozenset(), lang)


def _article_shard(lang: str, group: str) -> Shard:
    return Shard(f"{lang}-articles-{group}", f"{lang}/{urls.SECTIONS['article']}/[{group}]*/index.html",
                 _characters(group), lang)


def search_shards(graph: SiteGraph, lang: str | None = None) -> list[Shard]:
    """The shards that have something to index (of `lang`, or of every language), a language's
    topics and actors first. An entry has pages only in the languages it is written in; every
    event has a record in every language."""
    content = graph.content
    shards = []
    for code in graph.config.languages if lang is None else (lang,):
        if any(code in entry.texts for entry in (*content.topics.values(), *content.actors.values())):
            shards.append(_entry_shard(code))
        slugs = [slug for slug, article in content.articles.items() if code in article.texts] + list(content.events)
        shards += [shard for shard in map(partial(_article_shard, code), SLUG_GROUPS)
                   if any(shard.holds(slug) for slug in slugs)]
    return shards


def search_page(planner: PlannerApi, lang: str) -> Page:
    """The page the search box leads to: results with JavaScript, the indexes without it."""
    path = search_path(lang)
    view = planner.viewer(lang)
    gettext = planner.gettexts[lang]
    indexes = tuple(
        (view.link(target), gettext(label)) for target, label in (
            (urls.section_path("article", lang), N_("Articles")), (urls.section_path("topic", lang), N_("Topics")),
            (urls.section_path("actor", lang), N_("Actors")), (urls.timeline_path(lang), N_("Timeline")),
        )
    )
    view.deps.add(query("search_shards"))
    bundles = " ".join(view.link(f"{BUNDLE_DIR}/{shard.name}/") for shard in search_shards(planner.graph, lang))
    return planner.page(
        view, PageHead(path, "search.html", gettext("Search"), planner.config.description[lang]),
        planner.per_language(search_path), indexes=indexes, bundle_urls=bundles)
