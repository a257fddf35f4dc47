"""Eras and the timeline overview (issue 24, parts 2 and 3): eras as bands, a list, a filter
group with static views and TimelineJS eras; the per-month strip, honest about imprecise dates."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, build_fixture, parse_html
from test_validate import build_errors


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return build_fixture(tmp_path_factory, "eras", "--no-search", fixture="views")


def strip(site: Path, rel: str):
    page = parse_html(site / rel)
    return page, page.select_one("figure.overview svg.overview-strip")


def bars(svg) -> dict[str, str]:
    return {a["data-month"]: a["aria-label"] for a in svg.select("a[data-month]")}


def test_each_bar_links_to_its_month_in_the_list(site):
    page, svg = strip(site, "en/timeline/index.html")
    anchors = {tag["id"] for tag in page.select("[id]")}
    for a in svg.select("a[data-month]"):
        assert a["href"].startswith("#") and a["href"][1:] in anchors, a["href"]
    assert svg.select_one('a[data-month="2023-07"]')["href"] == "#month-2023-07"


def test_a_year_only_event_is_drawn_across_its_year_never_on_a_day(site):
    _, svg = strip(site, "en/timeline/index.html")
    found = bars(svg)
    year_2019 = [month for month in found if month.startswith("2019-")]
    assert year_2019 == [f"2019-{m:02d}" for m in range(1, 13)]
    for month in year_2019:
        assert found[month].endswith("events: 1; of which known only to a longer period: 1"), found[month]
        bar = svg.select_one(f'a[data-month="{month}"]')
        assert int(bar.select_one(".bar-exact")["height"]) == 0 and int(bar.select_one(".bar-spread")["height"]) > 0
    assert "2020-05" not in found  # months without events have no bar, and no link


def test_month_events_count_in_their_month_and_a_span_across_its_months(site):
    _, svg = strip(site, "en/timeline/index.html")
    found = bars(svg)
    # July: Shoigu's visit (month); the letters (July–August) spread over both months
    assert found["2023-07"] == "July 2023, events: 2; of which known only to a longer period: 1"
    # August: the statement (day), the designation (month, circa), and the letters
    assert found["2023-08"] == "August 2023, events: 3; of which known only to a longer period: 1"


def test_the_strip_follows_the_view_it_is_on(site):
    _, svg = strip(site, "en/timeline/topic/arms-talks/index.html")
    assert set(bars(svg)) == {"2023-07", "2023-08"}
    _, svg = strip(site, "id/timeline/2019/index.html")
    assert set(bars(svg)) == {f"2019-{m:02d}" for m in range(1, 13)}
    assert bars(svg)["2019-03"].startswith("Maret 2019")


def test_eras_are_labelled_bands_linking_to_their_views(site):
    page, svg = strip(site, "en/timeline/index.html")
    bands = {a["aria-label"]: a["href"] for a in svg.select("a:not([data-month])")}
    assert bands == {"Early years (2019–2020)": "../../en/timeline/era/early/",
                     "The talks (July–August 2023)": "../../en/timeline/era/talks/"}
    assert [li.get_text(" ", strip=True) for li in page.select(".era-list li")] == [
        "Early years (2019–2020)", "The talks (July–August 2023)"]
    # a topic's timeline shows the eras of every topic and its own, not another topic's
    page, svg = strip(site, "en/timeline/topic/sanctions/index.html")
    assert [li.a.get_text() for li in page.select(".era-list li")] == ["Early years"]


def test_an_era_has_a_static_view_and_a_filter_option(site):
    view = parse_html(site / "en/timeline/era/talks/index.html")
    assert view.h1.get_text() == "Timeline: The talks"
    assert sorted(li["id"] for li in view.select(".timeline .event")) == [
        "event-kirby-statement", "event-letters", "event-shoigu-visit"]  # of arms-talks, in July–August 2023
    timeline = parse_html(site / "en/timeline/index.html")
    era_boxes = timeline.select("input[name=era]")
    assert [box["value"] for box in era_boxes] == ["early", "talks"]
    assert timeline.select_one("#event-letters")["data-era"] == "talks"
    assert timeline.select_one("#event-year-only")["data-era"] == "early"


def test_timeline_json_carries_the_eras_at_their_precision(site):
    data = json.loads((site / "id/timeline.json").read_text("utf-8"))
    assert data["eras"] == [
        {"start_date": {"year": 2019, "display_date": "2019"}, "end_date": {"year": 2020, "display_date": "2020"},
         "text": {"headline": "Masa awal"}},
        {"start_date": {"year": 2023, "month": 7, "display_date": "Juli 2023"},
         "end_date": {"year": 2023, "month": 8, "display_date": "Agustus 2023"}, "text": {"headline": "Masa perundingan"}}]


def test_a_site_without_eras_shows_no_era_list_and_no_era_filter(basic_site):
    timeline = parse_html(basic_site / "en/timeline/index.html")
    assert timeline.select_one("svg.overview-strip") and not timeline.select(".era-list")
    assert not timeline.select("input[name=era]")
    assert "eras" not in json.loads((basic_site / "en/timeline.json").read_text("utf-8"))


def test_era_mistakes_are_reported_at_their_lines(tmp_path):
    content = Path(shutil.copytree(FIXTURES / "views", tmp_path / "content"))
    (content / "eras.yaml").write_text(
        "- id: bad\n  title: {id: Buruk}\n  start: 2023-09\n  end: 2023-02\n  topics: [no-such-topic]\n", "utf-8")
    errors = build_errors(tmp_path, content)
    assert any(e.startswith("content/eras.yaml:2: title: missing the 'en' text") for e in errors), errors
    assert any(e.startswith("content/eras.yaml:4: end: 2023-02 is before start: 2023-09") for e in errors), errors
    assert any(e.startswith("content/eras.yaml:1: unknown topic 'no-such-topic'") for e in errors), errors
