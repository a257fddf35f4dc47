"""Hostile Markdown and front matter build into pages that cannot run script; allowed markup survives."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, html_pages, parse_html, run_sitegen, write_files

HOSTILE_TITLE = "</title><script>alert('title')</script> \"quoted\" & 'single'"
HOSTILE_SUMMARY = '"><script>alert("summary")</script><img src=x onerror=alert(1)>'
HOSTILE_BODY = """\
<script>alert(1)</script>
<img src=x onerror="alert(2)">
<a href="javascript:alert(3)">js</a> <a href="JaVaScRiPt:alert(4)">js2</a>
<a href="java&#x09;script:alert(5)">js3</a> <a href=" data:text/html,<script>alert(6)</script>">data</a>
<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">
<iframe src="https://evil.example/"></iframe>
<object data="x.swf"></object><embed src="x.swf">
<svg><script>alert(7)</script><a xlink:href="javascript:alert(8)">svg</a></svg>
<style>body { display: none }</style>
<form action="https://evil.example/"><input name="x"><button formaction="javascript:alert(9)">go</button></form>
<div style="background:url(javascript:alert(10))" onclick="alert(11)" onmouseover="alert(12)">div</div>
<meta http-equiv="refresh" content="0;url=https://evil.example/">
<base href="https://evil.example/">
<a href="https://example.com/ext" target="_blank" rel="opener">ext</a>

