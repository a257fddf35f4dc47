"""The logical benchmark corpus: topics, actors, articles and events.

Everything comes from one ``random.Random(seed)``; the generation order is fixed,
so the same seed and size always give the same corpus. The writers turn this
model into the sitegen, Hugo and Pelican trees.
"""

import random
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone

import corpus_bodies as B
import corpus_vocab as V
from corpus_text import Mentions

TOPIC_COUNT = 40
ACTOR_COUNT = 300
STATE_COUNT = len(V.STATES)
ORG_COUNT = 60
FIRST_DAY = date(2014, 1, 1)
LAST_DAY = date(2025, 6, 30)
OFFSETS = [7] * 7 + [8, 9, 0]
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Shape:
    """How articles and events are made. Shape a is round one's corpus; shape b has shorter
    bodies of many headed sections with lists, twice the events per article and more actors
    per event (issue 23: another corpus moves the ratio)."""

    name: str
    article_body: object  # corpus_bodies.article_body or listed_article_body
    article_actors: tuple  # choices of actors per article
    events: tuple  # (counts, weights) of events per article
    event_actors: int  # most actors per event


SHAPES = {
    "a": Shape("a", B.article_body, (2, 3, 3, 4, 5), ((1, 2, 3), (25, 50, 25)), 3),
    "b": Shape("b", B.listed_article_body, (4, 5, 6, 6, 7), ((2, 4, 6), (30, 40, 30)), 5),
}


@dataclass
class Topic:
    slug: str
    title: dict
    summary: dict
    body: dict


@dataclass
class Actor:
    slug: str
    kind: str
    name: dict
    role: dict
    role_as_of: str
    country: str | None
    body: dict = field(default_factory=dict)


@dataclass
class Article:
    slug: str
    date: datetime
    title: dict
    summary: dict
    topics: list
    actors: list
    source: dict
    body: dict


@dataclass
class Event:
    id: str
    date: str
    until: str | None
    circa: bool
    title: dict
    description: dict
    actors: list
    topics: list
    sources: list
    start: str = ""


@dataclass
class Corpus:
    seed: int
    topics: list
    actors: list
    articles: list
    events: list
    title: dict = field(default_factory=lambda: {"en": V.SITE_TITLE[0], "id": V.SITE_TITLE[1]})
    description: dict = field(
        default_factory=lambda: {"en": V.SITE_DESCRIPTION[0], "id": V.SITE_DESCRIPTION[1]})


def slugify(text, limit=60):
    """ASCII slug: lowercase letters, digits and single hyphens."""
    words = re.findall(r"[a-z0-9]+", text.lower().replace("\u00fc", "u"))
    slug = ""
    for word in words:
        if slug and len(slug) + 1 + len(word) > limit:
            break
        slug = f"{slug}-{word}" if slug else word
    return slug


def _unique(slug, taken):
    candidate, n = slug, 2
    while candidate in taken:
        candidate, n = f"{slug}-{n}", n + 1
    taken.add(candidate)
    return candidate


def _pairs(entries):
    return [(e.slug, e.title if isinstance(e, Topic) else e.name) for e in entries]


def _states(rng):
    actors = []
    for slug, en, id_ in V.STATES[:STATE_COUNT]:
        role = rng.choice(V.STATE_ROLES)
        actors.append(Actor(slug, "state", {"en": en[:1].upper() + en[1:], "id": id_},
                            {"en": role[0], "id": role[1]}, _month(rng), None))
    return actors


def _organisations(rng, states, taken):
    combos = [(p, k) for p in V.ORG_PREFIXES for k in V.ORG_KINDS]
    actors = []
    for prefix, kind in rng.sample(combos, ORG_COUNT):
        name = {"en": f"{prefix} {kind[0]}", "id": f"{kind[1]} {prefix}"}
        role = rng.choice(V.ORG_ROLES)
        slug = _unique(slugify(name["en"]), taken)
        actors.append(Actor(slug, "organisation", name, {"en": role[0], "id": role[1]},
                            _month(rng), _home_state(rng, states)))
    return actors


