"""Static timeline views per year, topic and actor; the filter form; each event's permanent link."""
from __future__ import annotations

import posixpath
from pathlib import Path

import pytest

from conftest import build_fixture, parse_html, run_sitegen, write_files

EVENT_TOPICS = {"kirby-statement": {"arms-talks"}, "shoigu-visit": {"arms-talks"}, "letters": {"arms-talks"},
                "network-designated": {"sanctions"}, "year-only": {"sanctions"}}
EVENT_ACTORS = {"kirby-statement": {"john-kirby", "us-nsc"}, "shoigu-visit": {"north-korea"},
                "letters": {"north-korea", "john-kirby"}, "network-designated": {"us-nsc"}, "year-only": {"north-korea"}}
EVENT_YEARS = {"kirby-statement": 2023, "shoigu-visit": 2023, "letters": 2023, "network-designated": 2023, "year-only": 2019}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return build_fixture(tmp_path_factory, "views", "--no-search")


def event_ids(soup) -> list[str]:
    return [li["id"].removeprefix("event-") for li in soup.select(".timeline li.event")]


def resolve(page_path: str, href: str) -> str:
    """The site path a relative link on the page at `page_path` leads to."""
    target, _, fragment = href.partition("#")
    path = posixpath.normpath(posixpath.join(posixpath.dirname(page_path), target)) + ("/" if target.endswith("/") else "")
    return path + (f"#{fragment}" if fragment else "")


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("view, expected", [
    ("2023", {e for e, y in EVENT_YEARS.items() if y == 2023}),
    ("2019", {"year-only"}),
    ("topic/sanctions", {e for e, t in EVENT_TOPICS.items() if "sanctions" in t}),
    ("topic/arms-talks", {e for e, t in EVENT_TOPICS.items() if "arms-talks" in t}),
    ("actor/john-kirby", {e for e, a in EVENT_ACTORS.items() if "john-kirby" in a}),
    ("actor/united-states", set()),
])
def test_each_view_has_its_own_page_with_exactly_its_events(site, lang, view, expected):
    page = site / lang / "timeline" / view / "index.html"
    if not expected:
        assert not page.exists(), "no empty view is generated"
        return
    soup = parse_html(page)
    assert set(event_ids(soup)) == expected
    assert soup.html["lang"] == lang
    hreflangs = {link["hreflang"]: link["href"] for link in soup.select("link[rel=alternate][hreflang]")}
    assert hreflangs["id"].endswith(f"/id/timeline/{view}/") and hreflangs["en"].endswith(f"/en/timeline/{view}/")
    current = soup.select(".timeline-views a[aria-current=page]")
    assert len(current) == 1 and resolve(f"{lang}/timeline/{view}/", current[0]["href"]) == f"{lang}/timeline/{view}/"


def test_view_titles_name_the_view_in_the_pages_language(site):
    assert parse_html(site / "id/timeline/topic/sanctions/index.html").h1.get_text() == "Linimasa: Sanksi"
    assert parse_html(site / "en/timeline/2019/index.html").h1.get_text() == "Timeline: 2019"


@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_view_link_on_the_timeline_leads_to_a_built_page(site, lang):
    soup = parse_html(site / lang / "timeline/index.html")
    links = soup.select(".timeline-views a")
    assert len(links) == 2 + 2 + 3  # years 2023, 2019; two topics; three actors with events
    for link in links:
        assert (site / resolve(f"{lang}/timeline/", link["href"]) / "index.html").is_file(), link["href"]


def test_the_filter_form_offers_every_year_topic_and_actor_with_its_count(site):
    form = parse_html(site / "en/timeline/index.html").select_one("form[data-timeline-filter]")
    assert form.has_attr("hidden"), "without JavaScript the form stays hidden; the view links do the work"
    options = {(box["name"], box["value"]) for box in form.select("input[type=checkbox]")}
    assert options == {("year", "2023"), ("year", "2019"), ("topic", "arms-talks"), ("topic", "sanctions"),
                       ("actor", "john-kirby"), ("actor", "north-korea"), ("actor", "us-nsc")}
    label = form.select_one("input[value=north-korea]").parent.get_text(" ", strip=True)
    assert label == "North Korea (3)"
    for legend in form.select("legend"):
        assert legend.get_text(strip=True) in {"Year", "Topic", "Actor"}


