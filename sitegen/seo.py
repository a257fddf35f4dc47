"""What a page's head tells machines: Open Graph and Twitter card tags, feeds, schema.org JSON-LD.

Everything is computed here and handed to the templates as plain strings and tuples, so that
a page's context stays a complete, deterministic description of it (see views.py).
"""
from __future__ import annotations

import json
from datetime import datetime
from functools import lru_cache, partial

from babel.core import get_global

from . import urls
from .depnames import query
from .feeds import page_feeds
from .graph import SiteGraph
from .model import Actor, Article, Event, Topic, text_in
from .share_cards import share_image
from .urls import PageHead
from .views import Viewer

SCHEMA_TYPES = {"person": "Person", "organisation": "Organization", "state": "Country"}
# JSON may hold these, but inside <script> they could end the element or open a comment.
_SCRIPT_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def script_json(data: dict) -> str:
    """JSON that is safe to place verbatim inside a <script> element, and still the same JSON."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, escape in _SCRIPT_ESCAPES.items():
        text = text.replace(char, escape)
    return text


@lru_cache(maxsize=None)
def og_locale(lang: str) -> str:
    """Open Graph wants language_TERRITORY: `id` → `id_ID`, `en` → `en_US` (CLDR's likely region)."""
    likely = get_global("likely_subtags").get(lang, lang)
    parts = likely.split("_")
    territory = next((p for p in parts[1:] if len(p) == 2 and p.isupper()), "")
    return f"{lang}_{territory}" if territory else lang


def head_context(graph: SiteGraph, view: Viewer, head: PageHead, alternates: tuple) -> dict:
    """The head data of one page, added to the context every page shares (see urls.PageHead):
    its canonical URL (its own, or the one its head names; "" for the 404 page), which the
    link, og:url and the JSON-LD all give, and `noindex` for pages search engines should leave
    out (the 404 page, and those the head marks so), which the sitemap reads too."""
    config = graph.config
    lang = view.lang
    path, template, title, description, about, modified = (head.path, head.template, head.title, head.description,
                                                           head.about, head.modified)
    canonical = config.absolute(path if head.canonical is None else head.canonical) if template != "404.html" else ""
    noindex = head.noindex or not canonical
    topic = about.slug if isinstance(about, Topic) else None
    view.deps.add(query("feeds", f"{lang}:{topic or ''}"))
    feeds = tuple((view.link(f.path), f.title) for f in page_feeds(graph, lang, topic))
    if isinstance(about, (list, tuple)):
        json_ld = _timeline_json(graph, view, _page_data(graph, lang, title, description, canonical), about)
    else:
        json_ld = script_json(_structured(graph, view, head, canonical))
    image = _share_image(graph, view, path, about) if canonical else ()
    twitter = (("twitter:card", "summary_large_image" if image else "summary"), ("twitter:title", title),
               ("twitter:description", description))
    if image:
        twitter += (("twitter:image", image[0][1]), ("twitter:image:alt", image[-1][1]))
    return dict(
        canonical=canonical, noindex=noindex, feeds=feeds,
        og=_open_graph(config, lang, title, description, canonical, alternates, about, modified) + image,
        meta=twitter + ((("robots", "noindex"),) if noindex else ()),
        json_ld=json_ld,
    )


def _share_image(graph: SiteGraph, view: Viewer, path: str, about) -> tuple:
    """The og:image tags of the page's share card (see share_cards.py)."""
    image = share_image(graph, view.gettext, view.lang, path, about)
    if image is None:
        return ()
    return (("og:image", graph.config.absolute(image.rel)), ("og:image:type", image.mime),
            ("og:image:width", str(image.width)), ("og:image:height", str(image.height)), ("og:image:alt", image.alt))


def _open_graph(config, lang: str, title: str, description: str, canonical: str, alternates: tuple, about,
                modified: datetime | None) -> tuple:
    tags = [("og:type", "article" if isinstance(about, Article) else "website"), ("og:title", title),
            ("og:description", description), ("og:site_name", config.title[lang]), ("og:locale", og_locale(lang))]
    tags += [("og:locale:alternate", og_locale(code)) for code, _ in alternates if code != lang]
    if canonical:
        tags.append(("og:url", canonical))
    if isinstance(about, Article):
        tags.append(("article:published_time", about.date.isoformat()))
        tags.append(("article:modified_time", (modified or about.date).isoformat()))
    return tuple(tags)


def _page_data(graph: SiteGraph, lang: str, title: str, description: str, canonical: str,
               part_of: bool = True) -> dict:
    page = {"@context": "https://schema.org", "@type": "WebPage", "name": title, "description": description,
            "inLanguage": lang}
    if canonical:
        page["url"] = canonical
    if part_of:
        page["isPartOf"] = _website(graph, lang)
    return page


def _timeline_json(graph: SiteGraph, view: Viewer, page: dict, events) -> str:
    """A timeline's CollectionPage of the events it shows, in its order, as script_json makes
    it. Each event is on its year's, topics' and actors' views: its JSON is made once and
    joined into each, rather than dumped again with every view (a view lists hundreds)."""
    def item_json(event: Event) -> str:
        return view.once(("event-json", event.id), partial(_event_json, graph, event, view.lang))

    items = ",".join(f'{{"@type":"ListItem","position":{n},"item":{item_json(e)}}}' for n, e in enumerate(events, start=1))
    head = script_json({**page, "@type": "CollectionPage"})
    return f'{head[:-1]},"mainEntity":{{"@type":"ItemList","itemListElement":[{items}]}}}}'


def _event_json(graph: SiteGraph, event: Event, lang: str) -> str:
    return script_json(event_thing(graph, event, lang))


def _structured(graph: SiteGraph, view: Viewer, head: PageHead, canonical: str) -> dict:
    config = graph.config
    lang = view.lang
    path, template, title, description, about, modified = (head.path, head.template, head.title, head.description,
                                                           head.about, head.modified)
    page = _page_data(graph, lang, title, description, canonical,
                      part_of=template not in ("choose_language.html", "home.html"))
    if modified:
        page["dateModified"] = modified.isoformat()
    if template == "choose_language.html":
        return {**page, "@type": "WebSite", "inLanguage": list(config.languages)}
    if template == "home.html":
        return {**page, "@type": "WebSite", "name": config.title[lang]}
    if isinstance(about, Article):
        image = share_image(graph, view.gettext, lang, path, about)
        data = {**page, **news_article(graph, view, about, modified)}
        if image is not None:
            data["image"] = {"@type": "ImageObject", "url": config.absolute(image.rel), "width": image.width,
                             "height": image.height}
        return data
    if isinstance(about, Actor):
        return {**page, "@type": "ProfilePage", "mainEntity": actor_thing(graph, view, about)}
    if isinstance(about, Topic):
        return {**page, "@type": "CollectionPage", "about": {"@type": "Thing", "name": title, "description": description}}
    if template == "404.html":
        return page
    return {**page, "@type": "CollectionPage"}


def _website(graph: SiteGraph, lang: str) -> dict:
    return {"@type": "WebSite", "name": graph.config.title[lang], "url": graph.config.absolute(urls.home_path(lang))}


def _publisher(graph: SiteGraph, lang: str) -> dict:
    return {"@type": "Organization", "name": graph.config.title[lang],
            "url": graph.config.absolute(urls.home_path(lang))}


def _entry_ref(graph: SiteGraph, view: Viewer, kind: str, entry) -> dict:
    """A short reference to a topic or actor: its type, name in the page's language, and URL."""
    text = view.text(entry.texts)
    schema_type = SCHEMA_TYPES[entry.kind] if kind == "actor" else "Thing"
    url = graph.config.absolute(urls.entry_path(kind, entry.slug, text.lang))
    return {"@type": schema_type, "name": text.title, "url": url}


def news_article(graph: SiteGraph, view: Viewer, article: Article, modified: datetime | None = None) -> dict:
    """The briefing's article, written and published by the site, based on the cited report."""
    lang = view.lang
    content = graph.content
    source = article.source
    based_on = {"@type": "NewsArticle", "publisher": {"@type": "Organization", "name": source.outlet},
                "datePublished": source.published.isoformat()}
    if source.author:
        based_on["author"] = {"@type": "Person", "name": source.author}
    if source.url:
        based_on["url"] = source.url
    if source.language:
        based_on["inLanguage"] = source.language
    data = {"@type": "NewsArticle", "headline": view.text(article.texts).title,
            "datePublished": article.date.isoformat(),
            "dateModified": (modified or article.updated or article.date).isoformat(),
            "author": _publisher(graph, lang), "publisher": _publisher(graph, lang), "isBasedOn": based_on}
    if article.topics:
        data["about"] = [_entry_ref(graph, view, "topic", content.topics[s]) for s in article.topics]
    if article.actors:
        data["mentions"] = [_entry_ref(graph, view, "actor", content.actors[s]) for s in article.actors]
    return data


def actor_thing(graph: SiteGraph, view: Viewer, actor: Actor) -> dict:
    """A Person, Organization or Country, with its role as this page states it."""
    text = view.text(actor.texts)
    data = {"@type": SCHEMA_TYPES[actor.kind], "name": text.title,
            "url": graph.config.absolute(urls.entry_path("actor", actor.slug, text.lang))}
    data["jobTitle" if actor.kind == "person" else "description"] = text.summary
    if actor.aliases:
        data["alternateName"] = list(actor.aliases)
    if actor.country and actor.kind == "person":
        data["nationality"] = _entry_ref(graph, view, "actor", graph.content.actors[actor.country])
    return data


def event_thing(graph: SiteGraph, event: Event, lang: str) -> dict:
    """An Event at the precision its date is known (`2023-07` stays a month, as ISO 8601 allows).
    An event known only within a window has its earliest possible date as `startDate` and no
    `endDate`: the window is not how long it lasted."""
    data = {"@type": "Event", "name": event.title[lang], "startDate": event.date.isoformat(),
            "inLanguage": lang, "url": graph.config.absolute(urls.event_path(event, lang))}
    if event.not_after is None:
        data["endDate"] = (event.until or event.date).isoformat()
    if event.description.get(lang):
        data["description"] = event.description[lang]
    if event.location:  # only where a source names the place: never guessed
        data["location"] = {"@type": "Place", "name": event.location[lang]}
    content = graph.content
    about = [_named(graph, "topic", content.topics[s], lang) for s in event.topics]
    about += [_named(graph, "actor", content.actors[s], lang) for s in event.actors]
    if about:
        data["about"] = about
    return data


def _named(graph: SiteGraph, kind: str, entry, lang: str) -> dict:
    """A topic or actor an event is about: its type, its name in `lang` (or its first), its URL."""
    text = text_in(entry.texts, lang)
    return {"@type": SCHEMA_TYPES[entry.kind] if kind == "actor" else "Thing", "name": text.title,
            "url": graph.config.absolute(urls.entry_path(kind, entry.slug, text.lang))}
