"""The server `sitegen serve` runs, attacked: traversal in every spelling, links out of the site,
malformed requests, another site's Host and Origin (DNS rebinding), and overlong names."""
from __future__ import annotations

import asyncio
import http.client
import json
import os
import shutil
import socket
from pathlib import Path

import pytest
from tornado.httpclient import HTTPClientError, HTTPRequest
from tornado.websocket import websocket_connect

from conftest import FIXTURES, html_pages
from sitegen.cli import DEFAULT_HOST
from sitegen.serve import is_loopback
from sitegen.serve_http import LIVE_SCRIPT, PROTOCOL
from test_serve import Served

PREFIX = "/briefing/"
SECRET = "TOP-SECRET-MARKER"
DRAFT = "unfinished"  # the fixture's draft article's slug; serve shows drafts


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """`sitegen serve` on the fixture site under /briefing/, with secrets beside its output folder
    and links in it pointing at them."""
    project = tmp_path_factory.mktemp("serve-security")
    shutil.copytree(FIXTURES / "basic", project / "content")
    server = Served(project, project / "content", project / "preview")
    site = project / "preview"
    (project / "secret.txt").write_text(SECRET)
    (project / "outside").mkdir()
    (project / "outside" / "secret.txt").write_text(SECRET)
    os.symlink(project / "secret.txt", site / "leak.txt")
    os.symlink(project / "outside", site / "leakdir")
    os.symlink(site / "404.html", site / "inside-link.html")
    yield site, server
    server.stop()


def raw_request(port: int, request_line: str, headers: str = "Host: localhost\r\n") -> tuple[int, bytes]:
    """Send bytes exactly as given (no client-side normalizing); returns (status, whole response)."""
    with socket.create_connection((DEFAULT_HOST, port), timeout=10) as sock:
        sock.sendall(f"{request_line}\r\n{headers}\r\n".encode("latin-1"))
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    response = b"".join(chunks)
    return (int(response.split(b" ", 2)[1]) if response else 0), response


def get(port: int, path: str, method: str = "GET", host: str | None = None) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection(DEFAULT_HOST, port, timeout=10)
    connection.request(method, path, headers={"Host": host} if host else {})
    response = connection.getresponse()
    response.body = response.read()
    connection.close()
    return response


def served_bytes(path: Path) -> bytes:
    """A file as serve hands it out: HTML pages carry the reload script."""
    data = path.read_bytes()
    return data.replace(b"</head>", LIVE_SCRIPT + b"</head>", 1) if path.suffix == ".html" else data


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
    site, server = served
    status, response = raw_request(server.port, f"GET {path} HTTP/1.0")
    assert 400 <= status < 500, (path, status)
    assert SECRET.encode() not in response


def test_pages_are_served_under_the_prefix(served):
    site, server = served
    for page in html_pages(site)[:40]:
        rel = page.relative_to(site).as_posix()
        response = get(server.port, PREFIX + rel)
        assert response.status == 200, rel
        assert response.body == served_bytes(page)
        assert response.getheader("Content-Type") == "text/html; charset=utf-8"
        assert response.getheader("X-Content-Type-Options") == "nosniff"
    assert get(server.port, PREFIX + "en/").body == served_bytes(site / "en" / "index.html")
    assert get(server.port, PREFIX + "static/style.css").getheader("Content-Type") == "text/css; charset=utf-8"
    assert get(server.port, PREFIX + "inside-link.html").status == 200


def test_folders_redirect_to_their_slash_form_and_are_never_listed(served):
    site, server = served
    for path, location in ((PREFIX + "en", PREFIX + "en/"), (PREFIX + "en?x=1", PREFIX + "en/?x=1"),
                           ("/briefing", PREFIX)):
        response = get(server.port, path)
        assert (response.status, response.getheader("Location")) == (302, location)
    listing = get(server.port, PREFIX + "static/")
    assert listing.status == 404
    assert listing.body == served_bytes(site / "404.html")


def test_a_missing_page_gets_the_sites_404_page(served):
    site, server = served
    response = get(server.port, PREFIX + "en/no-such-page/")
    assert response.status == 404
    assert response.body == served_bytes(site / "404.html")
    head = get(server.port, PREFIX + "en/no-such-page/", method="HEAD")
    assert head.status == 404 and head.body == b""


