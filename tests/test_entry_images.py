"""An article's own share image (`image:` with `image_alt:`): copied, named in the head, and checked."""
from __future__ import annotations

import json

import pytest
from PIL import Image

from conftest import FIXTURE_BASE, parse_html, run_sitegen


def add_image(content, size=(1200, 630), alt_en="Two delegations at a table", alt_id="Dua delegasi di meja",
              name="images/talks.jpg"):
    if size:
        (content / "images").mkdir(exist_ok=True)
        Image.new("RGB", size, (40, 80, 120)).save(content / "images/talks.jpg", "JPEG", quality=80)
    for lang, alt in (("en", alt_en), ("id", alt_id)):
        path = content / f"articles/talks-advance.{lang}.md"
        extra = f"image: {name}\n" + (f'image_alt: "{alt}"\n' if alt else "")
        path.write_text(path.read_text("utf-8").replace("---\n", "---\n" + extra, 1), "utf-8")


def build(tmp_path, content):
    return run_sitegen("build", "--no-search", "--content", str(content), "--out", str(tmp_path / "site"), cwd=tmp_path)


def test_an_article_image_replaces_its_card_and_is_copied(tmp_path, basic_content):
    add_image(basic_content)
    result = build(tmp_path, basic_content)
    assert result.returncode == 0, result.stdout + result.stderr
    site = tmp_path / "site"
    soup = parse_html(site / "en/articles/talks-advance/index.html")
    tags = {m["property"]: m["content"] for m in soup.select("meta[property^='og:image']")}
    assert tags == {"og:image": FIXTURE_BASE + "media/images/talks.jpg", "og:image:type": "image/jpeg",
                    "og:image:width": "1200", "og:image:height": "630", "og:image:alt": "Two delegations at a table"}
    assert parse_html(site / "id/articles/talks-advance/index.html").find(
        "meta", property="og:image:alt")["content"] == "Dua delegasi di meja"
    assert (site / "media/images/talks.jpg").read_bytes() == (basic_content / "images/talks.jpg").read_bytes()
    data = json.loads(soup.select_one('script[type="application/ld+json"]').string)
    assert data["image"]["url"] == tags["og:image"]
    assert not (site / "share/en/articles/talks-advance.png").exists(), "no card is drawn for it"


@pytest.mark.parametrize("change, message", [
    (dict(size=None), "image: no file 'images/talks.jpg' in the content folder"),
    (dict(alt_id=""), "image_alt: missing the image's description in this language"),
    (dict(size=(300, 200)), "image: 'images/talks.jpg' is 300×200 pixels"),
    (dict(name="../outside.jpg", size=None), "image: no file '../outside.jpg' in the content folder"),
])
def test_a_bad_image_is_an_error_at_its_line(tmp_path, basic_content, change, message):
    (basic_content.parent / "outside.jpg").write_bytes(b"not inside the content folder")
    add_image(basic_content, **change)
    result = build(tmp_path, basic_content)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    output = result.stdout + result.stderr
    line = next(l for l in output.splitlines() if message in l)
    assert "articles/talks-advance." in line and ".md:2:" in line, line
