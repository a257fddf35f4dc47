"""Write the logical corpus in sitegen's content format (issue 2, "The content format")."""

from collections import defaultdict

from corpus_text import LANGS
from yamltext import flow, front_matter, lang_map, quote, write

BASE_URL = "https://example.org/bench/"


def site_yaml(corpus):
    lines = ["title:", *lang_map(corpus.title, LANGS, 2),
             "description:", *lang_map(corpus.description, LANGS, 2),
             f"base_url: {BASE_URL}", f"languages: {flow(LANGS)}", "timezone: UTC",
             # Hugo and Pelican draw no share images: the like-for-like build draws none either.
             # Their cost is measured apart (bench/README.md, "Share cards").
             "share_cards: false"]
    return "\n".join(lines) + "\n"


def article_text(article, lang):
    src = article.source
    lines = [
        f"title: {quote(article.title[lang])}",
        f"summary: {quote(article.summary[lang])}",
        f"date: {article.date.isoformat()}",
        f"topics: {flow(article.topics)}",
        f"actors: {flow(article.actors)}",
        "source:",
        f"  outlet: {quote(src['outlet'])}",
        f"  author: {quote(src['author'])}",
        f"  published: {src['published'].isoformat()}",
        f"  url: {src['url']}",
        f"  language: {src['language']}",
    ]
    return front_matter(lines, article.body[lang])


def topic_text(topic, lang):
    lines = [f"title: {quote(topic.title[lang])}", f"summary: {quote(topic.summary[lang])}"]
    return front_matter(lines, topic.body[lang])


def actor_text(actor, lang):
    lines = [f"name: {quote(actor.name[lang])}", f"role: {quote(actor.role[lang])}",
             f"kind: {actor.kind}", f"role_as_of: {actor.role_as_of}"]
    if actor.country:
        lines.append(f"country: {actor.country}")
    return front_matter(lines, actor.body[lang])


def event_lines(event):
    lines = [f"- id: {event.id}", f"  date: {event.date}"]
    if event.until:
        lines.append(f"  until: {event.until}")
    if event.circa:
        lines.append("  circa: true")
    lines += ["  title:", *lang_map(event.title, LANGS, 4),
              "  description:", *lang_map(event.description, LANGS, 4),
              f"  actors: {flow(event.actors)}", f"  topics: {flow(event.topics)}",
              f"  sources: {flow(event.sources)}"]
    return lines


def events_by_year(events):
    """Events grouped by the year they start in, each year sorted by start then id."""
    years = defaultdict(list)
    for event in events:
        years[event.date[:4]].append(event)
    return {year: sorted(items, key=lambda e: (e.start, e.id))
            for year, items in sorted(years.items())}


def write_tree(corpus, root):
    """Write ``root/site.yaml`` and the articles, topics, actors and events folders."""
    write(root / "site.yaml", site_yaml(corpus))
    for lang in LANGS:
        for article in corpus.articles:
            write(root / "articles" / f"{article.slug}.{lang}.md", article_text(article, lang))
        for topic in corpus.topics:
            write(root / "topics" / f"{topic.slug}.{lang}.md", topic_text(topic, lang))
        for actor in corpus.actors:
            write(root / "actors" / f"{actor.slug}.{lang}.md", actor_text(actor, lang))
    for year, events in events_by_year(corpus.events).items():
        lines = [line for event in events for line in event_lines(event)]
        write(root / "events" / f"{year}.yaml", "\n".join(lines) + "\n")
