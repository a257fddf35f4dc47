"""Incremental builds: the same bytes as a clean build, after any sequence of edits.

The randomized test applies seeded random edits, additions, renames and deletions to a copy of
the basic fixture and, after every step, compares the incremental build's output byte for byte
with a clean build (`clean=True`, its own output and cache folders).
"""
from __future__ import annotations

import random
import re
from dataclasses import replace
from pathlib import Path

import pytest

from sitegen.build import BuildOptions, LiveState, build
from sitegen.content_walk import WatchedFolder
from sitegen.errors import ContentError
from sitegen.model import text_in
from sitegen.pages import Planner
from sitegen.views import ArticleItem, Viewer
from sitegen.write import InPlace

from conftest import copy_fixture, manifest_deps, parse_html, run_sitegen, snapshot

SEEDS = tuple(range(1, 13))
STEPS = 18


def assert_same_site(incremental: Path, clean: Path, step: str) -> None:
    got, want = snapshot(incremental), snapshot(clean)
    assert sorted(got) == sorted(want), f"after {step}: different files"
    different = [rel for rel in want if got[rel] != want[rel]]
    assert not different, f"after {step}: different bytes in {different[:5]}"


def add_list_item(path: Path, key: str, item: str) -> None:
    """Add `item` (its lines, indented) first to the front matter's list `key`, starting the list if need be."""
    text = path.read_text("utf-8")
    if f"\n{key}:\n" in text:
        text = text.replace(f"\n{key}:\n", f"\n{key}:\n" + item, 1)
    else:
        end = text.index("\n---\n", 3)
        text = text[:end] + f"\n{key}:\n" + item.rstrip("\n") + text[end:]
    path.write_text(text, "utf-8")


