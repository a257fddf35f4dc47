"""Time the Pages workflow's build step with and without the last deploy's cache.

    python bench/deploy_cache.py --content content [--repeat 3] [--sitegen "python -m sitegen"]
    python bench/deploy_cache.py --content /tmp/corpus/sitegen --repeat 3

Each repeat does what two deploys do on the runner: the content is a git repository (one
commit); a fresh clone builds cold (`sitegen build`, no cache) and its `.sitegen-cache` and
`site` are packed as actions/cache packs them (`tar --posix`); then one article is edited in
both languages and committed, and a fresh clone at the same path unpacks the archive and
builds again. A third fresh clone builds the edited commit cold, for the clean figure. Prints
the wall time of each build, the time to unpack the archive and its size (the download from
GitHub's cache service is not measured here), medians over the repeats.
"""

import argparse
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

GIT_ENV = {"GIT_AUTHOR_NAME": "b", "GIT_AUTHOR_EMAIL": "b@example.org", "GIT_COMMITTER_NAME": "b",
           "GIT_COMMITTER_EMAIL": "b@example.org"}
CACHED = [".sitegen-cache", "site"]


def git(*args, cwd):
    subprocess.run(["git", *args], cwd=cwd, env={**os.environ, **GIT_ENV}, check=True, capture_output=True)


def timed(command, cwd):
    started = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{done.stdout}\n{done.stderr}")
    return time.perf_counter() - started


def fresh_clone(origin, work):
    shutil.rmtree(work, ignore_errors=True)
    subprocess.run(["git", "clone", "--quiet", "--no-local", str(origin), str(work)], check=True)


def edit_one_article(content):
    """Append a sentence to the first article that has both languages."""
    for english in sorted((content / "articles").glob("*.en.md")):
        other = english.with_name(english.name.replace(".en.md", ".id.md"))
        if other.exists():
            for path, said in ((english, "A deploy benchmark sentence."), (other, "Kalimat uji penerbitan.")):
                path.write_text(path.read_text("utf-8") + f"\n{said}\n", "utf-8")
            return english
    sys.exit("no article with both languages to edit")


def one_repeat(content, root, sitegen):
    origin, work, archive = root / "origin", root / "work", root / "cache.tar"
    shutil.rmtree(origin, ignore_errors=True)
    shutil.copytree(content, origin / "content")
    git("init", "--quiet", "-b", "main", cwd=origin)
    git("add", "-A", cwd=origin)
    git("commit", "--quiet", "-m", "corpus", cwd=origin)
    build = [*sitegen, "build", "--quiet"]
    fresh_clone(origin, work)
    first = timed(build, work)
    archive.unlink(missing_ok=True)
    subprocess.run(["tar", "--posix", "-cf", str(archive), "-P", "-C", str(work), *CACHED], check=True)
    edit_one_article(origin / "content")
    git("commit", "--quiet", "-am", "edit one article", cwd=origin)
    fresh_clone(origin, work)
    unpack = timed(["tar", "-xf", str(archive), "-P", "-C", str(work)], work)
    cached = timed(build, work)
    fresh_clone(origin, work)
    clean = timed(build, work)
    return {"cold (first deploy)": first, "cold (edited commit, no cache)": clean,
            "unpack the cache": unpack, "with the restored cache": cached,
            "archive MB": archive.stat().st_size / 1e6}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--content", type=Path, required=True)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sitegen", default=f"{sys.executable} -m sitegen")
    parser.add_argument("--work", type=Path, default=None, help="scratch folder (default: a temporary one)")
    args = parser.parse_args()
    root = args.work or Path(tempfile.mkdtemp(prefix="sitegen-deploy-"))
    samples = [one_repeat(args.content.resolve(), root, shlex.split(args.sitegen)) for _ in range(args.repeat)]
    print(f"{args.content}: {args.repeat} repeats, load average before the last: {os.getloadavg()[0]:.1f}")
    for name in samples[0]:
        values = [s[name] for s in samples]
        print(f"  {name:34} median {statistics.median(values):7.2f}  ({min(values):.2f}-{max(values):.2f})")
    if not args.work:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
