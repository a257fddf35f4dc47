"""The shortcuts through Python-Markdown give exactly the HTML of Python-Markdown's own passes."""
from __future__ import annotations

import sys
from pathlib import Path

import markdown
import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import FIXTURES, copy_fixture
from sitegen import markdown_shortcuts as shortcuts
from sitegen.markdown_shortcuts import (CleanWhitespace, TriggeredBlockParser, TriggeredInlineProcessor,
                                        TriggeredPreprocessor, TriggeredTreeprocessor)
from sitegen.markup import EXTENSIONS, Converter
from test_fuzz import FAST

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))
import corpus_model  # noqa: E402  (the benchmark's corpus generator lives beside its runner)

# Every inline construct our patterns know, with the characters that trip them up.
INLINE_BITS = st.sampled_from([
    "`", "``", "\\", "\\\\", "[", "]", "(", ")", "![", "[^1]", "[^1]: note\n", "<", ">", "&", "&amp;",
    "&#38;", "*", "**", "_", "__", " ", "  \n", "\n", "\n\n", "http://x.y", "<http://x.y>", "<a@b.c>",
    "<b>", "</b>", "<!-- c -->", "[a](b)", "[a][b]", "[b]: /u\n", "![i](s.png)", "actor:kim-jong-un",
    "{: .c }", "{#anchor}", "{", "}", "## ", "#", "\n===\n", "\n---\n", "* * *\n", "___", "Term\n: defined\n",
    "a | b\n--|--\n", "|", "- ", "1. ", "> ", "# ", "| a | b |\n|---|---|\n", "word", "kata", "é", "\t",
    "&#38 ", "&T ", "```", "```\ncode\n```\n", "~~~\n", "<div>\n", "</div>", "\r\n", "\r", "\n  \n", "   ",
    "\x02", "\x03",
])
MARKDOWN_TEXT = st.lists(st.one_of(INLINE_BITS, st.text(max_size=6)), max_size=40).map("".join)


