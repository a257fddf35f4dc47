"""Benchmark sitegen against Hugo and Pelican on the same generated corpus.

    python bench/run.py --articles 5000              # one size, 3 repeats
    python bench/run.py --articles 1000,5000         # plus the scaling table
    python bench/run.py --smoke                      # tiny size, one repeat (CI)
    python bench/run.py --articles 1000 --skip-peers # sitegen rows only

Within each repeat the cold builds of the three tools run one after another in
a rotating order, followed by sitegen's incremental rebuilds, so that a slow
phase of the machine hits every tool alike. After the last repeat one
`sitegen serve` runs every serve edit --repeat times (serve_edit.py), so that
its polling watcher never competes with a measured build. Last, each tool
builds cold once more with the PSS sampler on, for the peak memory: the timed
runs do not read PSS, which would take CPU from the tools that use both cores
(see measure.py). See bench/README.md.
"""

import argparse
import importlib.util
import json
import os
import platform
import shlex
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import corpus
import report
import serve_edit
import tools
from edits import Workspace

HERE = Path(__file__).resolve().parent
MEASURE = HERE / "measure.py"
SMOKE_SIZE = 30
EDITS = [
    ("sitegen edit article", "edit_article"),
    ("sitegen add article", "add_article"),
    ("sitegen edit actor", "edit_actor"),
    ("sitegen edit template", "edit_template"),
]


def users_environment(env):
    """The environment a measured command runs in: this one, but with Python writing its
    bytecode (.pyc) as it does on a user's machine. Some sandboxes set PYTHONDONTWRITEBYTECODE,
    which makes every sitegen and Pelican process compile its modules again."""
    return {key: value for key, value in (env or os.environ).items() if key != "PYTHONDONTWRITEBYTECODE"}


def html_state(folder):
    """``{path: (mtime_ns, size)}`` for every html file under ``folder``."""
    state = {}
    for root, _, files in os.walk(folder):
        for name in files:
            if name.endswith(".html"):
                path = os.path.join(root, name)
                info = os.stat(path)
                state[path] = (info.st_mtime_ns, info.st_size)
    return state


def run_bounded(command, log, env, timeout):
    """Run the measuring wrapper in its own process group.

    The group is killed on timeout (then False is returned) and also when this
    script is interrupted, so no build outlives the benchmark.
    """
    proc = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env,
                            start_new_session=True)
    try:
        proc.wait(timeout=timeout)
        return True
    except subprocess.TimeoutExpired:
        return False
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


class Trash:
    """Where outputs go between builds: moved aside, deleted when the run ends.

    On ext4, an inode freed in the last minute or more is not given out again
    (`recently_deleted` in `ext4_new_inode`): right after an output of 12,000 files is
    deleted, making the next one's files and folders costs several times as much system
    time, and it grew from run to run. Deleting nothing while measuring keeps that out of
    every tool's figures.
    """

    def __init__(self, folder):
        self.folder = folder
        self.count = 0

    def set_aside(self, path):
        if not path.exists():
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        self.count += 1
        path.rename(self.folder / f"{self.count}-{path.name}")

    def empty(self):
        shutil.rmtree(self.folder, ignore_errors=True)


