"""Run one command and write its wall time, CPU time and peak memory as JSON.

    python bench/measure.py RESULT.json CWD -- COMMAND [ARGS...]

It runs as its own small process so that ``getrusage(RUSAGE_CHILDREN)`` covers
only the measured command and its descendants: ``ru_maxrss`` is then the peak
resident size of the largest single process among them. Tools that fork
workers use several processes at once, so a thread also samples the summed
RSS of the whole process tree every 50 ms; that sum counts pages shared
between forked workers more than once, so it is an upper bound, while
``ru_maxrss`` is a lower bound. For a single-process tool the two agree.
"""

import json
import os
import resource
import subprocess
import sys
import threading
import time

PAGE = os.sysconf("SC_PAGE_SIZE")
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


def tree_rss(root):
    """Summed resident bytes of ``root`` and all its descendants right now."""
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        try:
            with open(f"/proc/{pid}/statm") as handle:
                total += int(handle.read().split()[1]) * PAGE
        except (OSError, IndexError, ValueError):
            continue
        stack.extend(children(pid))
    return total


class Sampler(threading.Thread):
    def __init__(self, pid):
        super().__init__(daemon=True)
        self.pid = pid
        self.peak = 0
        self.done = threading.Event()

    def run(self):
        while not self.done.wait(INTERVAL):
            self.peak = max(self.peak, tree_rss(self.pid))


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
    return {"rc": code, "wall": wall, "cpu": usage.ru_utime + usage.ru_stime,
            "max_rss": max_rss, "tree_rss": max(sampler.peak, max_rss)}


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
