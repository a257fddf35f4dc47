"""The site is byte-identical whether its pages are made by forked workers, by spawned workers
(the only kind on macOS and Windows), or in one process (`--jobs 1`): the fixture site and the
real briefing, every byte, search index included."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, checkout_env

MODES = {"fork": ["--jobs", "2"], "spawn": ["--jobs", "2"], "one process": ["--jobs", "1"]}


def every_byte(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def build(content: Path, out: Path, mode: str) -> str:
    env = checkout_env(SITEGEN_MIN_PARALLEL="0")  # small sites too: without it they never start workers
    env.pop("SITEGEN_START_METHOD", None)
    if mode != "one process":
        env["SITEGEN_START_METHOD"] = mode
    result = subprocess.run([sys.executable, "-m", "sitegen", "build", "--clean", "-v", "--content", str(content),
                             "--out", str(out), *MODES[mode]], cwd=out.parent, env=env, capture_output=True,
                            text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("content", [FIXTURES / "basic", ROOT / "content"], ids=["fixture", "briefing"])
def test_fork_spawn_and_one_process_build_the_same_bytes(tmp_path: Path, content: Path):
    sites = {}
    for mode in MODES:
        out = tmp_path / mode.replace(" ", "-") / "site"
        out.parent.mkdir()
        said = build(content, out, mode)
        workers = "Pages made by 2 worker processes" in said
        assert workers == (mode != "one process") and (mode in said or not workers), said
        sites[mode] = every_byte(out)
    assert len(sites["fork"]) > 50
    assert sites["spawn"] == sites["fork"]
    assert sites["one process"] == sites["fork"]
