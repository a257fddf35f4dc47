"""Limits that keep every body's conversion short, checked before it is converted.

Python-Markdown takes time that grows with the square of a paragraph's length on some inputs
(each match rebuilds the paragraph's text; each unclosed `[` or `(` makes it search to the end
of the paragraph; each unclosed `<tag` makes the raw-HTML pass search to the end of the body),
and it recurses once per level of nested lists and quotes. Each limit below measures one of
those costs in the text itself, so a body is refused or accepted the same way on every machine
(a time limit would make the output depend on the machine's speed). The worst bodies each limit
accepts, and how long they take, are measured by bench/markdown_limits.py (bench/README.md);
docs/security.md lists the limits for editors.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

MAX_NESTING = 32  # lists and quotes inside each other; Python-Markdown's recursion fails near 250
MAX_UNCLOSED_COST = 2_000_000  # Σ over paragraphs: unclosed `[` and `(` × the paragraph's characters
MAX_MARKUP_COST = 250_000_000  # Σ over paragraphs: markup characters × the paragraph's characters
MAX_TAG_COST = 2_000_000  # unclosed `<tag` × the body's characters

TOO_SLOW = "this text takes too long to convert"
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_BRACKET = re.compile(r"\\.|[\[\]()]", re.DOTALL)
MARKUP_CHARACTERS = "\\`*_[]!<&"
_MARKUP = re.compile(r"[\\`*_\[\]!<&]")
# A line nested deeper than MAX_NESTING starts with more characters than that which are
# indentation or list and quote markers (each level takes one at least: a tab, a `>`).
_DEEP_PREFIX = re.compile(f"\\n[ \\t>*+\\-0-9.)]{{{MAX_NESTING + 1},}}")  # searched in "\\n" + body
_TAG = re.compile(r"<[A-Za-z/!?][^<>]*(>)?")
_NESTING = re.compile(r"[ \t]*((?:>[ \t]*|(?:[-*+]|\d{1,9}[.)])[ \t]+)*)")
_MARKER = re.compile(r">|[-*+]|\d{1,9}[.)]")
_FENCE = re.compile(r"[ \t]*(```|~~~)")


@dataclass(frozen=True)
class SlowText:
    """Why a body would take too long to convert: the body line (0-based) and what to change."""

    line: int
    detail: str
    hint: str

    @property
    def message(self) -> str:
        return f"{TOO_SLOW} ({self.detail})"


def slow_text(body: str) -> SlowText | None:
    """The first limit `body` exceeds, or None when it converts quickly.

    Each measure is first bounded from above by counting characters over the whole body, and
    taken exactly only when that bound passes its limit: counting is the only cost for almost
    every body (bench/README.md)."""
    found = None
    if _DEEP_PREFIX.search("\n" + body):
        found = _too_deep(body)
    if not found and (_may_pass(body, "[(", MAX_UNCLOSED_COST) or _may_pass(body, MARKUP_CHARACTERS, MAX_MARKUP_COST)):
        found = _paragraph_costs(body)
    if not found and _may_pass(body, "<", MAX_TAG_COST):
        found = _unclosed_tags(body)
    return found


def _may_pass(body: str, characters: str, limit: int) -> bool:
    """Whether the count of `characters` in the body × its length passes `limit`: it bounds the
    costs below from above. A body whose length squared is under the limit is spared counting."""
    return len(body) * len(body) > limit and sum(map(body.count, characters)) * len(body) > limit


def _too_deep(body: str) -> SlowText | None:
    in_fence = False
    for number, line in enumerate(body.split("\n")):
        if _FENCE.match(line):
            in_fence = not in_fence
        if in_fence:
            continue
        prefix = _NESTING.match(line)
        indent = len(line) - len(line.lstrip(" \t"))
        columns = len(line[:indent].expandtabs(4))
        depth = columns // 4 + len(_MARKER.findall(prefix.group(1)))
        if depth > MAX_NESTING:
            return SlowText(number, f"lists or quotes nested {depth} deep here, more than {MAX_NESTING}",
                            "nest lists and quotes less deeply, or indent code with a fence (```) instead")
    return None


def _paragraph_costs(body: str) -> SlowText | None:
    """Both per-paragraph costs, summed over the body; names the paragraph that passes a limit."""
    unclosed_cost = markup_cost = 0
    start = line = 0
    for match in [*_PARAGRAPH_BREAK.finditer(body), None]:
        end = match.start() if match else len(body)
        paragraph = body[start:end]
        unclosed_cost += _unclosed(paragraph) * len(paragraph)
        if unclosed_cost > MAX_UNCLOSED_COST:
            return SlowText(line, f"too many '[' or '(' left open in this paragraph and those before it; at most "
                            f"{MAX_UNCLOSED_COST:,} for open brackets × paragraph length",
                            "close each bracket, write \\[ or \\( for one that opens nothing, or split the paragraph")
        markup_cost += len(_MARKUP.findall(paragraph)) * len(paragraph)
        if markup_cost > MAX_MARKUP_COST:
            return SlowText(line, f"too many markup characters (\\ ` * _ [ ] ! < &) in this long paragraph and those "
                            f"before it; at most {MAX_MARKUP_COST:,} for markup characters × paragraph length",
                            "split the paragraph with blank lines, or write fewer of these characters")
        if match is None:
            break
        line += body.count("\n", start, match.end())
        start = match.end()
    return None


def _unclosed(paragraph: str) -> int:
    """How many `[` and `(` no `]` or `)` closes (backslash-escaped ones open nothing)."""
    brackets = parens = 0
    for token in _BRACKET.findall(paragraph):
        if token == "[":
            brackets += 1
        elif token == "]":
            brackets -= brackets > 0
        elif token == "(":
            parens += 1
        elif token == ")":
            parens -= parens > 0
    return brackets + parens


def _unclosed_tags(body: str) -> SlowText | None:
    open_tags = [match for match in _TAG.finditer(body) if match.group(1) is None]
    if len(open_tags) * len(body) > MAX_TAG_COST:
        first = open_tags[0]
        return SlowText(body.count("\n", 0, first.start()),
                        f"{len(open_tags):,} '<' begin an HTML tag that no '>' closes, in {len(body):,} characters; at most "
                        f"{MAX_TAG_COST:,} for open tags × length",
                        "write &lt; for a '<' that opens no tag, or close the tag with '>'")
    return None
