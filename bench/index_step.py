"""Time only the search-index step on a site sitegen has written, optionally against another
version of sitegen/search.py, alternating in one process (bench/README.md, "The search index").

    python bench/index_step.py --content WORK/n5000/workspace/content --site WORK/n5000/out-sitegen \\
        --other <(git show fde927f:sitegen/search.py) --repeat 2

Each run indexes a hard-linked copy of the site (its old `pagefind/` left out) into scratch.
"""
from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sitegen import build, search, search_plan  # noqa: E402
from sitegen.errors import Problems  # noqa: E402
from sitegen.i18n import load_translations  # noqa: E402
from sitegen.render import default_locale_dir  # noqa: E402


def other_search(path: Path):
    """Another version of sitegen/search.py, as a module of the sitegen package."""
    copy = Path(tempfile.mkdtemp()) / "search_other.py"
    copy.write_bytes(path.read_bytes())
    spec = importlib.util.spec_from_file_location("sitegen.search_other", copy)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--content", type=Path, required=True)
    parser.add_argument("--site", type=Path, required=True, help="a folder sitegen wrote from --content")
    parser.add_argument("--other", type=Path, help="another sitegen/search.py to time beside this one")
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    graph = build.check(build.BuildOptions(content_dir=args.content)).graph
    gettexts = {lang: load_translations(default_locale_dir(), lang, Problems()).gettext
                for lang in graph.config.languages}
    records, shards = search.event_records(graph, gettexts), search_plan.search_shards(graph)
    print(f"{len(records)} event records, {len(shards)} shards", flush=True)
    versions = [("this search.py", search)] + ([("other search.py", other_search(args.other))] if args.other else [])
    scratch = Path(tempfile.mkdtemp(prefix="sitegen-index-"))
    for repeat in range(args.repeat):
        for label, module in versions:
            site = scratch / "site"
            shutil.copytree(args.site, site, copy_function=os.link, ignore=shutil.ignore_patterns("pagefind"))
            started = time.perf_counter()
            module.write_index(module.BuiltPages(site), shards, records, scratch / "none", {})
            print(f"{label}: {time.perf_counter() - started:.1f} s (load average {os.getloadavg()[0]:.1f})", flush=True)
            shutil.rmtree(site)
    shutil.rmtree(scratch)


if __name__ == "__main__":
    main()
