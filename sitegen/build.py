"""The whole pipeline: load → validate → graph → pages → render → write."""
from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field, replace
from functools import cache, partial
from pathlib import Path
from typing import Callable

from .config import load_config
from .depends import DepTable, Inputs, PackedDeps
from .depnames import FRONT, REVISED
from .errors import ContentError, Diagnostic, Problems
from .graph import SiteGraph, build_graph
from . import limits
from .limits import OutputBudget
from .live_state import LiveState
from .load import discover
from .manifest import read_checked, write_checked
from .markup import BodyCache
from .outdir import MARKER, error_for, guard_output
from .pagejobs import BATCH, DataJob, Maker, MakerSetup, PageBatch, data_jobs, page_jobs, site_fragments
from .pages import Planner
from .parsed import ParsedCache, cache_folder, load_parsed, save_parsed
from .parallel import RunInfo, default_jobs, run_jobs
from .record import (SITE_RECORD, Changes, DataOutcome, ManifestDeps, PageOutcome, Previous,  # noqa: F401
                     cache_key, changed_names, check_unique_paths, dep_names, extras_digest, forget_manifest, output_stamps,
                     sources_stamp, unchanged_site, write_manifest)
from .render import Renderer, cached_renderer, compiled_folder, default_locale_dir, default_theme_dir, files_digest
from .revisions import head_commit, read_revisions
from .search import BuiltPages, event_records, search_indexer, shards_left
from .search_plan import BUNDLE_DIR, search_shards
from .sitemap import discovery_files
from .urls import output_file
from .validate import build_content, check_ahead, check_keys, checked_under, checks_for
from .stamps import file_stamp
from .write import InPlace, Overlay, Staging, WriteReport, signals_held

REVISIONS_CACHE = "revisions.json"  # each content file's last commit time, with the commit it was read at


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
    workers: int = 0  # processes the pages were made in (0: this one)
    start_method: str = ""  # how they were started: fork or spawn


@dataclass
class Checked:
    """The validated site, ready to plan pages from."""

    graph: SiteGraph
    problems: Problems
    files: dict[str, str]  # content path → hash of its bytes


def check(options: BuildOptions, live: LiveState | None = None, stamps: dict[str, list[int]] | None = None) -> Checked:
    """Load and validate everything; raise ContentError with every problem found. `stamps`: the
    content files' stamps by path, taken just before (see sources_stamp)."""
    root = options.content_dir
    problems = Problems(root)
    if not root.is_dir():
        raise ContentError([Diagnostic(str(root), 0, "the content folder does not exist",
                                       "run sitegen from the project root, or pass --content DIR")])
    config = load_config(root / "site.yaml", problems)
    kept = live or _parsed(options)
    if live is None and config and not checked_under(kept.checked, config):
        kept.loaded.clear()  # the files were kept without their front matter, which new checks need
    checks = checks_for(kept.checked, config) if config else None
    ahead = (partial(check_ahead, config=config, root=root), checks) if config else None
    serving = live is not None
    raw = discover(root, problems, kept.loaded, options.jobs or default_jobs(), ahead, live.reading if serving else None,
                   live.watched if serving else None, stamps)
    if config is None:
        problems.raise_if_any()
    content = build_content(raw, config, problems, options.include_drafts, checks, live.entries if serving else None)
    if isinstance(kept, ParsedCache) and problems.errors:
        save_parsed(kept, check_keys(raw, config))  # what was read stays read while the errors are mended
    problems.raise_if_any()
    revisions = read_revisions(root, config.zone, None if options.clean else options.cache_dir / REVISIONS_CACHE)
    if revisions.off and not (live is not None and live.revisions_noted):
        problems.items.append(Diagnostic(problems.display(root), 0, f"revision dates are off: {revisions.off}",
                                         "pages show no dates of change from git history", "note"))
    if live is not None:
        live.revisions_noted = True
    revised = {rel: when for rel, when in revisions.dates.items() if rel in raw.sources}
    graph = build_graph(config, content, revised, kept.event_indexes)
    if live is not None:
        live.event_indexes = graph.event_indexes
    else:
        save_parsed(kept, check_keys(raw, config), graph.event_indexes)
    files = {rel: source.digest for rel, source in raw.sources.items()}
    files.update((doc.source.rel + FRONT, doc.front_digest) for doc in raw.prose)
    files.update((rel + REVISED, when.isoformat()) for rel, when in revised.items())
    return Checked(graph, problems, files)


def _parsed(options: BuildOptions) -> ParsedCache:
    """What the last one-off build read and checked (nothing after --clean)."""
    folder = cache_folder(options.cache_dir, options.content_dir)
    return ParsedCache(folder) if options.clean else load_parsed(folder)


