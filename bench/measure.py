"""Run one command and write its wall time, CPU time and peak memory as JSON.

    python bench/measure.py RESULT.json CWD -- COMMAND [ARGS...]

It runs as its own small process so that ``getrusage(RUSAGE_CHILDREN)`` covers
only the measured command and its descendants: ``ru_maxrss`` is then the peak
resident size of the largest single process among them. Tools that fork
workers use several processes at once, so a thread also samples the summed
RSS of the whole process tree every 50 ms; that sum counts pages shared
between forked workers more than once, so it is an upper bound, while
``ru_maxrss`` is a lower bound. For a single-process tool the two agree.
CPU time is the larger of the rusage figure and the sampled per-process sum.
"""

import json
import os
import resource
import subprocess
import sys
import threading
import time

PAGE = os.sysconf("SC_PAGE_SIZE")
TICKS = os.sysconf("SC_CLK_TCK")
INTERVAL = 0.05


def children(pid):
    """Direct children of ``pid`` (via /proc/PID/task/*/children)."""
    found = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found
    for task in tasks:
        try:
            with open(f"/proc/{pid}/task/{task}/children") as handle:
                found.extend(int(c) for c in handle.read().split())
        except OSError:
            continue
    return found


def stat(pid):
    """(resident bytes, CPU seconds so far) of one process, or None if it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as handle:
            data = handle.read()
    except OSError:
        return None
    fields = data[data.rindex(")") + 2:].split()
    return int(fields[21]) * PAGE, (int(fields[11]) + int(fields[12])) / TICKS


def tree(root):
    """``{pid: (rss, cpu)}`` for ``root`` and all its descendants right now."""
    found, stack = {}, [root]
    while stack:
        pid = stack.pop()
        info = stat(pid)
        if info is None:
            continue
        found[pid] = info
        stack.extend(children(pid))
    return found


class Sampler(threading.Thread):
    """Samples the tree: peak summed RSS, and the last CPU time seen per process.

    The CPU record covers descendants that exit without being waited for (a
    helper killed at the end of a build), which ``RUSAGE_CHILDREN`` misses.
    """

    def __init__(self, pid):
        super().__init__(daemon=True)
        self.pid = pid
        self.peak = 0
        self.cpu = {}
        self.done = threading.Event()

    def run(self):
        while not self.done.wait(INTERVAL):
            now = tree(self.pid)
            self.peak = max(self.peak, sum(rss for rss, _ in now.values()))
            self.cpu.update({pid: cpu for pid, (_, cpu) in now.items()})


def measure(cwd, command):
    started = time.perf_counter()
    proc = subprocess.Popen(command, cwd=cwd)
    sampler = Sampler(proc.pid)
    sampler.start()
    code = proc.wait()
    wall = time.perf_counter() - started
    sampler.done.set()
    sampler.join()
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    max_rss = usage.ru_maxrss * 1024
    cpu = max(usage.ru_utime + usage.ru_stime, sum(sampler.cpu.values()))
    return {"rc": code, "wall": wall, "cpu": cpu, "max_rss": max_rss,
            "tree_rss": max(sampler.peak, max_rss)}


def main(argv):
    if len(argv) < 4 or argv[2] != "--":
        sys.exit("usage: measure.py RESULT.json CWD -- COMMAND [ARGS...]")
    result_path, cwd, command = argv[0], argv[1], argv[3:]
    try:
        result = measure(cwd, command)
    except OSError as error:
        result = {"rc": 127, "wall": 0.0, "cpu": 0.0, "max_rss": 0, "tree_rss": 0,
                  "error": str(error)}
    with open(result_path, "w") as handle:
        json.dump(result, handle)


if __name__ == "__main__":
    main(sys.argv[1:])
