"""References between entries, checked again after edits: a rebuild checks only what changed
when it can, and must still report every reference an edit broke, in files that did not change.

Each case runs as `sitegen serve` rebuilds (in memory) and as one-off `sitegen build`s (with the
check cache they keep on disk)."""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import copy_fixture, run_sitegen
from sitegen.build import BuildOptions, LiveState, build
from sitegen.errors import ContentError

MODES = ("serve", "build")


class Rebuilds:
    """Builds one content folder again and again, the way `mode` does; each returns its errors."""

    def __init__(self, tmp_path: Path, mode: str):
        self.tmp, self.mode = tmp_path, mode
        self.content = copy_fixture("basic", tmp_path / "content")
        self.live = LiveState()

    def errors(self) -> list[str]:
        if self.mode == "build":
            result = run_sitegen("build", "--no-search", "--content", str(self.content), "--out",
                                 str(self.tmp / "site"), cwd=self.tmp)
            assert "Traceback" not in result.stderr, result.stderr
            return [line for line in result.stderr.splitlines()[:-1] if "warning:" not in line and "note:" not in line]
        options = BuildOptions(content_dir=self.content, out_dir=self.tmp / "served",
                               cache_dir=self.tmp / "serve-cache", include_drafts=True, search=False)
        try:
            build(options, live=self.live)
        except ContentError as error:
            return [d.format() for d in error.diagnostics if d.severity == "error"]
        return []

    def edit(self, rel: str, old: str, new: str) -> None:
        path = self.content / rel
        text = path.read_text("utf-8")
        assert old in text, (rel, old)
        path.write_text(text.replace(old, new), "utf-8")


@pytest.fixture(params=MODES)
def rebuilds(request, tmp_path: Path) -> Rebuilds:
    site = Rebuilds(tmp_path, request.param)
    assert site.errors() == []
    return site


def reported(errors: list[str], place: str, message: str) -> bool:
    """Whether an error names `place` (path below the project and line) with `message`; serve's
    run in this process shows paths from another working folder."""
    return any(f"{place}: " in e and message in e for e in errors)


def test_an_edited_article_naming_a_missing_actor_is_reported(rebuilds: Rebuilds):
    rebuilds.edit("articles/english-only.en.md", "actors: [north-korea]", "actors: [north-korea, nobody-here]")
    errors = rebuilds.errors()
    assert reported(errors, "content/articles/english-only.en.md:6", "unknown actor 'nobody-here'"), errors
    rebuilds.edit("articles/english-only.en.md", ", nobody-here]", "]")
    assert rebuilds.errors() == []


def test_deleting_an_actor_reports_the_unchanged_files_that_name_it(rebuilds: Rebuilds):
    for lang in ("en", "id"):
        (rebuilds.content / "actors" / f"us-nsc.{lang}.md").unlink()
    errors = rebuilds.errors()
    assert reported(errors, "content/events/2023.yaml:1", "unknown actor 'us-nsc'"), errors
    assert reported(errors, "content/events/2023.yaml:21", "unknown actor 'us-nsc'"), errors


def test_an_entry_made_a_draft_is_reported_where_published_pages_name_it(rebuilds: Rebuilds):
    rebuilds.edit("topics/sanctions.en.md", "sources: [talks-advance]", "sources: [talks-advance]\ndraft: true")
    errors = rebuilds.errors()
    if rebuilds.mode == "serve":  # serve shows drafts: naming one is no error there
        assert errors == []
        return
    assert reported(errors, "content/articles/english-only.en.md:5", "refers to the draft topic 'sanctions'"), errors
    assert reported(errors, "content/events/older.yaml:1", "refers to the draft topic 'sanctions'"), errors


def test_an_event_hidden_by_a_duplicate_id_is_checked_once_the_twin_is_renamed(rebuilds: Rebuilds):
    """The second of two events with one id is left out; renaming the first brings in the
    second, from a file that did not change, with a reference that was never checked."""
    (rebuilds.content / "events" / "later.yaml").write_text(
        "- id: letters\n  date: 2023-09\n  title: {id: Surat, en: Letters}\n  actors: [nobody-here]\n"
        "  sources: [talks-advance]\n", "utf-8")
    errors = rebuilds.errors()
    assert reported(errors, "content/events/later.yaml:1", "duplicate event id 'letters'"), errors
    rebuilds.edit("events/2023.yaml", "- id: letters\n", "- id: early-letters\n")
    errors = rebuilds.errors()
    assert reported(errors, "content/events/later.yaml:1", "unknown actor 'nobody-here'"), errors


def test_a_reference_fixed_elsewhere_stops_being_reported(rebuilds: Rebuilds):
    """The missing actor is added rather than the reference removed: the unchanged article passes."""
    rebuilds.edit("articles/english-only.en.md", "actors: [north-korea]", "actors: [north-korea, new-actor]")
    assert reported(rebuilds.errors(), "content/articles/english-only.en.md:6", "unknown actor 'new-actor'")
    (rebuilds.content / "actors" / "new-actor.en.md").write_text(
        "---\nname: New actor\nrole: Envoy\nkind: person\nsources: [talks-advance]\n---\nAn envoy.\n", "utf-8")
    assert rebuilds.errors() == []
