"""Inputs that used to end in a traceback: each gives one `path: message` line saying what to do,
exit 1, and leaves the previous site as it was (issue 19, "clear errors" and "smaller holes")."""
from __future__ import annotations

import os
import shutil
import sys
import unicodedata
from pathlib import Path

import pytest

from conftest import parse_html, run_sitegen, snapshot
from sitegen import cli
from sitegen.content_walk import MAX_FOLDER_DEPTH
from sitegen.yamltext import MAX_DEPTH
from test_hostile_content import EVENTS, TOPIC, assert_rejected, event, project_with

NESTED_YAML = b"- id: deep\n  date: 2023\n  x: " + b"[" * 600 + b"]" * 600 + b"\n"
CASES = {
    "yaml-nested-600": ({EVENTS: NESTED_YAML},
                        [f"{EVENTS}:3: the YAML is nested more than {MAX_DEPTH} levels deep here; flatten it "
                         "(content files need three levels at most)"]),
    "noncharacter-in-title": ({TOPIC: b'---\ntitle: "Sanctions \\uFFFE"\nsummary: S\n---\n'},
                              [f"{TOPIC}:2: the text has U+FFFE, which is not a character a web page or feed can hold; "
                               "remove it"]),
    "bidi-override-in-name": ({"content/actors/john-kirby.en.md": b'---\nname: "John \\u202eybriK"\nrole: R\n---\n'},
                              ["content/actors/john-kirby.en.md:2: the text has the bidirectional control U+202E, which "
                               "can make it read otherwise than it is written; remove it"]),
    "c1-control-in-title": ({EVENTS: event(b"2023").replace(b'en: "A"', b'en: "A\\x9b"')},
                            [f"{EVENTS}:3: the text has the control character U+009B, which a web page cannot show; "
                             "remove it (a YAML escape such as \\0 writes one)"]),
}


@pytest.mark.parametrize("name", list(CASES))
def test_broken_input_gives_one_clear_line(tmp_path: Path, good_site: Path, name: str):
    files, expected = CASES[name]
    lines = assert_rejected(project_with(tmp_path, good_site, files), good_site, expected)
    assert len(lines) == len(expected) + 1, "\n".join(lines)


def test_a_link_loop_is_reported(tmp_path: Path, good_site: Path):
    project = project_with(tmp_path, good_site, {})
    os.symlink("loop-b.en.md", project / "content/topics/loop-a.en.md")
    os.symlink("loop-a.en.md", project / "content/topics/loop-b.en.md")
    message = "this link leads round in a loop, back to itself (delete it, or point it at a file)"
    lines = assert_rejected(project, good_site, [f"content/topics/loop-a.en.md: {message}",
                                                 f"content/topics/loop-b.en.md: {message}"])
    assert len(lines) == 3


def test_folders_nested_1200_deep_are_reported(tmp_path: Path, good_site: Path):
    project = project_with(tmp_path, good_site, {})
    deep = project / "content/articles"
    os.chdir(project / "content/articles")  # paths stay short however deep the folders go
    try:
        for _ in range(1200):
            os.mkdir("d")
            os.chdir("d")
    finally:
        os.chdir(tmp_path)
    try:
        lines = assert_rejected(project, good_site, [])
    finally:
        remove_nested(deep, 1200)
    too_deep = "content/articles" + "/d" * MAX_FOLDER_DEPTH
    assert lines[:-1] == [f"{too_deep}: folders are nested more than {MAX_FOLDER_DEPTH} deep here (content/ holds "
                          "site.yaml and one level of folders: move the files up, or this folder out)"], deep


def remove_nested(top: Path, depth: int) -> None:
    """Remove `top`/d/d/…/d, `depth` deep (shutil.rmtree recurses once a folder)."""
    here = os.getcwd()
    os.chdir(top)
    try:
        for _ in range(depth):
            os.chdir("d")
        for _ in range(depth):
            os.chdir("..")
            os.rmdir("d")
    finally:
        os.chdir(here)


