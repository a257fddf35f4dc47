"""Share cards: the 1200×630 PNG a link preview shows for each indexable page.

Each card shows the page's title, its type, its date at the precision known, and the site's
name, drawn with Pillow in the theme's bundled DejaVu Sans (it covers Indonesian and English).
Articles, topics, actors and timelines get a card of their own; the other pages of a language
share its home page's card. A card is cached by a hash of its text and the fonts, so a build
redoes only the cards whose text changed; Pillow writes no time into a PNG, so the same text
gives the same bytes. Cards are 8-bit palette PNGs, each word drawn once (see render_card).
"""
from __future__ import annotations

import hashlib
import io
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from . import urls
from .graph import SiteGraph, event_views, view_label
from .i18n import format_day, format_partial, format_span
from .model import Actor, Article, Event, Topic, text_in
from .urls import card_path, view_path

WIDTH, HEIGHT = 1200, 630
FONT_DIR = "share"  # in the theme folder
BOLD, REGULAR = "DejaVuSans-Bold.ttf", "DejaVuSans.ttf"
PAPER, INK, MUTED, ACCENT, RULE = "#fdfcf9", "#1d1d1f", "#55555a", "#8c1c13", "#d8d4cc"
MARGIN = 80
TITLE_SIZES = (64, 56, 48, 42)  # the largest that fits the title in MAX_LINES
MAX_LINES = 4


@dataclass(frozen=True)
class Card:
    """What one card says, every text already in the page's language."""

    kind: str
    title: str
    date: str
    site: str

    def alt(self) -> str:
        """The card in words, for og:image:alt."""
        head = f"{self.kind}: {self.title}" if self.kind else self.title
        return " · ".join(part for part in (head, self.date, self.site) if part)


@dataclass(frozen=True)
class ShareImage:
    """The image a page's head names: its card, or the article's own image."""

    rel: str
    width: int
    height: int
    mime: str
    alt: str


def share_image(graph: SiteGraph, gettext: Callable[[str], str], lang: str, path: str, about=None) -> ShareImage | None:
    """The image a page's link preview shows; None where the site draws no cards and the page has no image."""
    if isinstance(about, Article) and about.image:
        image = about.image
        return ShareImage(image.site_path, image.width, image.height, image.mime, image.alt_in(lang))
    if not graph.config.share_cards:
        return None
    rel, card = page_card(graph, gettext, lang, path, about)
    return ShareImage(rel, WIDTH, HEIGHT, "image/png", card.alt())


def _events_span(events: list[Event], lang: str) -> str:
    if not events:
        return ""
    first = min(events, key=lambda e: e.date.start())
    last = max(events, key=lambda e: (e.until or e.date).end())
    end = last.until or last.date
    return format_partial(first.date, lang) if first.date == end else format_span(first.date, end, lang)


def page_card(graph: SiteGraph, gettext: Callable[[str], str], lang: str, path: str, about=None) -> tuple[str, Card]:
    """The card a page at `path` shows, and where it is: `about` as seo.head_context has it."""
    site = graph.config.title[lang]
    if isinstance(about, (Article, Topic, Actor)):
        text = text_in(about.texts, lang)
        if isinstance(about, Article):
            return card_path(path), Card(gettext("Article"), text.title, format_day(about.date, lang), site)
        kind = "topic" if isinstance(about, Topic) else "actor"
        events = (graph.events_by_topic if kind == "topic" else graph.events_by_actor).get(about.slug, [])
        return card_path(path), Card(gettext(kind.capitalize()), text.title, _events_span(events, lang), site)
    if isinstance(about, (list, tuple)):
        view = _view_of(graph, lang, path)
        title = view_label(graph, *view, lang) if view else gettext("Timeline")
        events = event_views(graph)[view[0]][view[1]] if view else graph.timeline
        return card_path(path), Card(gettext("Timeline"), title, _events_span(events, lang), site)
    home = urls.home_path(lang)
    return card_path(home), Card("", graph.config.description[lang], "", site)


def _view_of(graph: SiteGraph, lang: str, path: str) -> tuple[str, str] | None:
    """The (key, value) of the timeline view at `path`, or None for the main timeline."""
    rest = path[len(urls.timeline_path(lang)):].strip("/")
    if not rest:
        return None
    key, _, value = rest.partition("/")
    return ("year", key) if not value else (key, value)


