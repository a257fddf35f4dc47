"""Content folders written from code: a large site for interruption tests, small random ones for fuzzing."""
from __future__ import annotations

from pathlib import Path

SITE_YAML = """\
title: {id: "Uji", en: "Test"}
description: {id: "Situs uji.", en: "A test site."}
base_url: "https://example.github.io/briefing/"
languages: [id, en]
"""


def article_text(slug: str, lang: str, day: int, topics=("t0",), actors=("a0",), body: str = "") -> str:
    return (
        "---\n"
        f'title: "{slug} {lang}"\n'
        f'summary: "Summary of {slug} in {lang}."\n'
        f"date: 2023-{(day % 12) + 1:02d}-{(day % 28) + 1:02d}\n"
        f"topics: [{', '.join(topics)}]\n"
        f"actors: [{', '.join(actors)}]\n"
        "source:\n  outlet: Outlet\n  published: 2023-01-01\n"
        "---\n"
        f"{body or f'Body of {slug}. See [the topic](topic:{topics[0]}).'}\n"
    )


def large_site(root: Path, articles: int, title: str = "Test") -> Path:
    """A valid bilingual site with `articles` article pairs, one topic and one actor."""
    files = {"site.yaml": SITE_YAML.replace('en: "Test"', f'en: "{title}"')}
    for lang in ("id", "en"):
        files[f"topics/t0.{lang}.md"] = f'---\ntitle: "Topic {lang}"\nsummary: "About it."\n---\nBackground.\n'
        files[f"actors/a0.{lang}.md"] = f'---\nname: "Actor {lang}"\nrole: "Role"\nkind: person\n---\nProfile.\n'
        for number in range(articles):
            files[f"articles/n{number}.{lang}.md"] = article_text(f"n{number}", lang, number)
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    return root
