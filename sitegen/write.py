"""Write the site into a fresh folder beside the output and swap it in only when complete.

A failed or interrupted build therefore never touches the last good site. Files whose bytes
did not change are hard-linked from the previous site instead of written again, which keeps an
incremental build fast and leaves their modification times alone. Worker processes write into
the same staging folder, each its own files.
"""
from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Callable


@dataclass
class WriteReport:
    written: int = 0
    unchanged: int = 0
    removed: int = 0


def staging_dirs(out: Path) -> list[Path]:
    """Leftovers of interrupted builds: removed before the next one starts."""
    return sorted(out.parent.glob(f".{out.name}.tmp-*")) + sorted(out.parent.glob(f".{out.name}.old-*"))


class Staging:
    """The next version of the output folder, filled file by file, then swapped in."""

    def __init__(self, out: Path):
        self.out = out
        out.parent.mkdir(parents=True, exist_ok=True)
        for leftover in staging_dirs(out):
            shutil.rmtree(leftover, ignore_errors=True)
        self.folder = out.parent / f".{out.name}.tmp-{os.getpid()}"
        self.folder.mkdir()
        self.report = WriteReport()
        self.paths: set[str] = set()

    def put(self, rel: str, data: bytes) -> bool:
        """Stage a file; returns True when its bytes are new, False when the old file was kept."""
        old, new = self.out / rel, self.folder / rel
        new.parent.mkdir(parents=True, exist_ok=True)
        if old.is_file() and old.stat().st_size == len(data) and old.read_bytes() == data:
            _link(old, new)
            return False
        new.write_bytes(data)
        return True

    def reuse(self, rel: str) -> None:
        """Keep the previous build's file, known to be right."""
        new = self.folder / rel
        new.parent.mkdir(parents=True, exist_ok=True)
        _link(self.out / rel, new)

    def count(self, rel: str, written: bool) -> None:
        self.paths.add(rel)
        if written:
            self.report.written += 1
        else:
            self.report.unchanged += 1

    def commit(self, finish: Callable[[Path], None] | None = None) -> WriteReport:
        """Swap the staged folder in. `finish` gets it first, complete, to add files made from
        the written pages (the search index); if it raises, the previous site stays."""
        if finish is not None:
            finish(self.folder)
        if self.out.is_dir():
            self.report.removed = sum(
                1 for p in self.out.rglob("*") if p.is_file() and not (self.folder / p.relative_to(self.out)).is_file()
            )
        _swap(self.folder, self.out)
        return self.report

    def abort(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def _link(old: Path, new: Path) -> None:
    try:
        os.link(old, new)
    except OSError:
        shutil.copy2(old, new)


def _swap(staging: Path, out: Path) -> None:
    if not out.exists():
        staging.rename(out)
        return
    retired = out.parent / f".{out.name}.old-{os.getpid()}"
    out.rename(retired)
    staging.rename(out)
    shutil.rmtree(retired, ignore_errors=True)
