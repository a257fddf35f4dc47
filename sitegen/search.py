"""Full-text search with Pagefind: the search page, and the index written as the build's last step.

Pagefind reads the built pages (one index per `<html lang>`); only the parts marked
`data-pagefind-body` in the templates are indexed: articles, topics and actors. Events live on
the timeline page, so each is given to Pagefind as a small page of its own, never published,
whose `url` metadata leads to the event's anchor there.

Pagefind runs as its command line (`python -m pagefind`), one process per shard: its Python API
answers one request per tenth of a second, which made 20,000 event records take over half an
hour, and could be sped up only through its private parts. bench/README.md has the figures.

The index is written in shards (`pagefind/<lang>-<shard>/`), each of one language: its topics
and actors in one, its articles and events by the first letter of their slug in the others; a
language's search page merges that language's shards (Pagefind's `mergeIndex`). A build indexes
again only the shards whose pages or events changed, and one Pagefind process at a time holds
only one shard: at 5,000 articles one index of everything took 23 s and 2.4 GB on every build,
and a shard of both languages made an edit index twice the pages it needed.

The index is written into the staging folder before it replaces the site, so a failed index
leaves the previous site as it was. A rebuild over the last site (write.Overlay) indexes a shard
from its view: a folder in the build's cache of links to the shard's pages and of its event
pages, kept between builds and brought up to date, so that an edit links and writes a few files
rather than thousands.
"""
from __future__ import annotations

import hashlib
import html
import json
import logging
import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from . import urls
from .errors import ContentError, Diagnostic
from .graph import SiteGraph
from .i18n import when_of
from .model import text_in
from .search_plan import BUNDLE_DIR, Shard
from .stamps import file_stamp
from .write import files_below, holds, link_or_copy

log = logging.getLogger(__name__)

ENTRY_FILE = "pagefind-entry.json"
class SearchIndexError(RuntimeError):
    """Pagefind could not write the index; the message says why."""


def event_records(graph: SiteGraph, gettexts: dict) -> list[tuple[str, dict]]:
    """(event id, Pagefind record) per event and language, with its type and date to show."""
    content = graph.content
    records = []
    for lang in graph.config.languages:
        gettext = gettexts[lang]
        for event in graph.timeline:
            names = [_title(content.actors[s].texts, lang) for s in event.actors]
            names += [_title(content.topics[s].texts, lang) for s in event.topics]
            when = when_of(event, lang, gettext)
            text = " ".join([event.title[lang], event.description.get(lang, ""), *names])
            records.append((event.id, dict(
                url="/" + urls.event_path(event, lang), language=lang, content=text,
                meta={"title": event.title[lang], "type": gettext("Event"), "date": when.text},
            )))
    return records


def _title(texts: dict, lang: str) -> str:
    return text_in(texts, lang).title


SHARDS_AT_ONCE = 2  # Pagefind's command line uses several threads, but reading the pages waits on the disk
RECORDS_DIR = "pagefind-records"  # the event pages Pagefind reads, beside the pages it reads


@dataclass(frozen=True)
class BuiltPages:
    """Where a build's pages are while the index is written: all in `site` (a staging folder),
    or, in a rebuild that stages only what changed (write.Overlay), those in `site` over the
    others in `base`, the output folder, of which only this build's `pages` count (the others
    are deleted once the build is done)."""

    site: Path
    base: Path | None = None
    pages: frozenset[str] = frozenset()
    views: Path | None = None  # where each shard's view is kept between builds

    def file(self, rel: str) -> str | None:
        """The path of the built page `rel`, or None when this build has no such page."""
        staged = f"{self.site}/{rel}"
        if self.base is None:
            return staged
        if rel not in self.pages:
            return None
        return staged if os.path.exists(staged) else f"{self.base}/{rel}"

    def entries(self, shard: Shard) -> list[str]:
        """The entry pages the shard indexes, in order: `<lang>/<section>/<slug>/index.html`."""
        sections = (urls.SECTIONS["actor"], urls.SECTIONS["topic"]) if not shard.first else (urls.SECTIONS["article"],)
        found = []
        for section in sections:
            folder = f"{shard.lang}/{section}"
            names = _folders(self.site / folder) | (_folders(self.base / folder) if self.base else set())
            found += [f"{folder}/{name}/index.html" for name in sorted(names) if not shard.first or shard.holds(name)]
        return [rel for rel in found if self.file(rel) is not None]

    def folder_for(self, shard: Shard, entries: list[str]) -> Path:
        """A folder laid out as the site is, holding the shard's pages (`entries`), for Pagefind
        to read: the staging folder itself, or in an overlay build the shard's view, a folder of
        links to them kept between builds (in `views`), brought up to date."""
        if self.base is None:
            return self.site
        view = self.views / shard.name if self.views else self.site / RECORDS_DIR / f"site-{shard.name}"
        _link_pages(view, {rel: self.file(rel) for rel in entries})
        return view


