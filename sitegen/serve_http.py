"""The HTTP side of `sitegen serve`: the site's files, the reload socket, and whom they answer.

One Tornado application on one thread: `SiteApp`, a WSGI app of ours, serves the output folder
under `base_url`'s path prefix, as GitHub Pages does, and lays an error overlay over every page
while the content has errors; `ReloadSocket` speaks livereload's protocol to the script it
injects into every page (livereload's own `livereload.js`). sitegen runs these handlers itself
rather than livereload's server, whose public API cannot refuse another site's requests: its
socket accepts any Origin and its `/forcereload` any caller (docs/security.md).

Every request must name this machine or the `--host` given in its Host header (a page on
another site can make the browser send it here through DNS rebinding, but not with our name),
and the socket's Origin must be one of those names too. Paths are checked before any file is
touched: no `..`, backslashes, NUL or control characters, no hidden files, no symbolic link
out of the folder; a path the system cannot even look up is simply not found.
"""
from __future__ import annotations

import html
import ipaddress
import json
import mimetypes
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Callable
from urllib.parse import quote, urlsplit

import tornado.web
import tornado.websocket
import tornado.wsgi
from tornado.httputil import responses

from .errors import Diagnostic

OVERLAY_ID = "sitegen-errors"
_BODY_OPEN = re.compile(rb"<body\b[^>]*>", re.I)
_HEAD_CLOSE = b"</head>"
_FORBIDDEN_CHARACTERS = frozenset("\\\0") | frozenset(chr(c) for c in range(32)) | {"\x7f"}
WILDCARD_HOSTS = ("0.0.0.0", "::", "")
# The snippet livereload's server injects: the client finds the socket from its own address.
LIVE_SCRIPT = (b'<script>(function(){var s=document.createElement("script");'
               b'var port=window.location.port||(window.location.protocol=="https:"?443:80);'
               b's.src="//"+window.location.hostname+":"+port+"/livereload.js?port="+port;'
               b"document.head.appendChild(s);})();</script>")
PROTOCOL = "http://livereload.com/protocols/official-7"


def is_loopback(host: str) -> bool:
    """True when only this machine can reach `host`."""
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def host_checker(listen_host: str) -> Callable[[str], bool]:
    """Whether a Host header (or an Origin's host and port) names this server: a loopback name
    or address, or the `--host` it listens on. Listening on every address (`0.0.0.0`), any
    IP address is accepted too: DNS rebinding needs a name, and the LAN reaches it by address."""
    def allowed(host: str) -> bool:
        name = urlsplit("//" + host).hostname if host else None
        if name is None:
            return False
        if is_loopback(name) or name == listen_host.lower().strip("[]"):
            return True
        if listen_host in WILDCARD_HOSTS:
            try:
                ipaddress.ip_address(name)
                return True
            except ValueError:
                return False
        return False
    return allowed


class BadPath(Exception):
    """A request path that can never name a file of the site."""


def site_file(root: Path, rel: str) -> Path:
    """The file or folder below `root` (resolved) that the decoded site path `rel` names, or BadPath."""
    if any(ch in _FORBIDDEN_CHARACTERS for ch in rel):
        raise BadPath(rel)
    segments = rel.split("/")
    if any(segment in (".", "..") or segment.startswith(".") for segment in segments):
        raise BadPath(rel)
    if any(segment == "" for segment in segments[:-1]):
        raise BadPath(rel)
    try:
        resolved = root.joinpath(*[s for s in segments if s]).resolve()
        if not resolved.is_relative_to(root) or not (resolved.is_file() or resolved.is_dir()):
            raise BadPath(rel)
    except OSError as exc:  # a name too long for the file system, a loop of links...
        raise BadPath(rel) from exc
    return resolved


@dataclass
class SiteState:
    """What is served: the output folder of the last good build, and the latest build's errors."""

    root: Path
    prefix: str = "/"
    errors: list[Diagnostic] = field(default_factory=list)


def _any_host(host: str) -> bool:
    return True