def all_cards(graph: SiteGraph, gettexts: dict[str, Callable[[str], str]], lang: str) -> Iterator[tuple[str, Card]]:
    """Every card of one language, as page_card gives them to its pages."""
    content = graph.content
    gettext = gettexts[lang]
    yield page_card(graph, gettext, lang, urls.home_path(lang))
    for kind, table in (("article", graph.articles), ("topic", content.topics.values()),
                        ("actor", content.actors.values())):
        for entry in table:
            if lang in entry.texts and not getattr(entry, "image", None):
                yield page_card(graph, gettext, lang, urls.entry_path(kind, entry.slug, lang), entry)
    yield page_card(graph, gettext, lang, urls.timeline_path(lang), graph.timeline)
    for key, views in event_views(graph).items():
        for value, events in views.items():
            if events:
                yield page_card(graph, gettext, lang, view_path(key, value, lang), events)


def share_card_files(graph: SiteGraph, gettexts: dict, theme_dir: Path, cache_dir: Path, lang: str) -> dict[str, bytes]:
    """The cards of one language as PNG bytes by output path; cached in `cache_dir` by a hash
    of what each shows. None where site.yaml says `share_cards: false`."""
    if not graph.config.share_cards:
        return {}
    fonts = Fonts(theme_dir / FONT_DIR)
    folder = cache_dir / "share-cards"
    files = {}
    for rel, card in all_cards(graph, gettexts, lang):
        key = hashlib.sha256(repr((card, fonts.digest, WIDTH, HEIGHT, 2)).encode()).hexdigest()
        cached = folder / f"{key}.png"
        try:
            files[rel] = cached.read_bytes()
        except OSError:
            files[rel] = render_card(card, fonts)
            _store(cached, files[rel])
    return files


def _store(path: Path, data: bytes) -> None:
    """Write a cache file whole or not at all; a cache that cannot be written only costs time."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_bytes(data)
        os.replace(temporary, path)
    except OSError:
        pass


INKS = (INK, MUTED, ACCENT, RULE)  # each drawn in SHADES shades over the paper: a 253-colour palette
SHADES = 63


def _rgb(colour: str) -> tuple[int, ...]:
    return tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))


def _palette() -> list[int]:
    """The paper, then each ink's shades from the lightest to the ink itself."""
    paper, colours = _rgb(PAPER), list(_rgb(PAPER))
    for ink in map(_rgb, INKS):
        for shade in range(1, SHADES + 1):
            colours += [round(p + (i - p) * shade / SHADES) for p, i in zip(paper, ink)]
    return colours