[markdown link](javascript:alert(13)) and ![markdown image](javascript:alert(14))
and [upper-case external](HTTP://EXAMPLE.COM/UPPER) and [relative](../timeline/).

| Country | Tests |
|---------|------:|
| A       | 3     |

<figure><img src="https://example.com/photo.png" alt="A photo"><figcaption>The caption</figcaption></figure>

A claim.[^source]

[^source]: The footnote text.
"""
DANGEROUS_TAGS = ("iframe", "object", "embed", "style", "form", "input", "button", "base", "svg", "math", "frame")


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    project = tmp_path_factory.mktemp("hostile")
    content = project / "content"
    shutil.copytree(FIXTURES / "basic", content)
    write_files(content, {
        "topics/sanctions.en.md": f"---\ntitle: {json.dumps(HOSTILE_TITLE)}\nsummary: {json.dumps(HOSTILE_SUMMARY)}\n"
                                  f"---\n{HOSTILE_BODY}",
        "actors/north-korea.en.md": "---\nname: North Korea\nrole: State\nkind: state\n"
                                    "aliases: ['<b onmouseover=alert(1)>DPRK</b>']\n---\nState.\n",
        "actors/north-korea.id.md": "---\nname: Korea Utara\nrole: Negara\n---\nNegara.\n",
        "events/hostile.yaml": "- id: hostile\n  date: 2022\n"
                               "  title: {id: '<script>alert(1)</script>', en: '<script>alert(1)</script>'}\n"
                               "  description: {id: '\" onclick=\"alert(2)', en: '\" onclick=\"alert(2)'}\n"
                               "  topics: [sanctions]\n  sources: ['https://example.com/a?x=1&y=\"2\"']\n",
    })
    run_sitegen("build", cwd=project, check=True)
    return project / "site"


def test_no_page_can_run_script(hostile_site: Path):
    for page in html_pages(hostile_site):
        soup = parse_html(page)
        rel = page.relative_to(hostile_site).as_posix()
        scripts = soup.find_all("script")
        inline = [s for s in scripts if not s.get("src") and s.get("type") != "application/ld+json"]
        for data in soup.select('script[type="application/ld+json"]'):  # a data block: JSON, never markup
            assert isinstance(json.loads(data.string), dict) and "<" not in data.string, rel
        if rel == "index.html":  # the language chooser's own redirect, and nothing else
            assert len(inline) == 1 and "alert" not in inline[0].get_text()
        else:
            assert inline == [], rel
        for script in scripts:  # the theme's own reader script is the only file a page may load
            if script.get("src"):
                assert script["src"].endswith("static/reader.js") and "//" not in script["src"], (rel, script)
        for region in soup.select(".prose, .summary, .lede, .event-description, .entry-summary"):
            assert region.find_all(DANGEROUS_TAGS) == [], rel  # nothing active comes from content
        styles = soup.find_all("style")  # only the 404 page carries the theme's stylesheet inline
        assert styles == [] or (rel == "404.html" and len(styles) == 1 and "--accent" in styles[0].get_text()), rel
        for drawing in soup.select("svg.overview-strip, svg.network-svg"):  # the theme's own drawings
            assert drawing.find_all(("script", "foreignObject", "iframe", "style")) == [], rel
            assert not [a for tag in drawing.find_all(True) for a in tag.attrs if a.startswith("on")], rel
            drawing.decompose()
        for base in soup.find_all("base"):  # an embed opens its links in the page that embeds it
            assert "/embed/" in rel and base.attrs == {"target": "_top"}, (rel, base)
            base.decompose()
        assert soup.find_all(("iframe", "object", "embed", "base", "frame", "svg", "math")) == [], rel
        for form in soup.find_all("form"):  # the theme's own forms only: search, and the timeline filter
            if "search-form" in form["class"]:
                assert form["action"].endswith("/search/"), (rel, form)
            else:
                assert "timeline-filter" in form["class"] and not form.get("action"), (rel, form)
        for element in soup.find_all(True):
            for name, value in element.attrs.items():
                assert not name.lower().startswith("on"), (rel, element)
                assert name.lower() not in ("style", "formaction", "xlink:href", "srcdoc"), (rel, element)
                if name in ("href", "src", "action"):
                    scheme = "".join(value.split()).lower().partition(":")[0]
                    assert scheme not in ("javascript", "data", "vbscript"), (rel, element)
        assert not soup.find("meta", attrs={"http-equiv": True}), rel


def test_front_matter_and_yaml_values_are_shown_as_text(hostile_site: Path):
    soup = parse_html(hostile_site / "en" / "topics" / "sanctions" / "index.html")
    assert soup.find("h1").get_text() == HOSTILE_TITLE
    assert soup.title.get_text().startswith(HOSTILE_TITLE)
    assert soup.find("meta", attrs={"name": "description"})["content"] == HOSTILE_SUMMARY
    actor = parse_html(hostile_site / "en" / "actors" / "north-korea" / "index.html")
    assert "<b onmouseover=alert(1)>DPRK</b>" in actor.find("dl", class_="entry-meta").get_text()
    timeline = parse_html(hostile_site / "en" / "timeline" / "index.html")
    event = timeline.find(id="event-hostile")
    assert event.find(class_="event-title").get_text() == "<script>alert(1)</script>"
    assert event.find(class_="event-description").get_text() == '" onclick="alert(2)'
    assert 'https://example.com/a?x=1&y="2"' in [a["href"] for a in event.find_all("a")]


def test_allowed_markup_survives(hostile_site: Path):
    body = parse_html(hostile_site / "en" / "topics" / "sanctions" / "index.html").find("main")
    table = body.find("table")
    assert [th.get_text() for th in table.find_all("th")] == ["Country", "Tests"]
    assert [td.get_text() for td in table.find_all("td")] == ["A", "3"]
    figure = body.find("figure")
    assert figure.find("img")["src"] == "https://example.com/photo.png"
    assert figure.find("img")["alt"] == "A photo"
    assert figure.find("figcaption").get_text() == "The caption"
    reference = body.find("sup").find("a")
    note = body.find(id=reference["href"].lstrip("#"))
    assert note is not None and "The footnote text." in note.get_text()
    assert body.find("a", string="relative")["href"] == "../timeline/"


def test_external_links_cannot_reach_back_into_the_site(hostile_site: Path):
    body = parse_html(hostile_site / "en" / "topics" / "sanctions" / "index.html").find("main")
    for label in ("ext", "upper-case external"):
        link = body.find("a", string=label)
        assert set(link["rel"]) >= {"noopener", "noreferrer"}, link
        assert "opener" not in link["rel"]
        assert not link.get("target")
    assert not body.find("a", string="relative").get("rel")
