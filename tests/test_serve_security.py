"""The dev server's HTTP side (sitegen/static_server.py), attacked: traversal in every spelling,
links out of the site, malformed requests, and a burst of concurrent requests."""
from __future__ import annotations

import http.client
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, html_pages, run_sitegen
from sitegen.static_server import DEFAULT_HOST, make_server

PREFIX = "/briefing/"
SECRET = "TOP-SECRET-MARKER"
SERVER_SCRIPT = """
import sys
from pathlib import Path
from sitegen.static_server import make_server
server = make_server(Path(sys.argv[1]), port=0, prefix=sys.argv[2])
print(server.server_address[1], flush=True)
server.serve_forever()
"""


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """The fixture site under /briefing/, with secrets beside it and links pointing at them."""
    project = tmp_path_factory.mktemp("serve")
    shutil.copytree(FIXTURES / "basic", project / "content")
    run_sitegen("build", cwd=project, check=True)
    site = project / "site"
    (project / "secret.txt").write_text(SECRET)
    (project / "outside").mkdir()
    (project / "outside" / "secret.txt").write_text(SECRET)
    os.symlink(project / "secret.txt", site / "leak.txt")
    os.symlink(project / "outside", site / "leakdir")
    os.symlink(site / "404.html", site / "inside-link.html")
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    process = subprocess.Popen([sys.executable, "-c", SERVER_SCRIPT, str(site), PREFIX], env=env,
                               stdout=subprocess.PIPE, text=True)
    port = int(process.stdout.readline())
    yield site, port
    os.kill(process.pid, signal.SIGTERM)
    process.wait(timeout=10)


def raw_request(port: int, request_line: str, headers: str = "") -> tuple[int, bytes]:
    """Send bytes exactly as given (no client-side normalizing); returns (status, whole response)."""
    with socket.create_connection((DEFAULT_HOST, port), timeout=10) as sock:
        sock.sendall(f"{request_line}\r\nHost: localhost\r\n{headers}\r\n".encode("latin-1"))
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    response = b"".join(chunks)
    return int(response.split(b" ", 2)[1]), response


def get(port: int, path: str, method: str = "GET") -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection(DEFAULT_HOST, port, timeout=10)
    connection.request(method, path)
    response = connection.getresponse()
    response.body = response.read()
    connection.close()
    return response


TRAVERSALS = [
    "/briefing/../secret.txt", "/briefing/../outside/secret.txt", "/briefing/%2e%2e/secret.txt",
    "/briefing/%2E%2E/outside/secret.txt", "/briefing/..%2fsecret.txt", "/briefing/..%2Foutside%2Fsecret.txt",
    "/briefing/en/..%2f..%2f..%2fsecret.txt", "/briefing/%2e%2e%2f%2e%2e%2fsecret.txt", "/briefing/.%2e/secret.txt",
    "/briefing/..\\secret.txt", "/briefing/..%5csecret.txt", "/briefing/%5c..%5csecret.txt",
    "/briefing/%00../secret.txt", "/briefing/index.html%00.txt", "/briefing/%c0%ae%c0%ae/secret.txt",
    "/briefing/%252e%252e/secret.txt", "/briefing/%ff", "/secret.txt", "//secret.txt", "/briefing//secret.txt",
    "/briefing/leak.txt", "/briefing/leakdir/secret.txt", "/briefing/leakdir/", "../secret.txt",
    "http://localhost/briefing/../secret.txt", "/briefing/en/%2e%2e/%2e%2e/%2e%2e/secret.txt",
]


@pytest.mark.parametrize("path", TRAVERSALS)
def test_traversal_is_refused_with_a_4xx(served, path: str):
    site, port = served
    status, response = raw_request(port, f"GET {path} HTTP/1.0")
    assert 400 <= status < 500, (path, status)
    assert SECRET.encode() not in response


def test_pages_are_served_under_the_prefix(served):
    site, port = served
    for page in html_pages(site)[:40]:
        rel = page.relative_to(site).as_posix()
        response = get(port, PREFIX + rel)
        assert response.status == 200, rel
        assert response.body == page.read_bytes()
        assert response.getheader("Content-Type") == "text/html; charset=utf-8"
        assert response.getheader("X-Content-Type-Options") == "nosniff"
    assert get(port, PREFIX + "en/").body == (site / "en" / "index.html").read_bytes()
    assert get(port, PREFIX + "static/style.css").getheader("Content-Type") == "text/css; charset=utf-8"
    assert get(port, PREFIX + "inside-link.html").status == 200


def test_folders_redirect_to_their_slash_form_and_are_never_listed(served):
    site, port = served
    for path, location in ((PREFIX + "en", PREFIX + "en/"), (PREFIX + "en?x=1", PREFIX + "en/?x=1"),
                           ("/briefing", PREFIX)):
        response = get(port, path)
        assert (response.status, response.getheader("Location")) == (301, location)
    listing = get(port, PREFIX + "static/")
    assert listing.status == 404
    assert listing.body == (site / "404.html").read_bytes()


def test_a_missing_page_gets_the_sites_404_page(served):
    site, port = served
    response = get(port, PREFIX + "en/no-such-page/")
    assert response.status == 404
    assert response.body == (site / "404.html").read_bytes()
    head = get(port, PREFIX + "en/no-such-page/", method="HEAD")
    assert head.status == 404 and head.body == b""


@pytest.mark.parametrize("request_line, expected", [
    ("HELLO", 400), ("GET", 400), ("GET /briefing/ HTTP/9.9", 505), ("GET /briefing/ FTP/1.0", 400),
    ("POST /briefing/ HTTP/1.0", 405), ("PUT /briefing/x HTTP/1.0", 405), ("DELETE /briefing/ HTTP/1.0", 405),
    ("GET /" + "a" * 70000 + " HTTP/1.0", 414),
])
def test_malformed_requests_get_an_error_status(served, request_line: str, expected: int):
    site, port = served
    status, _ = raw_request(port, request_line)
    assert status == expected


def test_a_head_request_has_headers_and_no_body(served):
    site, port = served
    response = get(port, PREFIX + "en/", method="HEAD")
    assert response.status == 200 and response.body == b""
    assert int(response.getheader("Content-Length")) == (site / "en" / "index.html").stat().st_size


def test_it_binds_to_loopback_by_default(tmp_path: Path):
    server = make_server(tmp_path)
    try:
        assert server.server_address[0] == "127.0.0.1"
    finally:
        server.server_close()


def test_a_prefix_must_be_a_folder_path(tmp_path: Path):
    with pytest.raises(ValueError):
        make_server(tmp_path, prefix="briefing")


def test_a_burst_of_concurrent_requests_is_answered_in_full(served):
    """2,000 requests from 50 threads: every one answered 200 with the right bytes."""
    site, port = served
    pages = [p.relative_to(site).as_posix() for p in html_pages(site) if not p.is_symlink()]
    expected = {rel: (site / rel).read_bytes() for rel in pages}

    def fetch(number: int) -> bool:
        rel = pages[number % len(pages)]
        response = get(port, PREFIX + rel)
        return response.status == 200 and response.body == expected[rel]

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=50) as pool:
        results = list(pool.map(fetch, range(2000), timeout=120))
    assert results.count(True) == 2000
    assert time.monotonic() - started < 120
