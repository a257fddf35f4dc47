"""The build's record: what `sitegen serve` works out from what changed since its last build,
rather than from every file of the site."""
from __future__ import annotations

from sitegen.record import Previous, changed_names, extras_digest

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