class SiteApp:
    """A WSGI app serving `state.root` under `state.prefix`, GET and HEAD only, to the hosts
    `host_allowed` accepts (a request without a Host header comes from no browser)."""

    def __init__(self, state: SiteState, host_allowed: Callable[[str], bool] = _any_host, script: bytes = b""):
        self.state = state
        self.host_allowed = host_allowed
        self.script = script

    def __call__(self, environ, start_response):
        method = environ.get("REQUEST_METHOD", "GET")
        if "HTTP_HOST" in environ and not self.host_allowed(environ["HTTP_HOST"]):
            return self._respond(start_response, "403 Forbidden", UNKNOWN_HOST.encode(), "text/plain", method)
        if method not in ("GET", "HEAD"):
            return self._respond(start_response, "405 Method Not Allowed", b"GET or HEAD only\n", "text/plain",
                                 method, [("Allow", "GET, HEAD")])
        path = environ.get("PATH_INFO", "") or "/"
        prefix = self.state.prefix
        if path in ("/", prefix.rstrip("/")) and path != prefix:
            return self._redirect(start_response, prefix)
        if not path.startswith(prefix):
            return self._not_found(start_response, method)
        target = self.resolve(path[len(prefix):])
        if target == "redirect":
            query = environ.get("QUERY_STRING", "")
            return self._redirect(start_response, quote(path + "/") + (f"?{query}" if query else ""))
        if target is None:
            return self._not_found(start_response, method)
        return self._file(start_response, target, "200 OK", method)

    def resolve(self, rel: str) -> Path | str | None:
        """The file a site path names, "redirect" for a folder named without its slash, or None."""
        root = self.state.root.resolve()
        try:
            target = site_file(root, rel)
        except BadPath:
            return None
        if target.is_dir():
            if rel and not rel.endswith("/"):
                return "redirect" if (target / "index.html").is_file() else None
            target = (target / "index.html").resolve()
        return target if target.is_file() and target.is_relative_to(root) else None

    def _not_found(self, start_response, method: str):
        page = self.state.root / "404.html"
        if page.is_file() and not page.is_symlink():
            return self._file(start_response, page, "404 Not Found", method)
        if self.state.errors:
            return self._respond(start_response, "503 Service Unavailable", error_page(self.state.errors),
                                 "text/html", method)
        return self._respond(start_response, "404 Not Found", b"Not found\n", "text/plain", method)

    def _file(self, start_response, path: Path, status: str, method: str):
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        data = path.read_bytes()
        if kind == "text/html":
            if self.state.errors:
                data = with_overlay(data, self.state.errors)
            data = data.replace(_HEAD_CLOSE, self.script + _HEAD_CLOSE, 1) if self.script else data
        return self._respond(start_response, status, data, kind, method)

    def _redirect(self, start_response, location: str):
        start_response("302 Found", [("Location", location), ("Content-Length", "0"), ("Cache-Control", "no-store")])
        return [b""]

    @staticmethod
    def _respond(start_response, status: str, data: bytes, kind: str, method: str, extra=()):
        if kind.startswith("text/") or kind in ("application/javascript", "application/json"):
            kind += "; charset=utf-8"
        headers = [("Content-Type", kind), ("Content-Length", str(len(data))), ("Cache-Control", "no-store"),
                   ("X-Content-Type-Options", "nosniff"), *extra]
        start_response(status, headers)
        return [b"" if method == "HEAD" else data]


UNKNOWN_HOST = ("sitegen serve answers only this machine's names (localhost, 127.0.0.1) and the --host it "
                "was given; open the address it printed.\n")