class Editor:
    """Random but valid changes to a content folder, the way an editor makes them."""

    def __init__(self, content: Path, rng: random.Random):
        self.content = content
        self.rng = rng
        self.counter = 0

    def slugs(self, kind: str) -> list[str]:
        return sorted({p.name.split(".")[0] for p in (self.content / kind).glob("*.md")})

    def files(self, kind: str) -> list[Path]:
        return sorted((self.content / kind).glob("*.md"))

    def fresh_slug(self, prefix: str) -> str:
        self.counter += 1
        return f"{prefix}-{self.counter}-{self.rng.randrange(1000)}"

    def events_text(self) -> list[Path]:
        return sorted((self.content / "events").glob("*.yaml"))

    def source_lines(self) -> list[Path]:
        """The topics and actors, whose `sources:` may cite articles as events do."""
        return self.files("topics") + self.files("actors")

    def cited_articles(self) -> set[str]:
        text = "\n".join(p.read_text("utf-8") for p in self.events_text())
        text += "\n".join(line for p in self.source_lines() for line in p.read_text("utf-8").splitlines()
                          if line.startswith("sources:"))
        return {slug for slug in self.slugs("articles") if re.search(rf"(?<![\w-]){slug}(?![\w-])", text)}

    # -- operations ------------------------------------------------------------------------------

    def edit_body(self) -> str:
        path = self.rng.choice(self.files("articles") + self.files("topics") + self.files("actors"))
        kind = self.rng.choice(["actor", "topic", "article", "event", "actor"])
        targets = {"actor": self.slugs("actors"), "topic": self.slugs("topics"),
                   "article": self.slugs("articles"), "event": ["kirby-statement", "no-such-event"]}[kind]
        slug = self.rng.choice(targets + ["missing-entry"])
        extra = self.rng.choice([
            f"\n\nSee [this]({kind}:{slug}).\n",
            "\n\nThe NK talks[^n].\n\n[^n]: A footnote.\n\n*[NK]: North Korea\n",
            "\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
            f"\n\nParagraph {self.rng.randrange(10**6)} with *emphasis* and \"quotes\".\n",
        ])
        path.write_text(path.read_text("utf-8") + extra, "utf-8")
        return f"edit body of {path.name}"

    def edit_title(self) -> str:
        path = self.rng.choice(self.files("articles") + self.files("topics"))
        text = re.sub(r'^title: .*$', f'title: "Retitled {self.rng.randrange(10**6)}"',
                      path.read_text("utf-8"), count=1, flags=re.M)
        path.write_text(text, "utf-8")
        return f"retitle {path.name}"

    def add_article(self, langs: list[str] | None = None) -> str:
        slug = self.fresh_slug("art")
        langs = langs or self.rng.choice([["id", "en"], ["en"], ["id"]])
        day = f"2023-{self.rng.randint(1, 12):02d}-{self.rng.randint(1, 28):02d}"
        topics = self.rng.sample(self.slugs("topics"), self.rng.randint(0, 2))
        actors = self.rng.sample(self.slugs("actors"), self.rng.randint(0, 2))
        for lang in langs:
            (self.content / "articles" / f"{slug}.{lang}.md").write_text(
                f'---\ntitle: "Article {slug} {lang}"\nsummary: "Summary {lang}."\ndate: {day}\n'
                f"topics: [{', '.join(topics)}]\nactors: [{', '.join(actors)}]\n"
                f"source:\n  outlet: Wire\n  published: {day}\n---\nBody of {slug} in {lang}.\n", "utf-8")
        return f"add article {slug} ({'+'.join(langs)})"

    def add_many_articles(self) -> str:
        for _ in range(self.rng.randint(6, 12)):
            self.add_article(["id", "en"])
        return "add many articles (pagination)"

    def rename_article(self) -> str:
        old = self.rng.choice(self.slugs("articles"))
        new = self.fresh_slug("renamed")
        for path in (self.content / "articles").glob(f"{old}.*.md"):
            path.rename(path.with_name(path.name.replace(old, new, 1)))
        pattern = re.compile(rf"(?<![\w-]){re.escape(old)}(?![\w-])")
        for path in self.events_text():
            path.write_text(pattern.sub(new, path.read_text("utf-8")), "utf-8")
        self.resource(pattern, new)
        for path in self.files("articles") + self.files("topics") + self.files("actors"):
            path.write_text(path.read_text("utf-8").replace(f"article:{old})", f"article:{new})"), "utf-8")
        return f"rename article {old} → {new}"

    def delete_article(self) -> str:
        slug = self.rng.choice(self.slugs("articles"))
        for path in (self.content / "articles").glob(f"{slug}.*.md"):
            path.unlink()
        pattern = re.compile(rf"(?<![\w-]){re.escape(slug)}(?![\w-])")
        for path in self.events_text():
            path.write_text(pattern.sub('"https://example.com/gone"', path.read_text("utf-8")), "utf-8")
        self.resource(pattern, '"https://example.com/gone"')
        return f"delete article {slug}"

    def resource(self, article: re.Pattern, new: str) -> None:
        """Point the `sources:` of topics and actors that cite an article at `new` instead."""
        for path in self.source_lines():
            text = path.read_text("utf-8")
            path.write_text(re.sub(r"^sources: .*$", lambda m: article.sub(new, m.group(0)), text, flags=re.M), "utf-8")

    def delete_translation(self) -> str:
        pairs = [p for p in self.files("topics") + self.files("articles")
                 if p.name.endswith(".id.md") and p.with_name(p.name.replace(".id.md", ".en.md")).exists()]
        if not pairs:
            return self.add_article()
        path = self.rng.choice(pairs)
        path.unlink()
        return f"delete translation {path.name}"

    def add_event(self) -> str:
        event_id = self.fresh_slug("ev")
        date = self.rng.choice(["2021", "2022-03", "2023-08-30", "2023-07", "{not_before: 2023-06, not_after: 2023-09}"])
        sources = self.rng.choice(self.slugs("articles") + ["https://example.com/x"])
        actors = self.rng.sample(self.slugs("actors"), self.rng.randint(0, 2))
        path = self.content / "events" / self.rng.choice(["2023.yaml", "more.yaml"])
        text = path.read_text("utf-8") if path.exists() else ""
        draft = self._drafts()
        if sources in draft:
            sources = "https://example.com/x"
        date = date if date.startswith("{") else f'"{date}"'
        claimed = self.rng.sample(self.slugs("actors"), self.rng.randint(0, 1))
        text += (f"- id: {event_id}\n  date: {date}\n  title: {{id: \"Peristiwa {event_id}\", en: \"Event {event_id}\"}}\n"
                 f"  actors: [{', '.join(actors)}]\n  claimed_by: [{', '.join(claimed)}]\n  sources: [{sources}]\n")
        if self.rng.random() < 0.3:
            text += (f"  corrections:\n    - {{date: 2024-0{self.rng.randint(1, 9)}-11, kind: update, "
                     f"note: {{id: \"Catatan {event_id}\", en: \"Note {event_id}\"}}}}\n")
        path.write_text(text, "utf-8")
        return f"add event {event_id} to {path.name}"

    def delete_events_file(self) -> str:
        files = self.events_text()
        if len(files) < 2:
            return self.add_event()
        path = self.rng.choice(files)
        path.unlink()
        return f"delete {path.name}"

    def toggle_draft(self) -> str:
        candidates = [s for s in self.slugs("articles") if s not in self.cited_articles()]
        if not candidates:
            return self.add_article()
        slug = self.rng.choice(candidates)
        for path in (self.content / "articles").glob(f"{slug}.*.md"):
            text = path.read_text("utf-8")
            if "\ndraft: true\n" in text:
                text = text.replace("\ndraft: true\n", "\n")
            else:
                text = text.replace("\n---\n", "\ndraft: true\n---\n", 1) if text.startswith("---\n") else text
            path.write_text(text, "utf-8")
        return f"toggle draft of {slug}"

    def _drafts(self) -> set[str]:
        return {p.name.split(".")[0] for p in self.files("articles") if "\ndraft: true\n" in p.read_text("utf-8")}

    def retitle_site(self) -> str:
        path = self.content / "site.yaml"
        text = re.sub(r'en: "[^"]*"\}', f'en: "Briefing {self.rng.randrange(1000)}"}}', path.read_text("utf-8"), count=1)
        path.write_text(text, "utf-8")
        return "retitle the site"

    def retag_article(self) -> str:
        """Move an article to other topics and actors: lists it was not on must now show it."""
        path = self.rng.choice(self.files("articles"))
        topics = self.rng.sample(self.slugs("topics"), self.rng.randint(0, 2))
        actors = self.rng.sample(self.slugs("actors"), self.rng.randint(0, 3))
        text = re.sub(r"^topics: .*$", f"topics: [{', '.join(topics)}]", path.read_text("utf-8"), count=1, flags=re.M)
        text = re.sub(r"^actors: .*$", f"actors: [{', '.join(actors)}]", text, count=1, flags=re.M)
        for other in (self.content / "articles").glob(f"{path.name.split('.')[0]}.*.md"):
            if other != path:  # shared keys must agree across translations
                other.write_text(re.sub(r"^(topics|actors): .*\n", "", other.read_text("utf-8"), flags=re.M), "utf-8")
        path.write_text(text, "utf-8")
        return f"retag {path.name}"

    def redate_article(self) -> str:
        """A new date moves an article in every list and can move it to another archive page."""
        path = self.rng.choice(self.files("articles"))
        day = f"20{self.rng.randint(19, 24)}-{self.rng.randint(1, 12):02d}-{self.rng.randint(1, 28):02d}"
        slug = path.name.split(".")[0]
        for other in (self.content / "articles").glob(f"{slug}.*.md"):
            text = re.sub(r"^date: .*$", f"date: {day}", other.read_text("utf-8"), count=1, flags=re.M)
            other.write_text(re.sub(r"^updated: .*\n", "", text, flags=re.M), "utf-8")
        return f"redate {slug} to {day}"

    def add_translation(self) -> str:
        """A translation appears: links to the entry in that language now lead to it."""
        singles = [p for p in self.files("articles") + self.files("topics") + self.files("actors")
                   if not any(q != p for q in p.parent.glob(p.name.split(".")[0] + ".*.md"))]
        if not singles:
            return self.add_article(["en"])
        path = self.rng.choice(singles)
        other = "id" if path.name.endswith(".en.md") else "en"
        front = path.read_text("utf-8").split("\n---\n", 1)[0]
        keep = [line for line in front.splitlines()[1:] if re.match(r"(title|summary|name|role|corrections):|  - \{date", line)]
        path.with_name(path.name.rsplit(".", 2)[0] + f".{other}.md").write_text(
            "---\n" + "\n".join(keep) + f"\n---\nTranslated body ({other}).\n", "utf-8")
        return f"add the {other} translation of {path.name}"

    def rename_actor(self) -> str:
        """An actor's new name changes the order of every list of actors."""
        path = self.rng.choice(self.files("actors"))
        text = re.sub(r"^name: .*$", f'name: "{self.rng.choice("ABXYZ")}-name {self.rng.randrange(1000)}"',
                      path.read_text("utf-8"), count=1, flags=re.M)
        path.write_text(text, "utf-8")
        return f"rename actor {path.name}"

    def edit_event(self) -> str:
        """Retitle or redate one event in place: the other events of its file stay as they were."""
        path = self.rng.choice(self.events_text())
        text = path.read_text("utf-8")
        if self.rng.random() < 0.5:
            text, done = re.subn(r'en: "[^"]*"\}', f'en: "Event retitled {self.rng.randrange(1000)}"}}', text, count=1)
        else:
            text, done = re.subn(r"^  date: .*$", f"  date: 20{self.rng.randint(15, 23)}-0{self.rng.randint(1, 9)}",
                                 text, count=1, flags=re.M)
        if not done:
            return self.add_event()
        path.write_text(text, "utf-8")
        return f"edit the first event of {path.name}"

    def add_correction(self) -> str:
        """A correction in every translation of an entry: its box, the corrections page and
        feeds, the footer of every page (the first one), its date modified and lastmod."""
        section = self.rng.choice(["articles", "topics", "actors"])
        slug = self.rng.choice(self.slugs(section))
        day = f"2024-{self.rng.randint(1, 12):02d}-{self.rng.randint(1, 28):02d}"
        kind = self.rng.choice(["correction", "update"])
        for path in (self.content / section).glob(f"{slug}.*.md"):
            add_list_item(path, "corrections", f'  - {{date: {day}, kind: {kind}, note: "Note {self.rng.randrange(1000)}"}}\n')
        return f"add a {kind} of {day} to {section}/{slug}"

    def edit_correction_note(self) -> str:
        """A note changes in one language: that language's box, page and feed."""
        paths = [p for p in self.files("articles") + self.files("topics") + self.files("actors")
                 if 'note: "' in p.read_text("utf-8")]
        if not paths:
            return self.add_correction()
        path = self.rng.choice(paths)
        path.write_text(re.sub(r'note: "[^"]*"', f'note: "Reworded {self.rng.randrange(1000)}"',
                               path.read_text("utf-8"), count=1), "utf-8")
        return f"reword a correction in {path.name}"

    def random_step(self) -> str:
        operations = [self.edit_body, self.edit_body, self.edit_title, self.add_article, self.add_many_articles,
                      self.rename_article, self.delete_article, self.delete_translation, self.add_event,
                      self.delete_events_file, self.toggle_draft, self.retitle_site, self.retag_article,
                      self.redate_article, self.add_translation, self.rename_actor, self.edit_event,
                      self.add_correction, self.add_correction, self.edit_correction_note]
        return self.rng.choice(operations)()


