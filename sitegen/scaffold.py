"""`sitegen new`: the files of a new entry, one per language, with every required key filled in.

Placeholders start with `TODO:`. Every new entry is a draft, so a forgotten scaffold shows in
`sitegen serve` but never in `sitegen build`; and once its draft line is deleted, `check` and
`build` refuse it while a placeholder is left, at the placeholder's line.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

from .config import load_config
from .errors import Problems
from .load import slug_problem
from .placeholders import PLACEHOLDER, PLACEHOLDER_URL
from .yamltext import LinedDict, YamlError, parse_yaml

KINDS = ("article", "topic", "actor", "event")
SECTIONS = {"article": "articles", "topic": "topics", "actor": "actors", "event": "events"}
DRAFT_LINE = "draft: true  # delete this line to publish\n"


class EntryExists(Exception):
    """The slug is taken: nothing was written."""

    def __init__(self, existing: list[Path]):
        self.existing = existing
        super().__init__(", ".join(str(p) for p in existing))


def entry_slug_problem(kind: str, slug: str) -> str | None:
    """Why `slug` cannot name a new entry of `kind`, by the rule `sitegen build` applies to it."""
    return slug_problem(slug, reserved=kind != "event")


def create_entry(content_dir: Path, kind: str, slug: str, today: date, problems: Problems) -> list[Path]:
    """Write the new entry's files and return their paths.

    Raises EntryExists when the slug is taken; problems with site.yaml go to `problems` and
    nothing is written then.
    """
    config = load_config(content_dir / "site.yaml", problems)
    if config is None:
        return []
    existing = _existing(content_dir, kind, slug)
    if existing:
        raise EntryExists(existing)
    if kind == "event":
        files = {content_dir / "events" / f"{slug}.yaml": event_text(slug, today, config.languages)}
    else:
        make = {"article": article_text, "topic": topic_text, "actor": actor_text}[kind]
        files = {content_dir / SECTIONS[kind] / f"{slug}.{lang}.md": make(slug, lang, config.languages, today)
                 for lang in config.languages}
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8") as handle:
            handle.write(text)
    return list(files)


def _existing(content_dir: Path, kind: str, slug: str) -> list[Path]:
    if kind != "event":
        return sorted((content_dir / SECTIONS[kind]).glob(f"{slug}.*.md"))
    found = []
    for path in sorted((content_dir / "events").glob("*.y*ml")):
        if path.stem == slug or slug in _event_ids(path):
            found.append(path)
    return found


def _event_ids(path: Path) -> set[str]:
    try:
        items = parse_yaml(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, YamlError):
        return set()  # `sitegen check` reports a file it cannot read
    if not isinstance(items, list):
        return set()
    return {str(item.get("id")) for item in items if isinstance(item, LinedDict)}


def _shared_note(slug: str, languages: tuple[str, ...], section: str) -> str:
    return f"# the keys shared by every language are in {section}/{slug}.{languages[0]}.md\n"


def article_text(slug: str, lang: str, languages: tuple[str, ...], today: date) -> str:
    head = f'---\ntitle: "{PLACEHOLDER} title ({lang})"\nsummary: "{PLACEHOLDER} one-sentence summary ({lang})"\n'
    if lang != languages[0]:
        return head + _shared_note(slug, languages, "articles") + f"---\n{PLACEHOLDER} the article ({lang}).\n"
    return head + (
        f"date: {today.isoformat()}\n"
        "topics: []  # topic slugs\n"
        "actors: []  # actor slugs\n"
        "source:\n"
        f'  outlet: "{PLACEHOLDER} outlet"\n'
        f"  published: {today.isoformat()}\n"
        + DRAFT_LINE +
        f"---\n{PLACEHOLDER} the article ({lang}).\n"
    )


def topic_text(slug: str, lang: str, languages: tuple[str, ...], today: date) -> str:
    shared = DRAFT_LINE if lang == languages[0] else _shared_note(slug, languages, "topics")
    return (f'---\ntitle: "{PLACEHOLDER} topic title ({lang})"\n'
            f'summary: "{PLACEHOLDER} one sentence of background ({lang})"\n'
            f'{shared}---\n{PLACEHOLDER} background ({lang}).\n')


def actor_text(slug: str, lang: str, languages: tuple[str, ...], today: date) -> str:
    head = f'---\nname: "{PLACEHOLDER} name ({lang})"\nrole: "{PLACEHOLDER} role ({lang})"\n'
    if lang != languages[0]:
        return head + _shared_note(slug, languages, "actors") + f"---\n{PLACEHOLDER} profile ({lang}).\n"
    return head + (
        "kind: person  # person, state or organisation\n"
        f"role_as_of: {today.strftime('%Y-%m')}  # when the role was true\n"
        + DRAFT_LINE +
        f"---\n{PLACEHOLDER} profile ({lang}).\n"
    )


def event_text(slug: str, today: date, languages: tuple[str, ...]) -> str:
    titles = ", ".join(f'{lang}: "{PLACEHOLDER} title ({lang})"' for lang in languages)
    return (
        f"- id: {slug}\n"
        f'  date: "{today.isoformat()}"  # YYYY, YYYY-MM or YYYY-MM-DD\n'
        f"  title: {{{titles}}}\n"
        "  actors: []  # actor slugs\n"
        "  topics: []  # topic slugs\n"
        f'  sources: ["{PLACEHOLDER_URL}"]  # article slugs or web addresses\n'
        f"  {DRAFT_LINE}"
    )
