"""Atom feeds: per language and per topic, parsed as a feed reader would, linked from every page."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

import feedparser
import pytest
from lxml import etree

from conftest import FIXTURE_BASE, ROOT, build_fixture, html_pages, parse_html, run_sitegen

BASE = FIXTURE_BASE
ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return build_fixture(tmp_path_factory, "feeds")


@pytest.fixture(scope="module")
def real_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("real-feeds")
    run_sitegen("build", "--content", str(ROOT / "content"), "--out", str(root / "site"), cwd=root, check=True)
    return root / "site"


def parsed(path: Path) -> feedparser.FeedParserDict:
    feed = feedparser.parse(path.read_bytes())
    assert not feed.bozo, f"{path}: {feed.get('bozo_exception')}"
    return feed


def site_file(site: Path, url: str, base: str = BASE) -> Path:
    """The built file an absolute URL of the site is served from."""
    assert url.startswith(base), f"{url} is not under {base}"
    rel = url[len(base):].partition("#")[0]
    return site / (rel + "index.html" if rel == "" or rel.endswith("/") else rel)


def test_each_language_has_a_feed_of_its_own_articles(site):
    en = parsed(site / "en/feed.xml")
    id_ = parsed(site / "id/feed.xml")
    assert [e.title for e in en.entries] == ["Talks move ahead", "Only in English"]
    assert [e.title for e in id_.entries] == ["Pembicaraan bergerak maju"]  # the draft stays out
    assert en.feed.language == "en" and id_.feed.language == "id"
    assert en.feed.title == "Test Briefing" and id_.feed.title == "Uji Ringkasan"


def test_topic_feeds_exist_only_where_the_topic_has_articles_in_that_language(site):
    assert [e.title for e in parsed(site / "en/topics/sanctions/feed.xml").entries] == ["Only in English"]
    assert [e.title for e in parsed(site / "en/topics/arms-talks/feed.xml").entries] == ["Talks move ahead"]
    assert [e.title for e in parsed(site / "id/topics/arms-talks/feed.xml").entries] == ["Pembicaraan bergerak maju"]
    assert not (site / "id/topics/sanctions/feed.xml").exists()
    assert not parse_html(site / "id/topics/sanctions/index.html").select('link[href$="sanctions/feed.xml"]')


def test_entries_carry_full_summaries_dates_and_absolute_links_to_built_pages(site):
    for path in sorted(site.rglob("feed.xml")):
        feed = parsed(path)
        ids = [e.id for e in feed.entries]
        assert len(ids) == len(set(ids)), path
        for entry in feed.entries:
            assert entry.updated and entry.published
            assert entry.summary
            assert site_file(site, entry.link).is_file(), entry.link
            page = parse_html(site_file(site, entry.link))
            assert page.select_one('meta[name="description"]')["content"] == entry.summary
        self_link = next(link.href for link in feed.feed.links if link.rel == "self")
        assert site_file(site, self_link) == path


def test_feed_updated_is_the_newest_entry_date_not_the_clock(site):
    root = etree.parse(str(site / "en/feed.xml")).getroot()
    updated = [datetime.fromisoformat(e.text) for e in root.iter(f"{ATOM}updated")]
    feed_updated, entry_updated = updated[0], updated[1:]
    assert feed_updated == max(entry_updated)
    assert feed_updated == datetime.fromisoformat("2023-08-31T13:16:00+07:00")
    assert root.get(XML_LANG) == "en"


def test_every_page_links_the_feeds_of_its_language(site):
    for page in html_pages(site):
        if "embed" in page.relative_to(site).parts:  # a timeline inside another site's page: only a link back
            continue
        soup = parse_html(page)
        lang = soup.html["lang"]
        links = soup.select('head link[rel="alternate"][type="application/atom+xml"]')
        hrefs = [link["href"] for link in links]
        assert links and all(link.get("title") for link in links), page
        if page.name != "404.html":
            targets = [(page.parent / href).resolve() for href in hrefs]
            assert (site / lang / "feed.xml").resolve() in targets, page
            assert all(t.is_file() for t in targets), page
    topic_page = site / "en/topics/arms-talks/index.html"
    hrefs = [link["href"] for link in parse_html(topic_page).select('link[type="application/atom+xml"]')]
    assert [(topic_page.parent / href).resolve() for href in hrefs] == [
        (site / "en/feed.xml").resolve(), (site / "en/topics/arms-talks/feed.xml").resolve()]


def test_the_real_briefing_feeds_parse(real_site):
    base = "https://sitegen-briefing.github.io/sitegen/"
    feeds = sorted(real_site.rglob("feed.xml"))
    assert {f.relative_to(real_site).as_posix() for f in feeds} >= {"en/feed.xml", "id/feed.xml"}
    for path in feeds:
        for entry in parsed(path).entries:
            assert site_file(real_site, entry.link, base).is_file()


def test_a_feed_holds_only_the_latest_articles(tmp_path):
    """A long-running briefing must not send its whole archive to every feed reader on every poll."""
    from sitefactory import large_site
    from sitegen.feeds import FEED_ENTRIES

    content = large_site(tmp_path / "content", FEED_ENTRIES + 7)
    run_sitegen("build", "--no-search", "--content", str(content), "--out", str(tmp_path / "site"), cwd=tmp_path, check=True)
    for path in ("en/feed.xml", "id/topics/t0/feed.xml"):
        entries = parsed(tmp_path / "site" / path).entries
        assert len(entries) == FEED_ENTRIES, path
        dates = [e.published_parsed for e in entries]
        assert dates == sorted(dates, reverse=True), "newest first"
