"""Serve the built site as GitHub Pages would, under its path prefix or at a domain root, and crawl it.

Every link, asset, feed and absolute URL of our own site must answer 200 (fragments must name an
element of the target page), nothing may lead outside the prefix, every page and feed must be
reachable, and the 404 page must work from any depth.
"""
from __future__ import annotations

import json
import re
import threading
import urllib.error
import urllib.request
from collections import deque
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from lxml import etree

from conftest import ROOT, copy_fixture, run_sitegen

LINK_ATTRIBUTES = (("a", "href"), ("link", "href"), ("script", "src"), ("img", "src"), ("source", "src"),
                   ("iframe", "src"), ("form", "action"))
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)")
OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never send 127.0.0.1 to a proxy


def pages_handler(site: Path, prefix: str):
    """GitHub Pages in small: the site under `prefix`, 404.html (status 404) for anything else."""

    class Handler(SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(site), **kwargs)

        def translate_path(self, path: str) -> str:
            path = urlsplit(path).path
            if not path.startswith(prefix):
                return str(site / "\0outside")
            return super().translate_path("/" + path[len(prefix):])

        def send_error(self, code, message=None, explain=None):
            if code != 404:
                return super().send_error(code, message, explain)
            body = (site / "404.html").read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def log_message(self, *args):
            pass

    return Handler


@contextmanager
def serve(site: Path, prefix: str):
    server = ThreadingHTTPServer(("127.0.0.1", 0), pages_handler(site, prefix))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@dataclass
class Crawl:
    """What a crawl found: each URL's status, page ids, and every link with the page it was on."""

    root: str
    base_url: str
    status: dict[str, int] = field(default_factory=dict)
    ids: dict[str, set[str]] = field(default_factory=dict)
    links: list[tuple[str, str]] = field(default_factory=list)  # (from, to)
    outside: list[tuple[str, str]] = field(default_factory=list)

    def local(self, url: str) -> str | None:
        """Our server's form of a URL of our own site (relative, or absolute under base_url)."""
        if url.startswith(self.base_url):
            return self.root + url[len(self.base_url):]
        root = urlsplit(self.root)
        target = urlsplit(url)
        if target.scheme in ("http", "https") and target.netloc == root.netloc:
            return url
        if target.netloc == urlsplit(self.base_url).netloc:
            return url  # our production host, but outside base_url: reported below
        return None

    def follow(self, source: str, url: str, queue: deque) -> None:
        local = self.local(url)
        if local is None:
            return
        if not local.startswith(self.root):
            self.outside.append((source, url))
            return
        self.links.append((source, local))
        page, _ = urldefrag(local)
        if page not in self.status and page not in queue:
            queue.append(page)


def fetch(url: str) -> tuple[int, str, bytes, str]:
    try:
        with OPENER.open(url, timeout=10) as response:
            return response.status, response.headers.get_content_type(), response.read(), response.url
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get_content_type(), error.read(), url


def links_in(content_type: str, body: bytes, url: str) -> tuple[list[str], set[str]]:
    """Absolute forms of every URL a response points to, and the ids it defines (for fragments)."""
    if content_type == "text/html":
        soup = BeautifulSoup(body, "lxml")
        found = [urljoin(url, tag[attr]) for name, attr in LINK_ATTRIBUTES for tag in soup.find_all(name) if tag.get(attr)]
        found += [tag["content"] for tag in soup.select('meta[property="og:url"]')]
        for script in soup.select('script[type="application/ld+json"]'):
            found += re.findall(r'"url":"([^"]+)"', json.dumps(json.loads(script.string), separators=(",", ":")))
        return found, {tag["id"] for tag in soup.find_all(id=True)}
    if content_type == "text/css":
        return [urljoin(url, ref) for ref in CSS_URL.findall(body.decode("utf-8"))], set()
    if content_type in ("application/xml", "text/xml", "application/atom+xml") or url.endswith(".xml"):
        root = etree.fromstring(body)
        hrefs = [el.get("href") for el in root.iter() if el.get("href")]
        return hrefs + [el.text for el in root.iter("{*}loc")], set()
    if url.endswith("robots.txt"):
        return re.findall(r"^Sitemap:\s*(\S+)", body.decode("utf-8"), re.M), set()
    return [], set()


