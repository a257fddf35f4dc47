"""The data files: TimelineJS JSON, events.csv and the JSON lists, read as their users read them."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import jsonschema
import pytest

from conftest import build_fixture

BASE = "https://example.github.io/briefing/"

# TimelineJS's JSON format as documented at https://timeline.knightlab.com/docs/json-format.html:
# a date object needs a year; a slide has a start_date (the title slide need not); unknown keys
# are refused here so that a misspelt field fails the test instead of being ignored by TimelineJS.
DATE = {
    "type": "object",
    "required": ["year"],
    "additionalProperties": False,
    "properties": {
        "year": {"type": "integer"},
        "month": {"type": "integer", "minimum": 1, "maximum": 12},
        "day": {"type": "integer", "minimum": 1, "maximum": 31},
        "hour": {"type": "integer"}, "minute": {"type": "integer"},
        "second": {"type": "integer"}, "millisecond": {"type": "integer"},
        "display_date": {"type": "string"}, "format": {"type": "string"},
    },
}
TEXT = {"type": "object", "additionalProperties": False,
        "properties": {"headline": {"type": "string"}, "text": {"type": "string"}}}
SLIDE_PROPERTIES = {
    "start_date": DATE, "end_date": DATE, "text": TEXT, "group": {"type": "string"},
    "display_date": {"type": "string"}, "unique_id": {"type": "string"}, "autolink": {"type": "boolean"},
    "media": {"type": "object", "required": ["url"]}, "background": {"type": "object"},
}
TIMELINEJS = {
    "type": "object",
    "required": ["events"],
    "additionalProperties": False,
    "properties": {
        "title": {"type": "object", "additionalProperties": False, "properties": SLIDE_PROPERTIES},
        "events": {"type": "array", "minItems": 1, "items": {
            "type": "object", "required": ["start_date"], "additionalProperties": False,
            "properties": SLIDE_PROPERTIES}},
        "eras": {"type": "array"},
        "scale": {"enum": ["human", "cosmological"]},
    },
}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return build_fixture(tmp_path_factory, "exports", "--no-search")


def load(site: Path, rel: str):
    return json.loads((site / rel).read_text("utf-8"))


def slides_by_id(site: Path, lang: str) -> dict[str, dict]:
    return {slide["unique_id"]: slide for slide in load(site, f"{lang}/timeline.json")["events"]}


@pytest.mark.parametrize("lang", ["id", "en"])
def test_timeline_json_has_the_timelinejs_shape(site, lang):
    data = load(site, f"{lang}/timeline.json")
    jsonschema.validate(data, TIMELINEJS)
    ids = [slide["unique_id"] for slide in data["events"]]
    assert len(ids) == len(set(ids)) == 5
    starts = [(s["start_date"]["year"], s["start_date"].get("month", 0), s["start_date"].get("day", 0)) for s in data["events"]]
    assert starts == sorted(starts), "oldest first, as TimelineJS reads a story"


def test_timeline_json_keeps_each_dates_precision(site):
    slides = slides_by_id(site, "en")
    assert slides["event-year-only"]["start_date"] == {"year": 2019, "display_date": "2019"}
    assert slides["event-shoigu-visit"]["start_date"] == {"year": 2023, "month": 7, "display_date": "July 2023"}
    assert slides["event-kirby-statement"]["start_date"] == {"year": 2023, "month": 8, "day": 30, "display_date": "30 August 2023"}
    letters = slides["event-letters"]
    assert letters["end_date"] == {"year": 2023, "month": 8, "display_date": "August 2023"}
    assert letters["display_date"] == "July–August 2023"
    assert slides["event-network-designated"]["display_date"] == "c. August 2023"


def test_timeline_json_is_in_the_files_language(site):
    slides = slides_by_id(site, "id")
    assert slides["event-shoigu-visit"]["start_date"]["display_date"] == "Juli 2023"
    assert slides["event-kirby-statement"]["start_date"]["display_date"] == "30 Agustus 2023"
    assert slides["event-network-designated"]["display_date"] == "sekitar Agustus 2023"
    assert slides["event-kirby-statement"]["text"]["headline"] == "Pernyataan Kirby"
    assert f'href="{BASE}id/articles/talks-advance/"' in slides["event-kirby-statement"]["text"]["text"]


def test_events_csv_has_one_row_per_event_with_actors_topics_and_sources(site):
    rows = list(csv.DictReader(io.StringIO((site / "en/events.csv").read_text("utf-8"), newline="")))
    assert [row["id"] for row in rows] == ["kirby-statement", "network-designated", "letters", "shoigu-visit", "year-only"]
    network = rows[1]
    assert network["date"] == "2023-08" and network["circa"] == "yes" and network["display_date"] == "c. August 2023"
    assert network["actors"] == "us-nsc"
    assert network["topics"] == "sanctions" and network["topic_names"] == "Sanctions"
    assert network["sources"].split("; ") == [f"{BASE}en/articles/english-only/", "https://example.com/treasury"]
    assert network["url"] == f"{BASE}en/timeline/2023/#event-network-designated"
    assert rows[2]["until"] == "2023-08"


def test_articles_json_lists_fields_and_absolute_urls(site):
    data = load(site, "id/api/articles.json")
    assert data["language"] == "id"
    articles = {a["slug"]: a for a in data["articles"]}
    assert set(articles) == {"talks-advance", "english-only"}, "drafts are not published"
    talks = articles["talks-advance"]
    assert talks["url"] == f"{BASE}id/articles/talks-advance/"
    assert talks["translations"] == {"id": f"{BASE}id/articles/talks-advance/", "en": f"{BASE}en/articles/talks-advance/"}
    assert talks["title"] == "Pembicaraan bergerak maju" and talks["date"] == "2023-08-31T13:16:00+07:00"
    assert talks["source"]["outlet"] == "RIAU24.COM" and talks["source"]["author"] == "Amastya"
    assert [t["url"] for t in talks["topics"]] == [f"{BASE}id/topics/arms-talks/"]
    assert f"{BASE}id/timeline/2023/#event-kirby-statement" in talks["events"]
    only = articles["english-only"]
    assert only["language"] == "en" and only["url"] == f"{BASE}en/articles/english-only/"


def test_actors_json_lists_every_actor_with_role_and_country(site):
    actors = {a["slug"]: a for a in load(site, "en/api/actors.json")["actors"]}
    assert set(actors) == {"john-kirby", "north-korea", "united-states", "us-nsc"}
    kirby = actors["john-kirby"]
    assert kirby["kind"] == "person" and kirby["url"] == f"{BASE}en/actors/john-kirby/"
    assert kirby["role"] and kirby["name"] == "John Kirby"
    assert f"{BASE}en/timeline/2023/#event-kirby-statement" in kirby["events"]
    indonesian = {a["slug"]: a for a in load(site, "id/api/actors.json")["actors"]}
    assert indonesian["united-states"]["language"] == "en", "an untranslated actor is marked with its language"


def test_events_csv_cells_never_start_a_formula_and_timeline_groups_are_escaped(tmp_path: Path):
    """OWASP's CSV-injection advice: a cell a spreadsheet would read as a formula gets a `'` first.
    TimelineJS shows a slide's group as HTML, like its headline: it is escaped as they are."""
    from conftest import copy_fixture, run_sitegen

    content = copy_fixture("basic", tmp_path / "content")
    (content / "events/formulas.yaml").write_text(
        '- id: formula-title\n  date: 2023-01-01\n  title: {id: "=HYPERLINK(\\"https://evil.example\\")", '
        'en: "=HYPERLINK(\\"https://evil.example\\")"}\n  description: {id: "@SUM(1)", en: "@SUM(1)"}\n'
        '  topics: [sanctions]\n  sources: ["https://example.com/a"]\n'
        '- id: formula-plus\n  date: 2023-01-02\n  title: {id: "+1+1", en: "-1-1"}\n  sources: ["https://example.com/a"]\n',
        "utf-8")
    sanctions = content / "topics/sanctions.en.md"
    sanctions.write_text(sanctions.read_text("utf-8").replace('"Sanctions"', '"<img src=x onerror=alert(1)> & co"'), "utf-8")
    run_sitegen("build", "--no-search", cwd=tmp_path, check=True)
    slides = {s["unique_id"]: s for s in load(tmp_path / "site", "en/timeline.json")["events"]}
    assert slides["event-formula-title"]["group"] == "&lt;img src=x onerror=alert(1)&gt; &amp; co"  # shown as HTML
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO((tmp_path / "site/en/events.csv").read_text("utf-8"),
                                                                 newline=""))}
    assert rows["formula-title"]["title"] == "'=HYPERLINK(\"https://evil.example\")"
    assert rows["formula-title"]["description"] == "'@SUM(1)"
    assert rows["formula-plus"]["title"] == "'-1-1"
    assert rows["kirby-statement"]["title"][0] not in "'=+-@"
    for row in rows.values():
        assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row.values())


def test_a_listing_of_kept_json_texts_is_what_json_would_write():
    from sitegen.exports import _json, _json_listing, _dumps
    data = {"title": {"b": 1, "a": "é"}, "eras": [1], "zeta": None}
    items = [{"id": "x", "n": [1, 2]}, {"id": "ü"}]
    assert _json_listing(data, "events", [_dumps(item) for item in items]) == _json({**data, "events": items})
