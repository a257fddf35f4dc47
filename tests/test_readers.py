"""What readers see on the page, read from the built HTML (issue 22, items 10–16)."""
from __future__ import annotations

import re

import pytest

from conftest import ROOT, build_fixture, html_pages, parse_html

US_STYLE = re.compile(r"\b(January|February|March|April|May|June|July|August|September|October|November|December) \d{1,2}, \d{4}")
DAY_FIRST = re.compile(r"\b\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) \d{4}")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return build_fixture(tmp_path_factory, "readers", "--no-search")


@pytest.fixture(scope="module")
def briefing(tmp_path_factory):
    """The real briefing in content/, whose English prose writes dates day first."""
    root = tmp_path_factory.mktemp("briefing")
    from conftest import run_sitegen
    run_sitegen("build", "--no-search", "--content", str(ROOT / "content"), "--out", str(root / "site"),
                cwd=root, check=True)
    return root / "site"


def test_english_pages_write_every_date_in_one_style(briefing):
    day_first = 0
    for page in html_pages(briefing / "en"):
        text = parse_html(page).get_text(" ")
        assert not US_STYLE.search(text), (page, US_STYLE.search(text).group(0))
        day_first += len(DAY_FIRST.findall(text))
    assert day_first > 50, "dates the site writes and dates in the prose agree"


def test_article_lists_citing_events_as_dated_links_to_their_permalinks(site):
    soup = parse_html(site / "en/articles/talks-advance/index.html")
    section = soup.select_one(".related-events")
    assert section.select(".event, .event-meta, .event-tools") == [], "no full event cards"
    items = section.select("li")
    assert len(items) == 3
    for item in items:
        assert item.time["datetime"] and item.time.get_text(strip=True)
        assert re.fullmatch(r"\.\./\.\./\.\./en/timeline/\d{4}/#event-[a-z0-9-]+", item.a["href"])
    # nothing on the list leads back to the page itself
    assert not [a for a in section.select("a") if "articles/talks-advance" in a["href"]]


@pytest.mark.parametrize("lang", ["id", "en"])
def test_home_recent_event_titles_link_to_their_permalinks(site, lang):
    soup = parse_html(site / f"{lang}/index.html")
    links = soup.select(".home-side li a")
    assert links, "recent events are listed"
    for link in links:
        assert "/timeline/" in link["href"] and "#event-" in link["href"]
        target = link["href"].replace("../", "").partition("#")
        year_page = parse_html(site / target[0] / "index.html")
        assert year_page.find(id=target[2]) is not None, link["href"]


def test_topic_timeline_years_rank_below_latest_events(site):
    soup = parse_html(site / "en/topics/arms-talks/index.html")
    section = soup.select_one(".entry-timeline")
    assert section.find("h2").get_text() == "Latest events"
    assert {h.name for h in section.select(".year-heading")} == {"h3"}
    assert {h.name for h in section.select(".month-heading")} == {"h4"}
    assert {h.name for h in section.select(".event-title")} == {"h5"}
    timeline = parse_html(site / "en/timeline/index.html")
    assert {h.name for h in timeline.select(".year-heading")} == {"h2"}


@pytest.mark.parametrize("lang, placeholder", [("id", "Cari…"), ("en", "Search…")])
def test_the_search_box_has_a_placeholder(site, lang, placeholder):
    for page in (f"{lang}/index.html", f"{lang}/timeline/index.html"):
        assert parse_html(site / page).select_one("#site-search")["placeholder"] == placeholder


def test_every_page_but_the_404_page_names_its_own_address_for_print(site):
    soup = parse_html(site / "en/articles/talks-advance/index.html")
    assert soup.select_one(".print-url").get_text(" ", strip=True).endswith(
        "https://example.github.io/briefing/en/articles/talks-advance/")
    assert parse_html(site / "404.html").select_one(".print-url") is None


def test_the_404_page_speaks_both_languages_and_carries_its_styles(site):
    soup = parse_html(site / "404.html")
    sections = soup.select("main .not-found")
    assert [s["lang"] for s in sections] == ["id", "en"]
    assert sections[0].h1.get_text() == "Halaman tidak ditemukan" and sections[1].h2.get_text() == "Page not found"
    assert [s.a["href"] for s in sections] == ["/briefing/id/", "/briefing/en/"]
    assert soup.select('link[rel="stylesheet"]') == []
    style = soup.find("style").get_text()
    assert "--accent" in style and "@media print" in style, "the whole stylesheet, inline"
    assert "belum diterjemahkan" not in soup.get_text() and "not translated" not in soup.get_text()


