"""Reading content/ in several processes: slices keep an entry whole, the readers check what they
read, and the site and its problems are the same as when one process reads and checks it all."""
from __future__ import annotations

from pathlib import Path

import pytest

from sitegen import load, validate
from sitegen.build import BuildOptions, check
from sitegen.config import load_config
from sitegen.errors import ContentError, Problems
from sitegen.reread import KeptReading

from conftest import write_files


def test_slices_never_put_an_entrys_translations_apart(monkeypatch):
    monkeypatch.setattr(load, "FILES_PER_TASK", 2)
    names = ["articles/a.en.md", "articles/a.id.md", "articles/b.en.md", "articles/b.fr.md", "articles/b.id.md",
             "articles/c.id.md", "events/2023.yaml", "events/2024.yaml", "topics/t.en.md", "topics/t.id.md"]
    slices = load._read_slices([(name, None) for name in names])
    assert [[rel for rel, _ in part] for part in slices] == [
        ["events/2023.yaml"], ["events/2024.yaml"],  # each events file alone, first
        ["articles/a.en.md", "articles/a.id.md"], ["articles/b.en.md", "articles/b.fr.md", "articles/b.id.md"],
        ["articles/c.id.md"], ["topics/t.en.md", "topics/t.id.md"],
    ]


BROKEN = {
    "topics/arms-talks.id.md": "---\ntitle: [a, b]\nsummary: Ringkas.\n---\nTeks.\n",
    "articles/talks-advance.fr.md": "---\ntitle: Non\nsummary: Non.\n---\nTexte.\n",
    "articles/no-front.en.md": "no front matter\n",
    "events/2030.yaml": "- id: far-future\n  date: 2030-02-30\n  title: {en: Never, id: Tidak}\n  sources: [https://example.org/]\n",
}


def _checked(content: Path, jobs: int, monkeypatch) -> tuple[object, list, int]:
    """check() with `jobs` readers, each file a slice of its own: the graph (or the error's
    problems) and how many entries and events files the main process checked itself."""
    monkeypatch.setattr(load, "PARALLEL_FROM", 0)
    monkeypatch.setattr(load, "FILES_PER_TASK", 1)
    checked_here = []
    for name in ("_article", "_topic", "_actor", "event_items"):
        original = getattr(validate, name)
        monkeypatch.setattr(validate, name, lambda *args, _original=original, _name=name:
                            checked_here.append(_name) or _original(*args))
    options = BuildOptions(content_dir=content, out_dir=content.parent / "site", cache_dir=content.parent / ".cache",
                           jobs=jobs)
    try:
        result = check(options)
    except ContentError as error:
        return None, error.diagnostics, len(checked_here)
    return result.graph.content, result.problems.items, len(checked_here)


def test_the_readers_check_what_they_read_and_the_site_is_the_same(basic_content: Path, monkeypatch):
    content_alone, warnings_alone, checked_alone = _checked(basic_content, 1, monkeypatch)
    content_shared, warnings_shared, checked_shared = _checked(basic_content, 2, monkeypatch)
    assert checked_alone > 0 and checked_shared == 0  # every entry and events file was checked by a reader
    assert content_shared == content_alone
    assert list(content_shared.articles) == list(content_alone.articles)  # in the same order
    assert list(content_shared.events) == list(content_alone.events) and content_alone.events
    assert warnings_shared == warnings_alone


@pytest.mark.parametrize("jobs", [1, 2])
def test_problems_found_by_the_readers_are_reported_as_by_one_process(basic_content: Path, monkeypatch, jobs):
    write_files(basic_content, BROKEN)
    content, problems, _ = _checked(basic_content, jobs, monkeypatch)
    assert content is None
    shown = [d.format() for d in problems]
    assert any("topics/arms-talks.id.md:2: title: expected text" in line for line in shown)
    assert any("articles/talks-advance.fr.md" in line and "unknown language suffix 'fr'" in line for line in shown)
    assert any("articles/no-front.en.md:1: the file must start with front matter" in line for line in shown)
    assert any("events/2030.yaml:2:" in line for line in shown)


def test_both_ways_report_the_same_problems_in_the_same_order(basic_content: Path, monkeypatch):
    write_files(basic_content, BROKEN)
    _, alone, _ = _checked(basic_content, 1, monkeypatch)
    _, shared, _ = _checked(basic_content, 2, monkeypatch)
    assert shared == alone and len(alone) >= 4


@pytest.mark.parametrize("serve", [False, True])
def test_readers_send_front_matter_back_only_to_serve(basic_content: Path, monkeypatch, serve):
    """A one-off build needs only the checks; `sitegen serve` checks an entry again when one of its
    files changes, from the front matter it kept."""
    monkeypatch.setattr(load, "PARALLEL_FROM", 0)
    problems = Problems(basic_content)
    config = load_config(basic_content / "site.yaml", problems)
    checks: dict = {}
    raw = load.discover(basic_content, problems, {} if serve else None, 2,
                        (lambda part: validate.check_ahead(part, config, basic_content), checks),
                        KeptReading() if serve else None)
    assert raw.prose and raw.events and checks
    assert all((doc.meta is not None) == serve for doc in raw.prose)
    assert all((events.items is not None) == serve for events in raw.events)
