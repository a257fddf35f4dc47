"""SIGTERM ends a build or `sitegen serve` as Ctrl-C does (exit 130, previous site intact, no
staging folder left), whether it goes to the main process, to a worker, or to the whole process
group (as `timeout`, systemd and a CI cancel send it), under fork and under spawn.

The build is held on one slow page (a theme whose 404 page loops for minutes) while the other
worker runs out of work: the moment at which the old pool, stopped, waited for ever on a lock
that the killed idle worker held."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import snapshot, ROOT, checkout_env, run_sitegen
from sitefactory import large_site

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals and process groups (docs/cli.md says what Windows does)")

METHODS = ["fork", "spawn"]
SECONDS = 90  # far longer than a stop takes, far shorter than the old hang (> 12 minutes)



def environment(method: str) -> dict[str, str]:
    return checkout_env(SITEGEN_START_METHOD=method, SITEGEN_MIN_PARALLEL="0")


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text().split()
        found += [int(child) for child in text]
    return found


def cpu_time(pid: int) -> int:
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return int(fields[11]) + int(fields[12])


def wait_for_workers(process: subprocess.Popen, folder: Path, pattern: str) -> list[int]:
    """Wait until the build's staging folder exists and its files stop growing (one worker busy
    on the slow page, the other out of work); returns the worker processes."""
    deadline, count, steady = time.monotonic() + SECONDS, -1, 0.0
    while time.monotonic() < deadline and process.poll() is None:
        staging = list(folder.glob(pattern))
        now = sum(1 for _ in staging[0].rglob("*")) if staging else -1
        workers = children(process.pid)
        if staging and now == count and workers:
            if time.monotonic() - steady > 1.5:
                return workers
        else:
            count, steady = now, time.monotonic()
        time.sleep(0.2)
    process.kill()
    pytest.fail(f"the build never reached its slow page: {process.communicate()}")


def slow_theme(tmp_path: Path) -> Path:
    theme = tmp_path / "slow-theme"
    shutil.copytree(ROOT / "templates", theme)
    page = theme / "404.html"
    page.write_text(page.read_text("utf-8").replace("{% block main %}", "{% block main %}{% for i in range(10**10) %}{% endfor %}", 1),
                    "utf-8")
    return theme


def send(target: str, process: subprocess.Popen, workers: list[int]) -> None:
    if target == "group":
        os.killpg(process.pid, signal.SIGTERM)
    elif target == "main":
        os.kill(process.pid, signal.SIGTERM)
    else:
        os.kill(max(workers, key=cpu_time), signal.SIGTERM)  # the one busy on the slow page


def assert_ended_cleanly(process: subprocess.Popen, site: Path, before: dict[str, bytes]) -> None:
    try:
        _, stderr = process.communicate(timeout=SECONDS)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        pytest.fail(f"still running {SECONDS} s after SIGTERM")
    assert process.returncode == 130, stderr
    assert "the previous site was left as it was" in stderr and "Traceback" not in stderr, stderr
    assert snapshot(site) == before
    assert sorted(p.name for p in site.parent.glob(f".{site.name}.*")) == []


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("target", ["main", "worker", "group"])
def test_sigterm_ends_a_build_held_on_a_slow_page(tmp_path: Path, method: str, target: str):
    content = tmp_path / "content"
    large_site(content, 40)  # more than 64 pages: workers even without SITEGEN_MIN_PARALLEL
    run_sitegen("build", "-q", "--no-search", cwd=tmp_path, check=True)
    site = tmp_path / "site"
    before = snapshot(site)
    process = subprocess.Popen([sys.executable, "-m", "sitegen", "build", "-q", "--no-search", "--jobs", "2",
                                "--content", str(content), "--templates", str(slow_theme(tmp_path))],
                               cwd=tmp_path, env=environment(method), start_new_session=True,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    workers = wait_for_workers(process, tmp_path, ".site.tmp-*")
    send(target, process, workers)
    assert_ended_cleanly(process, site, before)


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("target", ["main", "group"])
def test_sigterm_ends_serve_while_it_builds(tmp_path: Path, method: str, target: str):
    """serve's first build, made by workers: SIGTERM mid-build leaves no staging folder."""
    large_site(tmp_path / "content", 200)
    out = tmp_path / "preview"
    process = subprocess.Popen([sys.executable, "-m", "sitegen", "serve", "-q", "--port", "0",
                                "--out", str(out)], cwd=tmp_path, env=environment(method), start_new_session=True,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + SECONDS
    while not list(tmp_path.glob(".preview.tmp-*")) or not children(process.pid):
        if time.monotonic() > deadline or process.poll() is not None:
            process.kill()
            pytest.fail(f"serve never started building with workers: {process.communicate()}")
        time.sleep(0.05)
    send(target, process, [])
    assert_ended_cleanly(process, out, {})
    assert not out.exists()
