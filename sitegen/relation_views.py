"""Relations between actors as pages show them: on each actor's page, from its own end, and on
the network page of each language (a drawing, and the same relations as a list), as the
network stands in all and as it stood in each year."""
from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from .depnames import query
from .i18n import format_partial, format_span
from .model import Relation
from .network_svg import Edge, Node, layout, network_svg
from .planner_api import PlannerApi
from .relations import RelationEnd, in_force, relation_years
from .urls import Page, PageHead, PagePlan, network_path
from .views import Claimant, Link, Viewer


@dataclass(frozen=True)
class RelationItem:
    """A relation read from one actor's end: "Sanctioned by <the Treasury> (August 2023)"."""

    actor: Link  # the end it is read from
    phrase: str
    other: Link
    dates: str
    claimed_by: tuple[Claimant, ...]
    sources: tuple[Link, ...]


def relation_dates(relation: Relation, lang: str, gettext) -> str:
    """`August 2023`, `July–August 2023`, `until 2024`, or "" for an undated relation."""
    start, until = relation.start, relation.until
    if start and until:
        return format_partial(start, lang) if start == until else format_span(start, until, lang)
    if until:
        return gettext("until %(date)s") % {"date": format_partial(until, lang)}
    return format_partial(start, lang) if start else ""


def _item(planner: PlannerApi, view: Viewer, end: RelationEnd, actor: str) -> RelationItem:
    relation, actors = end.relation, planner.graph.content.actors
    kind = next(t for t in planner.config.relation_types if t.key == relation.type)
    phrase = (kind.name if end.outgoing or not kind.directed else kind.inverse)[view.lang]
    first, last = relation.start or relation.until, relation.until or relation.start
    claimants = view.claimants(relation.claimed_by, first, last) if first else tuple(
        Claimant(view.entry_link("actor", actors[s]), view.text(actors[s].texts).summary) for s in relation.claimed_by)
    return RelationItem(view.entry_link("actor", actors[actor]), phrase, view.entry_link("actor", actors[end.other]),
                        relation_dates(relation, view.lang, view.gettext), claimants, view.source_links(relation.sources))


def actor_relations(planner: PlannerApi, view: Viewer, slug: str) -> dict:
    """An actor's relations, from its end, for its page; and the link to the network page."""
    view.deps.add(query("relations", slug))
    ends = planner.graph.relations_by_actor.get(slug, ())
    return dict(relations=tuple(_item(planner, view, end, slug) for end in ends),
                network_url=view.link(network_path(view.lang)) if ends else "")


def network_plans(planner: PlannerApi, lang: str) -> list[PagePlan]:
    """The network page and one per year of its relations: none when there are no relations."""
    relations = planner.graph.relations
    if not relations:
        return []
    years = relation_years(relations)
    return [PagePlan(network_path(lang), partial(_network_page, planner, lang, None))] + [
        PagePlan(network_path(lang, year), partial(_network_page, planner, lang, year)) for year in years]


def _network_page(planner: PlannerApi, lang: str, year: int | None) -> Page:
    view = planner.viewer(lang)
    view.deps.add(query("network"))
    gettext = planner.gettexts[lang]
    every = planner.graph.relations
    shown = [r for r in every if year is None or in_force(r, year)]
    title = gettext("Network of actors") if year is None else gettext("Network of actors as of %(year)s") % {"year": year}
    items = tuple(_item(planner, view, RelationEnd(r, r.to, True), r.actor) for r in shown)
    years = tuple((str(y), view.link(network_path(lang, y)), y == year) for y in relation_years(every))
    return planner.page(
        view, PageHead(network_path(lang, year), "network.html", title, planner.config.description[lang]),
        planner.per_language(lambda code: network_path(code, year)),
        svg=_drawing(planner, view, every, shown), items=items, years=years,
        all_url=view.link(network_path(lang)) if year else "", year=year or "",
    )


def _drawing(planner: PlannerApi, view: Viewer, every: list[Relation], shown: list[Relation]) -> str:
    """The drawing of the `shown` relations, laid out as the whole network is."""
    actors = planner.graph.content.actors
    places, height = layout(tuple(sorted({s for r in every for s in (r.actor, r.to)})),
                    tuple(sorted({(r.actor, r.to) for r in every})))
    keys = sorted({s for r in shown for s in (r.actor, r.to)})
    nodes = [Node(s, view.text(actors[s].texts).title, view.entry_link("actor", actors[s]).url) for s in keys]
    edges = []
    for relation in shown:
        item = _item(planner, view, RelationEnd(relation, relation.to, True), relation.actor)
        kind = next(t for t in planner.config.relation_types if t.key == relation.type)
        words = f"{item.actor.label}: {item.phrase} {item.other.label}" + (f" ({item.dates})" if item.dates else "")
        edges.append(Edge(relation.actor, relation.to, kind.name[view.lang], words, kind.directed, bool(relation.claimed_by)))
    return network_svg(nodes, edges, places, height, "network-heading")