def build_both(content: Path, work: Path) -> tuple[Path | None, Path | None]:
    """Build incrementally and cleanly; the outputs, or None for a build that failed."""
    results = []
    for name, clean in (("incremental", False), ("clean", True)):
        out = work / name / "site"
        try:
            build(BuildOptions(content_dir=content, out_dir=out, cache_dir=work / name / "cache", clean=clean))
        except ContentError:
            results.append(None)
            continue
        results.append(out)
    return results[0], results[1]


@pytest.mark.parametrize("seed", SEEDS)
def test_incremental_build_equals_clean_build_after_random_edits(tmp_path: Path, seed: int):
    random_edits_keep_builds_equal(tmp_path, seed)


def random_edits_keep_builds_equal(tmp_path: Path, seed: int, steps: int = STEPS) -> None:
    """Seeded random edits; after each, the incremental build must equal a clean one (AssertionError if not)."""
    content = copy_fixture("basic", tmp_path / "content")
    edit_and_compare(Editor(content, random.Random(seed)), content, tmp_path, steps)


def edit_and_compare(editor: Editor, content: Path, tmp_path: Path, steps: int = STEPS) -> None:
    """Build, then after each of `steps` random edits build incrementally and cleanly: the same bytes."""
    incremental, clean = build_both(content, tmp_path)
    assert incremental and clean
    assert_same_site(incremental, clean, "the first build")
    history = []
    for _ in range(steps):
        history.append(editor.random_step())
        incremental, clean = build_both(content, tmp_path)
        assert (incremental is None) == (clean is None), history
        assert clean is not None, f"the editor made invalid content: {history}"
        assert_same_site(incremental, clean, " / ".join(history))


