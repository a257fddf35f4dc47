"""The article archive: every article once, newest first, and page addresses that stay put."""
from pathlib import Path

from conftest import parse_html
from sitefactory import article_text, large_site
from sitegen.build import BuildOptions, build
from sitegen.graph import PER_PAGE


def _build(content: Path, root: Path) -> Path:
    out = root / "site"
    build(BuildOptions(content_dir=content, out_dir=out, cache_dir=root / "cache", search=False))
    return out


def _archive_pages(site: Path, lang: str = "en") -> list[Path]:
    """The archive's pages in the order its pager leads a reader: the newest first."""
    front = site / lang / "articles" / "index.html"
    numbered = sorted((site / lang / "articles" / "page").glob("*/index.html"), key=lambda p: -int(p.parent.name))
    return [front, *numbered]


def _listed_slugs(page: Path) -> list[str]:
    return [li["id"].removeprefix("article-") for li in parse_html(page).select("ul.article-list > li")]


def _add_article(content: Path, slug: str, day: str) -> None:
    for lang in ("id", "en"):
        text = article_text(slug, lang, 0).replace("date: 2023-01-01", f"date: {day}")
        (content / "articles" / f"{slug}.{lang}.md").write_text(text, "utf-8")


def test_every_article_is_listed_once_newest_first_across_the_pages(tmp_path: Path):
    content = large_site(tmp_path / "content", 2 * PER_PAGE + 5)
    site = _build(content, tmp_path)
    pages = _archive_pages(site)
    assert len(pages) == 2, "the newest page takes the rest rather than leaving a page of 5"
    listed = [slug for page in pages for slug in _listed_slugs(page)]
    assert sorted(listed) == sorted(f"n{i}" for i in range(2 * PER_PAGE + 5))
    dates = [parse_html(page).select_one(f"#article-{slug} time")["datetime"]
             for page in pages for slug in _listed_slugs(page)]
    assert dates == sorted(dates, reverse=True)
    assert [len(_listed_slugs(page)) for page in pages] == [PER_PAGE + 5, PER_PAGE]


def test_the_pager_leads_from_the_newest_page_to_the_oldest(tmp_path: Path):
    content = large_site(tmp_path / "content", 3 * PER_PAGE)
    site = _build(content, tmp_path)
    front, *older = _archive_pages(site)
    links = parse_html(older[0]).select("nav.pager a")
    assert [a.get_text() for a in links] == ["Newest", "2", "1"]
    assert [a.get("aria-current") for a in links] == [None, "page", None]
    assert (older[0].parent / links[0]["href"]).resolve() == front.parent.resolve()
    id_links = parse_html(site / "id" / "articles" / "index.html").select("nav.pager a")
    assert id_links[0].get_text() == "Terbaru"


def test_a_new_article_changes_the_newest_page_only(tmp_path: Path):
    content = large_site(tmp_path / "content", 3 * PER_PAGE + 2)
    site = _build(content, tmp_path)
    older = {page: page.read_bytes() for page in _archive_pages(site)[1:]}
    _add_article(content, "fresh", "2024-06-01")
    site = _build(content, tmp_path)
    assert _listed_slugs(_archive_pages(site)[0])[0] == "fresh"
    assert {page: page.read_bytes() for page in _archive_pages(site)[1:]} == older


def test_an_older_page_keeps_its_address_and_articles_when_the_archive_grows(tmp_path: Path):
    content = large_site(tmp_path / "content", 2 * PER_PAGE + PER_PAGE - 1)
    site = _build(content, tmp_path)
    page_one = _listed_slugs(site / "en" / "articles" / "page" / "1" / "index.html")
    _add_article(content, "fresh", "2024-06-01")
    site = _build(content, tmp_path)
    assert len(_archive_pages(site)) == 3
    assert _listed_slugs(site / "en" / "articles" / "page" / "1" / "index.html") == page_one
    assert len(_listed_slugs(site / "en" / "articles" / "page" / "2" / "index.html")) == PER_PAGE
