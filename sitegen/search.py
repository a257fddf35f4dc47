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
import shutil
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
# Only entry pages carry `data-pagefind-body`. Pagefind would otherwise parse every page to find
# that out, and the timeline views are most of the site's HTML (measured in bench/: half the
# indexing time and a fifth of its memory at 1,000 articles).
ENTRY_PAGES = "*/{" + ",".join(sorted(urls.SECTIONS.values())) + "}/*/index.html"


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


ATTEMPTS = 3


def write_index(site: Path, records: list[dict]) -> None:
    """Index the HTML pages below `site` and the extra records into `site/pagefind/`.

    Pagefind's service answers "files written" before its last writes reach the disk, and
    ends without finishing them when it is closed: now and then a bundle file stays empty.
    So the written bundle is checked, and indexing is redone when a file came out empty.
    """
    for attempt in range(1, ATTEMPTS + 1):
        shutil.rmtree(site / BUNDLE_DIR, ignore_errors=True)
        try:
            asyncio.run(_write(site.resolve(), records))
            _check_complete(site / BUNDLE_DIR)
            break
        except _IncompleteBundle as exc:
            if attempt == ATTEMPTS:
                raise SearchIndexError(f"Pagefind failed: {exc}") from exc
            log.info("Pagefind left %s; indexing again", exc)
        except Exception as exc:  # the service reports failures in several forms
            raise SearchIndexError(f"Pagefind failed: {exc}") from exc
    _sort_entry_file(site / BUNDLE_DIR / ENTRY_FILE)


class _IncompleteBundle(Exception):
    pass


class _PromptAsyncio:
    """asyncio as Pagefind's service module sees it, minus one pause.

    pagefind 1.5.2's Python client sleeps 0.1 s before reading each answer of its service, so
    every event record cost 0.1 s (20,000 events: over half an hour). Reading waits for data
    anyway; the pause only yields to the loop, which sleep(0) does too.
    """

    def __getattr__(self, name: str):
        return getattr(asyncio, name)

    @staticmethod
    async def sleep(delay: float, result=None):
        return await asyncio.sleep(0, result)


async def _write(site: Path, records: list[dict]) -> None:
    import pagefind.service
    from pagefind.index import IndexConfig, PagefindIndex

    pagefind.service.asyncio = _PromptAsyncio()

    index = PagefindIndex(config=IndexConfig(output_path=str(site / BUNDLE_DIR)))
    await index.__aenter__()
    try:
        await index.add_directory(str(site), glob=ENTRY_PAGES)
        for record in records:
            await index.add_custom_record(**record)
        await index.write_files()
        await _settled(site / BUNDLE_DIR)
    finally:
        await _let_pagefind_finish(index._service)


async def _settled(bundle: Path, seconds: float = 10.0) -> None:
    """Wait until no bundle file is empty and no size changes between two looks."""
    before = None
    for _ in range(int(seconds / 0.05)):
        sizes = {p: p.stat().st_size for p in bundle.rglob("*") if p.is_file()}
        if sizes and all(sizes.values()) and sizes == before:
            return
        before = sizes
        await asyncio.sleep(0.05)


async def _let_pagefind_finish(service) -> None:
    """End Pagefind's service by closing its input, so it exits after its last write.

    The library's own close() kills the process right after the "files written" answer, while
    Pagefind may still be flushing them: now and then a bundle file was left empty.
    """
    backend = service._backend
    backend.stdin.close()
    try:
        await asyncio.wait_for(backend.wait(), timeout=60)
    except asyncio.TimeoutError:
        backend.terminate()
        await backend.wait()
    service._poll_task.cancel()


def _check_complete(bundle: Path) -> None:
    empty = sorted(p.relative_to(bundle).as_posix() for p in bundle.rglob("*") if p.is_file() and p.stat().st_size == 0)
    if empty or not (bundle / ENTRY_FILE).is_file():
        raise _IncompleteBundle(f"empty files: {', '.join(empty[:5]) or ENTRY_FILE}")


def _sort_entry_file(path: Path) -> None:
    """Pagefind lists the languages in a different order on each run; sort them for stable bytes."""
    entry = json.loads(path.read_text("utf-8"))
    entry["languages"] = dict(sorted(entry["languages"].items()))
    path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), "utf-8")
