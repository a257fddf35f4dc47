"""The `sitegen` command. The only module that prints."""
from __future__ import annotations

import argparse
import signal
import sys
from pathlib import Path

from . import __version__
from .build import BuildOptions, build, check
from .errors import ContentError, Diagnostic

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--content", type=Path, default=Path("content"), metavar="DIR",
                        help="the content folder (default: content)")


def _output(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", type=Path, default=Path("site"), metavar="DIR",
                        help="the output folder (default: site)")
    verbosity = parser.add_mutually_exclusive_group()
    verbosity.add_argument("--quiet", "-q", action="store_true", help="print errors only")
    verbosity.add_argument("--verbose", "-v", action="store_true", help="print every page written")


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="sitegen", description="Build a bilingual briefing site from content/.")
    parser.add_argument("--version", action="version", version=f"sitegen {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    build_cmd = commands.add_parser("build", help="build the site into the output folder")
    _common(build_cmd)
    _output(build_cmd)
    build_cmd.add_argument("--clean", action="store_true", help="ignore the cache and render every page")
    build_cmd.add_argument("--jobs", "-j", type=int, default=0, metavar="N",
                           help="worker processes for rendering (default: one per core)")
    build_cmd.add_argument("--no-search", dest="search", action="store_false",
                           help="skip the Pagefind search index (faster; search then finds nothing)")
    check_cmd = commands.add_parser("check", help="validate the content without writing the site")
    _common(check_cmd)
    return parser


def print_diagnostics(diagnostics: list[Diagnostic], stream=sys.stderr) -> None:
    for diagnostic in diagnostics:
        print(diagnostic.format(), file=stream)


def _abort(error: ContentError) -> int:
    print_diagnostics(error.diagnostics)
    count = len(error.diagnostics)
    print(f"Aborted: {count} content error{'s' if count != 1 else ''}.", file=sys.stderr)
    return EXIT_CONTENT


class Progress:
    """A bar on a terminal, a few plain lines otherwise; nothing when quiet."""

    def __init__(self, enabled: bool, stream=sys.stderr):
        self.enabled = enabled
        self.stream = stream
        self.tty = stream.isatty()
        self.last = -1

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled or total < 200:
            return
        percent = done * 100 // total
        if self.tty:
            if percent != self.last:
                filled = percent // 4
                self.stream.write(f"\r[{'#' * filled}{'.' * (25 - filled)}] {percent:3d}% {done}/{total} pages")
                if done == total:
                    self.stream.write("\n")
        elif percent // 25 != self.last // 25:
            print(f"rendering: {done}/{total} pages", file=self.stream)
        self.last = percent


def run_build(args) -> int:
    options = BuildOptions(content_dir=args.content, out_dir=args.out, clean=args.clean, jobs=args.jobs,
                           search=args.search)
    try:
        report = build(options, Progress(not args.quiet))
    except ContentError as error:
        return _abort(error)
    if not args.quiet:
        print_diagnostics(report.warnings)
        print(f"Built {report.pages} pages into {args.out}: {report.written} written, "
              f"{report.unchanged} unchanged, {report.removed} removed, in {report.seconds:.2f} s.")
    return EXIT_OK


def run_check(args) -> int:
    try:
        checked = check(BuildOptions(content_dir=args.content))
    except ContentError as error:
        return _abort(error)
    print_diagnostics(checked.problems.warnings)
    print("No content errors.")
    return EXIT_OK


def _terminate(signum, frame) -> None:
    """SIGTERM ends a build the way Ctrl-C does: the staging folder is removed, site/ is kept."""
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    signal.signal(signal.SIGTERM, _terminate)
    handlers = {"build": run_build, "check": run_check}
    try:
        return handlers[args.command](args)
    except KeyboardInterrupt:
        print("Interrupted; the previous site was left as it was.", file=sys.stderr)
        return 130
