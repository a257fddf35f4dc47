"""Write the site into a fresh folder beside the output and swap it in only when complete.

A failed or interrupted build therefore never touches the last good site. Files whose bytes
did not change are hard-linked from the previous site instead of written again, which keeps an
incremental build fast and leaves their modification times alone.

The swap is one `renameat2(RENAME_EXCHANGE)` on Linux, so there is no moment at which the
output folder is missing. Elsewhere it is two renames (out → `.out.old-PID`, staging → out),
during which SIGINT and SIGTERM are held back; a build killed outright between the two is
repaired by the next run, which puts the retired folder back before anything else.

A rebuild over a site of the last build's (`Overlay`) stages only the files whose bytes changed,
and moves them in one by one once everything is made: swapping twelve thousand folders to change
one page took longer than making it. Before it moves anything it writes its list of moves into
the staging folder (`JOURNAL`); a build killed while moving is finished by the next run, which
carries out the rest of the list, so the output is always the last site or the next one's files
on top of it, never a half-written file.
"""
from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .interrupts import HELD_SIGNALS, signals_held  # noqa: F401  (HELD_SIGNALS: re-exported)
from .limits import OutputBudget
from .outdir import MARKER, MARKER_TEXT, made_by_sitegen
from .renames import RENAME_TRIES, exchange_paths, process_exists, replace_file  # noqa: F401
from .renames import rename_folder as _rename


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


def recover_leftovers(out: Path) -> None:
    """Undo what an interrupted build left: finish the moves of an overlay that had begun them,
    restore a retired site if `out` went missing, drop the rest."""
    leftovers = [p for p in staging_dirs(out) if not _owner_alive(p)]
    for leftover in leftovers:
        journal = _read_journal(leftover)
        if journal is not None and out.is_dir():
            with signals_held():
                _carry_out(leftover, out, journal)
    retired = [p for p in leftovers if ".old-" in p.name]
    if retired and not out.exists():
        retired[-1].rename(out)
        leftovers.remove(retired[-1])
    for leftover in leftovers:
        shutil.rmtree(leftover, ignore_errors=True)


def new_staging_folder(out: Path) -> Path:
    """This build's folder beside `out`, empty but for the marker, once what interrupted builds
    left there is repaired or removed."""
    out.parent.mkdir(parents=True, exist_ok=True)
    recover_leftovers(out)
    folder = out.parent / f".{out.name}.tmp-{os.getpid()}"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    (folder / MARKER).write_bytes(MARKER_TEXT)  # first: a leftover is known as ours
    return folder


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
        self.folder = new_staging_folder(out)
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
        if self._had_site and holds(old, data):
            link_or_copy(old, new)
            return False
        with open(new, "wb") as file:
            file.write(data)
        return True

    def reuse(self, rel: str) -> None:
        """Keep the previous build's file, known to be right."""
        _check_inside(rel)
        new = f"{self._new}/{rel}"
        self._make_folder(new.rpartition("/")[0])
        link_or_copy(f"{self._old}/{rel}", new)

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
        prefix = root[len(top) + 1:].replace(os.sep, "/")  # "/" on Windows too, as every output path
        found.update(f"{prefix}/{name}" if prefix else name for name in names)
    return found


def _check_inside(rel: str) -> None:
    """Slugs are validated long before, but no path may ever lead out of the output folder."""
    parts = rel.split("/")
    if rel.startswith("/") or "\\" in rel or "\0" in rel or any(part in ("", ".", "..") for part in parts):
        raise ValueError(f"refusing to write {rel!r}: not a plain path inside the output folder")


def holds(path: str | Path, data: bytes) -> bool:
    """Whether the file at `path` has exactly these bytes (False when there is none)."""
    try:
        if os.stat(path).st_size != len(data):
            return False
        with open(path, "rb") as file:
            return file.read() == data
    except OSError:
        return False


def link_or_copy(old: str, new: str) -> None:
    """A hard link, or a copy where the file system has none."""
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
        if holds(target, data):
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
            remove_file(self.out, rel)
            self.report.removed += 1

    def commit(self, finish: Callable[[Path], None] | None = None) -> WriteReport:
        if finish is not None:
            finish(self.out)
        return self.report

    def abort(self) -> None:
        """What is written stays: it is the new content's, and the next rebuild goes on from it."""


def remove_file(out: Path, rel: str) -> None:
    """Delete `out/rel` if it is there, and the folders below `out` that this leaves empty."""
    path = out / rel
    path.unlink(missing_ok=True)
    for folder in path.parents:
        if folder == out or not folder.is_dir() or any(folder.iterdir()):
            break
        folder.rmdir()


