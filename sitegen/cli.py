"""The `sitegen` command. The only module that prints."""
from __future__ import annotations

import argparse
import atexit
import errno
import gc
import logging
import os
import signal
import socket
import sys
from datetime import date
from pathlib import Path

from . import __version__
from .audit import CoverageRow, audit
from .build import BuildOptions, BuildReport, build
from .errors import ContentError, Diagnostic, Problems
from .markdown_shortcuts import shortcuts_note
from .outdir import OutputError
from .parallel import START_METHOD_ENV, WorkerDied
from .scaffold import KINDS, EntryExists, create_entry, entry_slug_problem

EXIT_OK, EXIT_CONTENT, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
JOBS_ENV = "SITEGEN_JOBS"
# serve's defaults, here rather than in serve.py: every command's parser shows them, and importing
# the server (tornado, livereload, watchdog) only to print its help cost each build a tenth of a second
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
DEFAULT_OUT = Path(".sitegen-cache/serve")  # never build's site/: serve includes drafts


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--content", type=Path, default=Path("content"), metavar="DIR",
                        help="the content folder (default: content)")


def _jobs(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--jobs", "-j", type=int, default=None, metavar="N",
                        help=f"worker processes (default: ${JOBS_ENV}, else one per core; 1: no workers)")


def jobs_wanted(args) -> int:
    """--jobs, else SITEGEN_JOBS, else 0 (one per core)."""
    if args.jobs is not None:
        return args.jobs
    text = os.environ.get(JOBS_ENV, "").strip()
    return int(text) if text.isdigit() else 0


def _output(parser: argparse.ArgumentParser, default: Path = Path("site")) -> None:
    parser.add_argument("--out", type=Path, default=default, metavar="DIR",
                        help=f"the output folder (default: {default})")
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
    build_cmd.add_argument("--templates", type=Path, default=None, metavar="DIR",
                           help="a theme folder to use instead of sitegen's own (a copy of templates/)")
    _jobs(build_cmd)
    build_cmd.add_argument("--no-search", dest="search", action="store_false",
                           help="skip the Pagefind search index (faster; search then finds nothing)")
    check_cmd = commands.add_parser("check", help="validate the content without writing the site")
    _common(check_cmd)
    _jobs(check_cmd)
    check_cmd.add_argument("--strict", action="store_true", help="fail (exit 1) when there are warnings")
    _add_serve(commands)
    new_cmd = commands.add_parser("new", help="create the files of a new entry, one per language")
    _common(new_cmd)
    new_cmd.add_argument("kind", choices=KINDS, help="what to create")
    new_cmd.add_argument("slug", help="its slug: lowercase letters, digits and hyphens")
    return parser


def _add_serve(commands) -> None:
    serve_cmd = commands.add_parser("serve", help="build with drafts, serve, and rebuild on every change")
    _common(serve_cmd)
    _output(serve_cmd, DEFAULT_OUT)
    serve_cmd.add_argument("--host", default=DEFAULT_HOST, help=f"the address to listen on (default: {DEFAULT_HOST})")
    _jobs(serve_cmd)
    serve_cmd.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"the port (default: {DEFAULT_PORT})")


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


def print_report(report: BuildReport, out: Path, verbose: bool) -> None:
    """Warnings, every page rendered when verbose, then the one summary line."""
    print_diagnostics(report.warnings)
    if verbose:
        if shortcuts_note():
            print(shortcuts_note())
        for rel in report.rendered:
            print(f"rendered {rel}")
    print(f"Built {report.pages} pages into {out} in {report.seconds:.2f} s: "
          f"{report.written} file{'s' if report.written != 1 else ''} written, "
          f"{report.unchanged} unchanged, {report.removed} removed (the search index not counted).", flush=True)


def _freeze_at_exit() -> None:
    """On its way out Python collects the cycles among the modules' objects (functions,
    classes, compiled templates) one by one: about 45 ms of a one-article rebuild at 5,000
    articles. Exit handlers run before that collection; frozen by one, they are left for the
    system to reclaim with the process. Registered once, however often `main` is called."""
    atexit.unregister(gc.freeze)
    atexit.register(gc.freeze)


def run_build(args) -> int:
    options = BuildOptions(content_dir=args.content, out_dir=args.out, clean=args.clean, jobs=jobs_wanted(args),
                           search=args.search, theme_dir=args.templates)
    # This process ends with the build and makes next to no cycles (what the workers send back,
    # the record of the build): at 5,000 articles the collector walked all of that for nothing.
    gc.disable()
    try:
        report = build(options, Progress(not args.quiet))
    except ContentError as error:
        return _abort(error)
    if not args.quiet:
        print_report(report, args.out, args.verbose)
        if args.verbose and report.workers:
            print(f"Pages made by {report.workers} worker processes ({report.start_method}).")
    return EXIT_OK


def coverage_lines(rows: list[CoverageRow]) -> list[str]:
    """The translation table: for each kind, how many entries exist in each language."""
    languages = [lang for lang, _ in rows[0].per_language] if rows else []
    lines = ["Translations " + "".join(f"{lang:>9}" for lang in languages)]
    for row in rows:
        lines.append(f"{row.kind:<13}" + "".join(f"{f'{n}/{row.total}':>9}" for _, n in row.per_language))
    return lines


def drafts_line(drafts: tuple[str, ...], shown: int = 10) -> str:
    """How many drafts check left out, as build does, and which (the first `shown` of them)."""
    count = len(drafts)
    names = ", ".join(drafts[:shown]) + (f" and {count - shown} more" if count > shown else "")
    return (f"Skipped {count} draft{'s' if count != 1 else ''}, as build does: {names}. "
            "Delete an entry's draft line to check and publish it.")


