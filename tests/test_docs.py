"""The editor's docs speak the editor's language: figures and steps, no tracker numbers or file formats."""
from __future__ import annotations

import re

import pytest

from conftest import ROOT

EDITOR_DOCS = ["README.md", "docs/cli.md", "docs/editing.md", "docs/content-format.md"]
INTERNALS = re.compile(r"\bissue\s*#?\d+|#\d{1,4}\b|\bmarshal\b|\bsitegen/\w+\.py\b", re.IGNORECASE)


@pytest.mark.parametrize("name", EDITOR_DOCS)
def test_editor_docs_name_no_issue_numbers_file_formats_or_modules(name: str):
    text = (ROOT / name).read_text("utf-8")
    found = [(text.count("\n", 0, m.start()) + 1, m.group()) for m in INTERNALS.finditer(text)]
    assert found == [], f"{name}: internals at (line, text) {found}"


def test_the_article_flow_checks_after_the_draft_line_is_gone():
    """`check` leaves drafts out: a flow that checks before the draft line goes checks nothing."""
    for name in ("README.md", "docs/editing.md"):
        text = (ROOT / name).read_text("utf-8")
        flow = text[text.index("sitegen new article"):]
        assert flow.index("draft: true") < flow.index("sitegen check") < flow.index("sitegen build"), name
        between = flow[flow.index("draft: true") - 80:flow.index("sitegen check")]
        assert re.search(r"delete", between, re.IGNORECASE), f"{name}: the draft line is not deleted before check"