def build(options: BuildOptions, progress: Callable[[int, int], None] | None = None,
          live: LiveState | None = None) -> BuildReport:
    """Build the site into `options.out_dir`, making again only pages whose inputs changed.

    With `live` (`sitegen serve`), what was read, checked and built is kept in memory between
    calls, and after the first build files are written in place rather than swapped in.
    Raises ContentError for the content, OutputError when the output cannot be written.
    Process-wide settings (the cyclic collector, signal handlers) are the command's to make.
    """
    started = time.perf_counter()
    guard_output(options.out_dir, options.content_dir)
    theme = Theme.of(options)
    manifest_dir = options.cache_dir / cache_key(options.content_dir, options.out_dir)
    stamps: dict[str, list[int]] = {}
    sources = (sources_stamp(options.content_dir, theme.digest, options.include_drafts, options.search,
                             head_commit(options.content_dir), stamps=stamps) if live is None else "")
    last_record = read_checked(manifest_dir / SITE_RECORD) if not options.clean and live is None else {}
    if not options.clean and live is None:
        unchanged = unchanged_site(last_record, sources, options.out_dir)
        if unchanged is not None:
            files = sum(1 for rel in unchanged["outputs"] if not rel.startswith(BUNDLE_DIR + "/") and rel != MARKER)
            return BuildReport(unchanged["pages"], 0, files, 0, time.perf_counter() - started,
                               [Diagnostic(**d) for d in unchanged["warnings"]])
    checked = check(options, live, stamps)
    # a clean build compiles every template again, and leaves them compiled for the next build
    renderer = cached_renderer(theme.folder, theme.locales, checked.graph.config.languages, checked.problems,
                               theme.digest, compiled_folder(options.cache_dir, theme.digest), options.clean,
                               site_fragments(checked.graph))
    checked.problems.raise_if_any()
    theme_hash = theme.digest + repr(options.include_drafts)
    in_place = live is not None and live.previous is not None and not options.clean
    previous = live.previous.rebased(theme_hash) if in_place else Previous.read(manifest_dir, theme_hash, options.clean)
    changed = changed_names(checked.files, live.files) if in_place and live.files is not None else None
    changes = Changes.since(previous, Inputs(checked.graph, checked.files, live.events if live else None),
                            extras_digest(theme_hash, checked.files, previous, changed), in_place, changed)
    last = _last_outputs(last_record, options.out_dir)
    try:
        made = _write_site(options, checked, renderer, theme, changes, progress, live, last)
    except OSError as exc:
        raise error_for(exc, options.out_dir) from None
    record = Previous.of(made.outcomes, theme_hash, changes.inputs, made.extras, made.table,
                         previous if in_place or live is None else None, changes.all_changed(), live is not None)
    warnings = sorted(set(checked.problems.warnings))  # a broken link is found on each page that shows it: once
    if live is not None:
        live.previous, live.outputs, live.files = record, made.outputs, checked.files
    else:
        _write_record(manifest_dir, record, changes.previous, made, sources, warnings, options.out_dir, last)
    report = made.report
    return BuildReport(len(made.outcomes), report.written, report.unchanged, report.removed,
                       time.perf_counter() - started, warnings, [o.rel for o in made.outcomes if o.rendered],
                       made.run.workers, made.run.start_method)


@dataclass(frozen=True)
class Theme:
    folder: Path
    locales: Path
    digest: str

    @classmethod
    def of(cls, options: BuildOptions) -> Theme:
        folder, locales = options.theme_dir or default_theme_dir(), options.locale_dir or default_locale_dir()
        return cls(folder, locales, files_digest(folder, locales))


@dataclass
class Made:
    """What the writing stage made: every page's outcome, the other files, how it ran."""

    outcomes: list[PageOutcome]
    extras: dict
    outputs: set[str]
    report: WriteReport
    run: RunInfo
    table: Callable[[], DepTable]


def _last_outputs(record: dict, out: Path) -> dict[str, list | None] | None:
    """The files the last one-off build left in `out`, with their stamps, from its `record`
    (none after --clean, nor in serve), when this build may stage only what differs from them
    (write.Overlay): only while the folder holds the marker that build left (a build into it
    from other content leaves its own)."""
    outputs = record.get("outputs")
    if not isinstance(outputs, dict) or outputs.get(MARKER) is None:
        return None
    return outputs if outputs[MARKER] == file_stamp(out / MARKER) else None


