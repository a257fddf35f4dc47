"""The files of `content/`, found by walking its folders: every problem with a name, a link or a
folder is reported here, before any file is read (load reads them)."""
from __future__ import annotations

import bisect
import os
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .errors import Problems


def content_files(root: Path, problems: Problems) -> list[tuple[str, str]]:
    """(path below `root` with "/", file system path) of every content file (see `_files_below`),
    in path order; of two names that macOS or Windows take for one file, the second is an error."""
    files: list[tuple[str, str]] = []
    seen: dict[str, str] = {}
    for rel, entry in _files_below(root, problems):
        key = _same_file_key(rel)
        if key in seen:
            problems.add(Path(entry.path), 0, _collision(seen[key], entry.name))
            continue
        seen[key] = entry.name
        files.append((rel, entry.path))
    return files


@dataclass
class WatchedFolder:
    """The content folder as `sitegen serve`'s file watcher sees it between rebuilds: the files
    the last walk found, kept up to date, and the paths the watcher reported since (from another
    thread, through the server's loop; see `report`).

    Walking a big content folder and stamping every file was a fifth of an edit's rebuild. The
    files are known without a walk when every path reported is a file of the list that is still
    a plain file (an edit) or is gone (a deletion), a plain file that a walk would have found
    with no problem (an addition: a visible name in a folder of content files, no link, no twin
    name that macOS or Windows take for the same file), or a path that never was a content file
    and is gone (an editor's temporary file). Anything else walks: a folder, a link, a path
    outside the folder (a watcher may name it another way), an event without a path
    (`report(None)`), or a last walk that had problems (a walk reports them again, until fixed).
    A watcher that misses an event altogether misses that change until the next walk, as
    Hugo's does."""

    files: list[tuple[str, str]] | None = None  # as content_files gives them
    reported: set[str] | None = None  # paths; None: not known what changed
    edited: set[str] | None = None  # the files the last `files_now` took as changed; None: it walked
    index: FileIndex | None = field(default=None, repr=False)  # of `files`

    def report(self, path: str | None) -> None:
        """A path the watcher saw written, created, moved or deleted; None: something changed."""
        if path is None or self.reported is None:
            self.reported = None
        else:
            self.reported.add(path)

    def files_now(self, root: Path, problems: Problems) -> list[tuple[str, str]]:
        """The content files, as `content_files` finds them; `edited` names those that may have
        changed since the last call, or is None when the folder was walked (any may have)."""
        changes = self._changes(root)
        self.reported = set()
        if changes is not None:
            edited, added, gone = changes
            if added or gone:  # in the walk's order, without sorting every file again
                files = [item for item in self.files if item[0] not in gone] if gone else list(self.files)
                for rel in added:
                    bisect.insort(files, (rel, os.path.join(str(root), *rel.split("/"))), key=_walk_order)
                self.files = self._index().moved(files, added, gone).files
            self.edited = edited | added
            return self.files
        before = len(problems.items)
        files = content_files(root, problems)
        self.files = files if len(problems.items) == before else None
        self.edited = None
        return files

    def _changes(self, root: Path) -> tuple[set[str], set[str], set[str]] | None:
        """The files edited, added and gone, or None when only a walk can tell."""
        if self.files is None or self.reported is None:
            return None
        index = self._index()
        known, folders = index.paths, index.folders
        edited, added, gone = set(), set(), set()
        for path in self.reported:
            rel = _below(root, path)
            if rel is None or rel in folders:  # a folder gone may not be reported as one
                return None
            if any(part.startswith(".") for part in rel.split("/")) or rel.endswith("~"):
                continue  # hidden files and backups, which the walk leaves out
            plain = os.path.isfile(path) and not os.path.islink(path)
            if rel in known and (plain or not os.path.lexists(path)):
                (edited if plain else gone).add(rel)
            elif plain and rel.rpartition("/")[0] in folders:
                added.add(rel)
            elif os.path.lexists(path):
                return None
        if added and index.twins(added, gone):
            return None
        return edited - gone, added, gone

    def _index(self) -> FileIndex:
        if self.index is None or self.index.files is not self.files:
            self.index = FileIndex(self.files, {rel for rel, _ in self.files})
        return self.index


@dataclass
class FileIndex:
    """The paths of a list of files, their folders and their names as macOS or Windows see them,
    kept with the list between serve's rebuilds and brought up to date when files are added or
    deleted (making them again was most of the cost of learning what an added file changed)."""

    files: list[tuple[str, str]]
    paths: set[str]
    folders: set[str] = field(init=False)
    keys: set[str] | None = None  # `_same_file_key` of each path, made when first needed

    def __post_init__(self):
        self.folders = {rel.rpartition("/")[0] for rel in self.paths}

    def twins(self, added: set[str], gone: set[str]) -> bool:
        """Whether an added file has the name of another (kept or added) as macOS or Windows see it."""
        if self.keys is None:
            self.keys = {_same_file_key(rel) for rel in self.paths}
        keys = self.keys - {_same_file_key(rel) for rel in gone}
        for rel in sorted(added):
            key = _same_file_key(rel)
            if key in keys:
                return True
            keys.add(key)
        return False

    def moved(self, files: list[tuple[str, str]], added: set[str], gone: set[str]) -> FileIndex:
        """This index, of `files`: the list with the `added` files and without those `gone`. (A
        folder left empty stays among the folders: a path named like it is then walked.)"""
        self.files = files
        self.paths = (self.paths - gone) | added
        if self.keys is not None:
            self.keys = (self.keys - {_same_file_key(rel) for rel in gone}) | {_same_file_key(rel) for rel in added}
        return self


