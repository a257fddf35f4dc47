"""The placeholder text `sitegen new` writes, and where an entry still holds it.

A published entry must not: `sitegen build` refuses it at the first line that does (a draft
may hold placeholders, and every new entry starts as one).
"""
from __future__ import annotations

from .errors import Problems
from .yamltext import LinedDict

PLACEHOLDER = "TODO:"
PLACEHOLDER_URL = "https://example.com/todo"
HINT = f"replace every {PLACEHOLDER!r} placeholder, or mark the entry draft: true until it is ready"


def _holds(value) -> bool:
    if isinstance(value, str):
        return PLACEHOLDER in value or value == PLACEHOLDER_URL
    if isinstance(value, dict):
        return any(_holds(v) for v in value.values())
    if isinstance(value, list):
        return any(_holds(v) for v in value)
    return False


def mapping_lines(data: LinedDict) -> list[int]:
    """The lines of the keys of `data` whose values hold a placeholder, nested keys' own lines."""
    lines = []
    for key, value in data.items():
        if isinstance(value, LinedDict):
            lines += mapping_lines(value)
        elif _holds(value):
            lines.append(data.line_of(key))
    return lines


def body_lines(packed_body: bytes, body_line: int) -> list[int]:
    """The file lines of a Markdown body (UTF-8, starting at `body_line`) that hold a placeholder."""
    if PLACEHOLDER.encode() not in packed_body:  # nearly always: no need to split the body
        return []
    return [body_line + number for number, line in enumerate(packed_body.decode("utf-8").split("\n"))
            if PLACEHOLDER in line]


def placeholder_message(lines: list[int], where: str = "") -> str:
    """What is reported at the first of `lines`: `where` names the entry in a file of several."""
    more = len(lines) - 1
    return f"placeholder text left{where}" + (f", and on {more} more line{'s' if more != 1 else ''}" if more else "")


def published_without_placeholders(docs: list, draft: bool, problems: Problems) -> bool:
    """False, with each file's first placeholder reported, when an entry that is not a draft
    still holds placeholder text; `docs` are its files (load.ProseFile), one per language."""
    if draft:
        return True
    ok = True
    for doc in docs:
        lines = sorted(mapping_lines(doc.meta) + body_lines(doc.packed_body, doc.body_line))
        if lines:
            problems.add(doc.source.rel, lines[0], placeholder_message(lines), HINT)
            ok = False
    return ok
