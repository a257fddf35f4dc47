"""Spread jobs (reading a slice of files, making a batch of pages, a data file) over processes.

Portable: the workers are started with `fork` where that is safe (Linux, and only while this
process runs no other thread), else with `spawn` (macOS, Windows, and `sitegen serve` once its
server threads run). A job is a small picklable object with a `run(state)` method; the state a
worker runs its jobs with comes from the caller in one of two ways:

- under `fork` the worker inherits the caller's own state (`local`), already built, unpickled;
- under `spawn` it gets a recipe (`setup`, pickled once here and sent to every worker) whose
  `start()` builds the state in the worker.

Without workers (`jobs` 1, or fewer jobs than `min_parallel`), the jobs run here, on `local`.
The result does not depend on how the work is split or on the start method, so builds stay
byte-identical.

Workers claim jobs from a shared cursor per group rather than being handed them: with
`groups`, each worker keeps to one group (such as a language) while it has work, then helps
with the others. What a worker keeps for reuse (one language's records and rendered events)
is then made once per language, not once per worker. Each worker sends its results through a
pipe of its own; no lock is shared with this process, so a worker that dies at any moment
(SIGTERM to the whole process group, say) cannot leave this process waiting: its pipe closes
and the run ends with `KeyboardInterrupt` (killed by SIGINT, SIGTERM or SIGHUP) or
`WorkerDied`, after every other worker is stopped.
"""
from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
import signal
import sys
import threading
from dataclasses import dataclass
from itertools import accumulate
from multiprocessing.connection import wait
from typing import Any, Callable, Protocol, Sequence

from .interrupts import HELD_SIGNALS, signals_held

WORKER_GC = (20_000, 20, 100)  # rendering makes many short-lived objects and few cycles
MIN_PARALLEL = 64  # below this many jobs' worth of work, starting processes costs more than it saves
START_METHOD_ENV = "SITEGEN_START_METHOD"  # fork or spawn: a troubleshooting switch (docs/cli.md)
MIN_PARALLEL_ENV = "SITEGEN_MIN_PARALLEL"  # lowers MIN_PARALLEL, so that tests of small sites use workers
STOP_SECONDS = 5  # a stopped worker that has not ended by then is killed
_INTERRUPTS = {-int(s) for s in (signal.SIGINT, signal.SIGTERM, getattr(signal, "SIGHUP", signal.SIGTERM))}
_DONE = "done"


class Job(Protocol):
    size: int  # how many items (pages) it makes, for the progress bar

    def run(self, state: Any) -> Any: ...


class Setup(Protocol):
    def start(self) -> Any: ...  # in a spawned worker: the state its jobs run with


class State(Protocol):
    def for_worker(self) -> Any: ...  # in a forked worker: the state its jobs run with


class WorkerDied(Exception):
    """A worker process ended without finishing its jobs, and not by an interrupt."""


@dataclass(frozen=True)
class RunInfo:
    """How the last run went: for `--verbose` and for tests that must know workers were used."""

    workers: int = 0
    start_method: str = ""


def default_jobs() -> int:
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


def start_method() -> str:
    """`fork` where it is available and safe, else `spawn`; `SITEGEN_START_METHOD` overrides.

    Forking is safe on Linux in a process with one thread. macOS has `fork`, but its system
    libraries are not safe in a forked child of a threaded process, and Windows has none."""
    forced = os.environ.get(START_METHOD_ENV, "").strip()
    if forced:
        if forced not in multiprocessing.get_all_start_methods():
            raise ValueError(f"{START_METHOD_ENV}={forced}: this system offers "
                             f"{', '.join(multiprocessing.get_all_start_methods())}")
        return forced
    if (sys.platform.startswith("linux") and threading.active_count() == 1
            and "fork" in multiprocessing.get_all_start_methods()):
        return "fork"
    return "spawn"


def min_parallel(default: int = MIN_PARALLEL) -> int:
    text = os.environ.get(MIN_PARALLEL_ENV, "")
    return int(text) if text.isdigit() else default


@dataclass
class Claims:
    """Where each group's next job is, shared by the workers; a worker prefers its own group."""

    cursors: Any  # multiprocessing Array: the next job of each group
    ends: list[int]  # where each group's jobs end

    def next(self, prefer: int) -> int | None:
        with self.cursors.get_lock():
            own = prefer % len(self.ends)
            for group in (own, *range(len(self.ends))):
                if self.cursors[group] < self.ends[group]:
                    self.cursors[group] += 1
                    return self.cursors[group] - 1
        return None


