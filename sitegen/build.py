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
from .feeds import feed_files
from .graph import SiteGraph, build_graph
from .load import discover
from .markup import BodyCache
from .pages import Page, Planner
from .render import Renderer, default_locale_dir, default_theme_dir, files_digest
from .sitemap import discovery_files
from .urls import output_file
from .validate import build_content
from .write import REUSE, write_site

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


@dataclass
class BuildReport:
    pages: int = 0
    written: int = 0
    unchanged: int = 0
    removed: int = 0
    seconds: float = 0.0
    warnings: list[Diagnostic] = field(default_factory=list)


@dataclass
class Checked:
    """The validated site, ready to plan pages from."""

    graph: SiteGraph
    problems: Problems


def check(options: BuildOptions) -> Checked:
    """Load and validate everything; raise ContentError with every problem found."""
    problems = Problems()
    root = options.content_dir
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
    cache = options.cache_dir / _cache_key(options)
    bodies = BodyCache(None if options.clean else options.cache_dir / "markdown")
    planner = Planner(graph, {lang: renderer.gettext(lang) for lang in graph.config.languages}, bodies)
    pages = planner.all_pages()
    _check_unique_paths(pages)
    theme_hash = files_digest(theme_dir, locale_dir) + repr(options.include_drafts)
    previous = {} if options.clean else _read_manifest(cache)
    files, manifest = {}, {}
    for index, page in enumerate(pages):
        rel = output_file(page.path)
        fingerprint = _fingerprint(theme_hash, page)
        manifest[rel] = {"fingerprint": fingerprint, "deps": sorted(page.deps)}
        reusable = previous.get(rel, {}).get("fingerprint") == fingerprint and (options.out_dir / rel).is_file()
        files[rel] = REUSE if reusable else renderer.render(page)
        if progress:
            progress(index + 1, len(pages))
    for rel, data in _static_files(theme_dir).items():
        files[rel] = data
    files.update(feed_files(graph))
    files.update(discovery_files(graph.config, pages))
    report = write_site(options.out_dir, files)
    _write_manifest(cache, manifest)
    return BuildReport(len(pages), report.written, report.unchanged, report.removed,
                       time.perf_counter() - started, problems.warnings + planner.warnings)


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


def _check_unique_paths(pages: list[Page]) -> None:
    seen: dict[str, Page] = {}
    for page in pages:
        if page.path in seen:
            raise ContentError([Diagnostic(sorted(page.deps)[0] if page.deps else page.path, 0,
                                           f"two pages would be written to {page.path!r}")])
        seen[page.path] = page


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
