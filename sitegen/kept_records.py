"""Records made from model objects, kept between the rebuilds of `sitegen serve`.

Validation hands back the same objects for the entries and events of unchanged files, so a
record made from an event and the entries it names (its row in the CSV, its object in the JSON)
is the same while each of those is the same object, under the same settings. At 5,000 articles
the data files' 40,000 such records took seven seconds of every rebuild that changed front
matter or events (a new article, a title): that rebuild now makes only the records of what
changed.
"""
from __future__ import annotations

import operator
from typing import Any, Callable, Hashable, TypeVar

T = TypeVar("T")


class KeptRecords:
    """Records by a key of their own, each with the objects it was made from (see `get`)."""

    def __init__(self) -> None:
        self.setting: Any = None
        self._last: dict[tuple, tuple] = {}
        self._now: dict[tuple, tuple] = {}

    def start(self, setting: object) -> None:
        """Before a build that makes records: those made under another `setting` (the site's
        settings and the theme's catalogs) are dropped, and so are those the last such build
        did not use (of events and entries that are gone or changed)."""
        self._last = self._now if setting == self.setting else {}
        self._now = {}
        self.setting = setting

    def get(self, key: Hashable, named: tuple, make: Callable[[], T]) -> T:
        """`make()`, or what it gave last time under the same `key` when each of the objects it
        `named` (what it is made from) is the same object too."""
        kept = self._now.get(key) or self._last.get(key)
        if kept is None or not same_objects(kept[0], named):
            kept = (named, make())  # the objects are held, so their ids are not reused meanwhile
        self._now[key] = kept
        return kept[1]


def same_objects(kept: tuple, now: tuple) -> bool:
    """Whether `now` holds the very objects `kept` does, in the same order."""
    return len(kept) == len(now) and all(map(operator.is_, kept, now))
