"""Where a rebuild's time goes: a wall-clock timer around sitegen's stages, in one process.

    python bench/phases.py build PROJECT [N]             # N one-article `sitegen build --no-search`s
    python bench/phases.py serve CONTENT OUT [N] [KIND]  # N rebuilds of serve's LiveState, as serve makes them

PROJECT is a folder holding `content/`, built once before (its `.sitegen-cache/` warm); serve
builds CONTENT into OUT first, with drafts as the command does. Each rebuild follows an appended
line in one English article (KIND `edit`, the default), in one English actor (`actor`), or a new
English article (`add`). Prints each rebuild's seconds, in serve when the first pages (the
edited entry's) were on disk, and each timed stage's mean (stages nest: `check` holds
`discover`, `build_content` and `build_graph`). cProfile's overhead on small calls moved these
stages' shares by a factor of two or more; this timer adds a call per stage.
"""
import collections
import functools
import gc
import os
import sys
import time
from pathlib import Path

import sitegen.build as build_module
import sitegen.pages as pages_module
import sitegen.record as record_module
from sitegen.content_walk import WatchedFolder
from sitegen.serve import DevServer

STAGES = ["sources_stamp", "check", "load_parsed", "discover", "build_content", "save_parsed", "build_graph",
          "_write_site", "_make_all", "_write_record", "output_stamps", "write_manifest", "write_checked", "extras_digest"]
totals = collections.defaultdict(float)


def timed(function, name):
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            totals[name] += time.perf_counter() - start
    return wrapper


def first_pages_marked(function):
    """serve's first pages (the edited entries') note when they were on disk."""
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        result = function(*args, **kwargs)
        totals.setdefault("first pages", time.perf_counter())
        return result
    return wrapper


def time_stages():
    for name in STAGES:
        setattr(build_module, name, timed(getattr(build_module, name), name))
    pages_module.Planner.page_plans = timed(pages_module.Planner.page_plans, "page_plans")
    first = "_edited_pages_made" if hasattr(build_module, "_edited_pages_made") else "_run_pages"  # older trees: their first run
    setattr(build_module, first, first_pages_marked(getattr(build_module, first)))
    for cls, name in [(record_module.Previous, "read"), (record_module.Previous, "of"), (record_module.Changes, "since")]:
        setattr(cls, name, classmethod(timed(getattr(cls, name).__func__, f"{cls.__name__}.{name}")))


def edit(content: Path, kind: str, number: int, watched: WatchedFolder | None = None) -> None:
    folder = content / ("actors" if kind == "actor" else "articles")
    files = sorted(folder.glob("*.en.md"))
    path = files[len(files) // 2]
    if kind == "add":
        text, path = path.read_text("utf-8"), folder / f"timed-addition-{number}.en.md"
        path.write_text(text, "utf-8")
    else:
        with open(path, "a", encoding="utf-8") as file:
            file.write(f"\nA timed edit, {number} {time.time()}.\n")
    if watched is not None:
        watched.report(str(path))


def main(argv: list[str]) -> None:
    mode = argv[0]
    content = Path(argv[1]) / "content" if mode == "build" else Path(argv[1])
    count = int(argv[2 if mode == "build" else 3]) if len(argv) > (2 if mode == "build" else 3) else 5
    kind = argv[4] if mode == "serve" and len(argv) > 4 else "edit"
    gc.disable()  # as the command does
    live = None
    if mode == "build":
        os.chdir(argv[1])
        options = build_module.BuildOptions(search=False)
    else:
        options = build_module.BuildOptions(content_dir=content, out_dir=Path(argv[2]), search=False,
                                            include_drafts=True, cache_dir=Path(argv[2]).parent / ".phases-cache")
        server = DevServer(options, lambda report: None, lambda errors: sys.exit(f"content errors: {errors}"))
        live = server.live
        live.watched = WatchedFolder()
        server.rebuild()
        gc.enable()  # the collector as `sitegen serve` leaves it after its first build
        gc.freeze()
    time_stages()
    seconds, collects, firsts = [], [], []
    for number in range(count):
        edit(content, kind, number, live.watched if live else None)
        start = time.perf_counter()
        totals.pop("first pages", None)
        if live is None:
            build_module.build(options)
        else:
            server.rebuild()  # as serve rebuilds: the collector paused
            seconds.append(time.perf_counter() - start)
            firsts.append(totals.pop("first pages", start) - start)
            start = time.perf_counter()
            gc.collect()  # the run serve makes a second later
            collects.append(time.perf_counter() - start)
            continue
        seconds.append(time.perf_counter() - start)
        totals.pop("first pages", None)
    print("rebuilds:", " ".join(f"{s:.3f}" for s in seconds), f"mean {sum(seconds) / count:.3f} s")
    if collects:
        print(f"first pages on disk: mean {sum(firsts) / count:.3f} s")
        print(f"collector's run after each: mean {sum(collects) / count:.3f} s")
    for name, total in sorted(totals.items(), key=lambda item: -item[1]):
        print(f"  {name:22} {total / count:.4f}")


if __name__ == "__main__":
    main(sys.argv[1:])