def _walk_order(item: tuple) -> list[str]:
    """The order of the walk's files: by folder, then by name (`(path below the root, …)`)."""
    return item[0].split("/")


def _below(root: Path, path: str) -> str | None:
    """`path` as a content path (`articles/x.en.md`), or None when it is not below `root`. The
    folder is tried as given and with its links resolved: macOS's watcher names /var/... as
    /private/var/..."""
    for top in dict.fromkeys((os.path.abspath(root), os.path.realpath(root))):
        try:
            rel = os.path.relpath(os.path.abspath(path), top).replace(os.sep, "/")
        except ValueError:  # on Windows, another drive
            continue
        if rel not in (".", "..") and not rel.startswith("../"):
            return rel
    return None


def _same_file_key(rel: str) -> str:
    """What two paths share when macOS or Windows take them for one file: the same letters in
    either case, and the same text in composed or decomposed Unicode (NFC or NFD, é or e + ´)."""
    return unicodedata.normalize("NFC", rel).casefold()


def _collision(first: str, name: str) -> str:
    if first.lower() == name.lower():
        return f"differs from {first} only by letter case; rename one"
    return (f"is the same name as {first} written with other Unicode code points (NFC and NFD forms), "
            "which macOS takes for one file; rename one")


LINK_LOOP = "this link leads round in a loop, back to itself"
MAX_FOLDER_DEPTH = 8  # content/ needs two levels (articles/x.en.md); deeper folders are refused


def _files_below(root: Path, problems: Problems) -> list[tuple[str, os.DirEntry]]:
    """(path below `root`, directory entry) of every regular file below `root`, in path
    order, not following links to folders; hidden files and editor backups are skipped, and a
    link leading out of `root` is an error, as are a link loop, a folder that cannot be read and
    folders nested too deep. `sitegen serve` walks this on every save, so it asks the file
    system as little as it can (`os.scandir`). The walk keeps its own stack: folders nested a
    thousand deep overflowed Python's recursion."""
    resolved_root = root.resolve()
    found = []
    folders = [(str(root), "", 0)]
    while folders:
        folder, prefix, depth = folders.pop()
        if depth > MAX_FOLDER_DEPTH:
            problems.add(Path(folder), 0, f"folders are nested more than {MAX_FOLDER_DEPTH} deep here",
                         "content/ holds site.yaml and one level of folders: move the files up, or this folder out")
            continue
        entries = _listing(Path(folder), problems)
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            if entry.is_symlink():
                if _linked_file(entry, resolved_root, problems):
                    found.append((prefix + name, entry))
            elif entry.is_dir():
                folders.append((entry.path, f"{prefix}{name}/", depth + 1))
            elif entry.is_file() and not name.endswith("~"):
                found.append((prefix + name, entry))
    return sorted(found, key=_walk_order)


def walk_folders(top: Path) -> list[tuple[str, list[str], list[str]]]:
    """What `os.walk(top, followlinks=False)` gives, without its recursion: before Python 3.12 it
    recursed once a folder, and folders nested a thousand deep ended in RecursionError."""
    walked, folders = [], [os.fspath(top)]
    while folders:
        folder = folders.pop()
        try:
            with os.scandir(folder) as listing:
                entries = list(listing)
        except OSError:
            continue
        names: tuple[list[str], list[str]] = ([], [])
        for entry in entries:
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            names[0 if is_dir else 1].append(entry.name)
            if is_dir and not entry.is_symlink():
                folders.append(entry.path)
        walked.append((folder, *names))
    return walked


def _listing(folder: Path, problems: Problems) -> list[os.DirEntry]:
    """The entries of `folder` by name; one that cannot be read is an error, and gives none."""
    try:
        with os.scandir(folder) as listing:
            return sorted(listing, key=lambda e: e.name)
    except OSError as exc:
        problems.add(folder, 0, f"cannot read this folder: {exc.strerror or exc}",
                     "allow yourself to read it (e.g. chmod u+rx), or move it out of the content folder")
        return []


def _linked_file(entry: os.DirEntry, resolved_root: Path, problems: Problems) -> bool:
    """Whether the link `entry` is a content file: it leads to a file inside the content folder."""
    path = Path(entry.path)
    try:
        is_dir = entry.is_dir()
    except OSError:  # a loop of links (resolving one raises only before Python 3.13)
        problems.add(path, 0, LINK_LOOP, "delete it, or point it at a file")
        return False
    if is_dir:
        _check_link(path, resolved_root, problems, "links to folders are not followed; move the files in")
        return False
    return _check_link(path, resolved_root, problems, "") and entry.is_file() and not entry.name.endswith("~")


def _check_link(path: Path, resolved_root: Path, problems: Problems, inside_warning: str) -> bool:
    """Whether the link at `path` stays inside the content folder; one that leaves it is an error."""
    try:
        target = path.resolve()
    except (OSError, RuntimeError):  # RuntimeError: a loop, before Python 3.13
        problems.add(path, 0, LINK_LOOP, "delete it, or point it at a file")
        return False
    if not target.is_relative_to(resolved_root):
        problems.add(path, 0, "this link points outside the content folder; copy the file in instead")
        return False
    if inside_warning:
        problems.warn(path, 0, inside_warning)
    return True
