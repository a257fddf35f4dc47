"""The Pagefind index as the build's last step, the search box, and the page it leads to."""
from __future__ import annotations

import json
from functools import partial
from pathlib import Path

import pytest

from sitegen.manifest import read_checked
from sitegen.record import SITE_RECORD
from sitegen.stamps import file_stamp

from conftest import copy_fixture, html_pages, parse_html, run_sitegen, snapshot
from test_timeline_views import resolve


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path]:
    """The fixture site built with search; returns (project folder, site)."""
    root = tmp_path_factory.mktemp("search")
    content = copy_fixture("basic", root / "content")
    run_sitegen("build", "--content", str(content), "--out", str(root / "site"), cwd=root, check=True)
    return root, root / "site"


def site_path(site: Path, page: Path) -> str:
    rel = page.relative_to(site).as_posix()
    return rel.removesuffix("index.html")


def page_counts(site: Path) -> dict[str, dict[str, int]]:
    """Each shard's number of indexed pages and records, per language."""
    counts = {}
    for entry_file in sorted(site.glob("pagefind/*/pagefind-entry.json")):
        entry = json.loads(entry_file.read_text("utf-8"))
        assert list(entry["languages"]) == sorted(entry["languages"])
        assert (entry_file.parent / "pagefind.js").is_file()
        counts[entry_file.parent.name] = {lang: data["page_count"] for lang, data in entry["languages"].items()}
    return counts


SHARDS = {"id": ["id-entries", "id-articles-k-m", "id-articles-n-r", "id-articles-s-z"],
          "en": ["en-entries", "en-articles-c-f", "en-articles-k-m", "en-articles-n-r", "en-articles-s-z"]}


def test_the_index_is_sharded_with_each_shard_of_one_language(built):
    _, site = built
    counts = page_counts(site)
    assert counts["id-entries"] == {"id": 5} and counts["en-entries"] == {"en": 6}  # 2 topics, 3 actors; en adds
    # the English-only actor. Articles and events by the first letter of their slug: talks-advance; english-only,
    # kirby-statement, letters, network-designated, shoigu-visit, year-only (5 events in all). The only c-f
    # entry is the English-only article, so Indonesian has no c-f shard.
    assert all(list(languages) == [name.split("-")[0]] for name, languages in counts.items())
    total = {lang: sum(c.get(lang, 0) for c in counts.values()) for lang in ("id", "en")}
    assert total == {"id": 11, "en": 13}
    assert sorted(counts) == sorted(SHARDS["id"] + SHARDS["en"])


def test_a_language_without_entries_of_a_shard_has_no_bundle_for_it(tmp_path):
    """Pagefind refuses to index nothing: a shard of a language none of its entries is written
    in is not made, nor loaded by that language's search page."""
    content = copy_fixture("basic", tmp_path / "content")
    for text in [*(content / "topics").glob("*.id.md"), *(content / "actors").glob("*.id.md")]:
        text.unlink()
    run_sitegen("build", "--content", str(content), "--out", str(tmp_path / "site"), cwd=tmp_path, check=True)
    counts = page_counts(tmp_path / "site")
    assert "id-entries" not in counts and counts["en-entries"] == {"en": 6}
    bundles = parse_html(tmp_path / "site/id/search/index.html").select_one("[data-search]")["data-bundles"].split()
    assert [resolve("id/search/", b) for b in bundles] == [f"pagefind/{name}/" for name in SHARDS["id"][1:]]


def test_only_entries_are_indexed_with_their_type_and_date(built):
    _, site = built
    indexed = {site_path(site, p) for p in html_pages(site) if parse_html(p).select("[data-pagefind-body]")}
    assert "en/articles/talks-advance/" in indexed and "id/topics/sanctions/" in indexed
    assert "en/actors/john-kirby/" in indexed
    assert not {"en/", "en/timeline/", "en/search/", "en/articles/", "404.html", ""} & indexed
    article = parse_html(site / "id/articles/talks-advance/index.html")
    assert article.select_one("[data-pagefind-body]")["data-pagefind-meta"] == "type:Artikel"
    assert article.select_one("[data-pagefind-meta=date]").get_text() == "31 Agustus 2023"
    actor = parse_html(site / "en/actors/john-kirby/index.html")
    assert actor.select_one("[data-pagefind-body]")["data-pagefind-meta"] == "type:Person"


