"""parallel.run_jobs: the same results in the same order, under fork and spawn and without
workers, and a worker that dies or fails ends the run instead of hanging it."""
from __future__ import annotations

import gc
import os
import signal
import sys
import threading
import time
from dataclasses import dataclass

import pytest

from sitegen import parallel
from sitegen.build import BuildOptions, build
from sitegen.parallel import WorkerDied, run_jobs

from conftest import ROOT

METHODS = [m for m in ("fork", "spawn") if m in parallel.multiprocessing.get_all_start_methods()]


@pytest.fixture(params=METHODS)
def method(request, monkeypatch) -> str:
    monkeypatch.setenv(parallel.START_METHOD_ENV, request.param)
    return request.param


@dataclass(frozen=True)
class Plain:
    """The state a job runs with: the same in a forked and a spawned worker."""

    offset: int = 0

    def for_worker(self) -> "Plain":
        return self

    def start(self) -> "Plain":
        return self


@dataclass(frozen=True)
class WhoMade:
    index: int
    size: int = 1

    def run(self, state: Plain) -> tuple[int, int, int]:
        time.sleep(0.01)
        return self.index + state.offset, os.getpid(), gc.isenabled()


@dataclass(frozen=True)
class Dies:
    how: str
    size: int = 1

    def run(self, state: Plain) -> None:
        if self.how == "fails":
            raise LookupError("a job failed")
        os.kill(os.getpid(), signal.SIGTERM if self.how == "sigterm" else signal.SIGKILL)
        time.sleep(60)


def test_results_come_in_order_and_each_worker_keeps_to_its_group(method: str):
    jobs = [WhoMade(i) for i in range(40)]
    results, run = run_jobs(jobs, Plain(1000), Plain(1000), 2, groups=[20, 20], threshold=1)
    assert [index for index, _, _ in results] == [1000 + i for i in range(40)]
    assert run.workers == 2 and run.start_method == method
    makers = [{pid for _, pid, _ in results[start:start + 20]} for start in (0, 20)]
    assert os.getpid() not in makers[0] | makers[1]
    assert len(makers[0]) == 1 or len(makers[1]) == 1  # one group made by one worker, at least at its start


def test_without_workers_the_jobs_run_here():
    results, run = run_jobs([WhoMade(i) for i in range(3)], Plain(), Plain(), 1)
    assert [pid for _, pid, _ in results] == [os.getpid()] * 3 and run.workers == 0


@pytest.mark.parametrize("how, raised", [("sigterm", KeyboardInterrupt), ("sigkill", WorkerDied), ("fails", LookupError)])
def test_a_worker_that_dies_or_fails_ends_the_run_and_no_worker_is_left(method: str, how: str, raised):
    jobs = [WhoMade(0), Dies(how), *[WhoMade(i) for i in range(2, 10)]]
    started = time.monotonic()
    with pytest.raises(raised):
        run_jobs(jobs, Plain(), Plain(), 2, threshold=1)
    assert time.monotonic() - started < 30
    assert parallel.multiprocessing.active_children() == []


def test_fork_only_where_it_is_safe(monkeypatch):
    monkeypatch.delenv(parallel.START_METHOD_ENV, raising=False)
    if threading.active_count() == 1:  # (a test runner may run threads of its own)
        assert parallel.start_method() == ("fork" if sys.platform.startswith("linux") else "spawn")
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert parallel.start_method() == "spawn"  # forking a threaded process is unsafe (serve)
    finally:
        stop.set()
        thread.join()


def test_the_library_build_leaves_the_collector_as_it_found_it(tmp_path):
    """gc settings are the command's: `sitegen serve` rebuilding must not freeze more each time."""
    frozen, enabled = gc.get_freeze_count(), gc.isenabled()
    for _ in range(2):
        build(BuildOptions(content_dir=ROOT / "content", out_dir=tmp_path / "site", cache_dir=tmp_path / "cache",
                           search=False, clean=True))
        assert gc.get_freeze_count() == frozen and gc.isenabled() == enabled