class Bench:
    """Runs the measured commands for one corpus size and keeps their samples."""

    def __init__(self, args, found, size, trash):
        self.args = args
        self.tools = found
        self.size = size
        self.trash = trash
        self.work = args.work / f"n{size}"
        self.logs = args.work / "logs"
        self.corpus_dir = args.work / f"corpus-{size}-seed{args.seed}{'' if args.shape == 'a' else '-' + args.shape}"
        self.manifest = {}
        self.space = None
        self.samples = {}
        self.memory = {}  # row -> samples of the untimed runs that read PSS
        self.notes = {}
        self.info = []
        self.failures = []

    def measure(self, row, command, cwd, out, env=None, repeat=0, pss=False):
        """Run ``command`` through measure.py; record wall, CPU, RSS and pages, or with
        ``pss`` the peak PSS, in a sample kept apart from the timed ones."""
        before = html_state(out) if out.exists() else {}
        self.logs.mkdir(parents=True, exist_ok=True)
        kind = "-pss" if pss else ""
        log = self.logs / f"n{self.size}-{row.replace(' ', '-')}{kind}-{repeat}.log"
        result_file = log.with_suffix(".json")
        result_file.unlink(missing_ok=True)
        with log.open("w") as handle:
            finished = run_bounded([sys.executable, str(MEASURE), *(["--pss"] if pss else []),
                                    str(result_file), str(cwd), "--", *command],
                                   handle, users_environment(env), self.args.timeout)
        try:
            sample = json.loads(result_file.read_text())
        except (OSError, ValueError):
            reason = "measure.py wrote no result" if finished else \
                f"killed after the {self.args.timeout} s timeout"
            sample = {"rc": -1, "wall": 0.0, "cpu": 0.0, "max_rss": 0, "tree_rss": 0,
                      "tree_pss": 0, "error": reason}
        after = html_state(out) if out.exists() else {}
        sample["pages"] = len(after)
        sample["written"] = sum(1 for p, s in after.items() if before.get(p) != s)
        (self.memory if pss else self.samples).setdefault(row, []).append(sample)
        if sample["rc"] != 0:
            self.fail(row, command, log, sample)
        elif pss and not self.args.quiet:
            print(f"  {row:<28} {sample['tree_pss'] / 2**20:7.0f} MB PSS (untimed)", flush=True)
        elif not self.args.quiet:
            print(f"  {row:<28} {sample['wall']:7.2f} s  {sample['tree_rss'] / 2**20:6.0f} MB RSS"
                  f"  {sample['written']:>6} written", flush=True)
        return sample["rc"] == 0

    def fail(self, row, command, log, sample):
        lines = log.read_text(errors="replace").splitlines() if log.exists() else []
        self.failures.append(row)
        print(f"  {row}: FAILED (exit {sample['rc']}): {' '.join(command)}", flush=True)
        if sample.get("error"):
            print(f"    {sample['error']}")
        print("    " + "\n    ".join(lines[-25:] or ["(no output)"]))

    def cold_sitegen(self, repeat, pss=False):
        """The cold build; with --modes, once per mode (fork, spawn, one), each its own row.
        The last one's output is what the incremental rows start from."""
        ok = True
        for mode in self.args.modes or [""]:
            ok = self.cold_sitegen_as(mode, repeat, pss) and ok
        return ok

    def cold_sitegen_as(self, mode, repeat, pss):
        tool, cwd, out = self.tools["sitegen"], self.work / "cwd", self.work / "out-sitegen"
        self.trash.set_aside(cwd)
        self.trash.set_aside(out)
        cwd.mkdir(parents=True)
        command = tools.build_command(tool, self.space.content, out, clean=True,
                                      templates=self.space.templates,
                                      search=not self.args.no_search)
        env = dict(tool.env or os.environ)
        env.pop("SITEGEN_START_METHOD", None)
        if mode in ("fork", "spawn"):
            env["SITEGEN_START_METHOD"] = mode
        elif mode == "one":
            command = [*command, "--jobs", "1"]
        row = f"sitegen cold {'--jobs 1' if mode == 'one' else mode}".rstrip()
        return self.measure(row, command, cwd, out, env, repeat, pss)

    def rebuild(self, row, repeat):
        tool = self.tools["sitegen"]
        out = self.work / "out-sitegen"
        command = tools.build_command(tool, self.space.content, out, clean=False,
                                      templates=self.space.templates,
                                      search=not self.args.no_search)
        return self.measure(row, command, self.work / "cwd", out, tool.env, repeat)

    def fresh_hugo(self, tool="hugo"):
        """(output folder, command) of a cold Hugo build: its output and cache set aside. `tool`:
        the row's (hugo+pagefind may be measured without a hugo row)."""
        out = self.work / "out-hugo"
        self.trash.set_aside(out)
        source = self.corpus_dir / "hugo"
        self.trash.set_aside(source / "resources")
        (source / ".hugo_build.lock").unlink(missing_ok=True)
        return out, self.tools[tool].command + ["--quiet", "-s", str(source), "-d", str(out)]

    def cold_hugo(self, repeat, pss=False):
        out, command = self.fresh_hugo()
        return self.measure("hugo cold", command, self.work, out, repeat=repeat, pss=pss)

    def cold_hugo_pagefind(self, repeat, pss=False):
        """What a Hugo user runs for search: Hugo, then the Pagefind command line over its output
        (the same Pagefind release sitegen's lock file installs)."""
        out, hugo = self.fresh_hugo("hugo+pagefind")
        pagefind = [sys.executable, "-m", "pagefind", "--site", str(out), "--silent"]
        command = ["sh", "-c", f"{shlex.join(hugo)} && {shlex.join(pagefind)}"]
        return self.measure("hugo+pagefind cold", command, self.work, out, repeat=repeat, pss=pss)

    def cold_pelican(self, repeat, pss=False):
        out = self.work / "out-pelican"
        self.trash.set_aside(out)
        command = self.tools["pelican"].command + ["content", "-s", "pelicanconf.py",
                                                   "-o", str(out)]
        return self.measure("pelican cold", command, self.corpus_dir / "pelican", out,
                            repeat=repeat, pss=pss)

    def serve(self):
        """Edit latencies in `sitegen serve`, every repeat in one server."""
        log = self.logs / f"n{self.size}-serve.log"
        folder = self.work / "serve"
        print(f"-- {self.size:,} articles, sitegen serve ({self.args.repeat} x 3 edits)",
              flush=True)
        try:
            info = serve_edit.measure(self.tools["sitegen"], self.space, folder, log,
                                      self.args.repeat, self.record_serve)
        except serve_edit.ServeFailed as error:
            sample = {"rc": 1, "wall": 0.0, "error": str(error)}
            for row, _ in serve_edit.EDITS:
                if row not in self.samples:
                    self.samples[row] = [sample]
            self.fail("sitegen serve", self.tools["sitegen"].command + ["serve"], log, sample)
            return
        fallback = " (RSS where smaps_rollup was unreadable)" if info["pss_fallback"] else ""
        self.info.append(f"sitegen serve: first build and ready in {info['ready']:.1f} s; "
                         f"peak of its process tree during the edits: "
                         f"{info['rss'] / 2**20:.0f} MB RSS, "
                         f"{info['pss'] / 2**20:.0f} MB PSS{fallback} "
                         "(in one more round of the edits, untimed)")

    def record_serve(self, row, sample):
        self.samples.setdefault(row, []).append(sample)
        if sample["rc"] != 0:
            self.failures.append(row)
            print(f"  {row}: FAILED: {sample['error']}", flush=True)
            return
        if not self.args.quiet:
            print(f"  {row:<28} {sample['wall']:7.3f} s", flush=True)
        if sample.get("note"):
            print(f"    note: {sample['note']}", flush=True)

    def incremental(self, repeat):
        """No-change rebuild, then one edit at a time, each followed by a rebuild."""
        self.rebuild("sitegen no-change", repeat)
        for row, method in EDITS:
            if method == "edit_template" and self.space.templates is None:
                continue
            getattr(self.space, method)(repeat + 1)
            self.rebuild(row, repeat)

    def prepare(self):
        started = time.perf_counter()
        self.manifest = corpus.ensure(self.size, self.corpus_dir, self.args.seed, self.args.shape)
        print(f"corpus: {self.corpus_dir} ({time.perf_counter() - started:.1f} s)", flush=True)
        self.work.mkdir(parents=True, exist_ok=True)
        sitegen = self.tools.get("sitegen")
        if sitegen and sitegen.command:
            theme = sitegen.theme if "--templates" in sitegen.options else None
            self.space = Workspace(self.corpus_dir / "sitegen", self.work / "workspace", theme)
            if theme is None:
                self.notes["sitegen edit template"] = self.template_note(sitegen)
            serve_note = self.serve_note(sitegen)
            if serve_note:
                self.notes.update((row, serve_note) for row, _ in serve_edit.EDITS)

    def serve_note(self, sitegen):
        """Why the serve rows are skipped, or '' when they run."""
        if self.args.skip_serve:
            return "skipped (--skip-serve)"
        if not sitegen.serve:
            return "skipped: this sitegen has no `serve` command"
        return ""

    @staticmethod
    def template_note(sitegen):
        if "--templates" not in sitegen.options:
            return "skipped: `sitegen build` has no --templates option yet"
        return "skipped: could not find the default theme folder to copy"

    def run(self):
        self.prepare()
        cold = {"sitegen": self.cold_sitegen, "hugo": self.cold_hugo,
                "hugo+pagefind": self.cold_hugo_pagefind, "pelican": self.cold_pelican}
        order = [name for name in cold if self.tools.get(name) and self.tools[name].command]
        for repeat in range(self.args.repeat):
            print(f"-- {self.size:,} articles, repeat {repeat + 1}/{self.args.repeat}",
                  flush=True)
            shift = repeat % len(order) if order else 0
            ok = {name: cold[name](repeat) for name in order[shift:] + order[:shift]}
            if ok.get("sitegen"):
                self.incremental(repeat)
            if "sitegen" in ok:
                self.space.restore()
        if self.space is not None and serve_edit.EDITS[0][0] not in self.notes:
            self.serve()
        print(f"-- {self.size:,} articles, peak memory (one more cold build each, untimed)",
              flush=True)
        for name in order:
            cold[name](self.args.repeat, pss=True)
        timed = {name: report.summarize(samples) for name, samples in self.samples.items()}
        memory = {name: report.summarize(samples) for name, samples in self.memory.items()}
        return report.with_memory(timed, memory)


