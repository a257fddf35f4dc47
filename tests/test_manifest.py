"""The manifest on disk as a base and a delta (sitegen/manifest.py): an edit writes only what
changed, and what the next build reads is what a build from scratch would have recorded; a
delta that is damaged, or a manifest forgotten by a build that stopped, is not trusted."""
from __future__ import annotations

from pathlib import Path

from conftest import copy_fixture, manifest_deps, snapshot
from sitegen.build import BuildOptions, build
from sitegen.manifest import DELTA, MANIFEST
from sitegen.record import forget_manifest


def options(content: Path, work: Path, name: str = "") -> BuildOptions:
    return BuildOptions(content_dir=content, out_dir=work / f"site{name}", cache_dir=work / f"cache{name}", search=False)


def manifest_folder(cache: Path) -> Path:
    (folder,) = cache.glob("manifest-*")
    return folder


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text("utf-8") + text, "utf-8")


def built_once(tmp_path: Path) -> tuple[Path, BuildOptions, Path, bytes]:
    """The basic fixture built: its content, the options, the manifest's folder and its base."""
    content = copy_fixture("basic", tmp_path / "content")
    opts = options(content, tmp_path)
    build(opts)
    folder = manifest_folder(opts.cache_dir)
    return content, opts, folder, (folder / MANIFEST).read_bytes()


def test_edits_write_a_delta_and_the_next_build_reads_what_a_clean_build_records(tmp_path: Path):
    content, opts, folder, base = built_once(tmp_path)
    append(content / "topics" / "sanctions.en.md", "\nMore background.\n")
    build(opts)
    append(content / "actors" / "john-kirby.en.md", "\nOne more line.\n")
    build(opts)
    assert (folder / MANIFEST).read_bytes() == base  # the base is as the first build wrote it
    assert (folder / DELTA).stat().st_size < len(base)
    clean = options(content, tmp_path, "-clean")
    build(clean)
    assert manifest_deps(opts.cache_dir) == manifest_deps(clean.cache_dir)
    # the delta is trusted: the next edit makes again what it makes after a build from scratch
    assert rendered_after_an_edit(content, opts, clean) == rendered_after_an_edit(content, clean, clean)


def rendered_after_an_edit(content: Path, opts: BuildOptions, twin: BuildOptions) -> list[str]:
    """The pages a build with `opts` makes again after an edit of one topic's text; `twin` builds
    the same content first when it is another build, so that both start from the same site."""
    topic = content / "topics" / "arms-talks.en.md"
    text = topic.read_text("utf-8")
    append(topic, "\nA line for this build.\n")
    try:
        return sorted(build(opts).rendered)
    finally:
        topic.write_text(text, "utf-8")
        if twin != opts:
            build(opts)
            build(twin)


def test_an_added_file_numbers_the_inputs_anew_and_writes_a_new_base(tmp_path: Path):
    content, opts, folder, base = built_once(tmp_path)
    topic = content / "topics" / "sanctions.en.md"
    (content / "topics" / "sanctions-two.en.md").write_text(topic.read_text("utf-8"), "utf-8")
    build(opts)
    assert (folder / MANIFEST).read_bytes() != base and not (folder / DELTA).exists()
    clean = options(content, tmp_path, "-clean")
    build(clean)
    assert manifest_deps(opts.cache_dir) == manifest_deps(clean.cache_dir)


def built_with_a_delta(tmp_path: Path) -> tuple[Path, BuildOptions, int]:
    """The basic fixture built, then built again after an edit: a base and a delta. Also the
    number of pages."""
    content = copy_fixture("basic", tmp_path / "content")
    opts = options(content, tmp_path)
    pages = build(opts).pages
    append(content / "topics" / "sanctions.en.md", "\nMore background.\n")
    build(opts)
    append(content / "actors" / "john-kirby.en.md", "\nOne more line.\n")  # for the next build
    return content, opts, pages


def test_a_damaged_delta_is_not_trusted(tmp_path: Path):
    content, opts, pages = built_with_a_delta(tmp_path)
    delta = manifest_folder(opts.cache_dir) / DELTA
    delta.write_bytes(delta.read_bytes()[:-7])
    assert len(build(opts).rendered) == pages  # every page made again
    clean = options(content, tmp_path, "-clean")
    build(clean)
    assert snapshot(opts.out_dir) == snapshot(clean.out_dir)


def test_a_manifest_forgotten_by_a_build_that_stopped_is_not_trusted(tmp_path: Path):
    content, opts, pages = built_with_a_delta(tmp_path)
    forget_manifest(manifest_folder(opts.cache_dir))  # what a build does before it changes the site
    assert len(build(opts).rendered) == pages
    clean = options(content, tmp_path, "-clean")
    build(clean)  # what it wrote then is trusted again:
    assert rendered_after_an_edit(content, opts, clean) == rendered_after_an_edit(content, clean, clean)
