"""Every correction and update of the briefing, per language: a page that lists them, newest
first, and its Atom feed (`<lang>/corrections/` and `<lang>/corrections/feed.xml`).

Corrections are written in the entries themselves (`corrections:`, see docs/content-format.md);
the entries' own pages show theirs in a box.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Callable

from . import urls
from .depnames import query
from .feeds import ATOM_TYPE, new_feed
from .graph import SiteGraph, all_corrections
from .i18n import N_
from .model import text_in
from .planner_api import PlannerApi
from .urls import Page, PageHead, PagePlan, corrections_feed_path, corrections_path
from .views import CorrectionItem, Link, Viewer

TITLE = N_("Corrections")


@dataclass(frozen=True)
class ListedCorrection:
    """A correction on the corrections page: what it corrected, and the correction itself."""

    target: Link
    item: CorrectionItem


def _target(view: Viewer, kind: str, entry) -> Link:
    if kind == "event":
        view.deps.add(query("event", entry.id))
        return Link(view.link(urls.event_path(entry, view.lang)), entry.title[view.lang])
    return view.entry_link(kind, entry)


def corrections_plan(planner: PlannerApi, lang: str) -> PagePlan:
    return PagePlan(corrections_path(lang), partial(corrections_page, planner, lang))


def corrections_page(planner: PlannerApi, lang: str) -> Page:
    view = planner.viewer(lang)
    view.deps.add(query("corrections"))
    gettext = planner.gettexts[lang]
    listed = tuple(ListedCorrection(_target(view, kind, entry), view.corrections((correction,))[0])
                   for correction, kind, entry in all_corrections(planner.graph))
    return planner.page(
        view, PageHead(corrections_path(lang), "corrections.html", gettext(TITLE), planner.config.description[lang]),
        planner.per_language(corrections_path), corrections=listed)


def footer_links(graph: SiteGraph, view: Viewer) -> tuple[str, str]:
    """The addresses of the corrections page and of its feed ("" while there is no correction)."""
    view.deps.add(query("has_corrections"))
    has_feed = bool(all_corrections(graph))
    return (view.link(corrections_path(view.lang)),
            view.link(corrections_feed_path(view.lang)) if has_feed else "")


def correction_feed_files(graph: SiteGraph, gettexts: dict[str, Callable[[str], str]]) -> dict[str, bytes]:
    """Each language's corrections feed, when there is a correction to put in it (Atom needs an
    `updated` date, and a feed without entries has none that is true)."""
    listed = all_corrections(graph)
    if not listed:
        return {}
    return {corrections_feed_path(lang): _atom(graph, lang, gettexts[lang], listed) for lang in graph.config.languages}


def _entry_url(graph: SiteGraph, kind: str, entry, lang: str) -> tuple[str, str]:
    """The absolute address and title of a corrected entry in `lang` (or its first language)."""
    if kind == "event":
        return graph.config.absolute(urls.event_path(entry, lang)), entry.title[lang]
    text = text_in(entry.texts, lang)
    return graph.config.absolute(urls.entry_path(kind, entry.slug, text.lang)), text.title


def _atom(graph: SiteGraph, lang: str, gettext: Callable[[str], str], listed: list) -> bytes:
    config = graph.config
    feed = new_feed()
    feed.id(config.absolute(corrections_feed_path(lang)))
    feed.title(f"{gettext(TITLE)} · {config.title[lang]}")
    feed.subtitle(config.description[lang])
    feed.language(lang)
    feed.author({"name": config.title[lang], "uri": config.absolute(urls.home_path(lang))})
    feed.link(href=config.absolute(corrections_path(lang)), rel="alternate", type="text/html", hreflang=lang)
    feed.link(href=config.absolute(corrections_feed_path(lang)), rel="self", type=ATOM_TYPE)
    feed.generator("sitegen")
    feed.updated(listed[0][0].date)
    labels = {"correction": gettext("Correction"), "update": gettext("Update")}
    for number, (correction, kind, entry) in enumerate(listed):
        url, title = _entry_url(graph, kind, entry, lang)
        item = feed.add_entry(order="append")
        # An entry's id must never change: its entry, date and kind, numbered within them.
        same = sum(1 for c, k, e in listed[:number] if e is entry and c.date == correction.date and c.kind == correction.kind)
        key = getattr(entry, "slug", None) or entry.id
        item.id(f"{config.absolute(corrections_path(lang))}#{kind}-{key}-{correction.kind}-"
                f"{correction.date.date().isoformat()}-{same + 1}")
        item.title(f"{labels[correction.kind]}: {title}")
        item.summary(text_in(correction.note, lang))
        item.link(href=url, rel="alternate", type="text/html")
        item.published(correction.date)
        item.updated(correction.date)
    return feed.atom_str(pretty=True)
