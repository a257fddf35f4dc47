"""Shortcuts through Python-Markdown that skip only work which cannot change the result.

Python-Markdown tries every inline pattern on every piece of text and every block processor's
test on every block; most of those regular expressions search the whole text and find nothing.
Each shortcut here skips a try when the text lacks a string that every match contains (a link
needs `[`, a table `|`), which is exactly when the try would have failed. The HTML is therefore
Python-Markdown's own; tests/test_markdown_shortcuts.py compares the two on the content, the
fixtures, the benchmark corpus and generated text. Two preprocessors and two passes over the
tree are skipped the same way, and the whitespace pass when the text has no whitespace to mend;
block-level tag names are looked up in a set. Together they take a typical body's conversion
from 1.55 ms to 0.53 ms.

The shortcuts stand in for Python-Markdown's internals (a name-mangled method, the parser's
class), which any release may change. So they switch on only for the releases in
CHECKED_RELEASES; any other gets stock Python-Markdown, and `--verbose` says so
(docs/dependencies.md).
"""
from __future__ import annotations

import re

import markdown
from markdown import blockparser, blockprocessors, inlinepatterns, preprocessors, treeprocessors, util
from markdown.extensions.attr_list import AttrListTreeprocessor
from markdown.extensions.def_list import DefListProcessor
from markdown.extensions.fenced_code import FencedBlockPreprocessor
from markdown.extensions.footnotes import FootnoteBlockProcessor
from markdown.extensions.tables import TableProcessor

# Python-Markdown releases (major.minor) the equivalence tests passed on. To add one, run
# tests/test_markdown_shortcuts.py with it installed: those tests use the shortcuts whatever the
# release.
CHECKED_RELEASES = ("3.11",)
INLINE_PRIORITY = 20  # where Python-Markdown registers its own inline pass
WHITESPACE_PRIORITY = 30  # and its whitespace pass
# For each inline pattern (by the source of its regular expression), strings one of which every
# match contains. A pattern not listed here is always tried.
TRIGGERS = {
    inlinepatterns.BACKTICK_RE: ("`",),
    inlinepatterns.ESCAPE_RE: ("\\",),
    inlinepatterns.LINK_RE: ("[",),  # also references and short references
    inlinepatterns.IMAGE_LINK_RE: ("![",),  # also image references
    inlinepatterns.AUTOLINK_RE: ("<",),
    inlinepatterns.AUTOMAIL_RE: ("<",),
    inlinepatterns.HTML_RE: ("<",),
    inlinepatterns.ENTITY_RE: ("&",),
    inlinepatterns.LINE_BREAK_RE: ("  \n",),
    r"\[\^([^\]]*)\]": ("[^",),  # footnote references
    r"\*|_": ("*", "_"),  # emphasis and strong emphasis
}
ALWAYS = ("",)  # the empty string is in every text
# The same for the block processors whose test looks through the whole block, or that take
# every block and put it back when their expression finds nothing in it, by class.
BLOCK_TRIGGERS = {
    blockprocessors.HashHeaderProcessor: ("#",),
    blockprocessors.SetextHeaderProcessor: ("\n=", "\n-"),
    blockprocessors.HRProcessor: ("-", "_", "*"),
    blockprocessors.BlockQuoteProcessor: (">",),
    TableProcessor: ("|",),
    DefListProcessor: (":",),
    FootnoteBlockProcessor: ("[^",),  # a footnote's definition, `[^1]: text`
    blockprocessors.ReferenceProcessor: ("]:",),  # a link reference's definition, `[id]: url`
}

# The preprocessors that give back a text without their trigger as it was, by name: the class
# they must be, their priority in the registry, and the triggers. The raw-HTML pass also
# completes a character reference that lacks its semicolon (`&#38 ` becomes `&#38; `).
PRE_TRIGGERS = {
    "html_block": (preprocessors.HtmlBlockPreprocessor, 20, ("<", "&")),
    "fenced_code_block": (FencedBlockPreprocessor, 25, ("```", "~~~")),
}

# The passes over the whole tree that change nothing in a body without their trigger, by name:
# the class they must be, their priority, the trigger. Only a backslash escape (`\*`) leaves
# the placeholders the unescape pass looks for.
TREE_TRIGGERS = {
    "attr_list": (AttrListTreeprocessor, 8, "{"),
    "unescape": (treeprocessors.UnescapeTreeprocessor, 0, "\\"),
}


