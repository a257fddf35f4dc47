"""Spread the two costly stages over the machine's cores: Markdown conversion and rendering.

Workers are forked after the site is loaded, so they share the model without pickling it;
they send back only small records (converted bodies, or counts of files written), never pages.
The result does not depend on how work is split, so builds stay byte-identical.
"""
from __future__ import annotations

import multiprocessing
import os
from typing import Callable

from .markup import BodyCache, convert_many

MIN_PARALLEL = 64  # below this, starting processes costs more than it saves
_shared: dict = {}


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


def _chunks(items: list, size: int) -> list[list]:
    return [items[i:i + size] for i in range(0, len(items), size)]


def _pool(jobs: int):
    return multiprocessing.get_context("fork").Pool(jobs)


def convert_bodies(cache: BodyCache, texts, jobs: int) -> None:
    """Convert every body the cache lacks, in parallel when there are many."""
    missing = cache.missing(texts)
    if jobs <= 1 or len(missing) < MIN_PARALLEL:
        for text in missing:
            cache.html(text)
        return
    batches = _chunks(missing, 32)
    with _pool(jobs) as pool:
        for batch, htmls in zip(batches, pool.imap(convert_many, batches)):
            for text, html in zip(batch, htmls):
                cache.store(text, html)


def _render_batch(indexes: list[int]) -> list[tuple[str, bool]]:
    render_one = _shared["render_one"]
    return [render_one(index) for index in indexes]


def render_pages(indexes: list[int], render_one: Callable[[int], tuple[str, bool]], jobs: int,
                 progress: Callable[[int], None]) -> list[tuple[str, bool]]:
    """Call `render_one(index)` for each index, across `jobs` processes; results in any order."""
    if jobs <= 1 or len(indexes) < MIN_PARALLEL:
        results = []
        for index in indexes:
            results.append(render_one(index))
            progress(1)
        return results
    _shared["render_one"] = render_one
    results = []
    try:
        with _pool(jobs) as pool:
            for batch in pool.imap_unordered(_render_batch, _chunks(indexes, 40)):
                results.extend(batch)
                progress(len(batch))
    finally:
        _shared.clear()
    return results
