"""`sitegen serve`, run for real in a subprocess on a free port and used over HTTP and websocket."""
from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup
from tornado.websocket import websocket_connect

from conftest import checkout_env, copy_fixture, run_sitegen

PREFIX = "/briefing/"  # the path of the fixture's base_url
STARTUP_SECONDS = 60
CHANGE_SECONDS = 30
STOP_SECONDS = 30  # a loaded CI machine runs the browser tests beside it


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Served:
    """A `sitegen serve` subprocess; stopped by its pid."""

    def __init__(self, cwd: Path, content: Path, out: Path):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.content = content
        self.log = cwd / f"serve-{self.port}.log"
        env = checkout_env()
        with self.log.open("w") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "sitegen", "serve", "--content", str(content), "--out", str(out),
                 "--port", str(self.port)], cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.base + "/livereload.js", timeout=2).read()
                return
            except (OSError, urllib.error.URLError):
                assert self.process.poll() is None, self.output()
                time.sleep(0.2)
        self.stop()
        raise AssertionError(f"serve did not start:\n{self.output()}")

    def output(self) -> str:
        return self.log.read_text("utf-8", errors="replace")

    def get(self, path: str, method: str = "GET") -> tuple[int, dict, bytes]:
        request = urllib.request.Request(self.base + path, method=method)
        opener = urllib.request.build_opener(NoRedirect)
        try:
            with opener.open(request, timeout=30) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()

    def page(self, path: str) -> BeautifulSoup:
        status, _, body = self.get(path)
        assert status == 200, (path, status)
        return BeautifulSoup(body, "lxml")

    def wait_for(self, path: str, condition, what: str) -> BeautifulSoup:
        deadline = time.monotonic() + CHANGE_SECONDS
        while time.monotonic() < deadline:
            status, _, body = self.get(path)
            soup = BeautifulSoup(body, "lxml")
            if condition(status, soup):
                return soup
            time.sleep(0.2)
        raise AssertionError(f"{what} did not happen:\n{self.output()}")

    def stop(self) -> None:
        """SIGTERM must end serve; a server that does not stop is killed and its log shown."""
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=STOP_SECONDS)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
                raise AssertionError(f"serve did not stop within {STOP_SECONDS} s of SIGTERM:\n{self.output()}")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def save(path: Path, text: str) -> None:
    """Save as most editors do: a hidden temporary file renamed over the old one, never half-written."""
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text, "utf-8")
    os.replace(temporary, path)


def overlay_lines(soup: BeautifulSoup) -> list[str]:
    box = soup.find(id="sitegen-errors")
    return [li.get_text() for li in box.find_all("li")] if box else []


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    work = tmp_path_factory.mktemp("serve")
    content = copy_fixture("basic", work / "content")
    server = Served(work, content, work / "preview")
    yield server
    server.stop()


async def _reload_after(base: str, change) -> dict:
    """Connect like livereload.js does, make the change, and return the server's reload message."""
    socket_url = base.replace("http://", "ws://") + "/livereload"
    connection = await websocket_connect(socket_url)
    try:
        connection.write_message(json.dumps({"command": "hello", "protocols": ["http://livereload.com/protocols/official-7"]}))
        hello = json.loads(await asyncio.wait_for(connection.read_message(), 10))
        assert hello["command"] == "hello"
        connection.write_message(json.dumps({"command": "info", "url": base + PREFIX + "en/", "plugins": {}}))
        # the server answers in order: a second hello answered means the info (our page) is registered
        connection.write_message(json.dumps({"command": "hello", "protocols": []}))
        assert json.loads(await asyncio.wait_for(connection.read_message(), 10))["command"] == "hello"
        change()
        while True:
            message = json.loads(await asyncio.wait_for(connection.read_message(), CHANGE_SECONDS))
            if message.get("command") == "reload":
                return message
    finally:
        connection.close()


def reload_after(base: str, change) -> dict:
    return asyncio.run(_reload_after(base, change))


def test_serves_the_site_under_the_base_url_path_with_the_livereload_script(served):
    status, headers, _ = served.get("/")
    assert status == 302 and headers["Location"] == PREFIX
    home = served.page(PREFIX + "en/")
    assert home.html["lang"] == "en"
    scripts = " ".join(s.get_text() for s in home.find_all("script"))
    assert "livereload.js" in scripts
    assert served.get("/livereload.js")[0] == 200
    stylesheet = home.find("link", rel="stylesheet")["href"]
    status, headers, css = served.get(urljoin(PREFIX + "en/", stylesheet))
    assert status == 200 and headers["Content-Type"].startswith("text/css") and css


