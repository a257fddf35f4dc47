"""Work spread over worker processes: results in order whatever the split, and each worker
keeping to one group (a language) while that group has work."""
from __future__ import annotations

import gc
import os
import time

from sitegen.build import BuildOptions, build
from sitegen.parallel import MIN_PARALLEL, grouped_batches, make_pages

from conftest import ROOT


def test_batches_stay_within_a_group_and_groups_keep_their_first_order():
    languages = ["", "id", "id", "en", "id", "en", "en", ""]
    batches = grouped_batches(len(languages), 2, lambda i: languages[i])
    assert batches == [[[0, 7]], [[1, 2], [4]], [[3, 5], [6]]]
    assert grouped_batches(5, 2, None) == [[[0, 1], [2, 3], [4]]]


def made_by(index: int) -> tuple[int, int]:
    time.sleep(0.05)  # long enough that both workers are running before either group runs out
    return index, os.getpid()


def test_each_worker_keeps_to_its_group_and_the_results_come_in_order():
    per_group = 40
    group = lambda i: "id" if i < per_group else "en"  # noqa: E731 - as build passes a page's language
    results = make_pages(2 * per_group, made_by, jobs=2, min_parallel=1, batch=1, group=group)
    assert [index for index, _ in results] == list(range(2 * per_group))
    first_half = {name: {pid for index, pid in results if group(index) == name and index % per_group < per_group // 2}
                  for name in ("id", "en")}
    assert len(first_half["id"]) == len(first_half["en"]) == 1  # one worker each, while both had work
    assert first_half["id"] != first_half["en"]
    assert os.getpid() not in first_half["id"] | first_half["en"]


def test_a_worker_whose_group_runs_out_helps_with_the_others():
    group = lambda i: "small" if i < 2 else "large"  # noqa: E731
    results = make_pages(40, made_by, jobs=2, min_parallel=1, batch=1, group=group)
    assert [index for index, _ in results] == list(range(40))
    assert len({pid for index, pid in results if group(index) == "large"}) == 2


def collector_running(_: int) -> bool:
    return gc.isenabled()


def test_workers_collect_cycles_unless_told_not_to_whatever_the_main_process_does():
    """A one-off build pauses the main process's collector, which forked workers inherit; the
    page workers still collect what rendering leaves, the readers do not."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        assert make_pages(8, collector_running, jobs=2, min_parallel=1) == [True] * 8
        assert make_pages(8, collector_running, jobs=2, min_parallel=1, collect=False) == [False] * 8
    finally:
        if was_enabled:
            gc.enable()


def test_a_one_off_build_runs_no_collection_in_its_own_process_and_restores_the_collector(tmp_path):
    """Its main process makes next to no cycles; at 5,000 articles the collector walked what it
    held three times for nothing (0.2 s). Without the pause this test sees those passes."""
    main, collections = os.getpid(), []

    def count(phase: str, info: dict) -> None:
        if phase == "start" and os.getpid() == main:
            collections.append(info["generation"])

    gc.callbacks.append(count)
    try:
        report = build(BuildOptions(content_dir=ROOT / "content", out_dir=tmp_path / "site",
                                    cache_dir=tmp_path / "cache", jobs=2, search=False))
    finally:
        gc.callbacks.remove(count)
    assert report.pages >= MIN_PARALLEL and gc.isenabled()
    assert collections in ([], [0])  # at most one young pass, as the collector comes back at the end