def load_line():
    """The load average: other work on the machine inflates every wall time."""
    one, five, _ = os.getloadavg()
    warning = "  (the machine is busy: timings will be inflated)" if one > 0.5 else ""
    return f"load average: {one:.2f} (1 min), {five:.2f} (5 min){warning}"


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", default="1000",
                        help="article count, or a comma list such as 1000,5000")
    parser.add_argument("--repeat", type=int, default=3, help="repeats per size (default 3)")
    parser.add_argument("--smoke", action="store_true",
                        help=f"{SMOKE_SIZE} articles, one repeat: checks the benchmark runs")
    parser.add_argument("--skip-peers", action="store_true", help="measure sitegen only")
    parser.add_argument("--peers", type=lambda text: [p for p in text.split(",") if p], default=["hugo", "pelican"],
                        help="the peers to measure, a comma list of hugo, hugo+pagefind (Hugo, then the "
                             "Pagefind command line over its output) and pelican (default hugo,pelican)")
    parser.add_argument("--skip-sitegen", action="store_true", help="measure Hugo and Pelican only")
    parser.add_argument("--skip-serve", action="store_true",
                        help="skip the edit latencies in `sitegen serve`")
    parser.add_argument("--seed", type=int, default=1, help="corpus seed (default 1)")
    parser.add_argument("--shape", choices=("a", "b"), default="a",
                        help="corpus shape: a (round one's) or b (shorter, headed sections with lists, "
                             "more events per article and actors per event); see bench/README.md")
    parser.add_argument("--work", type=Path, default=Path("/tmp/sitegen-bench"),
                        help="scratch folder for corpora and outputs")
    parser.add_argument("--sitegen", help="command that runs sitegen, e.g. 'python -m sitegen'")
    parser.add_argument("--no-search", action="store_true",
                        help="pass --no-search to sitegen (the peers build no search index)")
    parser.add_argument("--modes", type=lambda text: [m for m in text.split(",") if m],
                        help="cold builds per mode, each a row: a comma list of fork, spawn and one "
                             "(--jobs 1), e.g. fork,spawn,one")
    parser.add_argument("--json", type=Path, help="also write every sample to this file")
    parser.add_argument("--timeout", type=int, default=3600, help="seconds per build")
    parser.add_argument("--quiet", action="store_true", help="no per-build progress lines")
    args = parser.parse_args(argv)
    if args.smoke:
        args.articles, args.repeat = str(SMOKE_SIZE), 1
    try:
        args.sizes = sorted({int(n) for n in args.articles.split(",")})
    except ValueError:
        parser.error("--articles takes numbers separated by commas")
    if min(args.sizes) < 1 or args.repeat < 1:
        parser.error("--articles and --repeat must be positive")
    return args


