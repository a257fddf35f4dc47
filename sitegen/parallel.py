"""Spread page making and rendering over the machine's cores.

Workers are forked after the site is loaded, so they share the model without pickling it.
Each gathers a page's data, converts its Markdown (through the shared on-disk cache), renders
it and writes it into the staging folder, then sends back only a small record. The result does
not depend on how the work is split, so builds stay byte-identical.
"""
from __future__ import annotations

import multiprocessing
import os
from typing import Callable, TypeVar

MIN_PARALLEL = 64  # below this many pages, starting processes costs more than it saves
BATCH = 24
T = TypeVar("T")
_shared: dict = {}


def default_jobs() -> int:
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


def _run_batch(indexes: list[int]) -> list:
    work = _shared["work"]
    return [work(index) for index in indexes]


def make_pages(count: int, work: Callable[[int], T], jobs: int,
               progress: Callable[[int, int], None] | None = None) -> list[T]:
    """`work(i)` for every i below count, across `jobs` processes, results in index order."""
    results: list = [None] * count
    done = 0
    if jobs <= 1 or count < MIN_PARALLEL:
        for index in range(count):
            results[index] = work(index)
            if progress:
                progress(index + 1, count)
        return results
    batches = [list(range(start, min(start + BATCH, count))) for start in range(0, count, BATCH)]
    _shared["work"] = work
    try:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            for batch, outcomes in zip(batches, pool.imap(_run_batch, batches)):
                for index, outcome in zip(batch, outcomes):
                    results[index] = outcome
                done += len(batch)
                if progress:
                    progress(done, count)
    finally:
        _shared.clear()
    return results
