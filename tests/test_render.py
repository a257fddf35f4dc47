"""Rendering with the theme: the quicker escape that templates call gives markupsafe's results."""
from __future__ import annotations

from pathlib import Path

import pytest
from markupsafe import Markup, escape

from sitegen.errors import Problems
from sitegen.render import (REUSED_FRAGMENTS, Renderer, cached_renderer, default_locale_dir, default_theme_dir,
                            fragments_to_keep, quick_escape)


class Html:
    def __html__(self) -> str:
        return "<b>safe</b>"


class Word(str):
    pass


class Fragment(Markup):
    pass


@pytest.mark.parametrize("value", [
    "plain", "", "<script>alert('x')</script>", 'a "quoted" & <tagged> value', "é ü 東京",
    Markup("<em>kept</em>"), Fragment("<i>sub</i>"), Word("<word>"), Html(), 42, None, 3.5,
])
def test_quick_escape_gives_what_markupsafe_gives(value):
    quick = quick_escape(value)
    assert type(quick) is Markup
    assert quick == escape(value)


def test_every_template_escapes_with_it(tmp_path: Path):
    renderer = Renderer(default_theme_dir(), default_locale_dir(), ("id", "en"), Problems(tmp_path))
    for env in renderer.envs.values():
        for name in env.list_templates(filter_func=lambda n: n.endswith(".html")):
            assert env.get_template(name).root_render_func.__globals__["escape"] is quick_escape, name


def test_reuse_each_joins_what_reuse_gives_for_each_item(tmp_path: Path):
    renderer = Renderer(default_theme_dir(), default_locale_dir(), ("en",), Problems(tmp_path))
    template = renderer.envs["en"].from_string(
        "{% macro item(x, mark) %}<li>{{ x }}{{ mark }}</li>{% endmacro %}"
        "{{ reuse_each(item, items, '!') }}|{% for x in items %}{{ reuse(item, x, '!') }}{% endfor %}|"
        "{{ reuse_each(item, [], '!') }}")
    each, one_by_one, empty = template.render(items=["a", "<b>", "a"]).split("|")
    assert each == one_by_one == "<li>a!</li><li>&lt;b&gt;!</li><li>a!</li>"
    assert empty == ""


def times_made(renderer: Renderer, items: list[int]) -> int:
    """How many times a reused macro was made while a page showed `items`, then another page
    showed them in the opposite order (as a year's view and an actor's view show their events)."""
    made = []
    env = renderer.envs["en"]
    # one macro for both pages, as a theme's imported macros are
    item = env.from_string("{% macro item(x) %}{{ made(x) }}{% endmacro %}").make_module(
        {"made": lambda x: made.append(x) or x}).item
    page = env.from_string("{{ reuse_each(item, items)|length }}")
    for order in (items, items[::-1]):
        page.render(item=item, items=order)
    return len(made)


def test_a_large_site_makes_each_reused_fragment_once(tmp_path: Path):
    """With a fixed number of fragments kept, the views of 20,000 articles pushed each event's
    item out before showing it again, and the build grew faster than the site."""
    events = 3 * REUSED_FRAGMENTS
    renderer = Renderer(default_theme_dir(), default_locale_dir(), ("en",), Problems(tmp_path),
                        fragments=fragments_to_keep(events, events // 2))
    assert times_made(renderer, list(range(events))) == events


def test_a_site_grown_by_a_few_entries_keeps_its_renderer_and_fragments(tmp_path: Path):
    """`sitegen serve` keeps its renderer, with the fragments it made, while an editor adds entries."""
    def renderer(events: int) -> Renderer:
        return cached_renderer(default_theme_dir(), default_locale_dir(), ("en",), Problems(tmp_path), "digest",
                               fragments=fragments_to_keep(events, 5000))

    first = renderer(9963)
    assert renderer(9964) is first and renderer(100) is first
    assert renderer(40000) is not first


def test_a_template_edit_shows_on_the_next_rebuild_though_templates_are_kept_compiled(tmp_path: Path):
    """Compiled templates are kept between builds (render.compiled_folder); an edit of the theme
    must show at once, in each language, and undoing it must undo it."""
    import shutil

    from conftest import copy_fixture, parse_html, run_sitegen

    content = copy_fixture("basic", tmp_path / "content")
    theme = tmp_path / "theme"
    shutil.copytree(default_theme_dir(), theme)
    build = ["build", "--no-search", "--content", str(content), "--templates", str(theme)]
    run_sitegen(*build, cwd=tmp_path, check=True)
    base = theme / "base.html"
    original = base.read_text("utf-8")
    base.write_text(original.replace("</footer>", '<p class="theme-edit">edited</p></footer>', 1), "utf-8")
    run_sitegen(*build, cwd=tmp_path, check=True)
    for lang in ("id", "en"):
        page = parse_html(tmp_path / "site" / lang / "index.html")
        assert page.select_one("p.theme-edit").get_text() == "edited"
        assert page.html["lang"] == lang
    base.write_text(original, "utf-8")
    run_sitegen(*build, cwd=tmp_path, check=True)
    assert parse_html(tmp_path / "site" / "en" / "index.html").select_one("p.theme-edit") is None


def test_compiled_templates_of_other_themes_are_removed_only_once_unused_for_a_day(tmp_path: Path):
    import os
    import time

    from sitegen.render import COMPILED_KEPT_SECONDS, compiled_folder

    top = tmp_path / "templates"
    old, recent = top / "old-theme", top / "other-theme"
    for folder in (old, recent):
        (folder / "en").mkdir(parents=True)
    day_ago = time.time() - COMPILED_KEPT_SECONDS - 60
    for path in (old / "en", old):
        os.utime(path, (day_ago, day_ago))
    mine = compiled_folder(tmp_path, "a" * 40)
    assert not old.exists() and recent.is_dir() and mine.parent == top


def test_a_clean_build_compiles_every_template_again_and_keeps_them_for_the_next(tmp_path: Path, monkeypatch):
    """--clean trusts no compiled template it finds, but leaves its own: the first rebuild after
    it, in a new process, compiles none (it used to compile all of them, a fifth of a one-article
    rebuild at 5,000 articles)."""
    import jinja2

    from conftest import copy_fixture, counted_calls
    from sitegen import render
    from sitegen.build import BuildOptions, build

    content = copy_fixture("basic", tmp_path / "content")
    options = BuildOptions(content_dir=content, out_dir=tmp_path / "site", cache_dir=tmp_path / "cache", search=False,
                           jobs=1)
    compiles = counted_calls(monkeypatch, jinja2.Environment, "compile")
    templates = len(list(default_theme_dir().glob("*.html")))
    counts = []
    for clean in (True, False, True, False):  # the first clean build finds no compiled template, the second finds them all
        render._RENDERERS.clear()  # each build as the command runs it, in a process of its own
        (content / "articles" / "talks-advance.en.md").open("a", encoding="utf-8").write(f"\nEdited {clean}.\n")
        before = len(compiles)
        build(BuildOptions(**{**vars(options), "clean": clean}))
        counts.append(len(compiles) - before)
    assert counts[0] == counts[2] >= 2 * templates  # every page template, in each language
    assert counts[1] == counts[3] == 0
