"""Every page's head: canonical, hreflang, description, Open Graph, Twitter card, schema.org JSON-LD."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import FIXTURE_BASE, build_fixture, fixture_file, fixture_url, html_pages, parse_html, run_sitegen

BASE = FIXTURE_BASE


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return build_fixture(tmp_path_factory, "head")


def json_ld(soup) -> dict:
    blocks = soup.select('script[type="application/ld+json"]')
    assert len(blocks) == 1
    return json.loads(blocks[0].string)


def meta(soup, attr: str, key: str) -> list[str]:
    return [tag["content"] for tag in soup.select(f'head meta[{attr}="{key}"]')]


def urls_in(data) -> list[str]:
    if isinstance(data, dict):
        return [v for k, v in data.items() if k == "url"] + [u for v in data.values() for u in urls_in(v)]
    if isinstance(data, list):
        return [u for item in data for u in urls_in(item)]
    return []


def test_every_page_has_one_canonical_and_a_description(site):
    for page in html_pages(site):
        soup = parse_html(page)
        canonicals = [link["href"] for link in soup.select('link[rel="canonical"]')]
        descriptions = meta(soup, "name", "description")
        assert len(descriptions) == 1 and descriptions[0].strip(), page
        if page.name == "404.html":
            assert canonicals == [] and meta(soup, "name", "robots") == ["noindex"]
        elif "/embed/" in page.as_posix():  # canonical to its full page (tests/test_embeds.py)
            assert len(canonicals) == 1 and meta(soup, "name", "robots") == ["noindex"], page
        else:
            assert canonicals == [fixture_url(site, page)], page
            assert meta(soup, "name", "robots") == []


def test_hreflang_links_are_reciprocal(site):
    heads = {}
    for page in html_pages(site):
        if page.name != "404.html":
            soup = parse_html(page)
            heads[fixture_url(site, page)] = {l["hreflang"]: l["href"] for l in soup.select('head link[hreflang]')}
    for url, alternates in heads.items():
        for code, href in alternates.items():
            assert heads[href] == alternates, f"{url} → {href} ({code}) is not returned"


def test_open_graph_and_twitter_card_describe_the_page(site):
    soup = parse_html(site / "en/articles/talks-advance/index.html")
    assert meta(soup, "property", "og:type") == ["article"]
    assert meta(soup, "property", "og:title") == ["Talks move ahead"]
    assert meta(soup, "property", "og:description") == ["The talks in one sentence."]
    assert meta(soup, "property", "og:url") == [BASE + "en/articles/talks-advance/"]
    assert meta(soup, "property", "og:site_name") == ["Test Briefing"]
    assert meta(soup, "property", "og:locale") == ["en_US"]
    assert meta(soup, "property", "og:locale:alternate") == ["id_ID"]
    assert meta(soup, "property", "article:published_time") == ["2023-08-31T13:16:00+07:00"]
    assert meta(soup, "name", "twitter:card") == ["summary_large_image"]
    assert meta(soup, "name", "twitter:title") == ["Talks move ahead"]
    only_english = parse_html(site / "en/articles/english-only/index.html")
    assert meta(only_english, "property", "og:locale:alternate") == []
    topics = parse_html(site / "id/topics/index.html")
    assert meta(topics, "property", "og:type") == ["website"]
    assert meta(topics, "property", "og:locale") == ["id_ID"]


def test_every_page_has_valid_json_ld_in_its_language_linking_built_pages(site):
    for page in html_pages(site):
        soup = parse_html(page)
        data = json_ld(soup)
        assert data["@context"] == "https://schema.org"
        lang = soup.html["lang"]
        languages = data["inLanguage"] if isinstance(data["inLanguage"], list) else [data["inLanguage"]]
        assert lang == languages[0], page
        for url in urls_in(data):
            if url.startswith(BASE):
                assert fixture_file(site, url).is_file(), f"{page}: {url}"


def test_article_is_a_news_article_with_author_publisher_and_dates(site):
    data = json_ld(parse_html(site / "id/articles/talks-advance/index.html"))
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Pembicaraan bergerak maju"
    assert data["inLanguage"] == "id"
    assert data["datePublished"] == data["dateModified"] == "2023-08-31T13:16:00+07:00"
    assert data["author"] == data["publisher"] == {"@type": "Organization", "name": "Uji Ringkasan", "url": BASE + "id/"}
    assert data["isBasedOn"]["publisher"]["name"] == "RIAU24.COM"
    assert data["isBasedOn"]["author"] == {"@type": "Person", "name": "Amastya"}
    assert [m["name"] for m in data["mentions"]] == ["John Kirby", "Korea Utara"]


def test_actors_are_people_organisations_and_countries(site):
    kirby = json_ld(parse_html(site / "id/actors/john-kirby/index.html"))
    assert kirby["@type"] == "ProfilePage" and kirby["inLanguage"] == "id"
    person = kirby["mainEntity"]
    assert person["@type"] == "Person" and person["name"] == "John Kirby"
    # The United States has an English profile only, so that is where the reference leads.
    assert person["nationality"] == {"@type": "Country", "name": "United States", "url": BASE + "en/actors/united-states/"}
    korea = json_ld(parse_html(site / "en/actors/north-korea/index.html"))["mainEntity"]
    assert korea["@type"] == "Country" and korea["alternateName"] == ["DPRK"]
    nsc = json_ld(parse_html(site / "en/actors/us-nsc/index.html"))["mainEntity"]
    assert nsc["@type"] == "Organization" and nsc["description"] == "Body"


def test_timeline_lists_every_event_at_its_own_precision(site):
    data = json_ld(parse_html(site / "en/timeline/index.html"))
    items = data["mainEntity"]["itemListElement"]
    events = {item["item"]["url"].rsplit("#event-", 1)[1]: item["item"] for item in items}
    assert [item["position"] for item in items] == list(range(1, 6))
    assert set(events) == {"kirby-statement", "shoigu-visit", "letters", "network-designated", "year-only"}
    assert all(e["@type"] == "Event" and e["inLanguage"] == "en" for e in events.values())
    assert events["letters"]["startDate"] == "2023-07" and events["letters"]["endDate"] == "2023-08"
    assert events["year-only"]["startDate"] == "2019"
    assert events["kirby-statement"]["name"] == "Kirby's statement"
    page = parse_html(site / "en/timeline/index.html")
    assert page.find(id="event-letters") is not None


def test_json_ld_cannot_break_out_of_its_script_element(basic_content, tmp_path):
    article = basic_content / "articles/talks-advance.en.md"
    hostile = 'Talks </script><script>alert(1)</script> <!-- & "quoted"'
    text = article.read_text("utf-8").replace('title: "Talks move ahead"', f"title: '{hostile}'")
    article.write_text(text, "utf-8")
    run_sitegen("build", "--content", str(basic_content), "--out", str(tmp_path / "site"), cwd=tmp_path, check=True)
    soup = parse_html(tmp_path / "site/en/articles/talks-advance/index.html")
    assert json_ld(soup)["headline"] == hostile
    assert [s.get("type") for s in soup.find_all("script") if not s.get("src")] == ["application/ld+json"]
    assert "</script><script>" not in soup.select_one('script[type="application/ld+json"]').string


def test_a_timeline_json_ld_escapes_event_titles_too(basic_content, tmp_path):
    """A timeline's JSON-LD is joined from each event's own JSON: every piece is escaped."""
    events = basic_content / "events/2023.yaml"
    hostile = 'Kirby </script><script>alert(1)</script> <!-- & "quoted"'
    events.write_text(events.read_text("utf-8").replace('en: "Kirby\'s statement"', f"en: {json.dumps(hostile)}"), "utf-8")
    run_sitegen("build", "--content", str(basic_content), "--out", str(tmp_path / "site"), cwd=tmp_path, check=True)
    for page in ("en/timeline/index.html", "en/timeline/2023/index.html", "en/timeline/actor/john-kirby/index.html"):
        soup = parse_html(tmp_path / "site" / page)
        script = soup.select_one('script[type="application/ld+json"]').string
        assert "</script" not in script and "<!--" not in script
        names = [item["item"]["name"] for item in json_ld(soup)["mainEntity"]["itemListElement"]]
        assert hostile in names, page
