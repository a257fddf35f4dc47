"""The real briefing in a real browser: Debian's Chromium driven by Playwright.

One browser and one built site for the whole module. The site is served on 127.0.0.1 under the
path of `base_url`, as GitHub Pages serves a project site, so every relative link, the search
bundle and the data files are exercised where they will live.
"""
from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

from conftest import BRIEFING_PREFIX as PREFIX, ROOT

ARTICLE = "articles/russia-north-korea-arms-talks-advance/"
ARTIFACTS = ROOT / "test-artifacts"
AXE_TAGS = ["wcag2a", "wcag2aa", "best-practice"]
LANGS = ("id", "en")

# every kind of page, per language (the 404 page and the language choice are added once)
PAGE_TYPES = {
    "home": "", "articles": "articles/", "article": ARTICLE, "topics": "topics/",
    "topic": "topics/sanctions/", "actors": "actors/", "actor": "actors/sergei-shoigu/",
    "timeline": "timeline/", "timeline-year": "timeline/2023/", "timeline-topic": "timeline/topic/sanctions/",
    "timeline-actor": "timeline/actor/sergei-shoigu/", "search": "search/?q=Shoigu",
    # issue 24: the network, an era's view, an embed
    "network": "network/", "network-year": "network/2023/", "timeline-era": "timeline/era/arms-talks-advance/",
    "embed": "embed/topic/russia-north-korea-arms-talks/",
}


@pytest.fixture(scope="module")
def site_url(served_briefing) -> str:
    return served_briefing[1]


