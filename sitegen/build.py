"""The whole pipeline: load → validate → graph → pages → render → write."""
from __future__ import annotations

import hashlib
import json
import logging
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .config import SiteConfig, load_config
from .errors import ContentError, Diagnostic, Problems
from .exports import export_files
from .feeds import feed_files
from .graph import SiteGraph, build_graph
from .load import discover
from .markup import BodyCache
from .pages import Page, Planner
from .render import Renderer, default_locale_dir, default_theme_dir, files_digest
from .search import SearchIndexError, event_records, write_index
from .sitemap import SitemapEntry, discovery_files, sitemap_entry
from .urls import output_file
from .validate import build_content
from .parallel import default_jobs, make_pages
from .write import Staging

log = logging.getLogger(__name__)


@dataclass
class BuildOptions:
    content_dir: Path = Path("content")
    out_dir: Path = Path("site")
    cache_dir: Path = Path(".sitegen-cache")
    theme_dir: Path | None = None
    locale_dir: Path | None = None
    clean: bool = False
    include_drafts: bool = False
    jobs: int = 0  # worker processes; 0 means one per core
    search: bool = True  # index the written site with Pagefind as the last step


@dataclass
class BuildReport:
    pages: int = 0
    written: int = 0
    unchanged: int = 0
    removed: int = 0
    seconds: float = 0.0
    warnings: list[Diagnostic] = field(default_factory=list)


@dataclass(frozen=True)
class PageOutcome:
    """What a worker sends back for one page: small, never the page itself."""

    rel: str
    fingerprint: str
    deps: tuple[str, ...]
    written: bool
    warnings: tuple[Diagnostic, ...]
    sitemap: SitemapEntry | None = None


@dataclass
class Checked:
    """The validated site, ready to plan pages from."""

    graph: SiteGraph
    problems: Problems


def check(options: BuildOptions) -> Checked:
    """Load and validate everything; raise ContentError with every problem found."""
    root = options.content_dir
    problems = Problems(root)
    if not root.is_dir():
        raise ContentError([Diagnostic(str(root), 0, "the content folder does not exist",
                                       "run sitegen from the project root, or pass --content DIR")])
    config = load_config(root / "site.yaml", problems)
    raw = discover(root, problems)
    if config is None:
        problems.raise_if_any()
    content = build_content(raw, config, problems, options.include_drafts)
    problems.raise_if_any()
    graph = build_graph(config, content)
    return Checked(graph, problems)


def build(options: BuildOptions, progress: Callable[[int, int], None] | None = None) -> BuildReport:
    """Build the site into `options.out_dir`, re-rendering only pages whose data changed."""
    started = time.perf_counter()
    checked = check(options)
    graph, problems = checked.graph, checked.problems
    _guard_output(options)
    theme_dir = options.theme_dir or default_theme_dir()
    locale_dir = options.locale_dir or default_locale_dir()
    renderer = Renderer(theme_dir, locale_dir, graph.config.languages, problems)
    problems.raise_if_any()
    jobs = options.jobs or default_jobs()
    bodies = BodyCache(options.cache_dir / "markdown", read=not options.clean)
    planner = Planner(graph, {lang: renderer.gettext(lang) for lang in graph.config.languages}, bodies)
    makers = planner.page_makers()
    manifest_dir = options.cache_dir / _cache_key(options)
    previous = {} if options.clean else _read_manifest(manifest_dir)
    theme_hash = files_digest(theme_dir, locale_dir) + repr(options.include_drafts)
    staging = Staging(options.out_dir)
    try:
        def make_and_stage(index: int) -> PageOutcome:
            """Runs in a worker: gather the page's data, and render it only if it changed."""
            page = makers[index]()
            rel = output_file(page.path)
            fingerprint = _fingerprint(theme_hash, page)
            if previous.get(rel, {}).get("fingerprint") == fingerprint and (options.out_dir / rel).is_file():
                staging.reuse(rel)
                written = False
            else:
                written = staging.put(rel, renderer.render(page))
            warnings = tuple(planner.warnings)
            planner.warnings.clear()
            return PageOutcome(rel, fingerprint, tuple(sorted(page.deps)), written, warnings, sitemap_entry(page))

        outcomes = make_pages(len(makers), make_and_stage, jobs, progress)
        _check_unique_paths(outcomes)
        for outcome in outcomes:
            staging.count(outcome.rel, outcome.written)
            problems.extend(list(outcome.warnings))
        extra = {**_static_files(theme_dir), **export_files(graph, planner.gettexts), **feed_files(graph),
                 **discovery_files(graph.config, [o.sitemap for o in outcomes if o.sitemap])}
        for rel, data in extra.items():
            staging.count(rel, staging.put(rel, data))
        finish = _search_indexer(options.out_dir, event_records(graph, planner.gettexts)) if options.search else None
        report = staging.commit(finish)
    except BaseException:
        staging.abort()
        raise
    _write_manifest(manifest_dir, {o.rel: {"fingerprint": o.fingerprint, "deps": list(o.deps)} for o in outcomes})
    return BuildReport(len(outcomes), report.written, report.unchanged, report.removed,
                       time.perf_counter() - started, _unique(problems.warnings))


