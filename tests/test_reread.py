"""Serve's kept reading: when the watcher names the files that changed, what they give now is put
in the place of what they gave, and the result is what reading every file gives."""
from __future__ import annotations

from pathlib import Path

import pytest

import sitegen.load
from conftest import copy_fixture, counted_calls
from sitegen.build import BuildOptions, LiveState, check
from sitegen.content_walk import WatchedFolder
from sitegen.errors import ContentError, Problems


TOPIC = '---\ntitle: "Ceasefire"\nsummary: "A pause."\n---\nText.\n'
EVENTS = ('- id: talks-2020\n  date: "2020-05"\n  title: {id: "Peristiwa 2020", en: "A 2020 event"}\n'
          '  actors: [north-korea]\n  sources: ["https://example.com/2020"]\n')


class Watched:
    """A content folder read as serve reads it, told by its watcher what changed; counts how
    often every file was gathered."""

    def __init__(self, tmp_path: Path, monkeypatch):
        self.content = copy_fixture("basic", tmp_path / "content")
        self.live = LiveState(watched=WatchedFolder())
        self.options = BuildOptions(content_dir=self.content, out_dir=tmp_path / "site", cache_dir=tmp_path / "cache",
                                    include_drafts=True, search=False)
        self.gatherings = counted_calls(monkeypatch, sitegen.load, "_gathered")

    def write(self, rel: str, text: str) -> None:
        (self.content / rel).write_text(text, "utf-8")
        self.live.watched.report(str(self.content / rel))

    def delete(self, rel: str) -> None:
        (self.content / rel).unlink()
        self.live.watched.report(str(self.content / rel))

    def replace(self, rel: str, old: str, new: str) -> None:
        text = (self.content / rel).read_text("utf-8")
        assert old in text
        self.write(rel, text.replace(old, new))

    def gathers_all(self) -> bool:
        """Read and check as serve does; assert it read what reading every file reads; whether
        every file was gathered."""
        before = len(self.gatherings)
        served = self.live.reading.raw if check(self.options, self.live) else None
        gathered = len(self.gatherings) > before
        full = sitegen.load.discover(self.content, Problems(self.content))
        assert [doc.source for doc in served.prose] == [doc.source for doc in full.prose]
        assert [doc.packed_body for doc in served.prose] == [doc.packed_body for doc in full.prose]
        assert [each.source for each in served.events] == [each.source for each in full.events]
        assert served.sources == full.sources
        return gathered


def test_edited_files_are_put_in_their_places(tmp_path, monkeypatch):
    watched = Watched(tmp_path, monkeypatch)
    assert watched.gathers_all()  # the first build
    watched.replace("articles/talks-advance.en.md", "go on.", "went on.")
    assert not watched.gathers_all()
    watched.replace("events/2023.yaml", "id:", "id:")  # touched with the same bytes
    assert not watched.gathers_all()
    text = (watched.content / "events/2023.yaml").read_text("utf-8")
    watched.write("events/2023.yaml", text + "\n# a comment\n")
    assert not watched.gathers_all()


def test_added_and_deleted_files_are_put_in_and_taken_out(tmp_path, monkeypatch):
    watched = Watched(tmp_path, monkeypatch)
    watched.gathers_all()
    watched.write("topics/aaa.en.md", TOPIC)  # first of its folder
    watched.write("topics/zzz.en.md", TOPIC)  # last, and before the next folder
    watched.write("events/2020.yaml", EVENTS)  # between two events files
    assert not watched.gathers_all()
    watched.delete("topics/zzz.en.md")
    watched.delete("events/older.yaml")
    watched.replace("articles/talks-advance.en.md", "go on.", "went on.")
    assert not watched.gathers_all()


def test_a_problem_gathers_every_file_until_fixed(tmp_path, monkeypatch):
    watched = Watched(tmp_path, monkeypatch)
    watched.gathers_all()
    watched.write("topics/ceasefire.en.md", "---\ntitle: [unclosed\n---\nText.\n")
    for _ in range(2):  # reported on every rebuild until fixed
        with pytest.raises(ContentError) as raised:
            check(watched.options, watched.live)
        assert any(d.path.endswith("ceasefire.en.md") for d in raised.value.diagnostics)
        assert watched.live.reading.raw is None
        watched.write("articles/talks-advance.en.md",
                      (watched.content / "articles/talks-advance.en.md").read_text("utf-8") + "More.\n")
    watched.write("topics/ceasefire.en.md", TOPIC)
    assert watched.gathers_all()
    watched.replace("topics/ceasefire.en.md", "Text.", "More text.")
    assert not watched.gathers_all()
