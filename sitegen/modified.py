"""When an entry last changed: the one answer for `dateModified` (JSON-LD), `article:modified_time`
and the sitemap's `lastmod`, so that they never disagree.

Today it is the newest of an article's publication date, its `updated` date and the dates of an
entry's corrections. Revision dates (from git history) belong here too.
"""
from __future__ import annotations

from datetime import datetime

from .model import Article


def last_modified(entry) -> datetime | None:
    """The newest date the entry is known to have changed on; None when it has none (a topic
    or actor with no correction)."""
    dates = [correction.date for correction in getattr(entry, "corrections", ())]
    if isinstance(entry, Article):
        dates.append(entry.updated or entry.date)
    return max(dates) if dates else None