def _writer(options: BuildOptions, changes: Changes, last: dict | None) -> Staging | InPlace | Overlay:
    """Serve writes in place; a rebuild over the last build's site stages what differs; a first
    or clean build stages a whole new site. Each process may write its share of the build's limit."""
    budget = OutputBudget(options.out_dir, limits.MAX_OUTPUT_BYTES // max(1, options.jobs or default_jobs()))
    if changes.in_place:
        return InPlace(options.out_dir, budget)
    if last is not None:
        return Overlay(options.out_dir, BUNDLE_DIR, budget)
    return Staging(options.out_dir, BUNDLE_DIR, budget)


def _write_site(options: BuildOptions, checked: Checked, renderer: Renderer, theme: Theme, changes: Changes,
                progress, live: LiveState | None, last: dict | None) -> Made:
    """Make every page and data file into a staging folder (or serve's folder), then put it in place."""
    graph, problems = checked.graph, checked.problems
    bodies = BodyCache(options.cache_dir / "markdown", read=not options.clean)
    planner = Planner(graph, {lang: renderer.gettext(lang) for lang in graph.config.languages}, bodies)
    table = cache(partial(DepTable.of_site, graph, checked.files))  # made where first needed
    writer = None
    try:
        with signals_held():  # an interrupt right after the folder is made must still remove it
            writer = _writer(options, changes, last)
        # the pages are planned in _make_all, after serve has made the edited ones
        maker = Maker(graph, planner, [], renderer, writer, theme.folder, checked.files, options.cache_dir)
        if not changes.in_place:  # the record needs the table: made here, forked workers inherit it
            maker.shared_table = table()
        setup = MakerSetup(graph, checked.files, theme.folder, theme.locales, options.cache_dir, bodies.folder, bodies.read,
                           writer, renderer.compiled)
        extras_kept = changes.extras_kept(options.out_dir)
        if live is not None and not extras_kept:
            live.records.start((graph.config, theme.digest))
            maker.kept = live.records
        outcomes, data, run = _make_all(maker, setup, changes, [] if extras_kept else data_jobs(graph.config.languages),
                                        options, progress)
        if live is not None:  # serve keeps each page's names between builds; a one-off build the numbers
            outcomes = [replace(o, deps=dep_names(o.deps, table)) if isinstance(o.deps, (PackedDeps, ManifestDeps)) else o
                        for o in outcomes]  # (a kept page's outcome stays the same object: see Previous.of)
        check_unique_paths([(o.rel, o.deps) for o in outcomes], lambda deps: dep_names(deps, table))
        written = sum(1 for o in outcomes if o.written)
        writer.report.written += written
        writer.report.unchanged += len(outcomes) - written
        problems.extend([warning for o in outcomes if o.warnings for warning in o.warnings])
        extras = (_keep_extras(writer, changes.previous.extras["files"]) if extras_kept
                  else _finish_extras(writer, graph, outcomes, data))
        outputs = {o.rel for o in outcomes} | set(extras) | {MARKER}
        shards = search_shards(graph) if options.search else []
        search: dict[str, list] = {}
        views = _search_views(options)
        pages = BuiltPages(writer.folder, options.out_dir, frozenset(outputs), views) if isinstance(writer, Overlay) else None
        finish = search_indexer(options.out_dir, shards, event_records(graph, planner.gettexts),
                                 changes.previous.extras.get("search", {}), search, pages, views) if options.search else None
        forget_manifest(options.cache_dir / cache_key(options.content_dir, options.out_dir))  # a build that
        # stops between the swap and the new manifest trusts nothing
        if changes.in_place:
            writer.remove(live.outputs - outputs)
        elif isinstance(writer, Overlay):
            writer.remove(_gone(last, outputs, shards))
        report = writer.commit(finish)
    except BaseException:
        if writer is not None:
            writer.abort()
        raise
    extras_record = {"digest": changes.extras_digest, "files": sorted(extras), "search": search}
    return Made(outcomes, extras_record, outputs, report, run, table)


def _pages_left(previous: Previous, made: Made, last: dict | None) -> dict[str, list[int]]:
    """The pages a rebuild over the last build's site kept where they were, with their stamps:
    each was kept only after its file was found with the stamp the record gave it (Changes.keeps),
    and the overlay writes only the files that changed, so they need not be stamped again."""
    if last is None:
        return {}
    return {o.rel: previous.stamps[o.rel] for o in made.outcomes if previous.pages.get(o.rel) is o}


def _write_record(manifest_dir: Path, record: Previous, previous: Previous, made: Made, sources: str,
                  warnings: list[Diagnostic], out: Path, last: dict | None) -> None:
    kept_shards = shards_left(previous.extras.get("search", {}), made.extras["search"])
    stamps = output_stamps(out, made.outputs, last, kept_shards, _pages_left(previous, made, last))
    write_manifest(manifest_dir, record, stamps, previous)
    write_checked(manifest_dir / SITE_RECORD, {
        "sources": sources, "pages": len(made.outcomes), "warnings": [asdict(d) for d in warnings], "outputs": stamps,
    })


def _keep_extras(writer: Staging | InPlace | Overlay, files: list[str]) -> list[str]:
    """The last build's feeds, data files and sitemap, known to be right, kept as they are."""
    for rel in files:
        writer.reuse(rel)
        writer.report.count(False)
    return list(files)


def _finish_extras(writer: Staging | InPlace | Overlay, graph: SiteGraph, outcomes: list[PageOutcome],
                   data_outcomes: list[DataOutcome]) -> list[str]:
    """Write the sitemap (made from the pages) beside the data files the workers wrote; count
    every one of them, and return their names."""
    discovery = discovery_files(graph.config, [o.sitemap for o in outcomes if o.sitemap])
    written = [(rel, writer.put(rel, content)) for rel, content in discovery.items()]
    written += [file for outcome in data_outcomes for file in outcome.files]
    for _, was_written in written:
        writer.report.count(was_written)
    return [rel for rel, _ in written]


def _make_all(maker: Maker, setup: MakerSetup, changes: Changes, data: list[DataJob], options: BuildOptions,
              progress) -> tuple[list[PageOutcome], list[DataOutcome], RunInfo]:
    """Every page's outcome, kept as it was or made, and the outcomes of the data jobs.

    The data files (feeds, exports) are made by the workers too, first, so that they overlap
    with the pages rather than follow them. Keeping a page written in place costs nothing, so
    then (`sitegen serve`) the pages of the edited entries are made first, before the site's
    other pages are even planned and compared with the last build: the edited page is what the
    editor waits for. Each worker keeps to one language while it has work, so that each makes
    one language's event records and items.
    """
    first = _edited_pages_made(maker, changes.edited) if changes.in_place else {}
    maker.plans = maker.planner.page_plans()
    plans, out = maker.plans, options.out_dir
    rels = [output_file(plan.path) for plan in plans]
    outcomes: list = [first.pop(rel, None) for rel in rels] if first else [None] * len(plans)
    assert not first, f"pages made first that the site does not plan: {sorted(first)}"
    rest = [i for i, outcome in enumerate(outcomes) if outcome is None]
    kept = changes.kept(rest, rels, out)
    kept_set = set(kept)
    for i in kept:
        outcomes[i] = changes.previous.pages[rels[i]]
    made = [i for i in rest if i not in kept_set]
    linked = kept if isinstance(maker.writer, Staging) else []  # elsewhere a kept page stays where it is
    data_outcomes, run = _run_pages(maker, setup, made, linked, data, options, progress,
                                    outcomes)
    return outcomes, data_outcomes, run


def _edited_pages_made(maker: Maker, files: set[str]) -> dict[str, PageOutcome]:
    """The outcomes of the pages of the entries whose `files` changed or are new, by output file,
    made in this process (a spawned worker would plan the whole site), when there are a few."""
    plans = maker.planner.edited_entry_plans(files)
    if not plans or len(plans) > BATCH:
        return {}
    outcomes = PageBatch(tuple(range(len(plans)))).run(replace(maker, plans=plans))
    return {outcome.rel: outcome for outcome in outcomes}


def _run_pages(maker: Maker, setup: MakerSetup, made: list[int], kept: list[int], data: list[DataJob],
               options: BuildOptions, progress, outcomes: list) -> tuple[list[DataOutcome], RunInfo]:
    """Run the data jobs and the pages to make (and to keep, linked), each page's outcome into
    `outcomes`; returns the data jobs' outcomes."""
    languages = maker.graph.config.languages

    def language(index: int) -> str:
        head = maker.plans[index].path.partition("/")[0]
        return head if head in languages else ""

    labelled = [(job.lang, job) for job in data] + page_jobs(made, kept, maker.plans, language)
    order = {lang: rank for rank, lang in enumerate(dict.fromkeys(lang for lang, _ in labelled))}
    labelled.sort(key=lambda item: order[item[0]])
    jobs = [job for _, job in labelled]
    groups = [sum(1 for lang, _ in labelled if lang == group) for group in order]
    results, run = run_jobs(jobs, maker, setup, options.jobs or default_jobs(), progress, groups)
    for job, result in zip(jobs, results):
        if isinstance(job, PageBatch):
            for index, outcome in zip(job.made, result):
                outcomes[index] = outcome
    return [result for job, result in zip(jobs, results) if isinstance(job, DataJob)], run


def _search_views(options: BuildOptions) -> Path:
    """Where rebuilds of this content into this folder keep the search shards' views (search.py)."""
    return options.cache_dir / cache_key(options.content_dir, options.out_dir) / "search-views"


def _gone(last: dict, outputs: set[str], shards: list) -> set[str]:
    """The files of the last build that this one does not make: its pages and data files, and
    the search index's files but those of the shards this build keeps or writes again."""
    bundles = tuple(f"{BUNDLE_DIR}/{shard.name}/" for shard in shards)
    return {rel for rel in last if rel not in outputs and not (bundles and rel.startswith(bundles))}
