"""Which content files must be read again: those whose stamp changed since they were read (kept
by `sitegen serve` in memory, or by the parsed cache of a one-off build), and did change, with
every other file of their entries. `load` reads what this names.
"""
from __future__ import annotations

import bisect
import hashlib
from dataclasses import dataclass, field, replace
from typing import Any

from .stamps import file_stamp


def files_to_read(files: list[tuple[str, str]], cache: dict | None, edited: set[str] | None,
                  taken: dict) -> tuple[dict, list[tuple[str, str]]]:
    """The stamps of the files that may have changed (see `_stamps`), and the files to read:
    all of them without a `cache` (path below the content folder → (stamp, what the file gave,
    its problems)); else those whose stamp and bytes changed, with the other files of their
    entries (an entry is checked whole, from all its files)."""
    stamps = _stamps(files, cache, edited, taken)
    unread = [(rel, path) for rel, path in files if cache is None or (rel in stamps and (
              stamps[rel] is None or cache.get(rel, (None,))[0] != stamps[rel]))]
    if cache is not None and unread:
        unread = [(rel, path) for rel, path in unread if not _same_bytes(cache.get(rel), path)]
        stems = {entry_stem(rel) for rel, _ in unread}
        starts = tuple(stem.lstrip("/") for stem in stems)  # a file's path starts with its stem: a cheap first sieve
        unread = [(rel, path) for rel, path in files if rel.startswith(starts) and entry_stem(rel) in stems]
        stamps.update((rel, file_stamp(path, status_change=True)) for rel, path in unread if rel not in stamps)
    return stamps, unread


def _stamps(files: list[tuple[str, str]], cache: dict | None, edited: set[str] | None, taken: dict) -> dict:
    """The stamps of the files that may have changed (none without a cache): all of them, but
    those whose stamp was just `taken` (by path); or, when what was `edited` is known, those
    and any file not read before. A file without a stamp here has the one it had when read."""
    if cache is None:
        return {}
    if edited is None:
        return {rel: taken[path] if path in taken else file_stamp(path, status_change=True) for rel, path in files}
    return {rel: file_stamp(path, status_change=True) for rel, path in files if rel in edited or rel not in cache}


def _same_bytes(kept: tuple | None, path: str) -> bool:
    """Whether a file whose stamp changed still has the bytes it had when `kept` was read: a
    fresh checkout (a deploy) or an editor's save without a change rewrites every stamp, and
    hashing a file costs a small part of parsing it."""
    if kept is None or len(kept[1].sources) != 1:
        return False
    (source,) = kept[1].sources.values()
    try:
        with open(path, "rb") as file:
            return hashlib.sha1(file.read()).hexdigest() == source.digest
    except OSError:
        return False


def entry_stem(rel: str) -> str:
    """`articles/x` for `articles/x.en.md`: what the files of one entry share."""
    folder, _, name = rel.rpartition("/")
    return f"{folder}/{slug_and_language(name)[0]}"


def slug_and_language(file_name: str) -> tuple[str, str]:
    """`("kirby-statement", "en")` for `kirby-statement.en.md`; the slug is "" when the name has no language."""
    slug, _, lang = file_name.removesuffix(".md").rpartition(".")
    return slug, lang


@dataclass
class KeptReading:
    """What `sitegen serve`'s last reading of every file gave (load's RawContent). When the
    watcher names the files that changed, the next reading puts what they give now in their
    places (found by bisection: the entry files and events files are in the order of the
    files), a new file's in its place and a deleted one's taken out, instead of gathering the
    20,000 files of a big site again. Kept only when no file had a problem (problems are
    reported in the order of the files, by the full gathering)."""

    files: list | None = None  # the list of files (content_walk's) it was gathered from
    rels: set[str] = field(default_factory=set)  # their paths
    raw: Any = None  # load.RawContent

    def keep(self, files: list | None, raw: Any) -> None:
        """Keep `raw`, gathered from `files`; None: keep nothing."""
        self.files, self.raw = (files, raw) if files is not None else (None, None)
        self.rels = {rel for rel, _ in files} if files is not None else set()

    def patched(self, files: list, read: dict) -> Any:
        """The last reading with what the files `read` again (path → (what it gave, problems))
        give now, without the files gone from `files`; None when that cannot tell: a problem, a
        file that gives another kind of thing than before, site.yaml or eras.yaml. (Every file
        added since was read: it was not in the cache.)"""
        if self.raw is None:
            return None
        added = {rel for rel in read if rel not in self.rels}
        gone_count = len(self.rels) + len(added) - len(files)
        gone = self.rels.difference(rel for rel, _ in files) if gone_count else set()
        raw = self.raw
        prose, events, sources = list(raw.prose), list(raw.events), dict(raw.sources)
        for rel in gone:
            if not (_take_out(rel, prose) or _take_out(rel, events)):
                return None
            del sources[rel]
        for rel, (one, items) in read.items():
            if items or one.eras is not None or list(one.sources) != [rel]:
                return None
            if len(one.prose) == 1 and not one.events:
                ok = _put(rel, one.prose[0], prose, rel in added)
            else:
                ok = len(one.events) == 1 and not one.prose and _put(rel, one.events[0], events, rel in added)
            if not ok:
                return None
            sources[rel] = one.sources[rel]
        self.rels.difference_update(gone)
        self.rels.update(added)
        self.files, self.raw = files, replace(raw, prose=prose, events=events, sources=sources)
        return self.raw


def _file_order(read: Any) -> list[str]:
    """Where an entry file or events file is in the order of the files (content_walk's)."""
    return read.source.rel.split("/")


def _place(rel: str, items: list) -> tuple[int, bool]:
    """Where the file `rel`'s item is, or would be, in `items` (in the order of the files), and
    whether it is there."""
    at = bisect.bisect_left(items, rel.split("/"), key=_file_order)
    return at, at < len(items) and items[at].source.rel == rel


def _put(rel: str, item: Any, items: list, new: bool) -> bool:
    """Put what the file `rel` gives in its place in `items`: a new file's between the others, a
    file read again's in place of what it gave; False when it gave nothing of the kind before."""
    at, there = _place(rel, items)
    if new:
        items.insert(at, item)
    elif there:
        items[at] = item
    return new or there


def _take_out(rel: str, items: list) -> bool:
    at, there = _place(rel, items)
    if there:
        del items[at]
    return there
