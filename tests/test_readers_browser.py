"""What readers see in a real browser (issue 22, items 10–16), the outside validators on every page
type, and the screenshots of docs/readers.md.

The real briefing is built once and served under its base_url path, as GitHub Pages serves it.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from conftest import CHROMIUM, ROOT, page_without_errors, require
from test_browser import ARTICLE, LANGS, PAGE_TYPES, PREFIX

# Where the screenshots go: a scratch folder, or docs/screenshots/ when a person renews the
# checked-in ones (SITEGEN_SCREENSHOTS=docs/screenshots python -m pytest tests/test_readers_browser.py -k screenshots).
SCREENSHOTS_ENV = "SITEGEN_SCREENSHOTS"
VIEWPORTS = {"phone": (390, 844), "desktop": (1366, 900)}
VNU = ROOT / "node_modules/vnu-jar/build/dist/vnu.jar"
PA11Y = ROOT / "node_modules/.bin/pa11y-ci"


@pytest.fixture(scope="module")
def served(served_briefing):
    return served_briefing


@pytest.fixture
def tab(browser):
    with page_without_errors(browser, viewport={"width": 1366, "height": 900}) as page:
        yield page


def event_ids(page) -> list[str]:
    return page.eval_on_selector_all(".timeline .event", "els => els.filter(e => e.offsetParent !== null).map(e => e.id)")


def test_timeline_order_toggle_is_kept_in_the_address(tab, served):
    url = served[1] + "en/timeline/"
    tab.goto(url)
    newest = event_ids(tab)
    assert tab.get_attribute("[data-order=newest]", "aria-pressed") == "true"
    tab.click("[data-order=oldest]")
    assert event_ids(tab) == newest[::-1]
    assert parse_qs(urlsplit(tab.url).query) == {"order": ["oldest"]}
    assert "oldest first" in tab.inner_text(".lede")
    tab.check("input[name=actor][value=sergei-shoigu]")
    assert parse_qs(urlsplit(tab.url).query) == {"order": ["oldest"], "actor": ["sergei-shoigu"]}
    tab.reload()
    assert tab.get_attribute("[data-order=oldest]", "aria-pressed") == "true"
    assert event_ids(tab) == [e for e in newest[::-1] if e in event_ids(tab)]


def test_clear_is_not_primary_until_something_is_chosen_and_the_form_can_be_submitted(tab, served):
    tab.goto(served[1] + "en/timeline/")
    assert tab.is_disabled("[data-filter-clear]")
    colours = tab.eval_on_selector_all(".timeline-filter button[type=submit], [data-filter-clear]",
                                       "els => els.map(e => getComputedStyle(e).backgroundColor)")
    assert colours[0] != colours[1], "the clear button is not styled as the primary one"
    assert tab.locator(".timeline-filter button[type=submit]").count() == 1
    tab.check("input[name=topic][value=sanctions]")
    assert not tab.is_disabled("[data-filter-clear]")
    before = tab.url
    tab.click(".timeline-filter button[type=submit]")
    assert tab.url == before, "with JavaScript the filter applies in place"


def test_on_a_phone_the_filter_folds_behind_a_button_and_the_count_stays_in_view(browser, served):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(served[1] + "id/timeline/")
    assert not page.is_visible("#filter-panel")
    first_event = page.locator(".timeline .event").first.bounding_box()
    assert first_event["y"] < 844, "the first event starts on the first screen"
    assert not page.is_visible(".timeline-views dl"), "the list of views is folded, and opens on a tap"
    page.click(".timeline-views summary")
    assert page.is_visible(".timeline-views dl")
    toggle = page.locator("[data-filter-toggle]")
    assert toggle.get_attribute("aria-expanded") == "false"
    toggle.click()
    assert page.is_visible("#filter-panel") and toggle.get_attribute("aria-expanded") == "true"
    last = page.locator("#filter-panel input[name=actor]").last
    last.check()
    status = page.locator("[data-filter-count]").bounding_box()
    assert 0 <= status["y"] and status["y"] + status["height"] <= 844, "Showing N of M is in view"
    assert "(1)" in toggle.inner_text()
    context.close()


@pytest.mark.parametrize("lang, word", [("id", "Shoigu"), ("en", "Shoigu")])
def test_search_shows_results_while_the_reader_types(tab, served, lang, word):
    tab.goto(served[1] + f"{lang}/search/")
    tab.locator("#site-search").press_sequentially(word, delay=40)
    tab.wait_for_selector(".search-result")
    assert parse_qs(urlsplit(tab.url).query) == {"q": [word]}
    excerpts = " ".join(tab.eval_on_selector_all(".search-excerpt", "els => els.map(e => e.textContent)"))
    for glued in ("CountryRussia", "NegaraRusia", "Also known as" + "Sergei"):
        assert glued not in excerpts


def test_topic_year_heading_is_smaller_than_latest_events(tab, served):
    tab.goto(served[1] + "en/topics/sanctions/")
    sizes = tab.evaluate("""() => ['#timeline-heading', '.entry-timeline .year-heading']
        .map(s => parseFloat(getComputedStyle(document.querySelector(s)).fontSize))""")
    assert sizes[0] > sizes[1]


def test_print_hides_the_tools_and_shows_the_addresses(tab, served):
    tab.goto(served[1] + "en/timeline/2023/")
    tab.emulate_media(media="print")
    for selector in (".search-form", ".event-tools", ".copy-link", ".timeline-views"):
        assert not tab.locator(selector).first.is_visible(), selector
    assert tab.locator(".print-url").is_visible()
    assert "https://sitegen-briefing.github.io/sitegen/en/timeline/2023/" in tab.inner_text(".print-url")


def test_the_404_page_is_styled_wherever_it_is_served(tab, served):
    root, url = served
    elsewhere = root / "somewhere" / "deeper"
    elsewhere.mkdir(parents=True, exist_ok=True)
    shutil.copy(root / PREFIX.strip("/") / "404.html", elsewhere / "404.html")
    requested: list[str] = []
    tab.on("request", lambda request: requested.append(urlsplit(request.url).path))
    for address in (url + "404.html", url.replace(PREFIX, "/somewhere/deeper/") + "404.html"):
        tab.goto(address)
        assert tab.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(253, 252, 249)"
        assert tab.locator("main [lang=en] h2").inner_text() == "Page not found"
    assert "/favicon.ico" not in requested


def pages_to_check(url: str) -> list[str]:
    return [url, url + "404.html"] + [url + f"{lang}/{path}" for lang in LANGS for path in PAGE_TYPES.values()]


def test_axe_finds_nothing_on_any_page_type_at_phone_size(browser, served):
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    found = {}
    for address in pages_to_check(served[1]):
        page.goto(address)
        if "search/" in address:
            page.wait_for_selector(".search-result")
        if page.locator("[data-filter-toggle]").is_visible():
            page.click("[data-filter-toggle]")
        violations = Axe().run(page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "best-practice"]}}).response["violations"]
        if violations:
            found[address] = [v["id"] for v in violations]
    context.close()
    assert found == {}


def test_vnu_finds_no_errors_on_any_page_type(served):
    require(VNU.is_file() and shutil.which("java") is not None, "vnu-jar (npm) and Java are needed")
    site = served[0] / PREFIX.strip("/")
    result = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--skip-non-html", "--format", "json", str(site)],
                            capture_output=True, text=True, timeout=300)
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    assert [(m.get("url", "").rpartition("/sitegen/")[2], m["message"]) for m in messages] == []


def test_pa11y_htmlcs_finds_no_errors_on_any_page_type(served, tmp_path):
    require(PA11Y.is_file(), "pa11y-ci is installed by .ci/run into node_modules")
    config = {"defaults": {"standard": "WCAG2AA", "runners": ["htmlcs"], "timeout": 60000,
                           "chromeLaunchConfig": {"executablePath": str(CHROMIUM), "args": ["--no-sandbox"]}},
              "urls": pages_to_check(served[1])}
    (tmp_path / "pa11y.json").write_text(json.dumps(config), "utf-8")
    env = {**os.environ, "PUPPETEER_EXECUTABLE_PATH": str(CHROMIUM), "PUPPETEER_SKIP_DOWNLOAD": "1"}
    result = subprocess.run([str(PA11Y), "--config", str(tmp_path / "pa11y.json"), "--json"], capture_output=True,
                            text=True, timeout=600, env=env)
    report = json.loads(result.stdout)
    errors = {url: [(i["code"], i["selector"]) for i in issues if i.get("type") == "error"]
              for url, issues in report["results"].items() if isinstance(issues, list)}
    assert report["total"] == len(config["urls"])
    assert {url: e for url, e in errors.items() if e} == {}


SHOTS = {"home": "", "article": ARTICLE, "topic": "topics/sanctions/", "actor": "actors/sergei-shoigu/",
         "timeline": "timeline/", "search": "search/?q=Shoigu", "articles": "articles/"}


@pytest.mark.parametrize("label", VIEWPORTS)
def test_screenshots_of_every_page_type_in_both_languages_fit_the_screen(browser, served, label, tmp_path):
    """Screenshots every page type; with SITEGEN_SCREENSHOTS set, into that folder (docs/screenshots/
    is checked in, referenced from docs/readers.md, and looked at by a person)."""
    screenshots = Path(os.environ[SCREENSHOTS_ENV]) if os.environ.get(SCREENSHOTS_ENV) else tmp_path
    width, height = VIEWPORTS[label]
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    screenshots.mkdir(parents=True, exist_ok=True)
    addresses = {f"{name}-{lang}": f"{lang}/{path}" for lang in LANGS for name, path in SHOTS.items()}
    addresses["404"] = "404.html"
    for name, path in addresses.items():
        page.goto(served[1] + path)
        if "search" in name:
            page.wait_for_selector(".search-result")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at {width}px"
        target = screenshots / f"{name}-{label}.png"
        page.screenshot(path=str(target), clip={"x": 0, "y": 0, "width": width, "height": min(
            page.evaluate("document.documentElement.scrollHeight"), 2 * height)})
        _shrink(target)
        assert target.stat().st_size > 1000
    context.close()


def _shrink(path: Path) -> None:
    """128 colours are plenty for a page of text: a third of the size of Chromium's PNG."""
    from PIL import Image

    with Image.open(path) as shot:
        small = shot.convert("RGB").quantize(colors=128, method=Image.Quantize.MEDIANCUT)
    small.save(path, optimize=True)
