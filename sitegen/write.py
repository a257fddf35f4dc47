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
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .limits import OutputBudget
from .outdir import MARKER, MARKER_TEXT, made_by_sitegen
from .interrupts import HELD_SIGNALS, signals_held  # noqa: F401  (HELD_SIGNALS: re-exported)

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


@dataclass
class WriteReport:
    written: int = 0
    unchanged: int = 0
    removed: int = 0

    def count(self, written: bool) -> None:
        """One more output file: new bytes, or the previous ones kept."""
        if written:
            self.written += 1
        else:
            self.unchanged += 1


def file_stamp(path: str | Path) -> list[int] | None:
    """The identity of an output file as a build left it: its size and modification time, in
    nanoseconds; any other writer changes the time.

    Unchanged pages are hard-linked into the next site, so the stamp survives our own builds.
    The inode is left out on purpose: an output folder restored from a cache (GitHub's
    `actions/cache` packs it with `tar --posix`, which keeps nanosecond times) gets new inodes,
    and its pages must still count as the ones the restored manifest recorded.
    Builds stamp every output file: given as a string, the path costs no pathlib object.
    """
    try:
        info = os.stat(path)
    except OSError:
        return None
    return [info.st_size, info.st_mtime_ns]


def staging_dirs(out: Path) -> list[Path]:
    """Folders of earlier builds beside `out`: staging (`.tmp-PID`) and retired (`.old-PID`) ones,
    named so and holding sitegen's marker. A user's `.site.old-mybackup` is none of them."""
    found = [folder for kind in ("tmp", "old") for folder in sorted(out.parent.glob(f".{out.name}.{kind}-*"))]
    return [folder for folder in found if folder.name.rpartition("-")[2].isdigit() and folder.is_dir()
            and not folder.is_symlink() and made_by_sitegen(folder)]


def _owner_alive(folder: Path) -> bool:
    """Whether the build that made `folder` may still be running (then its folder is left alone)."""
    pid = int(folder.name.rpartition("-")[2])
    return pid != os.getpid() and process_exists(pid)


def process_exists(pid: int) -> bool:
    """Whether a process `pid` runs. On Windows `os.kill(pid, 0)` would end it: ask the system."""
    if sys.platform == "win32":
        return _windows_process_exists(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists, and belongs to another user
        return True
    return True


def _windows_process_exists(pid: int) -> bool:
    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]
    handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
    if not handle:
        return ctypes.get_last_error() == 5  # access denied: it exists
    try:
        code = ctypes.c_ulong()
        return bool(kernel32.GetExitCodeProcess(handle, ctypes.byref(code))) and code.value == 259  # STILL_ACTIVE
    finally:
        kernel32.CloseHandle(handle)


def recover_leftovers(out: Path) -> None:
    """Undo what an interrupted build left: restore a retired site if `out` went missing, drop the rest."""
    leftovers = [p for p in staging_dirs(out) if not _owner_alive(p)]
    retired = [p for p in leftovers if ".old-" in p.name]
    if retired and not out.exists():
        retired[-1].rename(out)
        leftovers.remove(retired[-1])
    for leftover in leftovers:
        shutil.rmtree(leftover, ignore_errors=True)


class Staging:
    """The next version of the output folder, filled file by file, then swapped in.

    Worker processes put files into the same staging folder, each its own files.
    """

    def __init__(self, out: Path, uncounted: str = "\0", budget: OutputBudget | None = None):
        """`uncounted`: a folder whose files the report leaves out (the search index's);
        `budget`: the bytes this process may write (each worker holds its own copy)."""
        self.out = out
        self.uncounted = uncounted + "/"
        self.budget = budget
        out.parent.mkdir(parents=True, exist_ok=True)
        recover_leftovers(out)
        self.folder = out.parent / f".{out.name}.tmp-{os.getpid()}"
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder.mkdir()
        (self.folder / MARKER).write_bytes(MARKER_TEXT)  # first: a leftover is known as ours
        self.report = WriteReport()
        # Plain strings and os calls: a page costs a few system calls, and pathlib's objects
        # around them cost as much again (twelve thousand files in a large build).
        self._old, self._new = str(out), str(self.folder)
        self._had_site = out.is_dir()
        self._folders: set[str] = {self._new}  # made by this process (workers each keep their own)

    def put(self, rel: str, data: bytes) -> bool:
        """Stage a file; returns True when its bytes are new, False when the old file was kept."""
        _check_inside(rel)
        if self.budget is not None:
            self.budget.add(len(data))
        old, new = f"{self._old}/{rel}", f"{self._new}/{rel}"
        self._make_folder(new.rpartition("/")[0])
        if self._had_site and _holds(old, data):
            _link(old, new)
            return False
        with open(new, "wb") as file:
            file.write(data)
        return True

    def reuse(self, rel: str) -> None:
        """Keep the previous build's file, known to be right."""
        _check_inside(rel)
        new = f"{self._new}/{rel}"
        self._make_folder(new.rpartition("/")[0])
        _link(f"{self._old}/{rel}", new)

    def _make_folder(self, folder: str) -> None:
        """Make a folder inside the staging folder, and those above it that this process has not."""
        if folder in self._folders or not folder.startswith(self._new):
            return
        self._make_folder(folder.rpartition("/")[0])
        try:
            os.mkdir(folder)
        except FileExistsError:  # the other worker made it
            pass
        self._folders.add(folder)

    def commit(self, finish: Callable[[Path], None] | None = None) -> WriteReport:
        """Swap the staged folder in. `finish` gets it first, complete, to add files made from
        the written pages (the search index); if it raises, the previous site stays."""
        if finish is not None:
            finish(self.folder)
        if self.out.is_dir():
            gone = files_below(self.out) - files_below(self.folder)
            self.report.removed = sum(1 for rel in gone if not rel.startswith(self.uncounted))
        with signals_held():
            retired = _swap(self.folder, self.out)
        if retired is not None:
            shutil.rmtree(retired, ignore_errors=True)
        return self.report

    def abort(self) -> None:
        with signals_held():  # a second Ctrl-C must not leave half a staging folder behind
            shutil.rmtree(self.folder, ignore_errors=True)


