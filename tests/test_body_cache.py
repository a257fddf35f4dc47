"""The Markdown cache: a body is converted once, and a broken or missing cache never breaks a build."""
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import pytest

from sitegen import markup
from sitegen.markup import BodyCache
from sitegen.parallel import run_jobs

TEXT = "A *body* with [a link](actor:kim-jong-un).\n"


@pytest.fixture
def conversions(monkeypatch) -> list[str]:
    """The texts converted from Markdown, in order, while the test runs."""
    seen: list[str] = []
    real = markup.convert

    def counting(text: str) -> str:
        seen.append(text)
        return real(text)

    monkeypatch.setattr(markup, "convert", counting)
    return seen


def converted_and_flushed(folder: Path, text: str = TEXT, read: bool = True) -> str:
    cache = BodyCache(folder, read=read)
    html = cache.html(text)
    cache.flush()
    return html


def test_a_body_is_converted_once_and_then_read_from_the_cache(tmp_path: Path, conversions):
    first = converted_and_flushed(tmp_path / "markdown")
    again = BodyCache(tmp_path / "markdown").html(TEXT)
    assert again == first and "<em>body</em>" in first
    assert conversions == [TEXT]


def test_new_bodies_reach_the_disk_when_flushed(tmp_path: Path, conversions):
    cache = BodyCache(tmp_path / "markdown")
    cache.html(TEXT)
    assert cache.html(TEXT) == BodyCache(tmp_path / "markdown").html(TEXT)  # another process cannot see it yet
    cache.flush()
    BodyCache(tmp_path / "markdown").html(TEXT)
    assert conversions == [TEXT, TEXT]


@dataclass(frozen=True)
class Forked:
    """The cache as a forked worker takes it (each process opens its own connection)."""

    cache: BodyCache

    def for_worker(self) -> BodyCache:
        return self.cache


@dataclass(frozen=True)
class Convert:
    texts: tuple[str, ...]
    size: int = 1

    def run(self, cache: BodyCache) -> list[str]:
        made = [cache.html(text) for text in self.texts]
        cache.flush()
        return made


def test_bodies_converted_by_workers_are_all_on_disk_after_the_pages(tmp_path: Path, conversions, monkeypatch):
    monkeypatch.setenv("SITEGEN_START_METHOD", "fork")
    texts = [f"Body number *{n}*.\n" for n in range(40)]
    cache = BodyCache(tmp_path / "markdown")
    made = [html for batch in run_jobs([Convert(tuple(texts[i:i + 3])) for i in range(0, len(texts), 3)],
                                       Forked(cache), None, 2, threshold=1)[0] for html in batch]
    assert conversions == []  # every conversion happened in a worker
    again = BodyCache(tmp_path / "markdown")
    assert [again.html(text) for text in texts] == made
    assert conversions == []


def test_a_clean_build_converts_again_and_refreshes_the_cache(tmp_path: Path, conversions):
    converted_and_flushed(tmp_path / "markdown")
    converted_and_flushed(tmp_path / "markdown", read=False)
    converted_and_flushed(tmp_path / "markdown")
    assert conversions == [TEXT, TEXT]


def test_a_cache_file_that_is_not_a_database_is_replaced(tmp_path: Path, conversions):
    folder = tmp_path / "markdown"
    folder.mkdir()
    (folder / BodyCache.FILE).write_bytes(b"this is not SQLite" * 100)
    assert "<em>body</em>" in converted_and_flushed(folder)
    assert "<em>body</em>" in BodyCache(folder).html(TEXT)
    assert conversions == [TEXT]


def test_a_cache_that_cannot_be_made_still_converts(tmp_path: Path, conversions):
    blocked = tmp_path / "file"
    blocked.write_text("a file where the cache folder should be")
    cache = BodyCache(blocked / "markdown")
    assert "<em>body</em>" in cache.html(TEXT) and "<em>body</em>" in cache.html(TEXT)
    assert conversions == [TEXT, TEXT]


def test_a_cache_left_by_an_earlier_version_is_emptied_and_refilled(tmp_path: Path, conversions):
    """Earlier versions kept bodies in a table WITHOUT ROWID named `bodies`: its rows are not
    read any more, and it is dropped so that the file does not keep them for ever."""
    folder = tmp_path / "markdown"
    folder.mkdir()
    with sqlite3.connect(folder / BodyCache.FILE) as old:
        old.execute("CREATE TABLE bodies (key TEXT PRIMARY KEY, html TEXT NOT NULL) WITHOUT ROWID")
        old.execute("INSERT INTO bodies VALUES (?, ?)", (markup.body_key(TEXT), "<p>stale</p>"))
    assert "<em>body</em>" in converted_and_flushed(folder)
    assert "<em>body</em>" in BodyCache(folder).html(TEXT)
    assert conversions == [TEXT]
    with sqlite3.connect(folder / BodyCache.FILE) as db:
        tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert "bodies" not in tables
