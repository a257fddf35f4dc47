"""The whole pipeline: load → validate → graph → pages → render → write."""
from __future__ import annotations

import gc
import hashlib
import json
import logging
import marshal
import os
import sys
import time
from array import array
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from functools import cache, partial
from pathlib import Path
from typing import Any, Callable, Collection

from .config import load_config
from .content_walk import walk_folders
from .depends import FRONT, PREFIX, REVISED, DepTable, Inputs, PackedDeps
from .errors import ContentError, Diagnostic, Problems
from .exports import export_files
from .corrections import correction_feed_files
from .feeds import feed_files
from .graph import SiteGraph, build_graph
from .load import discover
from .markup import BodyCache
from .pages import Planner
from .render import Renderer, default_locale_dir, default_theme_dir, files_digest
from .revisions import head_commit, read_revisions
from .entry_images import entry_image_files
from .icons import icon_files
from .share_cards import share_card_files
from .search import BUNDLE_DIR, SearchIndexError, event_records, search_shards, write_index
from .sitemap import SitemapEntry, discovery_files, sitemap_entry
from .urls import output_file
from .validate import build_content, check_ahead, checks_for
from .parallel import default_jobs, make_pages
from .write import InPlace, Staging, file_stamp, files_below, signals_held

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
    """`pages`: HTML pages made; `written`, `unchanged`, `removed`: the site's files (pages,
    feeds, data files, sitemap, theme files), the search index aside."""

    pages: int = 0
    written: int = 0
    unchanged: int = 0
    removed: int = 0
    seconds: float = 0.0
    warnings: list[Diagnostic] = field(default_factory=list)
    rendered: list[str] = field(default_factory=list)  # output files rendered anew, not reused


@dataclass(frozen=True)
class PageOutcome:
    """What a worker sends back for one page: small, never the page itself."""

    rel: str
    # The names of its inputs: packed by a DepTable on the way from a worker, and kept packed
    # by a one-off build, which writes them to its manifest as numbers (see `dep_names`).
    deps: Collection[str] | PackedDeps
    written: bool  # its bytes differ from the previous site's
    rendered: bool  # it was rendered anew rather than reused
    warnings: tuple[Diagnostic, ...]
    sitemap: SitemapEntry | None = None


@dataclass(frozen=True)
class DataOutcome:
    """What a worker sends back for a batch of data files: each file and whether it was written."""

    files: tuple[tuple[str, bool], ...]


@dataclass
class Checked:
    """The validated site, ready to plan pages from."""

    graph: SiteGraph
    problems: Problems
    files: dict[str, str]  # content path → hash of its bytes


@dataclass
class LiveState:
    """What `sitegen serve` keeps between rebuilds, so that an edit costs its pages, not the site:
    what each file gave when read and checked, the last build's records, and its output files."""

    loaded: dict = field(default_factory=dict)
    checked: dict = field(default_factory=dict)
    events: dict = field(default_factory=dict)  # digests of unchanged events (depends.Inputs)
    previous: Previous | None = None
    outputs: set[str] = field(default_factory=set)
    revisions_noted: bool = False  # serve says once, not at every rebuild, that revision dates are off


def check(options: BuildOptions, live: LiveState | None = None) -> Checked:
    """Load and validate everything; raise ContentError with every problem found."""
    root = options.content_dir
    problems = Problems(root)
    if not root.is_dir():
        raise ContentError([Diagnostic(str(root), 0, "the content folder does not exist",
                                       "run sitegen from the project root, or pass --content DIR")])
    config = load_config(root / "site.yaml", problems)
    checks = checks_for(live.checked if live else {}, config) if config else None
    ahead = partial(check_ahead, config=config, root=root) if config else None
    raw = discover(root, problems, live.loaded if live else None, options.jobs or default_jobs(), ahead, checks)
    if config is None:
        problems.raise_if_any()
    content = build_content(raw, config, problems, options.include_drafts, checks)
    problems.raise_if_any()
    revisions = read_revisions(root, config.zone, None if options.clean else options.cache_dir / REVISIONS_CACHE)
    if revisions.off and not (live is not None and live.revisions_noted):
        problems.items.append(Diagnostic(problems.display(root), 0, f"revision dates are off: {revisions.off}",
                                         "pages show no dates of change from git history", "note"))
    if live is not None:
        live.revisions_noted = True
    revised = {rel: when for rel, when in revisions.dates.items() if rel in raw.sources}
    graph = build_graph(config, content, revised)
    files = {rel: source.digest for rel, source in raw.sources.items()}
    files.update((doc.source.rel + FRONT, doc.front_digest) for doc in raw.prose)
    files.update((rel + REVISED, when.isoformat()) for rel, when in revised.items())
    return Checked(graph, problems, files)