def test_a_folder_without_its_slash_redirects_and_unknown_paths_get_the_404_page(served):
    status, headers, _ = served.get(PREFIX + "en")
    assert status == 302 and headers["Location"] == PREFIX + "en/"
    status, _, body = served.get(PREFIX + "en/no-such-page/")
    assert status == 404
    assert BeautifulSoup(body, "lxml").find("main") is not None  # the site's own 404 page
    assert served.get("/elsewhere/index.html")[0] == 404


def test_drafts_are_shown_and_marked(served):
    draft = served.page(PREFIX + "id/articles/unfinished/")
    assert draft.find(class_="draft-banner") is not None


def test_paths_outside_the_output_folder_are_refused(served):
    for path in (PREFIX + "../content/site.yaml", PREFIX + "..%2f..%2fcontent%2fsite.yaml",
                 PREFIX + "%2e%2e/%2e%2e/content/site.yaml", PREFIX + "en/..%5c..%5csite.yaml"):
        status, _, body = served.get(path)
        assert status == 404, path
        assert b"base_url" not in body


def test_only_get_and_head_are_answered(served):
    status, headers, body = served.get(PREFIX + "en/", method="HEAD")
    assert status == 200 and body == b"" and headers["Content-Type"].startswith("text/html")
    assert served.get(PREFIX + "en/", method="POST")[0] == 405


def test_an_edit_is_rebuilt_and_reloads_the_browser_and_errors_show_until_fixed(served):
    topic = served.content / "topics" / "sanctions.en.md"
    original = topic.read_text("utf-8")

    message = reload_after(served.base, lambda: save(topic, original.replace('"Sanctions"', '"Sanctions, revised"')))
    assert message["command"] == "reload"
    # the reload is sent after the rebuild, so the page fetched now is the new one
    assert served.page(PREFIX + "en/topics/sanctions/").h1.get_text(strip=True) == "Sanctions, revised"

    broken = original.replace('title: "Sanctions"', "title: [a, list]")
    reload_after(served.base, lambda: save(topic, broken))
    soup = served.page(PREFIX + "en/topics/sanctions/")
    lines = overlay_lines(soup)
    assert f"{Path('content/topics/sanctions.en.md')}:2: title: expected text, got a list" in lines, lines
    assert soup.h1.get_text(strip=True) == "Sanctions, revised"  # the last good page is still underneath
    assert overlay_lines(served.page(PREFIX + "id/"))  # on every page
    assert f"Build failed: {len(lines)} content error{'s' if len(lines) != 1 else ''}." in served.output()

    reload_after(served.base, lambda: save(topic, original))
    soup = served.page(PREFIX + "en/topics/sanctions/")
    assert overlay_lines(soup) == []
    assert soup.h1.get_text(strip=True) == "Sanctions"


def test_a_deleted_entry_disappears_from_the_served_site(served):
    path = served.content / "articles" / "english-only.en.md"
    events = served.content / "events" / "2023.yaml"
    original_events = events.read_text("utf-8")

    def delete():
        save(events, original_events.replace("[english-only, ", "["))
        path.unlink()

    reload_after(served.base, delete)
    served.wait_for(PREFIX + "en/articles/english-only/", lambda status, soup: status == 404, "removing the page")
    listing = served.page(PREFIX + "en/articles/")
    listed = [item["id"] for item in listing.select("[id^=article-]")]
    assert listed and "article-english-only" not in listed
    assert not [a["href"] for a in listing.select("a[href]") if "english-only" in a["href"]]


NEW_TOPIC = '---\ntitle: "Ceasefire"\nsummary: "Talks of a pause."\nsources: [talks-advance]\n---\nText.\n'


def test_an_added_entry_appears_and_so_do_its_later_edits(served):
    """An added file is found by walking the folder; the next save of it is one the watcher names."""
    path = served.content / "topics" / "ceasefire.en.md"
    page = PREFIX + "en/topics/ceasefire/"
    reload_after(served.base, lambda: save(path, NEW_TOPIC))
    assert served.page(page).h1.get_text(strip=True) == "Ceasefire"
    reload_after(served.base, lambda: save(path, NEW_TOPIC.replace('"Ceasefire"', '"Ceasefire, revised"')))
    assert served.page(page).h1.get_text(strip=True) == "Ceasefire, revised"
    reload_after(served.base, path.unlink)
    served.wait_for(page, lambda status, soup: status == 404, "removing the page")


def test_a_folder_moved_out_and_back_is_noticed(served, tmp_path):
    """Moving a folder is one event for the folder, none for the files in it."""
    actors, away = served.content / "actors", tmp_path / "actors"
    reload_after(served.base, lambda: actors.rename(away))
    lines = overlay_lines(served.page(PREFIX + "en/"))
    assert any("unknown actor 'john-kirby'" in line for line in lines), lines
    reload_after(served.base, lambda: away.rename(actors))
    assert overlay_lines(served.page(PREFIX + "en/")) == []
    assert served.page(PREFIX + "en/actors/john-kirby/").h1


