"""Content that would make output grow with the square of its size is refused, naming the limit."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sitegen.errors import ContentError
from sitegen.limits import MAX_LIST_ITEMS, MAX_TEXT_CHARS, MAX_TITLE_CHARS, OutputBudget
from test_hostile_content import EVENTS, FRESH, TOPIC, article, assert_rejected, event, project_with

MANY_ACTORS = ", ".join(f"actor-{n}" for n in range(MAX_LIST_ITEMS + 1)).encode()
LONG_TEXT = b"x" * (MAX_TEXT_CHARS + 1)

CASES = {
    "actors-per-event": ({EVENTS: event(b"2023", b"  actors: [" + MANY_ACTORS + b"]\n")},
                         [f"{EVENTS}:3: actors: {MAX_LIST_ITEMS + 1} items, more than the {MAX_LIST_ITEMS} one entry "
                          "or event may list (list the most important ones)"]),
    "actors-per-article": ({FRESH: article(extra=b"actors: [" + MANY_ACTORS + b"]\n")},
                           [f"{FRESH}:5: actors: {MAX_LIST_ITEMS + 1} items, more than the {MAX_LIST_ITEMS} one entry "
                            "or event may list (list the most important ones)"]),
    "long-description": ({EVENTS: event(b"2023", b"  description: {id: a, en: " + LONG_TEXT + b"}\n")},
                         [f"{EVENTS}:3: description: {MAX_TEXT_CHARS + 1:,} characters, more than the {MAX_TEXT_CHARS:,} "
                          "this field may have (shorten it: this text is shown on many pages)"]),
    "long-title": ({TOPIC: b"---\ntitle: " + b"t" * (MAX_TITLE_CHARS + 1) + b"\nsummary: S\n---\n"},
                   [f"{TOPIC}:2: title: {MAX_TITLE_CHARS + 1:,} characters, more than the {MAX_TITLE_CHARS:,} "
                    "this field may have (shorten it: this text is shown on many pages)"]),
    "long-summary": ({TOPIC: b"---\ntitle: T\nsummary: " + LONG_TEXT + b"\n---\n"},
                     [f"{TOPIC}:3: summary: {MAX_TEXT_CHARS + 1:,} characters, more than the {MAX_TEXT_CHARS:,} "
                      "this field may have (shorten it: this text is shown on many pages)"]),
}


@pytest.mark.parametrize("name", list(CASES))
def test_too_much_is_refused_naming_the_limit(tmp_path: Path, good_site: Path, name: str):
    files, expected = CASES[name]
    lines = assert_rejected(project_with(tmp_path, good_site, files), good_site, expected)
    assert len(lines) == len(expected) + 1, "\n".join(lines)


def test_texts_at_the_limits_are_accepted(tmp_path: Path, good_site: Path):
    from conftest import run_sitegen

    files = {EVENTS: event(b"2023", b"  actors: [john-kirby]\n  description: {id: a, en: "
                       + b"x" * MAX_TEXT_CHARS + b"}\n"),
             TOPIC: b"---\ntitle: " + b"t" * MAX_TITLE_CHARS + b"\nsummary: S\n---\n"}
    project = project_with(tmp_path, good_site, files)
    result = run_sitegen("build", cwd=project)
    assert result.returncode == 0, result.stderr


def test_the_output_budget_stops_a_build_past_its_limit(tmp_path: Path):
    budget = OutputBudget(tmp_path / "site", limit=1000)
    budget.add(600)
    budget.add(400)
    with pytest.raises(ContentError) as caught:
        budget.add(1)
    (diagnostic,) = caught.value.diagnostics
    assert diagnostic.path == str(tmp_path / "site")
    assert "more than 1,000 bytes (the limit of one build's output)" in diagnostic.message


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_build_whose_output_passes_the_limit_stops_and_keeps_the_previous_site(tmp_path: Path, monkeypatch, jobs):
    """The writer counts what it writes: past the limit the build ends with one error, the
    last good site as it was (with workers, each keeps to its share of the limit)."""
    from conftest import FIXTURES, snapshot

    from sitegen import limits
    from sitegen.build import BuildOptions, build

    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "basic", content)
    options = BuildOptions(content_dir=content, out_dir=tmp_path / "site", cache_dir=tmp_path / "cache",
                           search=False, jobs=jobs)
    monkeypatch.setenv("SITEGEN_MIN_PARALLEL", "1")
    build(options)
    before = snapshot(tmp_path / "site")
    (content / "topics" / "sanctions.en.md").write_text("---\ntitle: Sanctions renamed\nsummary: S\n---\nBody\n", "utf-8")
    monkeypatch.setattr(limits, "MAX_OUTPUT_BYTES", 20_000)
    with pytest.raises(ContentError) as caught:
        build(options)
    (diagnostic,) = caught.value.diagnostics
    assert "the limit of one build's output" in diagnostic.message
    assert snapshot(tmp_path / "site") == before
    assert not list(tmp_path.glob(".site.tmp-*"))
