"""Spread page making and rendering over the machine's cores.

Workers are forked after the site is loaded, so they share the model without pickling it.
Each gathers a page's data, converts its Markdown (through the shared on-disk cache), renders
it and writes it into the staging folder, then sends back only a small record. The result does
not depend on how the work is split, so builds stay byte-identical. A build groups its pages by
language and each worker keeps to one language while it has work: the records and rendered
event items a worker keeps for reuse are then made once per language, not once per worker
(at 5,000 articles each worker had made nearly every event's, in both languages).
"""
from __future__ import annotations

import gc
import multiprocessing
import os
import signal
from itertools import accumulate
from typing import Callable, Hashable, TypeVar

from .write import HELD_SIGNALS, signals_held

WORKER_GC = (20_000, 20, 100)  # rendering makes many short-lived objects and few cycles
MIN_PARALLEL = 64  # below this many pages, starting processes costs more than it saves
BATCH = 24
T = TypeVar("T")
_shared: dict = {}


def default_jobs() -> int:
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


def _quiet_worker() -> None:
    """Workers leave Ctrl-C to the main process, and end quietly when the pool stops them."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, HELD_SIGNALS)  # forked while the pool's start held them
    gc.set_threshold(*WORKER_GC)
    if _shared["collect"]:  # a worker inherits the main process's collector, which may be paused
        gc.enable()
    else:
        gc.disable()


def _start_worker(counter) -> None:
    """A worker's set-up: quiet signals, and the group it prefers (the workers take turns)."""
    _quiet_worker()
    with counter.get_lock():
        _shared["prefer"] = counter.value
        counter.value += 1


def _claim() -> int:
    """The position of the next batch this worker makes: from its own group while it has any
    left, then from the others, in order. Batches are claimed as workers come free, so a
    worker whose group runs out early helps with the rest."""
    cursors, ends = _shared["cursors"], _shared["ends"]
    with cursors.get_lock():
        own = _shared["prefer"] % len(ends)
        for group in (own, *range(len(ends))):
            if cursors[group] < ends[group]:
                cursors[group] += 1
                return cursors[group] - 1
    raise RuntimeError("a worker claimed more batches than there are")


def _run_batch(_: int) -> tuple[int, list]:
    position = _claim()
    work, sent = _shared["work"], _shared["sent"]
    results = [sent(work(index)) for index in _shared["batches"][position]]
    _shared["after_batch"]()
    return position, results


def _nothing() -> None:
    pass


def grouped_batches(count: int, batch: int, group: Callable[[int], Hashable] | None) -> list[list[list[int]]]:
    """The indexes below count in batches of at most `batch`, each batch within one group (by
    `group(i)`; one group when None), the groups in the order they first appear."""
    groups: dict[Hashable, list[int]] = {}
    for index in range(count):
        groups.setdefault(group(index) if group else None, []).append(index)
    return [[members[start:start + batch] for start in range(0, len(members), batch)] for members in groups.values()]


def make_pages(count: int, work: Callable[[int], T], jobs: int,
               progress: Callable[[int, int], None] | None = None, min_parallel: int = MIN_PARALLEL,
               received: Callable = lambda result: result, batch: int = BATCH,
               after_batch: Callable[[], None] = _nothing, sent: Callable = lambda result: result,
               group: Callable[[int], Hashable] | None = None, collect: bool = True) -> list[T]:
    """`work(i)` for every i below count, across `jobs` processes, results in index order;
    a worker applies `sent` to each result before sending it, and this process `received` to
    each that arrives (a smaller form for the pipe, and back); without workers neither is
    applied. Workers take `batch` indexes at a time (fewer messages; 1 for a few long tasks
    among short ones), and call `after_batch()` when one is done, before its results are sent
    (the work is only done then); without workers it is called once, at the end.

    With `group`, each worker keeps to one group (`group(i)`, such as a page's language) while
    it has work, then helps with the others: what a worker keeps for reuse (one language's
    records and rendered events) is then made once, not once in every worker.

    Workers run the cyclic collector (with WORKER_GC's thresholds) unless `collect` is False."""
    results: list = [None] * count
    done = 0
    if jobs <= 1 or count < min_parallel:
        for index in range(count):
            results[index] = work(index)
            if progress:
                progress(index + 1, count)
        after_batch()
        return results
    groups = grouped_batches(count, batch, group)
    batches = [indexes for in_group in groups for indexes in in_group]
    context = multiprocessing.get_context("fork")
    ends = list(accumulate(map(len, groups)))  # where each group's batches end in `batches`
    cursors = context.Array("i", [0, *ends[:-1]])  # the next batch of each group
    _shared.update(work=work, after_batch=after_batch, sent=sent, batches=batches, cursors=cursors, ends=ends,
                   collect=collect)
    pool = None
    try:
        # An interrupt that lands during fork() would be swallowed by the fork hooks and the build
        # would go on: hold interrupts while the workers are started, then let them arrive.
        with signals_held():
            pool = context.Pool(jobs, initializer=_start_worker, initargs=(context.Value("i", 0),))
        for position, outcomes in pool.imap_unordered(_run_batch, range(len(batches))):
            for index, outcome in zip(batches[position], outcomes):
                results[index] = received(outcome)
            done += len(outcomes)
            if progress:
                progress(done, count)
    finally:
        if pool is not None:  # stop every worker before the caller may remove what they write into
            # Held: an interrupt that cut terminate() short would leave workers running, and at
            # exit Python waits for every child (`sitegen serve` stopped by SIGTERM after a save).
            with signals_held():
                pool.terminate()
                pool.join()
        _shared.clear()
    return results
