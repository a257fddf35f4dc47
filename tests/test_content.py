"""The real briefing in content/: complete in both languages, every event sourced, builds clean."""
from collections import defaultdict

import yaml

from conftest import ROOT, parse_html, run_sitegen

CONTENT = ROOT / "content"
LANGUAGES = ("id", "en")


def test_every_entry_exists_in_both_languages():
    translations = defaultdict(set)
    for path in CONTENT.glob("*/*.md"):
        slug, lang = path.name.removesuffix(".md").rsplit(".", 1)
        translations[(path.parent.name, slug)].add(lang)
    assert translations, "content/ holds no entries"
    missing = {key: sorted(set(LANGUAGES) - langs) for key, langs in translations.items() if set(langs) != set(LANGUAGES)}
    assert missing == {}


def test_every_event_cites_a_source_and_has_both_languages():
    events = [event for path in CONTENT.glob("events/*.yaml") for event in yaml.safe_load(path.read_text())]
    assert len(events) >= 6
    for event in events:
        assert event["sources"], event["id"]
        assert set(event["title"]) == set(LANGUAGES), event["id"]
        if "description" in event:
            assert set(event["description"]) == set(LANGUAGES), event["id"]


def test_the_briefing_builds_without_warnings(tmp_path):
    result = run_sitegen("build", "--content", str(CONTENT), "--out", str(tmp_path / "site"), cwd=tmp_path, check=True)
    assert "warning" not in result.stderr, result.stderr
    site = tmp_path / "site"
    for lang in LANGUAGES:
        for kind in ("actors", "topics"):
            for page_dir in (site / lang / kind).iterdir():
                if page_dir.is_dir():
                    soup = parse_html(page_dir / "index.html")
                    assert soup.select_one(".prose").get_text(strip=True), page_dir
                    assert soup.select(".entry-timeline li.event"), f"{page_dir} has an empty timeline"
    timeline = parse_html(site / "en/timeline/index.html")
    shoigu = timeline.find(id="event-shoigu-visits-north-korea")
    assert shoigu.select_one(".event-date time").get_text() == "July 2023"
    for event in timeline.select("li.event"):
        assert event.select(".event-meta a[href*='articles/']"), event["id"]