def _shade_table(ink: int) -> list[int]:
    """A glyph's coverage (0–255) as the palette index of the ink's nearest shade (0: the paper)."""
    return [0] + [ink * SHADES + (coverage * SHADES + 254) // 255 for coverage in range(1, 256)]


PALETTE = _palette()
SHADE_TABLES = [_shade_table(ink) for ink in range(len(INKS))]
SOLID = [table[255] for table in SHADE_TABLES]
COVERED = [0] + [255] * 255  # any coverage at all: where a word's stamp is pasted
MAX_STAMPS = 20_000  # words kept drawn per process and language; a longer list starts again


class Fonts:
    """The theme's card fonts, loaded once per size, and each word drawn once per font and ink:
    titles, dates and the site's name share most of their words, and FreeType drew every card's
    text anew for 7 ms of its 22."""

    def __init__(self, folder: Path):
        self.folder = folder
        digest = hashlib.sha256()
        for name in (BOLD, REGULAR):
            digest.update((folder / name).read_bytes())
        self.digest = digest.hexdigest()
        self._loaded: dict = {}
        self._widths: dict = {}
        self._stamps: dict = {}

    def get(self, name: str, size: int):
        from PIL import ImageFont

        key = (name, size)
        if key not in self._loaded:
            self._loaded[key] = ImageFont.truetype(str(self.folder / name), size)
        return self._loaded[key]

    def width(self, font, word: str) -> float:
        key = (font.path, font.size, word)
        if key not in self._widths:
            self._widths[key] = font.getlength(word)
        return self._widths[key]

    def stamp(self, font, word: str, ink: int):
        """The word in the ink's palette indices, the mask of its pixels, and its offset."""
        key = (font.path, font.size, word, ink)
        if key not in self._stamps:
            from PIL import Image, ImageDraw

            if len(self._stamps) >= MAX_STAMPS:
                self._stamps.clear()
            left, top, right, bottom = font.getbbox(word)
            coverage = Image.new("L", (max(1, right - left), max(1, bottom - top)))
            ImageDraw.Draw(coverage).text((-left, -top), word, font=font, fill=255)
            self._stamps[key] = (coverage.point(SHADE_TABLES[ink]), coverage.point(COVERED), left, top)
        return self._stamps[key]


def _line_length(words: list[str], font, fonts: Fonts) -> float:
    return sum(fonts.width(font, word) for word in words) + fonts.width(font, " ") * (len(words) - 1)


def _wrap(text: str, font, fonts: Fonts, width: int) -> list[list[str]]:
    """The words of each line, as many on a line as fit (measured as they are drawn, word by word)."""
    lines: list[list[str]] = []
    space, length = fonts.width(font, " "), 0.0
    for word in text.split():
        wide = fonts.width(font, word)
        if lines and length + space + wide <= width:
            lines[-1].append(word)
            length += space + wide
        else:
            lines.append([word])
            length = wide
    return lines


def _fit_title(title: str, fonts: Fonts, width: int):
    """The title's lines (as lists of words) and font: the largest size that fits, cut with …
    past MAX_LINES."""
    for size in TITLE_SIZES:
        font = fonts.get(BOLD, size)
        lines = _wrap(title, font, fonts, width)
        if len(lines) <= MAX_LINES:
            return lines, font
    lines = lines[:MAX_LINES]
    while _line_length(lines[-1] + ["…"], font, fonts) > width and len(lines[-1]) > 1:
        lines[-1].pop()
    lines[-1].append("…")
    return lines, font


def _draw_words(canvas, at: tuple[int, int], words: list[str], font, fonts: Fonts, ink: int) -> None:
    x, y = at
    space = fonts.width(font, " ")
    for word in words:
        shades, covered, left, top = fonts.stamp(font, word, ink)
        canvas.paste(shades, (round(x + left), y + top), covered)
        x += fonts.width(font, word) + space


def render_card(card: Card, fonts: Fonts) -> bytes:
    """The card as a palette PNG: type above, title, date, and the site's name at the foot.

    The image holds palette indices from the start (the paper, and 63 shades of each ink), so it
    is written as 8-bit PNG without a conversion: about 3.5 ms a card against 22 ms for the RGB
    image drawn line by line (bench/README.md, "Share cards")."""
    from PIL import Image, ImageDraw

    canvas = Image.new("L", (WIDTH, HEIGHT), 0)
    draw = ImageDraw.Draw(canvas)
    draw.rectangle((0, 0, 24, HEIGHT), fill=SOLID[INKS.index(ACCENT)])
    y = 70
    if card.kind:
        _draw_words(canvas, (MARGIN, y), card.kind.upper().split(), fonts.get(BOLD, 30), fonts, INKS.index(ACCENT))
        y += 64
    lines, font = _fit_title(card.title, fonts, WIDTH - 2 * MARGIN)
    for line in lines:
        _draw_words(canvas, (MARGIN, y), line, font, fonts, INKS.index(INK))
        y += int(font.size * 1.2)
    if card.date:
        _draw_words(canvas, (MARGIN, y + 20), card.date.split(), fonts.get(REGULAR, 34), fonts, INKS.index(MUTED))
    draw.line((MARGIN, HEIGHT - 120, WIDTH - MARGIN, HEIGHT - 120), fill=SOLID[INKS.index(RULE)], width=3)
    _draw_words(canvas, (MARGIN, HEIGHT - 95), card.site.split(), fonts.get(BOLD, 34), fonts, INKS.index(INK))
    canvas.putpalette(PALETTE)  # the indices become a palette image ("P"), no pixel is converted
    out = io.BytesIO()
    canvas.save(out, "PNG", compress_level=2)  # level 6 took 10 ms a card for a fifth fewer bytes
    return out.getvalue()