def crawl(root: str, base_url: str, starts: list[str]) -> Crawl:
    result = Crawl(root, base_url)
    queue = deque(starts)
    while queue:
        url = queue.popleft()
        status, content_type, body, final = fetch(url)
        result.status[url] = status
        links, ids = links_in(content_type, body, final)
        result.ids[url] = ids
        if status != 200 and url not in starts:
            continue  # a 404 page reached by a broken link is reported, not crawled without end
        for link in links:
            result.follow(url, link, queue)
    return result


def assert_sound(result: Crawl, site: Path, allowed_404: set[str] = frozenset()) -> None:
    broken = [(src, dst) for src, dst in result.links
              if urldefrag(dst)[0] != src and result.status[urldefrag(dst)[0]] != 200]  # same-page links are fine
    assert broken == [], broken[:10]
    assert all(code == 200 for url, code in result.status.items() if url not in allowed_404)
    missing = [(src, dst) for src, dst in result.links
               if urldefrag(dst)[1] and urldefrag(dst)[1] not in result.ids[urldefrag(dst)[0]]]
    assert missing == [], missing[:10]
    assert result.outside == [], result.outside[:10]
    reached = {url[len(result.root):] for url in result.status}
    reached |= {u[: -len("index.html")] for u in reached if u.endswith("index.html")}
    files = [p.relative_to(site).as_posix() for p in site.rglob("*") if p.suffix in (".html", ".xml")]
    unreached = [f for f in files if f not in reached and f.removesuffix("index.html") not in reached
                 and f != "404.html"]
    assert unreached == [], unreached[:10]


def build(root: Path, content: Path) -> Path:
    run_sitegen("build", "--content", str(content), "--out", str(root / "site"), cwd=root, check=True)
    return root / "site"


@pytest.fixture(scope="module")
def project_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("crawl-project")
    return build(root, copy_fixture("basic", root / "content"))


@pytest.fixture(scope="module")
def domain_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("crawl-domain")
    content = copy_fixture("basic", root / "content")
    settings = (content / "site.yaml").read_text("utf-8")
    settings = settings.replace("https://example.github.io/briefing/", "https://briefing.example.org/")
    (content / "site.yaml").write_text(settings + "cname: briefing.example.org\n", "utf-8")
    return build(root, content)


def crawl_site(site: Path, prefix: str, base_url: str) -> None:
    with serve(site, prefix) as root:
        deep_404 = root + "en/articles/no-such-article/even/deeper/"
        result = crawl(root, base_url, [root, root + "sitemap.xml", root + "robots.txt", deep_404])
    assert result.status[deep_404] == 404
    assert any(src == deep_404 for src, _ in result.links), "the 404 page links nowhere"
    assert_sound(result, site, {deep_404})


def test_project_page_under_its_path_prefix(project_site):
    crawl_site(project_site, "/briefing/", "https://example.github.io/briefing/")


def test_custom_domain_at_the_root(domain_site):
    crawl_site(domain_site, "/", "https://briefing.example.org/")


def test_the_real_briefing_under_its_path_prefix(tmp_path):
    site = build(tmp_path, ROOT / "content")
    crawl_site(site, "/sitegen/", "https://sitegen-briefing.github.io/sitegen/")


def test_the_crawler_notices_a_broken_link_and_a_link_outside_the_prefix(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "404.html").write_text("<!DOCTYPE html><title>x</title>", "utf-8")
    (site / "index.html").write_text('<!DOCTYPE html><title>x</title><a href="gone/">g</a>'
                                     '<a href="/elsewhere/">e</a><a href="#nowhere">n</a>', "utf-8")
    with serve(site, "/p/") as root:
        result = crawl(root, "https://example.github.io/p/", [root])
    with pytest.raises(AssertionError):
        assert_sound(result, site)
    assert [dst for _, dst in result.outside] == [root.removesuffix("/p/") + "/elsewhere/"]
    assert result.status[root + "gone/"] == 404
