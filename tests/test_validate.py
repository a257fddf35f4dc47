"""Bad content: every problem reported in one run, at its file and line, and site/ untouched."""
from pathlib import Path

import pytest

from conftest import run_sitegen, write_files


def build_errors(tmp_path: Path, content: Path) -> list[str]:
    result = run_sitegen("build", "--content", str(content), "--out", str(tmp_path / "site"), cwd=tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert lines[-1].startswith("Aborted: ")
    return lines[:-1]


def test_every_problem_is_reported_with_file_and_line(tmp_path, basic_content):
    write_files(basic_content, {
        "articles/broken.en.md": "---\ntitle: Broken\nsummary: s\ndate: 31/08/2023\n"
                                 "source:\n  outlet: X\n  published: 2023-08-31\n---\nBody\n",
        "articles/dangling.en.md": "---\ntitle: Dangling\nsummary: s\ndate: 2023-08-31\ntopics: [no-such-topic]\n"
                                   "source:\n  outlet: X\n  published: 2023-08-31\n---\nBody\n",
        "articles/broken.fr.md": "---\ntitle: x\n---\n",
        "topics/no-summary.en.md": "---\ntitle: Lonely\n---\nText\n",
        "events/bad.yaml": "- id: kirby-statement\n  date: 2023-02-30\n  title: {id: a, en: b}\n  sources: [talks-advance]\n"
                           "- id: Bad_Id\n  date: 2023\n  title: {id: a}\n  sources: []\n",
    })
    errors = build_errors(tmp_path, basic_content)
    assert any(e.startswith("content/articles/broken.en.md:4: date: expected an ISO 8601 date") for e in errors), errors
    assert any(e.startswith("content/articles/dangling.en.md:5: unknown topic 'no-such-topic'") for e in errors), errors
    assert any(e.startswith("content/articles/broken.fr.md: unknown language suffix 'fr'") for e in errors), errors
    assert any(e.startswith("content/topics/no-summary.en.md:1: missing required key 'summary'") for e in errors), errors
    assert any(e.startswith("content/events/bad.yaml:1: duplicate event id 'kirby-statement'") for e in errors), errors
    assert any(e.startswith("content/events/bad.yaml:2: date: '2023-02-30' is not a real date") for e in errors), errors
    assert any(e.startswith("content/events/bad.yaml:5: id: bad slug 'Bad_Id'") for e in errors), errors
    assert any(e.startswith("content/events/bad.yaml:7: title: missing the 'en' text") for e in errors), errors
    assert any(e.startswith("content/events/bad.yaml:8: sources: expected a list") for e in errors), errors
    assert not (tmp_path / "site").exists()


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new), "utf-8")


@pytest.mark.parametrize("rel, old, new, expected", [
    pytest.param("articles/talks-advance.en.md", "date: 2023-08-31T13:16:00+07:00", "date: 2023-08-30",
                 "content/articles/talks-advance.en.md:4: date differs from content/articles/talks-advance.id.md:4 "
                 "(language-independent keys must be equal in every translation, or written in one only)",
                 id="conflicting translations name both files"),
    pytest.param("events/2023.yaml", "actors: [john-kirby, us-nsc]", "actors: [john-kirb, us-nsc]",
                 "content/events/2023.yaml:1: unknown actor 'john-kirb' (did you mean 'john-kirby'?)",
                 id="an unknown reference suggests the near slug"),
    pytest.param("events/older.yaml", 'sources: ["https://example.com/2019"]', "sources: [unfinished]",
                 "content/events/older.yaml:1: refers to the draft article 'unfinished' "
                 "(publish it (draft: false) or remove the reference)",
                 id="a published entry may not cite a draft"),
])
def test_one_edit_gives_exactly_one_error(tmp_path, basic_content, rel, old, new, expected):
    replace_in(basic_content / rel, old, new)
    assert build_errors(tmp_path, basic_content) == [expected]


