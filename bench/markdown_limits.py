"""Time the worst bodies sitegen's Markdown limits accept, and check that the bad ones are refused.

    python bench/markdown_limits.py            # every case, each in its own process
    python bench/markdown_limits.py NAME...    # some of them

For each case: whether `sitegen.markdown_limits.slow_text` accepts the body, and for an
accepted body how much CPU time `sitegen.markup.convert` takes (one process per case, so one case's
memory does not slow the next). Results are in bench/README.md.
"""
from __future__ import annotations

import math
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sitegen import markdown_limits as limits  # noqa: E402


def _repeat_to(unit: str, cost_of) -> str:
    """`unit` repeated as often as the limit allows: the largest k with cost_of(k) under it."""
    k = 1
    while cost_of(k * 2):
        k *= 2
    step = k
    while step > 1:
        step //= 2
        if cost_of(k + step):
            k += step
    return unit * k


def _under(limit: int, per_unit_open: float, unit_len: int):
    return lambda k: per_unit_open * k * k * unit_len <= limit


def cases() -> dict[str, str]:
    markup_side = int(math.isqrt(limits.MAX_MARKUP_COST))
    tag_units = int(math.isqrt(limits.MAX_TAG_COST // 3))
    deep = limits.MAX_NESTING
    return {
        # refused: the inputs of issue 19
        "issue: 100,000 [": "[" * 100_000,
        "issue: 200,000 backslashes": "\\" * 200_000,
        "issue: 5,000 × [x](actor:": "[x](actor:" * 5_000,
        "issue: list nested 700 deep": "".join("    " * i + "- a\n" for i in range(700)),
        # accepted at each limit
        f"list nested {deep} deep": "".join("    " * i + "- a\n" for i in range(deep)),
        f"{deep} list markers on a line": "- " * deep + "a\n",
        f"{deep} quote markers": ">" * deep + " a\n",
        "unclosed [ at the limit": _repeat_to("[", _under(limits.MAX_UNCLOSED_COST, 1, 1)),
        "[x](actor: at the limit": _repeat_to("[x](actor:", _under(limits.MAX_UNCLOSED_COST, 1, 10)),
        "[a]( at the limit": _repeat_to("[a]( ", _under(limits.MAX_UNCLOSED_COST, 1, 5)),
        "unclosed [ in 250 paragraphs": ("[" * 4 + "a" * 1996 + "\n\n") * 250,
        "backslashes at the limit": "\\" * markup_side,
        "_a_ at the limit": _repeat_to("_a_ ", _under(limits.MAX_MARKUP_COST, 2, 4)),
        "`a` at the limit": _repeat_to("`a` ", _under(limits.MAX_MARKUP_COST, 2, 4)),
        "&amp; at the limit": _repeat_to("&amp; ", _under(limits.MAX_MARKUP_COST, 1, 6)),
        "[a](b) at the limit": _repeat_to("[a](b) ", _under(limits.MAX_MARKUP_COST, 2, 7)),
        "<a at the limit": "<a " * tag_units,
        "<a in paragraphs at the limit": "<a \n\n" * int(math.isqrt(limits.MAX_TAG_COST // 5)),
        "balanced [ 100,000 deep": "[" * 100_000 + "a" + "]" * 100_000,
        "emphasis 50,000 deep": "*_" * 50_000 + "a" + "_*" * 50_000,
        "500 kB of prose": ("A sentence with a [link](https://example.com) and *emphasis*. " * 30 + "\n\n") * 270,
    }


def run_one(name: str) -> None:
    from sitegen.markup import convert

    body = cases()[name]
    slow = limits.slow_text(body)
    if slow:
        print(f"refused  {len(body):>9,} chars  {name}: {slow.message}")
        return
    start = time.process_time()  # CPU time: the machine may be shared
    convert(body)
    print(f"accepted {len(body):>9,} chars  {name}: {time.process_time() - start:.2f} s CPU")


def main(names: list[str]) -> int:
    for name in names or cases():
        try:
            subprocess.run([sys.executable, __file__, "--one", name], timeout=120, check=True)
        except subprocess.TimeoutExpired:
            print(f"TIMEOUT  {name}")
    return 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--one"]:
        run_one(sys.argv[2])
    else:
        sys.exit(main(sys.argv[1:]))