def find_tools(args):
    found = {}
    if not args.skip_sitegen:
        found["sitegen"] = tools.find_sitegen(args.sitegen)
    if not args.skip_peers:
        finders = {"hugo": tools.find_hugo, "hugo+pagefind": tools.find_hugo, "pelican": tools.find_pelican}
        found.update((name, finders[name]()) for name in args.peers if name in finders)
        if "hugo+pagefind" in found:
            hugo = found["hugo+pagefind"]
            found["hugo+pagefind"] = (tools.Tool("hugo+pagefind", None, note="the pagefind package is not installed")
                                      if importlib.util.find_spec("pagefind") is None else
                                      tools.Tool("hugo+pagefind", hugo.command, version=f"{hugo.version}, then pagefind"))
    print(f"machine: {tools.machine()}; {platform.python_implementation()} "
          f"{platform.python_version()}")
    for tool in found.values():
        state = " ".join(tool.command) if tool.command else "NOT AVAILABLE"
        extra = f" ({tool.note})" if tool.note else ""
        print(f"{tool.name}: {tool.version or '-'} [{state}]{extra}")
    sitegen = found.get("sitegen")
    if sitegen and sitegen.command:
        print(f"sitegen build options: {', '.join(sorted(sitegen.options)) or 'none'}; "
              f"theme copied for template edits: {sitegen.theme or '-'}")
        searching = not (args.no_search and "--no-search" in sitegen.options)
        print(f"sitegen search index: {'built' if searching else 'skipped (--no-search)'}"
              "; Hugo and Pelican build none")
    return found