def _unique(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """A broken link in a body is found once per page that shows it; report it once."""
    return sorted(set(diagnostics))


def _search_indexer(out_dir: Path, records: list[dict]) -> Callable[[Path], None]:
    """Indexes the staging folder; a failure is reported against the output folder it was for."""
    def index(staging: Path) -> None:
        try:
            write_index(staging, records)
        except SearchIndexError as exc:
            raise ContentError([Diagnostic(str(out_dir), 0, str(exc), "build with --no-search to skip the index")]) from exc
    return index


def _fingerprint(theme_hash: str, page: Page) -> str:
    """Everything a page shows is in its context, so equal fingerprints mean equal output."""
    text = f"{theme_hash}\0{page.template}\0{page.path}\0{page.context!r}"
    return hashlib.sha1(text.encode()).hexdigest()


def _static_files(theme_dir: Path) -> dict[str, bytes]:
    static = theme_dir / "static"
    files = {f"static/{p.relative_to(static).as_posix()}": p.read_bytes()
             for p in sorted(static.rglob("*")) if p.is_file()}
    files[".nojekyll"] = b""
    return files


def _check_unique_paths(outcomes: list[PageOutcome]) -> None:
    seen: dict[str, PageOutcome] = {}
    for outcome in outcomes:
        if outcome.rel in seen:
            first = seen[outcome.rel]
            raise ContentError([Diagnostic(outcome.deps[0] if outcome.deps else outcome.rel, 0,
                                           f"two pages would be written to {outcome.rel!r}",
                                           f"the other comes from {first.deps[0] if first.deps else 'the theme'}")])
        seen[outcome.rel] = outcome


def _guard_output(options: BuildOptions) -> None:
    """Refuse to replace a folder that is not a site: the swap would throw it away."""
    out = options.out_dir.resolve()
    content = options.content_dir.resolve()
    cwd = Path.cwd().resolve()
    if out == content or content.is_relative_to(out) or cwd.is_relative_to(out):
        raise ContentError([Diagnostic(str(options.out_dir), 0, "the output folder would contain the content or the project",
                                       "choose another --out folder, such as site/")])
    if out.is_dir() and any(out.iterdir()) and not (out / "index.html").is_file():
        raise ContentError([Diagnostic(str(options.out_dir), 0, "the output folder exists and is not a built site",
                                       "empty it, or choose another --out folder")])


def _cache_key(options: BuildOptions) -> str:
    where = f"{options.content_dir.resolve()}\0{options.out_dir.resolve()}"
    return "manifest-" + hashlib.sha1(where.encode()).hexdigest()[:16]


def _read_manifest(folder: Path) -> dict:
    try:
        return json.loads((folder / "manifest.json").read_text("utf-8"))
    except (OSError, ValueError):
        return {}


def _write_manifest(folder: Path, manifest: dict) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / "manifest.json.tmp"
    tmp.write_text(json.dumps(manifest, sort_keys=True), "utf-8")
    tmp.replace(folder / "manifest.json")
