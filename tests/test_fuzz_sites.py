"""Random small valid sites, built for real, keep the invariants a reader relies on: every link
resolves, hreflang is reciprocal, and every event is on each of its actors' and topics' pages."""
from __future__ import annotations

import os
import tempfile
from functools import lru_cache
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import fixture_file, fixture_url, html_pages, parse_html, write_files
from sitefactory import SITE_YAML, article_text
from sitegen.build import BuildOptions, build

BASE = "https://example.github.io/briefing/"
LANG_SETS = st.sampled_from([("id",), ("en",), ("id", "en")])


@st.composite
def sites(draw) -> dict[str, str]:
    topics = [f"topic-{n}" for n in range(draw(st.integers(1, 3)))]
    actors = [f"actor-{n}" for n in range(draw(st.integers(1, 4)))]
    files = {"site.yaml": SITE_YAML}
    for slug in topics:
        for lang in draw(LANG_SETS):
            files[f"topics/{slug}.{lang}.md"] = f'---\ntitle: "{slug} {lang}"\nsummary: "About."\n---\nSee [a](actor:{actors[0]}).\n'
    for slug in actors:
        for lang in draw(LANG_SETS):
            files[f"actors/{slug}.{lang}.md"] = f'---\nname: "{slug} {lang}"\nrole: "Role"\nkind: person\n---\nProfile.\n'
    articles = [f"article-{n}" for n in range(draw(st.integers(1, 4)))]
    for number, slug in enumerate(articles):
        chosen_topics = draw(st.lists(st.sampled_from(topics), min_size=1, unique=True))
        chosen_actors = draw(st.lists(st.sampled_from(actors), min_size=1, unique=True))
        for lang in draw(LANG_SETS):
            files[f"articles/{slug}.{lang}.md"] = article_text(slug, lang, number * 7, chosen_topics, chosen_actors)
    events = []
    for number in range(draw(st.integers(0, 5))):
        date = draw(st.sampled_from(["2019", "2021-03", "2023-08-30", "2022-12"]))
        event_actors = draw(st.lists(st.sampled_from(actors), max_size=2, unique=True))
        event_topics = draw(st.lists(st.sampled_from(topics), max_size=2, unique=True))
        events.append(f"- id: event-{number}\n  date: \"{date}\"\n  title: {{id: \"E{number}\", en: \"E{number}\"}}\n"
                      f"  actors: [{', '.join(event_actors)}]\n  topics: [{', '.join(event_topics)}]\n"
                      f"  sources: [{draw(st.sampled_from(articles))}]\n")
    if events:
        files["events/all.yaml"] = "".join(events)
    return files


@lru_cache(maxsize=None)
def parsed(path: Path):
    return parse_html(path)


def check_links(site: Path) -> None:
    for page in html_pages(site):
        if page.name == "404.html":
            continue
        url = fixture_url(site, page)
        for link in parsed(page).find_all("a", href=True):
            target = urljoin(url, link["href"])
            if not target.startswith(BASE):
                continue
            file = fixture_file(site, target)
            assert file.is_file(), (url, link["href"])
            fragment = urlsplit(target).fragment
            if fragment:
                assert parsed(file).find(id=fragment) is not None, (url, link["href"])


def check_hreflang(site: Path) -> None:
    for page in html_pages(site):
        soup = parsed(page)
        own = soup.find("link", rel="canonical")
        if own is None or page == site / "index.html":  # the language chooser only points onwards
            continue
        for alternate in soup.find_all("link", rel="alternate", hreflang=True):
            if alternate["hreflang"] == "x-default":
                continue
            other = parsed(fixture_file(site, alternate["href"]))
            back = {link["href"] for link in other.find_all("link", rel="alternate", hreflang=True)}
            assert own["href"] in back, (page, alternate["href"])
            assert other.html["lang"] == alternate["hreflang"]


def check_event_pages(site: Path, files: dict[str, str]) -> None:
    events_yaml = files.get("events/all.yaml", "")
    for block in events_yaml.split("- id: ")[1:]:
        event_id = block.split("\n", 1)[0]
        entries = [("actors", s) for s in block.split("actors: [")[1].split("]")[0].split(", ") if s]
        entries += [("topics", s) for s in block.split("topics: [")[1].split("]")[0].split(", ") if s]
        for section, slug in entries:
            pages = [site / lang / section / slug / "index.html" for lang in ("id", "en")]
            existing = [p for p in pages if p.is_file()]
            assert existing, (section, slug)
            for page in existing:
                assert parsed(page).find(id=f"event-{event_id}") is not None, (page, event_id)


@settings(max_examples=int(os.environ.get("SITEGEN_FUZZ_EXAMPLES", "60")) // 5, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(sites())
def test_random_sites_keep_their_invariants(files: dict[str, str]):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        write_files(root / "content", files)
        build(BuildOptions(content_dir=root / "content", out_dir=root / "site", cache_dir=root / "cache"))
        site = root / "site"
        check_links(site)
        check_hreflang(site)
        check_event_pages(site, files)
        parsed.cache_clear()
