"""Editorial integrity (issue 21): claims attributed, uncertain dates, corrections, sources of
topics and actors; on a fixture site built for real, and every new error with its message."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from xml.etree import ElementTree

import pytest

from conftest import copy_fixture, parse_html, run_sitegen, write_files

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"

CLAIM_EVENTS = """\
- id: kirby-claim
  date: 2023-08-30
  title: {id: "Klaim Kirby", en: "Kirby's claim"}
  description: {id: "Perundingan maju.", en: "The talks advance."}
  actors: [north-korea]
  topics: [arms-talks]
  claimed_by: [john-kirby]
  sources: [talks-advance]
  corrections:
    - date: 2023-09-02
      kind: correction
      note: {id: "Judul diperbaiki.", en: "The title was corrected."}
- id: second-delegation
  date: {not_before: 2023-07, not_after: 2023-08}
  title: {id: "Delegasi kedua", en: "Second delegation"}
  claimed_by: [john-kirby]
  sources: [talks-advance]
- id: across-years
  date:
    not_before: 2022-12
    not_after: 2023-02
  title: {id: "Lintas tahun", en: "Across years"}
  claimed_by: [john-kirby]
  sources: [talks-advance]
"""


def add_front(path: Path, lines: str) -> None:
    """Add keys at the end of a file's front matter."""
    text = path.read_text("utf-8")
    head, body = text[4:].split("\n---\n", 1)
    path.write_text(f"---\n{head}\n{lines.rstrip()}\n---\n{body}", "utf-8")


def corrections(*items: tuple[str, str, str]) -> str:
    lines = ["corrections:"]
    for day, kind, note in items:
        lines += [f"  - date: {day}", f"    kind: {kind}", f'    note: "{note}"']
    return "\n".join(lines)


def editorial_fixture(content: Path) -> Path:
    write_files(content, {"events/claims.yaml": CLAIM_EVENTS})
    articles = content / "articles"
    add_front(articles / "talks-advance.en.md", "claimed_by: [john-kirby]\n" + corrections(
        ("2023-09-01", "correction", "The date of the visit was wrong."), ("2023-09-05", "update", "Added the letters.")))
    add_front(articles / "talks-advance.id.md", corrections(
        ("2023-09-05", "update", "Surat-surat ditambahkan."), ("2023-09-01", "correction", "Tanggal kunjungan keliru.")))
    add_front(content / "topics/arms-talks.en.md", corrections(("2023-09-03", "correction", "Background fixed.")))
    add_front(content / "topics/arms-talks.id.md", corrections(("2023-09-03", "correction", "Latar diperbaiki.")))
    return content


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("editorial")
    content = editorial_fixture(copy_fixture("basic", root / "content"))
    run_sitegen("build", "--no-search", "--content", str(content), "--out", str(root / "site"), cwd=root, check=True)
    return root / "site"


def check_output(content: Path) -> tuple[int, list[str]]:
    result = run_sitegen("check", "--content", "content", cwd=content.parent)
    return result.returncode, result.stderr.splitlines()


# -- 1. claims attributed --------------------------------------------------------------------------

@pytest.mark.parametrize("lang, expected", [
    ("en", "According to John Kirby (Coordinator for strategic communications)"),
    ("id", "Menurut John Kirby (Koordinator komunikasi strategis)"),
])
def test_an_event_and_an_article_show_whose_claim_they_are(site, lang, expected):
    timeline = parse_html(site / lang / "timeline/index.html")
    event = timeline.find(id="event-kirby-claim")
    assert event.select_one(".attribution").get_text(" ", strip=True).replace(" )", ")") == expected
    assert event.select_one(".attribution a")["href"].endswith(f"{lang}/actors/john-kirby/")
    assert timeline.find(id="event-kirby-statement").select_one(".attribution") is None
    article = parse_html(site / lang / "articles/talks-advance/index.html")
    assert article.select_one(".article-header .attribution").get_text(" ", strip=True).replace(" )", ")") == expected


