"""The fixture site built for real and read as a reader's browser would."""
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from conftest import FIXTURES, html_pages, parse_html, run_sitegen

PREFIX = "/briefing/"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("build")
    run_sitegen("build", "--content", str(FIXTURES / "basic"), "--out", str(tmp / "site"), cwd=tmp, check=True)
    return tmp / "site"


def page(site: Path, path: str):
    return parse_html(site / path / "index.html" if not path.endswith(".html") else site / path)


def resolve(site: Path, page_file: Path, href: str) -> Path | None:
    """The file a relative link leads to, or None for links that leave the site."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or href.startswith("mailto:"):
        return None
    target = (page_file.parent / unquote(parts.path)).resolve() if parts.path else page_file
    if target.is_dir():
        target = target / "index.html"
    return target


def test_every_internal_link_and_fragment_resolves(site):
    for page_file in html_pages(site):
        if page_file.name == "404.html":
            continue
        soup = parse_html(page_file)
        for element in soup.select("[href], [src]"):
            href = element.get("href") or element.get("src")
            if element.name == "link" and element.get("rel") in (["canonical"], ["alternate"]):
                continue
            target = resolve(site, page_file, href)
            if target is None:
                continue
            assert target.is_file(), f"{page_file.relative_to(site)} links to missing {href}"
            assert target.resolve().is_relative_to(site.resolve())
            fragment = urlsplit(href).fragment
            if fragment:
                assert parse_html(target).find(id=fragment), f"{page_file.relative_to(site)}: no #{fragment} in {href}"


def test_pages_declare_their_language_and_reciprocal_hreflang(site):
    base = "https://example.github.io/briefing/"
    alternates = {}
    for page_file in html_pages(site):
        rel = page_file.relative_to(site).as_posix()
        soup = parse_html(page_file)
        lang = soup.html["lang"]
        if rel.startswith(("id/", "en/")):
            assert lang == rel[:2]
        links = {l["hreflang"]: l["href"] for l in soup.select('link[rel="alternate"][hreflang]')}
        url = base + rel.removesuffix("index.html")
        alternates[url] = links
    for url, links in alternates.items():
        for code, other in links.items():
            if code == "x-default":
                assert other == links["id"]
                continue
            assert other in alternates, f"{url} names a missing alternate {other}"
            assert alternates[other].get(code) == other
            back = {c: u for c, u in alternates[other].items() if c != "x-default"}
            assert url in back.values(), f"{other} does not link back to {url}"


def test_dates_are_localized_at_their_precision(site):
    article_id = page(site, "id/articles/talks-advance/")
    article_en = page(site, "en/articles/talks-advance/")
    assert article_id.select_one(".article-header time").get_text() == "31 Agustus 2023"
    assert article_en.select_one(".article-header time").get_text() == "31 August 2023"
    dates = {li["id"]: li.select_one(".event-date time").get_text() for li in page(site, "id/timeline/").select("li.event")}
    assert dates == {
        "event-kirby-statement": "30 Agustus 2023",
        "event-network-designated": "sekitar Agustus 2023",
        "event-letters": "Juli–Agustus 2023",
        "event-shoigu-visit": "Juli 2023",
        "event-year-only": "2019",
    }
    en_dates = {li["id"]: li.select_one(".event-date time") for li in page(site, "en/timeline/").select("li.event")}
    assert en_dates["event-network-designated"].get_text() == "c. August 2023"
    assert en_dates["event-shoigu-visit"]["datetime"] == "2023-07"


def test_timeline_is_grouped_newest_first(site):
    soup = page(site, "en/timeline/")
    assert [h.get_text() for h in soup.select(".year-heading")] == ["2023", "2019"]
    assert [h.get_text() for h in soup.select(".month-heading")] == ["August 2023", "July 2023", "Sometime in 2019"]
    order = [li["id"] for li in soup.select("li.event")]
    assert order == ["event-kirby-statement", "event-network-designated", "event-letters", "event-shoigu-visit", "event-year-only"]


def test_untranslated_entry_is_listed_and_marked_in_the_other_language(site):
    assert not (site / "id/articles/english-only").exists()
    listing = page(site, "id/articles/")
    item = listing.find(id="article-english-only")
    assert item.select_one("a")["href"] == "../../en/articles/english-only/"
    assert item.select_one(".lang-note").get_text(strip=True) == "English"
    english = page(site, "en/articles/english-only/")
    switch = english.select_one(".language-switcher a")
    assert switch["href"] == "../../../id/articles/#article-english-only"
    hreflangs = {l["hreflang"] for l in english.select('link[rel="alternate"][hreflang]')}
    assert hreflangs == {"en"}


def test_drafts_never_reach_a_build(site):
    assert not any("unfinished" in p.as_posix() for p in site.rglob("*"))
    assert "Draf" not in page(site, "id/articles/").get_text()


def test_article_page_shows_source_links_and_citing_events(site):
    soup = page(site, "en/articles/talks-advance/")
    assert soup.h1.get_text() == "Talks move ahead"
    assert "RIAU24.COM" in soup.select_one(".source-box").get_text()
    assert "Amastya" in soup.select_one(".source-box").get_text()
    body_links = {a.get_text(): a["href"] for a in soup.select(".article-body a")}
    assert body_links["Kirby"] == "../../../en/actors/john-kirby/"
    assert body_links["arms"] == "../../../en/topics/arms-talks/"
    assert body_links["the event"] == "../../../en/timeline/2023/#event-kirby-statement"
    assert soup.select_one('.article-body a[href^="https://"]')["rel"] == ["noopener", "noreferrer"]
    cited = [a["href"].rpartition("#")[2] for a in soup.select(".related-events li a")]
    assert cited == ["event-kirby-statement", "event-letters", "event-shoigu-visit"]


def test_actor_pages_show_people_related_actors_and_timeline(site):
    state = page(site, "en/actors/united-states/")
    assert [a.get_text() for a in state.select("#people-heading + p a")] == ["John Kirby", "US National Security Council"]
    kirby = page(site, "id/actors/john-kirby/")
    assert "per Agustus 2023" in kirby.select_one(".lede").get_text()
    assert {a.get_text() for a in kirby.select("#related-heading + p a")} == {"Dewan Keamanan Nasional AS", "Korea Utara"}
    assert [li["id"] for li in kirby.select(".entry-timeline li.event")] == ["event-kirby-statement", "event-letters"]
    index = page(site, "id/actors/")
    assert [h.get_text() for h in index.select("main h2")] == ["Tokoh", "Organisasi", "Negara"]


def test_ui_strings_come_from_the_catalog(site):
    nav = [a.get_text() for a in page(site, "id/").select(".site-nav a")]
    assert nav == ["Beranda", "Artikel", "Linimasa", "Topik", "Aktor"]
    assert page(site, "id/").select_one(".skip-link").get_text() == "Langsung ke isi"


def test_404_and_language_choice_work_from_any_depth(site):
    soup = page(site, "404.html")
    hrefs = [a["href"] for a in soup.select("main a")]
    assert hrefs == [PREFIX + "id/", PREFIX + "en/"]
    assert soup.select_one('link[rel="stylesheet"]') is None and "--accent" in soup.style.get_text()
    root = page(site, "index.html")
    assert [a["href"] for a in root.select(".language-choice a")] == ["id/", "en/"]


def test_two_builds_are_byte_identical(tmp_path):
    outputs = []
    for name in ("one", "two"):
        run_sitegen("build", "--clean", "--content", str(FIXTURES / "basic"), "--out", str(tmp_path / name), cwd=tmp_path, check=True)
        outputs.append({p.relative_to(tmp_path / name): p.read_bytes() for p in (tmp_path / name).rglob("*") if p.is_file()})
    assert outputs[0] == outputs[1]


def test_a_rebuild_without_changes_writes_nothing(tmp_path):
    args = ("build", "--content", str(FIXTURES / "basic"), "--out", str(tmp_path / "site"))
    run_sitegen(*args, cwd=tmp_path, check=True)
    second = run_sitegen(*args, cwd=tmp_path, check=True)
    assert ": 0 files written," in second.stdout


@pytest.mark.parametrize("lang, source_note, other_language", [
    ("en", "(in Indonesian)", "Bahasa Indonesia"),
    ("id", "(dalam bahasa Indonesia)", "English"),
])
def test_languages_are_named_as_readers_of_each_language_name_them(site, lang, source_note, other_language):
    """A source's language reads as a language, not a country; the switcher names each language in itself."""
    soup = page(site, f"{lang}/articles/talks-advance/")
    source_line = soup.select_one(".source-box time").parent.get_text(" ", strip=True)
    assert source_line.endswith(source_note), source_line
    assert [a.get_text(strip=True) for a in soup.select(".language-switcher a")] == [other_language]
