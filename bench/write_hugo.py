"""Write the logical corpus as a Hugo multilingual site.

Translations use filename suffixes (``x.id.md`` / ``x.en.md``); topics and actors
are taxonomies whose term pages carry the background or profile as content. The
layouts, i18n strings and link render hook are fixed files in ``bench/hugo_site``.

Lookups that sitegen computes itself (which events cite an article, which events
involve an actor or topic) are given to Hugo precomputed in front matter as event
ids, so its templates do an O(1) lookup in ``data/events.json`` instead of a scan
of every event on every page.
"""

import json
import shutil
from collections import defaultdict
from pathlib import Path

from corpus_text import LANGS
from write_sitegen import BASE_URL
from yamltext import flow, front_matter, quote, write

STATIC = Path(__file__).resolve().parent / "hugo_site"
LANG_NAMES = {"id": "Bahasa Indonesia", "en": "English"}
SECTION_TITLES = {
    "articles": {"id": "Artikel", "en": "Articles"},
    "topics": {"id": "Topik", "en": "Topics"},
    "actors": {"id": "Aktor", "en": "Actors"},
    "timeline": {"id": "Lini masa", "en": "Timeline"},
}


def config(corpus):
    lines = [
        f'baseURL = "{BASE_URL}"',
        'defaultContentLanguage = "id"',
        "defaultContentLanguageInSubdir = true",
        'disableKinds = ["rss", "sitemap", "robotstxt"]',
        'timeZone = "UTC"',
        "[taxonomies]", '  topic = "topics"', '  actor = "actors"',
        "[pagination]", "  pagerSize = 10",
    ]
    for weight, lang in enumerate(LANGS, 1):
        lines += [f"[languages.{lang}]", f"  weight = {weight}",
                  f'  label = "{LANG_NAMES[lang]}"', f'  locale = "{lang}"',
                  f"  title = {quote(corpus.title[lang])}",
                  f"  [languages.{lang}.params]",
                  f"    description = {quote(corpus.description[lang])}"]
    return "\n".join(lines) + "\n"


def event_index(corpus):
    """Event ids per article slug, per actor slug and per topic slug, newest first."""
    by_article, by_actor, by_topic = (defaultdict(list) for _ in range(3))
    for event in sorted(corpus.events, key=lambda e: (e.start, e.id), reverse=True):
        for slug in event.sources:
            by_article[slug].append(event.id)
        for slug in event.actors:
            by_actor[slug].append(event.id)
        for slug in event.topics:
            by_topic[slug].append(event.id)
    return by_article, by_actor, by_topic


def events_json(corpus):
    data = {}
    for e in corpus.events:
        data[e.id] = {"id": e.id, "start": e.start, "date": e.date, "until": e.until,
                      "circa": e.circa, "title": e.title, "description": e.description,
                      "actors": e.actors, "topics": e.topics, "sources": e.sources}
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True)


def article_text(article, lang, event_ids):
    src = article.source
    lines = [
        f"title: {quote(article.title[lang])}",
        f"summary: {quote(article.summary[lang])}",
        f"date: {article.date.isoformat()}",
        f"topics: {flow(article.topics)}",
        f"actors: {flow(article.actors)}",
        f"events: {flow(event_ids)}",
        "source:",
        f"  outlet: {quote(src['outlet'])}",
        f"  author: {quote(src['author'])}",
        f"  published: {src['published'].isoformat()}",
        f"  url: {src['url']}",
        f"  language: {src['language']}",
    ]
    return front_matter(lines, article.body[lang])


def term_text(title, extra, body, event_ids):
    lines = [f"title: {quote(title)}", *extra, f"events: {flow(event_ids)}"]
    return front_matter(lines, body)


def write_terms(corpus, content, lang, by_actor, by_topic):
    for topic in corpus.topics:
        text = term_text(topic.title[lang], [f"summary: {quote(topic.summary[lang])}"],
                         topic.body[lang], by_topic[topic.slug])
        write(content / "topics" / topic.slug / f"_index.{lang}.md", text)
    for actor in corpus.actors:
        extra = [f"role: {quote(actor.role[lang])}", f"kind: {actor.kind}",
                 f"role_as_of: {quote(actor.role_as_of)}"]
        if actor.country:
            extra.append(f"country: {actor.country}")
        text = term_text(actor.name[lang], extra, actor.body[lang], by_actor[actor.slug])
        write(content / "actors" / actor.slug / f"_index.{lang}.md", text)


def write_sections(corpus, content, lang):
    write(content / f"_index.{lang}.md", front_matter([f"title: {quote(corpus.title[lang])}"], ""))
    for section, titles in SECTION_TITLES.items():
        lines = [f"title: {quote(titles[lang])}"]
        if section == "timeline":
            write(content / f"timeline.{lang}.md", front_matter(lines + ["layout: timeline"], ""))
        else:
            write(content / section / f"_index.{lang}.md", front_matter(lines, ""))


def write_tree(corpus, root):
    """Write ``root/hugo.toml``, ``content/``, ``data/events.json`` and the fixed files."""
    for name in ("layouts", "i18n"):
        shutil.copytree(STATIC / name, root / name, dirs_exist_ok=True)
    write(root / "hugo.toml", config(corpus))
    write(root / "data" / "events.json", events_json(corpus))
    by_article, by_actor, by_topic = event_index(corpus)
    content = root / "content"
    for lang in LANGS:
        write_sections(corpus, content, lang)
        for article in corpus.articles:
            write(content / "articles" / f"{article.slug}.{lang}.md",
                  article_text(article, lang, by_article[article.slug]))
        write_terms(corpus, content, lang, by_actor, by_topic)
