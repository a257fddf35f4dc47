"""Serve's kept entries: after an edit only the entries whose files changed are checked again, and
the model it builds is the one a full check builds, in the same order."""
from __future__ import annotations

from pathlib import Path

import pytest

import sitegen.validate
from conftest import copy_fixture, counted_calls
from sitegen.build import BuildOptions, LiveState, check
from sitegen.content_walk import WatchedFolder
from sitegen.errors import ContentError

NEW_ARTICLE = ('---\ntitle: "Brief"\nsummary: "A brief."\ndate: 2023-08-01\ntopics: [arms-talks]\n'
               'source:\n  outlet: Example Wire\n  published: 2023-08-01T08:00:00Z\n---\nBrief.\n')


class Serve:
    """Serve's checks of a content folder, told by its watcher what changed, beside a full check
    of the same files; counts how often the whole site's files were grouped into entries."""

    def __init__(self, tmp_path: Path, monkeypatch):
        self.content = copy_fixture("basic", tmp_path / "content")
        self.live = LiveState(watched=WatchedFolder())
        self.options = BuildOptions(content_dir=self.content, out_dir=tmp_path / "site", cache_dir=tmp_path / "cache",
                                    include_drafts=True, search=False)
        self.fresh = BuildOptions(content_dir=self.content, out_dir=tmp_path / "fresh",
                                  cache_dir=tmp_path / "fresh-cache", include_drafts=True, search=False, clean=True)
        self.groupings = counted_calls(monkeypatch, sitegen.validate, "entry_groups")

    def write(self, rel: str, text: str | None) -> None:
        path = self.content / rel
        if text is None:
            path.unlink()
        else:
            path.write_text(text, "utf-8")
        self.live.watched.report(str(path))

    def append(self, rel: str, line: str) -> None:
        self.write(rel, (self.content / rel).read_text("utf-8") + line)

    def rebuild_groups_all(self) -> bool:
        """Check as serve does; assert the model is a full check's; whether every file was grouped."""
        before = len(self.groupings)
        served = check(self.options, self.live).graph.content
        grouped = len(self.groupings) > before
        full = check(self.fresh).graph.content
        for table in ("articles", "topics", "actors", "events"):
            assert list(getattr(served, table).items()) == list(getattr(full, table).items()), table
        return grouped


def test_edits_additions_and_deletions_check_only_their_entries_and_give_a_full_checks_model(tmp_path, monkeypatch):
    serve = Serve(tmp_path, monkeypatch)
    assert serve.rebuild_groups_all()  # the first build
    serve.append("articles/talks-advance.en.md", "\nA new line of text.\n")
    assert not serve.rebuild_groups_all()
    serve.append("articles/talks-advance.id.md", "\nBaris baru.\n")
    serve.write("articles/talks-advance.en.md",  # front matter: the other entries name the article
                (serve.content / "articles/talks-advance.en.md").read_text("utf-8").replace("Talks move", "Talks go"))
    assert not serve.rebuild_groups_all()
    serve.write("articles/aaa-brief.en.md", NEW_ARTICLE)  # first in slug order
    assert not serve.rebuild_groups_all()
    serve.append("actors/us-nsc.en.md", "More.\n")
    assert not serve.rebuild_groups_all()
    serve.write("articles/aaa-brief.en.md", None)
    serve.write("actors/us-nsc.id.md", None)  # one of an entry's two files
    assert not serve.rebuild_groups_all()


def test_an_entry_with_an_error_is_reported_on_every_rebuild_until_fixed(tmp_path, monkeypatch):
    serve = Serve(tmp_path, monkeypatch)
    serve.rebuild_groups_all()
    good = (serve.content / "topics/arms-talks.en.md").read_text("utf-8")
    serve.write("topics/arms-talks.en.md", good.replace("title:", "titel:"))
    for edit in range(2):  # then an edit elsewhere must not hide the error
        with pytest.raises(ContentError) as raised:
            check(serve.options, serve.live)
        assert [d.path.endswith("arms-talks.en.md") for d in raised.value.diagnostics].count(True) >= 1
        serve.append("articles/talks-advance.en.md", f"\nEdit {edit}.\n")
    serve.write("topics/arms-talks.en.md", good)
    assert serve.rebuild_groups_all()  # the full check, which found the error, runs until all is well
    serve.append("articles/talks-advance.en.md", "\nOnce more.\n")
    assert not serve.rebuild_groups_all()


def test_other_settings_check_every_entry_again(tmp_path, monkeypatch):
    serve = Serve(tmp_path, monkeypatch)
    serve.rebuild_groups_all()
    site = serve.content / "site.yaml"
    serve.write("site.yaml", site.read_text("utf-8").replace("Asia/Jakarta", "Europe/Moscow"))
    assert serve.rebuild_groups_all()
