"""Shared helpers: fixture sites built for real, parsed HTML, and tools that must not skip in CI."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
REQUIRE_ALL = os.environ.get("SITEGEN_REQUIRE_ALL") == "1"


def require(condition: bool, reason: str) -> None:
    """Skip when a tool is missing on a laptop; fail in CI, where .ci/run installs everything."""
    if not condition:
        if REQUIRE_ALL:
            pytest.fail(f"required in CI: {reason}")
        pytest.skip(reason)


def write_files(root: Path, files: dict[str, str]) -> Path:
    """Write `{relative path: text}` below root; returns root."""
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    return root


def copy_fixture(name: str, dest: Path) -> Path:
    shutil.copytree(FIXTURES / name, dest)
    return dest


def run_sitegen(*args: str, cwd: Path, check: bool = False) -> subprocess.CompletedProcess:
    """Run the real command line in a subprocess, with this checkout's package first on the path."""
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    result = subprocess.run([sys.executable, "-m", "sitegen", *args], cwd=cwd, env=env,
                            capture_output=True, text=True, timeout=600)
    if check and result.returncode != 0:
        raise AssertionError(f"sitegen {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result


def manifest_deps(cache: Path) -> dict[str, tuple[str, ...]]:
    """The dependencies the last build into `cache` recorded for each page, as the next reads them."""
    from sitegen.build import Previous

    (folder,) = cache.glob("manifest-*")
    return Previous.read(folder, "", clean=False).deps


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file below `folder`, by its path from there, with its bytes: to compare sites."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def parse_html(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text("utf-8"), "lxml")


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


FIXTURE_BASE = "https://example.github.io/briefing/"  # base_url of tests/fixtures/basic


def build_fixture(tmp_path_factory, label: str, *options: str, fixture: str = "basic") -> Path:
    """A fixture site copied and built for real once per test module, with extra build `options`;
    returns its site folder."""
    root = tmp_path_factory.mktemp(label)
    content = copy_fixture(fixture, root / "content")
    run_sitegen("build", *options, "--content", str(content), "--out", str(root / "site"), cwd=root, check=True)
    return root / "site"


def fixture_url(site: Path, page: Path) -> str:
    """The published address of a built page of the basic fixture."""
    rel = page.relative_to(site).as_posix()
    return FIXTURE_BASE + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)


@contextmanager
def page_without_errors(browser, **options):
    """A Playwright page in a new context (`options`: viewport, colour scheme…) that fails the
    test if a script error happens on it."""
    context = browser.new_context(**options)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert errors == []


@pytest.fixture
def basic_content(tmp_path: Path) -> Path:
    """A private copy of the small bilingual fixture site, free to edit."""
    return copy_fixture("basic", tmp_path / "content")


@pytest.fixture
def basic_site(tmp_path: Path, basic_content: Path) -> Path:
    """The fixture site built into tmp_path/site by the real command line."""
    run_sitegen("build", "--content", str(basic_content), "--out", str(tmp_path / "site"), cwd=tmp_path, check=True)
    return tmp_path / "site"
