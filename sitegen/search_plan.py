"""The search index's plan: which Pagefind shards a site has (see search.py, which writes them),
and the search page that loads them. Planning only: dependency queries (depends.py) and the
pages ask it, and it writes nothing.
"""
from __future__ import annotations

from dataclasses import dataclass

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
    """One Pagefind bundle: the pages it indexes (a glob that names only entry pages: Pagefind
    would otherwise parse every page, and the timeline views are most of the site's HTML) and
    the first characters of the articles and events it holds ("" for the topics and actors)."""

    name: str
    glob: str
    first: frozenset[str]

    def holds(self, slug: str) -> bool:
        return slug[:1] in self.first


def _characters(group: str) -> frozenset[str]:
    chars = set()
    for start, _, end in (group[i:i + 3] for i in range(0, len(group), 3)):
        chars.update(chr(c) for c in range(ord(start), ord(end) + 1))
    return frozenset(chars)


ENTRIES = Shard("entries", f"*/{{{urls.SECTIONS['actor']},{urls.SECTIONS['topic']}}}/*/index.html", frozenset())
ARTICLE_SHARDS = tuple(Shard(f"articles-{group}", f"*/{urls.SECTIONS['article']}/[{group}]*/index.html",
                             _characters(group)) for group in SLUG_GROUPS)


def search_shards(graph: SiteGraph) -> list[Shard]:
    """The shards that have something to index, the topics' and actors' first."""
    content = graph.content
    shards = [ENTRIES] if content.topics or content.actors else []
    slugs = [*content.articles, *content.events]
    return shards + [shard for shard in ARTICLE_SHARDS if any(shard.holds(slug) for slug in slugs)]


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
    bundles = " ".join(view.link(f"{BUNDLE_DIR}/{shard.name}/") for shard in search_shards(planner.graph))
    return planner.page(
        view, PageHead(path, "search.html", gettext("Search"), planner.config.description[lang]),
        planner.per_language(search_path), indexes=indexes, bundle_urls=bundles)
