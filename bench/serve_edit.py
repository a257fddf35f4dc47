"""Edit latency in a running `sitegen serve`: from the file write to the page on disk.

Issue 8 asks that an editor see a one-article edit, an added article or an actor
edit in under 0.5 s. The build rows time a whole `sitegen build` process, start-up
included; this module instead starts one `sitegen serve`, waits for its first
build, and then, per edit, writes one file (through ``edits.Workspace``, with a
marker that occurs nowhere else) and polls the page that must show it. The time
runs from just after the write is closed until the page's bytes contain the
marker, so it includes the server's wait for its next poll of the content
folder, the incremental build and the write of that page, and nothing else.
"""

import http.client
import os
import secrets
import shutil
import signal
import socket
import subprocess
import time
from contextlib import contextmanager

from measure import Sampler

POLL = 0.002
READY_TIMEOUT = 600
EDIT_TIMEOUT = 60
SETTLE_START = 1.0
SETTLE_EDIT = 0.3
LIVENESS_EVERY = 250
EDITS = [
    ("sitegen serve: edit article", "edit_article"),
    ("sitegen serve: add article", "add_article"),
    ("sitegen serve: edit actor", "edit_actor"),
]


class ServeFailed(Exception):
    """The server could not be started or died while it was measured."""


def free_port():
    """A port nobody listens on right now (the server binds it a moment later)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def page_for(out, source):
    """The page of a content file: ``articles/<slug>.<lang>.md`` -> ``<lang>/articles/<slug>/``."""
    slug, lang, _ = source.name.rsplit(".", 2)
    return out / lang / source.parent.name / slug / "index.html"


def has_marker(page, marker):
    """Whether the page exists and contains the marker (a page being replaced counts as not)."""
    try:
        return marker in page.read_bytes()
    except OSError:
        return False


def http_status(port, timeout):
    """Status of ``GET /`` on the server, or None if it does not answer."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", "/")
        return conn.getresponse().status
    except OSError:
        return None
    finally:
        conn.close()


class ServeProcess:
    """One `sitegen serve` in its own process group, killed with the group on exit."""

    def __init__(self, tool, content, folder, log_path):
        self.out = folder / "out"
        self.cwd = folder / "cwd"
        self.port = free_port()
        self.command = tool.command + ["serve", "--content", str(content), "--out",
                                       str(self.out), "--port", str(self.port),
                                       "--host", "127.0.0.1"]
        self.env = tool.env
        self.log_path = log_path
        self.proc = None

    def __enter__(self):
        shutil.rmtree(self.out, ignore_errors=True)
        shutil.rmtree(self.cwd, ignore_errors=True)
        self.cwd.mkdir(parents=True)
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        with self.log_path.open("w") as log:
            self.proc = subprocess.Popen(self.command, cwd=self.cwd, env=self.env, stdout=log,
                                         stderr=subprocess.STDOUT, start_new_session=True)
        return self

    def __exit__(self, *exc):
        self.stop()

    def alive(self):
        return self.proc.poll() is None

    def check_alive(self):
        if not self.alive():
            raise ServeFailed(f"the server exited with status {self.proc.returncode}")

    def wait_ready(self, timeout=READY_TIMEOUT):
        """Seconds until the first build is on disk and the server answers HTTP.

        The server listens only after its first build, and the root answers 302
        (to the base_url's path prefix) or 200 (when there is no prefix).
        """
        started = time.perf_counter()
        while time.perf_counter() - started < timeout:
            self.check_alive()
            if (self.out / "index.html").is_file() and http_status(self.port, 5) in (200, 302):
                return time.perf_counter() - started
            time.sleep(0.1)
        raise ServeFailed(f"not ready after {timeout} s")

    def barrier(self):
        """Return once no rebuild is running.

        The server handles requests and rebuilds on one thread, so a request is
        answered only after the rebuild in progress has finished.
        """
        http_status(self.port, EDIT_TIMEOUT)

    def stop(self):
        if self.proc is None or not self.alive():
            return
        for sig, grace in ((signal.SIGTERM, 5), (signal.SIGKILL, None)):
            try:
                os.killpg(self.proc.pid, sig)
            except ProcessLookupError:
                break
            try:
                self.proc.wait(timeout=grace)
                break
            except subprocess.TimeoutExpired:
                continue


def wait_for(server, page, marker, present, timeout=EDIT_TIMEOUT):
    """``perf_counter()`` when the page first contains (or lacks) the marker; None on timeout."""
    deadline = time.perf_counter() + timeout
    checks = 0
    while has_marker(page, marker) != present:
        if time.perf_counter() > deadline:
            return None
        checks += 1
        if checks % LIVENESS_EVERY == 0:
            server.check_alive()
        time.sleep(POLL)
    return time.perf_counter()


def edit_latency(server, space, method):
    """Make one edit, time it to the page, undo it and wait until the page is back.

    Returns a sample: ``{"rc": 0, "wall": latency}``, or ``rc`` 1 with an error.
    """
    marker = f"serve{secrets.token_hex(4)}"
    source = getattr(space, method)(marker)
    written = time.perf_counter()
    page = page_for(server.out, source)
    seen = wait_for(server, page, marker.encode(), present=True)
    space.restore()
    undone = wait_for(server, page, marker.encode(), present=False)
    time.sleep(SETTLE_EDIT)
    server.barrier()
    if seen is None:
        missing = "" if page.exists() else " (no such page)"
        return {"rc": 1, "wall": 0.0,
                "error": f"{page}{missing} did not show the edit within {EDIT_TIMEOUT} s"}
    sample = {"rc": 0, "wall": seen - written}
    if undone is None:
        sample["note"] = f"{page} still showed the edit {EDIT_TIMEOUT} s after the undo"
    return sample


def measure(tool, space, folder, log_path, repeats, record):
    """Run every edit ``repeats`` times in one server; ``record(row, sample)`` each.

    Returns ``{"ready": s, "rss": bytes, "pss": bytes}``: the first build's time
    and the peak memory of the server's process tree during the edits: RSS
    during the timed ones, PSS during one more round of them, untimed (reading
    PSS takes CPU from the rebuild, see measure.py).
    Raises ServeFailed if the server does not come up or dies.
    """
    with ServeProcess(tool, space.content, folder, log_path) as server:
        ready = server.wait_ready()
        time.sleep(SETTLE_START)
        server.barrier()
        try:
            with sampling(server, with_pss=False) as timed:
                for _ in range(repeats):
                    for row, method in EDITS:
                        record(row, edit_latency(server, space, method))
            with sampling(server, with_pss=True) as untimed:
                for _, method in EDITS:
                    edit_latency(server, space, method)
        finally:
            space.restore()
    return {"ready": ready, "rss": timed.peak, "pss": untimed.peak_pss,
            "pss_fallback": untimed.pss_fallback}


@contextmanager
def sampling(server, with_pss):
    """A Sampler of the server's process tree while the block runs."""
    sampler = Sampler(server.proc.pid, with_pss)
    sampler.start()
    try:
        yield sampler
    finally:
        sampler.stop()
