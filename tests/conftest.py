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


def counted_calls(monkeypatch, module, name: str) -> list:
    """Replace `module.name` with a wrapper that appends to the returned list on each call."""
    calls: list = []
    function = getattr(module, name)

    def counted(*args, **kwargs):
        calls.append(args)
        return function(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)
    return calls


def copy_fixture(name: str, dest: Path) -> Path:
    shutil.copytree(FIXTURES / name, dest)
    return dest


def checkout_env(**settings: str) -> dict[str, str]:
    """This process's environment for a subprocess, with this checkout's package first on the
    path, and `settings` (such as SITEGEN_START_METHOD) added."""
    return {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""), **settings}


def run_sitegen(*args: str, cwd: Path, check: bool = False) -> subprocess.CompletedProcess:
    """Run the real command line in a subprocess, with this checkout's package first on the path."""
    result = subprocess.run([sys.executable, "-m", "sitegen", *args], cwd=cwd, env=checkout_env(),
                            capture_output=True, text=True, timeout=600)
    if check and result.returncode != 0:
        raise AssertionError(f"sitegen {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result


def manifest_deps(cache: Path) -> dict[str, tuple[str, ...]]:
    """The dependencies the last build into `cache` recorded for each page, as the next reads them."""
    from sitegen.record import Previous, dep_names

    (folder,) = cache.glob("manifest-*")
    return {rel: tuple(dep_names(page.deps, None)) for rel, page in Previous.read(folder, "", clean=False).pages.items()}


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


def fixture_url(site: Path, page: Path, base: str = FIXTURE_BASE) -> str:
    """The published address of a built page (of the basic fixture, unless `base` says otherwise)."""
    rel = page.relative_to(site).as_posix()
    return base + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)


def fixture_file(site: Path, url: str, base: str = FIXTURE_BASE) -> Path:
    """The built file a published address (of the basic fixture, unless `base` says otherwise)
    is served from; a fragment is left out."""
    assert url.startswith(base), url
    rel = url[len(base):].partition("#")[0]
    return site / (rel + "index.html" if rel == "" or rel.endswith("/") else rel)


def site_page(site: Path, path: str) -> BeautifulSoup:
    """The parsed page at a site path (`en/articles/x/`, `404.html`)."""
    return parse_html(site / path / "index.html" if not path.endswith(".html") else site / path)


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


@pytest.fixture(scope="module")
def good_site(tmp_path_factory) -> Path:
    """The basic fixture built once per test module by the real command line, as `site/` next
    to `content/`: tests of broken input copy it and check that a failed build leaves it as it was."""
    project = tmp_path_factory.mktemp("good")
    copy_fixture("basic", project / "content")
    run_sitegen("build", cwd=project, check=True)
    return project / "site"


CHROMIUM = Path("/usr/bin/chromium")  # Debian's; never `playwright install`
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]
BRIEFING_PREFIX = "/sitegen/"  # the path of base_url in content/site.yaml
STATIC_SERVER = """
import functools, http.server, sys
class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass
handler = functools.partial(Quiet, directory=sys.argv[1])
server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
print(server.server_address[1], flush=True)
server.serve_forever()
"""


@pytest.fixture(scope="module")
def browser():
    """One Chromium per browser test module, driven by Playwright. Not per session: Playwright's
    synchronous API keeps an event loop running in this thread until it stops, and the tests of
    `sitegen serve` that run their own loop (asyncio.run) would fail after it."""
    require(CHROMIUM.exists(), "Debian's chromium is not installed at /usr/bin/chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def served_briefing(tmp_path_factory):
    """The real briefing, built with its search index and served on 127.0.0.1 under its base_url
    path, as GitHub Pages serves it (a plain static server: what Pages does, not `sitegen serve`):
    (the folder served, the site's address)."""
    require(CHROMIUM.exists(), "Debian's chromium is not installed at /usr/bin/chromium")
    root = tmp_path_factory.mktemp("www")
    run_sitegen("build", "--content", str(ROOT / "content"), "--out", str(root / BRIEFING_PREFIX.strip("/")),
                cwd=root, check=True)
    server = subprocess.Popen([sys.executable, "-c", STATIC_SERVER, str(root)], stdout=subprocess.PIPE, text=True)
    try:
        port = int(server.stdout.readline())
        yield root, f"http://127.0.0.1:{port}{BRIEFING_PREFIX}"
    finally:
        server.terminate()
        server.wait(timeout=10)