def build(options: BuildOptions, progress: Callable[[int, int], None] | None = None,
          live: LiveState | None = None) -> BuildReport:
    """Build the site into `options.out_dir`, making again only pages whose inputs changed.

    With `live` (`sitegen serve`), what was read, checked and built is kept in memory between
    calls, and after the first build files are written in place rather than swapped in.

    A one-off build runs without the cyclic collector. Its main process makes next to no cycles
    (what the workers send back, the record of the build), and at 5,000 articles the collector
    walked all of that three times for nothing: 0.2 s, most of it after the workers were done.
    Its process ends with the build. `sitegen serve` keeps the collector, except while loading.
    """
    if live is not None:
        return _build(options, progress, live)
    with _collector_paused():
        return _build(options, progress, None)


def _build(options: BuildOptions, progress: Callable[[int, int], None] | None,
           live: LiveState | None) -> BuildReport:
    started = time.perf_counter()
    theme_dir = options.theme_dir or default_theme_dir()
    locale_dir = options.locale_dir or default_locale_dir()
    theme_digest = files_digest(theme_dir, locale_dir)
    manifest_dir = options.cache_dir / _cache_key(options)
    sources = _sources_stamp(options, theme_digest) if live is None else ""
    if not options.clean and live is None:
        unchanged = _unchanged_site(manifest_dir, sources, options.out_dir)
        if unchanged is not None:
            files = sum(1 for rel in unchanged["outputs"] if not rel.startswith(BUNDLE_DIR + "/"))
            return BuildReport(unchanged["pages"], 0, files, 0, time.perf_counter() - started,
                               [Diagnostic(**d) for d in unchanged["warnings"]])
    # The loaded site lives as long as the build (in serve, longer) and holds next to no cycles:
    # the cyclic collector walked it again and again while it was loaded (a fifth of the time
    # of loading), and frozen afterwards it is not walked again. Forked workers then also share
    # its pages longer. A one-off build freezes it as it is; `sitegen serve` lets the few
    # cycles loading left be collected first, since it loads again and again.
    with _collector_paused():
        checked = check(options, live)
        if live is None:
            gc.freeze()
    gc.freeze()
    graph, problems = checked.graph, checked.problems
    _guard_output(options)
    renderer = _renderer(theme_dir, locale_dir, graph.config.languages, problems, theme_digest)
    problems.raise_if_any()
    jobs = options.jobs or default_jobs()
    bodies = BodyCache(options.cache_dir / "markdown", read=not options.clean)
    planner = Planner(graph, {lang: renderer.gettext(lang) for lang in graph.config.languages}, bodies)
    plans = planner.page_plans()
    theme_hash = theme_digest + repr(options.include_drafts)
    in_place = live is not None and live.previous is not None and not options.clean
    previous = live.previous.rebased(theme_hash) if in_place else Previous.read(manifest_dir, theme_hash, options.clean)
    inputs = Inputs(graph, checked.files, live.events if live else None)
    extras_digest = _extras_digest(theme_hash, checked.files)
    same_structure = previous.extras.get("digest") == extras_digest
    files_changed = inputs.changed_files(previous.inputs)
    # Every input whose digest changed: when front matter, events or site.yaml changed, the
    # collections too, which takes a tenth of a second at 5,000 articles, so serve first makes
    # the pages that show an edited text, which need no such comparison.
    all_changed = cache(lambda: files_changed if same_structure
                        else files_changed | inputs.changed_queries(previous.inputs))
    texts_changed = {dep for dep in files_changed if not dep.endswith(FRONT)}
    dep_table = cache(partial(DepTable.of_site, graph, checked.files))  # made where first needed
    writer = None
    try:
        with signals_held():  # an interrupt right after the folder is made must still remove it
            writer = InPlace(options.out_dir) if in_place else Staging(options.out_dir, BUNDLE_DIR)

        def kept(index: int) -> PageOutcome | None:
            """The previous outcome of a page whose inputs are unchanged, its file kept; else None."""
            rel = output_file(plans[index].path)
            before = previous.pages.get(rel)
            if (before is None or not previous.same_theme or not all_changed().isdisjoint(previous.deps[rel])
                    or not (in_place or previous.stamps.get(rel) == file_stamp(f"{options.out_dir}/{rel}"))):
                return None
            writer.reuse(rel)
            return before

        def made(index: int) -> PageOutcome:
            """Make and render a page (its file is only rewritten when its bytes differ)."""
            plan = plans[index]
            rel = output_file(plan.path)
            page = plan.make()
            written = writer.put(rel, renderer.render(page))
            warnings = tuple(planner.warnings)
            planner.warnings.clear()
            return PageOutcome(rel, frozenset(page.deps | {"site.yaml"}), written, True, warnings,
                               sitemap_entry(page))

        extras_kept = previous.extras.get("digest") == extras_digest and _extras_in_place(previous, options.out_dir, in_place)

        def data(job: Callable[[], dict[str, bytes]]) -> DataOutcome:
            return DataOutcome(tuple((rel, writer.put(rel, content)) for rel, content in job().items()))

        data_jobs = [] if extras_kept else _data_jobs(graph, planner.gettexts, theme_dir, options.cache_dir)

        def shows_an_edit(index: int) -> bool:
            """Whether the page is new or shows the whole text of a changed file: in serve, the
            page the editor is looking at, made before the lists that only name the entry."""
            rel = output_file(plans[index].path)
            return rel not in previous.deps or not texts_changed.isdisjoint(previous.deps[rel])

        def sent(outcome: PageOutcome | DataOutcome | None) -> PageOutcome | DataOutcome | None:
            """An outcome as a worker sends it: its dependencies packed (None: a page kept as it was)."""
            if isinstance(outcome, PageOutcome):
                return replace(outcome, deps=dep_table().pack(outcome.deps))
            return outcome

        def received(outcome: PageOutcome | DataOutcome | None) -> PageOutcome | DataOutcome | None:
            """Serve keeps each page's names between builds; a one-off build keeps the numbers."""
            if live is not None and isinstance(outcome, PageOutcome):
                return replace(outcome, deps=dep_table().unpack(outcome.deps))
            return outcome

        def kept_before(index: int) -> PageOutcome:
            return previous.pages[output_file(plans[index].path)]

        def language(index: int) -> str:
            """A page's language ("" for the language choice and the 404 page)."""
            head = plans[index].path.partition("/")[0]
            return head if head in graph.config.languages else ""

        if not in_place:  # the record will need the table: made here, the workers inherit it
            dep_table()
        outcomes, data_outcomes = _make_all(len(plans), kept, kept_before, made, (sent, received), in_place, jobs,
                                            progress, data_jobs, data, shows_an_edit, bodies.flush, language)
        check_unique_paths([(o.rel, o.deps) for o in outcomes], lambda deps: dep_names(deps, dep_table))
        for outcome in outcomes:
            writer.report.count(outcome.written)
            problems.extend(list(outcome.warnings))
        extras = (_keep_extras(writer, previous.extras["files"]) if extras_kept
                  else _finish_extras(writer, graph, outcomes, data_outcomes))
        search: dict[str, list] = {}
        finish = _search_indexer(options.out_dir, search_shards(graph), event_records(graph, planner.gettexts),
                                 previous.extras.get("search", {}), search) if options.search else None
        _forget_manifest(manifest_dir)  # a build that stops between the swap and the new manifest trusts nothing
        outputs = {o.rel for o in outcomes} | set(extras)
        if in_place:
            writer.remove(live.outputs - outputs)
        report = writer.commit(finish)
    except BaseException:
        if writer is not None:
            writer.abort()
        raise
    extras_record = {"digest": extras_digest, "files": sorted(extras), "search": search}
    record = Previous.of(outcomes, theme_hash, inputs, extras_record, dep_table,
                         previous if in_place else None, all_changed(), live is not None)
    warnings = _unique(problems.warnings)
    if live is not None:
        live.previous, live.outputs = record, outputs
    else:
        stamps = _output_stamps(options.out_dir, outputs)
        _write_manifest(manifest_dir, record, stamps)
        _write_json(manifest_dir / SITE_RECORD, {
            "sources": sources, "pages": len(outcomes), "warnings": [asdict(d) for d in warnings], "outputs": stamps,
        })
    return BuildReport(len(outcomes), report.written, report.unchanged, report.removed,
                       time.perf_counter() - started, warnings, [o.rel for o in outcomes if o.rendered])