def test_events_carry_what_the_filter_matches_on(site):
    soup = parse_html(site / "en/timeline/index.html")
    for li in soup.select(".timeline li.event"):
        event = li["id"].removeprefix("event-")
        assert int(li["data-year"]) == EVENT_YEARS[event]
        assert set(li["data-topic"].split()) == EVENT_TOPICS[event]
        assert set(li["data-actor"].split()) == EVENT_ACTORS[event]


@pytest.mark.parametrize("page_path", ["en/timeline/", "id/actors/john-kirby/", "id/timeline/2023/"])
def test_each_event_has_a_visible_permanent_link_to_its_anchor_in_its_year_view(site, page_path):
    soup = parse_html(site / page_path / "index.html")
    events = soup.select("li.event")
    assert events
    lang = page_path.split("/")[0]
    for li in events:
        link = li.select_one("a.permalink")
        target = resolve(page_path, link["href"])
        assert target == f"{lang}/timeline/{li['data-year']}/#{li['id']}"
        year_view = parse_html(site / lang / "timeline" / li["data-year"] / "index.html")
        assert year_view.select_one(f"li.event#{li['id']}") is not None
        assert li.select_one("button.copy-link")["data-copy"] == link["href"]


@pytest.mark.parametrize("kind", ["topic", "actor"])
def test_a_topic_or_actor_page_shows_its_latest_events_and_leads_to_its_whole_timeline(tmp_path, kind):
    """Its page stays the same size however long the briefing runs; the view page has them all."""
    from sitefactory import large_site
    from sitegen.pages import ENTRY_EVENTS

    content = large_site(tmp_path / "content", 2)
    count = ENTRY_EVENTS + 5
    events = "".join(
        f"- id: ev-{n:02d}\n  date: 2022-{n % 12 + 1:02d}-{n % 27 + 1:02d}\n"
        f"  title: {{id: \"Peristiwa {n}\", en: \"Event {n}\"}}\n  topics: [t0]\n  actors: [a0]\n  sources: [n0]\n"
        for n in range(count))
    write_files(content, {"events/2022.yaml": events})
    run_sitegen("build", "--no-search", "--content", str(content), "--out", str(tmp_path / "site"), cwd=tmp_path, check=True)
    slug = {"topic": "t0", "actor": "a0"}[kind]
    section = {"topic": "topics", "actor": "actors"}[kind]
    page = parse_html(tmp_path / "site" / "en" / section / slug / "index.html")
    view = parse_html(tmp_path / "site" / "en" / "timeline" / kind / slug / "index.html")
    everything = event_ids(view)
    assert len(everything) == count
    assert event_ids(page) == everything[:ENTRY_EVENTS], "the newest events, in timeline order"
    more = page.select_one(".entry-timeline .more a")
    assert f"{count} events" in more.get_text()
    assert resolve(f"en/{section}/{slug}/", more["href"]) == f"en/timeline/{kind}/{slug}/"


def test_a_long_timeline_lists_its_latest_events_and_leaves_the_rest_to_the_views(tmp_path, monkeypatch):
    """The main timeline stays one readable page however long the briefing runs."""
    from sitefactory import large_site
    from sitegen import pages
    from sitegen.build import BuildOptions, build

    monkeypatch.setattr(pages, "MAIN_TIMELINE_EVENTS", 4)
    content = large_site(tmp_path / "content", 2)
    events = "".join(
        f"- id: ev-{n:02d}\n  date: {2020 + n % 3}-{n % 12 + 1:02d}-01\n"
        f"  title: {{id: \"Peristiwa {n}\", en: \"Event {n}\"}}\n  sources: [n0]\n"
        for n in range(9))
    write_files(content, {"events/all.yaml": events})
    build(BuildOptions(content_dir=content, out_dir=tmp_path / "site", cache_dir=tmp_path / "cache", search=False))
    main = parse_html(tmp_path / "site" / "en" / "timeline" / "index.html")
    years = [parse_html(tmp_path / "site" / "en" / "timeline" / str(year) / "index.html") for year in (2022, 2021, 2020)]
    in_views = [event for view in years for event in event_ids(view)]
    assert sorted(in_views) == sorted(f"ev-{n:02d}" for n in range(9)), "the year views hold every event"
    assert event_ids(main) == in_views[:4], "the main timeline shows the newest events"
    assert "9 events" in main.select_one(".lede").get_text()
    assert "latest 4" in main.select_one(".lede + .more").get_text()
    assert main.select_one("[data-timeline-filter]") is None, "no filter that would miss the older events"
