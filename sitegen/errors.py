"""One error type for everything a person can fix: a place, a sentence, maybe a hint."""
from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Diagnostic:
    """A problem found in the content, with the place it was found."""

    path: str
    line: int
    message: str
    hint: str = ""
    severity: str = "error"

    def format(self) -> str:
        """`path:line: message (hint)`, the shape editors and their tools understand."""
        place = f"{self.path}:{self.line}" if self.line else self.path
        label = "" if self.severity == "error" else f"{self.severity}: "
        hint = f" ({self.hint})" if self.hint else ""
        return f"{place}: {label}{self.message}{hint}"


def did_you_mean(name: str, known) -> str:
    """A hint naming the known name closest to a misspelt `name`, or "" when none is close."""
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return f"did you mean {close[0]!r}?" if close else ""


class ContentError(Exception):
    """Raised when the content cannot be built; carries every problem found in the run."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = sorted(diagnostics)
        super().__init__("\n".join(d.format() for d in self.diagnostics))

    def __reduce__(self):
        return (ContentError, (self.diagnostics,))  # survives the trip back from a worker process


class Problems:
    """Collects diagnostics during a stage so that all of them are reported in one run."""

    def __init__(self, root: Path | None = None):
        self.root = root
        self.items: list[Diagnostic] = []

    def extend(self, diagnostics: list[Diagnostic]) -> None:
        """Take diagnostics whose paths are inside the content folder."""
        for d in diagnostics:
            self.items.append(Diagnostic(self.display(d.path), d.line, d.message, d.hint, d.severity))

    def add(self, path: Path | str, line: int, message: str, hint: str = "") -> None:
        self.items.append(Diagnostic(self.display(path), line, message, hint))

    def warn(self, path: Path | str, line: int, message: str, hint: str = "") -> None:
        self.items.append(Diagnostic(self.display(path), line, message, hint, "warning"))

    def display(self, path: Path | str) -> str:
        """Paths are shown relative to the working directory when they can be.

        A `str` path is relative to the content folder (`root`), as validation names files by
        their `Source.rel`; a `Path` is a file system path already.
        """
        p = Path(path)
        if isinstance(path, str) and self.root is not None and not p.is_absolute():
            p = self.root / p
        try:  # the folder is resolved, the name is not: a link is named as the editor sees it
            return str((p.parent.resolve() / p.name).relative_to(Path.cwd().resolve()))
        except ValueError:
            return str(p)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity != "error"]

    def raise_if_any(self) -> None:
        if self.errors:
            raise ContentError(self.errors)
