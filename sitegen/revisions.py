"""When each content file last changed, read from the git history of the content folder.

One `git log` over the whole folder gives every file's last commit: a process per file would
cost a process per file. Only commits count. A file edited but not committed yet keeps the
date of its last commit, and a file never committed has none, so two builds of one commit
give the same bytes whatever the working tree's clocks say.

A file's date is the newest committer date (when a commit entered the history) of the commits
that touched it, in the site's time zone. Renames are not followed: a renamed file changed when
it was renamed.

A cache file keeps the dates with the commit they were read at: the same commit costs no log,
and commits on top of it a log of those commits only (the newest date is the same whether read
at once or in parts). A log of the whole history reads every commit's changes.

Without git, outside a repository, or in a shallow clone (whose oldest commit seems to change
every file) there are no revision dates, and `Revisions.off` says why.
"""
from __future__ import annotations

import json
import os
import subprocess
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import Mapping

from .model import Text

GIT_TIMEOUT = 300  # seconds; a log of a large history takes well under one (bench/README.md)


@dataclass(frozen=True)
class Revisions:
    """Each content file's last commit time (`articles/x.en.md` → datetime), or why there are none."""

    dates: dict[str, datetime] = field(default_factory=dict)
    off: str = ""


@dataclass(frozen=True)
class StaleTranslation:
    """A translation whose other language changed on a later day than it, and was not checked since."""

    text: Text  # the older translation
    newer: Text
    changed: date  # the day the newer one last changed
    last: date  # the day the older one last changed


def _git(folder: Path, *args: str) -> subprocess.CompletedProcess:
    """Run git in `folder`: a list of arguments, no shell; messages in English, to tell them apart."""
    env = {**os.environ, "LC_ALL": "C", "LANGUAGE": "C", "GIT_OPTIONAL_LOCKS": "0"}
    return subprocess.run(["git", "-c", "core.quotePath=false", *args], cwd=folder, env=env,
                          stdin=subprocess.DEVNULL, capture_output=True, timeout=GIT_TIMEOUT)


def _probe(folder: Path) -> tuple[str, str]:
    """(the commit checked out, "") when the folder's history can be read, else ("", why not)."""
    try:
        result = _git(folder, "rev-parse", "--is-shallow-repository", "HEAD")
    except FileNotFoundError:
        return "", "git is not installed"
    except (OSError, subprocess.SubprocessError) as exc:
        return "", f"git could not run ({exc})"
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip()
        if "not a git repository" in message:
            return "", "the content folder is not in a git repository"
        first = message.splitlines()[0] if message else f"exit status {result.returncode}"
        return "", f"git cannot read its history ({first})"
    lines = result.stdout.decode("ascii", "replace").split()
    if lines[:1] == ["true"]:
        return "", "the git clone is shallow"
    return (lines[-1] if lines else ""), ""


def head_commit(folder: Path) -> str:
    """The commit checked out where `folder` is ("" without one): a new one may change the dates."""
    return _probe(folder)[0]


def read_revisions(folder: Path, zone: tzinfo, cache: Path | None = None) -> Revisions:
    """Every file's last commit time below `folder`, by its path relative to it, in `zone`;
    with `cache`, a file that keeps them between calls."""
    head, off = _probe(folder)
    if off:
        return Revisions(off=off)
    key = str(folder.resolve())
    before, times = _read_cache(cache, key)
    if before != head:
        since = before if before and _is_ancestor(folder, before, head) else ""
        found = _log(folder, f"{since}..{head}" if since else head)
        if isinstance(found, str):
            return Revisions(off=found)
        times = times if since else {}
        for name, when in found.items():
            times[name] = max(when, times.get(name, when))
        _write_cache(cache, key, head, times)
    return Revisions({name: datetime.fromtimestamp(when, zone) for name, when in sorted(times.items())})


def _is_ancestor(folder: Path, older: str, newer: str) -> bool:
    try:
        return _git(folder, "merge-base", "--is-ancestor", older, newer).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


def _log(folder: Path, commits: str) -> dict[str, int] | str:
    """The newest commit time of each file below `folder` changed by `commits`; or why not."""
    try:
        log = _git(folder, "log", "--format=%x00%ct", "--name-only", "-z", "--no-renames", "--relative",
                   "--no-show-signature", commits, "--", ".")
    except (OSError, subprocess.SubprocessError) as exc:
        return f"git log could not run ({exc})"
    if log.returncode != 0:
        message = log.stderr.decode("utf-8", "replace").strip()
        return f"git log failed ({message.splitlines()[0] if message else log.returncode})"
    return last_commits(log.stdout)


def last_commits(output: bytes) -> dict[str, int]:
    """Parse `git log --format=%x00%ct --name-only -z` into each name's newest commit time: each
    commit is a NUL, its time, a NUL, then (after a newline) the names it touched, each ending in
    a NUL. A name is never empty, so a token after an empty one is a commit's time."""
    times: dict[str, int] = {}
    when = 0
    header_next, first_name = True, False
    for token in output.split(b"\0"):
        if not token:
            header_next = True
        elif header_next:
            when, header_next, first_name = int(token), False, True
        else:
            if first_name and token.startswith(b"\n"):
                token = token[1:]
            first_name = False
            name = token.decode("utf-8", "surrogateescape")
            times[name] = max(when, times.get(name, when))
    return times


def _read_cache(cache: Path | None, key: str) -> tuple[str, dict[str, int]]:
    """The commit the cache was made at and its times, if it was made for this folder."""
    try:
        data = json.loads(cache.read_text("utf-8")) if cache else {}
        if data.get("folder") == key and isinstance(data.get("times"), dict):
            return str(data["head"]), {str(k): int(v) for k, v in data["times"].items()}
    except (OSError, ValueError, TypeError, AttributeError, KeyError):
        pass
    return "", {}


def _write_cache(cache: Path | None, key: str, head: str, times: dict[str, int]) -> None:
    if cache is None:
        return
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_name(cache.name + ".tmp")
        tmp.write_text(json.dumps({"folder": key, "head": head, "times": times}, sort_keys=True), "utf-8")
        tmp.replace(cache)
    except OSError:
        pass  # a cache that cannot be written costs the next build a log, nothing else


def last_modified(text: Text, revised: Mapping[str, datetime], *dates: datetime | None) -> datetime | None:
    """When the page of `text` last changed: the newest of its file's last commit and `dates` (an
    article's publication and `updated` dates; a newest correction belongs here too)."""
    found = [when for when in (revised.get(text.path), *dates) if when is not None]
    return max(found) if found else None


def stale_translation(texts: Mapping[str, Text], lang: str, revised: Mapping[str, datetime]) -> StaleTranslation | None:
    """Whether the `lang` text of an entry is older than another language's, by day: that one's
    last commit is on a later day than this one's, and than this one's `translation_checked`."""
    own = texts.get(lang)
    if own is None or own.path not in revised:
        return None
    others = [(revised[t.path].date(), t.lang, t) for t in texts.values() if t.lang != lang and t.path in revised]
    if not others:
        return None
    changed, _, newer = max(others, key=lambda item: (item[0], item[1]))
    last = revised[own.path].date()
    if changed <= last or (own.translation_checked is not None and own.translation_checked >= changed):
        return None
    return StaleTranslation(own, newer, changed, last)
