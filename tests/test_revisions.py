"""Revision dates from git history, and translations that fell behind: built for real in
temporary repositories with commits at fixed dates."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from datetime import datetime, timezone
from pathlib import Path

import pytest
from lxml import etree

from sitegen.revisions import read_revisions

from conftest import FIXTURE_BASE, copy_fixture, parse_html, require, run_sitegen

SITEMAP = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
ARTICLE_EN = "content/articles/talks-advance.en.md"
ARTICLE_ID = "content/articles/talks-advance.id.md"


def git(repo: Path, *args: str, when: str = "") -> str:
    """Run git in `repo`; `when` (ISO 8601) dates a commit, as author and as committer."""
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    if when:
        env.update(GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when)
    result = subprocess.run(["git", "-c", "user.name=Editor", "-c", "user.email=editor@example.org",
                             "-c", "commit.gpgsign=false", *args], cwd=repo, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout


def commit_all(repo: Path, when: str, message: str = "edit") -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message, when=when)


def append(repo: Path, rel: str, text: str) -> None:
    path = repo / rel
    path.write_text(path.read_text("utf-8") + text, "utf-8")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """The basic fixture in a repository whose path has a space and a non-ASCII letter: every
    file committed on 1 September 2023, then the English article edited on 3 September."""
    require(shutil.which("git") is not None, "git is not installed")
    root = tmp_path / "briefing é repo"
    root.mkdir()
    git(root, "init", "-q")
    (root / ".gitignore").write_text("site*/\n.sitegen-cache/\n", "utf-8")
    copy_fixture("basic", root / "content")
    commit_all(root, "2023-09-01T10:00:00Z", "first")
    append(root, ARTICLE_EN, "\nThe talks went on.\n")
    commit_all(root, "2023-09-03T10:00:00Z", "second")
    return root


def build(repo: Path, *args: str, out: str = "site") -> subprocess.CompletedProcess:
    return run_sitegen("build", "--no-search", "--out", out, *args, cwd=repo, check=True)


def updated_time(page: Path) -> tuple[str, str] | None:
    """The "Updated" date a page shows: (its datetime attribute, its text), or None."""
    for meta in parse_html(page).select("p.meta"):
        if "Updated" in meta.get_text() or "Diperbarui" in meta.get_text():
            time = meta.select("time")[-1]
            return time["datetime"], time.get_text()
    return None


def structured(page: Path) -> dict:
    return json.loads(parse_html(page).find("script", type="application/ld+json").string)


def lastmods(site: Path) -> dict[str, str]:
    root = etree.parse(str(site / "sitemap.xml")).getroot()
    return {url.findtext("s:loc", namespaces=SITEMAP): url.findtext("s:lastmod", namespaces=SITEMAP)
            for url in root.findall("s:url", SITEMAP)}


def test_pages_show_when_their_file_last_changed(repo: Path):
    result = build(repo)
    assert "revision dates are off" not in result.stderr
    site = repo / "site"
    en, id_ = site / "en/articles/talks-advance/index.html", site / "id/articles/talks-advance/index.html"
    assert updated_time(en) == ("2023-09-03T17:00:00+07:00", "3 September 2023")  # the site's zone is Jakarta
    assert updated_time(id_) == ("2023-09-01T17:00:00+07:00", "1 September 2023")  # published on 31 August
    assert structured(en)["dateModified"] == "2023-09-03T17:00:00+07:00"
    assert structured(en)["datePublished"] == "2023-08-31T13:16:00+07:00"
    og = {tag["property"]: tag["content"] for tag in parse_html(en).select("meta[property]")}
    assert og["article:modified_time"] == "2023-09-03T17:00:00+07:00"
    topic = site / "en/topics/arms-talks/index.html"
    assert updated_time(topic) == ("2023-09-01T17:00:00+07:00", "1 September 2023")
    assert structured(topic)["dateModified"] == "2023-09-01T17:00:00+07:00"
    dates = lastmods(site)
    assert dates[FIXTURE_BASE + "en/articles/talks-advance/"] == "2023-09-03T17:00:00+07:00"
    assert dates[FIXTURE_BASE + "id/articles/talks-advance/"] == "2023-09-01T17:00:00+07:00"
    assert dates[FIXTURE_BASE + "en/actors/john-kirby/"] == "2023-09-01T17:00:00+07:00"
    assert dates[FIXTURE_BASE + "en/timeline/"] is None  # a list has no single date of change


def test_no_updated_line_on_the_day_of_publication(repo: Path):
    """An article committed on the day it was published shows only its date."""
    (repo / "content/articles/fresh.en.md").write_text(
        "---\ntitle: Fresh\nsummary: New today.\ndate: 2023-09-05T09:00:00+07:00\n"
        "source: {outlet: Outlet, published: 2023-09-05}\n---\nText.\n", "utf-8")
    commit_all(repo, "2023-09-05T05:00:00Z")  # 12:00 in Jakarta
    build(repo)
    page = repo / "site/en/articles/fresh/index.html"
    assert updated_time(page) is None
    assert structured(page)["dateModified"] == "2023-09-05T12:00:00+07:00"


def test_stale_translation_is_reported_shown_and_fails_strict(repo: Path):
    check = run_sitegen("check", cwd=repo)
    message = (f"{ARTICLE_ID}:1: warning: talks-advance.en.md changed on 2023-09-03, after talks-advance.id.md "
               "(2023-09-01): check the translation (bring it up to date, or add "
               "'translation_checked: 2023-09-03' to its front matter)")
    assert check.returncode == 0
    assert message in check.stderr.splitlines()
    assert not any("talks-advance.en.md:" in line for line in check.stderr.splitlines())  # the newer is fine
    strict = run_sitegen("check", "--strict", cwd=repo)
    assert strict.returncode == 1 and message in strict.stderr.splitlines()

    build(repo)
    id_page = repo / "site/id/articles/talks-advance/index.html"
    notice = parse_html(id_page).select_one(".stale-notice")
    assert notice is not None
    assert "Versi Inggris halaman ini lebih baru: diperbarui pada 3 September 2023." in notice.get_text()
    link = notice.find("a")
    assert link["hreflang"] == "en"
    assert (id_page.parent / link["href"] / "index.html").resolve() == (repo / "site/en/articles/talks-advance/index.html")
    assert parse_html(repo / "site/en/articles/talks-advance/index.html").select_one(".stale-notice") is None


def test_translation_checked_silences_the_warning_and_the_notice(repo: Path):
    text = (repo / ARTICLE_ID).read_text("utf-8")
    (repo / ARTICLE_ID).write_text(text.replace("---\n", "---\ntranslation_checked: 2023-09-03\n", 1), "utf-8")
    check = run_sitegen("check", "--strict", cwd=repo)
    assert "check the translation" not in check.stderr
    build(repo)  # not committed yet: the page keeps its commit's date, and drops the notice
    page = repo / "site/id/articles/talks-advance/index.html"
    assert parse_html(page).select_one(".stale-notice") is None
    assert updated_time(page) == ("2023-09-01T17:00:00+07:00", "1 September 2023")


def test_translation_checked_too_early_or_not_a_day(repo: Path):
    text = (repo / ARTICLE_ID).read_text("utf-8")
    (repo / ARTICLE_ID).write_text(text.replace("---\n", "---\ntranslation_checked: 2023-09-02\n", 1), "utf-8")
    assert "talks-advance.en.md changed on 2023-09-03" in run_sitegen("check", cwd=repo).stderr
    (repo / ARTICLE_ID).write_text(text.replace("---\n", "---\ntranslation_checked: 2023-09\n", 1), "utf-8")
    result = run_sitegen("check", cwd=repo)
    assert result.returncode == 1
    assert (f"{ARTICLE_ID}:2: translation_checked: expected a day such as 2023-09-02, got '2023-09' "
            "(write the day the translation was checked against the other language)") in result.stderr.splitlines()


def test_a_new_commit_changes_the_dates_on_an_incremental_rebuild(repo: Path):
    build(repo)
    append(repo, ARTICLE_ID, "\nPembicaraan berlanjut.\n")
    build(repo)  # an edit not committed yet keeps the date of the file's last commit
    page = repo / "site/id/articles/talks-advance/index.html"
    assert updated_time(page) == ("2023-09-01T17:00:00+07:00", "1 September 2023")
    commit_all(repo, "2023-09-04T10:00:00Z")  # the files stay as they are; only the history moves
    again = run_sitegen("build", "--no-search", "--verbose", cwd=repo, check=True)
    assert updated_time(page) == ("2023-09-04T17:00:00+07:00", "4 September 2023")
    assert lastmods(repo / "site")[FIXTURE_BASE + "id/articles/talks-advance/"] == "2023-09-04T17:00:00+07:00"
    assert parse_html(page).select_one(".stale-notice") is None  # now the English one is older
    assert parse_html(repo / "site/en/articles/talks-advance/index.html").select_one(".stale-notice") is not None
    rendered = {line.split()[1] for line in again.stdout.splitlines() if line.startswith("rendered ")}
    assert rendered == {"id/articles/talks-advance/index.html", "en/articles/talks-advance/index.html"}
    build(repo, "--clean", out="site-clean")  # dates read from the whole history, not the cache
    changed = [p for p in (repo / "site").rglob("*.*") if p.read_bytes() != (repo / "site-clean" / p.relative_to(repo / "site")).read_bytes()]
    assert changed == []


def test_rewritten_history_is_read_again(repo: Path):
    build(repo)
    git(repo, "commit", "-q", "--amend", "--no-edit", when="2023-09-10T10:00:00Z")  # replaces the 3 September commit
    build(repo)
    assert updated_time(repo / "site/en/articles/talks-advance/index.html") == ("2023-09-10T17:00:00+07:00", "10 September 2023")
    git(repo, "reset", "-q", "--hard", "HEAD~1")  # back to the first commit: the English edit is gone
    build(repo)
    assert updated_time(repo / "site/en/articles/talks-advance/index.html") == ("2023-09-01T17:00:00+07:00", "1 September 2023")


def test_two_checkouts_of_one_commit_build_the_same_bytes(repo: Path, tmp_path: Path):
    build(repo)
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(repo), str(clone))  # fresh files, other modification times
    build(clone)
    first, second = repo / "site", clone / "site"
    names = sorted(p.relative_to(first).as_posix() for p in first.rglob("*") if p.is_file())
    assert names == sorted(p.relative_to(second).as_posix() for p in second.rglob("*") if p.is_file())
    assert [n for n in names if (first / n).read_bytes() != (second / n).read_bytes()] == []
    assert updated_time(second / "en/articles/talks-advance/index.html") is not None


def test_without_history_the_build_works_and_says_so_once(tmp_path: Path):
    content = copy_fixture("basic", tmp_path / "content")
    result = run_sitegen("build", "--no-search", "--content", str(content), cwd=tmp_path, check=True)
    said = [line for line in result.stderr.splitlines() if "revision dates are off" in line]
    assert said == ["content: note: revision dates are off: the content folder is not in a git repository "
                    "(pages show no dates of change from git history)"]
    site = tmp_path / "site"
    assert updated_time(site / "en/topics/arms-talks/index.html") is None
    dates = lastmods(site)  # an article's is its publication date; others have none
    assert dates[FIXTURE_BASE + "en/articles/talks-advance/"] == "2023-08-31T13:16:00+07:00"
    assert dates[FIXTURE_BASE + "en/topics/arms-talks/"] is None
    assert structured(site / "en/articles/talks-advance/index.html")["dateModified"] == "2023-08-31T13:16:00+07:00"


def test_a_shallow_clone_builds_without_revision_dates_and_says_so_once(repo: Path, tmp_path: Path):
    shallow = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", repo.as_uri(), str(shallow))
    result = build(shallow)
    said = [line for line in result.stderr.splitlines() if "revision dates are off" in line]
    assert said == ["content: note: revision dates are off: the git clone is shallow "
                    "(pages show no dates of change from git history)"]
    assert updated_time(shallow / "site/en/topics/arms-talks/index.html") is None
    assert "check the translation" not in run_sitegen("check", cwd=shallow).stderr


def test_one_log_reads_names_with_spaces_and_other_alphabets(repo: Path, monkeypatch):
    odd = repo / "content" / "notes dir" / "catatan é\u0301 ü.md"
    odd.parent.mkdir()
    odd.write_text("x\n", "utf-8")
    commit_all(repo, "2023-09-07T00:00:00Z")
    revisions = read_revisions(repo / "content", timezone.utc)
    assert revisions.off == ""
    assert revisions.dates["notes dir/catatan é\u0301 ü.md"] == datetime(2023, 9, 7, tzinfo=timezone.utc)
    assert revisions.dates["articles/talks-advance.en.md"] == datetime(2023, 9, 3, 10, tzinfo=timezone.utc)
    assert revisions.dates["articles/talks-advance.id.md"] == datetime(2023, 9, 1, 10, tzinfo=timezone.utc)
    monkeypatch.setenv("PATH", str(repo / "no-such-folder"))
    assert read_revisions(repo / "content", timezone.utc).off == "git is not installed"
