"""The fixture site built for real and read as a reader's browser would."""
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from conftest import FIXTURES, html_pages, parse_html, run_sitegen, site_page

PREFIX = "/briefing/"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("build")
    run_sitegen("build", "--content", str(FIXTURES / "basic"), "--out", str(tmp / "site"), cwd=tmp, check=True)
    return tmp / "site"


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


def test_pages_declare_their_language(site):
    """(Reciprocal hreflang links: test_head_metadata.py.)"""
    for page_file in html_pages(site):
        rel = page_file.relative_to(site).as_posix()
        if rel.startswith(("id/", "en/")):
            assert parse_html(page_file).html["lang"] == rel[:2], rel


def test_404_and_language_choice_work_from_any_depth(site):
    soup = site_page(site, "404.html")
    hrefs = [a["href"] for a in soup.select("main a")]
    assert hrefs == [PREFIX + "id/", PREFIX + "en/"]
    assert soup.select_one('link[rel="stylesheet"]') is None and "--accent" in soup.style.get_text()
    root = site_page(site, "index.html")
    assert [a["href"] for a in root.select(".language-choice a")] == ["id/", "en/"]


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
    soup = site_page(site, f"{lang}/articles/talks-advance/")
    source_line = soup.select_one(".source-box time").parent.get_text(" ", strip=True)
    assert source_line.endswith(source_note), source_line
    assert [a.get_text(strip=True) for a in soup.select(".language-switcher a")] == [other_language]
