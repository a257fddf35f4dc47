"""The planner: one plan per page, each page made as planned, with what it depends on."""
from __future__ import annotations

import pytest

from conftest import FIXTURES
from sitegen.build import BuildOptions, check
from sitegen.depnames import FRONT, query
from sitegen.markup import BodyCache
from sitegen.pages import Planner


@pytest.fixture(scope="module")
def planner():
    graph = check(BuildOptions(content_dir=FIXTURES / "basic")).graph
    return Planner(graph, {lang: (lambda text: text) for lang in graph.config.languages}, BodyCache(None))


@pytest.fixture(scope="module")
def pages(planner):
    return {plan.path: plan.make() for plan in planner.page_plans()}


def test_every_path_is_planned_once(planner):
    paths = [plan.path for plan in planner.page_plans()]
    assert len(paths) == len(set(paths))
    assert {"", "404.html", "en/", "id/", "en/timeline/", "en/search/", "en/corrections/"} <= set(paths)


def test_an_entry_has_pages_in_its_languages_only(planner):
    paths = {plan.path for plan in planner.page_plans()}
    assert "en/articles/english-only/" in paths and "id/articles/english-only/" not in paths
    assert "id/articles/talks-advance/" in paths and "en/articles/talks-advance/" in paths
    assert not any("unfinished" in path for path in paths)  # a draft


def test_each_page_is_made_as_planned(pages):
    for path, page in pages.items():
        assert page.path == path
        assert page.lang in ("id", "en") and page.template.endswith(".html")
        assert page.context["title"], path


def test_pages_record_what_they_show(pages):
    article = pages["en/articles/talks-advance/"]
    assert "articles/talks-advance.en.md" in article.deps  # its body
    home = pages["en/"]
    assert query("articles") in home.deps  # the list it shows
    assert "articles/talks-advance.en.md" + FRONT in home.deps  # the titles in that list
    assert "articles/talks-advance.en.md" not in home.deps  # not the body: a body edit leaves the home page


def test_each_page_records_its_own_dependencies(pages):
    """The Viewer starts afresh for every page: an article's body is not a dependency of the next page."""
    others = [page for path, page in pages.items() if path.startswith("en/topics/")]
    assert others and all("articles/talks-advance.en.md" not in page.deps for page in others)


def test_an_edited_entry_file_plans_the_page_the_site_plans_for_it(planner, pages):
    """serve makes these pages before planning the site: each must be the page the whole plan
    makes at that address, for an entry's text and for its front matter."""
    content = FIXTURES / "basic"
    files = [f"{path.parent.name}/{path.name}" for folder in ("articles", "topics", "actors")
             for path in sorted((content / folder).glob("*.md"))]
    planned = {}
    for name in files + [f + FRONT for f in files]:
        for plan in planner.edited_entry_plans([name]):
            planned.setdefault(name.removesuffix(FRONT), set()).add(plan.path)
            assert plan.make().context == pages[plan.path].context, name
    assert planned["articles/talks-advance.id.md"] == {"id/articles/talks-advance/"}
    published = {path for path in pages if path.split("/")[1:2] in (["articles"], ["topics"], ["actors"])
                 and path.count("/") == 3}
    assert set().union(*planned.values()) == published  # every entry page, and only those
    assert "articles/unfinished.id.md" not in planned  # a draft has no page


def test_files_of_no_entry_page_plan_nothing_first(planner):
    assert planner.edited_entry_plans(["articles/no-such-article.en.md", "articles/english-only.id.md",
                                       "events/talks.yaml", "site.yaml", "eras.yaml"]) == []