@pytest.mark.parametrize("lang, as_of", [("en", ", as of August 2023)"), ("id", ", per Agustus 2023)")])
def test_a_role_dated_outside_the_claim_says_as_of_when(site, lang, as_of):
    """John Kirby's role is known as of August 2023: true of a claim about July–August 2023, but
    not known to be true of one about December 2022 to February 2023."""
    timeline = parse_html(site / lang / "timeline/index.html")
    within = timeline.find(id="event-second-delegation").select_one(".attribution").get_text()
    outside = timeline.find(id="event-across-years").select_one(".attribution").get_text()
    assert within.endswith("strategis)" if lang == "id" else "communications)")
    assert outside.endswith(as_of)


def test_the_timeline_filters_and_views_by_claimant(site):
    timeline = parse_html(site / "en/timeline/index.html")
    form = timeline.select_one("form[data-timeline-filter]")
    claimed = {(box["name"], box["value"]) for box in form.select("input[name=claimed-by]")}
    assert claimed == {("claimed-by", "john-kirby")}
    assert timeline.find(id="event-kirby-claim")["data-claimed-by"] == "john-kirby"
    view = parse_html(site / "en/timeline/claimed-by/john-kirby/index.html")
    assert view.select_one("h1").get_text() == "Timeline: claims by John Kirby"
    assert [e["id"] for e in view.select("li.event")] == ["event-kirby-claim", "event-second-delegation",
                                                          "event-across-years"]


def test_the_actor_page_lists_their_claims_apart_from_their_events(site):
    page = parse_html(site / "en/actors/john-kirby/index.html")
    claims = [a.get_text() for a in page.select(".entry-claims li a")]
    assert claims == ["Kirby's claim", "Second delegation", "Across years"]
    assert page.select_one(".entry-claims .more a")["href"].endswith("timeline/claimed-by/john-kirby/")
    events = {e["id"] for e in page.select(".entry-timeline li.event")}
    assert "event-kirby-claim" not in events, "he claims it, he does not take part in it"


def test_exports_carry_the_claimant(site):
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO((site / "id/events.csv").read_text("utf-8"), newline=""))}
    assert rows["kirby-claim"]["claimed_by"] == "john-kirby"
    assert rows["kirby-claim"]["claimed_by_names"] == "John Kirby"
    assert rows["kirby-statement"]["claimed_by"] == ""
    events = {e["id"]: e for e in json.loads((site / "en/api/events.json").read_text("utf-8"))["events"]}
    assert [c["slug"] for c in events["kirby-claim"]["claimed_by"]] == ["john-kirby"]
    articles = json.loads((site / "en/api/articles.json").read_text("utf-8"))["articles"]
    assert [c["slug"] for c in next(a for a in articles if a["slug"] == "talks-advance")["claimed_by"]] == ["john-kirby"]
    actors = {a["slug"]: a for a in json.loads((site / "en/api/actors.json").read_text("utf-8"))["actors"]}
    assert len(actors["john-kirby"]["claims"]) == 3 and actors["north-korea"]["claims"] == []
    slides = {s["unique_id"]: s for s in json.loads((site / "en/timeline.json").read_text("utf-8"))["events"]}
    assert "According to John Kirby" in slides["event-kirby-claim"]["text"]["text"]


def test_an_unknown_claimant_is_an_error_at_its_line(basic_content: Path):
    write_files(basic_content, {"events/claims.yaml": CLAIM_EVENTS.replace("claimed_by: [john-kirby]\n  sources",
                                                                            "claimed_by: [jon-kirby]\n  sources", 1)})
    add_front(basic_content / "articles/talks-advance.en.md", "claimed_by: [kirby]")
    code, lines = check_output(basic_content)
    assert code == 1
    assert "content/events/claims.yaml:1: unknown actor 'jon-kirby' (did you mean 'john-kirby'?)" in lines
    assert "content/articles/talks-advance.en.md:12: unknown actor 'kirby' (did you mean 'john-kirby'?)" in lines


