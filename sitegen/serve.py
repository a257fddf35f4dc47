"""`sitegen serve`: build with drafts, serve the site under its path prefix, rebuild on change.

The content folder, the theme and the catalogs are watched with watchdog (inotify on Linux), so
a saved file is rebuilt at once, and every open page is told to reload (serve_http: the files,
livereload's socket, and which requests are answered). Rebuilds keep the loaded site in memory
(`LiveState`): an edit re-reads its file and makes only the pages that depend on it, written in
place into serve's own output folder.

Everything runs on one thread (Tornado's loop): a rebuild and a request never overlap, so a
request never sees a half-swapped output folder.
"""
from __future__ import annotations

import gc
import logging
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from tornado.ioloop import IOLoop
from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from .build import BuildOptions, BuildReport, LiveState, build
from .config import load_config
from .content_walk import WatchedFolder
from .errors import ContentError, Diagnostic, Problems
from .outdir import OutputError
from .render import default_locale_dir, default_theme_dir
from .serve_http import Browsers, SiteApp, SiteState, is_loopback, make_application  # noqa: F401 (SiteApp, is_loopback: the CLI's and tests' names)

log = logging.getLogger(__name__)

SETTLE_SECONDS = 0.02  # an editor's save is often several file events; rebuild once for them
COLLECT_WHEN_QUIET_SECONDS = 1.0  # the cyclic collector runs once no file has changed for this long,
COLLECT_AT_LEAST_EVERY = 10  # or after this many rebuilds without a run, whichever comes first


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
        self._collect = None  # the collector's run to come, put off by every change
        self._uncollected = 0  # rebuilds since its last run
        self.wrote = False  # whether the last build wrote or removed a file
        self._reload: Callable[[], None] = lambda: None

    def polled(self) -> list[Path]:
        """The theme and the UI catalogs, watched beside the content."""
        return [self.options.theme_dir or default_theme_dir(), self.options.locale_dir or default_locale_dir()]

    def rebuild(self, quiet: bool = False) -> bool:
        """Build incrementally; on content errors, or an output folder that cannot be written (a
        full disk), keep the last good site and remember the errors. `quiet`: report a build only
        when it wrote or removed a file.

        The cyclic collector is paused meanwhile: a rebuild at 5,000 articles makes a few hundred
        thousand objects, nearly none in cycles, and the collector's runs among them were a
        quarter of the wait for the edited page. `_collect_later` has it run once the content is quiet."""
        config = load_config(self.options.content_dir / "site.yaml", Problems())
        if config is not None:
            self.state.prefix = config.path_prefix
        try:
            with collector_paused():
                report = build(self.options, live=self.live)
        except ContentError as error:
            self.state.errors = list(error.diagnostics)
            self.on_failed(self.state.errors)
            return False
        except OutputError as error:
            self.state.errors = [Diagnostic(error.path, 0, error.message)]
            self.on_failed(self.state.errors)
            return False
        self.state.errors = []
        self.wrote = bool(report.written or report.removed)
        if self.wrote or not quiet:
            self.on_built(report)
        return True

    def run(self, host: str, port: int) -> None:
        """Serve until interrupted. Raises OSError when the address cannot be bound."""
        browsers = Browsers()
        self._reload = browsers.reload
        make_application(self.state, browsers, host).listen(port, host)
        loop = IOLoop.current()
        observer = self.watch(loop)
        try:
            loop.start()
        finally:
            observer.stop()

    def watch(self, loop: IOLoop) -> Observer:
        """Start watching the content, the theme and the catalogs (each change rebuilds on
        `loop`), and catch up on what was saved while the first build ran, before the watcher
        was started: a rebuild that walks the content folder, reported only when it wrote
        something. It leaves the watcher's list of files ready, so that the editor's first save
        is read without a walk, as every later one is."""
        observer = Observer()
        self.live.watched = WatchedFolder()  # from now on the watcher names what changed
        observer.schedule(_ContentEvents(lambda paths: loop.add_callback(self._soon, paths)),
                          str(self.options.content_dir), recursive=True)
        for folder in self.polled():
            observer.schedule(_ContentEvents(lambda paths: loop.add_callback(self._soon, [])), str(folder), recursive=True)
        observer.daemon = True
        observer.start()
        loop.add_callback(self._changed, True)
        return observer

    def _soon(self, paths: list[str | None]) -> None:
        """Content files changed (`paths` of the content folder; a theme's are not given): rebuild
        as soon as the editor's burst of events is over."""
        if self.live.watched is not None:
            for path in paths:
                self.live.watched.report(path)
        self._put_off_collecting()
        if self._pending is None:
            self._pending = IOLoop.current().call_later(SETTLE_SECONDS, self._content_changed)

    def _content_changed(self) -> None:
        self._pending = None
        self._changed()

    def _changed(self, quiet: bool = False) -> None:
        """On the loop's thread: rebuild, then reload the browsers (if `quiet`, only when the
        build wrote something or failed); the rebuild's garbage cycles are collected later."""
        if not self.rebuild(quiet) or self.wrote or not quiet:
            self._reload()
        self._collect_later()

    def _collect_later(self) -> None:
        """Run the cyclic collector (paused while rebuilding) once no file has changed for a
        second. A save that came while it ran would wait for it (0.15 s after an added article
        at 5,000 articles), and an editor that saves as one types saves every second or so, so
        each change puts it off; it runs at once after every tenth rebuild without a run, so
        that the garbage of a long run of saves does not pile up."""
        self._put_off_collecting()
        self._uncollected += 1
        if self._uncollected >= COLLECT_AT_LEAST_EVERY:
            self._collect_now()
        else:
            self._collect = IOLoop.current().call_later(COLLECT_WHEN_QUIET_SECONDS, self._collect_now)

    def _put_off_collecting(self) -> None:
        if self._collect is not None:
            IOLoop.current().remove_timeout(self._collect)
            self._collect = None

    def _collect_now(self) -> None:
        self._collect, self._uncollected = None, 0
        gc.collect()


@contextmanager
def collector_paused() -> Iterator[None]:
    """No automatic runs of the cyclic collector inside; as it was after."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class _ContentEvents(FileSystemEventHandler):
    """Calls `notify` (from watchdog's thread) with the paths an event names when a file is
    written, created, moved or deleted; opening and reading files, as a build does, is not a
    change. A folder created, moved or deleted is given as None (what changed is not known: the
    files inside it are not always reported); a folder "modified" only says that a file in it
    was created or deleted, which is reported too."""

    CHANGES = {"created", "deleted", "modified", "moved", "closed"}

    def __init__(self, notify: Callable[[list[str | None]], None]):
        self.notify = notify

    def on_any_event(self, event: FileSystemEvent) -> None:
        paths = [str(p) for p in (event.src_path, getattr(event, "dest_path", "") or "") if p]
        if event.event_type in self.CHANGES and not all(_editor_leftover(p) for p in paths):
            if not event.is_directory:
                self.notify(paths)
            else:
                self.notify([] if event.event_type == "modified" else [None])


def _editor_leftover(path: str) -> bool:
    """Backup and swap files editors write beside the real one."""
    name = Path(path).name
    return name.startswith(".") or name.endswith("~") or name.startswith("#")
