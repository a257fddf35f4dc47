"""The site graph: the collections pages list, and the article archive's pages."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from conftest import FIXTURES, copy_fixture
from sitegen.build import BuildOptions, LiveState, check
from sitegen.graph import PER_PAGE, archive_page, archive_page_count, event_views, list_page_of, view_label


def archive(count: int) -> SimpleNamespace:
    """A graph with `count` articles, newest first, as far as the archive functions read it."""
    articles = [SimpleNamespace(slug=f"a{count - i}") for i in range(count)]
    return SimpleNamespace(articles=articles, article_positions={a.slug: i for i, a in enumerate(articles)})


@pytest.mark.parametrize("count", [0, 1, PER_PAGE - 1, PER_PAGE, 2 * PER_PAGE - 1, 2 * PER_PAGE, 5 * PER_PAGE + 7])
def test_the_archive_lists_every_article_once_newest_first_on_full_pages(count: int):
    graph = archive(count)
    pages = archive_page_count(graph)
    listed = [a for n in range(pages, 0, -1) for a in archive_page(graph, n)]
    assert listed == graph.articles
    sizes = [len(archive_page(graph, n)) for n in range(1, pages + 1)]
    assert all(size == PER_PAGE for size in sizes[:-1]) and sizes[-1] < 2 * PER_PAGE
    for n in range(1, pages + 1):
        assert all(list_page_of(graph, a.slug) == n for a in archive_page(graph, n))


def test_a_new_article_changes_only_the_newest_archive_page():
    before, after = archive(3 * PER_PAGE + 4), archive(3 * PER_PAGE + 5)
    for n in range(1, archive_page_count(before)):
        assert [a.slug for a in archive_page(before, n)] == [a.slug for a in archive_page(after, n)]


@pytest.fixture(scope="module")
def graph():
    return check(BuildOptions(content_dir=FIXTURES / "basic")).graph


def test_articles_are_newest_first_and_drafts_are_left_out(graph):
    dates = [a.date for a in graph.articles]
    assert dates == sorted(dates, reverse=True)
    assert "unfinished" not in [a.slug for a in graph.articles]
    assert set(graph.article_positions) == {a.slug for a in graph.articles}


def test_the_indexes_agree_with_what_each_event_and_article_names(graph):
    for event in graph.timeline:
        for topic in event.topics:
            assert event in graph.events_by_topic[topic]
        for actor in event.actors:
            assert event in graph.events_by_actor[actor]
        assert event in graph.events_by_year[str(event.date.year)]
    for slug, events in graph.events_by_topic.items():
        assert all(slug in e.topics for e in events)
    for slug, articles in graph.articles_by_topic.items():
        assert all(slug in a.topics for a in articles)
    assert event_views(graph)["year"] is graph.events_by_year


def test_a_view_is_named_in_the_language_asked_or_the_entrys_first(graph):
    assert view_label(graph, "year", "2023", "en") == "2023"
    only_english = graph.content.actors["united-states"]
    assert list(only_english.texts) == ["en"]
    assert view_label(graph, "actor", "united-states", "id") == only_english.texts["en"].title


def test_serve_keeps_the_events_parts_of_the_graph_while_the_events_are_the_same_and_relates_edited_actors(tmp_path):
    content = copy_fixture("basic", tmp_path / "content")
    options = BuildOptions(content_dir=content, cache_dir=tmp_path / "cache")
    live = LiveState()
    first = check(options, live).graph
    article = content / "articles" / "talks-advance.en.md"
    article.write_text(article.read_text("utf-8") + "\nOne more paragraph.\n", "utf-8")
    second = check(options, live).graph
    assert second.timeline is first.timeline and second.related_actors is first.related_actors
    actor = content / "actors" / "john-kirby.en.md"
    actor.write_text(actor.read_text("utf-8").replace("name: John Kirby", "name: Admiral John Kirby"), "utf-8")
    third = check(options, live).graph
    assert third.timeline is first.timeline  # an actor edit changes no event
    related = [a for others in third.related_actors.values() for a in others if a.slug == "john-kirby"]
    assert related and all(a.texts["en"].title == "Admiral John Kirby" for a in related)
    fresh = check(options).graph
    assert (third.timeline, third.related_actors, third.events_by_actor) == \
        (fresh.timeline, fresh.related_actors, fresh.events_by_actor)
    events = content / "events" / "2023.yaml"
    events.write_text(events.read_text("utf-8") + "\n# a comment\n", "utf-8")
    assert check(options, live).graph.timeline is not first.timeline  # the events file's events are new objects



def test_related_actors_are_those_in_the_same_events_the_most_shared_first(graph):
    assert graph.related_actors, "the fixture relates actors"
    for slug, events in graph.events_by_actor.items():
        shared = {}
        for event in events:
            for other in event.actors:
                if other != slug:
                    shared[other] = shared.get(other, 0) + 1
        related = [actor.slug for actor in graph.related_actors[slug]]
        assert sorted(related) == sorted(shared), slug  # each once, and not the actor itself
        assert related == sorted(related, key=lambda other: (-shared[other], other)), slug
