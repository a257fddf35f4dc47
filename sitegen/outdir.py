"""Which folder a build may replace, and what to tell the user when the output cannot be written.

A build replaces its output folder whole, so it must only ever replace a folder sitegen made
itself: every output folder holds `MARKER`, a small text file sitegen writes, and a folder
without it (a user's own folder given as `--out` by mistake) is refused, never emptied. The
same marker tells a leftover staging or retired folder of an interrupted build (see
`write.recover_leftovers`) from a user's folder of a similar name.
"""
from __future__ import annotations

import errno
from pathlib import Path

MARKER = ".sitegen-output"
MARKER_TEXT = (b"This folder is a site built by sitegen, which replaces all of it on every build. "
               b"Keep your own files elsewhere.\n")


class OutputError(Exception):
    """The output folder cannot be used or written: one `path: message` line for the user."""

    def __init__(self, path: Path | str, message: str, usage: bool = False):
        super().__init__(f"{path}: {message}")
        self.path, self.message, self.usage = str(path), message, usage

    def __reduce__(self):
        return (OutputError, (self.path, self.message, self.usage))


def made_by_sitegen(folder: Path) -> bool:
    return (folder / MARKER).is_file() and not (folder / MARKER).is_symlink()


def guard_output(out: Path, content: Path, cwd: Path | None = None) -> None:
    """Refuse an `--out` that a build would have to damage: raises OutputError (a usage error)."""
    problem = _output_problem(out, content.resolve(), (cwd or Path.cwd()).resolve())
    if problem:
        raise OutputError(out, problem, usage=True)


def _output_problem(out: Path, content: Path, cwd: Path) -> str:
    if out.is_symlink():
        return "--out is a symbolic link; give the folder it points to, or another folder"
    if out.exists() and not out.is_dir():
        return "--out is a file, not a folder; choose a folder, such as site/"
    resolved = out.resolve()
    if resolved == content or content.is_relative_to(resolved) or cwd.is_relative_to(resolved):
        return "the output folder would contain the content or the project; choose another --out folder, such as site/"
    if resolved.is_relative_to(content):
        return "the output folder is inside the content folder; choose another --out folder, such as site/"
    if out.is_dir() and any(out.iterdir()) and not made_by_sitegen(out):
        return (f"this folder was not made by sitegen (it has no {MARKER} file) and a build replaces all of it; "
                "choose a new or empty --out folder, or move your files out of this one")
    return ""


def error_for(exc: OSError, out: Path) -> OutputError:
    """What a failed write of the output means for the user, and what to do."""
    where = exc.filename or out
    if exc.errno == errno.ENOSPC or exc.errno == getattr(errno, "EDQUOT", None):
        return OutputError(where, "the disk is full; free some space and build again (the previous site was kept)")
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return OutputError(where, f"cannot write here ({exc.strerror}); make the folder above --out writable, "
                                  "or choose another --out folder")
    if exc.errno in (errno.EBUSY, errno.EXDEV):
        return OutputError(out, "the output folder cannot be replaced: it is a mount point, or on another disk than "
                                "the folder above it; build into a folder inside it, e.g. --out "
                                f"{Path(out, 'site')}")
    return OutputError(where, f"cannot write the site: {exc.strerror or exc}")
