"""The real briefing in content/: complete in both languages, every event sourced, builds clean."""
import os
import re
from collections import defaultdict
from pathlib import Path

import yaml

from conftest import ROOT, parse_html, require, run_sitegen

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
    assert len(events) >= 5
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


SOURCES = Path(os.environ.get("SITEGEN_SOURCES", "/work/shared/sources"))
RUN = 8  # words: a longer run shared with the source would be copied prose


def words(text: str) -> list[str]:
    """The words of a text, lowercased, without Markdown link targets or front matter."""
    text = re.sub(r"\]\([^)]*\)", "]", text)
    return re.findall(r"\w+", text.lower())


def runs(text: str) -> set[tuple[str, ...]]:
    found = words(text)
    return {tuple(found[i:i + RUN]) for i in range(len(found) - RUN + 1)}


def test_the_indonesian_article_shares_no_run_of_eight_words_with_its_source():
    source_files = sorted(SOURCES.glob("*.txt"))
    require(bool(source_files), f"the source article is not in {SOURCES} (set SITEGEN_SOURCES)")
    source = runs("\n".join(p.read_text("utf-8") for p in source_files))
    assert len(source) > 300, "the source was read"
    for path in sorted(CONTENT.glob("**/*.id.md")) + sorted(CONTENT.glob("events/*.yaml")):
        shared = runs(path.read_text("utf-8")) & source
        assert not shared, f"{path.name} copies the source: {' '.join(sorted(shared)[0])}"


def test_the_briefing_passes_a_strict_check(tmp_path):
    result = run_sitegen("check", "--strict", "--content", str(CONTENT), cwd=tmp_path)
    assert result.returncode == 0, result.stderr


def test_uncertain_dates_and_claims_show_on_the_briefing(tmp_path):
    run_sitegen("build", "--no-search", "--content", str(CONTENT), "--out", str(tmp_path / "site"), cwd=tmp_path, check=True)
    timeline = parse_html(tmp_path / "site/id/timeline/index.html")
    for event_id in ("second-russian-delegation-visits-pyongyang", "putin-kim-exchange-letters"):
        event = timeline.find(id=f"event-{event_id}")
        assert event.select_one(".date-window").get_text() == "antara Juli dan Agustus 2023"
        assert event.select_one(".attribution").get_text().startswith("Menurut John Kirby")
    assert timeline.find(id="event-riau24-publishes-report") is None, "the report is the source, not an event"
    article = parse_html(tmp_path / "site/en/articles/russia-north-korea-arms-talks-advance/index.html")
    assert "1:16" in article.select_one(".source-box").get_text() and "(UTC+07:00)" in article.select_one(".source-box").get_text()
    assert article.select(".corrections-box li.correction")
