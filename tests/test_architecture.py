"""The design holds on every run: the stages import one way (import-linter's contracts in
pyproject.toml, see docs/architecture.md), no module is over 400 lines, and no function is over
60 lines or takes more than 8 parameters.
"""
from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

PACKAGE = ROOT / "sitegen"
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60
MAX_PARAMETERS = 8
LINT = "import sys; from importlinter.cli import lint_imports; sys.exit(lint_imports(no_cache=True, no_logo=True))"


def lint_imports(project: Path) -> subprocess.CompletedProcess:
    """import-linter's report on the package in `project`, with the contracts of its pyproject.toml."""
    env = {**os.environ, "PYTHONPATH": str(project)}
    return subprocess.run([sys.executable, "-c", LINT], cwd=project, env=env, capture_output=True, text=True,
                          timeout=120)


def test_the_import_contracts_hold():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize("module, line, broken", [
    ("render", "from .pages import Planner\n", "sitegen.render -> sitegen.pages"),
    # deferred inside a function: it runs later, but it is an import all the same
    ("graph", "def _late():\n    from .views import Viewer\n    return Viewer\n", "sitegen.graph -> sitegen.views"),
    ("timeline_views", "from .corrections import TITLE\n", "sitegen.timeline_views -> sitegen.corrections"),
])
def test_an_import_against_the_stages_fails_with_the_import_named(tmp_path: Path, module: str, line: str, broken: str):
    project = tmp_path / "project"
    shutil.copytree(PACKAGE, project / "sitegen", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", project / "pyproject.toml")
    path = project / "sitegen" / f"{module}.py"
    path.write_text(path.read_text("utf-8") + "\n\n" + line, "utf-8")
    result = lint_imports(project)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "BROKEN" in result.stdout and broken in result.stdout, result.stdout


def modules() -> dict[str, ast.Module]:
    return {path.name: ast.parse(path.read_text("utf-8")) for path in sorted(PACKAGE.glob("*.py"))}


def test_no_module_is_over_400_lines():
    long = {path.name: n for path in sorted(PACKAGE.glob("*.py"))
            if (n := len(path.read_text("utf-8").splitlines())) > MAX_MODULE_LINES}
    assert long == {}, "split these modules by what they do (docs/architecture.md)"


def parameters(node: ast.FunctionDef | ast.AsyncFunctionDef) -> int:
    """Named parameters, not counting a method's `self` or `cls` (nor *args and **kwargs, which
    carry a page's own context through Planner.page)."""
    args = node.args
    named = [a.arg for a in (*args.posonlyargs, *args.args, *args.kwonlyargs)]
    return len(named) - (1 if named[:1] in (["self"], ["cls"]) else 0)


def oversized(tree: ast.Module) -> list[str]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            lines = node.end_lineno - node.lineno + 1
            if lines > MAX_FUNCTION_LINES or parameters(node) > MAX_PARAMETERS:
                found.append(f"{node.name} (line {node.lineno}): {lines} lines, {parameters(node)} parameters")
    return found


def test_no_function_is_over_60_lines_or_takes_more_than_8_parameters():
    found = {name: problems for name, tree in modules().items() if (problems := oversized(tree))}
    assert found == {}, "split the function, or pass a frozen dataclass instead of loose parameters"


def test_the_size_checks_can_fail():
    tree = ast.parse("def f(a, b, c, d, e, f, g, h, i):\n" + "    x = 1\n" * 60)
    assert oversized(tree) == ["f (line 1): 61 lines, 9 parameters"]
    assert oversized(ast.parse("class C:\n    def m(self, a, b, c, d, e, f, g, h, **rest):\n        pass\n")) == []
