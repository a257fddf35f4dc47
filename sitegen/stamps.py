"""The one file stamp: how every stage tells whether a file changed without reading it (the
content a rebuild reads again, the sources of a site that needs no rebuild, the output files a
build left, the pages a search shard indexes); and the stamp of sitegen's own code, which the
caches of what it made are kept under. A leaf module, so that reading and writing share them.
"""
from __future__ import annotations

import hashlib
import os
import sys
from functools import cache
from pathlib import Path


def file_stamp(path: str | os.PathLike, status_change: bool = False) -> list[int] | None:
    """The identity of a file as a build left it: its size and modification time in nanoseconds;
    any other writer changes the time.

    Unchanged pages are hard-linked into the next site, so the stamp survives our own builds.
    The inode is left out on purpose: an output folder restored from a cache (GitHub's
    `actions/cache` packs it with `tar --posix`, which keeps nanosecond times) gets new inodes,
    and its pages must still count as the ones the restored manifest recorded.
    Builds stamp every output file: given as a string, the path costs no pathlib object.
    `status_change` adds the inode's change time, for content files, which an editor's tool may
    rewrite in place keeping their size and modification time (never for output files: linking
    an unchanged page into the next site changes it).
    """
    try:
        info = os.stat(path)
    except OSError:
        return None
    stamp = [info.st_size, info.st_mtime_ns]
    return stamp + [info.st_ctime_ns] if status_change else stamp


@cache
def code_stamp() -> str:
    """A SHA-1 of sitegen's own code and of the Python running it: what this code pickled or
    compiled may not fit another's classes or templates (the parsed content, compiled templates)."""
    digest = hashlib.sha1(sys.version.encode())
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()