def test_check_warns_about_reported_speech_without_a_claimant(basic_content: Path):
    write_files(basic_content, {"events/speech.yaml": (
        "- id: unattributed\n  date: 2023-08\n  title: {id: \"Pernyataan\", en: \"Statement\"}\n"
        "  description: {id: \"Menurut pejabat, perundingan maju.\", en: \"Officials said the talks advance.\"}\n"
        "  sources: [talks-advance]\n"
        "- id: attributed\n  date: 2023-08\n  title: {id: \"Pernyataan\", en: \"Statement\"}\n"
        "  description: {id: \"Ia mengatakan perundingan maju.\", en: \"He said the talks advance.\"}\n"
        "  claimed_by: [john-kirby]\n  sources: [talks-advance]\n")})
    code, lines = check_output(basic_content)
    assert code == 0
    warning = ("content/events/speech.yaml:1: warning: the event 'unattributed' reports what someone said or "
               "assessed (en: 'said') but has no claimed_by (name who makes the claim: claimed_by: [actor-slug])")
    assert warning in lines
    assert not any("'attributed'" in line for line in lines)
    strict = run_sitegen("check", "--strict", "--content", "content", cwd=basic_content.parent)
    assert strict.returncode == 1 and warning in strict.stderr.splitlines()


# -- 2. uncertain dates ------------------------------------------------------------------------------

@pytest.mark.parametrize("lang, window, across", [
    ("en", "between July and August 2023", "between December 2022 and February 2023"),
    ("id", "antara Juli dan Agustus 2023", "antara Desember 2022 dan Februari 2023"),
])
def test_a_window_is_shown_as_between_two_dates_at_their_precision(site, lang, window, across):
    timeline = parse_html(site / lang / "timeline/index.html")
    assert timeline.find(id="event-second-delegation").select_one(".date-window").get_text() == window
    assert timeline.find(id="event-across-years").select_one(".date-window").get_text() == across
    assert timeline.find(id="event-second-delegation").select_one(".event-date time") is None, "no single date claimed"


def test_a_window_sorts_by_its_earliest_date(site):
    """Newest first, a window by its earliest date (July 2023, December 2022), ties by id."""
    order = [e["id"].removeprefix("event-") for e in parse_html(site / "en/timeline/index.html").select("li.event")]
    assert order == ["kirby-claim", "kirby-statement", "network-designated", "letters", "second-delegation",
                     "shoigu-visit", "across-years", "year-only"]


def test_a_window_is_exported_with_earliest_and_latest(site):
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO((site / "en/events.csv").read_text("utf-8"), newline=""))}
    window = rows["second-delegation"]
    assert (window["earliest"], window["earliest_precision"], window["latest"], window["latest_precision"]) == \
        ("2023-07", "month", "2023-08", "month")
    assert window["display_date"] == "between July and August 2023"
    day = rows["kirby-claim"]
    assert (day["earliest"], day["earliest_precision"], day["latest"], day["latest_precision"]) == \
        ("2023-08-30", "day", "2023-08-30", "day")
    events = {e["id"]: e for e in json.loads((site / "id/api/events.json").read_text("utf-8"))["events"]}
    assert events["across-years"]["earliest"] == "2022-12" and events["across-years"]["latest"] == "2023-02"
    assert events["across-years"]["display_date"] == "antara Desember 2022 dan Februari 2023"
    slides = {s["unique_id"]: s for s in json.loads((site / "en/timeline.json").read_text("utf-8"))["events"]}
    slide = slides["event-second-delegation"]
    assert slide["display_date"] == "between July and August 2023"
    assert slide["start_date"] == {"year": 2023, "month": 7, "display_date": "between July and August 2023"}
    assert "end_date" not in slide, "a window is not a span"
    page = parse_html(site / "en/timeline/2023/index.html")
    items = json.loads(page.select_one('script[type="application/ld+json"]').string)["mainEntity"]["itemListElement"]
    thing = next(i["item"] for i in items if i["item"]["name"] == "Second delegation")
    assert thing["startDate"] == "2023-07" and "endDate" not in thing


@pytest.mark.parametrize("date, extra, message", [
    ("{not_before: 2023-08, not_after: 2023-07}", "",
     "content/events/bad.yaml:2: date: not_after 2023-07 is before not_before 2023-08 (not_before is the earliest "
     "the event can have happened, not_after the latest)"),
    ("{not_before: 2023-07, not_after: 2023-08}", "  until: 2023-09\n",
     "content/events/bad.yaml:4: until: cannot be combined with a date window (not_before/not_after) "
     "(a window says when a single event happened, until how long it lasted: keep one)"),
    ("{not_before: 2023-07, latest: 2023-08}", "",
     "content/events/bad.yaml:2: unknown key 'latest' (known keys: not_before, not_after)"),
    ("{not_before: 2023-07}", "", "content/events/bad.yaml:2: missing required key 'not_after'"),
])
def test_a_bad_window_is_an_error(basic_content: Path, date, extra, message):
    write_files(basic_content, {"events/bad.yaml": (
        f"- id: bad\n  date: {date}\n  title: {{id: \"Buruk\", en: \"Bad\"}}\n{extra}  sources: [talks-advance]\n")})
    code, lines = check_output(basic_content)
    assert code == 1
    assert message in lines, lines


