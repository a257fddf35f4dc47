"""The build's record: what `sitegen serve` works out from what changed since its last build,
rather than from every file of the site."""
from __future__ import annotations

from array import array
from pathlib import Path

from sitegen.depends import Inputs
from sitegen.manifest import Manifest
from sitegen.record import Changes, ManifestDeps, PageOutcome, Previous, changed_names, extras_digest
from sitegen.stamps import file_stamp

LAST = {"site.yaml": "s1", "articles/a.en.md": "a1", "articles/a.en.md#front": "af1", "events/2023.yaml": "e1"}


def test_changed_names_are_the_changed_added_and_removed_files_only():
    now = dict(LAST, **{"articles/a.en.md": "a2", "articles/b.en.md": "b1"})
    del now["events/2023.yaml"]
    assert changed_names(now, LAST) == {"articles/a.en.md", "articles/b.en.md", "events/2023.yaml"}
    assert changed_names(dict(LAST), LAST) == set()


def previous_built_from(files: dict[str, str], theme: str = "theme") -> Previous:
    return Previous(extras={"digest": extras_digest(theme, files)}, theme=theme)


def test_an_edited_text_keeps_the_last_digest_of_feeds_and_data_files():
    now = dict(LAST, **{"articles/a.en.md": "a2"})
    previous = previous_built_from(LAST)
    assert extras_digest("theme", now, previous, changed_names(now, LAST)) == previous.extras["digest"]
    assert extras_digest("theme", now) == previous.extras["digest"]  # as a whole new digest would be


def test_front_matter_events_a_new_file_or_a_new_theme_give_a_new_digest():
    previous = previous_built_from(LAST)
    for now in (dict(LAST, **{"articles/a.en.md#front": "af2"}), dict(LAST, **{"events/2023.yaml": "e2"}),
                dict(LAST, **{"articles/b.en.md": "b1", "articles/b.en.md#front": "bf1"})):
        digest = extras_digest("theme", now, previous, changed_names(now, LAST))
        assert digest == extras_digest("theme", now) != previous.extras["digest"]
    assert extras_digest("other", LAST, previous, set()) == extras_digest("other", LAST) != previous.extras["digest"]


def manifest_page(rel: str, numbers: list[int], names: list[str]) -> PageOutcome:
    return PageOutcome(rel, ManifestDeps(array("i", numbers).tobytes(), names), False, False, ())


def test_a_one_off_rebuild_keeps_exactly_the_pages_that_do_not_depend_on_the_changed_file(tmp_path: Path):
    """The pages are looked for by the bytes of the changed file's number: a page whose numbers
    hold those bytes only across two numbers (1280 and 1792 hold those of 5) is still kept."""
    names = [f"articles/a{i}.en.md" for i in range(8)]
    numbers = {"shows-a5.html": [1, 5], "stray-match.html": [1280, 1792], "others.html": [6, 7],
               "others-rewritten.html": [6], "new.html": None}
    assert array("i", [5]).tobytes() in array("i", numbers["stray-match.html"]).tobytes()
    pages, stamps = {}, {}
    for rel, deps in numbers.items():
        (tmp_path / rel).write_text(rel)
        stamps[rel] = file_stamp(tmp_path / rel)
        if deps is not None:
            pages[rel] = manifest_page(rel, deps, names)
    (tmp_path / "others-rewritten.html").write_text("changed by hand, longer than before")
    previous = Previous(pages, {}, stamps, {}, {"digest": "d"}, "theme", True, Manifest(names=names))
    changes = Changes(previous, Inputs(None, {}), "d", False, {names[5]}, {names[5]})
    rels = list(numbers)
    kept = [rels[i] for i in changes.kept(list(range(len(rels))), rels, tmp_path)]
    assert kept == ["stray-match.html", "others.html"]
    assert kept == [rel for rel in rels if changes.keeps(rel, tmp_path)]  # as page by page
