import pytest

from sitegen.load import split_front_matter
from sitegen.yamltext import YamlError, parse_yaml


def test_scalars_stay_text_and_keys_keep_their_lines():
    data = parse_yaml("title: x\ndate: 2023-07\ndraft: true\ncount: 3\n", first_line=1)
    assert data == {"title": "x", "date": "2023-07", "draft": True, "count": 3}
    assert data.line_of("date") == 3


@pytest.mark.parametrize("text, line, message", [
    ("a: &x [1, 2]\nb: *x\n", 1, "anchors and aliases are not allowed"),
    ("a: !!python/object/apply:os.system [ls]\n", 1, "tag"),
    ("a: 1\na: 2\n", 2, "appears twice (first on line 1)"),
    ("a:\n\t- b\n", 2, "tabs"),
    ("a: [1\n", 1, "a list '[' opens here and is never closed; add its ']'"),
    ("a: [1, 2\nb: 3\n", 2, "did not find expected ',' or ']', in the list '[' opened on line 1"),
    ("title: Kunjungan é é\nsummary: ok\ndescription: a\x00b\n", 3, "U+0000 is not allowed in YAML; delete it"),
    ("a: 1\n\x07\n", 2, "U+0007"),
])
def test_unsafe_or_broken_yaml_is_reported_at_its_line(text, line, message):
    with pytest.raises(YamlError) as caught:
        parse_yaml(text)
    assert caught.value.line == line
    assert message in caught.value.message


def test_front_matter_split_reports_where_the_body_starts():
    front, body, body_line = split_front_matter("---\ntitle: x\n---\nHello\n")
    assert front == "title: x" and body == "Hello\n" and body_line == 4


def test_unclosed_front_matter_is_an_error():
    with pytest.raises(YamlError, match="not closed"):
        split_front_matter("---\ntitle: x\nbody")


def test_an_unclosed_quote_is_reported_where_it_opens_not_past_the_last_line():
    """PyYAML notices the missing quote at the end of the text: line 83 of an 82-line file."""
    events = [f"- id: e{n}\n  date: 2023\n  title: {{id: a, en: b}}\n  sources: [x]\n" for n in range(20)]
    events[5] = events[5].replace("en: b", 'en: "b')  # line 23
    text = "".join(events) + "# end\n# of file\n"
    assert text.count("\n") == 82
    with pytest.raises(YamlError) as caught:
        parse_yaml(text)
    assert caught.value.line == 23
    assert caught.value.message == "invalid YAML: a quoted text starts here and is never closed; add its closing quote"
