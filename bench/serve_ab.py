"""Serve's edit latencies for two versions of sitegen, alternating in one run.

    python bench/serve_ab.py --corpus /tmp/bw/corpus-5000-seed1/sitegen \\
        --old /tmp/old-checkout --new /tmp/new-checkout --rounds 2

Each round starts one `sitegen serve` per version (each from its own source tree, through
PYTHONPATH) on its own copy of the corpus, and runs serve_edit.py's three edits `--repeat`
times in it. Alternating the versions spreads a busy machine's load over both, which a run of
bench/run.py per version does not: its serve rows moved more between runs than between versions.
Prints each round's latencies and the medians.
"""
import argparse
import statistics
from pathlib import Path

import serve_edit
from edits import Workspace
from tools import Tool


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, required=True, help="a corpus's sitegen content folder")
    parser.add_argument("--old", type=Path, required=True, help="source tree of the first version")
    parser.add_argument("--new", type=Path, required=True, help="source tree of the second version")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3, help="each edit's repeats per server")
    parser.add_argument("--work", type=Path, default=Path("/tmp/serve-ab"))
    args = parser.parse_args()
    samples = {}
    for number in range(args.rounds):
        for label, tree in (("old", args.old), ("new", args.new)):
            tool = Tool("sitegen", ["env", f"PYTHONPATH={tree.resolve()}", "python", "-m", "sitegen"], serve=True)
            space = Workspace(args.corpus, args.work / label / "workspace")

            def record(row, sample, label=label):
                samples.setdefault((row, label), []).append(sample["wall"] if sample["rc"] == 0 else float("nan"))

            serve_edit.measure(tool, space, args.work / label / "serve", args.work / f"{label}.log", args.repeat, record)
            latest = {row: f"{values[-1]:.3f}" for (row, who), values in samples.items() if who == label}
            print(f"round {number + 1}, {label}: {latest}", flush=True)
    for (row, label), values in sorted(samples.items()):
        print(f"{row:32} {label}: median {statistics.median(values):.3f} s of {len(values)}")


if __name__ == "__main__":
    main()