def _keep_extras(writer: Staging | InPlace, files: list[str]) -> list[str]:
    """The last build's feeds, data files and sitemap, known to be right, kept as they are."""
    for rel in files:
        writer.reuse(rel)
        writer.report.count(False)
    return list(files)


def _finish_extras(writer: Staging | InPlace, graph: SiteGraph, outcomes: list[PageOutcome],
                   data_outcomes: list[DataOutcome]) -> list[str]:
    """Write the sitemap (made from the pages) beside the data files the workers wrote; count
    every one of them, and return their names."""
    discovery = discovery_files(graph.config, [o.sitemap for o in outcomes if o.sitemap])
    written = [(rel, writer.put(rel, content)) for rel, content in discovery.items()]
    written += [file for outcome in data_outcomes for file in outcome.files]
    for _, was_written in written:
        writer.report.count(was_written)
    return [rel for rel, _ in written]


@contextmanager
def _collector_paused():
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _make_all(count: int, kept: Callable[[int], PageOutcome | None], kept_before: Callable[[int], PageOutcome],
              made: Callable[[int], PageOutcome], codec: tuple[Callable, Callable], in_place: bool, jobs: int, progress,
              data_jobs: list[tuple[str, Callable[[], dict[str, bytes]]]],
              data: Callable[[Callable[[], dict[str, bytes]]], DataOutcome],
              urgent: Callable[[int], bool], flush: Callable[[], None],
              language: Callable[[int], str]) -> tuple[list[PageOutcome], list[DataOutcome]]:
    """Every page's outcome, kept as it was or made, and the outcomes of the data jobs.

    The data files (feeds, exports) are made by the workers too, first, so that they overlap
    with the pages rather than follow them. Keeping a staged page links its file, work the
    workers share; keeping a page written in place costs nothing, so then the pages are sorted
    out here: the `urgent` ones are made first, before the others are compared with the last
    build, then the others to make are handed to the workers, and the data files after them
    (`sitegen serve`: the edited page is what the editor waits for).
    Each worker calls `flush` after each batch, to write the bodies it converted to the cache.
    A worker sends None for a page it kept, which the main process has as `kept_before`, and
    the outcome of a page it made packed by `codec` (sent, received: see parallel.make_pages).
    Each worker keeps to one language while it has work (`language` of a page; the data jobs
    come with theirs), so that each makes one language's event records and items.
    """
    sent, received = codec
    run = partial(make_pages, jobs=jobs, received=received, after_batch=flush, sent=sent)
    if not in_place:
        first = len(data_jobs)
        results = run(first + count,
                      lambda i: data(data_jobs[i][1]) if i < first else None if kept(i - first) else made(i - first),
                      progress=progress, group=lambda i: data_jobs[i][0] if i < first else language(i - first))
        return [outcome or kept_before(i) for i, outcome in enumerate(results[first:])], results[:first]
    edited = [i for i in range(count) if urgent(i)]
    outcomes: list = [None] * count
    for i, outcome in zip(edited, run(len(edited), lambda k: made(edited[k]), group=lambda k: language(edited[k]))):
        outcomes[i] = outcome
    made_first = set(edited)
    for i in range(count):
        if i not in made_first:
            outcomes[i] = kept(i)
    todo = [i for i, outcome in enumerate(outcomes) if outcome is None]
    results = run(len(todo) + len(data_jobs),
                  lambda k: made(todo[k]) if k < len(todo) else data(data_jobs[k - len(todo)][1]),
                  progress=progress, group=lambda k: language(todo[k]) if k < len(todo) else data_jobs[k - len(todo)][0])
    for i, outcome in zip(todo, results):
        outcomes[i] = outcome
    return outcomes, results[len(todo):]


