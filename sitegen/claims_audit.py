"""`sitegen check`'s editorial warnings: reported speech or assessments with nobody to attribute
them to, and topic backgrounds or actor profiles that cite no source.

The keywords are a plain list per language, matched as whole words (case does not matter): a
description that reports what someone said or judged should name them in `claimed_by`.
"""
from __future__ import annotations

import re
from typing import Callable

from .errors import Diagnostic
from .graph import SiteGraph

SPEECH_WORDS = {
    "en": ("said", "says", "say", "according to", "stated", "states", "claimed", "claims", "told", "announced",
           "warned", "assessed", "assessment", "described", "called", "believes", "argued", "insisted"),
    "id": ("menurut", "mengatakan", "kata", "katanya", "menyatakan", "menilai", "penilaian", "menyebut",
           "disebut", "mengklaim", "klaim", "menegaskan", "memperingatkan", "mengumumkan", "berpendapat"),
}


def _patterns() -> dict[str, re.Pattern]:
    return {lang: re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, words)) + r")(?!\w)", re.IGNORECASE)
            for lang, words in SPEECH_WORDS.items()}


def unattributed_claims(graph: SiteGraph, place: Callable[[str], str]) -> list[Diagnostic]:
    """Events whose description reports speech or an assessment but that have no `claimed_by`."""
    patterns = _patterns()
    found = []
    for event in graph.timeline:
        if event.claimed_by:
            continue
        for lang, text in sorted(event.description.items()):
            match = patterns.get(lang) and patterns[lang].search(text)
            if match:
                found.append(Diagnostic(
                    place(event.path), event.line,
                    f"the event {event.id!r} reports what someone said or assessed ({lang}: {match.group(0)!r}) "
                    "but has no claimed_by",
                    "name who makes the claim: claimed_by: [actor-slug]", "warning"))
                break
    return found


def unsourced_entries(graph: SiteGraph, place: Callable[[str], str]) -> list[Diagnostic]:
    """Topics and actors with a background or profile but no `sources`."""
    found = []
    for kind, table in (("topic", graph.content.topics), ("actor", graph.content.actors)):
        what = "background" if kind == "topic" else "profile"
        for slug, entry in sorted(table.items()):
            if entry.sources or not any(text.body.strip() for text in entry.texts.values()):
                continue
            first = next(iter(entry.texts.values()))
            found.append(Diagnostic(place(first.path), 1, f"this {kind}'s {what} cites no source",
                                    "list where its facts come from: sources: [article-slug or https://…]", "warning"))
    return found
