"""Relations between actors (issue 24, part 1): on both actors' pages, in api/actors.json, on
the network page and its year views; and every mistake reported at its file and line."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, build_fixture, parse_html, run_sitegen, snapshot
from test_validate import build_errors


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return build_fixture(tmp_path_factory, "relations", "--no-search", fixture="views")


@pytest.fixture
def views_content(tmp_path: Path) -> Path:
    return Path(shutil.copytree(FIXTURES / "views", tmp_path / "content"))


def relations_on(site: Path, lang: str, slug: str) -> list[str]:
    page = parse_html(site / lang / "actors" / slug / "index.html")
    return [" ".join(li.get_text(" ", strip=True).split()) for li in page.select(".entry-relations .relation-list > li")]


def test_a_directed_relation_reads_the_right_way_from_both_ends(site):
    assert relations_on(site, "en", "us-nsc")[0].startswith("Sanctions North Korea (August 2023)")
    assert relations_on(site, "en", "north-korea")[-1].startswith("Sanctioned by US National Security Council (August 2023)")
    assert relations_on(site, "id", "north-korea")[-1].startswith("Dikenai sanksi oleh")
    assert "Agustus 2023" in relations_on(site, "id", "north-korea")[-1]


def test_a_relation_shows_whose_claim_it_is_and_its_sources(site):
    item = parse_html(site / "en/actors/north-korea/index.html").select(".entry-relations .relation-list > li")[-1]
    links = {a.get_text(strip=True): a["href"] for a in item.select("a")}
    assert links["John Kirby"] == "../../../en/actors/john-kirby/"
    assert "https://example.com/sanctions" in links.values()
    assert "According to" in item.get_text()


def test_a_mutual_relation_declared_on_both_actors_shows_once_on_each(site):
    assert [r for r in relations_on(site, "en", "north-korea") if "Meets" in r] == [
        next(r for r in relations_on(site, "en", "north-korea") if "Meets" in r)]
    assert relations_on(site, "en", "john-kirby")[0].startswith("Meets North Korea (2019)")


def test_relations_are_in_the_actors_api_from_each_end(site):
    actors = {a["slug"]: a for a in json.loads((site / "en/api/actors.json").read_text("utf-8"))["actors"]}
    (sanctioned,) = [r for r in actors["north-korea"]["relations"] if r["type"] == "sanctions"]
    assert sanctioned["direction"] == "in" and sanctioned["label"] == "Sanctioned by"
    assert sanctioned["actor"]["slug"] == "us-nsc" and sanctioned["from"] == "2023-08" and sanctioned["until"] is None
    assert [c["slug"] for c in sanctioned["claimed_by"]] == ["john-kirby"]
    assert actors["us-nsc"]["relations"][0]["direction"] == "out"
    assert [r["direction"] for r in actors["john-kirby"]["relations"]] == ["mutual"]
    assert actors["united-states"]["relations"] == []


def test_the_network_page_draws_every_relation_and_lists_them(site):
    page = parse_html(site / "en/network/index.html")
    svg = page.select_one("figure.network-figure svg")
    nodes = {a.select_one("text").get_text(): a["href"] for a in svg.select("a.node")}
    assert set(nodes) == {"North Korea", "US National Security Council", "John Kirby"}
    for href in nodes.values():
        assert (site / "en/network" / href / "index.html").resolve().is_file(), href
    assert len(svg.select("line.edge")) == 2
    assert len(svg.select("line.edge-claimed")) == 1  # the sanctions are John Kirby's claim
    assert len(svg.select("line[marker-end]")) == 1  # only the directed relation has an arrow
    listed = [" ".join(li.get_text(" ", strip=True).split()) for li in page.select(".relation-list > li")]
    assert len(listed) == 2 and any(item.startswith("US National Security Council : sanctions North Korea") for item in listed)


def test_the_network_as_of_a_year_shows_the_relations_of_that_year(site):
    years = parse_html(site / "en/network/index.html").select(".network-years a")
    assert [a.get_text() for a in years] == ["2019", "2020", "2021", "2022", "2023"]
    as_of_2019 = parse_html(site / "en/network/2019/index.html")
    assert [a.select_one("text").get_text() for a in as_of_2019.select("svg a.node")] == ["John Kirby", "North Korea"]
    assert as_of_2019.select_one(".network-years a[aria-current=page]").get_text() == "2019"
    as_of_2021 = parse_html(site / "en/network/2021/index.html")
    assert as_of_2021.select("svg") == [] and as_of_2021.select_one(".empty")
    same_places = {a.select_one("circle")["cx"] for a in as_of_2019.select("svg a.node")}
    assert same_places <= {a.select_one("circle")["cx"] for a in parse_html(site / "en/network/index.html").select("svg a.node")}


def test_the_actors_page_and_actor_pages_link_to_the_network(site):
    assert parse_html(site / "id/actors/index.html").select_one('a[href$="id/network/"]')
    assert parse_html(site / "en/actors/us-nsc/index.html").select_one('.entry-relations a[href$="en/network/"]')
    assert not parse_html(site / "en/actors/united-states/index.html").select(".entry-relations")


def test_the_network_drawing_is_the_same_bytes_on_every_build(site, tmp_path_factory):
    again = build_fixture(tmp_path_factory, "relations-again", "--no-search", fixture="views")
    first, second = snapshot(site / "en/network"), snapshot(again / "en/network")
    assert first == second


def test_a_site_without_relations_has_no_network_page(tmp_path, basic_site):
    assert not (basic_site / "en/network").exists()


def add_relation(content: Path, actor: str, block: str) -> None:
    path = content / "actors" / f"{actor}.en.md"
    text = path.read_text("utf-8")
    end = text.index("\n---\n", 3)
    path.write_text(text[:end] + "\n" + block.strip("\n") + text[end:], "utf-8")


def test_relation_mistakes_are_each_reported_at_their_line(tmp_path, views_content):
    add_relation(views_content, "united-states", """relations:
  - to: north-korea
    type: befriends
    sources: ["https://example.com/a"]
  - to: south-korea
    type: meets
    sources: ["https://example.com/b"]
  - to: north-korea
    type: meets""")
    errors = build_errors(tmp_path, views_content)
    assert any(e.startswith("content/actors/united-states.en.md:8: type: unknown relation type 'befriends'") for e in errors), errors
    assert any(e.startswith("content/actors/united-states.en.md:10: unknown actor 'south-korea'") for e in errors), errors
    assert any(e.startswith("content/actors/united-states.en.md:13: a relation without a source") for e in errors), errors


def test_one_relation_with_other_dates_on_each_side_is_an_error(tmp_path, views_content):
    path = views_content / "actors/north-korea.en.md"
    path.write_text(path.read_text("utf-8").replace('until: "2019"', 'until: "2020"'), "utf-8")
    errors = build_errors(tmp_path, views_content)
    assert len(errors) == 1
    assert "has other dates than at content/actors/john-kirby.en.md:" in errors[0]
    assert errors[0].startswith("content/actors/north-korea.en.md:")


def test_an_unknown_type_hint_names_the_closest_one(tmp_path, views_content):
    add_relation(views_content, "united-states", """relations:
  - to: north-korea
    type: sanction
    sources: ["https://example.com/a"]""")
    result = run_sitegen("build", "--content", str(views_content), "--out", str(tmp_path / "site"), cwd=tmp_path)
    assert result.returncode == 1 and "did you mean 'sanctions'?" in result.stderr