def _data_jobs(graph: SiteGraph, gettexts: dict, theme_dir: Path,
               cache_dir: Path) -> list[tuple[str, Callable[[], dict[str, bytes]]]]:
    """The data files, in jobs of similar size, each with its language (or ""): each language's
    exports, the feeds, the theme's files, the share cards and icons."""
    jobs = [(lang, partial(export_files, graph, gettexts, lang)) for lang in graph.config.languages]
    jobs += [(lang, partial(share_card_files, graph, gettexts, theme_dir, cache_dir, lang))
             for lang in graph.config.languages]
    return jobs + [("", partial(feed_files, graph)), ("", partial(correction_feed_files, graph, gettexts)),
                   ("", partial(_static_files, theme_dir)), ("", partial(icon_files, graph.config, theme_dir)),
                   ("", partial(entry_image_files, graph))]


def _extras_digest(theme_hash: str, files: dict[str, str]) -> str:
    """Feeds, exports, the sitemap and the theme's static files are made from front matter, events
    and site.yaml, never from the text of an entry: while those stay the same, so do they."""
    digest = hashlib.sha1(theme_hash.encode())
    for name in sorted(files):
        if name.endswith(FRONT) or not name.endswith(".md"):
            digest.update(f"{name}\0{files[name]}\n".encode())
    return digest.hexdigest()