def files_below(folder: Path) -> set[str]:
    """Every file below `folder`, by its path from there: one directory listing per folder
    rather than a stat per file (links to folders are not followed)."""
    top = str(folder)
    found: set[str] = set()
    for root, _, names in os.walk(top):
        prefix = root[len(top) + 1:]
        found.update(f"{prefix}/{name}" if prefix else name for name in names)
    return found


def _check_inside(rel: str) -> None:
    """Slugs are validated long before, but no path may ever lead out of the output folder."""
    parts = rel.split("/")
    if rel.startswith("/") or "\\" in rel or "\0" in rel or any(part in ("", ".", "..") for part in parts):
        raise ValueError(f"refusing to write {rel!r}: not a plain path inside the output folder")


def _holds(path: str | Path, data: bytes) -> bool:
    """Whether the file at `path` has exactly these bytes (False when there is none)."""
    try:
        if os.stat(path).st_size != len(data):
            return False
        with open(path, "rb") as file:
            return file.read() == data
    except OSError:
        return False


def _link(old: str, new: str) -> None:
    try:
        os.link(old, new)
    except OSError:
        shutil.copy2(old, new)


def _swap(staging: Path, out: Path) -> Path | None:
    """Put `staging` in place of `out`; returns the folder now holding the old site, if any."""
    if not out.exists():
        staging.rename(out)
        return None
    if exchange_paths(staging, out):
        return staging
    retired = out.parent / f".{out.name}.old-{os.getpid()}"
    _rename(out, retired)
    try:
        _rename(staging, out)
    except BaseException:
        _rename(retired, out)  # the previous site goes back; the staging folder is removed by abort()
        raise
    return retired


RENAME_TRIES = 20  # Windows refuses to rename a folder while any file in it is open (an editor, a virus scan)


def _rename(source: Path, target: Path) -> None:
    """`source.rename(target)`, tried again for a few seconds where the OS says the folder is in use."""
    for attempt in range(RENAME_TRIES):
        try:
            source.rename(target)
            return
        except PermissionError:
            if sys.platform != "win32" or attempt == RENAME_TRIES - 1:
                raise
            time.sleep(0.1 * (attempt + 1))


def _renameat2():
    """libc's renameat2, or None where the C library has none (not Linux, or glibc < 2.28)."""
    if not sys.platform.startswith("linux"):
        return None
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


class InPlace:
    """Writes into the output folder itself, each file replaced whole: for `sitegen serve` only.

    A served preview must show an edit within a fraction of a second, and a fresh staging folder
    costs a directory per page (seconds at thousands of pages). The folder is serve's own, a
    reader never sees a half-written file, and a failed rebuild is shown over the last pages.
    """

    def __init__(self, out: Path, budget: OutputBudget | None = None):
        self.out = out
        self.budget = budget
        self.report = WriteReport()

    def put(self, rel: str, data: bytes) -> bool:
        _check_inside(rel)
        if self.budget is not None:
            self.budget.add(len(data))
        target = self.out / rel
        if _holds(target, data):
            return False
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.tmp-{os.getpid()}")
        tmp.write_bytes(data)
        os.replace(tmp, target)
        return True

    def reuse(self, rel: str) -> None:
        """The file in place is right already."""

    def remove(self, rels: set[str]) -> None:
        """Delete files the site no longer has, and the folders they leave empty."""
        for rel in sorted(rels):
            _check_inside(rel)
            path = self.out / rel
            path.unlink(missing_ok=True)
            self.report.removed += 1
            for folder in path.parents:
                if folder == self.out or any(folder.iterdir()):
                    break
                folder.rmdir()

    def commit(self, finish: Callable[[Path], None] | None = None) -> WriteReport:
        if finish is not None:
            finish(self.out)
        return self.report

    def abort(self) -> None:
        """What is written stays: it is the new content's, and the next rebuild goes on from it."""
