"""The content as read and checked, kept between one-off builds (sitegen/parsed.py): a rebuild
reads only what changed, and must still report, build and publish exactly what reading
everything again would."""
from __future__ import annotations

import os
from pathlib import Path

from conftest import copy_fixture, run_sitegen, snapshot
from sitegen.parsed import BASE, DELTA


def build(project: Path, *options: str):
    return run_sitegen("build", "--no-search", *options, cwd=project)


def parsed_files(project: Path) -> list[str]:
    return sorted(p.name for p in (project / ".sitegen-cache").glob("parsed-*/*.pickle"))


def test_an_error_in_a_file_not_read_again_is_still_reported(tmp_path: Path):
    copy_fixture("basic", tmp_path / "content")
    assert build(tmp_path).returncode == 0
    topic = tmp_path / "content" / "topics" / "sanctions.en.md"
    topic.write_text(topic.read_text("utf-8").replace('title: "Sanctions"', "title: [Sanctions"), "utf-8")
    first = build(tmp_path)
    assert first.returncode == 1 and "sanctions.en.md:3: invalid YAML" in first.stderr, first.stderr
    actor = tmp_path / "content" / "actors" / "john-kirby.en.md"
    actor.write_text(actor.read_text("utf-8") + "\nOne more line.\n", "utf-8")
    second = build(tmp_path)  # the topic is not read again: its problem comes from the cache
    assert second.returncode == 1
    assert [line for line in second.stderr.splitlines() if "sanctions.en.md" in line] == \
        [line for line in first.stderr.splitlines() if "sanctions.en.md" in line]


def test_rebuilds_from_the_cache_publish_what_a_clean_build_does(tmp_path: Path):
    content = copy_fixture("basic", tmp_path / "content")
    assert build(tmp_path).returncode == 0
    assert parsed_files(tmp_path) == [BASE]
    edits = [
        ("articles/talks-advance.id.md", lambda t: t + "\nParagraf baru tentang perundingan.\n"),
        ("articles/talks-advance.en.md", lambda t: t.replace('title: "Talks move ahead"', 'title: "Talks go on"')),
        ("events/2023.yaml", lambda t: t.replace("Kirby", "Kirby (NSC)", 1)),
        ("site.yaml", lambda t: t.replace('en: "Test Briefing"', 'en: "The Test Briefing"')),
    ]
    for rel, edit in edits:
        path = content / rel
        path.write_text(edit(path.read_text("utf-8")), "utf-8")
        result = build(tmp_path)
        assert result.returncode == 0, result.stderr
        assert parsed_files(tmp_path) in ([BASE], [BASE, DELTA])
        clean = tmp_path / f"clean-{rel.replace('/', '-')}"
        assert build(tmp_path, "--clean", "--out", str(clean)).returncode == 0
        site, expected = snapshot(tmp_path / "site"), snapshot(clean)
        assert site.keys() == expected.keys(), rel
        assert [name for name in expected if site[name] != expected[name]] == [], rel


def test_a_damaged_or_foreign_cache_is_read_as_none(tmp_path: Path):
    copy_fixture("basic", tmp_path / "content")
    assert build(tmp_path).returncode == 0
    (base,) = (tmp_path / ".sitegen-cache").glob(f"parsed-*/{BASE}")
    expected = snapshot(tmp_path / "site")
    for damage in (b"", base.read_bytes()[:100], b"0" * 40 + base.read_bytes()[40:]):
        base.write_bytes(damage)
        article = tmp_path / "content" / "articles" / "talks-advance.en.md"
        seen = article.stat().st_mtime_ns
        os.utime(article, ns=(seen + 10**9, seen + 10**9))  # so the build does not stop at "nothing changed"
        result = build(tmp_path)
        assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
        assert snapshot(tmp_path / "site") == expected


def test_a_rebuild_parses_only_the_entries_whose_bytes_changed(tmp_path: Path, monkeypatch):
    """A fresh checkout (a deploy with the cache restored) or a save without a change gives
    every file a new stamp but the same bytes: nothing is parsed again. An edited file is
    parsed again with its entry's other translations, which its checks read."""
    from sitegen import load
    from sitegen.build import BuildOptions, build as build_site

    content = copy_fixture("basic", tmp_path / "content")
    options = BuildOptions(content_dir=content, out_dir=tmp_path / "site", cache_dir=tmp_path / "cache",
                           jobs=1, search=False)
    build_site(options)
    parsed: list[str] = []
    real = load._read_prose
    monkeypatch.setattr(load, "_read_prose", lambda path, rel, *rest: (parsed.append(rel), real(path, rel, *rest)))
    for path in content.rglob("*"):
        if path.is_file():
            stamp = path.stat().st_mtime_ns + 10**9
            os.utime(path, ns=(stamp, stamp))
    build_site(options)
    assert parsed == []
    article = content / "articles" / "talks-advance.en.md"
    article.write_text(article.read_text("utf-8") + "\nA new paragraph.\n", "utf-8")
    build_site(options)
    assert sorted(parsed) == ["articles/talks-advance.en.md", "articles/talks-advance.id.md"]


def test_a_rebuild_uses_the_kept_event_indexes_while_the_events_are_unchanged(tmp_path: Path, monkeypatch):
    """The base keeps the graph's event indexes with the events they index. A rebuild after an
    article or actor edit uses them again (the actor's name still changes on the pages that list
    it as related); once an event changed they are made again, on every rebuild until a new base.
    Each rebuild publishes what a clean build does."""
    from sitegen import graph
    from sitegen.build import BuildOptions, build as build_site

    content = copy_fixture("basic", tmp_path / "content")
    options = BuildOptions(content_dir=content, out_dir=tmp_path / "site", cache_dir=tmp_path / "cache",
                           jobs=1, search=False)
    made: list = []
    real = graph.event_indexes
    monkeypatch.setattr(graph, "event_indexes", lambda content: (made.append(1), real(content))[1])
    build_site(options)
    assert len(made) == 1
    edits = [
        ("articles/talks-advance.en.md", lambda t: t + "\nA new paragraph.\n", 0),
        ("actors/john-kirby.en.md", lambda t: t.replace("name: John Kirby", "name: Admiral John Kirby"), 0),
        ("events/2023.yaml", lambda t: t.replace("actors: [north-korea]\n", "actors: [north-korea, us-nsc]\n", 1), 1),
        ("articles/talks-advance.en.md", lambda t: t + "\nOne more paragraph.\n", 1),
    ]
    for step, (rel, edit, indexed) in enumerate(edits):
        path = content / rel
        edited = edit(path.read_text("utf-8"))
        assert edited != path.read_text("utf-8"), rel
        path.write_text(edited, "utf-8")
        before = len(made)
        build_site(options)
        assert len(made) - before == indexed, rel
        clean = tmp_path / f"clean-{step}"
        build_site(BuildOptions(content_dir=content, out_dir=clean, cache_dir=tmp_path / f"cache-{step}", jobs=1,
                                search=False, clean=True))
        assert snapshot(tmp_path / "site") == snapshot(clean), rel