@pytest.mark.parametrize("page", ["en/", "id/articles/talks-advance/", "en/timeline/2019/", "id/search/"])
def test_every_page_has_a_search_box_leading_to_the_search_page(built, page):
    _, site = built
    soup = parse_html(site / page / "index.html")
    form = soup.select_one("form[role=search]")
    lang = page.split("/")[0]
    assert resolve(page, form["action"]) == f"{lang}/search/"
    field = form.select_one("input[name=q]")
    assert soup.select_one(f"label[for={field['id']}]").get_text(strip=True)


def test_the_404_page_search_box_works_at_any_depth(built):
    _, site = built
    form = parse_html(site / "404.html").select_one("form[role=search]")
    assert form["action"] == "/briefing/id/search/"


@pytest.mark.parametrize("lang, words", [("id", "JavaScript"), ("en", "JavaScript")])
def test_the_search_page_explains_javascript_and_links_the_indexes(built, lang, words):
    _, site = built
    soup = parse_html(site / lang / "search/index.html")
    assert words in soup.select_one("[data-search-nojs]").get_text()
    targets = {resolve(f"{lang}/search/", a["href"]) for a in soup.select(".search-indexes a")}
    assert targets == {f"{lang}/articles/", f"{lang}/topics/", f"{lang}/actors/", f"{lang}/timeline/"}
    bundles = soup.select_one("[data-search]")["data-bundles"].split()  # its own language's shards only
    assert [resolve(f"{lang}/search/", b) for b in bundles] == [f"pagefind/{name}/" for name in SHARDS[lang]]


def test_two_builds_are_byte_identical_including_the_index(built, tmp_path):
    """The one test of deterministic output: every page, feed, data file and search shard."""
    root, site = built
    again = tmp_path / "again"
    run_sitegen("build", "--clean", "--content", str(root / "content"), "--out", str(again), cwd=root, check=True)
    first, second = snapshot(site), snapshot(again)
    assert first.keys() == second.keys() and "sitemap.xml" in first and "en/feed.xml" in first
    assert [rel for rel in first if first[rel] != second[rel]] == []


def test_no_search_skips_the_index_and_removes_an_old_one(built, tmp_path):
    root, site = built
    out = tmp_path / "site"
    run_sitegen("build", "--content", str(root / "content"), "--out", str(out), cwd=root, check=True)
    assert (out / "pagefind").is_dir()
    result = run_sitegen("build", "--no-search", "--content", str(root / "content"), "--out", str(out), cwd=root, check=True)
    assert not (out / "pagefind").exists()
    assert (out / "en/search/index.html").is_file()
    # the summary counts the site's files, not the index's (its removal shows in the folder above)
    assert result.stdout.rstrip().endswith(" 0 removed (the search index not counted).")


def test_a_failed_index_leaves_the_previous_site_alone(built, tmp_path, monkeypatch):
    from sitegen import build as build_module
    from sitegen.errors import ContentError
    from sitegen.search import SearchIndexError

    root, site = built
    out = tmp_path / "site"
    options = build_module.BuildOptions(content_dir=root / "content", out_dir=out, cache_dir=tmp_path / "cache",
                                        search=False)
    build_module.build(options)
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}

    def broken(*_):
        raise SearchIndexError("Pagefind failed: the index could not be written")

    monkeypatch.setattr("sitegen.search.write_index", broken)
    with pytest.raises(ContentError) as caught:
        build_module.build(build_module.BuildOptions(content_dir=root / "content", out_dir=out,
                                                     cache_dir=tmp_path / "cache", clean=True))
    assert "Pagefind failed" in caught.value.diagnostics[0].message
    assert "--no-search" in caught.value.diagnostics[0].hint
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site.")] == []


