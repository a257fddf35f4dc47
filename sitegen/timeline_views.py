"""Static views of the timeline: one page per year, per topic and per actor, in every language.

Each view has its own address and works without JavaScript. The main timeline page also gets the
same options as a form that `static/reader.js` uses to filter the page in place.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from functools import partial

from . import urls
from .depnames import query
from .eras import ERAS_FILE
from .graph import event_views, view_label
from .i18n import N_
from .overview import overview_context
from .planner_api import PlannerApi
from .urls import Page, PageHead, PagePlan, era_path, view_path
from .views import Viewer

LEGENDS = {"year": N_("Year"), "era": N_("Era"), "topic": N_("Topic"), "actor": N_("Actor"), "claimed-by": N_("Claimed by")}
OPTIONAL_GROUPS = ("era", "claimed-by")  # a briefing with no eras, or that attributes no claim, has no such filter


@dataclass(frozen=True, eq=False)
class FilterOption:
    """One year, topic or actor in the views list; compared by identity, like views.EventItem."""

    value: str
    label: str
    count: int
    url: str
    current: bool


@dataclass(frozen=True)
class FilterGroup:
    key: str
    legend: str
    options: tuple[FilterOption, ...]
    current: bool = False  # one of its options is the page itself


def _label(planner: PlannerApi, view: Viewer, key: str, value: str) -> str:
    """A view's own name, for its title: the page depends on its topic's or actor's texts."""
    if key == "era":
        view.deps.add(ERAS_FILE)
    elif key != "year":
        view.text((planner.graph.content.topics if key == "topic" else planner.graph.content.actors)[value].texts)
    return view_label(planner.graph, key, value, view.lang)


def filter_groups(planner: PlannerApi, view: Viewer, current: tuple[str, str] | None = None) -> tuple[FilterGroup, ...]:
    """Every year, topic and actor that has events, with its count and the address of its view;
    the one this page shows is marked. Made once per language, then marked per page."""
    groups = view.once(("filter-groups",), lambda: _filter_groups(planner, view))
    if current is None:
        return groups
    return tuple(
        replace(group, current=True,
                options=tuple(replace(o, current=True) if (group.key, o.value) == current else o
                              for o in group.options))
        if group.key == current[0] else group
        for group in groups
    )


def _filter_groups(planner: PlannerApi, view: Viewer) -> tuple[FilterGroup, ...]:
    """The list of views, made from the counts and the names of all views: two dependencies
    (see depends.py), not the front matter of every topic and actor."""
    view.deps.update((query("filters"), query("filter_labels", view.lang)))
    groups = []
    for key, events in event_views(planner.graph).items():
        options = [FilterOption(value, view_label(planner.graph, key, value, view.lang), len(found),
                                view.link(view_path(key, value, view.lang)), False)
                   for value, found in events.items() if found]
        if key == "year":
            options.sort(key=lambda o: -int(o.value))
        elif key != "era":  # eras stay in their order, oldest first
            options.sort(key=lambda o: (o.label.casefold(), o.value))
        if options or key not in OPTIONAL_GROUPS:
            groups.append(FilterGroup(key, view.gettext(LEGENDS[key]), tuple(options)))
    return tuple(groups)


def timeline_view_plans(planner: PlannerApi, lang: str) -> list[PagePlan]:
    """One page per year, topic and actor that has events, each made when it is called."""
    return [PagePlan(view_path(key, value, lang), partial(_view_page, planner, lang, key, value, found))
            for key, events in event_views(planner.graph).items()
            for value, found in sorted(events.items()) if found]


def _view_page(planner: PlannerApi, lang: str, key: str, value: str, events: list) -> Page:
    path = view_path(key, value, lang)
    view = planner.viewer(lang)
    view.deps.add(query("view", f"{key}:{value}"))
    gettext = planner.gettexts[lang]
    label = _label(planner, view, key, value)
    title = (gettext("Timeline: claims by %(view)s") if key == "claimed-by" else gettext("Timeline: %(view)s")) % {"view": label}
    return planner.page(
        view, PageHead(path, "timeline.html", title, planner.config.description[lang], about=events),
        planner.per_language(lambda code: view_path(key, value, code)), years=view.timeline(events),
        count=len(events), shown=len(events), filters=filter_groups(planner, view, (key, value)),
        **overview_context(planner.graph, view, events, era_path(lang), value if key == "topic" else None),
        full_url=view.link(urls.timeline_path(lang)), filterable=False)
