"""The Pages workflow's build cache: a deploy that restores the last deploy's cache publishes the
same bytes as a clean deploy, and makes again only what the push changed.

The build job is run as the runner runs it, from the workflow file: a fresh clone of the
repository at the same path, the cache restored the way `actions/cache` restores it (a
`tar --posix` archive of the step's paths, unpacked over the clone), then the sitegen commands
of each step in order, then the cache saved. The commands run this checkout's sitegen rather
than a venv made from the lock file (the tests already run on the locked releases).
"""
from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, parse_html, run_sitegen, snapshot

WORKFLOW = ROOT / ".github/workflows/pages.yml"
ARTICLE = "content/articles/russia-north-korea-arms-talks-advance.{lang}.md"
GIT_ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org"}


def build_steps() -> list[dict]:
    return yaml.safe_load(WORKFLOW.read_text("utf-8"))["jobs"]["build"]["steps"]


def cache_step(steps: list[dict]) -> dict:
    found = [step for step in steps if step.get("uses", "").startswith("actions/cache@")]
    assert len(found) == 1, "the build job restores and saves one cache with actions/cache"
    return found[0]


def sitegen_commands(run: str) -> list[list[str]]:
    """The sitegen commands of a step's `run`, in order, without the venv set-up around them."""
    commands = [shlex.split(part) for part in run.split("&&")]
    return [words[1:] for words in commands if words and words[0] == ".venv/bin/sitegen"]


def git(*args: str, cwd: Path, date: str = "2026-11-01T12:00:00+00:00") -> None:
    env = {**os.environ, **GIT_ENV, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)


@dataclass
class Job:
    """What one run of the build job left: its site, and what each build said."""

    site: dict[str, bytes]
    said: str
    restored: bool


def run_build_job(origin: Path, workspace: Path, cache: Path | None) -> Job:
    """Check out `origin` afresh at `workspace`, restore `cache` (an archive) at the cache step if
    it exists, run the steps' sitegen commands, then save the cache's paths into `cache`."""
    shutil.rmtree(workspace, ignore_errors=True)
    subprocess.run(["git", "clone", "--quiet", "--no-local", str(origin), str(workspace)], check=True)
    steps, said, restored = build_steps(), [], False
    for step in steps:
        if step is cache_step(steps) and cache is not None and cache.exists():
            restore(cache, workspace)
            restored = True
        for command in sitegen_commands(step.get("run", "")):
            verbose = ["--verbose"] if command[0] == "build" else []  # it names each page made anew
            result = run_sitegen(*command, *verbose, cwd=workspace, check=True)
            said.append(result.stdout + result.stderr)
    if cache is not None:
        save(workspace, cache_step(steps)["with"]["path"].split(), cache)
    return Job(snapshot(workspace / "site"), "\n".join(said), restored)


def save(workspace: Path, paths: list[str], archive: Path) -> None:
    """As actions/cache saves on Linux: `tar --posix -cf ARCHIVE -P -C WORKSPACE PATHS`, which keeps
    each file's time to the nanosecond; where there is no tar, a copy that keeps them too."""
    archive.unlink(missing_ok=True)
    shutil.rmtree(archive.with_suffix(".d"), ignore_errors=True)
    if shutil.which("tar"):
        subprocess.run(["tar", "--posix", "-cf", str(archive), "-P", "-C", str(workspace), *paths], check=True)
        return
    for rel in paths:
        shutil.copytree(workspace / rel, archive.with_suffix(".d") / rel, copy_function=shutil.copy2)
    archive.touch()


def restore(archive: Path, workspace: Path) -> None:
    if shutil.which("tar"):
        subprocess.run(["tar", "-xf", str(archive), "-P", "-C", str(workspace)], check=True)
    else:
        shutil.copytree(archive.with_suffix(".d"), workspace, copy_function=shutil.copy2, dirs_exist_ok=True)


def made_anew(said: str) -> set[str]:
    """The pages a build rendered anew rather than kept, as `--verbose` lists them."""
    return set(re.findall(r"^rendered (\S+)$", said, re.M))


def pages_built(said: str) -> int:
    match = re.search(r"Built (\d+) pages", said)
    assert match, said
    return int(match[1])


def test_the_cache_key_starts_clean_on_a_new_lock_file_code_or_theme():
    settings = cache_step(build_steps())["with"]
    assert set(settings["path"].split()) == {".sitegen-cache", "site"}
    key, (restore_key,) = settings["key"], settings["restore-keys"].strip().splitlines()
    hashed = re.search(r"hashFiles\(([^)]*)\)", key)[1]
    for source in ("'requirements.lock'", "'sitegen/**'", "'templates/**'", "'locale/**'"):
        assert source in hashed, source
    assert key.endswith("-${{ github.sha }}"), "a new entry per commit: a cache entry is never overwritten"
    assert restore_key == key.removesuffix("${{ github.sha }}"), "only an entry with the same hash is restored"


@pytest.fixture(scope="module")
def deploys(tmp_path_factory) -> dict[str, Job]:
    """The briefing deployed cold, then after a push that edits one article: with the first
    deploy's cache restored, and clean."""
    root = tmp_path_factory.mktemp("deploy")
    origin, workspace, cache = root / "origin", root / "work", root / "cache.tar"
    shutil.copytree(ROOT / "content", origin / "content")
    shutil.copy(ROOT / "requirements.lock", origin)
    git("init", "--quiet", "-b", "main", cwd=origin)
    git("add", "-A", cwd=origin)
    git("commit", "--quiet", "-m", "the briefing", cwd=origin)
    jobs = {"first": run_build_job(origin, workspace, cache)}
    for lang, said in (("en", "Deploy cache test paragraph."), ("id", "Paragraf uji tembolok penerbitan.")):
        article = origin / ARTICLE.format(lang=lang)
        article.write_text(article.read_text("utf-8") + f"\n{said}\n", "utf-8")  # both, or --strict fails
    git("commit", "--quiet", "-am", "edit one article", cwd=origin, date="2026-11-02T12:00:00+00:00")
    jobs["cached"] = run_build_job(origin, workspace, cache)
    jobs["clean"] = run_build_job(origin, workspace, None)
    return jobs


def test_a_deploy_with_the_restored_cache_publishes_the_bytes_of_a_clean_one(deploys):
    assert not deploys["first"].restored and deploys["cached"].restored and not deploys["clean"].restored
    cached, clean = deploys["cached"].site, deploys["clean"].site
    assert sorted(cached) == sorted(clean)
    assert [rel for rel in clean if cached[rel] != clean[rel]] == []
    assert any(rel.startswith("pagefind/") for rel in clean), "the published site has its search index"


def test_a_deploy_with_the_restored_cache_makes_only_what_the_push_changed(deploys, tmp_path):
    edited = "en/articles/russia-north-korea-arms-talks-advance/index.html"
    pages = pages_built(deploys["clean"].said)
    assert len(made_anew(deploys["clean"].said)) == pages
    made = made_anew(deploys["cached"].said)
    assert edited in made and len(made) < pages / 2, made
    page = tmp_path / "page.html"
    page.write_bytes(deploys["cached"].site[edited])
    assert "Deploy cache test paragraph." in parse_html(page).get_text()
    assert deploys["first"].site[edited] != page.read_bytes()