def test_an_edit_indexes_again_only_the_shard_that_holds_the_page(built, tmp_path):
    """The other shards' bundles, the other language's among them, are the previous build's
    files, linked, not written anew."""
    root, _ = built
    content = copy_fixture("basic", tmp_path / "content")
    out = tmp_path / "site"
    run_sitegen("build", "--content", str(content), "--out", str(out), cwd=tmp_path, check=True)

    def bundle_files() -> dict[str, int]:
        return {p.relative_to(out).as_posix(): p.stat().st_ino for p in out.glob("pagefind/**/*") if p.is_file()}

    before = bundle_files()
    article = content / "articles" / "talks-advance.en.md"
    article.write_text(article.read_text("utf-8") + "\nA new paragraph about zeppelins.\n", "utf-8")
    run_sitegen("build", "--content", str(content), "--out", str(out), cwd=tmp_path, check=True)
    after = bundle_files()
    assert all(path.startswith("pagefind/en-articles-s-z/") for path in before.keys() ^ after.keys())
    redone = {path.split("/")[1] for path in after if before.get(path) != after[path]}
    assert redone == {"en-articles-s-z"}
    fragments = [p for p in out.glob("pagefind/en-articles-s-z/fragment/*")]
    assert fragments, "the edited shard was written"
    # the record of the rebuild, which stamped only the shard it wrote again, names every file
    # of the site as it is: the next build with nothing changed has nothing to do
    (record,) = tmp_path.glob(f".sitegen-cache/manifest-*/{SITE_RECORD}")
    outputs = read_checked(record)["outputs"]
    files = {p.relative_to(out).as_posix(): p for p in out.rglob("*") if p.is_file()}
    assert sorted(outputs) == sorted(files)
    assert [rel for rel, p in files.items() if outputs[rel] != file_stamp(p)] == []


def test_the_event_pages_pagefind_read_are_not_published(built):
    """Events reach Pagefind as pages of their own, written only while it runs."""
    _, site = built
    from sitegen.search import RECORDS_DIR

    assert not (site / RECORDS_DIR).exists()
    assert [p for p in site.rglob("*.html") if p.stem.isdigit() and p.name != "404.html"] == []


def indexed_records(site: Path) -> list[dict]:
    """Every record of the index, as Pagefind's fragment files hold it (gzip'd JSON)."""
    import gzip

    records = []
    for fragment in sorted(site.glob("pagefind/*/fragment/*.pf_fragment")):
        data = gzip.decompress(fragment.read_bytes())
        records.append(json.loads(data.removeprefix(b"pagefind_dcd")))
    return records


def test_each_event_is_a_result_of_its_own_in_each_language_leading_to_its_anchor(built):
    root, site = built
    events = [r for r in indexed_records(site) if r["meta"].get("type") in ("Event", "Peristiwa")]
    urls = sorted(r["meta"]["url"] for r in events)
    on_timelines = sorted(f"{page.relative_to(site).parent.as_posix()}/#{item['id']}"
                          for page in site.glob("*/timeline/[0-9]*/index.html")
                          for item in parse_html(page).select("[id^=event-]"))
    assert urls == on_timelines and len(urls) == 10  # 5 events, each in both languages
    for record in events:
        lang, anchor = record["meta"]["url"].split("/")[0], record["meta"]["url"].split("#")[1]
        assert record["meta"]["url"] == f"{lang}/timeline/{record['meta']['url'].split('/')[2]}/#{anchor}"
        page = parse_html(site / record["meta"]["url"].split("#")[0] / "index.html")
        assert page.find(id=anchor) is not None, record["meta"]["url"]
        assert record["meta"]["title"] and record["meta"]["date"]
        assert record["meta"]["title"] in record["content"]


def rebuilt_as_clean(content: Path, out: Path, step: str) -> None:
    """Build `content` into `out` over the last build, and into a new folder: the same bytes."""
    root = out.parent
    run_sitegen("build", "--content", str(content), "--out", str(out), cwd=root, check=True)
    clean = root / f"clean-{step}"
    run_sitegen("build", "--clean", "--content", str(content), "--out", str(clean), cwd=root, check=True)
    rebuilt, expected = snapshot(out), snapshot(clean)
    assert sorted(rebuilt.keys() ^ expected.keys()) == [], step
    assert [rel for rel in expected if rebuilt[rel] != expected[rel]] == [], step
    assert [p.name for p in root.iterdir() if p.name.startswith(".site.")] == [], step