class TriggeredPreprocessor(preprocessors.Preprocessor):
    """A preprocessor run only on a text that holds one of its triggers (see PRE_TRIGGERS); the
    raw-HTML pass feeds the whole text through an HTML parser, the fence pass a regular
    expression, and few bodies have HTML or fences."""

    def __init__(self, inner: preprocessors.Preprocessor, triggers: tuple[str, ...]) -> None:
        super().__init__(inner.md)
        self.inner, self.triggers = inner, triggers

    def run(self, lines: list[str]) -> list[str]:
        text = "\n".join(lines)
        for trigger in self.triggers:
            if trigger in text:
                return self.inner.run(lines)
        return lines

    def __getattr__(self, name: str):
        return getattr(self.inner, name)  # what other parts read of the pass it stands for


class CleanWhitespace(TriggeredPreprocessor):
    """Python-Markdown's first pass, taken only by a text it changes beyond its last line.

    The stock pass adds two newlines, then removes the STX and ETX characters, turns `\r\n` and
    `\r` into `\n`, expands tabs and empties lines of spaces. A text with none of those (its
    triggers) and no line of spaces comes back with the two newlines only; for it the stock
    pass's look-behind expression, tried at every character, was a sixteenth of a body's
    conversion.
    """

    UNCLEAN = ("\r", "\t", util.STX, util.ETX)
    SPACE_LINE = re.compile(r"\n +\n")

    def __init__(self, inner: preprocessors.Preprocessor) -> None:
        super().__init__(inner, self.UNCLEAN)

    def run(self, lines: list[str]) -> list[str]:
        source = "\n".join(lines) + "\n\n"
        if any(trigger in source for trigger in self.triggers) or self.SPACE_LINE.search(source):
            return self.inner.run(lines)
        return source.split("\n")


class TriggeredInlineProcessor(treeprocessors.InlineProcessor):
    """Python-Markdown's inline pass, trying a pattern only on text that holds its trigger.

    The stock pass runs all fifteen patterns' regular expressions over every piece of text, and
    most find nothing: that was a third of a body's conversion. Here a pattern listed in TRIGGERS
    is skipped when the text has none of its trigger strings; text that has one takes the stock
    path unchanged. The reference patterns (`[text][id]`, `[id]`, and their images) are skipped
    while the body defines no references: they then only ever step over what they find.
    """

    def __init__(self, md: markdown.Markdown) -> None:
        super().__init__(md)
        self.triggered = tuple(
            (pattern, TRIGGERS.get(pattern.compiled_re.pattern, ALWAYS),
             isinstance(pattern, inlinepatterns.ReferenceInlineProcessor))
            for pattern in md.inlinePatterns
        )
        triggers = {trigger for _, pattern_triggers, _ in self.triggered for trigger in pattern_triggers}
        # Half the texts are short (a link's words, an emphasis) and hold no trigger at all.
        self.any_trigger = None if "" in triggers else re.compile("|".join(map(re.escape, sorted(triggers))))

    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:
        """The stock method (name-mangled there), with each pattern's search behind its trigger test."""
        if isinstance(data, util.AtomicString) or (self.any_trigger and not self.any_trigger.search(data)):
            return data
        apply_pattern = self._InlineProcessor__applyPattern
        no_references = not self.md.references
        start, tested = 0, -1
        while patternIndex < len(self.triggered):
            pattern, triggers, is_reference = self.triggered[patternIndex]
            if is_reference and no_references:
                patternIndex, start = patternIndex + 1, 0
                continue
            if tested != patternIndex:  # a pattern that has just matched is tried again untested:
                tested = patternIndex  # searching the whole text after each match was quadratic
                for trigger in triggers:
                    if trigger in data:
                        break
                else:
                    patternIndex, start = patternIndex + 1, 0
                    continue
            data, matched, start = apply_pattern(pattern, data, patternIndex, start)
            if not matched:
                patternIndex += 1
        return data


