"""Embeddable timelines (issue 24, part 4): a minimal page per topic and actor timeline, not
indexed, canonical to the full page, working under the path prefix; the topic page's iframe code."""
from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup

from conftest import FIXTURE_BASE, build_fixture, parse_html


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return build_fixture(tmp_path_factory, "embeds", "--no-search", fixture="views")


def target(site: Path, page: Path, href: str) -> Path:
    """The file a relative link of `page` leads to, as a browser resolves it under the prefix."""
    address = urljoin(FIXTURE_BASE + page.parent.relative_to(site).as_posix() + "/", href)
    rel = address[len(FIXTURE_BASE):].split("#")[0]
    return site / (rel + "index.html" if rel.endswith("/") or not rel else rel)


def test_every_topic_and_actor_timeline_has_an_embed(site):
    topics = sorted(p.name for p in (site / "en/embed/topic").iterdir())
    actors = sorted(p.name for p in (site / "en/embed/actor").iterdir())
    assert topics == sorted(p.name for p in (site / "en/timeline/topic").iterdir())
    assert actors == sorted(p.name for p in (site / "en/timeline/actor").iterdir())


def test_an_embed_is_minimal_noindex_and_canonical_to_its_full_page(site):
    path = site / "id/embed/topic/arms-talks/index.html"
    page = parse_html(path)
    assert page.select_one('meta[name=robots]')["content"] == "noindex"
    assert page.select_one('link[rel=canonical]')["href"] == FIXTURE_BASE + "id/timeline/topic/arms-talks/"
    assert not page.select(".masthead, .site-nav, .site-footer, form")
    assert page.select_one(".site-name a").get_text() == "Uji Ringkasan"
    assert page.select_one("base")["target"] == "_top"  # links open in the page around the iframe
    assert len(page.select(".event-digest li")) == 3
    for a in page.select("a[href]"):
        assert target(site, path, a["href"]).is_file(), a["href"]
    assert target(site, path, page.select_one('link[rel=stylesheet]')["href"]).is_file()


def head_of(page) -> dict:
    """What a page's head tells machines: its canonical links, og:url tags, robots metas and
    the `url` of its one JSON-LD block."""
    (data,) = page.select('head script[type="application/ld+json"]')
    return {"canonical": [link["href"] for link in page.select('head link[rel="canonical"]')],
            "og_url": [tag["content"] for tag in page.select('head meta[property="og:url"]')],
            "robots": [tag["content"] for tag in page.select('head meta[name="robots"]')],
            "json_ld_url": json.loads(data.string)["url"]}


@pytest.mark.parametrize("lang, kind, slug", [("en", "topic", "arms-talks"), ("id", "actor", "north-korea")])
def test_an_embeds_whole_head_names_its_full_timeline_and_asks_not_to_be_indexed(site, lang, kind, slug):
    """The canonical link, og:url and the JSON-LD `url` agree on the full timeline's address
    (a share or a crawler must not be sent to the embed), one robots meta says noindex, and
    the sitemap leaves the embed out; the full timeline's head still names itself."""
    full = f"{FIXTURE_BASE}{lang}/timeline/{kind}/{slug}/"
    embed = f"{FIXTURE_BASE}{lang}/embed/{kind}/{slug}/"
    assert head_of(parse_html(site / lang / "embed" / kind / slug / "index.html")) == {
        "canonical": [full], "og_url": [full], "robots": ["noindex"], "json_ld_url": full}
    assert head_of(parse_html(site / lang / "timeline" / kind / slug / "index.html")) == {
        "canonical": [full], "og_url": [full], "robots": [], "json_ld_url": full}
    sitemap = BeautifulSoup((site / "sitemap.xml").read_text("utf-8"), "xml")
    locations = {loc.get_text() for loc in sitemap.find_all("loc")}
    assert full in locations and embed not in locations


def test_the_embeds_overview_links_to_months_on_the_full_timeline(site):
    page = parse_html(site / "en/embed/topic/arms-talks/index.html")
    full = parse_html(site / "en/timeline/topic/arms-talks/index.html")
    for a in page.select("svg.overview-strip a[data-month]"):
        href, _, anchor = a["href"].partition("#")
        assert href == "../../../../en/timeline/topic/arms-talks/" and full.select_one(f"#{anchor}"), a["href"]


def test_embeds_are_not_in_the_sitemap(site):
    sitemap = BeautifulSoup((site / "sitemap.xml").read_text("utf-8"), "xml")
    locations = [loc.get_text() for loc in sitemap.find_all("loc")]
    assert locations and not [loc for loc in locations if "/embed/" in loc]


def test_the_topic_page_offers_the_iframe_code_with_the_embeds_address(site):
    page = parse_html(site / "en/topics/arms-talks/index.html")
    code = page.select_one(".embed-code textarea").get_text()
    iframe = BeautifulSoup(code, "lxml").iframe
    assert iframe["src"] == FIXTURE_BASE + "en/embed/topic/arms-talks/"
    assert iframe["title"] == "Arms talks" and iframe["height"].isdigit()
    assert page.select_one(".embed-code label")["for"] == "embed-code"


@pytest.mark.parametrize("page_path, embed", [("en/topics/arms-talks/", "en/embed/topic/arms-talks/"),
                                              ("id/actors/north-korea/", "id/embed/actor/north-korea/")])
def test_topic_and_actor_pages_link_to_see_their_embed(site, page_path, embed):
    page = parse_html(site / page_path / "index.html")
    link = page.select_one(".embed-code a[href]")
    assert (site / page_path / link["href"]).resolve() == (site / embed).resolve()
    assert (site / embed / "index.html").is_file()
    iframe = BeautifulSoup(page.select_one(".embed-code textarea").get_text(), "lxml").iframe
    assert iframe["src"] == FIXTURE_BASE + embed
