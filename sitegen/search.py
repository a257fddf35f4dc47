"""Full-text search with Pagefind: the search page, and the index written as the build's last step.

Pagefind reads the built pages (one index per `<html lang>`); only the parts marked
`data-pagefind-body` in the templates are indexed: articles, topics and actors. Events live on
the timeline page, so each is added as a record of its own that leads to its anchor there.

The index is written into the staging folder before it replaces the site, so a failed index
leaves the previous site as it was.
"""
from __future__ import annotations

import asyncio
import json
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from . import urls
from .graph import SiteGraph
from .i18n import N_, event_when

if TYPE_CHECKING:
    from .pages import Page, Planner

log = logging.getLogger(__name__)

BUNDLE_DIR = "pagefind"
ENTRY_FILE = "pagefind-entry.json"


class SearchIndexError(RuntimeError):
    """Pagefind could not write the index; the message says why."""


def search_path(lang: str) -> str:
    return f"{lang}/search/"


def search_page(planner: Planner, lang: str) -> Page:
    """The page the search box leads to: results with JavaScript, the indexes without it."""
    path = search_path(lang)
    view = planner.viewer(lang, path)
    gettext = planner.gettexts[lang]
    indexes = tuple(
        (view.link(target), gettext(label)) for target, label in (
            (urls.section_path("article", lang), N_("Articles")), (urls.section_path("topic", lang), N_("Topics")),
            (urls.section_path("actor", lang), N_("Actors")), (urls.timeline_path(lang), N_("Timeline")),
        )
    )
    return planner.page(view, path, "search.html", gettext("Search"), planner.config.description[lang],
                        planner.per_language(search_path), indexes=indexes,
                        bundle_url=view.link(f"{BUNDLE_DIR}/"))


def event_records(graph: SiteGraph, gettexts: dict) -> list[dict]:
    """A Pagefind record per event and language, with its type and date to show in results."""
    content = graph.content
    records = []
    for lang in graph.config.languages:
        gettext = gettexts[lang]
        for event in graph.timeline:
            names = [_title(content.actors[s].texts, lang) for s in event.actors]
            names += [_title(content.topics[s].texts, lang) for s in event.topics]
            when = event_when(event.date, event.until, event.circa, lang, gettext("c. %(date)s"))
            text = " ".join([event.title[lang], event.description.get(lang, ""), *names])
            records.append(dict(
                url="/" + urls.event_path(event.id, lang), language=lang, content=text,
                meta={"title": event.title[lang], "type": gettext("Event"), "date": when.text},
            ))
    return records


def _title(texts: dict, lang: str) -> str:
    return (texts.get(lang) or next(iter(texts.values()))).title


def write_index(site: Path, records: list[dict]) -> None:
    """Index the HTML pages below `site` and the extra records into `site/pagefind/`."""
    try:
        asyncio.run(_write(site.resolve(), records))
    except Exception as exc:  # the service reports failures in several forms
        raise SearchIndexError(f"Pagefind failed: {exc}") from exc
    _sort_entry_file(site / BUNDLE_DIR / ENTRY_FILE)


async def _write(site: Path, records: list[dict]) -> None:
    from pagefind.index import IndexConfig, PagefindIndex

    config = IndexConfig(output_path=str(site / BUNDLE_DIR))
    async with PagefindIndex(config=config) as index:
        await index.add_directory(str(site))
        for record in records:
            await index.add_custom_record(**record)


def _sort_entry_file(path: Path) -> None:
    """Pagefind lists the languages in a different order on each run; sort them for stable bytes."""
    entry = json.loads(path.read_text("utf-8"))
    entry["languages"] = dict(sorted(entry["languages"].items()))
    path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), "utf-8")
