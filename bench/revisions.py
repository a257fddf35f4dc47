"""Cold builds of several sitegen revisions on the same corpus, in one run, interleaved.

    python bench/revisions.py --articles 5000 --repeat 3 fde927f 7e05ca3 HEAD HEAD:spawn HEAD:one

Each argument is a git revision of this repository, optionally with a way to run it: `:fork`
(the default on Linux), `:spawn` (SITEGEN_START_METHOD=spawn) or `:one` (`--jobs 1`). Every
revision is checked out once into a worktree under `--work` and run from there with
`PYTHONPATH`, so its own templates and catalogs are used. Builds are cold (`--clean`, a fresh
output folder, `--no-search`) and interleaved — one of each revision per round — so that a
machine that slows down during the run slows every revision alike. Wall and CPU time (all
processes, user and system) come from bench/measure.py; the table gives medians and each row's ratio to the first.

A setting the corpus's site.yaml names but an older revision does not know (`share_cards`,
which the corpus turns off, predates the revisions that draw share cards) is left out of the
copy that revision builds; the copy shares every other file with the corpus by hard links.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import corpus

REPO = Path(__file__).resolve().parent.parent
MEASURE = Path(__file__).resolve().parent / "measure.py"
MODES = ("fork", "spawn", "one")


def worktree(work: Path, revision: str) -> tuple[str, Path]:
    """(the full commit, a checkout of it under `work`), made once."""
    commit = subprocess.run(["git", "-C", str(REPO), "rev-parse", revision], check=True,
                            capture_output=True, text=True).stdout.strip()
    folder = work / f"rev-{commit[:12]}"
    if not (folder / "sitegen").is_dir():
        subprocess.run(["git", "-C", str(REPO), "worktree", "add", "--detach", str(folder), commit],
                       check=True, capture_output=True)
    return commit, folder


def known_settings(folder: Path, settings: list[str]) -> list[str]:
    config = (folder / "sitegen" / "config.py").read_text(encoding="utf-8")
    return [key for key in settings if f'"{key}"' in config]


def content_for(folder: Path, content: Path, work: Path) -> Path:
    """The corpus as this revision can read it: itself, or a linked copy without the settings
    the revision does not know."""
    lines = (content / "site.yaml").read_text(encoding="utf-8").splitlines()
    top = [line.split(":")[0] for line in lines if line and not line[0].isspace()]
    unknown = set(top) - set(known_settings(folder, top))
    if not unknown:
        return content
    copy = work / f"{content.parent.name}-for-{folder.name}"
    if not copy.is_dir():
        shutil.copytree(content, copy, copy_function=os.link)
        (copy / "site.yaml").unlink()
        kept = [line for line in lines if line.split(":")[0] not in unknown]
        (copy / "site.yaml").write_text("\n".join(kept) + "\n", encoding="utf-8")
    return copy


def measured_build(folder: Path, content: Path, mode: str, out: Path) -> dict:
    """One cold build, timed by bench/measure.py."""
    shutil.rmtree(out, ignore_errors=True)
    command = [sys.executable, "-m", "sitegen", "build", "--content", str(content), "--out", str(out),
               "--clean", "--quiet", "--no-search"] + (["--jobs", "1"] if mode == "one" else [])
    env = dict(os.environ, PYTHONPATH=str(folder), SITEGEN_START_METHOD="spawn" if mode == "spawn" else "fork")
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        result = Path(handle.name)
    subprocess.run([sys.executable, str(MEASURE), str(result), str(out.parent), "--", *command],
                   env=env, check=True)
    sample = json.loads(result.read_text())
    result.unlink()
    if sample["rc"] != 0:
        raise SystemExit(f"the build of {folder} ({mode}) failed; run it by hand to see why")
    return sample


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("revisions", nargs="+", help="REVISION[:fork|spawn|one]")
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "sitegen-bench")
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    corpus.ensure(args.articles, args.work / f"corpus-{args.articles}-seed1")
    content = args.work / f"corpus-{args.articles}-seed1" / "sitegen"
    rows = []
    for spec in args.revisions:
        revision, _, mode = spec.partition(":")
        if (mode or "fork") not in MODES:
            parser.error(f"{spec}: the mode is one of {', '.join(MODES)}")
        commit, folder = worktree(args.work, revision)
        rows.append((spec, commit, folder, content_for(folder, content, args.work), mode or "fork", []))
    for round_number in range(args.repeat):
        for spec, _, folder, source, mode, samples in rows:
            samples.append(measured_build(folder, source, mode, args.work / "out-revisions"))
            print(f"round {round_number + 1}: {spec}: {samples[-1]['wall']:.1f} s", flush=True)
    print(f"\n{args.articles} articles, cold builds (--clean --no-search), median of {args.repeat}\n")
    print("| revision | wall | CPU | wall against the first |")
    print("|---|---:|---:|---:|")
    first = None
    for spec, commit, _, _, _, samples in rows:
        wall, cpu = (statistics.median(s[key] for s in samples) for key in ("wall", "cpu"))
        first = first or wall
        print(f"| {spec} ({commit[:7]}) | {wall:.1f} s | {cpu:.1f} s | {wall / first:.2f}× |")


if __name__ == "__main__":
    main()
