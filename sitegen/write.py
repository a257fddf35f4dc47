"""Write the site into a fresh folder beside the output and swap it in only when complete.

A failed or interrupted build therefore never touches the last good site. Files whose bytes
did not change are hard-linked from the previous site instead of written again, which keeps an
incremental build fast and leaves their modification times alone.

The swap is one `renameat2(RENAME_EXCHANGE)` on Linux, so there is no moment at which the
output folder is missing. Elsewhere it is two renames (out → `.out.old-PID`, staging → out),
during which SIGINT and SIGTERM are held back; a build killed outright between the two is
repaired by the next run, which puts the retired folder back before anything else.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import signal
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

REUSE = None  # a page whose previous output is still right
_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


@dataclass
class WriteReport:
    written: int = 0
    unchanged: int = 0
    removed: int = 0


def staging_dirs(out: Path) -> list[Path]:
    """Folders of earlier builds beside `out`: staging (`.tmp-PID`) and retired (`.old-PID`) ones."""
    return sorted(out.parent.glob(f".{out.name}.tmp-*")) + sorted(out.parent.glob(f".{out.name}.old-*"))


def _owner_alive(folder: Path) -> bool:
    """Whether the build that made `folder` may still be running (then its folder is left alone)."""
    pid_text = folder.name.rpartition("-")[2]
    if not pid_text.isdigit() or int(pid_text) == os.getpid():
        return False
    try:
        os.kill(int(pid_text), 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def recover_leftovers(out: Path) -> None:
    """Undo what an interrupted build left: restore a retired site if `out` went missing, drop the rest."""
    leftovers = [p for p in staging_dirs(out) if not _owner_alive(p)]
    retired = [p for p in leftovers if ".old-" in p.name]
    if retired and not out.exists():
        retired[-1].rename(out)
        leftovers.remove(retired[-1])
    for leftover in leftovers:
        shutil.rmtree(leftover, ignore_errors=True)


def write_site(out: Path, files: dict[str, bytes | None]) -> WriteReport:
    """Write `files` (site path → bytes, or REUSE) as the new content of `out`."""
    out.parent.mkdir(parents=True, exist_ok=True)
    recover_leftovers(out)
    staging = out.parent / f".{out.name}.tmp-{os.getpid()}"
    report = WriteReport()
    try:
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir()
        for rel in sorted(files):
            _check_inside(rel)
            _place(out / rel, staging / rel, files[rel], report)
        if out.is_dir():
            report.removed = sum(1 for p in out.rglob("*") if p.is_file() and p.relative_to(out).as_posix() not in files)
        with _signals_held():
            retired = _swap(staging, out)
    except BaseException:
        with _signals_held():  # a second Ctrl-C must not leave half a staging folder behind
            shutil.rmtree(staging, ignore_errors=True)
        raise
    if retired is not None:
        shutil.rmtree(retired, ignore_errors=True)
    return report


def _check_inside(rel: str) -> None:
    """Slugs are validated long before, but no path may ever lead out of the output folder."""
    parts = rel.split("/")
    if rel.startswith("/") or "\\" in rel or "\0" in rel or any(part in ("", ".", "..") for part in parts):
        raise ValueError(f"refusing to write {rel!r}: not a plain path inside the output folder")


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


def _swap(staging: Path, out: Path) -> Path | None:
    """Put `staging` in place of `out`; returns the folder now holding the old site, if any."""
    if not out.exists():
        staging.rename(out)
        return None
    if exchange_paths(staging, out):
        return staging
    retired = out.parent / f".{out.name}.old-{os.getpid()}"
    out.rename(retired)
    staging.rename(out)
    return retired


def _renameat2():
    """libc's renameat2, or None where the C library has none (not Linux, or glibc < 2.28)."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
        function = libc.renameat2
    except (OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    function.restype = ctypes.c_int
    return function


_RENAMEAT2 = _renameat2()


def exchange_paths(a: Path, b: Path) -> bool:
    """Swap two paths in one atomic step; False where the OS or file system cannot."""
    if _RENAMEAT2 is None:
        return False
    result = _RENAMEAT2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return result == 0


@contextmanager
def _signals_held():
    """Hold SIGINT and SIGTERM back while the output is being swapped, then let them arrive."""
    held = {signal.SIGINT, signal.SIGTERM}
    can_hold = hasattr(signal, "pthread_sigmask")
    if can_hold:
        previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        if can_hold:
            signal.pthread_sigmask(signal.SIG_SETMASK, previous)