def run_jobs(jobs: Sequence[Job], local: State, setup: Setup, workers: int,
             progress: Callable[[int, int], None] | None = None, groups: Sequence[int] | None = None,
             collect: bool = True, threshold: int = MIN_PARALLEL) -> tuple[list, RunInfo]:
    """Every job's result, in the order of `jobs`, and how they were run.

    `groups` are the lengths of the runs of jobs of one group (see the module's docstring);
    `threshold` the total size below which no worker is started. Workers run the cyclic
    collector (with WORKER_GC's thresholds) unless `collect` is False."""
    total = sum(job.size for job in jobs)
    if workers <= 1 or len(jobs) < 2 or total < min_parallel(threshold):
        results, done = [], 0
        for job in jobs:
            results.append(job.run(local))
            done += job.size
            if progress:
                progress(done, total)
        return results, RunInfo()
    method = start_method()
    workers = min(workers, len(jobs))
    results = _run_in_workers(jobs, local if method == "fork" else pickle.dumps(setup, pickle.HIGHEST_PROTOCOL),
                              method, workers, progress, list(groups or [len(jobs)]), collect)
    return results, RunInfo(workers, method)


def _run_in_workers(jobs: Sequence[Job], payload: Any, method: str, workers: int, progress, groups: list[int],
                    collect: bool) -> list:
    context = multiprocessing.get_context(method)
    ends = list(accumulate(groups))
    claims = Claims(context.Array("i", [0, *ends[:-1]]), ends)
    results: list = [None] * len(jobs)
    total, done = sum(job.size for job in jobs), 0
    processes, pipes = [], {}
    try:
        # Held while the workers start: a worker then begins with SIGINT and SIGTERM blocked (the
        # mask is inherited through fork and exec) until it has set its own handlers, and an
        # interrupt here is taken once the workers exist, so that they are stopped too.
        with signals_held():
            for number in range(workers):
                reader, writer = context.Pipe(duplex=False)
                process = context.Process(target=_work, args=(writer, payload, method, claims, jobs, number, collect),
                                          daemon=True, name=f"sitegen-worker-{number}")
                process.start()
                writer.close()
                processes.append(process)
                pipes[reader] = process
        finished: set = set()
        while pipes:
            for reader in wait(list(pipes)):
                try:
                    message = reader.recv()
                except EOFError:
                    _check_ended(pipes.pop(reader), reader in finished)
                    continue
                if message == _DONE:
                    finished.add(reader)
                elif isinstance(message, BaseException):
                    raise message
                else:
                    position, result = message
                    results[position] = result
                    done += jobs[position].size
                    if progress:
                        progress(done, total)
    finally:
        with signals_held():  # an interrupt that cut this short would leave workers running
            _stop(processes)
    return results


def _check_ended(process, finished: bool) -> None:
    """A worker's pipe closed: fine once it said it was done; else the run cannot complete."""
    process.join(STOP_SECONDS)
    if finished and process.exitcode == 0:
        return
    if process.exitcode in _INTERRUPTS:
        raise KeyboardInterrupt
    raise WorkerDied(f"a worker process ended unexpectedly (exit code {process.exitcode})")


def _stop(processes: list) -> None:
    for process in processes:
        if process.is_alive():
            process.terminate()
    for process in processes:
        process.join(STOP_SECONDS)
        if process.is_alive():
            process.kill()
            process.join()


def _quiet_signals() -> None:
    """Workers leave Ctrl-C to the main process (a terminal sends it to every process of the
    group), and end at once on SIGTERM, which the main process notices and reports."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):  # POSIX: started while the main process held them
        signal.pthread_sigmask(signal.SIG_UNBLOCK, HELD_SIGNALS)


def _work(pipe, payload: Any, method: str, claims: Claims, jobs: Sequence[Job], number: int, collect: bool) -> None:
    """A worker: build or take the state, then run jobs as it claims them, sending each result."""
    _quiet_signals()
    try:
        gc.disable()
        state = pickle.loads(payload).start() if method != "fork" else payload.for_worker()
        gc.freeze()  # what the state holds lives as long as the worker and holds no cycles
        gc.set_threshold(*WORKER_GC)
        if collect:
            gc.enable()
        while (position := claims.next(number)) is not None:
            pipe.send((position, jobs[position].run(state)))
        pipe.send(_DONE)
    except BaseException as error:  # sent, to be raised in the main process
        pipe.send(_sendable(error))
    finally:
        pipe.close()


def _sendable(error: BaseException) -> BaseException:
    try:
        pickle.dumps(error)
        return error
    except Exception:
        return RuntimeError(f"{type(error).__name__}: {error}")