def print_report(args, benches, summaries):
    print()
    for size, bench in zip(args.sizes, benches, strict=True):
        notes = dict(bench.notes)
        for name, tool in bench.tools.items():
            if not tool.command:
                notes.setdefault(f"{name} cold", tool.note)
        print(report.table(size, summaries[size], notes, args.repeat, bench.manifest))
        if bench.info:
            print("\n".join(bench.info))
        lines = report.ratios(summaries[size])
        if lines:
            print("ratios:\n" + "\n".join(lines))
        lines = report.targets(summaries[size])
        if lines:
            print("issue 8 targets:\n" + "\n".join(lines))
        print()
    lines = report.scaling(summaries)
    if lines:
        print("\n".join(lines))


def main(argv=None):
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    args = parse_args(argv)
    found = find_tools(args)
    if not any(tool.command for tool in found.values()):
        print("nothing to measure: no generator available")
        return 1
    benches, summaries = [], {}
    trash = Trash(args.work / "trash")
    trash.empty()  # left by an interrupted run
    try:
        for size in args.sizes:
            print(load_line(), flush=True)
            bench = Bench(args, found, size, trash)
            summaries[size] = bench.run()
            benches.append(bench)
    finally:
        trash.empty()
    print(load_line())
    print_report(args, benches, summaries)
    if args.json:
        data = {str(b.size): {"manifest": b.manifest, "samples": b.samples, "memory": b.memory}
                for b in benches}
        args.json.write_text(json.dumps(data, indent=1) + "\n")
    failed = [f"{b.size}: {row}" for b in benches for row in b.failures]
    if failed:
        print("failed builds: " + "; ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