def _extras_in_place(previous: Previous, out: Path, in_place: bool) -> bool:
    return in_place or all(previous.stamps.get(rel) == file_stamp(f"{out}/{rel}") for rel in previous.extras.get("files", ()))


SITE_RECORD = "site.json"
REVISIONS_CACHE = "revisions.json"  # each content file's last commit time, with the commit it was read at


def _sources_stamp(options: BuildOptions, theme_digest: str) -> str:
    """A hash of every content file's name, size and modification time, the commit checked out
    (revision dates), the theme and the options: while it stays the same, so does the site."""
    digest = hashlib.sha1(f"{theme_digest}\0{options.include_drafts}\0{options.search}\0{head_commit(options.content_dir)}".encode())
    for folder, _, files in sorted(walk_folders(options.content_dir)):
        for name in sorted(files):
            path = os.path.join(folder, name)
            try:
                info = os.stat(path)
            except OSError:
                continue
            digest.update(f"{path}\0{info.st_size}\0{info.st_mtime_ns}\0{info.st_ino}\n".encode())
    return digest.hexdigest()


def _unchanged_site(manifest_dir: Path, sources: str, out: Path) -> dict | None:
    """The last build's record when neither its sources nor its output changed since, else None.

    A rebuild with nothing to do then costs a walk over the files, not a build.
    """
    record = _read_json(manifest_dir / SITE_RECORD)
    if not record or record.get("sources") != sources or not out.is_dir():
        return None
    outputs = record.get("outputs", {})
    if len(files_below(out)) != len(outputs) or any(file_stamp(f"{out}/{rel}") != stamp for rel, stamp in outputs.items()):
        return None
    return record