def _link_pages(view: Path, pages: dict[str, str]) -> None:
    """Make `view` hold, at each path of `pages`, a link to the built page there, and no other
    page (its event records are _write_record_pages' to keep). A link already there to the same
    file stays: an edit then costs a link or two, not one for every page of the shard with the
    folders they sit in (a few seconds at 5,000 articles, on a busy disk)."""
    there = {rel for rel in files_below(view) if not rel.startswith(RECORDS_DIR + "/")} if view.is_dir() else set()
    for rel in sorted(there - pages.keys()):
        os.unlink(f"{view}/{rel}")
    for rel, built in pages.items():
        link = f"{view}/{rel}"
        if rel in there:
            if file_stamp(link) == file_stamp(built):
                continue
            os.unlink(link)
        else:
            os.makedirs(os.path.dirname(link), exist_ok=True)
        link_or_copy(built, link)


def _folders(folder: Path) -> set[str]:
    try:
        return {entry.name for entry in os.scandir(folder) if entry.is_dir()}
    except OSError:
        return set()


def write_index(pages: BuiltPages, shards: list[Shard], records: list[tuple[str, dict]], previous_site: Path,
                before: dict[str, list]) -> dict[str, list]:
    """Index the entry pages and the event records into `<pages.site>/pagefind/<shard>/`, each
    shard only if its pages or records differ from those of `previous_site`'s bundle (`before`:
    each shard's digest and entry file's identity then); returns them now. A shard kept is
    linked from the previous site, or in an overlay build left where it is."""
    site = pages.site
    digests, todo = {}, []
    for shard in shards:
        mine = [(event_id, record) for event_id, record in records
                if record["language"] == shard.lang and shard.holds(event_id)]
        entries = pages.entries(shard)
        digest = _shard_digest(pages, shard, entries, [record for _, record in mine])
        target, old = site / BUNDLE_DIR / shard.name, previous_site / BUNDLE_DIR / shard.name
        same = before.get(shard.name) == [digest, file_stamp(old / ENTRY_FILE)]
        # in an overlay build a kept shard stays where it is, as the build that wrote it checked it
        # whole (_check_complete); a shard is thousands of files, and checking them all again took
        # a tenth of a second per shard on every rebuild
        if not (same and (pages.base is not None or _kept(old, target))):
            todo.append((shard, entries, mine, target))
        digests[shard.name] = digest
    try:
        with ThreadPoolExecutor(max_workers=SHARDS_AT_ONCE) as pool:  # each shard is its own Pagefind process
            for done in [pool.submit(_index_shard, pages, *work) for work in todo]:
                done.result()
    finally:
        _keep_records(pages, {shard.name for shard in shards})
    return {name: [digest, file_stamp(_bundle(pages, name) / ENTRY_FILE)] for name, digest in digests.items()}


def shards_left(before: dict[str, list], now: dict[str, list]) -> frozenset[str]:
    """The shards whose bundle is the one the last build recorded (`before`, as write_index
    returned it then): the same digest and entry file."""
    return frozenset(name for name, identity in now.items() if before.get(name) == identity)


def _keep_records(pages: BuiltPages, names: set[str]) -> None:
    """Move the event pages a build wrote into its staging folder for Pagefind to their shards'
    views, for the next rebuild to bring up to date (deleting them took seconds at 5,000
    articles); what cannot be moved there is deleted, as are the views of shards the site no
    longer has (`names`: those it has). None are published."""
    written = pages.site / RECORDS_DIR
    if pages.views is not None:
        for gone in sorted(_folders(pages.views) - names):
            shutil.rmtree(pages.views / gone, ignore_errors=True)
    if pages.views is not None and pages.base is None:
        for name in sorted(_folders(written)):
            kept = pages.views / name / RECORDS_DIR / name
            shutil.rmtree(kept, ignore_errors=True)
            try:
                kept.parent.mkdir(parents=True, exist_ok=True)
                os.rename(written / name, kept)
            except OSError:
                pass
    shutil.rmtree(written, ignore_errors=True)


def _bundle(pages: BuiltPages, name: str) -> Path:
    """Where the shard's bundle is now: staged, or (an overlay build's kept shard) in the output."""
    staged = pages.site / BUNDLE_DIR / name
    return staged if pages.base is None or staged.is_dir() else pages.base / BUNDLE_DIR / name


def _shard_digest(pages: BuiltPages, shard: Shard, entries: list[str], records: list[dict]) -> str:
    """The identity of every page the shard indexes, as built, and its records. An unchanged
    page is the previous build's file, linked, left in place or restored from a cache: same
    size and time."""
    digest = hashlib.sha1(f"{_pagefind_version()}\0{shard.name}\0{shard.glob}".encode())
    for rel in entries:
        stamp = file_stamp(pages.file(rel))
        if stamp is not None:
            digest.update(f"{rel.removesuffix('/index.html')} {stamp}\n".encode())
    digest.update(json.dumps(records, sort_keys=True, ensure_ascii=False).encode())
    return digest.hexdigest()


def _pagefind_version() -> str:
    from importlib import metadata  # here: only a build with search asks, and the import costs a rebuild 7 ms

    try:
        return metadata.version("pagefind")
    except metadata.PackageNotFoundError:
        return ""