def show_word_counts(monkeypatch, record_dependency: bool) -> None:
    """The walk-through of docs/architecture.md: article lists show each article's word count,
    which comes from its body; the list pages then depend on the body's file, not only on its
    front matter (`#front`)."""
    made = Viewer._article

    def article(self: Viewer, article) -> ArticleItem:
        item = made(self, article)
        text = text_in(article.texts, self.lang)
        if record_dependency:
            self.deps.add(text.path)
        return replace(item, summary=f"{item.summary} ({len(text.body.split())} words)")

    monkeypatch.setattr(Viewer, "_article", article)


# Seeds 2, 4, 9, 10 and 11 edit an article's body within STEPS steps (9 first, at its 12th);
# the others edit only topics' and actors' bodies, which lists do not count.
WALKTHROUGH_SEED, WALKTHROUGH_STEPS = 9, 12


def test_a_field_shown_without_its_dependency_makes_the_random_edits_fail(tmp_path: Path, monkeypatch):
    show_word_counts(monkeypatch, record_dependency=False)
    with pytest.raises(AssertionError, match=r"edit body of \S+\.md: different bytes in .*index\.html"):
        random_edits_keep_builds_equal(tmp_path, WALKTHROUGH_SEED, WALKTHROUGH_STEPS)


def test_the_same_field_with_its_dependency_recorded_passes(tmp_path: Path, monkeypatch):
    show_word_counts(monkeypatch, record_dependency=True)
    random_edits_keep_builds_equal(tmp_path, WALKTHROUGH_SEED, WALKTHROUGH_STEPS)


