"""Where each page lives, and links between pages that work under any path prefix."""
from __future__ import annotations

import posixpath

SECTIONS = {"article": "articles", "topic": "topics", "actor": "actors"}
PER_PAGE = 20


def entry_path(kind: str, slug: str, lang: str) -> str:
    """The site path of an entry page, e.g. `en/articles/kirby-statement/`."""
    return f"{lang}/{SECTIONS[kind]}/{slug}/"


def home_path(lang: str) -> str:
    return f"{lang}/"


def section_path(kind: str, lang: str) -> str:
    return f"{lang}/{SECTIONS[kind]}/"


def list_page_path(lang: str, number: int) -> str:
    """Page `number` (1-based) of the articles list."""
    return f"{lang}/articles/" if number == 1 else f"{lang}/articles/page/{number}/"


def timeline_path(lang: str) -> str:
    return f"{lang}/timeline/"


def event_anchor(event_id: str) -> str:
    return f"event-{event_id}"


def event_path(event_id: str, lang: str) -> str:
    return f"{timeline_path(lang)}#{event_anchor(event_id)}"


def output_file(path: str) -> str:
    """The file a site path is written to: directories get an `index.html`."""
    return path + "index.html" if path == "" or path.endswith("/") else path


def relative_url(from_path: str, to_path: str) -> str:
    """A link from the page at `from_path` to `to_path` that works under any path prefix."""
    target, _, fragment = to_path.partition("#")
    base = from_path if from_path.endswith("/") or from_path == "" else posixpath.dirname(from_path) + "/"
    rel = posixpath.relpath("/" + target, "/" + base)
    if target == "" or target.endswith("/"):
        rel = "./" if rel == "." else rel + "/"
    return rel + (f"#{fragment}" if fragment else "")


class Linker:
    """Makes links for one page: relative ones, or prefix-absolute ones for the 404 page."""

    def __init__(self, page_path: str, prefix: str | None = None):
        self.page_path = page_path
        self.prefix = prefix

    def __call__(self, to_path: str) -> str:
        if self.prefix is not None:
            return self.prefix + to_path
        return relative_url(self.page_path, to_path)
