"""When an entry says it last changed: the newest of an article's publication date, its `updated`
date and the dates of an entry's corrections.

`Viewer.modified` adds the revision date from git history (revisions.last_modified); that one
answer feeds `dateModified` (JSON-LD), `article:modified_time` and the sitemap's `lastmod`, so
that they never disagree.
"""
from __future__ import annotations

from datetime import datetime

from .model import Article


def written_modified(entry) -> datetime | None:
    """The newest date the entry is known to have changed on; None when it has none (a topic
    or actor with no correction)."""
    dates = [correction.date for correction in getattr(entry, "corrections", ())]
    if isinstance(entry, Article):
        dates.append(entry.updated or entry.date)
    return max(dates) if dates else None
