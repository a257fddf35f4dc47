"""No private name of another package is used unless docs/dependencies.md lists it (issue 18).

A private name (one leading underscore, or a name-mangled `_Class__name`) may change in any
release. The package's source is walked: an import of one from another package, an attribute
read of one that sitegen does not define itself, and a method that overrides another class's
mangled method are each a use. Each must be in the table of docs/dependencies.md, which says
why and which test fails when the name moves.
"""
from __future__ import annotations

import ast
import re
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "sitegen"
LISTED = re.compile(r"^\| `(_\w+)` \|", re.M)


def is_private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def modules() -> dict[Path, ast.Module]:
    return {path: ast.parse(path.read_text("utf-8")) for path in sorted(PACKAGE.rglob("*.py"))}


def own_names(trees) -> tuple[set[str], set[str]]:
    """Every name sitegen defines (functions, classes, assigned names and attributes), and its classes."""
    names, classes = set(), set()
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                names.add(node.name)
                if isinstance(node, ast.ClassDef):
                    classes.add(node.name)
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                names.add(node.id)
            elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
                names.add(node.attr)
            elif isinstance(node, ast.arg):
                names.add(node.arg)
    return names, classes


def mangled_owner(name: str) -> str:
    match = re.match(r"_([A-Za-z]\w*?)__\w+", name)
    return match.group(1) if match else ""


def private_uses(source: dict[Path, ast.Module]) -> list[tuple[str, str]]:
    """(where, name) for each use of another package's private name."""
    names, classes = own_names(source.values())
    uses = []
    for path, tree in source.items():
        where = path.relative_to(ROOT).as_posix()
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and not node.module.startswith("sitegen"):
                for part in [*node.module.split("."), *(alias.name for alias in node.names)]:
                    if is_private(part):
                        uses.append((f"{where}:{node.lineno}", part))
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    for part in alias.name.split("."):
                        if is_private(part):
                            uses.append((f"{where}:{node.lineno}", part))
            elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Load) and is_private(node.attr):
                owner = mangled_owner(node.attr)
                if (owner and owner not in classes) or node.attr not in names:
                    uses.append((f"{where}:{node.lineno}", node.attr))
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                owner = mangled_owner(node.name)
                if owner and owner not in classes:
                    uses.append((f"{where}:{node.lineno}", node.name))
    return uses


def listed() -> set[str]:
    return set(LISTED.findall((ROOT / "docs/dependencies.md").read_text("utf-8")))


def test_every_private_name_of_another_package_in_use_is_listed():
    unlisted = [(where, name) for where, name in private_uses(modules()) if name not in listed()]
    assert unlisted == [], "add each to docs/dependencies.md with its reason and test, or use a public API"


def test_the_list_holds_only_names_still_in_use():
    assert listed() <= {name for _, name in private_uses(modules())}


def test_the_walk_finds_each_kind_of_private_use():
    """The check can fail: each kind of use in a made-up module is found."""
    source = {PACKAGE / "made_up.py": ast.parse(
        "from markupsafe import _escape_inner\n"
        "import pagefind.service\n"
        "from livereload.handlers import LiveReloadHandler\n"
        "def write(index):\n"
        "    pagefind.service._backend.stdin.close()\n"
        "    return index._service\n"
        "class Faster(LiveReloadHandler):\n"
        "    def _InlineProcessor__handleInline(self, data):\n"
        "        self._own = 1\n"
        "        return self._own, self._InlineProcessor__applyPattern\n"
    )}
    found = {name for _, name in private_uses(source)}
    assert found == {"_escape_inner", "_backend", "_service", "_InlineProcessor__handleInline",
                     "_InlineProcessor__applyPattern"}