@pytest.mark.parametrize("length", [300, 5000])
def test_an_overlong_path_segment_is_not_found_not_a_server_error(served, length: int):
    site, server = served
    for path in (PREFIX + "a" * length, PREFIX + "en/" + "%C3%A9" * length + "/", PREFIX + "a" * length + "/b"):
        response = get(server.port, path)
        assert response.status == 404, (length, response.status)
        assert b"Traceback" not in response.body
    assert "Traceback" not in server.output()


@pytest.mark.parametrize("request_line, expected", [
    ("HELLO", 400), ("GET", 400), ("GET /briefing/ HTTP/9.9", 400), ("GET /briefing/ FTP/1.0", 400),
    ("POST /briefing/ HTTP/1.0", 405), ("PUT /briefing/x HTTP/1.0", 405), ("DELETE /briefing/ HTTP/1.0", 405),
    ("GET /" + "a" * 70000 + " HTTP/1.0", 0),  # over Tornado's 64 KB of headers: the connection is closed
], ids=lambda value: value if isinstance(value, int) or len(value) < 40 else value[:20] + "…")
def test_malformed_requests_get_an_error_status(served, request_line: str, expected: int):
    site, server = served
    status, _ = raw_request(server.port, request_line)
    assert status == expected
    assert get(server.port, PREFIX + "en/").status == 200  # and the server goes on


def test_a_head_request_has_headers_and_no_body(served):
    site, server = served
    response = get(server.port, PREFIX + "en/", method="HEAD")
    assert response.status == 200 and response.body == b""
    assert int(response.getheader("Content-Length")) == len(served_bytes(site / "en" / "index.html"))


def test_it_listens_on_loopback_by_default(served):
    site, server = served
    assert is_loopback(DEFAULT_HOST)
    assert f"at http://{DEFAULT_HOST}:{server.port}{PREFIX}" in server.output()


@pytest.mark.parametrize("host", ["evil.example", "evil.example:{port}", "127.0.0.1.evil.example", "localhost.evil.example:{port}"])
def test_another_sites_host_name_gets_nothing(served, host: str):
    """DNS rebinding: a page of evil.example, its name pointed at 127.0.0.1, reads the drafts."""
    site, server = served
    for path in (PREFIX + "en/", PREFIX + "en/articles/", "/livereload.js", PREFIX + "no-such-page/"):
        response = get(server.port, path, host=host.format(port=server.port))
        assert response.status == 403, (host, path)
        assert DRAFT.encode() not in response.body and b"<html" not in response.body.lower()


@pytest.mark.parametrize("host", ["localhost:{port}", "127.0.0.1:{port}", "[::1]:{port}", "localhost", "127.0.0.2:{port}"])
def test_this_machines_names_are_answered(served, host: str):
    site, server = served
    assert get(server.port, PREFIX + "en/", host=host.format(port=server.port)).status == 200


def connect(port: int, origin: str | None):
    async def attempt():
        headers = {"Origin": origin} if origin else {}
        connection = await websocket_connect(HTTPRequest(f"ws://{DEFAULT_HOST}:{port}/livereload", headers=headers))
        connection.close()
    return asyncio.run(attempt())


def test_the_reload_socket_refuses_another_sites_origin(served):
    site, server = served
    for origin in ("http://evil.example", f"http://evil.example:{server.port}", "null", "http://127.0.0.1.evil.example"):
        with pytest.raises(HTTPClientError) as refused:
            connect(server.port, origin)
        assert refused.value.code == 403, origin
    connect(server.port, f"http://127.0.0.1:{server.port}")
    connect(server.port, f"http://localhost:{server.port}")


def test_another_site_cannot_make_the_pages_reload(served):
    """livereload's /forcereload reloaded every open page for any caller, by a plain GET."""
    site, server = served

    async def messages_after_forcereload() -> list:
        connection = await websocket_connect(f"ws://{DEFAULT_HOST}:{server.port}/livereload")
        connection.write_message(json.dumps({"command": "hello", "protocols": [PROTOCOL]}))
        received = [json.loads(await asyncio.wait_for(connection.read_message(), 10))]
        loop = asyncio.get_running_loop()
        status = await loop.run_in_executor(None, lambda: get(server.port, "/forcereload?path=*").status)
        try:
            received.append(json.loads(await asyncio.wait_for(connection.read_message(), 2)))
        except asyncio.TimeoutError:
            pass
        connection.close()
        return [status, *received]

    status, hello, *after = asyncio.run(messages_after_forcereload())
    assert status == 404 and hello["command"] == "hello"
    assert after == []
