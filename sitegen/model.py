"""The briefing as plain, frozen objects: what every later stage reads and nothing writes."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Mapping, TypeVar
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from .dates import PartialDate

ACTOR_KINDS = ("person", "state", "organisation")
ENTRY_KINDS = ("article", "topic", "actor", "event")
T = TypeVar("T")


@dataclass(frozen=True)
class SiteConfig:
    """The site's settings, as config.load_config reads them from site.yaml."""

    title: dict[str, str]
    description: dict[str, str]
    base_url: str
    languages: tuple[str, ...]
    timezone: str = "UTC"
    cname: str = ""
    icon: str = ""  # the icon image's full path; "" draws the site's initials
    share_cards: bool = True  # draw a share card per indexable page (see share_cards.py)
    relation_types: tuple[RelationType, ...] = ()  # see relations.py

    @property
    def default_language(self) -> str:
        return self.languages[0]

    @property
    def path_prefix(self) -> str:
        """The path part of `base_url`, always starting and ending with `/`."""
        path = urlsplit(self.base_url).path or "/"
        return path if path.endswith("/") else path + "/"

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def absolute(self, path: str) -> str:
        """The full URL of a site path such as `en/articles/x/`."""
        return self.base_url + path.lstrip("/")


@dataclass(frozen=True)
class Text:
    """One language's version of a prose entry."""

    lang: str
    title: str
    summary: str
    packed_body: bytes  # see pack_body
    path: str
    body_line: int = 1
    translation_checked: date | None = None  # the day an editor found it still matches the other languages

    @property
    def body(self) -> str:
        return self.packed_body.decode("utf-8")


def pack_body(body: str) -> bytes:
    """A body as it is kept in memory: UTF-8, half its size as str (one curly quote makes a
    str two bytes a character).

    The loaded site stays in memory for the whole build (in serve, for the session) and build
    workers fork from it. Compressed with zlib as well, a 5,000-article site took 34 MB less
    at its peak, but compressing was a fifth of the readers' time, 0.3 s of a cold build.
    """
    return body.encode("utf-8")


def text_in(texts: Mapping[str, T], lang: str) -> T:
    """The entry's text in `lang`, or else its first translation (in the site's language order):
    what every page, feed and export shows of an entry that is not translated into its language.
    The one language fallback: per-language strings (a correction's note, an image's alt text)
    fall back the same way."""
    return texts.get(lang) or next(iter(texts.values()))


@dataclass(frozen=True)
class SourceInfo:
    """Where an article's facts come from."""

    outlet: str
    published: datetime
    author: str = ""
    url: str = ""
    language: str = ""


@dataclass(frozen=True)
class Correction:
    """A dated correction or update of a published entry; its note per language."""

    date: datetime
    kind: str  # one of CORRECTION_KINDS
    note: dict[str, str]


CORRECTION_KINDS = ("correction", "update")


@dataclass(frozen=True)
class EventSource:
    """An event's source: an article of ours (`article`) or an outside address (`url`)."""

    article: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class EntryImage:
    """An article's own share image (see entry_images.py)."""

    source: str  # its full path on disk, to copy it from
    rel: str  # its path in the content folder, and below media/ in the site
    width: int
    height: int
    mime: str
    alt: tuple[tuple[str, str], ...]  # (language, text)

    @property
    def site_path(self) -> str:
        return f"media/{self.rel}"

    def alt_in(self, lang: str) -> str:
        return text_in(dict(self.alt), lang)


@dataclass(frozen=True)
class Article:
    slug: str
    date: datetime
    topics: tuple[str, ...]
    actors: tuple[str, ...]
    source: SourceInfo
    texts: dict[str, Text]
    updated: datetime | None = None
    draft: bool = False
    claimed_by: tuple[str, ...] = ()  # actors whose claims the article reports
    corrections: tuple[Correction, ...] = ()
    image: EntryImage | None = None


@dataclass(frozen=True)
class Topic:
    slug: str
    texts: dict[str, Text]
    sources: tuple[EventSource, ...] = ()
    corrections: tuple[Correction, ...] = ()
    draft: bool = False


@dataclass(frozen=True)
class RelationType:
    """A kind of relation between actors, from site.yaml's `relation_types` (see relations.py):
    its name per language, and for a directed one ("sanctions") the name read from the other
    end ("sanctioned by"); a mutual one ("meets") reads the same from both ends."""

    key: str
    name: dict[str, str]
    inverse: dict[str, str] | None = None  # None: mutual

    @property
    def directed(self) -> bool:
        return self.inverse is not None


@dataclass(frozen=True)
class Relation:
    """A typed, dated, sourced relation from one actor (`actor`) to another (`to`)."""

    actor: str  # the actor whose front matter declares it
    to: str
    type: str
    sources: tuple[EventSource, ...]
    start: PartialDate | None = None  # `from:` in front matter
    until: PartialDate | None = None
    claimed_by: tuple[str, ...] = ()
    path: str = field(default="", compare=False, repr=False)
    line: int = field(default=0, compare=False, repr=False)


@dataclass(frozen=True)
class Era:
    """A named period of the story (content/eras.yaml): its title per language, and the topics
    it belongs to (none: every timeline)."""

    id: str
    title: dict[str, str]
    start: PartialDate
    end: PartialDate
    topics: tuple[str, ...] = ()
    path: str = field(default="", compare=False, repr=False)
    line: int = field(default=0, compare=False, repr=False)


@dataclass(frozen=True)
class Actor:
    """A person, state or organisation; `Text.summary` holds the role, `Text.title` the name."""

    slug: str
    kind: str
    texts: dict[str, Text]
    country: str | None = None
    aliases: tuple[str, ...] = ()
    role_as_of: PartialDate | None = None
    sources: tuple[EventSource, ...] = ()
    corrections: tuple[Correction, ...] = ()
    draft: bool = False
    relations: tuple[Relation, ...] = ()  # as declared in its front matter


@dataclass(frozen=True)
class Event:
    id: str
    date: PartialDate
    title: dict[str, str]
    description: dict[str, str]
    actors: tuple[str, ...]
    topics: tuple[str, ...]
    sources: tuple[EventSource, ...]
    path: str
    line: int
    until: PartialDate | None = None
    circa: bool = False
    # With `not_after`, `date` is the earliest the event can have happened and `not_after` the
    # latest: a window of uncertainty, not a span (see `until`). It sorts by `date`.
    not_after: PartialDate | None = None
    claimed_by: tuple[str, ...] = ()  # actors whose claim the event is
    corrections: tuple[Correction, ...] = ()
    draft: bool = False
    location: dict[str, str] | None = None  # per language, only where a source names the place

    def sort_key(self) -> tuple:
        """Timeline order is newest first; ties are broken by id."""
        return (-self.date.start().toordinal(), self.id)


@dataclass(frozen=True)
class Content:
    """Everything that was loaded and validated, by slug."""

    articles: dict[str, Article] = field(default_factory=dict)
    topics: dict[str, Topic] = field(default_factory=dict)
    actors: dict[str, Actor] = field(default_factory=dict)
    events: dict[str, Event] = field(default_factory=dict)
    eras: tuple[Era, ...] = ()  # oldest first
    drafts_left_out: tuple[str, ...] = ()  # `articles/<slug>`, `events/<id>`…: drafts a build does not publish
