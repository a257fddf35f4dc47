"""The manifest a one-off build leaves for the next on disk (see record.Previous): each page's
output stamp, warnings, sitemap line and dependencies, and the digest of every input.

Like the parsed cache, it is kept as a base, written whole, and a delta of the pages and
digests that changed since, written at every build: at 5,000 articles the base is 18 MB, and
writing it was about a tenth of a one-article rebuild. A delta names the base it applies to (the
header its file starts with), and is written only while the inputs are numbered as in the base
(no content file added or removed): the pages' dependencies are numbers into the base's list.

Both are in marshal's format (see record.cache_key), after a header of 20 bytes: 16 random
ones, which name the file (a delta names its base by them), and the CRC-32 of the rest. A base
that is damaged is not trusted, nor is a base whose delta is damaged, nor one that a build has
forgotten (`forget`) and not yet written again. (The header held the SHA-1 of the rest until
checking it cost a 25 MB base a fiftieth of a second of every rebuild; CRC-32 finds damage as
well, and the random name keeps two bases apart.)
"""
from __future__ import annotations

import marshal
import os
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

MANIFEST = "manifest.marshal"
DELTA = "manifest-delta.marshal"
REWRITE_BASE_AT = 0.1  # share of the pages changed since the base at which it is written anew
MIN_REWRITE = 200
HEADER = 20  # bytes: the file's random name, then the CRC-32 of what follows


@dataclass(frozen=True)
class Manifest:
    """A manifest as read: the base with its delta applied (`theme`, `pages`: output file → its
    entry, `extras`, `names`: the inputs in their order, `inputs`: input → digest), and what the
    next build needs to write a delta of its own (`base_*`, `from_delta`)."""

    theme: str = ""
    pages: dict[str, dict] = field(default_factory=dict)
    extras: dict = field(default_factory=dict)
    names: list[str] = field(default_factory=list)
    inputs: dict[str, str] = field(default_factory=dict)
    base_id: bytes = b""
    base_pages: dict[str, dict] = field(default_factory=dict)
    base_inputs: dict[str, str] = field(default_factory=dict)
    from_delta: dict[str, dict] = field(default_factory=dict)  # the entries of pages changed since the base

    def numbered_like(self, names: list[str]) -> bool:
        return bool(self.base_id) and self.names == names


def read_manifest(folder: Path) -> Manifest:
    """The manifest in `folder`; an empty one when it is missing, damaged or forgotten."""
    base = _read(folder / MANIFEST)
    if not base or not base[1]:
        return Manifest()
    base_id, data = base
    delta = _read(folder / DELTA)
    if delta is not None and not delta[1]:
        return Manifest()  # damaged: what changed since the base is not known
    changes = delta[1] if delta is not None and delta[1].get("base") == base_id else {}  # else: a base written after it
    if changes.get("void"):
        return Manifest()  # forgotten: a build stopped after changing the site, before recording it
    names = data["names"]  # two lists, not a pair each: 65,000 lists fewer to make at 5,000 articles
    base_inputs = dict(zip(names, data["digests"], strict=True))
    if not changes:
        return Manifest(data["theme"], data["pages"], data["extras"], names, base_inputs, base_id, data["pages"],
                        base_inputs)
    pages = {**data["pages"], **changes["pages"]}
    for rel in changes["gone"]:
        pages.pop(rel, None)
    return Manifest(changes["theme"], pages, changes["extras"], names, {**base_inputs, **changes["inputs"]}, base_id,
                    data["pages"], base_inputs, changes["pages"])


def write_manifest_files(folder: Path, read: Manifest, theme: str, extras: dict, inputs: dict[str, str],
                         pages: list[str], made: set[str], entry: Callable[[str], dict]) -> None:
    """Write this build's manifest: a delta on the base it `read` while that numbers the inputs
    as `inputs` are ordered and few pages changed since, else a new base. `pages`: every page;
    `made`: those whose entry is not the one read; `entry`: a page's entry, made anew."""
    names = list(inputs)
    if read.numbered_like(names):
        carried = {rel: kept for rel, kept in read.from_delta.items() if rel not in made}
        changed = len(made) + len(carried)
        if changed <= max(MIN_REWRITE, REWRITE_BASE_AT * len(pages)):
            present = set(pages)
            delta_pages = {**{rel: kept for rel, kept in carried.items() if rel in present},
                           **{rel: entry(rel) for rel in sorted(made)}}
            write_checked(folder / DELTA, {
                "base": read.base_id, "theme": theme, "extras": extras, "pages": delta_pages,
                "gone": [rel for rel in read.base_pages if rel not in present],
                "inputs": {dep: digest for dep, digest in inputs.items() if read.base_inputs.get(dep) != digest},
            })
            return
    write_checked(folder / MANIFEST, {"theme": theme, "pages": {rel: entry(rel) for rel in pages}, "extras": extras,
                               "names": names, "digests": list(inputs.values())})
    (folder / DELTA).unlink(missing_ok=True)


def read_checked(path: Path) -> dict:
    """What `write_checked` left at `path`: {} when there is none, or it is damaged."""
    read = _read(path)
    return read[1] if read is not None else {}


def forget(folder: Path) -> None:
    """Mark the manifest in `folder` untrusted until the next is written: the site is about to
    change, and a build that stops before recording it must leave nothing the next build trusts."""
    try:
        with open(folder / MANIFEST, "rb") as file:
            base_id = file.read(HEADER)
    except OSError:
        return
    write_checked(folder / DELTA, {"base": base_id, "void": True})


def _read(path: Path) -> tuple[bytes, dict] | None:
    """(the header the file starts with, what follows it) when the header's CRC-32 is the rest's;
    (b"", {}) when the file is damaged, None when there is none."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError:
        return b"", {}
    payload = memoryview(raw)[HEADER:]
    try:
        data = marshal.loads(payload) if len(raw) > HEADER and zlib.crc32(payload) == _crc(raw) else None
    except (ValueError, EOFError, TypeError):
        data = None
    return (raw[:HEADER], data) if isinstance(data, dict) else (b"", {})


def _crc(raw: bytes) -> int:
    return int.from_bytes(raw[HEADER - 4:HEADER], "little")


def write_checked(path: Path, data: dict) -> None:
    """`data` in marshal's format, behind the header (see the module's docstring)."""
    payload = marshal.dumps(data)
    write_atomically(path, os.urandom(HEADER - 4) + zlib.crc32(payload).to_bytes(4, "little") + payload)


def write_atomically(path: Path, data: bytes) -> None:
    """Write `data` beside `path`, then move it over: a reader finds the old file or the new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
