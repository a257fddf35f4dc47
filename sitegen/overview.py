"""What every timeline page shows above its list: the overview strip (overview_strip.py) and
its eras, as a list of links for readers who do not see the drawing."""
from __future__ import annotations

from typing import Callable

from .depnames import query
from .eras import ERAS_FILE, eras_for
from .graph import SiteGraph
from .overview_strip import era_bands, month_bars, strip_svg
from .views import Viewer


def overview_context(graph: SiteGraph, view: Viewer, events, era_path: Callable[[str], str],
                     topic: str | None = None, bar_base: str = "") -> dict:
    """`overview_svg` (markup, "" without events) and `eras` (EraBand records) for a timeline of
    `events`, linking each era to `era_path(id)` and each bar to its month at `bar_base` (this
    page when "");  a topic's timeline shows the eras of every topic and its own. An era with no
    events has no view page to link to, and is left out (the `filters` query counts them)."""
    eras = tuple(era for era in eras_for(view.content.eras, topic) if graph.events_by_era.get(era.id))
    view.deps.add(ERAS_FILE)  # also without eras: adding eras.yaml remakes the page
    if view.content.eras:  # which eras have events, only while there are eras to show
        view.deps.add(query("filters"))
    bands = era_bands(eras, view.lang, view.link, era_path)
    svg = strip_svg(month_bars(events), eras, bands, view.lang, view.gettext, bar_base)
    return dict(overview_svg=svg, eras=bands if events else ())
