"""A build that fails or is interrupted leaves the previous site/ exactly as it was."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import snapshot, checkout_env, parse_html, run_sitegen, write_files
from sitefactory import large_site
from sitegen.outdir import MARKER
from sitegen.write import JOURNAL, exchange_paths, recover_leftovers, staging_dirs

ARTICLES = 400  # enough that writing the site takes a noticeable fraction of a second



def leftovers(site: Path) -> list[str]:
    return [p.name for p in staging_dirs(site)]


def start_build(cwd: Path, method: str, *options: str) -> subprocess.Popen:
    env = checkout_env(SITEGEN_START_METHOD=method)
    return subprocess.Popen([sys.executable, "-m", "sitegen", "build", "-q", *(options or ("--clean",))], cwd=cwd,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def stop_while_writing(process: subprocess.Popen, site: Path) -> Path:
    """Freeze the build the moment its staging folder appears; returns that folder. (Only its
    own: a folder of an earlier build killed outright may still be there, its workers finishing
    a last page into it, until the next build that writes clears it.)"""
    deadline = time.monotonic() + 300
    mine = f".{site.name}.tmp-{process.pid}"
    while process.poll() is None and time.monotonic() < deadline:
        staging = list(site.parent.glob(mine))
        if staging:
            os.kill(process.pid, signal.SIGSTOP)
            return staging[0]
    process.kill()
    pytest.fail("the build finished before it could be interrupted while writing")


@pytest.fixture(scope="module")
def big_project(tmp_path_factory) -> Path:
    project = tmp_path_factory.mktemp("big")
    large_site(project / "content", ARTICLES)
    run_sitegen("build", "-q", cwd=project, check=True)
    return project


@pytest.mark.parametrize("method", ["fork", "spawn"])
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL], ids=["SIGINT", "SIGTERM", "SIGKILL"])
def test_a_build_killed_while_writing_leaves_the_site_as_it_was(big_project: Path, signum: int, method: str):
    site = big_project / "site"
    before = snapshot(site)
    large_site(big_project / "content", ARTICLES, title=f"Changed {signum}")
    process = start_build(big_project, method)
    staging = stop_while_writing(process, site)
    assert snapshot(site) == before
    os.kill(process.pid, signum)
    os.kill(process.pid, signal.SIGCONT)
    _, stderr = process.communicate(timeout=120)

    assert snapshot(site) == before
    if signum == signal.SIGKILL:  # its workers end once they find no more work, or their pipe closed
        assert process.returncode == -signal.SIGKILL
    else:
        assert process.returncode == 130, stderr
        assert "the previous site was left as it was" in stderr
        assert "Traceback" not in stderr
        assert not staging.exists() and leftovers(site) == []

    run_sitegen("build", "-q", cwd=big_project, check=True)
    assert leftovers(site) == []
    title = parse_html(site / "en" / "index.html").find("p", class_="site-name").get_text(strip=True)
    assert title == f"Changed {signum}"
    large_site(big_project / "content", ARTICLES)
    run_sitegen("build", "-q", cwd=big_project, check=True)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGKILL], ids=["SIGTERM", "SIGKILL"])
def test_a_rebuild_staging_only_changes_killed_while_writing_leaves_the_site_as_it_was(big_project: Path, signum: int):
    """Not --clean: the rebuild stages only the files that differ (write.Overlay) beside the site."""
    site = big_project / "site"
    before = snapshot(site)
    large_site(big_project / "content", ARTICLES, title=f"Overlay {signum}")
    process = start_build(big_project, "fork", "--no-search")
    staging = stop_while_writing(process, site)
    os.kill(process.pid, signum)
    os.kill(process.pid, signal.SIGCONT)
    _, stderr = process.communicate(timeout=120)
    assert snapshot(site) == before
    if signum != signal.SIGKILL:
        assert process.returncode == 130 and "Traceback" not in stderr, stderr
        assert not staging.exists()
    run_sitegen("build", "-q", "--no-search", cwd=big_project, check=True)
    assert leftovers(site) == []
    title = parse_html(site / "en" / "index.html").find("p", class_="site-name").get_text(strip=True)
    assert title == f"Overlay {signum}"
    large_site(big_project / "content", ARTICLES)
    run_sitegen("build", "-q", cwd=big_project, check=True)


def test_moves_an_overlay_had_begun_are_finished_by_the_next_build(tmp_path: Path):
    """Killed while moving its staged files in: the next run carries out the rest of its list,
    so the site is the new one, not a mix of old and new that no build made."""
    dead = 2 ** 22 + 12346
    site = write_files(tmp_path / "site", {
        "a.html": "old a", "b/index.html": "old b", "gone.html": "old", "pagefind/s/old.pf": "old shard", MARKER: "x"})
    overlay = tmp_path / f".site.tmp-{dead}"
    write_files(overlay, {"b/index.html": "new b", "c/index.html": "new c", "pagefind/s/new.pf": "new shard",
                          MARKER: "sitegen"})
    (site / "a.html").write_text("new a")  # moved in before the kill: gone from the overlay
    journal = {"folders": ["pagefind/s"], "files": ["a.html", "b/index.html", "c/index.html"], "remove": ["gone.html"]}
    (overlay / JOURNAL).write_text(json.dumps(journal))
    recover_leftovers(site)
    assert snapshot(site) == {"a.html": b"new a", "b/index.html": b"new b", "c/index.html": b"new c",
                              "pagefind/s/new.pf": b"new shard", MARKER: b"x"}
    assert not overlay.exists()


def test_a_build_with_content_errors_does_not_touch_the_site(basic_content: Path, tmp_path: Path):
    site = tmp_path / "site"
    run_sitegen("build", "--content", str(basic_content), "--out", str(site), cwd=tmp_path, check=True)
    before = snapshot(site)
    (basic_content / "topics" / "sanctions.en.md").write_text("---\ntitle: [\n---\n", "utf-8")
    result = run_sitegen("build", "--content", str(basic_content), "--out", str(site), cwd=tmp_path)
    assert result.returncode == 1
    assert snapshot(site) == before
    assert leftovers(site) == []


def test_an_incremental_build_hard_links_unchanged_files(basic_content: Path, tmp_path: Path):
    site = tmp_path / "site"
    run_sitegen("build", "--content", str(basic_content), "--out", str(site), cwd=tmp_path, check=True)
    inodes = {rel: (site / rel).stat().st_ino for rel in snapshot(site)}
    topic = basic_content / "topics" / "sanctions.en.md"
    topic.write_text(topic.read_text("utf-8").replace("Sanctions text for en.", "New background."), "utf-8")
    run_sitegen("build", "--content", str(basic_content), "--out", str(site), cwd=tmp_path, check=True)
    changed = {rel for rel in snapshot(site) if (site / rel).stat().st_ino != inodes.get(rel)}
    assert "en/topics/sanctions/index.html" in changed
    assert "id/topics/sanctions/index.html" not in changed
    assert "static/style.css" not in changed


def test_leftovers_of_a_killed_build_are_repaired_before_the_next_one(tmp_path: Path):
    """Killed between the two renames of the fallback swap: the old site is put back."""
    dead = 2 ** 22 + 12345  # above the default pid_max of small systems, so no such process
    site = tmp_path / "site"
    write_files(tmp_path / f".site.old-{dead}", {"index.html": "old site", MARKER: "sitegen"})
    write_files(tmp_path / f".site.tmp-{dead}", {"index.html": "half written", MARKER: "sitegen"})
    users = [write_files(tmp_path / name, {"index.html": "mine", **extra}) for name, extra in
             [(".site.old-mybackup", {MARKER: "sitegen"}), (f".site.tmp-{dead + 1}", {})]]
    recover_leftovers(site)
    assert (site / "index.html").read_text() == "old site"
    assert leftovers(site) == []
    assert all((folder / "index.html").read_text() == "mine" for folder in users)  # not this build's: kept


def test_a_running_build_keeps_its_staging_folder(tmp_path: Path):
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        staging = write_files(tmp_path / f".site.tmp-{sleeper.pid}", {"index.html": "in progress", MARKER: ""})
        recover_leftovers(tmp_path / "site")
        assert (staging / "index.html").is_file()
    finally:
        sleeper.kill()
        sleeper.wait()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="renameat2 is Linux-only; elsewhere two renames are used")
def test_the_swap_is_one_atomic_exchange_on_linux(tmp_path: Path):
    write_files(tmp_path / "a", {"f": "A"})
    write_files(tmp_path / "b", {"f": "B"})
    assert exchange_paths(tmp_path / "a", tmp_path / "b")
    assert (tmp_path / "a" / "f").read_text() == "B"
    assert (tmp_path / "b" / "f").read_text() == "A"


HOLD_SCRIPT = """
import signal, sys, threading, time
from sitegen.write import signals_held