def _persons(rng, states, taken, count):
    combos = [(g, f) for g in V.GIVEN_NAMES for f in V.FAMILY_NAMES]
    actors = []
    for given, family in rng.sample(combos, count):
        name = f"{given} {family}"
        role_en, role_id = rng.choice(V.PERSON_ROLES)
        portfolio = rng.choice(V.PORTFOLIOS)
        role = {"en": role_en.format(p=portfolio[0]), "id": role_id.format(p=portfolio[1])}
        slug = _unique(slugify(name), taken)
        actors.append(Actor(slug, "person", {"en": name, "id": name}, role,
                            _month(rng), _home_state(rng, states)))
    return actors


def _home_state(rng, states):
    return "indonesia" if rng.random() < 0.6 else rng.choice(states).slug


def _month(rng):
    return f"{rng.randrange(2016, 2025)}-{rng.randrange(1, 13):02d}"


def make_topics(rng, actors, places, orgs):
    """Topic backgrounds, each naming (and linking) a few organisations."""
    org_pairs = _pairs([a for a in actors if a.kind == "organisation"])
    topics = []
    for slug, en, id_ in V.TOPICS[:TOPIC_COUNT]:
        title = {"en": en, "id": id_}
        own = [(slug, title)]
        plain = Mentions(rng, org_pairs, own, places, orgs, plain=True)
        mentions = Mentions(rng, rng.sample(org_pairs, 3), own, places, orgs)
        topics.append(Topic(slug, title, B.summary(plain), B.topic_body(mentions)))
    return topics


def make_actors(rng, places):
    """States first (persons and organisations point at them), then the rest.

    Returns the actors and the organisation names used as plain-text mentions.
    """
    taken = {slug for slug, _, _ in V.STATES}
    taken.update(slug for slug, _, _ in V.TOPICS)
    states = _states(rng)
    orgs = _organisations(rng, states, taken)
    persons = _persons(rng, states, taken, ACTOR_COUNT - len(states) - len(orgs))
    actors = states + orgs + persons
    org_names = [a.name for a in orgs]
    topic_pairs = [(slug, {"en": en, "id": id_}) for slug, en, id_ in V.TOPICS[:TOPIC_COUNT]]
    actor_pairs = _pairs(actors)
    for actor in actors:
        others = [pair for pair in rng.sample(actor_pairs, 3) if pair[0] != actor.slug][:2]
        mentions = Mentions(rng, [(actor.slug, actor.name), *others],
                            rng.sample(topic_pairs, 2), places, org_names)
        actor.body = B.actor_body(mentions)
    return actors, org_names


def _article_dates(rng, count):
    span = (LAST_DAY - FIRST_DAY).days
    dates = []
    for _ in range(count):
        day = FIRST_DAY + timedelta(days=rng.randrange(span + 1))
        tz = timezone(timedelta(hours=rng.choice(OFFSETS)))
        dates.append(datetime(day.year, day.month, day.day, rng.randrange(6, 23),
                              rng.choice((0, 15, 30, 45)), tzinfo=tz))
    return sorted(dates, key=lambda d: (d.astimezone(UTC), d.utcoffset()))


def _source(rng, when, slug):
    outlet = rng.choice(V.OUTLETS)
    author = f"{rng.choice(V.GIVEN_NAMES)} {rng.choice(V.FAMILY_NAMES)}"
    published = when - timedelta(hours=rng.randrange(0, 48))
    tz = timezone(timedelta(hours=rng.choice(OFFSETS)))
    return {
        "outlet": outlet,
        "author": author,
        "published": published.astimezone(tz),
        "url": f"https://news.example.com/{slugify(outlet)}/{when.year}/{slug}",
        "language": "id" if rng.random() < 0.6 else "en",
    }


def make_articles(rng, count, topics, actors, places, orgs, shape=SHAPES["a"]):
    taken = set()
    articles = []
    topic_pairs, actor_pairs = _pairs(topics), _pairs(actors)
    for when in _article_dates(rng, count):
        own_topics = rng.sample(topic_pairs, rng.choice((1, 2, 2, 3)))
        own_actors = rng.sample(actor_pairs, rng.choice(shape.article_actors))
        plain = Mentions(rng, own_actors, own_topics, places, orgs, plain=True)
        title = B.headline(plain)
        slug = _unique(slugify(title["en"], 50), taken)
        summary = B.summary(plain)
        source = _source(rng, when, slug)
        earlier = rng.sample(articles, min(len(articles), rng.choice((0, 1, 1, 2))))
        related = [(a.slug, a.title) for a in earlier]
        mentions = Mentions(rng, own_actors, own_topics, places, orgs)
        body = shape.article_body(mentions, related, source["outlet"], source["url"])
        articles.append(Article(slug, when, title, summary, [s for s, _ in own_topics],
                                [s for s, _ in own_actors], source, body))
    return articles


