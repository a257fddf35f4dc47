"""The whole pipeline: load → validate → graph → pages → render → write."""
from __future__ import annotations

import hashlib
import json
import logging
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable

from .config import SiteConfig, load_config
from .errors import ContentError, Diagnostic, Problems
from .graph import SiteGraph, build_graph
from .load import discover
from .markup import BodyCache
from .pages import Page, Planner
from .render import Renderer, default_locale_dir, default_theme_dir, files_digest
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
    rendered: list[str] = field(default_factory=list)  # output files rendered anew, not reused


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
    _place_in_content_folder(problems, raw.sources)
    problems.raise_if_any()
    graph = build_graph(config, content)
    return Checked(graph, problems)


def _place_in_content_folder(problems: Problems, sources: dict) -> None:
    """Validation names files by their path inside content/; show them as the editor opens them."""
    for index, item in enumerate(problems.items):
        if item.path in sources:
            problems.items[index] = replace(item, path=problems.display(sources[item.path].path))


def build(options: BuildOptions, progress: Callable[[int, int], None] | None = None) -> BuildReport:
    """Build the site into `options.out_dir`, re-rendering only pages whose data changed."""
    started = time.perf_counter()
    checked = check(options)
    graph, problems = checked.graph, checked.problems
    _guard_output(options)
    theme_dir = options.theme_dir or default_theme_dir()
    locale_dir = options.locale_dir or default_locale_dir()
    theme_digest = files_digest(theme_dir, locale_dir)
    renderer = _renderer(theme_dir, locale_dir, graph.config.languages, problems, theme_digest)
    problems.raise_if_any()
    cache = options.cache_dir / _cache_key(options)
    bodies = BodyCache(None if options.clean else options.cache_dir / "markdown")
    planner = Planner(graph, {lang: renderer.gettext(lang) for lang in graph.config.languages}, bodies)
    pages = planner.all_pages()
    _check_unique_paths(pages)
    theme_hash = theme_digest + repr(options.include_drafts)
    previous = {} if options.clean else _read_manifest(cache)
    files, manifest, rendered = {}, {}, []
    for index, page in enumerate(pages):
        rel = output_file(page.path)
        fingerprint = _fingerprint(theme_hash, page)
        manifest[rel] = {"fingerprint": fingerprint, "deps": sorted(page.deps | {"site.yaml"})}
        before = previous.get(rel, {})
        reusable = before.get("fingerprint") == fingerprint and before.get("stamp") == _stamp(options.out_dir / rel)
        files[rel] = REUSE if reusable else renderer.render(page)
        if not reusable:
            rendered.append(rel)
        if progress:
            progress(index + 1, len(pages))
    for rel, data in _static_files(theme_dir).items():
        files[rel] = data
    _forget_manifest(cache)  # a build that stops between the swap and the new manifest trusts nothing
    report = write_site(options.out_dir, files)
    for rel, entry in manifest.items():
        entry["stamp"] = _stamp(options.out_dir / rel)
    _write_manifest(cache, manifest)
    return BuildReport(len(pages), report.written, report.unchanged, report.removed,
                       time.perf_counter() - started, problems.warnings + planner.warnings, rendered)


_RENDERERS: dict[tuple, Renderer] = {}


def _renderer(theme_dir: Path, locale_dir: Path, languages: tuple[str, ...], problems: Problems, digest: str) -> Renderer:
    """The last good Renderer of this process while the theme and catalogs are unchanged.

    Compiling the templates is most of a small rebuild's time; `sitegen serve` rebuilds often.
    """
    key = (theme_dir, locale_dir, languages, digest)
    if key in _RENDERERS:
        return _RENDERERS[key]
    errors_before = len(problems.errors)
    renderer = Renderer(theme_dir, locale_dir, languages, problems)
    if len(problems.errors) == errors_before:
        _RENDERERS.clear()
        _RENDERERS[key] = renderer
    return renderer


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


def _stamp(path: Path) -> list[int] | None:
    """The identity of an output file as the build left it; any other writer changes it.

    Unchanged pages are hard-linked into the next site, so the inode survives our own builds;
    a file written by another build (other content, another cache) or by hand gets a new one.
    """
    try:
        info = path.stat()
    except OSError:
        return None
    return [info.st_ino, info.st_size, info.st_mtime_ns]


def _forget_manifest(folder: Path) -> None:
    (folder / "manifest.json").unlink(missing_ok=True)


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
