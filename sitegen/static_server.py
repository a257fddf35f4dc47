"""A static-file HTTP server for a built site that serves nothing but the files inside it.

`sitegen serve` uses it for the HTTP side. It binds to loopback unless told otherwise, serves
only regular files below one root folder under one path prefix (`/` or the `base_url` path),
refuses path traversal in every spelling (`..`, `%2e%2e`, `..%2f`, backslashes, NUL, invalid
percent-encoding), never follows a link out of the root, lists no folders, and answers each
bad request with a 4xx status. One thread per connection, so a slow client blocks nobody.
"""
from __future__ import annotations

import http.server
import logging
import mimetypes
import shutil
from http import HTTPStatus
from pathlib import Path
from urllib.parse import unquote, urlsplit

log = logging.getLogger(__name__)

DEFAULT_HOST = "127.0.0.1"
_FORBIDDEN_CHARACTERS = frozenset("\\\0") | frozenset(chr(c) for c in range(32)) | {"\x7f"}


class BadPath(Exception):
    """A request path that can never name a file of the site; carries the status to answer."""

    def __init__(self, status: HTTPStatus):
        super().__init__(status.phrase)
        self.status = status


def site_file(root: Path, prefix: str, request_path: str) -> Path:
    """The file below `root` that `request_path` names, or BadPath with the status to answer.

    `root` must be resolved; `prefix` starts and ends with `/`. A folder is returned as itself
    (the caller redirects to its `/` form or serves its index.html).
    """
    raw = urlsplit(request_path).path
    if not raw.startswith("/"):
        raise BadPath(HTTPStatus.BAD_REQUEST)
    try:
        path = unquote(raw, errors="strict")
    except UnicodeDecodeError:
        raise BadPath(HTTPStatus.BAD_REQUEST) from None
    return decoded_site_file(root, prefix, path)


def decoded_site_file(root: Path, prefix: str, path: str) -> Path:
    """As site_file, for a path already percent-decoded (as a WSGI server hands it over)."""
    if any(ch in _FORBIDDEN_CHARACTERS for ch in path):
        raise BadPath(HTTPStatus.BAD_REQUEST)
    if not path.startswith(prefix):
        raise BadPath(HTTPStatus.NOT_FOUND)
    segments = path[len(prefix):].split("/")
    if any(segment in (".", "..") for segment in segments):
        raise BadPath(HTTPStatus.BAD_REQUEST)
    if any(segment == "" for segment in segments[:-1]):
        raise BadPath(HTTPStatus.NOT_FOUND)
    candidate = root.joinpath(*[s for s in segments if s])
    resolved = candidate.resolve()
    if not resolved.is_relative_to(root):
        raise BadPath(HTTPStatus.NOT_FOUND)
    if not (resolved.is_file() or resolved.is_dir()):
        raise BadPath(HTTPStatus.NOT_FOUND)
    return resolved


class SiteRequestHandler(http.server.BaseHTTPRequestHandler):
    """Answers GET and HEAD from the files below `root`; subclassed per server by make_server."""

    root: Path = Path(".")
    prefix: str = "/"
    timeout = 30  # seconds a connection may stay silent before it is closed
    server_version = "sitegen"
    default_request_version = "HTTP/1.0"  # never answer in HTTP/0.9, which has no status line
    sys_version = ""

    def do_GET(self) -> None:
        self._answer(with_body=True)

    def do_HEAD(self) -> None:
        self._answer(with_body=False)

    def _not_allowed(self) -> None:
        self.send_response(HTTPStatus.METHOD_NOT_ALLOWED)
        self.send_header("Allow", "GET, HEAD")
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_TRACE = do_CONNECT = _not_allowed

    def _answer(self, with_body: bool) -> None:
        if self.prefix != "/" and urlsplit(self.path).path == self.prefix[:-1]:
            return self._redirect(self.prefix)
        try:
            path = site_file(self.root, self.prefix, self.path)
        except BadPath as problem:
            return self._error(problem.status, with_body)
        if path.is_dir():
            url = urlsplit(self.path)
            if not url.path.endswith("/"):
                return self._redirect(url.path + "/" + (f"?{url.query}" if url.query else ""))
            path = path / "index.html"
            if not path.is_file():
                return self._error(HTTPStatus.NOT_FOUND, with_body)
        self._send_file(HTTPStatus.OK, path, with_body)

    def _send_file(self, status: HTTPStatus, path: Path, with_body: bool) -> None:
        try:
            handle = path.open("rb")
        except OSError:
            return self._error(HTTPStatus.NOT_FOUND, with_body)
        with handle:
            size = path.stat().st_size
            self.send_response(status)
            self.send_header("Content-Type", _content_type(path))
            self.send_header("Content-Length", str(size))
            self.send_header("X-Content-Type-Options", "nosniff")
            self.send_header("Cache-Control", "no-cache")
            self.end_headers()
            if with_body:
                shutil.copyfileobj(handle, self.wfile)

    def _redirect(self, location: str) -> None:
        self.send_response(HTTPStatus.MOVED_PERMANENTLY)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _error(self, status: HTTPStatus, with_body: bool) -> None:
        """The site's own 404 page when it has one; a short plain text otherwise."""
        page = self.root / "404.html"
        if status == HTTPStatus.NOT_FOUND and page.is_file():
            return self._send_file(status, page, with_body)
        body = f"{status.value} {status.phrase}\n".encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if with_body:
            self.wfile.write(body)

    def log_message(self, format: str, *args) -> None:
        log.debug("%s " + format, self.address_string(), *args)


def _content_type(path: Path) -> str:
    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    text = kind.startswith("text/") or kind in ("application/javascript", "application/json", "application/xml")
    return f"{kind}; charset=utf-8" if text else kind


class SiteServer(http.server.ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # a burst of connections waits in the backlog instead of being refused


def make_server(root: Path, host: str = DEFAULT_HOST, port: int = 0, prefix: str = "/") -> SiteServer:
    """A ready, not yet serving, server for the files below `root` at `http://host:port{prefix}`.

    `port=0` picks a free port (read it from `server.server_address[1]`). Call
    `serve_forever()` (in a thread if needed) and `shutdown()` + `server_close()` to stop it.
    """
    if not prefix.startswith("/") or not prefix.endswith("/"):
        raise ValueError(f"the prefix must start and end with '/', got {prefix!r}")
    handler = type("BoundSiteRequestHandler", (SiteRequestHandler,), {"root": Path(root).resolve(), "prefix": prefix})
    return SiteServer((host, port), handler)
