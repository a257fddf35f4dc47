"""Share cards: a 1200×630 PNG per page type, named in the page's head, redone only when its text changes."""
from __future__ import annotations

import json

import pytest
from PIL import Image

from conftest import FIXTURE_BASE, copy_fixture, parse_html, run_sitegen


def build(root, content):
    run_sitegen("build", "--no-search", "--content", str(content), "--out", str(root / "site"),
                "--jobs", "1", cwd=root, check=True)
    return root / "site"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("cards")
    content = copy_fixture("basic", root / "content")
    return root, content, build(root, content)


def card_of(site, page):
    soup = parse_html(site / page)
    tags = {m["property"]: m["content"] for m in soup.select("meta[property^='og:image']")}
    names = {m["name"]: m["content"] for m in soup.select("meta[name^='twitter:']")}
    return soup, tags, names


@pytest.mark.parametrize("page", ["en/articles/talks-advance/index.html", "id/topics/arms-talks/index.html",
                                  "en/actors/john-kirby/index.html", "id/timeline/index.html",
                                  "en/timeline/actor/john-kirby/index.html", "en/index.html", "index.html"])
def test_every_indexable_page_names_a_large_share_card(built, page):
    _, _, site = built
    soup, tags, names = card_of(site, page)
    assert tags["og:image"].startswith(FIXTURE_BASE + "share/") and tags["og:image"].endswith(".png")
    assert (tags["og:image:width"], tags["og:image:height"]) == ("1200", "630")
    assert tags["og:image:alt"].strip()
    assert names["twitter:card"] == "summary_large_image" and names["twitter:image"] == tags["og:image"]
    image = Image.open(site / tags["og:image"][len(FIXTURE_BASE):])
    assert image.format == "PNG" and image.size == (1200, 630)


def test_the_404_page_has_no_share_card(built):
    _, tags, names = card_of(built[2], "404.html")
    assert tags == {} and names["twitter:card"] == "summary"


def test_an_article_card_says_its_type_title_date_and_site(built):
    soup, tags, _ = card_of(built[2], "en/articles/talks-advance/index.html")
    assert tags["og:image:alt"] == "Article: Talks move ahead · 31 August 2023 · Test Briefing"
    data = json.loads(soup.select_one('script[type="application/ld+json"]').string)
    assert data["@type"] == "NewsArticle" and data["image"]["url"] == tags["og:image"]
    _, id_tags, _ = card_of(built[2], "id/articles/talks-advance/index.html")
    assert id_tags["og:image:alt"].startswith("Artikel: ") and "31 Agustus 2023" in id_tags["og:image:alt"]


def test_cards_are_byte_identical_across_builds_and_redone_only_when_their_text_changes(built, tmp_path):
    root, content, site = built
    before = {p.relative_to(site): p.read_bytes() for p in (site / "share").rglob("*.png")}
    cache = root / ".sitegen-cache" / "share-cards"
    cached = set(cache.iterdir())
    other = tmp_path / "other"
    other.mkdir()
    again = build(other, content)  # a cold build elsewhere: no cache
    assert {p.relative_to(again): p.read_bytes() for p in (again / "share").rglob("*.png")} == before
    article = content / "articles/talks-advance.en.md"
    article.write_text(article.read_text("utf-8").replace("title: \"Talks move ahead\"", "title: \"Talks move on\""), "utf-8")
    build(root, content)
    new = set(cache.iterdir()) - cached
    assert len(new) == 1, "only the edited article's English card is drawn again"
    after = {p.relative_to(site): p.read_bytes() for p in (site / "share").rglob("*.png")}
    changed = {rel for rel in after if after[rel] != before.get(rel)}
    assert {str(p) for p in changed} == {"share/en/articles/talks-advance.png"}


def test_a_site_can_turn_cards_off(tmp_path):
    """`share_cards: false` in site.yaml: no card drawn or named, the preview a plain summary."""
    content = copy_fixture("basic", tmp_path / "content")
    config = content / "site.yaml"
    config.write_text(config.read_text("utf-8") + "share_cards: false\n", "utf-8")
    site = build(tmp_path, content)
    assert not (site / "share").exists()
    soup, tags, names = card_of(site, "en/articles/talks-advance/index.html")
    assert tags == {} and names["twitter:card"] == "summary"
    data = json.loads(soup.select_one('script[type="application/ld+json"]').string)
    assert "image" not in data


def test_share_cards_must_be_true_or_false(tmp_path):
    content = copy_fixture("basic", tmp_path / "content")
    config = content / "site.yaml"
    lines = config.read_text("utf-8").count("\n")
    config.write_text(config.read_text("utf-8") + "share_cards: sometimes\n", "utf-8")
    result = run_sitegen("build", "--no-search", "--content", str(content), "--out", str(tmp_path / "site"), cwd=tmp_path)
    assert result.returncode == 1
    assert f"site.yaml:{lines + 1}: share_cards: expected true or false" in result.stderr


def test_a_card_draws_its_text_smoothly_in_the_themes_inks(built):
    """The title in ink with smooth (anti-aliased) edges, the type and bar in the accent, the
    date muted: the card is a palette PNG, and its shades must not cost the text its look."""
    from sitegen.share_cards import ACCENT, INK, MUTED, PAPER

    image = Image.open(built[2] / "share/en/articles/talks-advance.png")
    rgb = image.convert("RGB")
    colour = {name: tuple(int(hexcode[i:i + 2], 16) for i in (1, 3, 5))
              for name, hexcode in (("accent", ACCENT), ("ink", INK), ("muted", MUTED), ("paper", PAPER))}
    assert rgb.getpixel((10, 300)) == colour["accent"] and rgb.getpixel((600, 20)) == colour["paper"]
    title = rgb.crop((80, 134, 1120, 240))  # the first line of the title: "Talks move ahead"
    counts = {c: n for n, c in title.getcolors(65536)}
    assert counts.get(colour["ink"], 0) > 2000, "the title's strokes are solid ink"
    assert len(counts) > 20, "the title's edges are smoothed with shades between ink and paper"
    assert colour["accent"] in {c for _, c in rgb.crop((80, 70, 400, 110)).getcolors(65536)}
    assert colour["muted"] in {c for _, c in rgb.getcolors(65536)}, "the date is drawn muted"