def overlay_html(errors: list[Diagnostic]) -> str:
    """The box laid over every page while the content has errors: one line per problem."""
    items = "".join(f"<li><code>{html.escape(d.format())}</code></li>" for d in errors)
    count = len(errors)
    return (
        f'<div id="{OVERLAY_ID}" role="alert" style="position:fixed;inset:0 0 auto 0;z-index:2147483647;'
        "max-height:70vh;overflow:auto;margin:0;padding:1rem 1.5rem;background:#fff4f4;color:#5c0000;"
        'border-bottom:4px solid #b00020;font:15px/1.5 system-ui,sans-serif;box-shadow:0 4px 16px #0004">'
        f'<h2 style="margin:0 0 .5rem;font-size:1.1rem">sitegen: {count} content error{"s" if count != 1 else ""}; '
        "the last good build is shown below</h2>"
        f'<ul style="margin:0;padding-left:1.2rem">{items}</ul>'
        '<p style="margin:.5rem 0 0">Fix the file and save it: this page reloads by itself.</p></div>'
    )


def with_overlay(page: bytes, errors: list[Diagnostic]) -> bytes:
    overlay = overlay_html(errors).encode("utf-8")
    match = _BODY_OPEN.search(page)
    at = match.end() if match else 0
    return page[:at] + overlay + page[at:]


def error_page(errors: list[Diagnostic]) -> bytes:
    """Shown when no build has succeeded yet, so there is no site to lay the overlay on."""
    return ("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>sitegen: content errors</title>"
            f"</head><body>{overlay_html(errors)}</body></html>").encode("utf-8")


class Browsers:
    """The pages that listen for reloads."""

    def __init__(self) -> None:
        self.sockets: set[ReloadSocket] = set()

    def reload(self, path: str = "*") -> None:
        message = {"command": "reload", "path": path, "liveCSS": True, "liveImg": True}
        for socket in list(self.sockets):
            try:
                socket.write_message(message)
            except tornado.websocket.WebSocketClosedError:
                self.sockets.discard(socket)


class HostChecked(tornado.web.RequestHandler):
    def initialize(self, host_allowed: Callable[[str], bool], **_) -> None:
        self.host_allowed = host_allowed

    def prepare(self) -> None:
        if not self.host_allowed(self.request.host):
            raise tornado.web.HTTPError(403)

    def write_error(self, status_code: int, **kwargs) -> None:
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.finish(UNKNOWN_HOST if status_code == 403 else f"{status_code} {responses.get(status_code, '')}\n")


class ReloadSocket(tornado.websocket.WebSocketHandler, HostChecked):
    """livereload's protocol: answer the page's hello, then send it `reload` after each rebuild."""

    def initialize(self, host_allowed: Callable[[str], bool], browsers: Browsers) -> None:
        self.host_allowed, self.browsers = host_allowed, browsers

    def check_origin(self, origin: str) -> bool:
        """Only our own pages: a page of another site may open a socket to any address."""
        return self.host_allowed(urlsplit(origin).netloc)

    def open(self) -> None:
        self.browsers.sockets.add(self)

    def on_close(self) -> None:
        self.browsers.sockets.discard(self)

    def on_message(self, message) -> None:
        try:
            command = json.loads(message).get("command")
        except (ValueError, AttributeError):
            return
        if command == "hello":
            self.write_message({"command": "hello", "protocols": [PROTOCOL], "serverName": "sitegen"})


class ClientScript(HostChecked):
    """livereload's browser script, from the installed livereload package."""

    def initialize(self, host_allowed: Callable[[str], bool], script: bytes) -> None:
        self.host_allowed, self.script = host_allowed, script

    def get(self) -> None:
        self.set_header("Content-Type", "application/javascript; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.write(self.script)


def livereload_client() -> bytes:
    """livereload.js as the livereload package ships it (docs/dependencies.md)."""
    return resources.files("livereload").joinpath("vendors", "livereload.js").read_bytes()


def make_application(state: SiteState, browsers: Browsers, listen_host: str) -> tornado.web.Application:
    allowed = host_checker(listen_host)
    site = tornado.wsgi.WSGIContainer(SiteApp(state, allowed, LIVE_SCRIPT))
    return tornado.web.Application([
        (r"/livereload", ReloadSocket, {"host_allowed": allowed, "browsers": browsers}),
        (r"/livereload\.js", ClientScript, {"host_allowed": allowed, "script": livereload_client()}),
        (r".*", tornado.web.FallbackHandler, {"fallback": site}),
    ])
