"""Which content files must be read again: those whose stamp changed since they were read (kept
by `sitegen serve` in memory, or by the parsed cache of a one-off build), and did change, with
every other file of their entries. `load` reads what this names.
"""
from __future__ import annotations

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
    """What `sitegen serve`'s last reading of every file gave (load's RawContent), and where
    each file's entry or events are in it. When the watcher names the files that changed and
    none was added or deleted, the next reading puts what those files give now in their places,
    instead of gathering the 20,000 files of a big site again. Kept only when no file had a
    problem (problems are reported in the order of the files, by the full gathering)."""

    files: list | None = None  # the list of files (content_walk's) it was gathered from
    raw: Any = None  # load.RawContent
    prose_at: dict[str, int] = field(default_factory=dict)
    events_at: dict[str, int] = field(default_factory=dict)

    def keep(self, files: list | None, raw: Any) -> None:
        """Keep `raw`, gathered from `files`; None: keep nothing."""
        self.files, self.raw = (files, raw) if files is not None else (None, None)
        self.prose_at = {doc.source.rel: i for i, doc in enumerate(raw.prose)} if files is not None else {}
        self.events_at = {each.source.rel: i for i, each in enumerate(raw.events)} if files is not None else {}

    def patched(self, files: list, read: dict) -> Any:
        """The last reading with what the files `read` again (path → (what it gave, problems))
        give now; None when that cannot tell: other files, a problem, a file that gives another
        kind of thing than before (or site.yaml, eras.yaml)."""
        raw = self.raw
        if raw is None or files is not self.files:
            return None
        prose, events, sources = list(raw.prose), list(raw.events), dict(raw.sources)
        for rel, (one, items) in read.items():
            if items or one.eras is not None or list(one.sources) != [rel]:
                return None
            if rel in self.prose_at and len(one.prose) == 1 and not one.events:
                prose[self.prose_at[rel]] = one.prose[0]
            elif rel in self.events_at and len(one.events) == 1 and not one.prose:
                events[self.events_at[rel]] = one.events[0]
            else:
                return None
            sources[rel] = one.sources[rel]
        self.raw = replace(raw, prose=prose, events=events, sources=sources)
        return self.raw
