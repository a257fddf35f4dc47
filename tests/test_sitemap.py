"""sitemap.xml lists exactly the built pages with their translations; robots.txt points to it."""
from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import pytest
from lxml import etree

from sitegen.sitemap import SitemapEntry, _attribute, _text, sitemap_xml

from conftest import FIXTURE_BASE, build_fixture, fixture_url, html_pages, parse_html

BASE = FIXTURE_BASE
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return build_fixture(tmp_path_factory, "sitemap")


def sitemap_entries(site: Path) -> dict[str, dict[str, str]]:
    """loc → {hreflang: href}"""
    root = etree.parse(str(site / "sitemap.xml")).getroot()
    return {
        url.findtext("s:loc", namespaces=NS): {
            link.get("hreflang"): link.get("href") for link in url.findall("xhtml:link[@rel='alternate']", NS)
        }
        for url in root.findall("s:url", NS)
    }


def test_sitemap_lists_exactly_the_built_pages_except_404(site):
    # embeds are noindex and name their full page as canonical (tests/test_embeds.py)
    built = {fixture_url(site, p) for p in html_pages(site) if p.name != "404.html" and "/embed/" not in p.as_posix()}
    listed = sitemap_entries(site)
    assert set(listed) == built
    assert len(etree.parse(str(site / "sitemap.xml")).getroot()) == len(built)  # no duplicates
    assert BASE + "404.html" not in listed


def test_sitemap_alternates_match_each_pages_hreflang_links(site):
    for loc, alternates in sitemap_entries(site).items():
        rel = loc[len(BASE):]
        soup = parse_html(site / (rel + "index.html"))
        in_head = {link["hreflang"]: link["href"] for link in soup.select('head link[rel="alternate"][hreflang]')}
        assert alternates == in_head, loc
        if rel == "":  # the language chooser stands outside the translation sets
            continue
        assert soup.html["lang"] in alternates, loc
        if soup.html["lang"] == "id":  # the default language's pages are everyone else's fallback
            assert alternates["x-default"] == alternates["id"], loc


def test_alternates_are_reciprocal_and_x_default_is_the_default_language(site):
    listed = sitemap_entries(site)
    pair = listed[BASE + "en/articles/talks-advance/"]
    assert pair == {"id": BASE + "id/articles/talks-advance/", "en": BASE + "en/articles/talks-advance/",
                    "x-default": BASE + "id/articles/talks-advance/"}
    for loc, alternates in listed.items():
        for code, href in alternates.items():
            assert href in listed, f"{loc} names {href}, which is not in the sitemap"
            assert listed[href] == alternates, f"{loc} and {href} disagree on their translations"
    # An entry in one language has no alternate that does not exist, and no x-default.
    assert listed[BASE + "en/articles/english-only/"] == {"en": BASE + "en/articles/english-only/"}


def test_robots_txt_points_to_the_sitemap(site):
    lines = (site / "robots.txt").read_text("utf-8").splitlines()
    assert "User-agent: *" in lines
    assert f"Sitemap: {BASE}sitemap.xml" in lines
    assert not any(line.startswith("Disallow: /") and line != "Disallow:" for line in lines)


def test_sitemap_escapes_what_xml_reserves_and_reads_back_the_same_urls():
    """A base URL may hold a query or quotes; the sitemap is written line by line, not by a tree."""
    loc = 'https://example.org/a&b/"q"/<x>/'
    alternates = (("en", loc), ("id", "https://example.org/it's/"), ("x-default", loc))
    root = etree.fromstring(sitemap_xml([SitemapEntry(loc, alternates), SitemapEntry("https://example.org/", ())]))
    urls = root.findall("s:url", NS)
    assert [url.findtext("s:loc", namespaces=NS) for url in urls] == ["https://example.org/", loc]
    assert [(link.get("hreflang"), link.get("href")) for link in urls[1].findall("xhtml:link", NS)] == list(alternates)
    assert etree.fromstring(sitemap_xml([])).findall("s:url", NS) == []


def test_sitemap_escaping_matches_the_standard_librarys_for_every_kind_of_value():
    """The shortcut for values with nothing to escape must never change a value that has something."""
    values = ["https://example.org/en/", "a&b", "<script>", 'a "quote"', "it's", "both \"'", "tab\tnew\nline\r", "", "x-default"]
    assert [_text(v) for v in values] == [escape(v) for v in values]
    assert [_attribute(v) for v in values] == [quoteattr(v) for v in values]
