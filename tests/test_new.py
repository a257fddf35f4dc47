"""`sitegen new`: the files of a new entry in every language, valid at once, never overwriting."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from conftest import parse_html, run_sitegen, write_files


def created(stdout: str) -> list[str]:
    return [line.removeprefix("created ") for line in stdout.splitlines()]


def test_new_article_is_a_valid_draft_in_every_language(basic_content: Path):
    project = basic_content.parent
    result = run_sitegen("new", "article", "kim-visit", cwd=project)
    assert result.returncode == 0, result.stderr
    assert created(result.stdout) == ["content/articles/kim-visit.id.md", "content/articles/kim-visit.en.md"]
    first = (project / "content/articles/kim-visit.id.md").read_text("utf-8")
    assert f"date: {date.today().isoformat()}\n" in first and "draft: true" in first
    check = run_sitegen("check", cwd=project)
    assert check.returncode == 0, check.stderr
    assert "kim-visit" not in check.stderr  # a draft may hold placeholders
    run_sitegen("build", cwd=project, check=True)
    assert not (project / "site/en/articles/kim-visit").exists()
    home = parse_html(project / "site/en/index.html")
    listed = [item["id"] for item in home.select("[id^=article-]")]
    assert listed and "article-kim-visit" not in listed
    assert not [a["href"] for a in home.select("a[href]") if "kim-visit" in a["href"]]


@pytest.mark.parametrize("kind, files, lines", [
    ("topic", ["content/topics/nuclear.id.md", "content/topics/nuclear.en.md"], [2, 2]),
    ("actor", ["content/actors/nuclear.id.md", "content/actors/nuclear.en.md"], [2, 2]),
    ("event", ["content/events/nuclear.yaml"], [3]),
    ("article", ["content/articles/nuclear.id.md", "content/articles/nuclear.en.md"], [2, 2]),
])
def test_new_entries_start_as_drafts_and_their_placeholders_never_go_live(basic_content: Path, kind: str,
                                                                          files: list[str], lines: list[int]):
    project = basic_content.parent
    result = run_sitegen("new", kind, "nuclear", cwd=project)
    assert result.returncode == 0, result.stderr
    assert created(result.stdout) == files
    check = run_sitegen("check", cwd=project)
    assert check.returncode == 0, check.stderr
    assert "nuclear" not in check.stderr  # a draft may hold placeholders: nothing to warn about
    assert f"{kind}s/nuclear" in next(line for line in check.stdout.splitlines() if line.startswith("Skipped "))
    run_sitegen("build", cwd=project, check=True)
    before = {p: p.read_bytes() for p in (project / "site").rglob("*") if p.is_file()}
    assert not any("nuclear" in str(p) for p in before)
    for rel in files:  # the editor publishes it without filling it in
        path = project / rel
        path.write_text("".join(line for line in path.read_text("utf-8").splitlines(keepends=True)
                                if not line.strip().startswith("draft: true")), "utf-8")
    expected = sorted(f"{rel}:{line}" for rel, line in zip(files, lines))
    for command in ("check", "build"):
        refused = run_sitegen(command, cwd=project)
        assert refused.returncode == 1, refused.stdout
        errors = [line for line in refused.stderr.splitlines() if "placeholder text left" in line]
        assert sorted(line.split(": ")[0] for line in errors) == expected, refused.stderr
    assert {p: p.read_bytes() for p in (project / "site").rglob("*") if p.is_file()} == before


def test_an_existing_entry_is_never_overwritten(basic_content: Path):
    project = basic_content.parent
    before = (basic_content / "topics" / "sanctions.en.md").read_text("utf-8")
    result = run_sitegen("new", "topic", "sanctions", cwd=project)
    assert result.returncode == 1
    assert result.stderr.strip() == ("sitegen new: the topic 'sanctions' exists already "
                                     "(content/topics/sanctions.en.md, content/topics/sanctions.id.md); nothing was written")
    assert (basic_content / "topics" / "sanctions.en.md").read_text("utf-8") == before
    event = run_sitegen("new", "event", "letters", cwd=project)  # an id inside events/2023.yaml
    assert event.returncode == 1 and "content/events/2023.yaml" in event.stderr
    assert not (basic_content / "events" / "letters.yaml").exists()
    one_language = write_files(basic_content, {"actors/lonely.en.md": "x"}) and run_sitegen("new", "actor", "lonely", cwd=project)
    assert one_language.returncode == 1 and not (basic_content / "actors" / "lonely.id.md").exists()


@pytest.mark.parametrize("slug", ["Kim", "kim_jong", "kim-", "kim--jong", "a" * 81, "../escape"])
def test_a_bad_slug_is_a_usage_error(basic_content: Path, slug: str):
    result = run_sitegen("new", "actor", slug, cwd=basic_content.parent)
    assert result.returncode == 2
    assert result.stderr.startswith(f"sitegen new: bad slug {slug!r}")
    assert sorted(p.name for p in (basic_content / "actors").iterdir()) == sorted(
        p.name for p in (Path(__file__).parent / "fixtures/basic/actors").iterdir())


def test_an_unknown_kind_and_a_missing_site_yaml(tmp_path: Path):
    unknown = run_sitegen("new", "person", "kim", cwd=tmp_path)
    assert unknown.returncode == 2 and "invalid choice: 'person'" in unknown.stderr
    missing = run_sitegen("new", "topic", "kim", "--content", "empty", cwd=tmp_path)
    assert missing.returncode == 1
    assert missing.stderr.splitlines() == [
        "empty/site.yaml: site.yaml is missing (create it with title, description, base_url and languages)",
        "Aborted: 1 content error."]
    assert not (tmp_path / "empty").exists()


@pytest.mark.parametrize("kind", ["topic", "actor", "article"])
def test_a_reserved_slug_is_refused_by_new_as_build_would_refuse_it(basic_content: Path, kind: str):
    project = basic_content.parent
    result = run_sitegen("new", kind, "index", cwd=project)
    assert result.returncode == 2
    assert result.stderr.strip() == "sitegen new: the slug 'index' is reserved for pages sitegen makes: choose another name"
    assert not list(basic_content.glob("*/index.*.md"))


def test_an_event_id_may_be_a_name_reserved_for_pages(basic_content: Path):
    """An event's id names an anchor in its year's page, never a page: build accepts `index`."""
    project = basic_content.parent
    assert run_sitegen("new", "event", "index", cwd=project).returncode == 0
    check = run_sitegen("check", cwd=project)
    assert check.returncode == 0, check.stderr
