"""What `sitegen build` prints: one summary line, nothing when quiet, every page when verbose."""
from __future__ import annotations

import re
from pathlib import Path

from sitegen.outdir import MARKER
from conftest import run_sitegen

SUMMARY = re.compile(r"Built (\d+) pages into site in \d+\.\d\d s: (\d+) files? written, (\d+) unchanged, (\d+) removed "
                     r"\(the search index not counted\)\.")


def site_files(site: Path) -> int:
    """The files the summary counts: all of the site's but the search index's and sitegen's marker."""
    return sum(1 for p in site.rglob("*") if p.is_file() and p.name != MARKER
               and not p.relative_to(site).as_posix().startswith("pagefind/"))


def test_build_ends_with_one_summary_line_and_a_rebuild_writes_nothing(basic_content: Path):
    project = basic_content.parent
    first = run_sitegen("build", cwd=project, check=True)
    assert SUMMARY.fullmatch(first.stdout.strip()), first.stdout
    again = run_sitegen("build", cwd=project, check=True)
    pages, written, unchanged, removed = map(int, SUMMARY.fullmatch(again.stdout.strip()).groups())
    assert written == 0 and removed == 0 and unchanged > pages  # pages, theme files and data files


def test_every_build_counts_the_same_files(basic_content: Path):
    """A first build writes every file; a rebuild with nothing to do and one after a change that
    alters no page count the same files, whichever way they take."""
    project = basic_content.parent
    counts = [tuple(map(int, SUMMARY.fullmatch(run_sitegen("build", cwd=project, check=True).stdout.strip()).groups()))]
    counts.append(tuple(map(int, SUMMARY.fullmatch(run_sitegen("build", cwd=project, check=True).stdout.strip()).groups())))
    for path in basic_content.rglob("*.md"):
        path.touch()  # new file times, same bytes: pages are checked again and found unchanged
    counts.append(tuple(map(int, SUMMARY.fullmatch(run_sitegen("build", cwd=project, check=True).stdout.strip()).groups())))
    files = site_files(project / "site")
    pages = len(list((project / "site").rglob("*.html")))
    assert counts[0] == (pages, files, 0, 0)
    assert counts[1] == counts[2] == (pages, 0, files, 0)


def test_quiet_prints_nothing_and_verbose_lists_every_rendered_page(basic_content: Path):
    project = basic_content.parent
    quiet = run_sitegen("build", "--quiet", cwd=project, check=True)
    assert quiet.stdout == "" and quiet.stderr == ""
    topic = basic_content / "topics" / "arms-talks.id.md"
    topic.write_text(topic.read_text("utf-8") + "\nLagi.\n", "utf-8")
    verbose = run_sitegen("build", "--verbose", cwd=project, check=True)
    lines = verbose.stdout.splitlines()
    assert lines[:-1] == ["rendered id/topics/arms-talks/index.html"]
    assert SUMMARY.fullmatch(lines[-1])


def test_quiet_and_verbose_together_are_a_usage_error(basic_content: Path):
    result = run_sitegen("build", "--quiet", "--verbose", cwd=basic_content.parent)
    assert result.returncode == 2 and "not allowed with argument" in result.stderr


def test_a_failed_build_exits_1_and_leaves_the_site_alone(basic_content: Path):
    project = basic_content.parent
    run_sitegen("build", cwd=project, check=True)
    before = (project / "site/en/index.html").read_bytes()
    (basic_content / "topics" / "sanctions.en.md").write_text("---\ntitle: x\n---\n", "utf-8")
    result = run_sitegen("build", cwd=project)
    assert result.returncode == 1
    assert "content/topics/sanctions.en.md:1: missing required key 'summary'" in result.stderr.splitlines()
    assert result.stderr.splitlines()[-1].startswith("Aborted:")
    assert (project / "site/en/index.html").read_bytes() == before
