"""Embeddable timelines: for each topic and actor with events, a minimal page at
`<lang>/embed/<topic|actor>/<slug>/`, sized for an iframe, with the site's name and a link
back. Embeds are not indexed (`noindex`, no sitemap entry) and name their full page as
canonical; the topic's page offers the `<iframe>` code to copy."""
from __future__ import annotations

from functools import partial
from html import escape

from .overview import overview_context
from .planner_api import PlannerApi
from .urls import Page, PageHead, PagePlan, embed_path, entry_timeline_path, era_path
from .views import Viewer

EMBED_KINDS = ("topic", "actor")
EMBED_HEIGHT = 480  # pixels: the height the offered iframe code asks for


def embed_plans(planner: PlannerApi, lang: str) -> list[PagePlan]:
    """An embed per topic and actor that has events (and so a timeline view to link back to)."""
    graph = planner.graph
    tables = {"topic": graph.events_by_topic, "actor": graph.events_by_actor}
    return [PagePlan(embed_path(kind, slug, lang), partial(_embed_page, planner, lang, kind, slug))
            for kind in EMBED_KINDS for slug, events in sorted(tables[kind].items()) if events]


def embed_offer(planner: PlannerApi, view: Viewer, kind: str, slug: str) -> dict[str, str]:
    """For a topic's or actor's page: the `<iframe>` a reader copies to embed its timeline, with
    the embed's absolute address, and a link to see the embed first (both "" when the entry has
    no events, and so no embed)."""
    if not planner.members(view, f"events_by_{kind}", slug):
        return dict(embed_code="", embed_url="")
    path = embed_path(kind, slug, view.lang)
    url = planner.config.absolute(path)
    title = view.text((planner.graph.content.topics if kind == "topic" else planner.graph.content.actors)[slug].texts).title
    code = (f'<iframe src="{escape(url)}" title="{escape(title)}" width="100%" height="{EMBED_HEIGHT}" '
            f'style="border:1px solid #d8d4cc" loading="lazy"></iframe>')
    return dict(embed_code=code, embed_url=view.link(path))


def _embed_page(planner: PlannerApi, lang: str, kind: str, slug: str) -> Page:
    view = planner.viewer(lang)
    events = planner.members(view, f"events_by_{kind}", slug)
    entry = (planner.graph.content.topics if kind == "topic" else planner.graph.content.actors)[slug]
    title = view.text(entry.texts).title
    full = entry_timeline_path(kind, slug, lang)
    head = PageHead(embed_path(kind, slug, lang), "embed.html", title, planner.config.description[lang],
                    canonical=full, noindex=True)
    return planner.page(
        view, head, planner.per_language(lambda code: embed_path(kind, slug, code)),
        events=tuple(view.event(e) for e in events), full_url=view.link(full),
        **overview_context(planner.graph, view, events, era_path(lang), slug if kind == "topic" else None,
                           bar_base=view.link(full)),
    )