def test_an_unreadable_folder_is_reported(tmp_path: Path, good_site: Path, monkeypatch, capfd):
    """Run in this process with os.scandir refusing one folder, as a chmod would (root reads anything)."""
    project = project_with(tmp_path, good_site, {})
    before = snapshot(project / "site")
    real_scandir, unreadable = os.scandir, (project / "content/actors").resolve()

    def scandir(path):
        if Path(path).resolve() == unreadable:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.chdir(project)
    monkeypatch.setattr(cli.print_diagnostics, "__defaults__", (sys.stderr,))  # its default is the stderr of import time
    code = cli.main(["build", "--jobs", "1", "--no-search"])
    lines = capfd.readouterr().err.splitlines()
    monkeypatch.undo()
    assert code == 1
    assert "content/actors: cannot read this folder: Permission denied (allow yourself to read it (e.g. chmod u+rx), " \
           "or move it out of the content folder)" in lines
    assert snapshot(project / "site") == before


def test_event_files_named_alike_in_nfc_and_nfd_are_one_name(tmp_path: Path, good_site: Path):
    nfc = unicodedata.normalize("NFC", "content/events/café.yaml")
    nfd = unicodedata.normalize("NFD", "content/events/café.yaml")
    files = {nfc: event(b"2023"), nfd: event(b"2023").replace(b"extra-event", b"other-event")}
    project = project_with(tmp_path, good_site, files)
    if len(list((project / "content/events").glob("caf*"))) < 2:
        pytest.skip("this file system stores one name for both forms (as macOS does)")
    lines = assert_rejected(project, good_site, [])
    assert any(unicodedata.normalize("NFC", line).endswith("café.yaml written with other Unicode code points (NFC and NFD forms), which macOS "
                             "takes for one file; rename one") for line in lines[:-1]), lines
    assert len(lines) == 2, lines


def test_bidi_controls_and_c1_are_dropped_from_bodies(tmp_path: Path, good_site: Path):
    project = project_with(tmp_path, good_site, {TOPIC: '---\ntitle: "T"\nsummary: "S"\n---\nAb\u202ecd\u0085ef\ufffe.\n'
                                                 .encode()})
    result = run_sitegen("build", "--no-search", cwd=project)
    assert result.returncode == 0, result.stderr
    page = parse_html(project / "site/en/topics/sanctions/index.html")
    assert "Abcdef." in page.get_text()
    assert not any(ch in page.get_text() for ch in "\u202e\u0085\ufffe")
    shutil.rmtree(project / "site")


@pytest.mark.parametrize("escaped", ["\\n", "\\r", "\\t", " ", "\\\\"])
def test_a_base_url_with_breaks_or_spaces_is_refused(tmp_path: Path, good_site: Path, escaped: str):
    """Checked with the breaks stripped, it was written raw into robots.txt, canonical links and the sitemap."""
    site_yaml = (Path(__file__).parent / "fixtures/basic/site.yaml").read_text("utf-8")
    hostile = site_yaml.replace('base_url: "https://example.github.io/briefing/"',
                                f'base_url: "https://example.github.io/{escaped}Disallow: /briefing/"')
    assert hostile != site_yaml
    lines = assert_rejected(project_with(tmp_path, good_site, {"content/site.yaml": hostile.encode()}), good_site, [])
    assert len(lines) == 2 and lines[0].startswith("content/site.yaml:3: base_url: holds "), lines
    assert lines[0].endswith("which an address cannot hold (write the address alone, with no spaces, line breaks or "
                             "backslashes)")


EXTERNAL_SPELLINGS = [" https://evil.example/", "https:\\\\evil.example/", "https:/evil.example/", "http:evil.example/",
                      "ht&#9;tps://evil.example/", "\\\\evil.example/", "/\\evil.example/", "HTTPS://evil.example/"]


def test_links_off_the_site_get_noopener_however_spelt(tmp_path: Path, good_site: Path):
    body = "".join(f'<a href="{href}">link {n}</a>\n\n' for n, href in enumerate(EXTERNAL_SPELLINGS))
    body += '<a href="/briefing/en/">home</a>\n\n[kirby](actor:john-kirby)\n'
    project = project_with(tmp_path, good_site, {TOPIC: f'---\ntitle: "T"\nsummary: "S"\n---\n{body}'.encode()})
    run_sitegen("build", "--no-search", cwd=project, check=True)
    links = {a.get_text(): a for a in parse_html(project / "site/en/topics/sanctions/index.html").select(".prose a")}
    for n in range(len(EXTERNAL_SPELLINGS)):
        assert set(links[f"link {n}"].get("rel", [])) == {"noopener", "noreferrer"}, (EXTERNAL_SPELLINGS[n], links[f"link {n}"])
    assert "rel" not in links["home"].attrs and "rel" not in links["kirby"].attrs
