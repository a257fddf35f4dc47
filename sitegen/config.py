"""The site's settings, read from `content/site.yaml` into one frozen object."""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import Locale, UnknownLocaleError

from .errors import Problems
from .fields import Fields
from .load import read_text
from .model import SiteConfig
from .relations import read_relation_types
from .yamltext import LinedDict, YamlError, parse_yaml

SETTINGS = {
    "title": "the site's name, per language",
    "description": "one sentence about the site, per language",
    "base_url": "the address the site is published at, e.g. https://owner.github.io/repo/",
    "languages": "language codes; the first is the default",
    "timezone": "IANA time zone for dates written without an offset (default UTC)",
    "cname": "optional custom domain (the host of base_url) to write into site/CNAME",
    "icon": "optional square image in the content folder (PNG or JPEG, at least 180×180) for the favicon",
    "share_cards": "true (the default) or false: draw a 1200×630 share card for every indexable page",
    "relation_types": "the kinds of relation between actors, each with a name (and a directed one's inverse) per language",
}
ICON_MIN = 180


def load_config(path: Path, problems: Problems) -> SiteConfig | None:
    """Read and check site.yaml; every problem goes to `problems`, and None is returned then."""
    if not path.is_file():
        problems.add(path, 0, "site.yaml is missing", "create it with title, description, base_url and languages")
        return None
    text = read_text(path, problems)
    if text is None:
        return None
    try:
        data = parse_yaml(text)
    except YamlError as exc:
        problems.add(path, exc.line, exc.message)
        return None
    if not isinstance(data, LinedDict):
        problems.add(path, 1, "site.yaml must be a mapping of settings")
        return None
    before = len(problems.errors)
    for key in data:
        if key not in SETTINGS:
            problems.add(path, data.line_of(key), f"unknown setting {key!r}", "known: " + ", ".join(SETTINGS))
    languages = _languages(path, data, problems)
    maps = {key: Fields(problems, path, data, data.line).language_map(key, languages) for key in ("title", "description")}
    base_url = _base_url(path, data, problems)
    zone = _timezone(path, data, problems)
    cname = _cname(path, data, base_url, problems)
    icon = _icon(path, data, problems)
    cards = Fields(problems, path, data, data.line).boolean("share_cards")
    relation_types = read_relation_types(path, data, problems, languages)
    if len(problems.errors) > before:
        return None
    return SiteConfig(maps["title"], maps["description"], base_url, languages, zone, cname, icon,
                      cards is not False, relation_types)


def _languages(path: Path, data: LinedDict, problems: Problems) -> tuple[str, ...]:
    value = data.get("languages")
    line = data.line_of("languages")
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        problems.add(path, line, "languages: expected a list of language codes such as [id, en]")
        return ()
    for code in value:
        try:
            Locale.parse(code)
        except (ValueError, UnknownLocaleError):
            problems.add(path, line, f"languages: {code!r} is not a language code Babel knows")
    if len(set(value)) != len(value):
        problems.add(path, line, "languages: a language is listed twice")
    return tuple(value)


_URL_UNSAFE = re.compile(r"[\x00-\x20\x7f-\x9f\\]")  # what urlsplit drops or browsers read otherwise


def _base_url(path: Path, data: LinedDict, problems: Problems) -> str:
    value = data.get("base_url")
    if isinstance(value, str) and _URL_UNSAFE.search(value):
        bad = _URL_UNSAFE.search(value).group()
        problems.add(path, data.line_of("base_url"), f"base_url: holds {bad!r}, which an address cannot hold",
                     "write the address alone, with no spaces, line breaks or backslashes")
        return ""
    parts = urlsplit(value) if isinstance(value, str) else None
    if not parts or parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        problems.add(path, data.line_of("base_url"), "base_url: expected an address like https://owner.github.io/repo/")
        return ""
    return value if value.endswith("/") else value + "/"


def _timezone(path: Path, data: LinedDict, problems: Problems) -> str:
    value = data.get("timezone", "UTC")
    try:
        ZoneInfo(str(value))
    except (ZoneInfoNotFoundError, ValueError):
        problems.add(path, data.line_of("timezone"), f"timezone: unknown time zone {value!r}", "use an IANA name such as Asia/Jakarta")
        return "UTC"
    return str(value)


_HOST = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$")


def _cname(path: Path, data: LinedDict, base_url: str, problems: Problems) -> str:
    """A custom domain must be a bare host name, and the one base_url names, or links would lie."""
    if "cname" not in data:
        return ""
    value, line = data["cname"], data.line_of("cname")
    if not isinstance(value, str) or not _HOST.match(value.strip().lower()):
        problems.add(path, line, f"cname: expected a bare host name such as briefing.example.org, got {value!r}")
        return ""
    host = value.strip().lower()
    if base_url and urlsplit(base_url).hostname != host:
        problems.add(path, line, f"cname: {host!r} is not the host of base_url {base_url!r}",
                     f"set base_url to https://{host}/ as well")
        return ""
    return host


def _icon(path: Path, data: LinedDict, problems: Problems) -> str:
    """The icon image named in site.yaml, relative to the content folder, checked to be usable."""
    if "icon" not in data:
        return ""
    value, line = data["icon"], data.line_of("icon")
    image = (path.parent / value).resolve() if isinstance(value, str) and value.strip() else None
    if image is None or not image.is_file():
        problems.add(path, line, f"icon: no file {value!r} in the content folder",
                     "name a PNG or JPEG file relative to the content folder, e.g. images/icon.png")
        return ""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(image) as opened:
            size = opened.size
    except (OSError, UnidentifiedImageError):
        problems.add(path, line, f"icon: {value!r} is not an image Pillow can read", "use a PNG or JPEG file")
        return ""
    if min(size) < ICON_MIN:
        problems.add(path, line, f"icon: {value!r} is {size[0]}×{size[1]} pixels",
                     f"use an image at least {ICON_MIN}×{ICON_MIN}; a square one is not cropped")
        return ""
    return str(image)