# -- 3. corrections --------------------------------------------------------------------------------

@pytest.mark.parametrize("lang, heading, first, kinds", [
    ("en", "Corrections", "Added the letters.", ["Update", "Correction"]),
    ("id", "Ralat", "Surat-surat ditambahkan.", ["Pembaruan", "Ralat"]),
])
def test_an_article_shows_its_corrections_newest_first(site, lang, heading, first, kinds):
    page = parse_html(site / lang / "articles/talks-advance/index.html")
    box = page.select_one(".corrections-box")
    assert box.select_one("h2").get_text() == heading
    items = box.select("li.correction")
    assert [i.select_one("time")["datetime"] for i in items] == ["2023-09-05", "2023-09-01"]
    assert [i.select_one(".correction-kind").get_text() for i in items] == kinds
    assert items[0].get_text().endswith(first)


def test_topics_and_events_show_their_corrections(site):
    topic = parse_html(site / "id/topics/arms-talks/index.html")
    assert topic.select_one(".corrections-box li").get_text().endswith("Latar diperbaiki.")
    assert parse_html(site / "en/topics/sanctions/index.html").select_one(".corrections-box") is None
    event = parse_html(site / "en/timeline/index.html").find(id="event-kirby-claim")
    assert event.select_one(".event-corrections li").get_text().endswith("The title was corrected.")


def test_each_language_has_a_corrections_page_and_feed_linked_from_the_footer(site):
    for lang, note in (("en", "The title was corrected."), ("id", "Judul diperbaiki.")):
        home = parse_html(site / lang / "index.html")
        links = [a["href"] for a in home.select("footer .corrections-links a")]
        assert links == [f"../{lang}/corrections/", f"../{lang}/corrections/feed.xml"]
        page = parse_html(site / lang / "corrections/index.html")
        listed = page.select("li.correction")
        assert [i.select_one("time")["datetime"] for i in listed] == ["2023-09-05", "2023-09-03", "2023-09-02", "2023-09-01"]
        assert listed[2].select_one(".correction-note").get_text() == note
        feed = ElementTree.parse(site / lang / "corrections/feed.xml").getroot()
        entries = feed.findall(f"{ATOM}entry")
        assert len(entries) == 4
        assert feed.find(f"{ATOM}updated").text.startswith("2023-09-05")
        ids = [e.find(f"{ATOM}id").text for e in entries]
        assert len(set(ids)) == 4


def test_the_newest_correction_dates_the_last_modification(site):
    page = parse_html(site / "en/articles/talks-advance/index.html")
    data = json.loads(page.select_one('script[type="application/ld+json"]').string)
    assert data["dateModified"].startswith("2023-09-05")
    assert page.select_one('meta[property="article:modified_time"]')["content"].startswith("2023-09-05")
    topic = json.loads(parse_html(site / "en/topics/arms-talks/index.html").select_one('script[type="application/ld+json"]').string)
    assert topic["dateModified"].startswith("2023-09-03")
    lastmod = {url.find(f"{SITEMAP}loc").text: url.find(f"{SITEMAP}lastmod")
               for url in ElementTree.parse(site / "sitemap.xml").getroot()}
    assert lastmod["https://example.github.io/briefing/en/articles/talks-advance/"].text.startswith("2023-09-05")
    assert lastmod["https://example.github.io/briefing/id/topics/arms-talks/"].text.startswith("2023-09-03")
    assert lastmod["https://example.github.io/briefing/en/topics/sanctions/"] is None


