"""A one-article `sitegen build --no-search` for two versions of sitegen, alternating in one run.

    python bench/edit_ab.py --corpus /tmp/bw/corpus-5000-seed1-b/sitegen \\
        --old /tmp/old-checkout --new /tmp/new-checkout --rounds 10

Each version gets its own copy of the corpus (under `--work`), built once cold from its own
source tree (through PYTHONPATH). Each round then appends a line to the middle English article
of each copy in turn and times the rebuild: the wall time, and the CPU time the command used.
On these shared 2-core machines the same rebuild moved by a fifth from one run to the next;
alternating spreads that over both versions, where a bench/run.py run per version does not.
Prints every sample, sorted, then the medians.
"""
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from tools import two_versions_parser


def rebuild(project: Path, tree: Path) -> tuple[float, float]:
    """(wall s, CPU s) of one `sitegen build --no-search -q` in `project`, run from `tree`."""
    env = {**os.environ, "PYTHONPATH": str(tree.resolve())}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # both versions read their compiled modules, as users do
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "sitegen", "build", "--no-search", "-q"], cwd=project, env=env, check=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


def edit(project: Path, number: int) -> None:
    articles = sorted((project / "content" / "articles").glob("*.en.md"))
    with open(articles[len(articles) // 2], "a", encoding="utf-8") as file:
        file.write(f"\nA timed edit, {number} {random.random()}.\n")


def main():
    args = two_versions_parser(__doc__.split("\n\n")[0], rounds=10, work="/tmp/edit-ab").parse_args()
    versions = {"old": args.old, "new": args.new}
    for label, tree in versions.items():
        project = args.work / label
        shutil.rmtree(project, ignore_errors=True)
        shutil.copytree(args.corpus, project / "content")
        rebuild(project, tree)  # cold: every later build is a one-article rebuild
    samples: dict[str, list[tuple[float, float]]] = {label: [] for label in versions}
    for number in range(args.rounds):
        for label, tree in versions.items():
            edit(args.work / label, number)
            samples[label].append(rebuild(args.work / label, tree))
    for label, values in samples.items():
        walls, cpus = [wall for wall, _ in values], [cpu for _, cpu in values]
        print(f"{label}: " + " ".join(f"{wall:.2f}" for wall in sorted(walls)))
        print(f"{label}: wall median {statistics.median(walls):.3f} s ({min(walls):.2f}-{max(walls):.2f}), "
              f"CPU median {statistics.median(cpus):.3f} s")


if __name__ == "__main__":
    main()