@pytest.mark.parametrize("seed", SEEDS[:6])
def test_serve_rebuilds_equal_clean_builds_after_random_edits(tmp_path: Path, seed: int):
    """`sitegen serve` keeps the site in memory and writes in place; after each edit its folder
    holds what a clean build writes."""
    content = copy_fixture("basic", tmp_path / "content")
    editor = Editor(content, random.Random(seed))
    live, served, clean = LiveState(), tmp_path / "served", tmp_path / "clean"
    history = ["the first build"]
    for step in range(STEPS + 1):
        if step:
            history.append(editor.random_step())
        build(BuildOptions(content_dir=content, out_dir=clean, cache_dir=tmp_path / "clean-cache", clean=True,
                           search=False))
        build(BuildOptions(content_dir=content, out_dir=served, cache_dir=tmp_path / "serve-cache", search=False),
              live=live)
        assert_same_site(served, clean, " / ".join(history))


NEW_ENTRIES = {
    "topics/ceasefire.en.md": '---\ntitle: "Ceasefire"\nsummary: "A pause."\nsources: [talks-advance]\n---\nText.\n',
    "actors/envoy.en.md": "---\nname: Envoy\nrole: Envoy\nkind: person\nsources: [talks-advance]\n---\nAn envoy.\n",
    "articles/brief.en.md": '---\ntitle: "Brief"\nsummary: "A brief."\ndate: 2023-08-01\ntopics: [sanctions]\n'
                            'source:\n  outlet: Example Wire\n  published: 2023-08-01T08:00:00Z\n---\nBrief.\n',
    "eras.yaml": "- id: talks\n  title: {id: Perundingan, en: Talks}\n  start: 2023-07\n  end: 2023-08\n"
                 "  topics: [arms-talks]\n",
}


