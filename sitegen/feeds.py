"""Atom feeds: one per language (`<lang>/feed.xml`) and one per topic and language.

A feed lists the published articles written in its language, newest first, with absolute
URLs from `base_url`. Every date in it comes from the content (never the clock), so two builds
of the same content give the same bytes. A feed with no entry is not written, and no page
links to it: Atom needs an `updated` date, and an empty feed has none that is true.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from . import urls
from .graph import SiteGraph
from .kept_records import KeptRecords
from .model import Article, Topic, text_in
from .urls import language_feed_path, topic_feed_path

if TYPE_CHECKING:
    from feedgen.feed import FeedGenerator

ATOM_TYPE = "application/atom+xml"
FEED_ENTRIES = 50


@dataclass(frozen=True)
class FeedLink:
    """A feed a page points to from its head: its site path and its title."""

    path: str
    title: str


def feed_articles(graph: SiteGraph, lang: str, topic: str | None = None) -> list[Article]:
    """The published articles written in `lang` (of one topic, if given), newest first."""
    articles = graph.articles if topic is None else graph.articles_by_topic.get(topic, [])
    return [a for a in articles if lang in a.texts and not a.draft]


def _has_articles(graph: SiteGraph, lang: str, topic: str | None = None) -> bool:
    """Whether a feed would have entries; asked for every page, so it stops at the first one."""
    articles = graph.articles if topic is None else graph.articles_by_topic.get(topic, [])
    return any(lang in a.texts and not a.draft for a in articles)


def language_feed(graph: SiteGraph, lang: str) -> FeedLink | None:
    if not _has_articles(graph, lang):
        return None
    return FeedLink(language_feed_path(lang), graph.config.title[lang])


def topic_feed(graph: SiteGraph, slug: str, lang: str) -> FeedLink | None:
    """A topic's feed in `lang`: only where the topic has a page and articles in that language
    (none for a topic deleted since the last build, whose page's dependencies name it)."""
    topic = graph.content.topics.get(slug)
    text = topic.texts.get(lang) if topic is not None else None
    if text is None or not _has_articles(graph, lang, slug):
        return None
    return FeedLink(topic_feed_path(slug, lang), f"{text.title} · {graph.config.title[lang]}")


def page_feeds(graph: SiteGraph, lang: str, topic: str | None = None) -> tuple[FeedLink, ...]:
    """The feeds a page in `lang` links to: the language's, and its topic's when it has one."""
    links = (language_feed(graph, lang), topic_feed(graph, topic, lang) if topic else None)
    return tuple(link for link in links if link is not None)


def feed_files(graph: SiteGraph, kept: KeptRecords | None = None) -> dict[str, bytes]:
    """Every feed of the site, as site path → Atom XML, each with its latest FEED_ENTRIES articles
    (a feed reader polls the feed again and again; the whole archive would grow without end).
    With the records `kept` by `sitegen serve`, a feed whose articles and topics are the same
    objects as last time is not made again."""
    files = {}
    for lang in graph.config.languages:
        link = language_feed(graph, lang)
        if link:
            files[link.path] = _kept_atom(kept, graph, lang, link, None, feed_articles(graph, lang)[:FEED_ENTRIES])
        for slug in sorted(graph.content.topics):
            link = topic_feed(graph, slug, lang)
            if link:
                files[link.path] = _kept_atom(kept, graph, lang, link, graph.content.topics[slug],
                                              feed_articles(graph, lang, slug)[:FEED_ENTRIES])
    return files


def _kept_atom(kept: KeptRecords | None, graph: SiteGraph, lang: str, link: FeedLink, topic: Topic | None,
               articles: list[Article]) -> bytes:
    """The feed of a language's articles, or of a topic's: made, or as kept."""
    page = urls.home_path(lang) if topic is None else urls.entry_path("topic", topic.slug, lang)
    subtitle = graph.config.description[lang] if topic is None else topic.texts[lang].summary
    make = partial(_atom, graph, lang, link, page, articles, subtitle)
    if kept is None:
        return make()
    topics = graph.content.topics
    named = (topic, *articles, *(topics[slug] for article in articles for slug in article.topics))
    return kept.get(("feed", link.path, link.title), named, make)


def new_feed() -> FeedGenerator:
    """An empty feed. feedgen (with lxml and dateutil, a tenth of the command's imports) is
    imported when the first feed is made: a rebuild that keeps the feeds never needs it."""
    from feedgen.feed import FeedGenerator

    return FeedGenerator()


def _atom(graph: SiteGraph, lang: str, link: FeedLink, page_path: str, articles: list[Article],
          subtitle: str) -> bytes:
    config = graph.config
    feed = new_feed()
    feed.id(config.absolute(link.path))
    feed.title(link.title)
    feed.subtitle(subtitle)
    feed.language(lang)
    feed.author({"name": config.title[lang], "uri": config.absolute(urls.home_path(lang))})
    feed.link(href=config.absolute(page_path), rel="alternate", type="text/html", hreflang=lang)
    feed.link(href=config.absolute(link.path), rel="self", type=ATOM_TYPE)
    feed.generator("sitegen")
    feed.updated(max(_updated(a) for a in articles))
    for article in articles:
        _add_entry(feed, graph, article, lang)
    return feed.atom_str(pretty=True)


def _updated(article: Article):
    return article.updated or article.date


def _add_entry(feed: FeedGenerator, graph: SiteGraph, article: Article, lang: str) -> None:
    config = graph.config
    text = article.texts[lang]
    url = config.absolute(urls.entry_path("article", article.slug, lang))
    entry = feed.add_entry(order="append")
    entry.id(url)
    entry.title(text.title)
    entry.summary(text.summary)
    entry.link(href=url, rel="alternate", type="text/html", hreflang=lang)  # feedgen 1.0 writes the href only
    entry.published(article.date)
    entry.updated(_updated(article))
    for slug in article.topics:
        topic = graph.content.topics[slug]
        label = text_in(topic.texts, lang).title
        entry.category(term=slug, label=label, scheme=config.absolute(urls.section_path("topic", lang)))
