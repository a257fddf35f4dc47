"""What `sitegen serve` keeps in memory between rebuilds (`LiveState`), in one place: each part
is named by the module that makes and uses it."""
from __future__ import annotations

from dataclasses import dataclass, field

from .content_walk import WatchedFolder
from .entry_groups import KeptEntries
from .graph import EventIndexes
from .kept_records import KeptRecords
from .record import Previous
from .reread import KeptReading


@dataclass
class LiveState:
    """What `sitegen serve` keeps between rebuilds, so that an edit costs its pages, not the site:
    what each file gave when read and checked, the last build's records, and its output files."""

    loaded: dict = field(default_factory=dict)
    checked: dict = field(default_factory=dict)
    events: dict = field(default_factory=dict)  # digests of unchanged events (depends.Inputs)
    previous: Previous | None = None
    outputs: set[str] = field(default_factory=set)
    revisions_noted: bool = False  # serve says once, not at every rebuild, that revision dates are off
    watched: WatchedFolder | None = None  # with a file watcher: the files it saw change (content_walk)
    event_indexes: EventIndexes | None = None  # the last site graph's (graph.EventIndexes)
    files: dict[str, str] | None = None  # the last build's digests of the content files (Checked.files)
    records: KeptRecords = field(default_factory=KeptRecords)  # the data files' records (kept_records)
    entries: KeptEntries = field(default_factory=KeptEntries)  # the last build's entries (entry_groups)
    reading: KeptReading = field(default_factory=KeptReading)  # what the files gave (reread)
