"""Rendering with the theme: the quicker escape that templates call gives markupsafe's results."""
from __future__ import annotations

from pathlib import Path

import pytest
from markupsafe import Markup, escape

from sitegen.errors import Problems
from sitegen.render import Renderer, default_locale_dir, default_theme_dir, quick_escape


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
