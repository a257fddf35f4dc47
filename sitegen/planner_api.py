"""What the kinds of pages (corrections, timeline views, search, embeds, relation views) may
ask of the planner that hands itself to them: `pages.Planner` has these and more. Naming the
interface here, below them, lets them annotate their `planner` argument without importing
`pages`, which imports them."""
from __future__ import annotations

from typing import Any, Callable, Protocol

from .graph import SiteGraph
from .model import SiteConfig
from .urls import Page, PageHead
from .views import Viewer


class PlannerApi(Protocol):
    graph: SiteGraph
    gettexts: dict[str, Callable[[str], str]]

    @property
    def config(self) -> SiteConfig: ...

    def members(self, view: Viewer, name: str, argument: str = "") -> Any: ...

    def viewer(self, lang: str, absolute: bool = False) -> Viewer: ...

    def page(self, view: Viewer, head: PageHead, translations: dict[str, str],
             fallbacks: dict[str, str] | None = None, **context) -> Page: ...

    def per_language(self, make_path: Callable[[str], str]) -> dict[str, str]: ...