def _partial(day, precision):
    if precision == "year":
        return f"{day.year:04d}"
    if precision == "month":
        return f"{day.year:04d}-{day.month:02d}"
    return day.isoformat()


def _later(rng, day, precision):
    """An ``until`` strictly after ``day`` at the same precision."""
    if precision == "year":
        return date(day.year + rng.randrange(1, 3), 1, 1)
    if precision == "month":
        months = day.month - 1 + rng.randrange(1, 5)
        return date(day.year + months // 12, months % 12 + 1, 1)
    return day + timedelta(days=rng.randrange(1, 31))


def _event(rng, article, number, names, places, orgs, most_actors=3):
    """An event taken from an article: its actors and topics are the article's."""
    actors = rng.sample(article.actors, rng.randrange(1, min(most_actors, len(article.actors)) + 1))
    topics = rng.sample(article.topics, rng.randrange(1, len(article.topics) + 1))
    plain = Mentions(rng, [(s, names[s]) for s in actors], [(s, names[s]) for s in topics],
                     places, orgs, plain=True)
    day = article.date.date() - timedelta(days=rng.randrange(0, 60))
    precision = rng.choices(("day", "month", "year"), (60, 25, 15))[0]
    until = _partial(_later(rng, day, precision), precision) if rng.random() < 0.15 else None
    circa = precision != "day" and rng.random() < 0.25
    title = B.headline(plain)
    event_id = f"{slugify(title['en'], 40)}-{number}"
    return Event(event_id, _partial(day, precision), until, circa, title, B.summary(plain),
                 actors, topics, [article.slug], start=day.isoformat())


def make_events(rng, articles, topics, actors, places, orgs, shape=SHAPES["a"]):
    """About two events per article (four in shape b), each citing it (and sometimes an earlier one)."""
    names = dict(_pairs(topics) + _pairs(actors))
    events = []
    for index, article in enumerate(articles):
        for _ in range(rng.choices(*shape.events)[0]):
            event = _event(rng, article, len(events) + 1, names, places, orgs, shape.event_actors)
            if index and rng.random() < 0.2:
                event.sources.append(articles[rng.randrange(index)].slug)
            events.append(event)
    return events


def generate(articles, seed=1, shape="a"):
    """Build the whole logical corpus for ``articles`` article pairs, of the given shape."""
    rng = random.Random(seed)
    places = [{"en": en, "id": id_} for _, en, id_ in V.STATES]
    actors, orgs = make_actors(rng, places)
    topics = make_topics(rng, actors, places, orgs)
    article_list = make_articles(rng, articles, topics, actors, places, orgs, SHAPES[shape])
    events = make_events(rng, article_list, topics, actors, places, orgs, SHAPES[shape])
    corpus = Corpus(seed, topics, actors, article_list, events)
    check(corpus)
    return corpus


def check(corpus):
    """Fail loudly if the generator ever produces a dangling reference or bad slug."""
    topics = {t.slug for t in corpus.topics}
    actors = {a.slug for a in corpus.actors}
    articles = {a.slug for a in corpus.articles}
    slugs = list(topics) + list(actors) + list(articles) + [e.id for e in corpus.events]
    bad = [s for s in slugs if not SLUG_RE.match(s)]
    assert not bad, f"bad slugs: {bad[:5]}"
    assert len({e.id for e in corpus.events}) == len(corpus.events), "duplicate event id"
    assert not topics & actors, "topic and actor slugs overlap"
    for article in corpus.articles:
        assert set(article.topics) <= topics and set(article.actors) <= actors, article.slug
    for event in corpus.events:
        assert set(event.topics) <= topics and set(event.actors) <= actors, event.id
        assert set(event.sources) <= articles, event.id
    for actor in corpus.actors:
        assert actor.country is None or actor.country in actors, actor.slug
