"""The serve app's file handling, called directly as a WSGI app: what it hands out and what not."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from sitegen.build import BuildOptions, build
from sitegen.errors import Diagnostic
from sitegen.serve import SiteApp, SiteState, is_loopback

from conftest import copy_fixture, parse_html


def call(app: SiteApp, path: str, method: str = "GET") -> tuple[str, dict, bytes]:
    seen = {}

    def start_response(status, headers):
        seen["status"], seen["headers"] = status, dict(headers)

    body = b"".join(app({"REQUEST_METHOD": method, "PATH_INFO": path}, start_response))
    return seen["status"], seen["headers"], body


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("files")
    content = copy_fixture("basic", work / "content")
    build(BuildOptions(content_dir=content, out_dir=work / "site", cache_dir=work / "cache", include_drafts=True))
    (work / "secret.txt").write_text("outside", "utf-8")
    return work / "site"


def test_symbolic_links_leading_out_of_the_folder_are_not_followed(site: Path, tmp_path: Path):
    root = tmp_path / "root"
    root.mkdir()
    (root / "index.html").write_text("<html><body>home</body></html>", "utf-8")
    (root / "inside.html").write_text("<p>inside</p>", "utf-8")
    os.symlink(site.parent / "secret.txt", root / "leak.txt")
    os.symlink(site.parent, root / "up")
    os.symlink(root / "inside.html", root / "alias.html")
    app = SiteApp(SiteState(root, "/"))
    assert call(app, "/leak.txt")[0].startswith("404")
    assert call(app, "/up/secret.txt")[0].startswith("404")
    assert call(app, "/alias.html")[2] == b"<p>inside</p>"


@pytest.mark.parametrize("path", ["/briefing/../secret.txt", "/briefing/en/../../secret.txt", "/briefing/..\\secret.txt",
                                  "/briefing/.nojekyll", "/briefing/en/\0", "/secret.txt", "/briefing/%2e%2e/secret.txt"])
def test_nothing_outside_the_output_folder_is_served(site: Path, path: str):
    status, _, body = call(SiteApp(SiteState(site, "/briefing/")), path)
    assert status.startswith("404")
    assert b"outside" not in body


def test_pages_get_an_error_overlay_while_the_content_has_errors(site: Path):
    errors = [Diagnostic("content/articles/x.en.md", 4, "date: expected a date"),
              Diagnostic("content/events/2023.yaml", 12, "unknown actor 'kim' <b>")]
    status, headers, body = call(SiteApp(SiteState(site, "/briefing/", errors)), "/briefing/en/")
    assert status == "200 OK" and headers["Content-Type"] == "text/html; charset=utf-8"
    soup = BeautifulSoup(body, "lxml")
    box = soup.body.contents[0]
    assert box["id"] == "sitegen-errors" and box["role"] == "alert"
    assert [li.get_text() for li in box.find_all("li")] == [
        "content/articles/x.en.md:4: date: expected a date", "content/events/2023.yaml:12: unknown actor 'kim' <b>"]
    assert soup.find("main") is not None  # the last good page is still there
    _, _, css = call(SiteApp(SiteState(site, "/briefing/", errors)), "/briefing/static/style.css")
    assert b"sitegen-errors" not in css


def test_drafts_built_for_serve_never_reach_a_later_build(tmp_path: Path):
    content = copy_fixture("basic", tmp_path / "content")
    out = tmp_path / "out"
    build(BuildOptions(content_dir=content, out_dir=out, cache_dir=tmp_path / "cache", include_drafts=True))
    assert (out / "id" / "articles" / "unfinished" / "index.html").is_file()
    build(BuildOptions(content_dir=content, out_dir=out, cache_dir=tmp_path / "cache"))
    assert not (out / "id" / "articles" / "unfinished").exists()
    for page in out.rglob("*.html"):
        soup = parse_html(page)
        assert soup.find(id="article-unfinished") is None, page
        assert not [a["href"] for a in soup.select("a[href]") if "/unfinished/" in a["href"]], page


@pytest.mark.parametrize("host, loopback", [("127.0.0.1", True), ("localhost", True), ("::1", True),
                                            ("0.0.0.0", False), ("192.168.1.5", False), ("example.org", False)])
def test_loopback_addresses_are_told_apart(host: str, loopback: bool):
    assert is_loopback(host) is loopback