def run_check(args) -> int:
    try:
        result = audit(BuildOptions(content_dir=args.content, jobs=jobs_wanted(args)))
    except ContentError as error:
        return _abort(error)
    print("\n".join(coverage_lines(result.coverage)))
    print_diagnostics(result.warnings)
    if result.drafts:
        print(drafts_line(result.drafts))
    count = sum(1 for warning in result.warnings if warning.severity == "warning")  # not notes
    warnings = f"{count} warning{'s' if count != 1 else ''}"
    if args.strict and count:
        print(f"Failed: {warnings} (--strict).", file=sys.stderr)
        return EXIT_CONTENT
    print(f"No content errors, {warnings}.")
    return EXIT_OK


def _terminate(signum, frame) -> None:
    """SIGTERM ends a build the way Ctrl-C does: the staging folder is removed, site/ is kept."""
    raise KeyboardInterrupt


def run_new(args) -> int:
    problem = entry_slug_problem(args.kind, args.slug)
    if problem:
        print(f"sitegen new: {problem}", file=sys.stderr)
        return EXIT_USAGE
    problems = Problems()
    try:
        created = create_entry(args.content, args.kind, args.slug, date.today(), problems)
    except EntryExists as exists:
        names = ", ".join(problems.display(p) for p in exists.existing)
        print(f"sitegen new: the {args.kind} {args.slug!r} exists already ({names}); nothing was written",
              file=sys.stderr)
        return EXIT_CONTENT
    if problems.errors:
        return _abort(ContentError(problems.errors))
    for path in created:
        print(f"created {problems.display(path)}")
    return EXIT_OK


def run_serve(args) -> int:
    from .serve import DevServer, is_loopback

    problem = _serve_out_problem(args)
    if problem:
        print(f"sitegen serve: {problem}", file=sys.stderr)
        return EXIT_USAGE
    if not is_loopback(args.host):
        print(f"Warning: listening on {args.host}, beyond this machine: anyone who can reach it sees the drafts.",
              file=sys.stderr)
    problem = listen_problem(args.host, args.port)
    if problem:
        print(f"sitegen serve: {problem}", file=sys.stderr)
        return EXIT_USAGE
    logging.getLogger("tornado.access").setLevel(logging.INFO if args.verbose else logging.ERROR)
    if args.verbose:
        logging.basicConfig(level=logging.INFO, format="%(message)s")
    # No search index while editing: Pagefind costs about half a second on every save.
    options = BuildOptions(content_dir=args.content, out_dir=args.out, include_drafts=True, search=False,
                           jobs=jobs_wanted(args))

    def failed(diagnostics: list[Diagnostic]) -> None:
        print_diagnostics(diagnostics)
        count = len(diagnostics)
        print(f"Build failed: {count} content error{'s' if count != 1 else ''}. Still serving the last good site; "
              "the browser shows the errors until they are fixed.", file=sys.stderr, flush=True)

    server = DevServer(options, lambda report: None if args.quiet else print_report(report, args.out, args.verbose),
                       failed)
    server.rebuild()
    gc.freeze()  # once: the first build's loaded site stays, and need not be walked again
    url = f"http://{args.host}:{args.port}{server.state.prefix}"
    print(f"Serving {args.out} (drafts included) at {url}; watching for changes. Press Ctrl+C to stop.", flush=True)
    try:
        server.run(args.host, args.port)
    except OSError as error:
        print(f"sitegen serve: cannot listen on {args.host}:{args.port}: {error.strerror or error} "
              "(choose another --port)", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("Stopped.", file=sys.stderr)
    return EXIT_OK


def listen_problem(host: str, port: int) -> str:
    """Why the server could not listen at host:port, found before building and announcing it.

    The address is bound as Tornado binds it (SO_REUSEADDR except on Windows) and let go at
    once; another program could still take it in between, which `server.run` then reports.
    """
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM,
                                                             flags=socket.AI_PASSIVE)[0]
        with socket.socket(family, kind, proto) as probe:
            if os.name != "nt":
                probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind(address)
    except OSError as error:
        if error.errno in (errno.EADDRINUSE, getattr(errno, "WSAEADDRINUSE", errno.EADDRINUSE)):
            return f"cannot listen on {host}:{port}: another program uses the port; try another, e.g. --port {port + 1}"
        return f"cannot listen on {host}:{port}: {error.strerror or error} (choose another --host or --port)"
    return ""


def _serve_out_problem(args) -> str:
    """Why serve must not write to `--out`: it would mix drafts into build's folder or watch itself."""
    out = args.out.resolve()
    if out == Path("site").resolve():
        return "site/ is what `sitegen build` publishes; serve includes drafts, so choose another --out"
    if out.is_relative_to(args.content.resolve()):
        return "the output folder is inside the content folder; choose another --out"
    if not 0 <= args.port <= 65535:
        return f"--port {args.port}: expected a number from 0 to 65535"
    return ""


def main(argv: list[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    _freeze_at_exit()
    for name in ("SIGTERM", "SIGHUP", "SIGBREAK"):  # SIGBREAK: Ctrl-Break on Windows
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), _terminate)
    handlers = {"build": run_build, "check": run_check, "new": run_new, "serve": run_serve}
    try:
        return handlers[args.command](args)
    except KeyboardInterrupt:
        print("Interrupted; the previous site was left as it was.", file=sys.stderr)
        return EXIT_INTERRUPTED
    except OutputError as error:
        print(str(error), file=sys.stderr)
        return EXIT_USAGE if error.usage else EXIT_CONTENT
    except (WorkerDied, ValueError) as error:  # ValueError: a start method this system lacks
        if isinstance(error, ValueError) and START_METHOD_ENV not in str(error):
            raise
        print(f"sitegen: {error}; the previous site was left as it was (try --jobs 1)", file=sys.stderr)
        return EXIT_CONTENT