def _unique(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """A broken link in a body is found once per page that shows it; report it once."""
    return sorted(set(diagnostics))


def _search_indexer(out_dir: Path, shards: list, records: list[tuple[str, dict]], before: dict[str, list],
                    digests: dict[str, list]) -> Callable[[Path], None]:
    """Indexes the staging folder (filling `digests`, the shards' digests); a failure is reported
    against the output folder it was for."""
    def index(staging: Path) -> None:
        try:
            digests.update(write_index(staging, shards, records, out_dir, before))
        except SearchIndexError as exc:
            raise ContentError([Diagnostic(str(out_dir), 0, str(exc), "build with --no-search to skip the index")]) from exc
    return index


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


def _static_files(theme_dir: Path) -> dict[str, bytes]:
    static = theme_dir / "static"
    files = {f"static/{p.relative_to(static).as_posix()}": p.read_bytes()
             for p in sorted(static.rglob("*")) if p.is_file()}
    files[".nojekyll"] = b""
    return files


def check_unique_paths(outputs: list[tuple[str, Any]], names: Callable[[Any], Collection[str]] = sorted) -> None:
    """No two pages may be written to one file: `outputs` are (output file, its sources), and
    `names` gives the names of sources."""
    seen: dict[str, Any] = {}
    for rel, deps in outputs:
        if rel in seen:
            this, first = _a_source(names(deps), rel), _a_source(names(seen[rel]), "the theme")
            raise ContentError([Diagnostic(this, 0, f"two pages would be written to {rel!r}",
                                           f"the other comes from {first}")])
        seen[rel] = deps


def _a_source(names: Collection[str], default: str) -> str:
    """A content file a page is made from, to name in a message (every page reads site.yaml)."""
    files = sorted(name.removesuffix(FRONT) for name in names if not name.startswith(PREFIX) and name != "site.yaml")
    return files[0] if files else default


def dep_names(deps: Collection[str] | PackedDeps, table: Callable[[], DepTable]) -> Collection[str]:
    """A page's dependencies as names, whether a worker packed them or not."""
    return table().unpack(deps) if isinstance(deps, PackedDeps) else deps


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
    """The folder of the records of builds of this content into this output folder, by this
    Python (the manifest is in marshal's format, which only the version that wrote it reads)."""
    where = f"{options.content_dir.resolve()}\0{options.out_dir.resolve()}\0{sys.version_info[:2]}\0{marshal.version}"
    return "manifest-" + hashlib.sha1(where.encode()).hexdigest()[:16]


MANIFEST = "manifest.marshal"


def _forget_manifest(folder: Path) -> None:
    (folder / MANIFEST).unlink(missing_ok=True)
    (folder / SITE_RECORD).unlink(missing_ok=True)


@dataclass
class Previous:
    """What the last build of this content into this folder recorded (nothing after --clean)."""

    pages: dict[str, PageOutcome] = field(default_factory=dict)
    # Each page's dependencies: sets in `sitegen serve`, where they are kept between builds; the
    # manifest's tuples after a read (only tested against the few that changed, once).
    deps: dict[str, Collection[str]] = field(default_factory=dict)
    stamps: dict[str, list | None] = field(default_factory=dict)  # output file → its identity as written
    inputs: dict[str, str] = field(default_factory=dict)  # dependency → its digest then
    extras: dict = field(default_factory=dict)  # digest and names of the files that are not pages
    theme: str = ""  # theme, catalogs and options
    same_theme: bool = False

    @classmethod
    def of(cls, outcomes: list[PageOutcome], theme: str, inputs: Inputs, extras: dict, table: Callable[[], DepTable],
           before: "Previous | None" = None, changed: set[str] = frozenset(), live: bool = False) -> "Previous":
        """This build's record. Given the record it started from (`sitegen serve`), only what
        changed is worked out again: pages kept as they were keep their entries. The sets of
        dependencies the next build tests pages with are made only for a `live` record: one
        that is written to disk is read back as sets. A `live` record's outcomes hold names,
        others may hold dependencies packed by the `table`."""
        pages, deps = {}, {}
        for o in outcomes:
            kept = before is not None and before.pages.get(o.rel) is o
            pages[o.rel] = o if kept else PageOutcome(o.rel, o.deps, False, False, o.warnings, o.sitemap)
            if live:
                deps[o.rel] = before.deps[o.rel] if kept else frozenset(o.deps)
        if before is None:
            digests = {dep: inputs.digest(dep) for dep in _input_names(outcomes, table())}
        else:
            digests = dict(before.inputs)
            fresh = changed.union(*(o.deps for o in outcomes if before.pages.get(o.rel) is not o))
            digests.update((dep, inputs.digest(dep)) for dep in fresh)
        return cls(pages, deps, {}, digests, extras, theme, True)

    def rebased(self, theme: str) -> "Previous":
        return replace(self, same_theme=self.theme == theme)

    @classmethod
    def read(cls, folder: Path, theme: str, clean: bool) -> "Previous":
        manifest = {} if clean else _read_marshal(folder / MANIFEST)
        try:
            names = [dep for dep, _ in manifest.get("inputs", ())]
            pages, deps, stamps = {}, {}, {}
            for rel, page in manifest.get("pages", {}).items():
                numbers = array("i")
                numbers.frombytes(page["deps"])
                deps[rel] = tuple(map(names.__getitem__, numbers))  # in the order written
                stamps[rel] = page["stamp"]
                pages[rel] = _outcome_as_before(rel, page, deps[rel])
            stamps.update(manifest.get("extras", {}).get("stamps", {}))
            return cls(pages, deps, stamps, dict(manifest.get("inputs", ())), manifest.get("extras", {}),
                       manifest.get("theme", ""), manifest.get("theme") == theme)
        except (TypeError, ValueError, KeyError, IndexError, AttributeError):  # older or damaged: trust nothing
            return cls()


def _input_names(outcomes: list[PageOutcome], table: DepTable) -> list[str]:
    """The names of a build's inputs, as its manifest numbers them: every name in the table, in
    its order, then the others the pages depend on, sorted. The dependencies a worker packed (a
    million at 5,000 articles) then keep their numbers, and are not looked at one by one."""
    others = set().union(*(o.deps.others for o in outcomes if isinstance(o.deps, PackedDeps)))
    others = others.union(*(o.deps for o in outcomes if not isinstance(o.deps, PackedDeps)))
    return [*table.names, *sorted(others.difference(table.names))]


def _outcome_as_before(rel: str, page: dict, deps: tuple[str, ...]) -> PageOutcome:
    sitemap = page.get("sitemap")
    return PageOutcome(rel, deps, False, False,
                       tuple(Diagnostic(**d) for d in page.get("warnings", ())),
                       SitemapEntry(sitemap[0], tuple(map(tuple, sitemap[1])), sitemap[2]) if sitemap else None)


def _output_stamps(out: Path, outputs: set[str]) -> dict[str, list[int] | None]:
    """The stamp of every file in the output folder: the pages and data files the build knows
    by name, and the search index, whose file names Pagefind chooses."""
    stamps = {rel: file_stamp(f"{out}/{rel}") for rel in sorted(outputs)}
    bundles = out / BUNDLE_DIR
    if bundles.is_dir():
        stamps.update((f"{BUNDLE_DIR}/{rel}", file_stamp(bundles / rel)) for rel in sorted(files_below(bundles)))
    return stamps


def _write_manifest(folder: Path, record: Previous, stamps: dict[str, list[int] | None]) -> None:
    """Each page's output stamp, warnings, sitemap line and dependencies; the dependencies as
    an array of numbers into a list of every input with its digest (a timeline page depends on
    thousands of files: written out per page, they made the manifest 37 MB at 1,000 articles,
    and a list of numbers per page is millions of objects).

    In marshal's format rather than JSON: at 5,000 articles the manifest is 17 MB, and writing it
    as JSON took a quarter of a second at the end of every build."""
    names = list(record.inputs)  # the table's names first, in its order (see _input_names)
    number = {dep: i for i, dep in enumerate(names)}

    def numbers(deps: Collection[str] | PackedDeps) -> bytes:
        """A page's dependencies as the manifest's numbers, ascending. The table's numbers are
        the manifest's; its other names come after the table's."""
        if isinstance(deps, PackedDeps):
            return deps.numbers + array("i", map(number.__getitem__, deps.others)).tobytes()
        return array("i", sorted(map(number.__getitem__, deps))).tobytes()

    pages = {
        o.rel: {"deps": numbers(o.deps), "stamp": stamps[o.rel],
                "warnings": [asdict(d) for d in o.warnings],
                "sitemap": [o.sitemap.loc, o.sitemap.alternates, o.sitemap.lastmod] if o.sitemap else None}
        for o in record.pages.values()
    }
    extras = {**record.extras, "stamps": {rel: stamps[rel] for rel in record.extras["files"]}}
    _write_marshal(folder / MANIFEST, {"theme": record.theme, "pages": pages, "extras": extras,
                                       "inputs": [[dep, record.inputs[dep]] for dep in names]})


def _read_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return {}


def _write_json(path: Path, data: dict) -> None:
    _write_atomically(path, json.dumps(data, sort_keys=True).encode("utf-8"))


def _read_marshal(path: Path) -> dict:
    """A record in marshal's format; an empty one when it is missing or damaged."""
    try:
        data = marshal.loads(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return {}
    return data if isinstance(data, dict) else {}


def _write_marshal(path: Path, data: dict) -> None:
    _write_atomically(path, marshal.dumps(data))


def _write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
