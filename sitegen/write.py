"""Write the site into a fresh folder beside the output and swap it in only when complete.

A failed or interrupted build therefore never touches the last good site. Files whose bytes
did not change are hard-linked from the previous site instead of written again, which keeps an
incremental build fast and leaves their modification times alone.
"""
from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

REUSE = None  # a page whose previous output is still right


@dataclass
class WriteReport:
    written: int = 0
    unchanged: int = 0
    removed: int = 0


def staging_dirs(out: Path) -> list[Path]:
    """Leftovers of interrupted builds: removed before the next one starts."""
    return sorted(out.parent.glob(f".{out.name}.tmp-*")) + sorted(out.parent.glob(f".{out.name}.old-*"))


def write_site(out: Path, files: dict[str, bytes | None],
               finish: Callable[[Path], None] | None = None) -> WriteReport:
    """Write `files` (site path → bytes, or REUSE) as the new content of `out`.

    `finish` gets the complete staging folder before the swap, to add files made from the
    written pages (the search index); if it raises, the previous site stays.
    """
    out.parent.mkdir(parents=True, exist_ok=True)
    for leftover in staging_dirs(out):
        shutil.rmtree(leftover, ignore_errors=True)
    staging = out.parent / f".{out.name}.tmp-{os.getpid()}"
    staging.mkdir()
    report = WriteReport()
    try:
        for rel in sorted(files):
            _place(out / rel, staging / rel, files[rel], report)
        if finish is not None:
            finish(staging)
        if out.is_dir():
            report.removed = sum(1 for p in out.rglob("*") if p.is_file() and not (staging / p.relative_to(out)).is_file())
        _swap(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return report


def _place(old: Path, new: Path, data: bytes | None, report: WriteReport) -> None:
    new.parent.mkdir(parents=True, exist_ok=True)
    if data is REUSE or (old.is_file() and old.stat().st_size == len(data) and old.read_bytes() == data):
        try:
            os.link(old, new)
        except OSError:
            shutil.copy2(old, new)
        report.unchanged += 1
        return
    new.write_bytes(data)
    report.written += 1


def _swap(staging: Path, out: Path) -> None:
    if not out.exists():
        staging.rename(out)
        return
    retired = out.parent / f".{out.name}.old-{os.getpid()}"
    out.rename(retired)
    staging.rename(out)
    shutil.rmtree(retired, ignore_errors=True)
