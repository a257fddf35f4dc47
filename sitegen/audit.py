"""`sitegen check`: every validation of a build, plus warnings about what an editor may have missed.

Nothing is rendered or written: the pages are only planned, which resolves every entry link in
every body (the Planner reports the links that lead nowhere).
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Callable

from .build import BuildOptions, check
from .record import check_unique_paths
from .claims_audit import unattributed_claims, unsourced_entries
from .errors import Diagnostic
from .graph import SiteGraph
from .i18n import load_translations
from .markup import BodyCache, entry_links
from .pages import Planner
from .urls import output_file
from .render import default_locale_dir
from .revisions import stale_translation

PROSE_KINDS = (("article", "articles"), ("topic", "topics"), ("actor", "actors"))


@dataclass(frozen=True)
class CoverageRow:
    """How many entries of one kind exist in each language, out of how many entries in all."""

    kind: str
    total: int
    per_language: tuple[tuple[str, int], ...]


@dataclass
class Audit:
    coverage: list[CoverageRow]
    warnings: list[Diagnostic] = field(default_factory=list)
    drafts: tuple[str, ...] = ()  # `articles/<slug>`, `events/<id>`…: left out, as a build leaves them


def audit(options: BuildOptions) -> Audit:
    """Validate like `build` (raising ContentError with every problem), then collect warnings."""
    checked = check(options)
    graph, problems = checked.graph, checked.problems
    locale_dir = options.locale_dir or default_locale_dir()
    gettexts = {lang: load_translations(locale_dir, lang, problems).gettext for lang in graph.config.languages}
    problems.raise_if_any()
    bodies = BodyCache(None if options.clean else options.cache_dir / "markdown")
    planner = Planner(graph, gettexts, bodies)
    check_unique_paths([(output_file(p.path), p.deps) for p in planner.all_pages()])

    def place(rel: str) -> str:
        """A content file as the editor opens it from the working directory."""
        return problems.display(options.content_dir / rel)

    warnings = (problems.warnings + missing_translations(graph, place) + unreferenced_entries(graph, bodies, place)
                + url_only_events(graph, place) + stale_translations(graph, place)
                + unattributed_claims(graph, place) + unsourced_entries(graph, place)
                + [replace(w, path=place(w.path)) for w in planner.warnings])
    bodies.flush()
    return Audit(coverage_table(graph), sorted(set(warnings)), graph.content.drafts_left_out)


def coverage_table(graph: SiteGraph) -> list[CoverageRow]:
    content = graph.content
    rows = []
    for kind, section in PROSE_KINDS:
        entries = getattr(content, section).values()
        counts = tuple((lang, sum(1 for e in entries if lang in e.texts)) for lang in graph.config.languages)
        rows.append(CoverageRow(section, len(entries), counts))
    return rows


def missing_translations(graph: SiteGraph, place: Callable[[str], str]) -> list[Diagnostic]:
    found = []
    for kind, section in PROSE_KINDS:
        for slug, entry in sorted(getattr(graph.content, section).items()):
            first = next(iter(entry.texts.values()))
            for lang in graph.config.languages:
                if lang not in entry.texts:
                    found.append(Diagnostic(place(first.path), 0, f"no {lang!r} translation",
                                            f"add {section}/{slug}.{lang}.md", "warning"))
    return found


def stale_translations(graph: SiteGraph, place: Callable[[str], str]) -> list[Diagnostic]:
    """Translations whose other language changed on a later day, by git history (revisions.py)."""
    found = []
    for _, section in PROSE_KINDS:
        for entry in getattr(graph.content, section).values():
            for lang in entry.texts:
                stale = stale_translation(entry.texts, lang, graph.revised)
                if stale is None:
                    continue
                newer, older = (t.path.rpartition("/")[2] for t in (stale.newer, stale.text))
                found.append(Diagnostic(
                    place(stale.text.path), 1, f"{newer} changed on {stale.changed}, after {older} ({stale.last}): "
                    "check the translation", f"bring it up to date, or add 'translation_checked: {stale.changed}' "
                    "to its front matter", "warning"))
    return found


def _body_references(graph: SiteGraph, bodies: BodyCache) -> set[tuple[str, str]]:
    content = graph.content
    refs = set()
    for table in (content.articles, content.topics, content.actors):
        for entry in table.values():
            for text in entry.texts.values():
                refs.update(entry_links(bodies.html(text.body)))
    return refs


def unreferenced_entries(graph: SiteGraph, bodies: BodyCache, place: Callable[[str], str]) -> list[Diagnostic]:
    """Actors and topics that no article, event, actor or body refers to."""
    content = graph.content
    refs = _body_references(graph, bodies)
    used_actors = {slug for scheme, slug in refs if scheme == "actor"} | {a.country for a in content.actors.values() if a.country}
    used_topics = {slug for scheme, slug in refs if scheme == "topic"}
    for article in content.articles.values():
        used_actors.update(article.actors)
        used_topics.update(article.topics)
    for event in content.events.values():
        used_actors.update(event.actors)
        used_topics.update(event.topics)
    found = []
    for kind, table, used in (("actor", content.actors, used_actors), ("topic", content.topics, used_topics)):
        for slug, entry in sorted(table.items()):
            if slug not in used:
                first = next(iter(entry.texts.values()))
                found.append(Diagnostic(place(first.path), 0,
                                        f"no article, event or other entry refers to the {kind} {slug!r}",
                                        f"link it somewhere, e.g. [text]({kind}:{slug}), or delete it", "warning"))
    return found


def url_only_events(graph: SiteGraph, place: Callable[[str], str]) -> list[Diagnostic]:
    return [
        Diagnostic(place(event.path), event.line,
                   f"the event {event.id!r} cites only web addresses",
                   "cite an article of the briefing too, so readers get its summary", "warning")
        for event in graph.timeline
        if all(source.url and not source.article for source in event.sources)
    ]