@pytest.fixture
def page(browser):
    """A fresh page that fails the test on any script error."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    yield tab
    context.close()
    assert errors == [], f"script errors: {errors}"


def visible_event_ids(page) -> list[str]:
    return page.eval_on_selector_all(".timeline .event", "els => els.filter(e => e.offsetParent !== null).map(e => e.id)")


@pytest.mark.parametrize("lang", LANGS)
def test_home_opens_in_each_language(page, site_url, lang):
    page.goto(site_url + f"{lang}/")
    assert page.locator("html").get_attribute("lang") == lang
    assert page.locator("main h1").count() == 1
    assert page.locator(".article-list a").count() >= 1


@pytest.mark.parametrize("lang, other", [("id", "en"), ("en", "id")])
def test_language_switcher_lands_on_the_translation(page, site_url, lang, other):
    page.goto(site_url + f"{lang}/{ARTICLE}")
    title = page.locator("main h1").inner_text()
    page.locator(f".language-switcher a[hreflang={other}]").click()
    page.wait_for_load_state()
    assert page.url == site_url + f"{other}/{ARTICLE}"
    assert page.locator("html").get_attribute("lang") == other
    assert page.locator("main h1").inner_text() not in ("", title)


@pytest.mark.parametrize("lang", LANGS)
def test_search_for_shoigu_reaches_the_article(page, site_url, lang):
    page.goto(site_url + f"{lang}/timeline/")
    page.fill("#site-search", "Shoigu")
    page.press("#site-search", "Enter")
    page.wait_for_selector(".search-result")
    assert urlsplit(page.url).path == PREFIX + f"{lang}/search/"
    assert page.locator("html").get_attribute("lang") == lang
    results = page.locator(".search-result")
    hrefs = [results.nth(i).locator("h2 a").get_attribute("href") for i in range(results.count())]
    assert any("/timeline/2023/#event-shoigu-visits-north-korea" in h for h in hrefs), "events are searchable"
    article = page.locator(f".search-result h2 a[href='{PREFIX}{lang}/{ARTICLE}']")
    meta = article.locator("xpath=ancestor::li").locator(".meta").inner_text()
    assert {"id": "Artikel", "en": "Article"}[lang] in meta and "2023" in meta, "results show type and date"
    assert page.locator(".search-result mark").count() >= 1
    article.click()
    page.wait_for_load_state()
    assert page.url == site_url + f"{lang}/{ARTICLE}"
    assert "Shoigu" in page.locator("main").inner_text()


@pytest.mark.parametrize("lang", LANGS)
def test_timeline_filter_survives_a_reload(page, site_url, lang):
    page.goto(site_url + f"{lang}/timeline/")
    page.goto(site_url + f"{lang}/timeline/actor/sergei-shoigu/")
    actor_view = visible_event_ids(page)
    page.goto(site_url + f"{lang}/timeline/topic/sanctions/")
    topic_view = visible_event_ids(page)
    page.goto(site_url + f"{lang}/timeline/")
    everything = visible_event_ids(page)
    assert len(actor_view) < len(everything) and len(topic_view) < len(everything)

    page.check("input[name=actor][value=sergei-shoigu]")
    assert visible_event_ids(page) == actor_view, "the in-page filter agrees with the static view"
    assert parse_qs(urlsplit(page.url).query) == {"actor": ["sergei-shoigu"]}
    page.reload()
    assert visible_event_ids(page) == actor_view
    assert page.is_checked("input[name=actor][value=sergei-shoigu]")

    page.uncheck("input[name=actor][value=sergei-shoigu]")
    page.check("input[name=topic][value=sanctions]")
    page.check("input[name=year][value='2023']")
    shared = page.url
    assert parse_qs(urlsplit(shared).query) == {"topic": ["sanctions"], "year": ["2023"]}
    expected = [e for e in topic_view if e in everything]
    page.goto(shared)
    assert visible_event_ids(page) == expected
    count = page.locator("[data-filter-count]").inner_text()
    assert str(len(expected)) in count and str(len(everything)) in count

    page.click("[data-filter-clear]")
    assert visible_event_ids(page) == everything
    assert urlsplit(page.url).query == ""


def test_without_javascript_search_explains_and_filters_stay_links(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "en/search/?q=Shoigu")
    assert page.locator("[data-search-nojs]").is_visible()
    assert "JavaScript" in page.locator("[data-search-nojs]").inner_text()
    assert page.locator(".search-indexes a").count() == 4
    page.goto(site_url + "en/timeline/")
    assert not page.locator("[data-timeline-filter]").is_visible()
    page.locator(".timeline-views a", has_text="Sergei Shoigu").click()
    assert page.url == site_url + "en/timeline/actor/sergei-shoigu/"
    context.close()


def test_event_links_lead_to_the_event_in_its_year_view(page, site_url):
    page.goto(site_url + "en/actors/sergei-shoigu/")
    link = page.locator(".event .permalink").first
    link.click()
    page.wait_for_load_state()
    assert urlsplit(page.url).path == PREFIX + "en/timeline/2023/"
    anchor = urlsplit(page.url).fragment
    assert anchor.startswith("event-") and page.locator(f"#{anchor}").is_visible()
    assert page.locator(f"#{anchor} .copy-link").is_visible(), "with JavaScript the link can be copied"


def axe_urls(site_url: str) -> list[str]:
    urls = [site_url, site_url + "404.html"]
    return urls + [site_url + f"{lang}/{path}" for lang in LANGS for path in PAGE_TYPES.values()]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violations_on_any_page_type(browser, site_url, scheme):
    axe = Axe()
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    # the dark scheme changes only colours: its run checks contrast, the light run checks everything
    run_only = ({"type": "tag", "values": AXE_TAGS} if scheme == "light"
                else {"type": "rule", "values": ["color-contrast", "link-in-text-block"]})
    found = {}
    for url in axe_urls(site_url):
        page.goto(url)
        if "search/" in url:
            page.wait_for_selector(".search-result")
        results = axe.run(page, options={"runOnly": run_only})
        violations = results.response["violations"]
        if violations:
            found[url] = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations]
    context.close()
    assert found == {}


SCREENSHOTS = {"home": "en/", "article": f"en/{ARTICLE}", "timeline": "en/timeline/?actor=russia",
               "actor": "id/actors/sergei-shoigu/", "search": "id/search/?q=Shoigu"}


@pytest.mark.parametrize("width, height, label", [(390, 844, "phone"), (1280, 900, "desktop")])
def test_pages_fit_the_screen_and_are_saved_as_screenshots(browser, site_url, width, height, label):
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    for name, path in SCREENSHOTS.items():
        page.goto(site_url + path)
        if name == "search":
            page.wait_for_selector(".search-result")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at {width}px"
        target = ARTIFACTS / f"{name}-{label}.png"
        page.screenshot(path=str(target), full_page=True)
        assert target.stat().st_size > 1000
    context.close()
