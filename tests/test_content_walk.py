"""`sitegen serve` told by its file watcher what changed (content_walk.WatchedFolder): it walks
the content folder again only when it cannot tell otherwise, and its site always equals a
clean build's. The watcher's reports are made here by hand, as serve.py makes them."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import copy_fixture
from sitegen.build import BuildOptions, LiveState, build
from sitegen.content_walk import WatchedFolder
from sitegen.errors import ContentError, Problems
from test_incremental import assert_same_site

TALKS = "articles/talks-advance.en.md"


class Watched:
    """A content folder served with a watcher whose reports the test makes."""

    def __init__(self, tmp_path: Path):
        self.tmp = tmp_path
        self.content = copy_fixture("basic", tmp_path / "content")
        self.folder = WatchedFolder()
        self.live = LiveState(watched=self.folder)
        self.serve_build()

    def serve_build(self) -> list[str]:
        """Serve's rebuild; its errors (none when it built)."""
        options = BuildOptions(content_dir=self.content, out_dir=self.tmp / "served", cache_dir=self.tmp / "cache",
                               include_drafts=True, search=False)
        try:
            report = build(options, live=self.live)
        except ContentError as error:
            return [d.format() for d in error.diagnostics if d.severity == "error"]
        self.warnings = [d.format() for d in report.warnings]
        return []

    def matches_a_clean_build(self, step: str) -> None:
        assert self.serve_build() == [], step
        build(BuildOptions(content_dir=self.content, out_dir=self.tmp / "clean", cache_dir=self.tmp / "clean-cache",
                           include_drafts=True, search=False, clean=True))
        assert_same_site(self.tmp / "served", self.tmp / "clean", step)

    def report(self, *rels: str) -> None:
        for rel in rels:
            self.folder.report(str(self.content / rel))

    def edit(self, rel: str, old: str, new: str) -> None:
        path = self.content / rel
        text = path.read_text("utf-8")
        assert old in text
        path.write_text(text.replace(old, new), "utf-8")
        self.report(rel)


@pytest.fixture
def watched(tmp_path: Path) -> Watched:
    return Watched(tmp_path)


def test_an_edit_the_watcher_reports_is_built_without_walking_the_folder(watched: Watched):
    watched.edit(TALKS, '"Talks move ahead"', '"Talks move further ahead"')
    watched.matches_a_clean_build("an edit")
    assert watched.folder.edited == {TALKS}


def test_an_editors_temporary_file_gone_by_the_rebuild_changes_nothing(watched: Watched):
    """Saving through a temporary file renamed over the original: the watcher names both."""
    temporary = watched.content / "articles" / "4913"
    temporary.write_text("probe", "utf-8")
    temporary.unlink()
    watched.report("articles/4913")
    watched.edit(TALKS, '"Talks move ahead"', '"Talks, saved safely"')
    watched.matches_a_clean_build("a save through a temporary file")
    assert watched.folder.edited == {TALKS}


@pytest.mark.parametrize("change", ["added", "deleted", "renamed"])
def test_files_added_deleted_or_renamed_are_built_without_walking(watched: Watched, change: str):
    articles = watched.content / "articles"
    if change == "added":
        (articles / "fresh.en.md").write_text((articles / "english-only.en.md").read_text("utf-8")
                                             .replace("Only in English", "Fresh"), "utf-8")
        watched.report("articles/fresh.en.md")
    elif change == "deleted":
        (articles / "unfinished.id.md").unlink()
        watched.report("articles/unfinished.id.md")
    else:
        os.replace(articles / "unfinished.id.md", articles / "finished.id.md")
        watched.report("articles/unfinished.id.md", "articles/finished.id.md")
    watched.matches_a_clean_build(change)
    assert watched.folder.edited == {"added": {"articles/fresh.en.md"}, "deleted": set(),
                                     "renamed": {"articles/finished.id.md"}}[change]


def test_a_file_in_a_new_folder_is_found_by_a_walk(watched: Watched):
    """A watcher reports the new folder too; here only its file is, which is not enough."""
    (watched.content / "extra").mkdir()
    (watched.content / "extra" / "note.en.md").write_text("---\ntitle: x\n---\n", "utf-8")
    watched.report("extra/note.en.md")
    assert watched.serve_build() == []
    assert any("note.en.md: warning: not a content file" in w for w in watched.warnings), watched.warnings
    assert watched.folder.edited is None  # the folder was walked
    (watched.content / "extra" / "note.en.md").unlink()
    watched.report("extra/note.en.md")
    watched.matches_a_clean_build("the folder's file deleted")


def test_an_event_without_a_path_walks_the_folder(watched: Watched):
    watched.edit(TALKS, '"Talks move ahead"', '"Talks, edited unseen"')
    watched.folder.report(None)
    watched.matches_a_clean_build("an edit and an event without a path")
    assert watched.folder.edited is None