def test_rebuilds_that_stage_only_changes_match_a_clean_build_index_included(tmp_path):
    """A rebuild over the last site stages only the files that differ (write.Overlay) and
    indexes the changed shards from them and the unchanged pages in place; an article added
    and then deleted must appear in, then vanish from, pages and index alike."""
    content = copy_fixture("basic", tmp_path / "content")
    out = tmp_path / "site"
    rebuild_matches_clean = partial(rebuilt_as_clean, content, out)
    run_sitegen("build", "--content", str(content), "--out", str(out), cwd=tmp_path, check=True)
    for lang in ("id", "en"):
        source = (content / "articles" / f"talks-advance.{lang}.md").read_text("utf-8")
        (content / "articles" / f"zeppelin-report.{lang}.md").write_text(
            source.replace('title: "', 'title: "Zeppelin ', 1), "utf-8")
    rebuild_matches_clean("added")
    assert any("Zeppelin" in r["content"] for r in indexed_records(out))
    for lang in ("id", "en"):
        (content / "articles" / f"zeppelin-report.{lang}.md").unlink()
    rebuild_matches_clean("deleted")
    assert not any("Zeppelin" in r["content"] for r in indexed_records(out))
    assert not (out / "en" / "articles" / "zeppelin-report").exists()


def test_an_edited_and_a_deleted_event_are_found_as_they_now_are_after_a_rebuild(tmp_path):
    """A rebuild indexes an event's shard from the event pages it kept for Pagefind since the
    last build: the edited event's page is written again and the deleted event's removed, so the
    index equals a clean build's, and search finds the new title, not the old one or the event
    that is gone."""
    content = copy_fixture("basic", tmp_path / "content")
    out = tmp_path / "site"
    run_sitegen("build", "--content", str(content), "--out", str(out), cwd=tmp_path, check=True)
    events = content / "events" / "2023.yaml"
    text = events.read_text("utf-8")
    events.write_text(text.replace("Kirby's statement", "Kirby's zeppelin statement"), "utf-8")
    rebuilt_as_clean(content, out, "edited")
    titles = {record["meta"]["title"] for record in indexed_records(out)}
    assert "Kirby's zeppelin statement" in titles and "Kirby's statement" not in titles
    shoigu = text[text.index("- id: shoigu-visit"):text.index("- id: letters")]
    events.write_text(events.read_text("utf-8").replace(shoigu, ""), "utf-8")
    rebuilt_as_clean(content, out, "deleted")
    titles = {record["meta"]["title"] for record in indexed_records(out)}
    assert not titles & {"Shoigu's visit", "Kunjungan Shoigu"}
    assert "Kirby's zeppelin statement" in titles


def test_a_rebuild_drops_the_views_and_bundles_of_shards_the_site_no_longer_has(tmp_path):
    """A shard gone (its entries deleted, or one named by an older sitegen) leaves neither its
    bundle in the site nor its view in the cache."""
    content = copy_fixture("basic", tmp_path / "content")
    out = tmp_path / "site"
    run_sitegen("build", "--content", str(content), "--out", str(out), cwd=tmp_path, check=True)
    (views,) = tmp_path.glob(".sitegen-cache/manifest-*/search-views")
    assert (views / "en-articles-s-z").is_dir()
    (views / "articles-s-z" / "en").mkdir(parents=True)  # the view of a shard of both languages, as before
    for text in [*(content / "topics").glob("*.id.md"), *(content / "actors").glob("*.id.md")]:
        text.unlink()  # the id-entries shard's every page
    run_sitegen("build", "--content", str(content), "--out", str(out), cwd=tmp_path, check=True)
    assert not (views / "articles-s-z").exists() and (views / "en-articles-s-z").is_dir()
    assert sorted(p.name for p in (out / "pagefind").iterdir()) == sorted(SHARDS["id"][1:] + SHARDS["en"])