def test_a_site_without_corrections_has_a_page_but_no_feed(basic_site: Path):
    assert parse_html(basic_site / "en/corrections/index.html").select_one(".empty")
    assert not (basic_site / "en/corrections/feed.xml").exists()
    assert [a.get_text() for a in parse_html(basic_site / "en/index.html").select("footer .corrections-links a")] == ["Corrections"]


def test_a_correction_missing_from_a_translation_names_the_other_file(basic_content: Path):
    add_front(basic_content / "articles/talks-advance.en.md", corrections(
        ("2023-09-01", "correction", "Fixed."), ("2023-09-05", "update", "Added.")))
    add_front(basic_content / "articles/talks-advance.id.md", corrections(("2023-09-01", "update", "Diperbaiki.")))
    code, lines = check_output(basic_content)
    assert code == 1
    hint = "(write it in every translation, with the same date and kind, its note in that language)"
    assert lines[:3] == [
        f"content/articles/talks-advance.en.md:13: corrections: the correction of 2023-09-01 is missing from "
        f"content/articles/talks-advance.id.md {hint}",
        f"content/articles/talks-advance.en.md:16: corrections: the update of 2023-09-05 is missing from "
        f"content/articles/talks-advance.id.md {hint}",
        f"content/articles/talks-advance.id.md:13: corrections: the update of 2023-09-01 is missing from "
        f"content/articles/talks-advance.en.md {hint}",
    ]


def test_a_bad_correction_is_an_error_at_its_line(basic_content: Path):
    add_front(basic_content / "topics/arms-talks.en.md", corrections(("2023-09-31", "erratum", "x")))
    write_files(basic_content, {"events/bad.yaml": (
        "- id: bad\n  date: 2023\n  title: {id: \"B\", en: \"B\"}\n  sources: [talks-advance]\n"
        "  corrections:\n    - date: 2023-09-01\n      kind: update\n      note: {en: \"Only English.\"}\n")})
    code, lines = check_output(basic_content)
    assert code == 1
    assert "content/topics/arms-talks.en.md:6: date: '2023-09-31' is not a real date or time" in lines
    assert "content/topics/arms-talks.en.md:7: kind: expected one of correction, update, got 'erratum'" in lines
    assert "content/events/bad.yaml:8: note: missing the 'id' text (every site language needs one)" in lines


# -- 6. sources of topics and actors ---------------------------------------------------------------

def test_topic_and_actor_pages_and_api_list_their_sources(site):
    topic = parse_html(site / "en/topics/arms-talks/index.html")
    assert [a["href"] for a in topic.select(".entry-sources a")] == ["../../../en/articles/talks-advance/"]
    actor = parse_html(site / "id/actors/john-kirby/index.html")
    assert [a.get_text() for a in actor.select(".entry-sources a")] == ["Pembicaraan bergerak maju"]
    actors = {a["slug"]: a for a in json.loads((site / "en/api/actors.json").read_text("utf-8"))["actors"]}
    assert actors["john-kirby"]["sources"] == ["https://example.github.io/briefing/en/articles/talks-advance/"]
    topics = {t["slug"]: t for t in json.loads((site / "en/api/topics.json").read_text("utf-8"))["topics"]}
    assert topics["arms-talks"]["sources"] == ["https://example.github.io/briefing/en/articles/talks-advance/"]


def test_an_unsourced_profile_is_a_warning_and_a_strict_error(basic_content: Path):
    path = basic_content / "actors/us-nsc.en.md"
    path.write_text(path.read_text("utf-8").replace("sources: [talks-advance]\n", ""), "utf-8")
    code, lines = check_output(basic_content)
    assert code == 0
    warning = ("content/actors/us-nsc.id.md:1: warning: this actor's profile cites no source "
               "(list where its facts come from: sources: [article-slug or https://…])")
    assert warning in lines
    assert run_sitegen("check", "--strict", "--content", "content", cwd=basic_content.parent).returncode == 1


def test_a_source_that_is_no_article_is_an_error(basic_content: Path):
    path = basic_content / "topics/sanctions.en.md"
    path.write_text(path.read_text("utf-8").replace("sources: [talks-advance]", "sources: [talks-advanced, 'not a url']"),
                    "utf-8")
    code, lines = check_output(basic_content)
    assert code == 1
    assert "content/topics/sanctions.en.md:4: sources: 'not a url' is neither an article slug nor an http(s) address" in lines
