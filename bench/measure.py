"""Run one command and write its wall time, CPU time and peak memory as JSON.

    python bench/measure.py [--pss] RESULT.json CWD -- COMMAND [ARGS...]

It runs as its own small process so that ``getrusage(RUSAGE_CHILDREN)`` covers
only the measured command and its descendants: ``ru_maxrss`` is then the peak
resident size of the largest single process among them. Tools that fork
workers use several processes at once, so a thread also samples the summed
RSS of the whole process tree every 50 ms; that sum counts pages shared
between forked workers more than once, so it is an upper bound, while
``ru_maxrss`` is a lower bound. For a single-process tool the two agree.
With ``--pss`` the samples also sum PSS (proportional set size, from
/proc/PID/smaps_rollup): a page shared by k processes counts 1/k in each, so
the sum is the tree's real footprint; where smaps_rollup cannot be read the
process's RSS stands in and the result says so. Reading smaps_rollup walks a
process's page tables: for a build of a few hundred MB in three processes it
took a tenth of a 2-core machine, and slowed sitegen's cold build by 10%, so
timed runs leave it off and run.py measures PSS in runs of their own.
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


def pss(pid):
    """Proportional set size of one process in bytes, or None if it cannot be read.

    A process that exited since its stat was read (a zombie answers ESRCH, a
    reaped one has no folder) holds no memory any more: 0.
    """
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except ProcessLookupError:
        return 0
    except OSError:
        return None if os.path.isdir(f"/proc/{pid}") else 0
    except (ValueError, IndexError):
        pass
    return None


def tree(root, with_pss=True):
    """``{pid: (rss, pss, cpu)}`` for ``root`` and its descendants right now.

    ``pss`` is None for a process whose smaps_rollup could not be read, and for
    every process when ``with_pss`` is false.
    """
    found, stack = {}, [root]
    while stack:
        pid = stack.pop()
        info = stat(pid)
        if info is None:
            continue
        rss, cpu = info
        found[pid] = (rss, pss(pid) if with_pss else None, cpu)
        stack.extend(children(pid))
    return found


class Sampler(threading.Thread):
    """Samples the tree: peak summed RSS (and PSS, if asked), and the last CPU time seen
    per process.

    The CPU record covers descendants that exit without being waited for (a
    helper killed at the end of a build), which ``RUSAGE_CHILDREN`` misses.
    A process whose PSS is unreadable counts with its RSS and sets ``pss_fallback``.
    """

    def __init__(self, pid, with_pss=False):
        super().__init__(daemon=True)
        self.pid = pid
        self.with_pss = with_pss
        self.peak = 0
        self.peak_pss = 0
        self.pss_fallback = False
        self.cpu = {}
        self.done = threading.Event()

    def sample(self):
        now = tree(self.pid, self.with_pss)
        self.peak = max(self.peak, sum(rss for rss, _, _ in now.values()))
        self.cpu.update({pid: cpu for pid, (_, _, cpu) in now.items()})
        if not self.with_pss:
            return
        self.pss_fallback |= any(share is None for _, share, _ in now.values())
        total = sum(rss if share is None else share for rss, share, _ in now.values())
        self.peak_pss = max(self.peak_pss, total)

    def run(self):
        while not self.done.wait(INTERVAL):
            self.sample()

    def stop(self):
        self.done.set()
        self.join()


def measure(cwd, command, with_pss=False):
    started = time.perf_counter()
    proc = subprocess.Popen(command, cwd=cwd)
    sampler = Sampler(proc.pid, with_pss)
    sampler.start()
    code = proc.wait()
    wall = time.perf_counter() - started
    sampler.stop()
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    max_rss = usage.ru_maxrss * 1024
    cpu = max(usage.ru_utime + usage.ru_stime, sum(sampler.cpu.values()))
    return {"rc": code, "wall": wall, "cpu": cpu, "max_rss": max_rss,
            "tree_rss": max(sampler.peak, max_rss), **pss_result(sampler, max_rss)}


def pss_result(sampler, max_rss):
    """``tree_pss`` and where it came from (``pss_source``); both None when not sampled.

    A command too short to be sampled even once gets ``ru_maxrss``: it was
    then one process (or nearly), for which PSS and RSS hardly differ.
    """
    if not sampler.with_pss:
        return {"tree_pss": None, "pss_source": None}
    if not sampler.peak_pss:
        return {"tree_pss": max_rss, "pss_source": "ru_maxrss"}
    source = "rss" if sampler.pss_fallback else "smaps_rollup"
    return {"tree_pss": sampler.peak_pss, "pss_source": source}


def main(argv):
    with_pss = argv[:1] == ["--pss"]
    argv = argv[1:] if with_pss else argv
    if len(argv) < 4 or argv[2] != "--":
        sys.exit("usage: measure.py [--pss] RESULT.json CWD -- COMMAND [ARGS...]")
    result_path, cwd, command = argv[0], argv[1], argv[3:]
    try:
        result = measure(cwd, command, with_pss)
    except OSError as error:
        result = {"rc": 127, "wall": 0.0, "cpu": 0.0, "max_rss": 0, "tree_rss": 0,
                  "tree_pss": 0, "error": str(error)}
    with open(result_path, "w") as handle:
        json.dump(result, handle)


if __name__ == "__main__":
    main(sys.argv[1:])
