"""Serve's edit latencies for two versions of sitegen, alternating in one run.

    python bench/serve_ab.py --corpus /tmp/bw/corpus-5000-seed1/sitegen \\
        --old /tmp/old-checkout --new /tmp/new-checkout --rounds 2

Each round starts one `sitegen serve` per version (each from its own source tree, through
PYTHONPATH) on its own copy of the corpus, and runs serve_edit.py's three edits `--repeat`
times in it. Alternating the versions spreads a busy machine's load over both, which a run of
bench/run.py per version does not: its serve rows moved more between runs than between versions.
Prints each round's latencies and the medians.
"""
import statistics

import serve_edit
from edits import Workspace
from tools import Tool, two_versions_parser


def main():
    parser = two_versions_parser(__doc__.split("\n\n")[0], rounds=2, work="/tmp/serve-ab")
    parser.add_argument("--repeat", type=int, default=3, help="each edit's repeats per server")
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