@pytest.mark.parametrize("live", [False, True], ids=["build", "serve"])
@pytest.mark.parametrize("rel", sorted(NEW_ENTRIES))
def test_an_entry_added_then_deleted_leaves_the_site_of_a_clean_build_each_time(tmp_path: Path, rel: str, live: bool):
    """Deleting a topic once crashed the next rebuild: its page's feed links named it. Adding
    eras.yaml left the event lists of the pages without eras as they were."""
    content = copy_fixture("basic", tmp_path / "content")
    state = LiveState() if live else None
    options = BuildOptions(content_dir=content, out_dir=tmp_path / "site", cache_dir=tmp_path / "cache",
                           include_drafts=live, search=False)
    clean = replace(options, out_dir=tmp_path / "clean", cache_dir=tmp_path / "clean-cache", clean=True)
    build(options, live=state)
    (content / rel).write_text(NEW_ENTRIES[rel], "utf-8")
    build(options, live=state)
    build(clean)
    assert_same_site(tmp_path / "site", tmp_path / "clean", f"{rel} added")
    (content / rel).unlink()
    build(options, live=state)
    build(clean)
    assert_same_site(tmp_path / "site", tmp_path / "clean", f"{rel} added and deleted")


def changed_paths(before: dict[str, bytes], after: dict[str, bytes]) -> set[str]:
    """The files a file watcher reports between two snapshots: written, created or deleted."""
    return {rel for rel in before.keys() | after.keys() if before.get(rel) != after.get(rel)}


@pytest.mark.parametrize("seed", SEEDS[6:9])
def test_serve_told_by_its_watcher_what_changed_equals_clean_builds_after_random_edits(tmp_path: Path, seed: int):
    """As above, with serve's file watcher naming each changed file (content_walk.WatchedFolder),
    so that the rebuilds take their files from the reports instead of walking content/."""
    content = copy_fixture("basic", tmp_path / "content")
    editor = Editor(content, random.Random(seed))
    live = LiveState(watched=WatchedFolder())
    served, clean = tmp_path / "served", tmp_path / "clean"
    history = ["the first build"]
    for step in range(STEPS + 1):
        if step:
            before = snapshot(content)
            history.append(editor.random_step())
            for rel in changed_paths(before, snapshot(content)):
                live.watched.report(str(content / rel))
        build(BuildOptions(content_dir=content, out_dir=clean, cache_dir=tmp_path / "clean-cache", clean=True,
                           search=False))
        build(BuildOptions(content_dir=content, out_dir=served, cache_dir=tmp_path / "serve-cache", search=False),
              live=live)
        assert_same_site(served, clean, " / ".join(history))
        assert step == 0 or live.watched.edited is not None, "the rebuild walked content/"


def test_serve_writes_the_edited_entrys_page_before_it_plans_the_site(tmp_path: Path, monkeypatch):
    """The page the editor is looking at is on disk before the site's other pages are planned,
    after an edit of an article's text, of an actor's front matter and a new article; the site
    is still a clean build's."""
    content = copy_fixture("basic", tmp_path / "content")
    live = LiveState(watched=WatchedFolder())
    options = BuildOptions(content_dir=content, out_dir=tmp_path / "served", cache_dir=tmp_path / "cache",
                           search=False)
    build(options, live=live)
    order: list[str] = []
    page_plans, put = Planner.page_plans, InPlace.put
    monkeypatch.setattr(Planner, "page_plans", lambda planner: order.append("planned") or page_plans(planner))
    monkeypatch.setattr(InPlace, "put", lambda writer, rel, data: order.append(rel) or put(writer, rel, data))
    steps = [("articles/talks-advance.en.md", lambda text: text + "\nA new line.\n", "en/articles/talks-advance/"),
             ("actors/john-kirby.id.md", lambda text: text.replace("Koordinator", "Mantan koordinator"),
              "id/actors/john-kirby/"),
             ("articles/brief.en.md", lambda _: (content / "articles/english-only.en.md").read_text("utf-8"),
              "en/articles/brief/")]
    for rel, change, page in steps:
        path = content / rel
        path.write_text(change(path.read_text("utf-8") if path.exists() else ""), "utf-8")
        live.watched.report(str(path))
        order.clear()
        build(options, live=live)
        assert order.index(page + "index.html") < order.index("planned"), rel
    clean = tmp_path / "clean"
    build(BuildOptions(content_dir=content, out_dir=clean, cache_dir=tmp_path / "clean-cache", clean=True, search=False))
    assert_same_site(options.out_dir, clean, "the edits")


