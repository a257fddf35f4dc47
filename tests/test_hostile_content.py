"""Broken and hostile content, through the real command line: a clear `path:line: message`,
exit code 1, no traceback, no hang, and the previous site/ left exactly as it was."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from conftest import snapshot, FIXTURES, run_sitegen

FRONT = b'---\ntitle: "T"\nsummary: "S"\n---\n'
TOPIC = "content/topics/sanctions.en.md"
FRESH = "content/articles/fresh.en.md"  # an article nothing refers to, so one mistake is one error
EVENTS = "content/events/extra.yaml"


def article(date: bytes = b"2023-03-05", extra: bytes = b"", published: bytes = b"2023-03-05") -> bytes:
    return (b'---\ntitle: "Fresh"\nsummary: "New."\ndate: ' + date + b"\n" + extra
            + b"source:\n  outlet: Wire\n  published: " + published + b"\n---\nText.\n")


def event(date: bytes, extra: bytes = b"") -> bytes:
    return (b"- id: extra-event\n  date: " + date + b"\n" + extra
            + b'  title: {id: "A", en: "A"}\n  sources: ["https://example.com/a"]\n')


BILLION_LAUGHS = ("- id: lol\n  a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"  {name}: &{name} [{', '.join(['*' + prev] * 9)}]\n" for prev, name in zip("abcdefgh", "bcdefghi")
)).encode()

CASES = {
    "invalid-utf8": ({TOPIC: b'---\ntitle: "Sanktionen \xff"\nsummary: x\n---\n'},
                     [f"{TOPIC}:2: the file is not valid UTF-8 (save it with UTF-8 encoding)"]),
    "tab-indent": ({TOPIC: b"---\ntitle: T\n\tsummary: x\n---\n"},
                   [f"{TOPIC}:3: invalid YAML: found a tab character that violates indentation; "
                    "YAML does not allow tabs for indentation, use spaces"]),
    "empty-file": ({TOPIC: b""}, [f"{TOPIC}:1: the file is empty (delete it, or fill in its keys)"]),
    "blank-file": ({TOPIC: b"\n \n"}, [f"{TOPIC}:1: the file is empty (delete it, or fill in its keys)"]),
    "unclosed-front-matter": ({TOPIC: b"---\ntitle: T\nsummary: S\nBody.\n"},
                              [f"{TOPIC}:1: the front matter is not closed: add a line '---' after its last key"]),
    "no-front-matter": ({TOPIC: b"Just text.\n"},
                        [f"{TOPIC}:1: the file must start with front matter: a line '---', YAML keys, and a closing '---'"]),
    "front-matter-is-a-list": ({TOPIC: b"---\n- a\n---\n"},
                               [f"{TOPIC}:1: the front matter must be YAML keys and values (key: value)"]),
    "10-mb-body": ({TOPIC: FRONT + b"word " * 2_000_000},
                   [f"{TOPIC}:5: the text is 9,766 KB long, more than the 512 KB a page may have (split it into several entries)"]),
    "billion-laughs": ({EVENTS: BILLION_LAUGHS},
                       [f"{EVENTS}:2: YAML anchors and aliases are not allowed: the value anchored here is used again; "
                        "write the value out each time"]),
    "python-object-tag": ({TOPIC: b'---\ntitle: !!python/object/apply:os.system ["touch pwned"]\nsummary: x\n---\n'},
                          [f"{TOPIC}:2: YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed; remove it"]),
    "local-tag": ({TOPIC: b"---\ntitle: !include secrets.yaml\nsummary: x\n---\n"},
                  [f"{TOPIC}:2: YAML tag '!include' is not allowed; remove it"]),
    "merge-key": ({EVENTS: b"- id: e\n  <<: {date: 2020}\n"},
                  [f"{EVENTS}:2: YAML merge keys ('<<') are not allowed; write the keys out"]),
    "control-character": ({TOPIC: b'---\ntitle: "Nul \\0 here"\nsummary: S\n---\n'},
                          [f"{TOPIC}:2: the text has the control character U+0000, which a web page cannot show; "
                           "remove it (a YAML escape such as \\0 writes one)"]),
    "duplicate-key": ({TOPIC: b"---\ntitle: A\ntitle: B\nsummary: S\n---\n"},
                      [f"{TOPIC}:3: key 'title' appears twice (first on line 2); keep one"]),
    "impossible-article-date": ({FRESH: article(b"2023-02-30")},
                                [f"{FRESH}:4: date: '2023-02-30' is not a real date or time"]),
    "impossible-time": ({FRESH: article(b"2023-02-03T24:61:00+07:00")},
                        [f"{FRESH}:4: date: '2023-02-03T24:61:00+07:00' is not a real date or time"]),
    "offset-out-of-range": ({FRESH: article(published=b"2023-03-05T10:00:00+25:00")},
                            [f"{FRESH}:7: published: offset '+25:00' is not a valid UTC offset"]),
    "offset-minutes": ({FRESH: article(published=b"2023-03-05T10:00:00+07:60")},
                       [f"{FRESH}:7: published: offset '+07:60' is not a valid UTC offset"]),
    "offset-malformed": ({FRESH: article(b"2023-03-05T10:00+7")},
                         [f"{FRESH}:4: date: expected an ISO 8601 date or date-time such as 2023-08-31 or "
                          "2023-08-31T13:16:00+07:00, got '2023-03-05T10:00+7'"]),
    "article-year-out-of-range": ({FRESH: article(b"0999-01-01")},
                                  [f"{FRESH}:4: date: year 999 is out of range (1000–2999)"]),
    "updated-before-date": ({FRESH: article(extra=b"updated: 2023-01-01\n")},
                            [f"{FRESH}:1: updated is before date (an update comes after the first publication)"]),
    "impossible-event-date": ({EVENTS: event(b"2023-02-30")}, [f"{EVENTS}:2: date: '2023-02-30' is not a real date"]),
    "month-13": ({EVENTS: event(b"2023-13")}, [f"{EVENTS}:2: date: month 13 does not exist in '2023-13'"]),
    "event-year-too-late": ({EVENTS: event(b"3000")}, [f"{EVENTS}:2: date: year 3000 is out of range (1000–2999)"]),
    "event-year-five-digits": ({EVENTS: event(b"20230")},
                               [f"{EVENTS}:2: date: expected YYYY, YYYY-MM or YYYY-MM-DD, got '20230'"]),
    "until-before-date": ({EVENTS: event(b"2023-05", b"  until: 2023-04\n")},
                          [f"{EVENTS}:3: until: 2023-04 is before the event's date 2023-05"]),
    "until-impossible": ({EVENTS: event(b"2023-05", b"  until: 2023-06-31\n")},
                         [f"{EVENTS}:3: until: '2023-06-31' is not a real date"]),
    "bad-slug-file": ({"content/articles/Bad_Slug.en.md": article()},
                      ["content/articles/Bad_Slug.en.md: bad slug 'Bad_Slug': use lowercase letters, digits and hyphens, "
                       "at most 80 characters"]),
    "dots-in-slug": ({"content/articles/a..b.en.md": article()},
                     ["content/articles/a..b.en.md: bad slug 'a..b': use lowercase letters, digits and hyphens, "
                           "at most 80 characters"]),
    "slug-reference-escapes": ({FRESH: article(extra=b"topics: [../../etc]\n")},
                               [f"{FRESH}:5: topics: bad slug '../../etc' (use lowercase letters, digits and hyphens)"]),
    "absolute-slug-reference": ({FRESH: article(extra=b"actors: [/etc/passwd]\n")},
                                [f"{FRESH}:5: actors: bad slug '/etc/passwd' (use lowercase letters, digits and hyphens)"]),
    "event-id-escapes": ({EVENTS: event(b"2023").replace(b"extra-event", b"../../x")},
                         [f"{EVENTS}:1: id: bad slug '../../x' (use lowercase letters, digits and hyphens)"]),
    "javascript-source-url": ({FRESH: article().replace(b"  outlet: Wire\n", b"  outlet: Wire\n  url: javascript:alert(1)\n")},
                              [f"{FRESH}:7: url: expected an http(s) address, got 'javascript:alert(1)'"]),
    "javascript-event-source": ({EVENTS: event(b"2023").replace(b'"https://example.com/a"', b'"javascript:alert(1)"')},
                                [f"{EVENTS}:4: sources: 'javascript:alert(1)' is neither an article slug nor an http(s) address"]),
    "case-only-duplicate": ({"content/topics/Sanctions.en.md": FRONT},
                            ["content/topics/sanctions.en.md: differs from Sanctions.en.md only by letter case; rename one"]),
}
RESERVED = ["index", "page", "feed", "static", "api", "search"]
for index, name in enumerate(RESERVED):
    kind = ("articles", "topics", "actors")[index % 3]
    rel = f"content/{kind}/{name}.en.md"
    CASES[f"reserved-{name}"] = ({rel: FRONT}, [f"{rel}: the slug {name!r} is reserved for pages sitegen makes: choose another name"])


def project_with(tmp_path: Path, good_site: Path, files: dict[str, bytes]) -> Path:
    shutil.copytree(FIXTURES / "basic", tmp_path / "content")
    shutil.copytree(good_site, tmp_path / "site")
    for rel, data in files.items():
        (tmp_path / rel).write_bytes(data)
    return tmp_path


def assert_rejected(project: Path, good_site: Path, expected: list[str]) -> list[str]:
    """Build and check the outcome every broken input must have; returns the printed lines."""
    result = run_sitegen("build", cwd=project)
    lines = result.stderr.splitlines()
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    for line in expected:
        assert line in lines, "\n".join(lines)
    assert lines[-1].startswith("Aborted: ")
    assert snapshot(project / "site") == snapshot(good_site)
    assert not list(project.glob(".site.*"))
    return lines


@pytest.mark.parametrize("name", list(CASES))
def test_broken_input_is_reported_at_its_place(tmp_path: Path, good_site: Path, name: str):
    files, expected = CASES[name]
    project = project_with(tmp_path, good_site, files)
    lines = assert_rejected(project, good_site, expected)
    if name not in ("case-only-duplicate",):
        assert len(lines) == len(expected) + 1, "\n".join(lines)
    assert not (project / "pwned").exists()


def test_a_link_out_of_the_content_folder_is_rejected(tmp_path: Path, good_site: Path):
    project = project_with(tmp_path, good_site, {})
    secret = tmp_path / "outside"
    secret.mkdir()
    (secret / "secret.en.md").write_bytes(FRONT)
    os.symlink(secret / "secret.en.md", project / "content/topics/leak.en.md")
    os.symlink(secret, project / "content/actors/folder")
    os.symlink("/etc/passwd", project / "content/articles/passwd.en.md")
    message = "this link points outside the content folder; copy the file in instead"
    assert_rejected(project, good_site, [f"content/topics/leak.en.md: {message}", f"content/actors/folder: {message}",
                                         f"content/articles/passwd.en.md: {message}"])


def test_a_link_inside_the_content_folder_is_followed(tmp_path: Path, good_site: Path):
    project = project_with(tmp_path, good_site, {})
    (project / "content/topics/sanctions.en.md").rename(project / "content/sanctions.txt")
    os.symlink("../sanctions.txt", project / "content/topics/sanctions.en.md")
    result = run_sitegen("build", cwd=project)
    assert result.returncode == 0, result.stderr
    assert (project / "site/en/topics/sanctions/index.html").is_file()


def test_every_problem_is_reported_in_one_run(tmp_path: Path, good_site: Path):
    files = {TOPIC: CASES["tab-indent"][0][TOPIC], EVENTS: event(b"2023-13"),
             "content/topics/page.en.md": FRONT, FRESH: article(b"2023-02-30")}
    expected = CASES["tab-indent"][1] + CASES["month-13"][1] + CASES["reserved-page"][1] + CASES["impossible-article-date"][1]
    lines = assert_rejected(project_with(tmp_path, good_site, files), good_site, expected)
    assert lines[-1] == "Aborted: 4 content errors."
