"""The routes module: where each page lives, and relative links that work at any depth."""
from __future__ import annotations

import posixpath
from dataclasses import FrozenInstanceError
from types import SimpleNamespace

import pytest

from sitegen import urls
from sitegen.dates import PartialDate


def followed(page_path: str, link: str) -> str:
    """The site path a relative link on the page at `page_path` leads to."""
    base = page_path if page_path.endswith("/") else posixpath.dirname(page_path)
    target = posixpath.normpath(posixpath.join(base, link))
    return "" if target == "." else target + ("/" if link.endswith("/") else "")


def test_entry_and_section_paths():
    assert urls.entry_path("article", "kirby-statement", "en") == "en/articles/kirby-statement/"
    assert urls.entry_path("actor", "sergei-shoigu", "id") == "id/actors/sergei-shoigu/"
    assert urls.section_path("topic", "en") == "en/topics/"
    assert urls.home_path("id") == "id/"


def test_the_newest_archive_page_is_the_section_and_older_pages_keep_their_numbers():
    assert urls.list_page_path("en", 3, 3) == "en/articles/"
    assert urls.list_page_path("en", 2, 3) == "en/articles/page/2/"
    assert urls.list_page_path("en", 2, 4) == "en/articles/page/2/"  # a new page leaves page 2 where it was


@pytest.mark.parametrize("current, count", [(1, 1), (1, 2), (5, 10), (10, 10), (1, 100), (50, 100)])
def test_pagers_show_the_ends_and_the_neighbours_newest_first(current: int, count: int):
    shown = urls.pager_numbers(current, count)
    assert shown == sorted(set(shown), reverse=True)
    assert {1, count, current} <= set(shown)
    assert set(range(max(1, current - 3), min(count, current + 3) + 1)) <= set(shown)
    assert len(shown) <= 9  # never every page of a long archive


def test_an_event_lives_in_its_years_view():
    event = SimpleNamespace(id="kirby-statement", date=PartialDate(2023, 9, 5))
    assert urls.event_path(event, "en") == "en/timeline/2023/#event-kirby-statement"
    assert urls.view_path("year", "2023", "en") == urls.year_path("en", 2023) == "en/timeline/2023/"
    assert urls.view_path("actor", "sergei-shoigu", "id") == "id/timeline/actor/sergei-shoigu/"
    assert urls.view_path("claimed-by", "united-states", "en") == "en/timeline/claimed-by/united-states/"


def test_feeds_search_corrections_and_cards_have_their_own_paths():
    assert urls.language_feed_path("en") == "en/feed.xml"
    assert urls.topic_feed_path("sanctions", "id") == "id/topics/sanctions/feed.xml"
    assert urls.search_path("en") == "en/search/"
    assert urls.corrections_feed_path("en") == "en/corrections/feed.xml"
    assert urls.card_path("en/articles/x/") == "share/en/articles/x.png"
    assert urls.card_path("") == "share/index.png"


@pytest.mark.parametrize("path, file", [("", "index.html"), ("en/", "en/index.html"), ("404.html", "404.html"),
                                        ("en/feed.xml", "en/feed.xml")])
def test_folders_are_written_as_their_index(path: str, file: str):
    assert urls.output_file(path) == file


@pytest.mark.parametrize("page", ["", "404.html", "en/", "en/articles/x/", "en/articles/page/2/", "id/timeline/actor/a/"])
@pytest.mark.parametrize("target", ["", "en/", "id/topics/sanctions/", "static/style.css", "en/timeline/2023/#event-e"])
def test_a_relative_link_leads_to_its_target_from_any_page(page: str, target: str):
    link = urls.relink(urls.Linker()(target), page)
    assert not link.startswith("/") and urls.UP not in link
    path, _, fragment = target.partition("#")
    assert followed(page, link.partition("#")[0]) == path
    assert link.partition("#")[2] == fragment


def test_prefix_absolute_links_ignore_the_page_depth():
    link = urls.Linker("/briefing/")
    assert urls.relink(link("en/topics/"), "404.html") == "/briefing/en/topics/"
    assert urls.relink(link(""), "a/b/c/") == "/briefing/"


def test_a_page_and_its_head_cannot_be_changed_once_made():
    page = urls.Page("en/", "home.html", "en", {}, frozenset())
    head = urls.PageHead("en/", "home.html", "Home", "A site.")
    with pytest.raises(FrozenInstanceError):
        page.deps = frozenset({"x"})
    with pytest.raises(FrozenInstanceError):
        head.title = "Other"
