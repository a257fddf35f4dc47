"""The routes of the site: where each page lives (every path function), the page plan and the
page a planner makes, and links between pages that work under any path prefix.

Rendering, the sitemap and the writers import this module, never the planner.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Callable, NamedTuple

SECTIONS = {"article": "articles", "topic": "topics", "actor": "actors"}
KINDS = {folder: kind for kind, folder in SECTIONS.items()}  # `articles` → `article`


def entry_path(kind: str, slug: str, lang: str) -> str:
    """The site path of an entry page, e.g. `en/articles/kirby-statement/`."""
    return f"{lang}/{SECTIONS[kind]}/{slug}/"


def home_path(lang: str) -> str:
    return f"{lang}/"


def section_path(kind: str, lang: str) -> str:
    return f"{lang}/{SECTIONS[kind]}/"


def list_page_path(lang: str, number: int, count: int) -> str:
    """Page `number` of the `count` pages of the articles list, counted from the oldest: the
    newest page is the section's own address, the others keep theirs as articles are added."""
    return f"{lang}/articles/" if number == count else f"{lang}/articles/page/{number}/"


def pager_numbers(current: int, count: int, around: int = 3) -> list[int]:
    """The page numbers a pager shows, newest first: the newest, a few around the current one and
    the oldest, so that a long archive does not put thousands of links on every page (and a new
    page changes the pagers of the newest few pages only)."""
    shown = {1, count, *range(max(1, current - around), min(count, current + around) + 1)}
    return sorted(shown, reverse=True)


def timeline_path(lang: str) -> str:
    return f"{lang}/timeline/"


def event_anchor(event_id: str) -> str:
    return f"event-{event_id}"


def year_path(lang: str, year: int) -> str:
    """The timeline view of one year, e.g. `en/timeline/2023/`."""
    return f"{timeline_path(lang)}{year}/"


def event_path(event, lang: str) -> str:
    """An event's permalink: its place in its year's view, which always lists it (the main
    timeline shows only the latest events of a long timeline)."""
    return f"{year_path(lang, event.date.year)}#{event_anchor(event.id)}"


def language_feed_path(lang: str) -> str:
    return f"{lang}/feed.xml"


def topic_feed_path(slug: str, lang: str) -> str:
    return entry_path("topic", slug, lang) + "feed.xml"


def search_path(lang: str) -> str:
    return f"{lang}/search/"


def corrections_path(lang: str) -> str:
    return f"{lang}/corrections/"


def corrections_feed_path(lang: str) -> str:
    return corrections_path(lang) + "feed.xml"


def entry_timeline_path(kind: str, slug: str, lang: str) -> str:
    """The timeline of one topic or actor, e.g. `en/timeline/actor/sergei-shoigu/`."""
    return f"{timeline_path(lang)}{kind}/{slug}/"


def view_path(key: str, value: str, lang: str) -> str:
    return year_path(lang, int(value)) if key == "year" else entry_timeline_path(key, value, lang)


def era_path(lang: str):
    """The address of an era's view, from its id: `en/timeline/era/<id>/`."""
    return lambda era_id: view_path("era", era_id, lang)


def network_path(lang: str, year: int | None = None) -> str:
    """The network page, `en/network/`, or as it stood in a year, `en/network/2023/`."""
    return f"{lang}/network/" + (f"{year}/" if year else "")


def embed_path(kind: str, slug: str, lang: str) -> str:
    """A topic's or actor's timeline to embed in another site, `en/embed/topic/<slug>/`."""
    return f"{lang}/embed/{kind}/{slug}/"


def card_path(page_path: str) -> str:
    """Where a page's own card is written: `en/articles/x/` → `share/en/articles/x.png`."""
    return f"share/{page_path.strip('/') or 'index'}.png"


def output_file(path: str) -> str:
    """The file a site path is written to: directories get an `index.html`."""
    return path + "index.html" if path == "" or path.endswith("/") else path


def page_depth(path: str) -> int:
    return path.count("/")


UP = "\x00"  # in a rendered page, stands for its way up to the site root (content cannot hold it)
_ROOT = UP + "."


class Linker:
    """Makes links for pages: relative ones, or prefix-absolute ones for the 404 page.

    Relative links climb to the site root and go down again (`../../en/topics/x/`), so they work
    under any path prefix. They are made with `UP` in place of the climb, so one record or one
    rendered fragment serves pages at every depth; `relink` puts each page's climb in.
    """

    def __init__(self, prefix: str = UP):
        self.prefix = prefix

    def __call__(self, to_path: str) -> str:
        if not to_path:
            return _ROOT if self.prefix == UP else self.prefix or "./"
        return self.prefix + to_path


def relink(html: str, page_path: str) -> str:
    """The rendered page with its relative links climbing from its own folder to the site root."""
    up = "../" * page_depth(page_path)
    return html.replace(_ROOT, up or "./").replace(UP, up)


@dataclass(frozen=True)
class Page:
    """One page to render: made once by the planner, never changed."""

    path: str
    template: str
    lang: str
    context: dict
    deps: frozenset[str]


@dataclass(frozen=True)
class PageHead:
    """What a page is, for its head: where it lives, its template, title and description, what
    it is about (an Article, Actor or Topic, or the list of Events a timeline shows; None for
    lists and other pages), when what it shows of that last changed (Viewer.modified), the site
    path of the page canonical for it (None: itself; an embed names its full timeline) and
    whether search engines should leave it out (`noindex`, and no sitemap entry)."""

    path: str
    template: str
    title: str
    description: str
    about: object = None
    modified: datetime | None = None
    canonical: str | None = None
    noindex: bool = False


class PagePlan(NamedTuple):
    path: str
    make: Callable[[], "Page"]
