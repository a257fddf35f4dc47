"""Limits on what content may ask of a build, so that output grows with the content, not its square.

A text field is shown on many pages (an event's description on the timeline, its topics' and
its actors' pages), and an event's list of actors on the page of each of them: one event naming
5,000 actors wrote 14 GB, a 5 MB description 508 MB. The limits are far above what a briefing
needs (the largest in content/ and in the benchmark corpus are a tenth of them or less), and
docs/security.md lists them. Markdown bodies have limits of their own (markdown_limits).
"""
from __future__ import annotations

from pathlib import Path

from .errors import ContentError, Diagnostic

MAX_TITLE_CHARS = 300  # a title or a name
MAX_TEXT_CHARS = 2_000  # every other text field: a summary, a description, a role, an alias, a URL
MAX_LIST_ITEMS = 50  # the actors, topics or sources one entry or event names, and an actor's aliases
MAX_OUTPUT_BYTES = 4 * 1024 ** 3  # everything one build writes
TITLE_KEYS = frozenset({"title", "name"})


def text_limit(key: str) -> int:
    """How many characters the text field `key` may hold."""
    return MAX_TITLE_CHARS if key in TITLE_KEYS else MAX_TEXT_CHARS


def too_long(key: str, value: str) -> str | None:
    """Why `value` is too long for the field `key`, or None when it is not."""
    limit = text_limit(key)
    if len(value) <= limit:
        return None
    return f"{key}: {len(value):,} characters, more than the {limit:,} this field may have"


def too_many(key: str, count: int) -> str | None:
    """Why a list of `count` items is too long for the field `key`, or None when it is not."""
    if count <= MAX_LIST_ITEMS:
        return None
    return f"{key}: {count:,} items, more than the {MAX_LIST_ITEMS} one entry or event may list"


class OutputBudget:
    """The bytes a build has written, refused past MAX_OUTPUT_BYTES.

    The writer calls `add` for each file before writing it (the processes that make pages each
    keep one with `limit` set to their share); ContentError ends the build as any content error
    does, the previous site untouched.
    """

    def __init__(self, out: Path, limit: int = MAX_OUTPUT_BYTES):
        self.out, self.limit, self.written = out, limit, 0

    def add(self, size: int) -> None:
        self.written += size
        if self.written > self.limit:
            raise ContentError([Diagnostic(
                str(self.out), 0, f"the site would be more than {self.limit:,} bytes (the limit of one build's output)",
                "look for a text field, list or body that is repeated on many pages, and shorten it")])