def test_same_moment_in_another_offset_is_not_a_conflict(tmp_path, basic_content):
    replace_in(basic_content / "articles/talks-advance.en.md", "date: 2023-08-31T13:16:00+07:00",
               "date: 2023-08-31T06:16:00Z")
    result = run_sitegen("build", "--content", str(basic_content), "--out", str(tmp_path / "site"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("files, expected", [
    ({"actors/x.en.md": "---\nname: X\nrole: r\nkind: robot\n---\n"}, "content/actors/x.en.md:4: kind: expected one of person, state, organisation, got 'robot'"),
    ({"actors/x.en.md": "---\nname: X\nrole: r\n---\n"}, "content/actors/x.en.md:1: missing required key 'kind'"),
    ({"actors/x.en.md": "---\nname: X\nrole: r\nkind: person\ncountry: john-kirby\n---\n"}, "content/actors/x.en.md:5: country: 'john-kirby' is not a state"),
    ({"topics/Bad Slug.en.md": "---\ntitle: t\nsummary: s\n---\n"}, "content/topics/Bad Slug.en.md: bad slug 'Bad Slug'"),
    ({"topics/t.en.md": "---\ntitle: [a, b]\nsummary: s\n---\n"}, "content/topics/t.en.md:2: title: expected text, got a list"),
    ({"topics/t.en.md": "---\ntitle: t\nsummary: s\nsumary: typo\n---\n"}, "content/topics/t.en.md:4: unknown key 'sumary'"),
    ({"topics/t.en.md": ""}, "content/topics/t.en.md:1: the file is empty"),
    ({"topics/t.en.md": "title: t\n"}, "content/topics/t.en.md:1: the file must start with front matter"),
    ({"articles/x.en.md": "---\ntitle: t\nsummary: s\ndate: 2023-08-31\nsource:\n  outlet: X\n  published: 2023-08-31\n"
                          "  language: Indonesian\n---\n"},
     "content/articles/x.en.md:8: language: 'Indonesian' is not a language code (e.g. id, en or ru)"),
])
def test_single_mistakes_get_one_clear_message(tmp_path, basic_content, files, expected):
    write_files(basic_content, files)
    errors = build_errors(tmp_path, basic_content)
    assert len(errors) == 1 and errors[0].startswith(expected), errors


def test_a_failed_build_leaves_the_previous_site_untouched(tmp_path, basic_content):
    site = tmp_path / "site"
    run_sitegen("build", "--content", str(basic_content), "--out", str(site), cwd=tmp_path, check=True)
    before = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    write_files(basic_content, {"topics/t.en.md": "---\ntitle: t\n---\n"})
    build_errors(tmp_path, basic_content)
    after = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert after == before


def test_site_yaml_and_events_check_their_per_language_texts_alike(tmp_path, basic_content):
    """One validator for per-language maps: site.yaml's title says what an event's title says."""
    replace_in(basic_content / "site.yaml", 'title: {id: "Uji Ringkasan", en: "Test Briefing"}',
               'title: {id: "Uji Ringkasan", fr: "Essai"}')
    errors = build_errors(tmp_path, basic_content)
    site_messages = {e.partition(": ")[2] for e in errors if e.startswith("content/site.yaml:1: ")}
    assert site_messages == {"title: missing the 'en' text (every site language needs one)",
                             "title: 'fr' is not one of the site's languages (id, en)"}, errors


ARTICLE = ("---\ntitle: T\nsummary: S\ndate: {date}\nactors: [{actor}]\n"
           "source:\n  outlet: X\n  published: 2023-08-31\n---\nBody\n")


def test_a_bad_date_does_not_hide_an_unknown_actor_in_the_same_front_matter(tmp_path, basic_content):
    write_files(basic_content, {"articles/two-faults.en.md": ARTICLE.format(date="31/08/2023", actor="sergei-shoygu")})
    errors = build_errors(tmp_path, basic_content)
    assert [e.split(": ")[0:2] for e in errors] == [["content/articles/two-faults.en.md:4", "date"],
                                                    ["content/articles/two-faults.en.md:5", "unknown actor 'sergei-shoygu'"]]


def test_a_missing_title_does_not_hide_an_unknown_topic(tmp_path, basic_content):
    text = ARTICLE.format(date="2023-08-31", actor="john-kirby").replace("title: T\n", "topics: [arms-talk]\n")
    write_files(basic_content, {"articles/two-faults.en.md": text})
    assert build_errors(tmp_path, basic_content) == [
        "content/articles/two-faults.en.md:1: missing required key 'title'",
        "content/articles/two-faults.en.md:2: unknown topic 'arms-talk' (did you mean 'arms-talks'?)"]


def test_a_bad_date_in_an_event_hides_neither_its_unknown_actor_nor_its_unknown_topic(tmp_path, basic_content):
    write_files(basic_content, {"events/faults.yaml": "- id: three-faults\n  date: 2023-13\n  title: {id: a, en: b}\n"
                                                      "  actors: [john-kirb]\n  topics: [no-such-topic]\n"
                                                      "  sources: [talks-advance]\n"})
    errors = build_errors(tmp_path, basic_content)
    assert len(errors) == 3, errors
    assert any(e.startswith("content/events/faults.yaml:2: date: ") for e in errors), errors
    assert [e for e in errors if "unknown" in e] == [
        "content/events/faults.yaml:1: unknown actor 'john-kirb' (did you mean 'john-kirby'?)",
        "content/events/faults.yaml:1: unknown topic 'no-such-topic'"]
