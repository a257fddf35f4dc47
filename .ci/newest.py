"""Test sitegen against the newest release of each dependency, one at a time, then all at once.

Run by .github/workflows/newest.yml (weekly and by hand); it runs on a laptop too:
`python .ci/newest.py`. It makes `.venv-newest` from requirements-test.lock, and for each
package pyproject.toml names whose newest release is not the locked one, upgrades that package
alone (past the upper bound: that is what is being tried), runs the tests, and goes back to the
lock. Then everything is upgraded together. The report (also written to newest-report.txt) names
each package that broke the tests; the exit status is 1 if any did.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv-newest"
PYTHON = VENV / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")
TESTS = ["-m", "pytest", "-n", "2", "-q", "-x", "-p", "no:cacheprovider"]


def declared() -> list[str]:
    """The names of the packages pyproject.toml asks for, runtime and test."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    wanted = [*project["dependencies"], *project["optional-dependencies"]["test"]]
    return [re.match(r"[A-Za-z0-9_.-]+", spec).group(0).lower() for spec in wanted]


def pip(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(PYTHON), "-m", "pip", "-q", *args], cwd=ROOT, capture_output=True, text=True)


def locked() -> None:
    for args in (("install", "--require-hashes", "-r", "requirements-test.lock"), ("install", "--no-deps", "-e", ".")):
        done = pip(*args)
        if done.returncode:
            sys.exit(f"cannot install the lock: {done.stderr}")


def outdated() -> dict[str, tuple[str, str]]:
    """Declared packages with a newer release: name -> (locked, newest)."""
    done = pip("list", "--outdated", "--format=json")
    rows = json.loads(done.stdout or "[]")
    names = set(declared())
    return {row["name"].lower(): (row["version"], row["latest_version"]) for row in rows
            if row["name"].lower().replace("_", "-") in names}


def tests_pass() -> bool:
    return subprocess.run([str(PYTHON), *TESTS], cwd=ROOT).returncode == 0


def main() -> int:
    if not PYTHON.exists():
        venv.create(VENV, with_pip=True)
    locked()
    newer = outdated()
    lines, broken = [], []
    for name, (old, new) in sorted(newer.items()):
        if pip("install", "--upgrade", name).returncode:
            lines.append(f"{name} {old} -> {new}: cannot be installed with the other locked packages")
            broken.append(name)
        elif tests_pass():
            lines.append(f"{name} {old} -> {new}: tests pass")
        else:
            lines.append(f"{name} {old} -> {new}: TESTS FAIL")
            broken.append(name)
        locked()
    if newer:
        pip("install", "--upgrade", *newer)
        together = tests_pass()
        lines.append(f"all {len(newer)} together: {'tests pass' if together else 'TESTS FAIL'}")
        if not together and not broken:
            broken.append("(only the combination)")
    else:
        lines.append("every declared package is at its newest release in the lock")
    if broken:
        lines.append("Broken by: " + ", ".join(broken))
    report = "\n".join(lines) + "\n"
    (ROOT / "newest-report.txt").write_text(report, "utf-8")
    print(report, end="")
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
