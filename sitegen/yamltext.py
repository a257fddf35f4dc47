"""YAML read as the editor wrote it: every scalar keeps its text, every key keeps its line.

PyYAML's composer (C-accelerated where libyaml is present) gives a node tree with positions;
we turn it into plain values ourselves so that dates stay text, duplicate keys are caught,
aliases cannot blow up ("billion laughs") and no tag can construct a Python object.
"""
from __future__ import annotations

import re
import sys

import yaml
from yaml.constructor import SafeConstructor

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_scalars = SafeConstructor()

_TAG = "tag:yaml.org,2002:"
_PLAIN_TAGS = {_TAG + name for name in ("str", "timestamp", "binary", "merge", "value")}
_TYPED_TAGS = {
    _TAG + "bool": _scalars.construct_yaml_bool,
    _TAG + "int": _scalars.construct_yaml_int,
    _TAG + "float": _scalars.construct_yaml_float,
    _TAG + "null": _scalars.construct_yaml_null,
}


class YamlError(ValueError):
    """A YAML problem at a line of the file (1-based)."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


class LinedDict(dict):
    """A mapping that remembers the line of its first key and of each key."""

    __slots__ = ("line", "lines")  # no attribute dict beside each of the site's ~50,000 mappings
    line: int
    lines: dict

    def line_of(self, key: str) -> int:
        return self.lines.get(key, self.line)


CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # never valid in HTML
# What no text of the site may hold (docs/security.md): the control characters above and the C1
# ones (U+0080–U+009F); the bidirectional overrides and isolates, which can make a name or a
# title read otherwise than it is stored; noncharacters such as U+FFFE and lone surrogates,
# which XML (the feeds) and UTF-8 refuse. YAML text holding one is an error, a body drops them.
_NONCHARACTERS = "".join(f"{chr(plane + 0xFFFE)}{chr(plane + 0xFFFF)}" for plane in range(0, 0x110000, 0x10000))
UNSAFE_CHARACTERS = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069"
                               f"\ufdd0-\ufdef\ud800-\udfff{_NONCHARACTERS}]")
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
# The same with every character beyond the first plane: as fast as the control characters
# alone, where the exact class (with its thirty-two single noncharacters) took eighteen times as long.
_SUSPECT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufdd0-\ufdef"
                      "\ud800-\udfff\ufffe\uffff\U00010000-\U0010ffff]")


def without_unsafe(text: str) -> str:
    """`text` without the characters of UNSAFE_CHARACTERS."""
    return UNSAFE_CHARACTERS.sub("", text) if _SUSPECT.search(text) else text


def unsafe_character(text: str) -> str | None:
    """Why `text` cannot be shown as it is (see UNSAFE_CHARACTERS), or None when it can."""
    found = _SUSPECT.search(text) and UNSAFE_CHARACTERS.search(text)
    if not found:
        return None
    code = ord(found.group())
    if code <= 0x9F:
        return (f"the text has the control character U+{code:04X}, which a web page cannot show; "
                "remove it (a YAML escape such as \\0 writes one)")
    if _BIDI.match(found.group()):
        return (f"the text has the bidirectional control U+{code:04X}, which can make it read otherwise than it "
                "is written; remove it")
    return f"the text has U+{code:04X}, which is not a character a web page or feed can hold; remove it"


# Plain values up to this long are interned: slugs, language codes and keys recur thousands of
# times across a site, and one string object each keeps the parsed cache smaller and faster to load.
INTERN_UP_TO = 64
MAX_DEPTH = 32  # lists and mappings inside each other; content needs three, Python's recursion fails near 500


class _Converter:
    def __init__(self, first_line: int):
        self.first_line = first_line
        self.seen: set[int] = set()
        self.depth = 0

    def line(self, node: yaml.Node) -> int:
        return node.start_mark.line + 1 + self.first_line

    def value(self, node: yaml.Node):
        """The node as plain data."""
        if id(node) in self.seen:
            raise YamlError(self.line(node), "YAML anchors and aliases are not allowed: the value anchored "
                            "here is used again; write the value out each time")
        self.seen.add(id(node))
        if node.tag.startswith("!") or node.tag.startswith(_TAG + "python"):
            raise YamlError(self.line(node), f"YAML tag {node.tag!r} is not allowed; remove it")
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node)
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise YamlError(self.line(node), f"the YAML is nested more than {MAX_DEPTH} levels deep here; "
                            "flatten it (content files need three levels at most)")
        try:
            if isinstance(node, yaml.MappingNode):
                return self.mapping(node)
            return [self.value(item) for item in node.value]
        finally:
            self.depth -= 1

    def scalar(self, node: yaml.ScalarNode):
        if node.tag in _TYPED_TAGS:
            try:
                return _TYPED_TAGS[node.tag](node)
            except (ValueError, TypeError):
                raise YamlError(self.line(node), f"cannot read {node.value!r}") from None
        if node.tag in _PLAIN_TAGS:
            problem = unsafe_character(node.value)
            if problem:
                raise YamlError(self.line(node), problem)
            return sys.intern(node.value) if len(node.value) <= INTERN_UP_TO else node.value
        raise YamlError(self.line(node), f"YAML tag {node.tag!r} is not allowed; remove it")

    def mapping(self, node: yaml.MappingNode) -> LinedDict:
        result = LinedDict()
        result.line = self.line(node)
        result.lines = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlError(self.line(key_node), "a key must be plain text")
            if key_node.tag not in _PLAIN_TAGS and key_node.tag not in _TYPED_TAGS:
                raise YamlError(self.line(key_node), f"YAML tag {key_node.tag!r} is not allowed; remove it")
            key = sys.intern(str(key_node.value))
            if key == "<<":
                raise YamlError(self.line(key_node), "YAML merge keys ('<<') are not allowed; write the keys out")
            if key in result:
                raise YamlError(
                    self.line(key_node),
                    f"key {key!r} appears twice (first on line {result.lines[key]}); keep one",
                )
            result.lines[key] = self.line(key_node)
            result[key] = self.value(value_node)
        return result


def _line_at(text: str, index: int) -> str:
    lines = text.splitlines()
    return lines[index] if 0 <= index < len(lines) else ""


_UNCLOSED = {"while scanning a quoted scalar": "a quoted text starts here and is never closed; add its closing quote",
             "while parsing a flow sequence": "a list '[' opens here and is never closed; add its ']'",
             "while parsing a flow mapping": "a mapping '{' opens here and is never closed; add its '}'"}
_OPENED = {"while parsing a flow sequence": "the list '[' opened on line %d",
           "while parsing a flow mapping": "the mapping '{' opened on line %d"}


def _where_and_what(text: str, exc: yaml.MarkedYAMLError) -> tuple:
    """The mark to report and the problem in words. PyYAML notices an unclosed quote or bracket
    only at the end of the text, one line past the last; the mark of what was left open (the
    context) is where the editor has to look then."""
    mark, problem = exc.problem_mark or exc.context_mark, exc.problem or exc.context or "cannot be read"
    context = exc.context_mark
    if context is None or mark is None:
        return mark, problem
    if mark.line >= len(text.splitlines()) or problem == "found unexpected end of stream":
        return context, _UNCLOSED.get(exc.context or "", f"{exc.context} that starts here: {problem}")
    if exc.context in _OPENED and context.line != mark.line:
        return mark, f"{problem}, in {_OPENED[exc.context] % (context.line + 1)}"
    return mark, problem


def parse_yaml(text: str, first_line: int = 0):
    """Parse one YAML document; `first_line` is how many file lines come before `text`."""
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark, problem = _where_and_what(text, exc)
        line = mark.line + 1 + first_line if mark else first_line + 1
        if mark and "\t" in _line_at(text, mark.line):
            problem += "; YAML does not allow tabs for indentation, use spaces"
        raise YamlError(line, f"invalid YAML: {problem}") from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow, such as U+0000
        code = exc.character if isinstance(exc.character, int) else ord(exc.character or "\0")
        # Its first occurrence is where reading stopped (the C reader counts bytes, not characters).
        index = max(text.find(chr(code)), 0)
        raise YamlError(first_line + 1 + text.count("\n", 0, index),
                        f"invalid YAML: the character U+{code:04X} is not allowed in YAML; delete it") from None
    except yaml.YAMLError as exc:
        raise YamlError(first_line + 1, f"invalid YAML: {exc}") from None
    except RecursionError:  # PyYAML's own composer, where libyaml is missing, recurses too
        raise YamlError(first_line + 1, f"the YAML is nested more than {MAX_DEPTH} levels deep; flatten it "
                        "(content files need three levels at most)") from None
    if node is None:
        return None
    return _Converter(first_line).value(node)