def test_outputs_of_a_deleted_article_are_removed(tmp_path: Path):
    content = copy_fixture("basic", tmp_path / "content")
    out = tmp_path / "site"
    run_sitegen("build", "--no-search", "--content", str(content), "--out", str(out), cwd=tmp_path, check=True)
    assert (out / "en" / "articles" / "english-only" / "index.html").is_file()
    (content / "articles" / "english-only.en.md").unlink()
    events = content / "events" / "2023.yaml"
    events.write_text(events.read_text("utf-8").replace("[english-only, ", "["), "utf-8")
    result = run_sitegen("build", "--no-search", "--content", str(content), "--out", str(out), cwd=tmp_path,
                         check=True)
    assert not (out / "en" / "articles" / "english-only").exists()
    # its page, its share card, and the feed of the one topic only it was in (an empty feed is not written)
    assert not (out / "share" / "en" / "articles" / "english-only.png").exists()
    assert not (out / "en" / "topics" / "sanctions" / "feed.xml").exists()
    assert re.search(r"\b3 removed\b", result.stdout), result.stdout


def test_an_unchanged_rebuild_renders_nothing_and_a_body_edit_renders_only_its_pages(tmp_path: Path):
    content = copy_fixture("basic", tmp_path / "content")
    options = BuildOptions(content_dir=content, out_dir=tmp_path / "site", cache_dir=tmp_path / "cache")
    first = build(options)
    assert len(first.rendered) == first.pages
    again = build(options)
    assert again.rendered == []
    topic = content / "topics" / "sanctions.en.md"
    topic.write_text(topic.read_text("utf-8") + "\nMore background.\n", "utf-8")
    after_edit = build(options)
    assert after_edit.rendered == ["en/topics/sanctions/index.html"]


def test_another_sitegen_remakes_every_page_though_the_content_is_the_same(tmp_path: Path, monkeypatch):
    """An upgrade or a fix of sitegen's code may change any page: its stamp is part of the theme's."""
    content = copy_fixture("basic", tmp_path / "content")
    options = BuildOptions(content_dir=content, out_dir=tmp_path / "site", cache_dir=tmp_path / "cache", search=False)
    first = build(options)
    assert build(options).rendered == []
    monkeypatch.setattr("sitegen.render.code_stamp", lambda: "another sitegen")
    again = build(options)
    assert len(again.rendered) == first.pages


def test_the_manifest_names_the_sources_each_page_depends_on(tmp_path: Path):
    content = copy_fixture("basic", tmp_path / "content")
    cache = tmp_path / "cache"
    build(BuildOptions(content_dir=content, out_dir=tmp_path / "site", cache_dir=cache))
    pages = manifest_deps(cache)
    deps = pages["en/articles/talks-advance/index.html"]
    # its own text in full; of what it links to, the front matter (titles) alone
    for source in ("articles/talks-advance.en.md", "articles/talks-advance.id.md#front", "topics/arms-talks.en.md#front",
                   "actors/john-kirby.en.md#front", "actors/north-korea.en.md#front", "?event:kirby-statement",
                   "site.yaml"):
        assert source in deps
    assert "actors/john-kirby.en.md" not in deps
    assert not any(dep.startswith("articles/english-only.en.md") for dep in deps)
    timeline = pages["id/timeline/index.html"]
    assert {"?event:kirby-statement", "actors/john-kirby.id.md#front"} <= set(timeline)
    # what a list shows of each member comes from its file; which members it has, from a query
    assert "?articles_by_topic:arms-talks" in pages["en/topics/arms-talks/index.html"]
    assert "?timeline:" in timeline