def test_a_name_macos_or_windows_take_for_an_existing_file_is_reported(watched: Watched):
    """On a file system that tells letter case apart, the twin is added; a walk reports it."""
    twin = watched.content / "articles" / "Talks-advance.en.md"
    twin.write_text((watched.content / TALKS).read_text("utf-8"), "utf-8")
    if len(list((watched.content / "articles").glob("*alks-advance.en.md"))) < 2:
        pytest.skip("this file system takes both names for one file")
    watched.report("articles/Talks-advance.en.md")
    errors = watched.serve_build()
    assert any("only by letter case; rename one" in e for e in errors), errors
    twin.unlink()
    watched.report("articles/Talks-advance.en.md")
    watched.matches_a_clean_build("the twin removed")


def test_a_folder_moved_out_and_back_is_noticed(watched: Watched):
    """Moving a folder reports the folder alone, not its files; some watchers name it as a file."""
    (watched.content / "actors").rename(watched.tmp / "actors")
    watched.report("actors")
    errors = watched.serve_build()
    assert any("unknown actor 'john-kirby'" in e for e in errors), errors
    (watched.tmp / "actors").rename(watched.content / "actors")
    watched.report("actors")
    watched.matches_a_clean_build("the folder moved back")


def test_a_path_named_through_the_folders_real_location_is_an_edit(watched: Watched, tmp_path: Path):
    """The content folder is reached through a link (as /var is /private/var on macOS, whose
    watcher names the real path): the report names the folder's real location."""
    alias = tmp_path / "alias"
    try:
        alias.symlink_to(watched.content, target_is_directory=True)
    except OSError:
        pytest.skip("this system cannot make symbolic links")
    watched.content = alias
    watched.edit(TALKS, '"Talks move ahead"', '"Talks, through a link"')
    watched.folder.reported = {str((tmp_path / "content" / TALKS).resolve())}
    watched.matches_a_clean_build("an edit named by its real path")
    assert watched.folder.edited == {TALKS}


def test_a_path_outside_the_content_folder_walks_it(watched: Watched):
    watched.edit(TALKS, '"Talks move ahead"', '"Talks, named another way"')
    watched.folder.report(str(watched.tmp / "elsewhere.md"))
    watched.matches_a_clean_build("an edit and a path outside")
    assert watched.folder.edited is None


def test_problems_found_by_a_walk_are_reported_until_fixed(watched: Watched, tmp_path: Path):
    """A walk that found a problem is made again at the next rebuild, which reports it again."""
    outside = tmp_path / "outside.en.md"
    outside.write_text("text", "utf-8")
    link = watched.content / "articles" / "linked.en.md"
    try:
        link.symlink_to(outside)
    except OSError:
        pytest.skip("this system cannot make symbolic links")
    watched.report("articles/linked.en.md")
    assert any("points outside the content folder" in e for e in watched.serve_build())
    watched.edit(TALKS, '"Talks move ahead"', '"Talks, while a link is wrong"')
    assert any("points outside the content folder" in e for e in watched.serve_build())
    link.unlink()
    watched.report("articles/linked.en.md")
    watched.matches_a_clean_build("the link removed")


def test_hidden_files_and_backups_reported_are_not_content(watched: Watched):
    (watched.content / "articles" / ".talks-advance.en.md.swp").write_text("swap", "utf-8")
    (watched.content / "articles" / "talks-advance.en.md~").write_text("backup", "utf-8")
    watched.report("articles/.talks-advance.en.md.swp", "articles/talks-advance.en.md~")
    watched.matches_a_clean_build("an editor's swap and backup files")
    assert watched.folder.edited == set()


def test_without_reports_every_rebuild_walks(tmp_path: Path):
    """Before the watcher runs (serve's first build), what changed is not known."""
    folder = WatchedFolder()
    content = copy_fixture("basic", tmp_path / "content")
    first = folder.files_now(content, Problems(content))
    assert folder.edited is None and TALKS in {rel for rel, _ in first}


def test_a_file_at_the_top_of_the_folder_is_read_again_when_edited(watched: Watched):
    """eras.yaml sits beside site.yaml, in no folder: its edits are found like any other."""
    eras = watched.content / "eras.yaml"
    eras.write_text("- id: talks\n  title: {id: Perundingan, en: Talks}\n  start: 2023-07\n  end: 2023-08\n"
                    "  topics: [arms-talks]\n", "utf-8")
    watched.report("eras.yaml")
    watched.matches_a_clean_build("eras.yaml added")
    watched.edit("eras.yaml", "en: Talks}", "en: The talks}")
    watched.matches_a_clean_build("eras.yaml edited")
    assert watched.folder.edited == {"eras.yaml"}
