"""Bodies that would take Python-Markdown minutes (or overflow its recursion) are refused at their
place, quickly, by `build` and `check`; the limits themselves hold exactly where they are set."""
from __future__ import annotations

import math
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import checkout_env, copy_fixture
from sitegen import markdown_limits as limits
from sitegen.markdown_limits import slow_text
from sitegen.markup import convert

TOPIC = "content/topics/sanctions.en.md"
FRONT = '---\ntitle: "T"\nsummary: "S"\n---\n'  # the body starts on line 5
ANSWER_WITHIN = 60  # seconds: the machine is shared; each input took minutes (or crashed) before the limits

ISSUE_INPUTS = {  # issue 19, item 2
    "100,000 [": ("[" * 100_000, 5),
    "200,000 backslashes": ("\\" * 200_000, 5),
    "5,000 × [x](actor:": ("[x](actor:" * 5_000, 5),
    "list nested 700 deep": ("Intro.\n\n" + "".join("  " * i + "- a\n" for i in range(700)), 7 + 2 * limits.MAX_NESTING),
    "700 list markers on a line": ("- " * 700 + "a\n", 5),
    "3,000 unclosed tags": ("Text.\n\n" + "<a \n\n" * 3_000, 7),
}


def run_with_timeout(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = checkout_env()
    return subprocess.run([sys.executable, "-m", "sitegen", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=ANSWER_WITHIN)


@pytest.mark.parametrize("command", ["build", "check"])
@pytest.mark.parametrize("name", list(ISSUE_INPUTS))
def test_a_slow_body_is_refused_at_its_line(tmp_path: Path, name: str, command: str):
    body, line = ISSUE_INPUTS[name]
    copy_fixture("basic", tmp_path / "content")
    (tmp_path / TOPIC).write_text(FRONT + body, "utf-8")
    result = run_with_timeout(command, cwd=tmp_path)
    assert result.returncode == 1, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith(TOPIC)]
    assert len(errors) == 1, result.stderr[-2000:]
    assert errors[0].startswith(f"{TOPIC}:{line}: this text takes too long to convert ("), errors[0]
    assert not (tmp_path / "site").exists()


def test_ordinary_text_passes_every_limit():
    body = ("A sentence with a [link](actor:kim-jong-un), *emphasis*, `code` and a footnote[^1].\n\n" * 2000
            + "- a\n    - b\n        - c\n\n> quoted\n> > twice\n\n```\n" + " " * 200 + "deep code\n```\n\n[^1]: Note.\n")
    assert slow_text(body) is None


def test_nesting_is_limited_at_its_depth():
    nested = lambda depth: "".join("    " * i + "- a\n" for i in range(depth))  # noqa: E731
    assert slow_text(nested(limits.MAX_NESTING)) is None
    refused = slow_text(nested(limits.MAX_NESTING + 1))
    assert refused and refused.line == limits.MAX_NESTING
    assert slow_text("> " * limits.MAX_NESTING + "a") is None
    assert slow_text("> " * (limits.MAX_NESTING + 1) + "a")
    assert slow_text("- " * (limits.MAX_NESTING + 1) + "a")


def test_unclosed_brackets_are_limited_by_their_cost():
    side = math.isqrt(limits.MAX_UNCLOSED_COST)
    assert slow_text("[" * side) is None
    assert slow_text("[" * (side + 1))
    assert slow_text("\\[" * side * 2) is None  # escaped brackets open nothing
    assert slow_text("[a](b) " * side) is None  # closed ones cost nothing here
    refused = slow_text("Fine.\n\nAlso fine.\n\n" + "(" * (side + 1))
    assert refused and refused.line == 4 and "'[' or '('" in refused.message


def test_markup_is_limited_by_its_cost():
    side = math.isqrt(limits.MAX_MARKUP_COST)
    assert slow_text("\\" * side) is None
    assert slow_text("\\" * (side + 1))
    assert slow_text(("\\" * 1000 + "\n\n") * 200) is None  # the same characters in short paragraphs
    assert "markup characters" in slow_text("*" * (side + 1)).message


def test_unclosed_tags_are_limited_by_their_cost():
    assert slow_text("<b>bold</b>\n\n" * 50_000) is None
    count = limits.MAX_TAG_COST // 30_000
    text = ("<x " * count).ljust(30_000, "a")
    assert slow_text(text) is None
    refused = slow_text("Hi.\n<y " + text)
    assert refused and refused.line == 1 and "&lt;" in refused.hint


def test_the_deepest_accepted_list_converts():
    """Python-Markdown overflowed its recursion well below the 700 levels of the issue; the
    deepest list the limit lets through converts."""
    html = convert("".join("    " * i + "- a\n" for i in range(limits.MAX_NESTING)))
    assert html.count("<ul>") == limits.MAX_NESTING


def test_serve_shows_a_slow_body_as_an_error(tmp_path: Path):
    from bs4 import BeautifulSoup
    from test_serve import PREFIX, Served, overlay_lines

    content = copy_fixture("basic", tmp_path / "content")
    (tmp_path / TOPIC).write_text(FRONT + "[" * 100_000, "utf-8")
    server = Served(tmp_path, content, tmp_path / "preview")  # it answered nothing for minutes before
    try:
        status, _, body = server.get(PREFIX + "en/")
        lines = overlay_lines(BeautifulSoup(body, "lxml"))
        assert any("sanctions.en.md:5: this text takes too long to convert (" in line for line in lines), lines
    finally:
        server.stop()
