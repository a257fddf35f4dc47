"""Issue 24 in a real browser, on a phone and on a desktop: click through the network, the eras
and the overview strip of the real briefing, served under its path prefix, and embed a timeline."""
from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from conftest import page_without_errors
from test_browser import PREFIX
from test_readers_browser import VIEWPORTS, served  # noqa: F401  (its module fixture)


@pytest.fixture(params=list(VIEWPORTS))
def tab(request, browser):
    width, height = VIEWPORTS[request.param]
    with page_without_errors(browser, viewport={"width": width, "height": height}) as page:
        yield page


def path_of(page) -> str:
    return urlsplit(page.url).path


def fits(page) -> None:
    page.wait_for_load_state()  # after a click the new page's document may not be there yet
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px"


def test_the_network_leads_to_profiles_and_to_each_year(tab, served):
    tab.goto(served[1] + "en/actors/")
    tab.click("text=The network of actors: who relates to whom")
    assert path_of(tab) == PREFIX + "en/network/"
    fits(tab)
    tab.click("svg.network-svg a.node:has-text('Sergei Shoigu')")
    assert path_of(tab) == PREFIX + "en/actors/sergei-shoigu/"
    relation = tab.locator(".entry-relations .relation-list li").first.inner_text()
    assert relation.startswith("Visits North Korea (July 2023)") and "According to John Kirby" in relation
    tab.click(".entry-relations a:has-text('The network of actors')")
    tab.click(".network-years a:has-text('2023')")
    assert path_of(tab) == PREFIX + "en/network/2023/"
    assert tab.locator(".network-years a[aria-current=page]").inner_text() == "2023"
    assert tab.locator(".relation-list li").count() == 3


def test_the_north_korea_page_reads_the_visit_from_its_end(tab, served):
    tab.goto(served[1] + "id/actors/north-korea/")
    assert tab.locator(".entry-relations li").first.inner_text().startswith("Dikunjungi oleh Sergei Shoigu (Juli 2023)")


def test_an_era_leads_to_its_view_from_the_list_and_from_its_band(tab, served):
    tab.goto(served[1] + "en/timeline/")
    assert tab.locator("svg.overview-strip .era-band").first.is_visible()
    tab.click(".era-list a")
    assert path_of(tab) == PREFIX + "en/timeline/era/arms-talks-advance/"
    assert "From Shoigu's visit to Kirby's statement" in tab.inner_text("h1")
    fits(tab)
    tab.go_back()
    tab.click("svg.overview-strip a[aria-label^=\"From Shoigu\"]")
    assert path_of(tab) == PREFIX + "en/timeline/era/arms-talks-advance/"


def test_a_bar_of_the_overview_leads_to_its_month(tab, served):
    tab.goto(served[1] + "en/timeline/")
    tab.click('svg.overview-strip a[data-month="2023-07"]')
    assert urlsplit(tab.url).fragment == "month-2023-07"
    assert tab.locator("#month-2023-07").is_visible()
    top = tab.locator("#month-2023-07").bounding_box()["y"]
    assert -1 <= top < tab.viewport_size["height"], "the month's heading is on screen"


def bar_heights(tab) -> dict[str, int]:
    return tab.eval_on_selector_all("svg.overview-strip a[data-month]", """bars => Object.fromEntries(bars.map(b =>
        [b.dataset.month, getComputedStyle(b).display === 'none' ? 0 :
         Number(b.querySelector('.bar-exact').getAttribute('height')) + Number(b.querySelector('.bar-spread').getAttribute('height'))]))""")


def test_the_overview_follows_the_filter(tab, served):
    tab.goto(served[1] + "en/timeline/")
    before = bar_heights(tab)
    assert before["2023-07"] > 0 and before["2023-08"] > 0
    if tab.locator("[data-filter-toggle]").is_visible():
        tab.click("[data-filter-toggle]")
    tab.check("input[name=actor][value=us-treasury]")
    after = bar_heights(tab)
    assert after["2023-07"] == 0, "the Treasury's only event is in August"
    assert after["2023-08"] > 0
    shown = tab.eval_on_selector_all(".timeline .event", "els => els.filter(e => !e.hidden && e.dataset.months.split(' ').includes('2023-08')).length")
    label = tab.get_attribute('svg.overview-strip a[data-month="2023-08"]', "aria-label")
    assert label.startswith(f"August 2023, events: {shown}"), "what a screen reader hears counts the events shown"
    assert tab.text_content('svg.overview-strip a[data-month="2023-08"] title') == label
    tab.click("[data-filter-clear]")
    assert bar_heights(tab) == before


def test_the_overview_is_drawn_in_dark_mode_and_in_print(browser, served):  # noqa: F811
    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    page.goto(served[1] + "id/timeline/")
    colour = "el => getComputedStyle(el).fill"
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert page.eval_on_selector("svg.overview-strip .bar-exact", colour) != background
    assert page.eval_on_selector("svg.overview-strip text", colour) != background
    page.emulate_media(media="print")
    assert page.eval_on_selector("svg.overview-strip .bar-exact", colour) == "rgb(0, 0, 0)"
    assert page.locator("svg.overview-strip").is_visible()
    context.close()


def test_an_embedded_timeline_shows_in_an_iframe_and_its_links_open_the_site(tab, served):
    root, url = served
    topic = "russia-north-korea-arms-talks"
    tab.goto(url + f"en/topics/{topic}/")
    tab.click(".embed-code summary")
    code = tab.input_value(".embed-code textarea")
    assert f'src="https://sitegen-briefing.github.io/sitegen/en/embed/topic/{topic}/"' in code
    local = code.replace("https://sitegen-briefing.github.io/sitegen/", url)
    (root / "host.html").write_text(f"<!DOCTYPE html><title>Host</title><h1>Someone's page</h1>{local}", "utf-8")
    tab.goto(url.replace(PREFIX, "/") + "host.html")
    frame = tab.frame_locator("iframe")
    assert frame.locator(".event-digest li").count() == 5
    frame.locator(".embed-back a").click()
    tab.wait_for_url(f"**{PREFIX}en/timeline/topic/{topic}/")
