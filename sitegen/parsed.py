"""What reading and checking gave for each content file and entry, kept on disk between one-off
builds, as `sitegen serve` keeps it in memory: a rebuild after an edit then reads and checks the
files that changed, not the whole content folder (at 5,000 articles reading and checking every
file was about half of a one-article rebuild).

It is kept as a base, written when most of it changed, and a delta of what changed since,
written at every build: the base of a large site takes a second or more to write, a delta of
one article almost nothing. Both are pickles, read only when they were written by this same
sitegen code and Python; anything unreadable is ignored and the content is read again.
"""
from __future__ import annotations

import hashlib
import os
import pickle
from dataclasses import dataclass, field
from pathlib import Path

from .stamps import code_stamp

BASE = "base.pickle"
DELTA = "delta.pickle"
REWRITE_BASE_AT = 0.1  # share of the entries changed since the base at which it is written anew
MIN_REWRITE = 200


@dataclass
class ParsedCache:
    """`loaded`: content path → (stamp, what the file gave, its problems), as load.discover keeps
    it; `checked`: check key → what the check gave, as validate.build_content keeps it. The
    `base_*` maps hold what came from the base file, to tell what changed since."""

    folder: Path
    loaded: dict = field(default_factory=dict)
    checked: dict = field(default_factory=dict)
    base_id: str = ""
    base_loaded: dict = field(default_factory=dict)
    base_checked: dict = field(default_factory=dict)
    # The site graph's event indexes (graph.EventIndexes) as the base was written, pickled with
    # the checked events so that they are the same objects: the graph uses them again while the
    # content's events are still those (about 0.15 s of a one-article rebuild at 20,000 events).
    event_indexes: object = None


def cache_folder(cache_dir: Path, content_dir: Path) -> Path:
    """This content folder's own: the problems kept name files as seen from the working folder."""
    where = f"{content_dir.resolve()}\0{content_dir}\0{Path.cwd()}"
    return cache_dir / ("parsed-" + hashlib.sha1(where.encode()).hexdigest()[:16])


def load_parsed(folder: Path) -> ParsedCache:
    """The cache in `folder`, or an empty one when there is none this code can trust."""
    base = _read(folder / BASE)
    if base is None:
        return ParsedCache(folder)
    loaded, checked = dict(base["loaded"]), dict(base["checked"])
    cache = ParsedCache(folder, loaded, checked, base["id"], base["loaded"], base["checked"], base.get("event_indexes"))
    delta = _read(folder / DELTA)
    if delta is not None and delta["base"] == base["id"]:
        loaded.update(delta["loaded"])
        checked.update(delta["checked"])
        for rel in delta["loaded_gone"]:
            loaded.pop(rel, None)
        for key in delta["checked_gone"]:
            checked.pop(key, None)
    return cache


def save_parsed(cache: ParsedCache, live_keys: set, event_indexes: object = None) -> None:
    """Write what changed since the base, or a new base when much did. `live_keys`: the check
    keys this build used; the others are of files as they no longer are, and are dropped.
    `event_indexes`: this build's, kept with a new base (a delta leaves the base's)."""
    checked = {key: value for key, value in cache.checked.items() if key in live_keys}
    loaded = cache.loaded
    loaded_new = {rel: value for rel, value in loaded.items() if cache.base_loaded.get(rel) is not value}
    checked_new = {key: value for key, value in checked.items() if cache.base_checked.get(key) is not value}
    loaded_gone = [rel for rel in cache.base_loaded if rel not in loaded]
    checked_gone = [key for key in cache.base_checked if key not in checked]
    changed = len(loaded_new) + len(checked_new) + len(loaded_gone) + len(checked_gone)
    limit = max(MIN_REWRITE, REWRITE_BASE_AT * (len(loaded) + len(checked)))
    try:
        cache.folder.mkdir(parents=True, exist_ok=True)
        if not cache.base_id or changed > limit:
            (cache.folder / DELTA).unlink(missing_ok=True)
            new_id = hashlib.sha1(os.urandom(16)).hexdigest()
            _write(cache.folder / BASE, {"id": new_id, "loaded": loaded, "checked": checked,
                                         "event_indexes": event_indexes})
        else:
            _write(cache.folder / DELTA, {"base": cache.base_id, "loaded": loaded_new, "checked": checked_new,
                                          "loaded_gone": loaded_gone, "checked_gone": checked_gone})
    except OSError:  # a cache that cannot be written costs the next build time, nothing else
        pass


def _read(path: Path) -> dict | None:
    try:
        with open(path, "rb") as file:
            if file.read(40).decode("ascii", "replace") != code_stamp():
                return None
            data = pickle.load(file)
    except Exception:  # noqa: BLE001  (a damaged pickle raises almost anything; it is only a cache)
        return None
    return data if isinstance(data, dict) else None


def _write(path: Path, data: dict) -> None:
    tmp = path.with_name(path.name + f".tmp-{os.getpid()}")
    try:
        with open(tmp, "wb") as file:
            file.write(code_stamp().encode("ascii"))
            pickle.dump(data, file, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)  # Windows refuses while another build reads the old one: kept then
    finally:
        tmp.unlink(missing_ok=True)
