"""`sitegen serve`: build with drafts, serve the site under its path prefix, rebuild on change.

The content folder is watched with watchdog (inotify on Linux), so a saved file is rebuilt at
once; livereload polls the theme and catalogs (less than once a second) and provides the
websocket the browser listens on and the script it injects before `</head>`. Rebuilds keep the
loaded site in memory (`LiveState`): an edit re-reads its file and makes only the pages that
depend on it, written in place into serve's own output folder. The files themselves are served by
`SiteApp`, a small WSGI app of ours, because it must (a) serve under `base_url`'s path prefix as
GitHub Pages does, (b) never hand out a file outside the output folder, and (c) lay an error
overlay over every page while the content has errors, keeping the last good site underneath.

Everything runs on one thread (Tornado's loop): a rebuild and a request never overlap, so a
request never sees a half-swapped output folder.
"""
from __future__ import annotations

import html
import ipaddress
import logging
import mimetypes
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable
from urllib.parse import quote

from livereload import Server
from livereload.handlers import LiveReloadHandler
from tornado.ioloop import IOLoop
from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from .build import BuildOptions, BuildReport, LiveState, build
from .config import load_config
from .errors import ContentError, Diagnostic, Problems
from .render import default_locale_dir, default_theme_dir
from .static_server import BadPath, decoded_site_file

log = logging.getLogger(__name__)

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
DEFAULT_OUT = Path(".sitegen-cache/serve")  # never build's site/: serve includes drafts
SETTLE_SECONDS = 0.02  # an editor's save is often several file events; rebuild once for them
OVERLAY_ID = "sitegen-errors"
_BODY_OPEN = re.compile(rb"<body\b[^>]*>", re.I)


def is_loopback(host: str) -> bool:
    """True when only this machine can reach `host`."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass
class SiteState:
    """What is served: the output folder of the last good build, and the latest build's errors."""

    root: Path
    prefix: str = "/"
    errors: list[Diagnostic] = field(default_factory=list)


class SiteApp:
    """A WSGI app serving `state.root` under `state.prefix`, GET and HEAD only."""

    def __init__(self, state: SiteState):
        self.state = state

    def __call__(self, environ, start_response):
        method = environ.get("REQUEST_METHOD", "GET")
        if method not in ("GET", "HEAD"):
            return self._respond(start_response, "405 Method Not Allowed", b"GET or HEAD only\n", "text/plain",
                                 method, [("Allow", "GET, HEAD")])
        path = environ.get("PATH_INFO", "") or "/"
        prefix = self.state.prefix
        if path in ("/", prefix.rstrip("/")) and path != prefix:
            return self._redirect(start_response, prefix)
        if not path.startswith(prefix):
            return self._not_found(start_response, method)
        rel = path[len(prefix):]
        target = self.resolve(rel)
        if target == "redirect":
            return self._redirect(start_response, quote(path + "/"))
        if target is None:
            return self._not_found(start_response, method)
        return self._file(start_response, target, "200 OK", method)

    def resolve(self, rel: str) -> Path | str | None:
        """The file a site path names, "redirect" for a folder named without its slash, or None.

        The same checks as the static server's (no `..`, backslashes, NUL or control characters,
        no symbolic link leading out of the folder), and hidden files are never served.
        """
        if any(segment.startswith(".") for segment in rel.split("/")):
            return None
        root = self.state.root.resolve()
        try:
            target = decoded_site_file(root, "/", "/" + rel)
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
        if kind == "text/html" and self.state.errors:
            data = with_overlay(data, self.state.errors)
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


class DevServer:
    """Builds, serves and rebuilds; reports through the callbacks (only the CLI prints)."""

    def __init__(self, options: BuildOptions, on_built: Callable[[BuildReport], None],
                 on_failed: Callable[[list[Diagnostic]], None]):
        self.options = options
        self.on_built = on_built
        self.on_failed = on_failed
        self.state = SiteState(options.out_dir)
        self.live = LiveState()
        self._pending = None

    def polled(self) -> list[Path]:
        """The theme and the UI catalogs: few files, seldom changed."""
        return [self.options.theme_dir or default_theme_dir(), self.options.locale_dir or default_locale_dir()]

    def rebuild(self) -> bool:
        """Build incrementally; on content errors keep the last good site and remember the errors."""
        config = load_config(self.options.content_dir / "site.yaml", Problems())
        if config is not None:
            self.state.prefix = config.path_prefix
        try:
            report = build(self.options, live=self.live)
        except ContentError as error:
            self.state.errors = list(error.diagnostics)
            self.on_failed(self.state.errors)
            return False
        self.state.errors = []
        self.on_built(report)
        return True

    def run(self, host: str, port: int) -> None:
        """Serve until interrupted. Raises OSError when the address cannot be bound."""
        server = Server(app=SiteApp(self.state))
        for path in self.polled():
            server.watch(str(path), self._changed, ignore=_editor_leftover)
        server.application(port, host, debug=False)
        LiveReloadHandler.start_tasks()
        loop = IOLoop.current()
        observer = Observer()
        observer.schedule(_ContentEvents(lambda: loop.add_callback(self._soon)), str(self.options.content_dir),
                          recursive=True)
        observer.daemon = True
        observer.start()
        try:
            loop.start()
        finally:
            observer.stop()

    def _soon(self) -> None:
        """A content file changed: rebuild as soon as the editor's burst of events is over."""
        if self._pending is None:
            self._pending = IOLoop.current().call_later(SETTLE_SECONDS, self._content_changed)

    def _content_changed(self) -> None:
        self._pending = None
        self._changed()

    def _changed(self) -> None:
        """Called by the watcher's poll, on the loop's thread: rebuild, then reload the browsers.

        Reloading here (rather than leaving it to livereload after the poll) also makes
        livereload skip its own reload, which it throttles to one in three seconds.
        """
        self.rebuild()
        LiveReloadHandler.reload_waiters("*")


class _ContentEvents(FileSystemEventHandler):
    """Calls `notify` (from watchdog's thread) when a file is written, created, moved or deleted;
    opening and reading files, as a build does, is not a change."""

    CHANGES = {"created", "deleted", "modified", "moved", "closed"}

    def __init__(self, notify: Callable[[], None]):
        self.notify = notify

    def on_any_event(self, event: FileSystemEvent) -> None:
        paths = [event.src_path, getattr(event, "dest_path", "") or ""]
        if event.event_type in self.CHANGES and not all(_editor_leftover(str(p)) for p in paths if p):
            self.notify()


def _editor_leftover(path: str) -> bool:
    """Backup and swap files editors write beside the real one."""
    name = Path(path).name
    return name.startswith(".") or name.endswith("~") or name.startswith("#")
