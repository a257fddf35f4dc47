"""Which content files must be read again: those whose stamp changed since they were read (kept
by `sitegen serve` in memory, or by the parsed cache of a one-off build), and did change, with
every other file of their entries. `load` reads what this names.
"""
from __future__ import annotations

import hashlib

from .stamps import file_stamp


def files_to_read(files: list[tuple[str, str]], cache: dict | None, edited: set[str] | None,
                  taken: dict) -> tuple[dict, list[tuple[str, str]]]:
    """Each file's stamp (see `_stamps`), and the files to read: all of them without a `cache`
    (path below the content folder → (stamp, what the file gave, its problems)); else those
    whose stamp and bytes changed, with the other files of their entries (an entry is checked
    whole, from all its files)."""
    stamps = _stamps(files, cache, edited, taken)
    unread = [(rel, path) for rel, path in files
              if cache is None or stamps[rel] is None or cache.get(rel, (None,))[0] != stamps[rel]]
    if cache is not None and unread:
        unread = [(rel, path) for rel, path in unread if not _same_bytes(cache.get(rel), path)]
        stems = {entry_stem(rel) for rel, _ in unread}
        starts = tuple(stem.lstrip("/") for stem in stems)  # a file's path starts with its stem: a cheap first sieve
        unread = [(rel, path) for rel, path in files if rel.startswith(starts) and entry_stem(rel) in stems]
    return stamps, unread


def _stamps(files: list[tuple[str, str]], cache: dict | None, edited: set[str] | None, taken: dict) -> dict:
    """Each file's stamp (none without a cache); of a file that is not `edited` (when that is
    known), the one it had when read; of a file whose stamp was just `taken` (by path), that."""
    if cache is None:
        return {}
    if edited is None:
        return {rel: taken[path] if path in taken else file_stamp(path, status_change=True) for rel, path in files}
    return {rel: cache[rel][0] if rel in cache and rel not in edited else file_stamp(path, status_change=True)
            for rel, path in files}


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