def _kept(old: Path, new: Path) -> bool:
    """Link the previous build's bundle of a shard into the new site, if it is whole."""
    if not _whole(old):
        return False
    try:
        shutil.copytree(old, new, copy_function=os.link)
        return True
    except OSError:
        shutil.rmtree(new, ignore_errors=True)
        return False


def _whole(bundle: Path) -> bool:
    """Whether a shard's bundle is complete: its entry file, and no empty file."""
    try:
        _check_complete(bundle)
        return True
    except _IncompleteBundle:
        return False


def _index_shard(pages: BuiltPages, shard: Shard, entries: list[str], records: list[tuple[str, dict]],
                 target: Path) -> None:
    """Run Pagefind's command line over the shard's entry pages and a page per event record."""
    shutil.rmtree(target, ignore_errors=True)
    site = pages.folder_for(shard, entries)
    _write_record_pages(site / RECORDS_DIR / shard.name, records)
    glob = "{" + shard.glob + "," + f"{RECORDS_DIR}/{shard.name}/**/*.html" + "}" if records else shard.glob
    command = [sys.executable, "-m", "pagefind", "--site", str(site.resolve()), "--glob", glob,
               "--output-path", str(target.resolve()), "--silent"]
    try:
        done = subprocess.run(command, capture_output=True, text=True, encoding="utf-8", errors="replace",
                              timeout=INDEX_TIMEOUT)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SearchIndexError(f"Pagefind failed: {exc}") from exc
    if done.returncode != 0:
        said = (done.stderr or done.stdout).strip().splitlines()
        raise SearchIndexError(f"Pagefind failed: {said[-1] if said else f'exit status {done.returncode}'}")
    try:
        _check_complete(target)
    except _IncompleteBundle as exc:
        raise SearchIndexError(f"Pagefind failed: {exc}") from exc
    _sort_entry_file(target / ENTRY_FILE)


INDEX_TIMEOUT = 3600  # seconds for one shard; at 5,000 articles the largest takes a few


def _write_record_pages(folder: Path, records: list[tuple[str, dict]]) -> None:
    """One small page per event record, for Pagefind to read, named by its language and event;
    a page already there with the same bytes is left as it is, and pages of other events are
    deleted (a shard's view keeps them between builds)."""
    pages = {f"{record['language']}/event-{event_id}.html": _record_page(record).encode("utf-8")
             for event_id, record in records}
    there = files_below(folder) if folder.is_dir() else set()
    for rel in sorted(there - pages.keys()):
        os.unlink(f"{folder}/{rel}")
    for rel, page in pages.items():
        path = f"{folder}/{rel}"
        if rel not in there:
            os.makedirs(os.path.dirname(path), exist_ok=True)
        elif holds(path, page):
            continue
        with open(path, "wb") as file:
            file.write(page)


def _record_page(record: dict) -> str:
    """The record's text as the page's body, its title, type and date as metadata, and the
    event's real address as the `url` metadata (the search page links there; Pagefind's own UI
    does the same)."""
    meta = record["meta"]
    values = {"url": record["url"].lstrip("/"), "title": meta["title"], "type": meta["type"], "date": meta["date"]}
    attributes = " ".join(f'data-{key}="{html.escape(value)}"' for key, value in values.items())
    return (f'<!DOCTYPE html><html lang="{html.escape(record["language"])}"><head><meta charset="utf-8">'
            f"<title>{html.escape(meta['title'])}</title></head><body><main data-pagefind-body "
            f'data-pagefind-meta="{", ".join(f"{key}[data-{key}]" for key in values)}" {attributes}>'
            f"<p>{html.escape(record['content'])}</p></main></body></html>")


class _IncompleteBundle(Exception):
    pass


def _check_complete(bundle: Path) -> None:
    empty = sorted(p.relative_to(bundle).as_posix() for p in bundle.rglob("*") if p.is_file() and p.stat().st_size == 0)
    if empty or not (bundle / ENTRY_FILE).is_file():
        raise _IncompleteBundle(f"empty files: {', '.join(empty[:5]) or ENTRY_FILE}")


def _sort_entry_file(path: Path) -> None:
    """Pagefind lists the languages in a different order on each run; sort them for stable bytes."""
    entry = json.loads(path.read_text("utf-8"))
    entry["languages"] = dict(sorted(entry["languages"].items()))
    path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), "utf-8")


def search_indexer(out_dir: Path, shards: list[Shard], records: list[tuple[str, dict]], before: dict[str, list],
                   digests: dict[str, list], pages: BuiltPages | None, views: Path) -> Callable[[Path], None]:
    """Indexes the staging folder, over the output folder when given `pages` (filling `digests`,
    the shards' digests), keeping the shards' views in `views`; a failure is reported against
    the output folder it was for."""
    def index(staging: Path) -> None:
        try:
            digests.update(write_index(pages or BuiltPages(staging, views=views), shards, records, out_dir, before))
        except SearchIndexError as exc:
            raise ContentError([Diagnostic(str(out_dir), 0, str(exc), "build with --no-search to skip the index")]) from exc
    return index