JOURNAL = ".sitegen-moves.json"  # in an overlay's folder: what its commit moves, written before the first move
RETIRED = ".retired"  # in an overlay's folder: the folders it replaced whole, deleted with it


class Overlay:
    """The next version of the output folder as the files that differ from the last one, staged
    beside it and moved in once the build has succeeded (see the module's notes).

    `whole`: a folder whose subfolders are replaced whole rather than file by file (the search
    index's shards, whose file names Pagefind chooses). Like Staging, workers put files into the
    same folder, each its own.
    """

    def __init__(self, out: Path, whole: str, budget: OutputBudget | None = None):
        self.out = out
        self.whole = whole
        self.budget = budget
        self.folder = new_staging_folder(out)
        self.report = WriteReport()
        self._gone: list[str] = []
        self._moving = False

    def put(self, rel: str, data: bytes) -> bool:
        """Stage a file if its bytes differ from the output's; returns whether they did."""
        _check_inside(rel)
        if self.budget is not None:
            self.budget.add(len(data))
        if holds(f"{self.out}/{rel}", data):
            return False
        staged = self.folder / rel
        staged.parent.mkdir(parents=True, exist_ok=True)
        staged.write_bytes(data)
        return True

    def reuse(self, rel: str) -> None:
        """The file in the output folder is right already."""

    def remove(self, rels: set[str]) -> None:
        """Files of the last build that this one does not make: deleted when it commits."""
        for rel in rels:
            _check_inside(rel)
        self._gone = sorted(rels)

    def commit(self, finish: Callable[[Path], None] | None = None) -> WriteReport:
        """Move the staged files in. `finish` gets the staging folder first (the search index
        reads the pages from it and from `base`); if it raises, the output stays as it was."""
        if finish is not None:
            finish(self.folder)
        journal = self._journal()
        _write_journal(self.folder, journal)
        self._moving = True
        with signals_held():
            _carry_out(self.folder, self.out, journal)
        self.report.removed = sum(1 for rel in self._gone if not rel.startswith(self.whole + "/"))
        shutil.rmtree(self.folder, ignore_errors=True)
        return self.report

    def abort(self) -> None:
        """Drop what was staged; but once the moves have begun (a move failed: Windows keeps a
        file that is open from being replaced), keep the folder and its list, for the next
        build to finish the moves before anything else."""
        if self._moving:
            return
        with signals_held():
            shutil.rmtree(self.folder, ignore_errors=True)

    def _journal(self) -> dict[str, list[str]]:
        """What the commit does: folders to replace whole, files to move in, files to delete."""
        staged = files_below(self.folder) - {MARKER, JOURNAL}
        inside = self.whole + "/"
        folders = sorted({inside + rel[len(inside):].partition("/")[0] for rel in staged if rel.startswith(inside)})
        files = sorted(rel for rel in staged if not rel.startswith(inside))
        return {"folders": folders, "files": files, "remove": self._gone}


def _write_journal(folder: Path, journal: dict[str, list[str]]) -> None:
    tmp = folder / (JOURNAL + ".tmp")
    tmp.write_text(json.dumps(journal), "utf-8")
    os.replace(tmp, folder / JOURNAL)


def _read_journal(folder: Path) -> dict[str, list[str]] | None:
    """The moves an overlay had begun, or None if it had not (no journal, or not one of ours)."""
    try:
        journal = json.loads((folder / JOURNAL).read_text("utf-8"))
        for rel in (rel for key in ("folders", "files", "remove") for rel in journal[key]):
            _check_inside(rel)
        return journal
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _carry_out(folder: Path, out: Path, journal: dict[str, list[str]]) -> None:
    """Make the moves of `journal`, skipping those made already: a run cut short is finished by
    running it again."""
    for rel in journal["folders"]:
        staged, target = folder / rel, out / rel
        if not staged.is_dir():
            continue
        if target.exists():
            retired = folder / RETIRED / rel
            retired.parent.mkdir(parents=True, exist_ok=True)
            _rename(target, retired)
        target.parent.mkdir(parents=True, exist_ok=True)
        _rename(staged, target)
    for rel in journal["files"]:
        staged = f"{folder}/{rel}"
        if os.path.exists(staged):
            os.makedirs(f"{out}/{rel}".rpartition("/")[0], exist_ok=True)
            replace_file(staged, f"{out}/{rel}")
    for rel in journal["remove"]:
        remove_file(out, rel)