def test_serving_content_that_is_broken_from_the_start_shows_the_errors_until_fixed(tmp_path):
    content = copy_fixture("basic", tmp_path / "content")
    site_yaml = content / "site.yaml"
    good = site_yaml.read_text("utf-8")
    site_yaml.write_text(good.replace("languages: [id, en]", "languages: [id, en, xx-nope]"), "utf-8")
    server = Served(tmp_path, content, tmp_path / "preview")
    try:
        status, _, body = server.get("/")
        assert status == 503
        assert any("site.yaml" in line for line in overlay_lines(BeautifulSoup(body, "lxml")))
        save(site_yaml, good)
        soup = server.wait_for(PREFIX + "en/", lambda status, soup: status == 200, "the fixed site being served")
        assert overlay_lines(soup) == []
    finally:
        server.stop()


def test_refuses_build_s_site_folder_as_its_output(tmp_path):
    content = copy_fixture("basic", tmp_path / "content")
    result = run_sitegen("serve", "--content", str(content), "--out", "site", cwd=tmp_path)
    assert result.returncode == 2
    assert "site/ is what `sitegen build` publishes" in result.stderr
    assert not (tmp_path / "site").exists()


def test_refuses_an_output_folder_inside_the_content(tmp_path):
    content = copy_fixture("basic", tmp_path / "content")
    result = run_sitegen("serve", "--content", str(content), "--out", str(content / "preview"), cwd=tmp_path)
    assert result.returncode == 2
    assert "the output folder is inside the content folder" in result.stderr


def test_a_port_in_use_is_reported_with_exit_2(tmp_path):
    content = copy_fixture("basic", tmp_path / "content")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_sitegen("serve", "--content", str(content), "--out", "preview", "--port", str(port), cwd=tmp_path)
    assert result.returncode == 2
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr


def test_an_address_beyond_loopback_is_warned_about(tmp_path):
    content = copy_fixture("basic", tmp_path / "content")
    # 192.0.2.1 is reserved for documentation: binding fails, so nothing is exposed by this test
    result = run_sitegen("serve", "--content", str(content), "--out", "preview", "--host", "192.0.2.1",
                         "--port", str(free_port()), cwd=tmp_path)
    assert "Warning: listening on 192.0.2.1, beyond this machine" in result.stderr
    assert result.returncode == 2


def test_serve_answers_a_burst_of_concurrent_requests_in_full(tmp_path):
    """2,000 requests from 50 threads against `sitegen serve` itself: each one answered in full."""
    content = copy_fixture("basic", tmp_path / "content")
    server = Served(tmp_path, content, tmp_path / "preview")
    try:
        paths = [PREFIX + p.relative_to(tmp_path / "preview").as_posix()
                 for p in sorted((tmp_path / "preview").rglob("*.html"))]
        expected = {path: server.get(path) for path in paths}
        assert all(status == 200 for status, _, _ in expected.values())

        def fetch(number: int) -> bool:
            path = paths[number % len(paths)]
            status, _, body = server.get(path)
            return status == 200 and body == expected[path][2]

        with ThreadPoolExecutor(max_workers=50) as pool:
            results = list(pool.map(fetch, range(2000), timeout=300))
        assert results.count(True) == 2000
        assert server.process.poll() is None
    finally:
        server.stop()


def test_a_taken_port_is_one_clear_line_before_anything_is_built(tmp_path):
    content = copy_fixture("basic", tmp_path / "content")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_sitegen("serve", "--content", str(content), "--out", "preview", "--port", str(port), cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [f"sitegen serve: cannot listen on 127.0.0.1:{port}: another program uses "
                                          f"the port; try another, e.g. --port {port + 1}"]
    assert not (tmp_path / "preview").exists()


def test_a_rebuild_that_cannot_write_its_output_shows_the_error_instead_of_stopping(tmp_path, monkeypatch):
    """A full disk while serving: the editor sees one line in the overlay, and serve goes on."""
    import errno

    from sitegen import serve
    from sitegen.build import BuildOptions
    from sitegen.outdir import error_for

    content = copy_fixture("basic", tmp_path / "content")
    failures: list = []
    server = serve.DevServer(BuildOptions(content_dir=content, out_dir=tmp_path / "out", cache_dir=tmp_path / "cache",
                                          include_drafts=True, search=False), lambda report: None, failures.append)
    assert server.rebuild()

    def full_disk(*args, **kwargs):
        raise error_for(OSError(errno.ENOSPC, "No space left on device"), tmp_path / "out")

    monkeypatch.setattr(serve, "build", full_disk)
    assert server.rebuild() is False
    (diagnostic,) = failures[-1]
    assert diagnostic.path == str(tmp_path / "out") and "disk" in diagnostic.message.lower()
    assert server.state.errors == failures[-1]