@pytest.fixture(scope="module", autouse=True)
def shortcuts_whatever_the_release():
    """These tests compare the shortcuts with stock Python-Markdown on the installed release, even
    one the shortcuts are not yet switched on for: that is how a new release gets checked."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(shortcuts, "CHECKED_RELEASES", (".".join(markdown.__version__.split(".")[:2]),))
        yield


def stock_markdown() -> markdown.Markdown:
    """Python-Markdown with our extensions and its own passes."""
    return markdown.Markdown(
        extensions=list(EXTENSIONS),
        extension_configs={"footnotes": {"BACKLINK_TITLE": "%d"}},
        output_format="html",
    )


def stock_html(text: str) -> str:
    return stock_markdown().convert(text)


def our_html(text: str) -> str:
    return Converter().markdown_html(text)


def corpus_bodies() -> list[str]:
    corpus = corpus_model.generate(12, seed=3)
    entries = [*corpus.articles, *corpus.topics, *corpus.actors[:20]]
    return [entry.body[lang] for entry in entries for lang in ("en", "id")]


def content_bodies() -> list[Path]:
    return sorted([*(REPO / "content").rglob("*.md"), *FIXTURES.rglob("*.md")])


def test_the_converter_uses_the_faster_passes_where_the_stock_ones_ran():
    md, stock = Converter().md, stock_markdown()
    assert isinstance(md.treeprocessors["inline"], TriggeredInlineProcessor)
    assert isinstance(md.parser, TriggeredBlockParser)
    for name in shortcuts.TREE_TRIGGERS:
        assert isinstance(md.treeprocessors[name], TriggeredTreeprocessor)
    assert [type(p.inner) if isinstance(p, TriggeredTreeprocessor) else type(p) for p in md.treeprocessors] == [
        TriggeredInlineProcessor if name == "inline" else type(p)
        for name, p in zip((item.name for item in stock.treeprocessors._priority), stock.treeprocessors)]
    for name in shortcuts.PRE_TRIGGERS:
        assert isinstance(md.preprocessors[name], TriggeredPreprocessor)
    assert isinstance(md.preprocessors["normalize_whitespace"], CleanWhitespace)
    assert isinstance(md.block_level_elements, set) and md.block_level_elements == set(stock.block_level_elements)
    assert [type(p.inner) if isinstance(p, (TriggeredPreprocessor, CleanWhitespace)) else type(p)
            for p in md.preprocessors] == [type(p) for p in stock.preprocessors]


def test_every_pattern_of_ours_has_a_trigger():
    """A pattern without one would be tried on every text, as slowly as before; a new
    Python-Markdown that rewrites a pattern shows up here."""
    converter = Converter()
    untriggered = [pattern for pattern, triggers, _ in converter.md.treeprocessors["inline"].triggered
                   if triggers is shortcuts.ALWAYS]
    assert untriggered == []
    block_classes = {type(processor) for processor, _ in converter.md.parser.triggered}
    assert set(shortcuts.BLOCK_TRIGGERS) <= block_classes


@pytest.mark.parametrize("path", content_bodies(), ids=lambda path: path.name)
def test_content_and_fixture_bodies_convert_as_stock(path: Path):
    text = path.read_text(encoding="utf-8")
    assert our_html(text) == stock_html(text)


def test_benchmark_corpus_bodies_convert_as_stock():
    converter = Converter()
    for text in corpus_bodies():
        assert converter.markdown_html(text) == stock_html(text)


@pytest.mark.parametrize("text", [
    "See [the talks][t], [t] and ![a map][m].\n\n[t]: article:talks\n[m]: map.png \"Map\"\n",
    "[Undefined][nowhere] and [nowhere] stay as they are.\n",
    "Text first.\n\n[t]: /later\n\nThen [a link][t] after its definition.\n",
    "A word, *stressed*, and a [link](actor:kim-jong-un)\n",
    "plain words with no mark-up at all",
    "A reference without its semicolon, &#38 and AT&T, is completed only by the raw-HTML pass.\n",
    "```\nfenced = True\n```\n\n~~~\nand tilde\n~~~\n",
    "Escaped \\*stars\\*, a \\[bracket\\] and `code \\` with {: braces }.\n\n{: .lead }\nA paragraph with a class.\n",
    "A claim[^1] and [a link][id].\n\n[^1]: The note,\n    and more of it.\n\n[id]:\n   /on-the-next-line \"Title\"\n",
    "Windows lines\r\nand old Mac ones\rend here.\r\n\r\nA second paragraph.\r\n",
    "A line of spaces\n   \nends this paragraph, and\ttabs\n\n\tare code.\n",
    "Ends with spaces after a newline\n   ",
    "Control characters \x02 and \x03 are dropped.\n",
])
def test_references_and_plain_text_convert_as_stock(text: str):
    """Reference links are skipped only while a body defines none; text with no trigger at all
    is returned at once."""
    assert our_html(text) == stock_html(text)


def test_skipping_references_where_a_body_defines_them_would_be_caught(monkeypatch):
    converter = Converter()
    inline = converter.md.treeprocessors["inline"]
    never_tried = tuple((p, ("§",) if is_reference else t, is_reference) for p, t, is_reference in inline.triggered)
    monkeypatch.setattr(inline, "triggered", never_tried)
    text = "See [the talks][t].\n\n[t]: article:talks\n"
    assert converter.markdown_html(text) != stock_html(text)


@FAST
@given(MARKDOWN_TEXT)
def test_any_text_converts_as_stock(text: str):
    assert our_html(text) == stock_html(text)


def test_a_wrong_trigger_would_be_caught(monkeypatch):
    """The comparison is sharp enough to see a trigger that skips a pattern it should not."""
    monkeypatch.setitem(shortcuts.TRIGGERS, markdown.inlinepatterns.LINK_RE, ("§",))
    text = "See [the talks](article:talks) and *more*."
    assert our_html(text) != stock_html(text)


def test_a_wrong_preprocessor_trigger_would_be_caught(monkeypatch):
    monkeypatch.setitem(shortcuts.PRE_TRIGGERS, "html_block", (markdown.preprocessors.HtmlBlockPreprocessor, 20, ("<",)))
    text = "Ampersand &#38 here.\n"
    assert our_html(text) != stock_html(text)


def test_a_wrong_block_trigger_would_be_caught(monkeypatch):
    monkeypatch.setitem(shortcuts.BLOCK_TRIGGERS, markdown.blockprocessors.BlockQuoteProcessor, ("§",))
    text = "Before.\n\n> A quoted line.\n"
    assert our_html(text) != stock_html(text)


def test_an_unchecked_release_converts_with_stock_python_markdown(monkeypatch):
    """A Python-Markdown release the shortcuts were not checked against gets none of them."""
    monkeypatch.setattr(markdown, "__version__", "3.99.0")
    md = Converter().md
    stock = stock_markdown()
    assert type(md.parser) is type(stock.parser) and type(md.treeprocessors["inline"]) is type(stock.treeprocessors["inline"])
    assert [type(p) for p in md.treeprocessors] == [type(p) for p in stock.treeprocessors]
    assert [type(p) for p in md.preprocessors] == [type(p) for p in stock.preprocessors]
    text = "See [the talks][t], *more* and `code`.\n\n[t]: article:talks\n\n> quoted\n"
    assert our_html(text) == stock_html(text)


def test_verbose_says_once_that_an_unchecked_release_is_used(monkeypatch, tmp_path, capsys):
    from sitegen import cli

    content = copy_fixture("basic", tmp_path / "content")
    args = ["build", "--jobs", "1", "--no-search", "--content", str(content), "--out", str(tmp_path / "site")]
    assert cli.main([*args, "--verbose"]) == 0
    assert "Python-Markdown" not in capsys.readouterr().out
    monkeypatch.setattr(markdown, "__version__", "3.99.0")
    assert cli.main([*args, "--verbose", "--clean"]) == 0
    lines = [line for line in capsys.readouterr().out.splitlines() if "Python-Markdown" in line]
    assert lines == [f"Python-Markdown 3.99.0 is not one sitegen's shortcuts were checked against "
                     f"({', '.join(shortcuts.CHECKED_RELEASES)}); converting with stock Python-Markdown "
                     "(slower, same HTML)."]
    assert cli.main([*args, "--clean"]) == 0
    assert "Python-Markdown" not in capsys.readouterr().out