@pytest.mark.parametrize("page, up", [("404.html", "/briefing/"), ("index.html", ""), ("en/index.html", "../"),
                                      ("en/timeline/actor/john-kirby/index.html", "../../../../")])
def test_every_page_links_its_icons_and_manifest_under_the_site_prefix(site, page, up):
    soup = parse_html(site / page)
    assert soup.select_one('link[rel="icon"]')["href"] == up + "favicon.ico"
    assert soup.select_one('link[rel="apple-touch-icon"]')["href"] == up + "icons/apple-touch-icon.png"
    assert soup.select_one('link[rel="manifest"]')["href"] == up + "manifest.webmanifest"


def test_the_default_icon_is_drawn_from_the_site_initials(site):
    import json

    from PIL import Image

    with Image.open(site / "favicon.ico") as ico:
        assert ico.format == "ICO" and (32, 32) in ico.info["sizes"]
    with Image.open(site / "icons/apple-touch-icon.png") as touch:
        assert touch.size == (180, 180)
        assert touch.convert("RGB").getpixel((5, 5)) == (0x8C, 0x1C, 0x13)
    manifest = json.loads((site / "manifest.webmanifest").read_text("utf-8"))
    assert manifest["name"] == "Uji Ringkasan" and manifest["start_url"] == "./"
    for icon in manifest["icons"]:
        with Image.open(site / icon["src"]) as image:
            assert f"{image.width}x{image.height}" == icon["sizes"]


def test_site_yaml_can_name_the_icon(tmp_path, basic_content):
    from PIL import Image

    from conftest import run_sitegen

    (basic_content / "images").mkdir()
    Image.new("RGB", (256, 256), (0, 90, 60)).save(basic_content / "images/icon.png")
    site_yaml = basic_content / "site.yaml"
    site_yaml.write_text(site_yaml.read_text("utf-8") + "icon: images/icon.png\n", "utf-8")
    run_sitegen("build", "--no-search", "--content", str(basic_content), "--out", str(tmp_path / "site"),
                cwd=tmp_path, check=True)
    with Image.open(tmp_path / "site/icons/apple-touch-icon.png") as touch:
        assert touch.convert("RGB").getpixel((90, 90)) == (0, 90, 60)


@pytest.mark.parametrize("value, message", [("images/none.png", "icon: no file 'images/none.png'"),
                                            ("site.yaml", "icon: 'site.yaml' is not an image")])
def test_a_bad_icon_setting_is_an_error_at_its_line(tmp_path, basic_content, value, message):
    from conftest import run_sitegen

    site_yaml = basic_content / "site.yaml"
    lines = site_yaml.read_text("utf-8").count("\n")
    site_yaml.write_text(site_yaml.read_text("utf-8") + f"icon: {value}\n", "utf-8")
    result = run_sitegen("build", "--no-search", "--content", str(basic_content), "--out", str(tmp_path / "site"),
                         cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    line = next(l for l in (result.stdout + result.stderr).splitlines() if message in l)
    assert f"site.yaml:{lines + 1}:" in line, line


def timeline_events(page) -> list[dict]:
    import json

    data = json.loads(parse_html(page).select_one('script[type="application/ld+json"]').string)
    return [item["item"] for item in data["mainEntity"]["itemListElement"]]


def test_timeline_events_carry_what_schema_org_expects_and_no_invented_place(site):
    events = timeline_events(site / "en/timeline/index.html")
    assert events and all({"name", "startDate", "endDate", "url"} <= set(e) for e in events)
    assert all("location" not in e for e in events), "no source of the fixture names a place"
    kirby = next(e for e in events if e["url"].endswith("#event-kirby-statement"))
    assert {"@type": "Person", "name": "John Kirby",
            "url": "https://example.github.io/briefing/en/actors/john-kirby/"} in kirby["about"]


def test_an_event_location_a_source_names_is_its_place(tmp_path, basic_content):
    from conftest import run_sitegen

    events = basic_content / "events/2023.yaml"
    text = events.read_text("utf-8")
    events.write_text(text.replace("- id: kirby-statement\n", "- id: kirby-statement\n  location: {id: Washington, en: Washington}\n", 1), "utf-8")
    run_sitegen("build", "--no-search", "--content", str(basic_content), "--out", str(tmp_path / "site"),
                cwd=tmp_path, check=True)
    found = {e["url"].rpartition("#")[2]: e.get("location") for e in timeline_events(tmp_path / "site/id/timeline/index.html")}
    assert found["event-kirby-statement"] == {"@type": "Place", "name": "Washington"}
    assert [k for k, v in found.items() if v] == ["event-kirby-statement"]
