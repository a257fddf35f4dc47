"""Page dependencies sent from build workers as numbers: the same names arrive, and the site and its
manifest do not depend on whether pages were made by workers."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sitegen.build import BuildOptions, build
from sitegen.record import check_unique_paths, dep_names
from sitegen.depends import DepTable
from sitegen.errors import ContentError
from sitegen.parallel import MIN_PARALLEL

from conftest import snapshot, ROOT, manifest_deps


def test_packed_dependencies_unpack_to_the_same_names():
    table = DepTable(["articles/a.en.md", "articles/a.en.md#front", "?event:talks", "site.yaml"])
    deps = {"site.yaml", "?feeds:en:", "articles/a.en.md#front", "?view:actor:kim", "?event:talks"}
    unpacked = table.unpack(table.pack(deps))
    assert sorted(unpacked) == sorted(deps)
    assert table.unpack(table.pack(set())) == ()
    other_page = {"?feeds:id:", "site.yaml", "?position:a"}
    assert sorted(table.unpack(table.pack(other_page))) == sorted(other_page)
    assert table.names == ["?event:talks", "articles/a.en.md", "articles/a.en.md#front", "site.yaml"]


def test_two_pages_for_one_file_are_reported_alike_whether_their_dependencies_are_packed_or_not():
    table = DepTable(["articles/a.en.md", "site.yaml", "topics/t.en.md"])
    pages = [("en/x/index.html", {"topics/t.en.md", "site.yaml"}), ("en/x/index.html", {"articles/a.en.md", "site.yaml"})]
    reported = []
    for outputs in (pages, [(rel, table.pack(deps)) for rel, deps in pages]):
        with pytest.raises(ContentError) as error:
            check_unique_paths(outputs, lambda deps: dep_names(deps, lambda: table))
        reported.append(error.value.diagnostics)
    (diagnostic,) = reported[0]
    assert diagnostic.path == "articles/a.en.md" and "topics/t.en.md" in diagnostic.hint
    assert "two pages would be written to 'en/x/index.html'" in diagnostic.message
    assert reported[1] == reported[0]


def test_a_build_with_workers_writes_the_same_site_and_dependencies_as_one_without(tmp_path: Path):
    built = {}
    for jobs in (1, 2):
        out, cache = tmp_path / f"site-{jobs}", tmp_path / f"cache-{jobs}"
        report = build(BuildOptions(content_dir=ROOT / "content", out_dir=out, cache_dir=cache, jobs=jobs,
                                    search=False))
        built[jobs] = (snapshot(out), manifest_deps(cache))
    assert report.pages >= MIN_PARALLEL  # enough pages for the workers to start
    assert built[1][0] == built[2][0]
    assert built[1][1] == built[2][1]
    deps = built[2][1]["en/timeline/index.html"]
    assert "site.yaml" in deps and "?timeline:" in deps and any(d.startswith("?event:") for d in deps)


def test_a_rebuild_with_workers_after_an_edit_equals_a_clean_build(tmp_path: Path):
    """Workers send nothing back for a page they keep; the main process has its record already."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    options = BuildOptions(content_dir=content, out_dir=tmp_path / "site", cache_dir=tmp_path / "cache", jobs=2,
                           search=False)
    build(options)
    article = sorted((content / "articles").glob("*.en.md"))[0]
    article.write_text(article.read_text("utf-8") + "\nOne more paragraph.\n", "utf-8")
    rebuilt = build(options)
    assert 0 < len(rebuilt.rendered) < rebuilt.pages
    clean = BuildOptions(content_dir=content, out_dir=tmp_path / "clean", cache_dir=tmp_path / "clean-cache", jobs=1,
                         search=False)
    build(clean)
    assert snapshot(options.out_dir) == snapshot(clean.out_dir)
    assert manifest_deps(options.cache_dir) == manifest_deps(clean.cache_dir)
