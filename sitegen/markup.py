"""Markdown bodies to safe HTML, cached by content hash; entry links resolved per page.

Bodies are converted once with a fixed extension set and sanitized with nh3 (so raw HTML an
editor or a contributor writes cannot run script), then cached on disk. Links between entries
(`actor:kim-jong-un`, `article:…`, `topic:…`, `event:…`) survive sanitizing as they are and are
turned into the right language's URL when a page is rendered, so one cached body serves every
page and language.
"""
from __future__ import annotations

import hashlib
import os
import re
import sqlite3
from html import unescape as unescape_html
from pathlib import Path

import markdown
import nh3

from .markdown_shortcuts import take_shortcuts
from .yamltext import without_unsafe

ENTRY_SCHEMES = ("actor", "article", "topic", "event")
# A fixed set: `extra` without md_in_html and abbr, and no smarty, which together doubled the
# conversion time of a typical body (measured in bench/).
EXTENSIONS = ("tables", "footnotes", "fenced_code", "attr_list", "def_list", "sane_lists")
VERSION = "3"  # bump when the conversion below changes, so cached bodies are redone

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "caption", "cite", "code", "dd", "del", "div", "dl", "dt", "em",
    "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "img", "ins", "kbd", "li", "mark", "ol",
    "p", "pre", "q", "s", "small", "span", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th",
    "thead", "tr", "ul",
}
ALLOWED_ATTRIBUTES = {
    "*": {"id", "class", "title", "lang"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "th": {"align", "scope", "colspan", "rowspan"},
    "td": {"align", "colspan", "rowspan"},
    "ol": {"start"},
}
URL_SCHEMES = {"http", "https", "mailto", *ENTRY_SCHEMES}
ENTRY_LINK = re.compile(r'href="(actor|article|topic|event):([^"#]*)(#[^"]*)?"')
_HEADING = re.compile(r"<(/?)h1\b")
_LINK = re.compile(r'<a ((?:[^>]*? )?href="([^"]*)")', re.IGNORECASE)
_URL_EDGES = "".join(map(chr, range(0x21)))  # C0 controls and space, which browsers strip from a URL's ends
_URL_NOISE = re.compile(r"[\t\n\r]")  # which browsers drop anywhere in a URL
_LEAVES_SITE = re.compile(r"https?:|//")


class Converter:
    """One reusable Markdown instance (resetting it is much cheaper than building a new one)."""

    def __init__(self) -> None:
        self.md = markdown.Markdown(
            extensions=list(EXTENSIONS),
            extension_configs={"footnotes": {"BACKLINK_TITLE": "%d"}},
            output_format="html",
        )
        self.shortcuts = take_shortcuts(self.md)

    def markdown_html(self, text: str) -> str:
        """Python-Markdown's HTML for a body, before sanitizing."""
        self.md.reset()
        self.shortcuts.prepare(text)
        return self.md.convert(text)

    def to_html(self, text: str) -> str:
        html = self.markdown_html(without_unsafe(text))
        html = _HEADING.sub(r"<\1h2", html)  # the page title is the only h1
        return sanitize(html)


_CLEANER = nh3.Cleaner(  # made once: passing the rules to nh3.clean converted them on every call
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    url_schemes=URL_SCHEMES,
    link_rel=None,
    strip_comments=True,
)


def sanitize(html: str) -> str:
    """Remove everything that could run script or load foreign frames; keep ordinary markup.
    A link that may lead off the site gets rel="noopener noreferrer"."""
    return _LINK.sub(_with_rel, _CLEANER.clean(html))


def _with_rel(match: re.Match) -> str:
    if leaves_site(unescape_html(match.group(2))):
        return f'<a rel="noopener noreferrer" {match.group(1)}'
    return match.group(0)


def leaves_site(href: str) -> bool:
    """Whether a browser may take `href` to another site, read as browsers read URLs (WHATWG):
    spaces and controls at its ends and tabs and line breaks inside are dropped, a backslash
    is a slash, and `http:host` or `https:/host` lead to `host` as `https://host` does."""
    url = _URL_NOISE.sub("", href.strip(_URL_EDGES)).replace("\\", "/").lower()
    return bool(_LEAVES_SITE.match(url))


def body_key(text: str) -> str:
    return hashlib.sha1(f"{VERSION}\0{text}".encode()).hexdigest()


_converter: Converter | None = None


def convert(text: str) -> str:
    """A body as safe HTML, with one Converter per process (each build worker has its own)."""
    global _converter
    if _converter is None:
        _converter = Converter()
    return _converter.to_html(text)


MMAP_BYTES = 1 << 30


class BodyCache:
    """Converted bodies on disk, keyed by the hash of their Markdown; safe to delete at any time.

    One SQLite file rather than a file per body: creating ten thousand small files took a tenth
    of a cold build on an ext4 disk. Every process (build workers are forked) opens its own
    connection; new bodies wait in memory until `flush()` writes them in one transaction (the
    workers flush after each batch of pages: a transaction per body kept the two workers
    waiting for each other's write lock). Writes go to SQLite's write-ahead log without waiting
    for the disk, since a lost write only means a body converted again. A broken cache file is
    replaced by an empty one. Nothing else is kept in memory: each body is shown on one page,
    made once per build.
    """

    FILE = "bodies.sqlite"

    def __init__(self, folder: Path | None, read: bool = True):
        self.folder = folder
        self.read = read  # False for a clean build: convert everything, but still refresh the cache
        self._db: sqlite3.Connection | None = None
        self._pid = 0
        self._pending: dict[str, str] = {}  # key → HTML, converted since the last flush
        self._connection()  # made here, before workers fork, so they never race to create it

    def _connection(self) -> sqlite3.Connection | None:
        if self.folder is None:
            return None
        if self._pid != os.getpid():
            self._db, self._pid, self._pending = None, os.getpid(), {}
            try:
                self._db = _open_bodies(self.folder / self.FILE)
            except (sqlite3.Error, OSError):
                self.folder = None  # no cache this build rather than no build
        return self._db

    def flush(self) -> None:
        """Write the bodies stored since the last flush, in one transaction."""
        db = self._connection()
        if db is None or not self._pending:
            return
        rows, self._pending = list(self._pending.items()), {}
        try:
            with db:
                db.execute("BEGIN IMMEDIATE")
                db.executemany("INSERT OR REPLACE INTO html_by_key VALUES (?, ?)", rows)
        except sqlite3.Error:
            pass

    def html(self, text: str) -> str:
        db = self._connection()
        key = body_key(text)
        if key in self._pending:
            return self._pending[key]
        if self.read and db is not None:
            try:
                row = db.execute("SELECT html FROM html_by_key WHERE key = ?", (key,)).fetchone()
            except sqlite3.Error:
                row = None
            if row is not None:
                return row[0]
        html = convert(text)
        if db is not None:
            self._pending[key] = html  # written at the next flush()
        return html


def _open_bodies(path: Path) -> sqlite3.Connection:
    """The body cache's database, made (or made again, if the file is not a database) when needed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        return _connect(path)
    except sqlite3.DatabaseError:
        for stale in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            stale.unlink(missing_ok=True)
        return _connect(path)


def _connect(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
    try:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=OFF")
        db.execute(f"PRAGMA mmap_size={MMAP_BYTES}")  # reads without a system call each (two workers write in turns)
        # A rowid table: its rows (a body's HTML, a few kB) are as big as a page, which a table
        # WITHOUT ROWID stores badly; inserting a cold build's bodies took twice as long.
        db.execute("CREATE TABLE IF NOT EXISTS html_by_key (key TEXT NOT NULL UNIQUE, html TEXT NOT NULL)")
        if db.execute("SELECT 1 FROM sqlite_master WHERE name = 'bodies'").fetchone():
            db.execute("DROP TABLE bodies")  # the WITHOUT ROWID table of earlier versions
    except sqlite3.Error:
        db.close()
        raise
    return db


def entry_links(html: str) -> list[tuple[str, str]]:
    """The (scheme, slug) pairs of every entry link in converted HTML."""
    return [(m.group(1), m.group(2)) for m in ENTRY_LINK.finditer(html)]


def resolve_links(html: str, url_of) -> str:
    """Replace entry links by URLs; `url_of(scheme, slug)` gives None for one that leads nowhere."""
    def replace(match: re.Match) -> str:
        url = url_of(match.group(1), match.group(2))
        if url is None:
            return 'data-broken-link="true"'
        return f'href="{url}{match.group(3) or ""}"'

    return ENTRY_LINK.sub(replace, html)
