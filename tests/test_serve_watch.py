"""`sitegen serve`'s watcher and rebuilds, in this process on a real event loop: what was saved
before the watcher started, and when the cyclic collector runs."""
from __future__ import annotations

import asyncio
import gc
from pathlib import Path

from tornado.ioloop import IOLoop

import sitegen.serve
from conftest import copy_fixture, counted_calls, parse_html
from sitegen.build import BuildOptions
from sitegen.serve import COLLECT_AT_LEAST_EVERY, DevServer

ARTICLE = "articles/talks-advance.en.md"
PAGE = "en/articles/talks-advance/index.html"


class Server:
    """A DevServer of the basic fixture, built once, with what it reported."""

    def __init__(self, tmp_path: Path):
        self.content = copy_fixture("basic", tmp_path / "content")
        self.out = tmp_path / "site"
        self.built, self.failed, self.reloads = [], [], []
        self.server = DevServer(BuildOptions(content_dir=self.content, out_dir=self.out, cache_dir=tmp_path / "cache",
                                             include_drafts=True, search=False), self.built.append, self.failed.append)
        self.server._reload = lambda: self.reloads.append(True)
        assert self.server.rebuild()
        self.built.clear()

    def append(self, rel: str, text: str) -> None:
        path = self.content / rel
        path.write_text(path.read_text("utf-8") + text, "utf-8")

    def shows(self, text: str) -> bool:
        return text in parse_html(self.out / PAGE).get_text()

    def watching(self, scenario) -> None:
        """Run `scenario(loop)` (a coroutine function) on a loop while the server watches."""
        async def run():
            observer = self.server.watch(IOLoop.current())
            try:
                await scenario(IOLoop.current())
            finally:
                observer.stop()
                observer.join()
        asyncio.run(run())


async def until(condition, seconds: float = 10.0) -> bool:
    for _ in range(int(seconds / 0.05)):
        if condition():
            return True
        await asyncio.sleep(0.05)
    return condition()


def test_an_edit_saved_while_the_first_build_ran_is_served_once_watching(tmp_path: Path):
    served = Server(tmp_path)
    served.append(ARTICLE, "\nSaved before the watcher started.\n")  # the watcher never sees this save

    async def scenario(loop):
        assert await until(lambda: served.shows("Saved before the watcher started."))
        assert await until(lambda: served.reloads)
    served.watching(scenario)
    assert len(served.built) == 1 and served.built[0].written >= 1


def test_catching_up_on_nothing_says_nothing_and_the_first_save_needs_no_walk(tmp_path: Path):
    served = Server(tmp_path)

    async def scenario(loop):
        assert await until(lambda: served.server.live.watched.files is not None)  # the catch-up walked
        assert not served.built and not served.reloads
        served.append(ARTICLE, "\nThe first save.\n")
        assert await until(lambda: served.shows("The first save."))
        assert served.server.live.watched.edited == {ARTICLE}  # told by the watcher, not walked
    served.watching(scenario)
    assert len(served.built) == 1 and served.reloads


def test_saves_put_off_the_collector_until_the_content_is_quiet(tmp_path: Path, monkeypatch):
    served = Server(tmp_path)
    monkeypatch.setattr(sitegen.serve, "COLLECT_WHEN_QUIET_SECONDS", 0.5)
    collects = counted_calls(monkeypatch, gc, "collect")

    async def scenario(loop):
        await until(lambda: served.server.live.watched.files is not None)
        for number in range(3):  # a save every 0.3 s: no run of the collector meanwhile
            served.append(ARTICLE, f"\nSave {number}.\n")
            assert await until(lambda: served.shows(f"Save {number}."))
            await asyncio.sleep(0.3)
            assert not collects, number
        assert await until(lambda: collects, 2.0)  # quiet: it runs
    served.watching(scenario)
    assert len(collects) == 1


def test_the_collector_runs_at_least_every_tenth_rebuild(tmp_path: Path, monkeypatch):
    served = Server(tmp_path)
    collects = counted_calls(monkeypatch, gc, "collect")

    async def scenario(loop):
        for _ in range(COLLECT_AT_LEAST_EVERY - 1):
            served.server._changed()
            served.server._soon([])  # the next save comes at once
        assert not collects
        served.server._changed()
        assert len(collects) == 1
    asyncio.run(scenario(None))
