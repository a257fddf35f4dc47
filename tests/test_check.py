"""`sitegen check`: every validation without writing, warnings an editor can act on, --strict."""
from __future__ import annotations

import re
from pathlib import Path

from conftest import run_sitegen, write_files

# The fixture is copied out of the repository, so it has no history: said once, not a warning.
NO_HISTORY = ("content: note: revision dates are off: the content folder is not in a git repository "
              "(pages show no dates of change from git history)")
FIXTURE_WARNINGS = [
    "content/actors/united-states.en.md: warning: no 'id' translation (add actors/united-states.id.md)",
    "content/articles/english-only.en.md: warning: no 'id' translation (add articles/english-only.id.md)",
    "content/events/older.yaml:1: warning: the event 'year-only' cites only web addresses "
    "(cite an article of the briefing too, so readers get its summary)",
]


def coverage(stdout: str) -> dict[str, list[str]]:
    rows = {}
    for line in stdout.splitlines():
        cells = line.split()
        if cells and cells[0] in ("Translations", "articles", "topics", "actors"):
            rows[cells[0]] = cells[1:]
    return rows


def test_check_reports_coverage_and_warnings_and_writes_nothing(basic_content: Path):
    project = basic_content.parent
    result = run_sitegen("check", cwd=project)
    assert result.returncode == 0, result.stderr
    assert coverage(result.stdout) == {"Translations": ["id", "en"], "articles": ["1/2", "2/2"],
                                       "topics": ["2/2", "2/2"], "actors": ["3/4", "4/4"]}
    assert result.stderr.splitlines() == [NO_HISTORY, *FIXTURE_WARNINGS]
    assert result.stdout.splitlines()[-1] == "No content errors, 3 warnings."
    assert not (project / "site").exists()


def test_strict_turns_warnings_into_failure(basic_content: Path):
    result = run_sitegen("check", "--strict", cwd=basic_content.parent)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [NO_HISTORY, *FIXTURE_WARNINGS, "Failed: 3 warnings (--strict)."]


def test_links_that_lead_nowhere_and_entries_nothing_refers_to(basic_content: Path):
    write_files(basic_content, {
        "actors/nobody.en.md": "---\nname: Nobody\nrole: Nothing\nkind: person\n---\nAlone.\n",
        "actors/nobody.id.md": "---\nname: Nobody\nrole: Tidak ada\n---\nSendiri.\n",
        "topics/orphan.en.md": "---\ntitle: Orphan\nsummary: Unused.\n---\nText.\n",
        "topics/orphan.id.md": "---\ntitle: Yatim\nsummary: Tidak dipakai.\n---\nTeks.\n",
    })
    article = basic_content / "articles" / "talks-advance.en.md"
    article.write_text(article.read_text("utf-8") + "\nSee [Kim](actor:kim-jong-un) and [this](topic:orphan).\n"
                       "And [Kirby](actor:john-kirbi) again.\n", "utf-8")
    result = run_sitegen("check", "--content", str(basic_content), cwd=basic_content.parent)
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert "content/articles/talks-advance.en.md:17: warning: the link 'actor:kim-jong-un' leads nowhere (check the slug)" in lines
    assert ("content/articles/talks-advance.en.md:18: warning: the link 'actor:john-kirbi' leads nowhere "
            "(did you mean 'john-kirby'?)") in lines
    assert any(line.startswith("content/actors/nobody.") and "refers to the actor 'nobody'" in line for line in lines)
    assert not any("topic 'orphan'" in line for line in lines)  # a body link is a reference
    assert result.stdout.splitlines()[-1] == f"No content errors, {len(lines) - 1} warnings."  # and a note


def test_content_errors_exit_1_with_every_problem_and_file_and_line(basic_content: Path):
    topic = basic_content / "topics" / "sanctions.id.md"
    topic.write_text(topic.read_text("utf-8").replace('title: "Sanksi"', "title: [a, b]"), "utf-8")
    write_files(basic_content, {"articles/broken.en.md": "no front matter\n"})
    result = run_sitegen("check", cwd=basic_content.parent)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert "content/topics/sanctions.id.md:2: title: expected text, got a list" in lines
    assert any(line.startswith("content/articles/broken.en.md:1: the file must start with front matter") for line in lines)
    assert re.fullmatch(r"Aborted: \d+ content errors\.", lines[-1])
    assert result.stdout == ""


def test_usage_mistakes_exit_2(basic_content: Path):
    result = run_sitegen("check", "--no-such-option", cwd=basic_content.parent)
    assert result.returncode == 2
    assert "unrecognized arguments: --no-such-option" in result.stderr
    missing = run_sitegen("check", "--content", "nowhere", cwd=basic_content.parent)
    assert missing.returncode == 1
    assert "nowhere: the content folder does not exist" in missing.stderr


def test_check_says_which_drafts_it_left_out(basic_content: Path):
    """Drafts are left out as build leaves them out; check says so instead of passing over them in silence."""
    write_files(basic_content, {"topics/later.en.md": "---\ntitle: Later\nsummary: Not yet.\ndraft: true\n---\nText.\n"})
    result = run_sitegen("check", cwd=basic_content.parent)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-2:] == [
        "Skipped 2 drafts, as build does: articles/unfinished, topics/later. "
        "Delete an entry's draft line to check and publish it.",
        "No content errors, 3 warnings."]