class TriggeredBlockParser(blockparser.BlockParser):
    """Python-Markdown's block parser, testing a block processor only on blocks that hold its
    trigger (see BLOCK_TRIGGERS); every block went through every test, a fifth of a conversion."""

    triggered: tuple = ()  # (processor, triggers) in the registry's order; see `take_over`

    @classmethod
    def take_over(cls, md: markdown.Markdown) -> None:
        """Make `md`'s parser one of these. Its processors (an extension's too) hold the parser
        itself, so it is given this class rather than replaced."""
        md.parser.__class__ = cls
        md.parser.triggered = tuple((processor, BLOCK_TRIGGERS.get(type(processor), ALWAYS))
                                    for processor in md.parser.blockprocessors)

    def parseBlocks(self, parent, blocks: list[str]) -> None:
        """The stock method, each processor's test behind its trigger test."""
        while blocks:
            for processor, triggers in self.triggered:
                block = blocks[0]
                for trigger in triggers:
                    if trigger in block:
                        break
                else:
                    continue
                if processor.test(parent, block) and processor.run(parent, blocks) is not False:
                    break


class TriggeredTreeprocessor(treeprocessors.Treeprocessor):
    """A pass over the whole tree, run only on a body holding its trigger (see TREE_TRIGGERS):
    each visits every element of the body, and few bodies have attribute lists or escapes."""

    def __init__(self, inner: treeprocessors.Treeprocessor, trigger: str) -> None:
        super().__init__(inner.md)
        self.inner, self.trigger = inner, trigger
        self.present = True  # set for each body by Shortcuts.prepare

    def run(self, root):
        if self.present:
            return self.inner.run(root)
        return None

    def __getattr__(self, name: str):
        return getattr(self.inner, name)  # the raw-HTML pattern reads the unescape pass's `RE`


class BlockLevelNames(set):
    """Python-Markdown's list of block-level tag names, as a set. It asks whether a tag is one of
    them for every element it serializes and prettifies, which searched the fifty names one by
    one: 7% of a body's conversion. `append` is kept for extensions that add a name."""

    append = set.add


class Shortcuts:
    """The passes of one Markdown instance that are told, before each body, whether it holds their trigger."""

    def __init__(self, passes: list[TriggeredTreeprocessor]) -> None:
        self.passes = passes

    def prepare(self, text: str) -> None:
        for tree_pass in self.passes:
            tree_pass.present = tree_pass.trigger in text


def release_checked() -> bool:
    """True when the installed Python-Markdown is one the shortcuts were checked against."""
    return ".".join(markdown.__version__.split(".")[:2]) in CHECKED_RELEASES


def shortcuts_note() -> str:
    """The line `--verbose` prints when bodies convert with stock Python-Markdown; else ""."""
    if release_checked():
        return ""
    return (f"Python-Markdown {markdown.__version__} is not one sitegen's shortcuts were checked against "
            f"({', '.join(CHECKED_RELEASES)}); converting with stock Python-Markdown (slower, same HTML).")


def take_shortcuts(md: markdown.Markdown, force: bool = False) -> Shortcuts:
    """Give `md` (made with its extensions) the faster passes, if the installed release was
    checked (`force`: whatever the release, for the tests that compare them with stock). The
    caller hands each body to the returned Shortcuts' `prepare` before converting it."""
    if not (force or release_checked()):
        return Shortcuts([])
    TriggeredBlockParser.take_over(md)
    md.block_level_elements = BlockLevelNames(md.block_level_elements)
    if isinstance(md.preprocessors["normalize_whitespace"], preprocessors.NormalizeWhitespace):
        md.preprocessors.register(CleanWhitespace(md.preprocessors["normalize_whitespace"]), "normalize_whitespace",
                                  WHITESPACE_PRIORITY)
    for name, (kind, priority, triggers) in PRE_TRIGGERS.items():
        if name in md.preprocessors and isinstance(md.preprocessors[name], kind):
            md.preprocessors.register(TriggeredPreprocessor(md.preprocessors[name], triggers), name, priority)
    md.treeprocessors.register(TriggeredInlineProcessor(md), "inline", INLINE_PRIORITY)
    passes = []
    for name, (kind, priority, trigger) in TREE_TRIGGERS.items():
        if name in md.treeprocessors and isinstance(md.treeprocessors[name], kind):
            passes.append(TriggeredTreeprocessor(md.treeprocessors[name], trigger))
            md.treeprocessors.register(passes[-1], name, priority)
    return Shortcuts(passes)