@pytest.mark.parametrize("damage", [lambda data: data[: len(data) // 2], lambda data: b"\x00garbage" + data])
def test_a_damaged_manifest_is_not_trusted(tmp_path: Path, damage):
    content = copy_fixture("basic", tmp_path / "content")
    options = BuildOptions(content_dir=content, out_dir=tmp_path / "site", cache_dir=tmp_path / "cache")
    first = build(options)
    (manifest,) = (tmp_path / "cache").glob("manifest-*/manifest.*")
    manifest.write_bytes(damage(manifest.read_bytes()))
    topic = content / "topics" / "sanctions.en.md"
    topic.write_text(topic.read_text("utf-8") + "\nMore background.\n", "utf-8")
    rebuilt = build(options)
    assert len(rebuilt.rendered) == first.pages  # every page made again, none trusted
    build(BuildOptions(content_dir=content, out_dir=tmp_path / "clean", cache_dir=tmp_path / "clean-cache"))
    assert_same_site(tmp_path / "site", tmp_path / "clean", "a rebuild after the manifest was damaged")
    assert build(options).rendered == []  # and the manifest it wrote is good again


def test_clean_ignores_the_cache_and_renders_every_page(tmp_path: Path):
    content = copy_fixture("basic", tmp_path / "content")
    run_sitegen("build", "--content", str(content), "--out", str(tmp_path / "site"), cwd=tmp_path, check=True)
    result = run_sitegen("build", "--clean", "--verbose", "--content", str(content), "--out", str(tmp_path / "site"),
                         cwd=tmp_path, check=True)
    rendered = [line for line in result.stdout.splitlines() if line.startswith("rendered ")]
    pages = len([p for p in (tmp_path / "site").rglob("*.html")])
    assert len(rendered) == pages


def test_a_site_folder_rebuilt_from_other_content_is_not_trusted(tmp_path: Path):
    """Output written by another build (other content, or a cache that was not told) is re-rendered."""
    first = copy_fixture("basic", tmp_path / "a")
    second = copy_fixture("basic", tmp_path / "b")
    topic = second / "topics" / "sanctions.en.md"
    topic.write_text(topic.read_text("utf-8").replace('"Sanctions"', '"Other sanctions"'), "utf-8")
    out = tmp_path / "site"
    for content in (first, second, first):
        build(BuildOptions(content_dir=content, out_dir=out, cache_dir=tmp_path / "cache"))
    build(BuildOptions(content_dir=first, out_dir=tmp_path / "clean", cache_dir=tmp_path / "cache", clean=True))
    assert_same_site(out, tmp_path / "clean", "building a, b, then a again into one folder")


def test_a_site_folder_changed_behind_the_cache_is_not_trusted(tmp_path: Path):
    content = copy_fixture("basic", tmp_path / "content")
    out = tmp_path / "site"
    build(BuildOptions(content_dir=content, out_dir=out, cache_dir=tmp_path / "cache"))
    page = out / "en" / "index.html"
    page.unlink()
    page.write_text("edited by hand", "utf-8")
    report = build(BuildOptions(content_dir=content, out_dir=out, cache_dir=tmp_path / "cache"))
    assert report.rendered == ["en/index.html"]
    assert "edited by hand" not in page.read_text("utf-8")


def test_the_list_of_views_depends_on_one_query_and_follows_a_renamed_actor(tmp_path: Path):
    """Every timeline view lists every topic and actor: it depends on their names through one
    query, not on each one's front matter, and a renamed actor still reaches every view."""
    content = copy_fixture("basic", tmp_path / "content")
    cache = tmp_path / "cache"
    options = BuildOptions(content_dir=content, out_dir=tmp_path / "site", cache_dir=cache)
    build(options)
    deps = manifest_deps(cache)["en/timeline/2019/index.html"]
    assert "?filter_labels:en" in deps
    assert "actors/us-nsc.en.md#front" not in deps  # listed among the views, not shown on this one

    actor = content / "actors" / "us-nsc.en.md"
    actor.write_text(re.sub(r"^name: .*$", 'name: "Council, renamed"', actor.read_text("utf-8"), count=1, flags=re.M),
                     "utf-8")
    rebuilt = build(options)
    assert "en/timeline/2019/index.html" in rebuilt.rendered
    page = parse_html(tmp_path / "site/en/timeline/2019/index.html")
    assert "Council, renamed" in [a.get_text() for a in page.select("nav a")]