events = []
def handler(signum, frame):
    events.append("signal")
    raise KeyboardInterrupt
signal.signal(signal.SIGTERM, handler)
other = threading.Thread(target=time.sleep, args=(30,), daemon=True)
other.start()
try:
    with signals_held():
        signal.pthread_kill(other.ident, signal.SIGTERM)  # the kernel may pick any thread: here, the other
        time.sleep(0.3)
        events.append("held work done")
        if sys.argv[1] == "fails":
            raise ValueError("the held work failed")
except KeyboardInterrupt:
    events.append("interrupted")
except ValueError:
    events.append("failure reported")
print(events, signal.getsignal(signal.SIGTERM) is handler)
"""


@pytest.mark.parametrize("outcome", ["succeeds", "fails"])
def test_a_signal_taken_by_another_thread_still_waits_for_the_held_work(tmp_path: Path, outcome: str):
    """`sitegen serve` has threads besides the main one: a SIGTERM the kernel hands to one of them
    must still wait until the swap (or the stop of the workers) is over, and must not be lost."""
    env = checkout_env()
    result = subprocess.run([sys.executable, "-c", HOLD_SCRIPT, outcome], env=env, capture_output=True, text=True,
                            timeout=60, check=True)
    assert result.stdout.strip() == "['held work done', 'signal', 'interrupted'] True", result.stdout + result.stderr
