"""The jobs of a build's writing stage, as `parallel.run_jobs` runs them: batches of pages and
data files, each a small picklable description, made with a `Maker` (the state a worker
holds: the planned pages, the compiled templates and the writer into the staging folder).

A forked worker inherits the main process's `Maker`; a spawned one builds its own from a
`MakerSetup` (the validated site graph, the theme's folders and the writer), in the same order,
so a page's index names the same page in every process.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from .corrections import correction_feed_files
from .depends import DepTable
from .entry_images import entry_image_files
from .errors import Problems
from .exports import export_files
from .feeds import feed_files
from .icons import icon_files
from .share_cards import share_card_files
from .graph import SiteGraph
from .kept_records import KeptRecords
from .markup import BodyCache
from .pages import Planner
from .record import DataOutcome, PageOutcome
from .render import Renderer, fragments_to_keep
from .sitemap import sitemap_entry
from .urls import PagePlan, output_file
from .write import InPlace, Overlay, Staging

BATCH = 24  # pages a worker makes between two messages


def site_fragments(graph: SiteGraph) -> int:
    """How many rendered fragments each reused macro keeps for this site (render.fragments_to_keep)."""
    return fragments_to_keep(len(graph.timeline), len(graph.content.articles))


@dataclass
class Maker:
    """Everything a process needs to make pages: see the module's docstring."""

    graph: SiteGraph
    planner: Planner
    plans: list[PagePlan]
    renderer: Renderer
    writer: Staging | InPlace | Overlay
    theme_dir: Path
    files: dict[str, str]  # content path → digest: the dependency table is made from them
    cache_dir: Path  # the build's cache folder (the share cards' cache is in it)
    shared_table: DepTable | None = None  # made by the main process before it forks, when it has one
    table: DepTable | None = None  # set in a worker: its outcomes' dependencies go back packed
    kept: KeptRecords | None = None  # `sitegen serve`'s records of the data files, kept between rebuilds

    def for_worker(self) -> Maker:
        return replace(self, table=self.shared_table or DepTable.of_site(self.graph, self.files))

    def page(self, index: int) -> PageOutcome:
        """Make and render a page (its file is only rewritten when its bytes differ)."""
        plan = self.plans[index]
        rel = output_file(plan.path)
        page = plan.make()
        written = self.writer.put(rel, self.renderer.render(page))
        warnings = tuple(self.planner.warnings)
        self.planner.warnings.clear()
        deps = page.deps | {"site.yaml"}
        return PageOutcome(rel, self.table.pack(deps) if self.table else frozenset(deps), written, True, warnings,
                           sitemap_entry(page))


@dataclass(frozen=True)
class MakerSetup:
    """How a spawned worker builds its `Maker`: pickled once, sent to every worker."""

    graph: SiteGraph
    files: dict[str, str]  # content path → digest: the dependency table is made from them
    theme_dir: Path
    locale_dir: Path
    cache_dir: Path
    bodies: Path | None
    read_bodies: bool
    writer: Staging | InPlace | Overlay
    compiled: Path | None = None  # the compiled templates' folder (render.compiled_folder)

    def start(self) -> Maker:
        graph = self.graph
        renderer = Renderer(self.theme_dir, self.locale_dir, graph.config.languages, Problems(), self.compiled,
                            fragments=site_fragments(graph))
        bodies = BodyCache(self.bodies, read=self.read_bodies)
        planner = Planner(graph, {lang: renderer.gettext(lang) for lang in graph.config.languages}, bodies)
        return Maker(graph, planner, planner.page_plans(), renderer, self.writer, self.theme_dir,
                     self.files, self.cache_dir).for_worker()


@dataclass(frozen=True)
class PageBatch:
    """Pages to make, by index into the plans, and pages whose last file is kept (linked)."""

    made: tuple[int, ...]
    kept: tuple[str, ...] = ()  # output files
    size: int = field(default=0, compare=False)

    def run(self, maker: Maker) -> list[PageOutcome]:
        for rel in self.kept:
            maker.writer.reuse(rel)
        outcomes = [maker.page(index) for index in self.made]
        maker.planner.bodies.flush()  # the bodies this batch converted, to the shared cache
        return outcomes


@dataclass(frozen=True)
class DataJob:
    """Data files that are not pages: a language's exports and share cards (`lang`), the feeds,
    the theme's files, the icons and the articles' own images."""

    kind: str  # one of DATA_KINDS
    lang: str = ""
    size: int = 1

    def run(self, maker: Maker) -> DataOutcome:
        graph, gettexts = maker.graph, maker.planner.gettexts
        files = {"exports": lambda: export_files(graph, gettexts, self.lang, maker.kept),
                 "cards": lambda: share_card_files(graph, gettexts, maker.theme_dir, maker.cache_dir, self.lang),
                 "feeds": lambda: feed_files(graph, maker.kept),
                 "corrections": lambda: correction_feed_files(graph, gettexts),
                 "static": lambda: static_files(maker.theme_dir),
                 "icons": lambda: icon_files(graph.config, maker.theme_dir),
                 "images": lambda: entry_image_files(graph)}[self.kind]()
        return DataOutcome(tuple((rel, maker.writer.put(rel, content)) for rel, content in files.items()))


PER_LANGUAGE_DATA = ("exports", "cards")
DATA_KINDS = (*PER_LANGUAGE_DATA, "feeds", "corrections", "static", "icons", "images")


def data_jobs(languages: tuple[str, ...]) -> list[DataJob]:
    """The data files, in jobs of similar size: each language's exports and share cards, then
    the feeds, the corrections feeds, the theme's files, the icons and the articles' images."""
    per_language = [DataJob(kind, lang) for kind in PER_LANGUAGE_DATA for lang in languages]
    return per_language + [DataJob(kind) for kind in DATA_KINDS if kind not in PER_LANGUAGE_DATA]


def static_files(theme_dir: Path) -> dict[str, bytes]:
    static = theme_dir / "static"
    files = {f"static/{p.relative_to(static).as_posix()}": p.read_bytes()
             for p in sorted(static.rglob("*")) if p.is_file()}
    files[".nojekyll"] = b""
    return files


def page_jobs(made: list[int], kept: list[int], plans: list[PagePlan], language, batch: int = BATCH,
              ) -> list[tuple[str, PageBatch]]:
    """Batches of pages, each within one language (`language(index)`), with the language: a
    batch makes up to `batch` pages and links about as many kept ones (linking costs less)."""
    by_language: dict[str, tuple[list[int], list[int]]] = {}
    for index in made:
        by_language.setdefault(language(index), ([], []))[0].append(index)
    for index in kept:
        by_language.setdefault(language(index), ([], []))[1].append(index)
    jobs = []
    for lang, (to_make, to_keep) in by_language.items():
        steps = max(1, -(-len(to_make) // batch), -(-len(to_keep) // (batch * 4)))
        for step in range(steps):
            part = _share(to_make, step, steps)
            links = tuple(output_file(plans[i].path) for i in _share(to_keep, step, steps))
            jobs.append((lang, PageBatch(tuple(part), links, len(part) + len(links))))
    return jobs


def _share(items: list[int], step: int, steps: int) -> tuple[int, ...]:
    """The `step`-th of `steps` nearly equal runs of `items`."""
    return tuple(items[len(items) * step // steps:len(items) * (step + 1) // steps])
