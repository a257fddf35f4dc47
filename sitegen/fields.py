"""Typed reading of one YAML mapping, reporting each bad value at its line."""
from __future__ import annotations

from datetime import datetime, tzinfo
from urllib.parse import urlsplit

from babel import Locale, UnknownLocaleError

from .dates import DateError, PartialDate, parse_moment, parse_partial_date
from .errors import Problems
from .limits import too_long, too_many
from .load import SLUG
from .yamltext import LinedDict

MISSING = object()


def describe(value) -> str:
    """How a wrong value is named in a message: its YAML kind, not its Python type."""
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if value is None:
        return "nothing"
    return repr(value)


def is_language_code(value: str) -> bool:
    """Whether Babel knows `value` (`id`, `en`, `pt_BR`), so that its name can be shown."""
    try:
        Locale.parse(value)
    except (ValueError, UnknownLocaleError):
        return False
    return True


def is_url(value: str) -> bool:
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


class Fields:
    """Reads the keys of one mapping; every problem is added with the key's line."""

    def __init__(self, problems: Problems, path: str, data: LinedDict, start_line: int):
        self.problems = problems
        self.path = path
        self.data = data
        self.start_line = start_line
        self.ok = True

    def line(self, key: str) -> int:
        return self.data.lines.get(key, self.start_line)

    def error(self, key: str, message: str, hint: str = "") -> None:
        self.ok = False
        self.problems.add(self.path, self.line(key), message, hint)

    def unknown_keys(self, known) -> None:
        for key in self.data:
            if key not in known:
                self.error(key, f"unknown key {key!r}", "known keys: " + ", ".join(known))

    def raw(self, key: str, required: bool):
        value = self.data.get(key, MISSING)
        if value is MISSING or value is None:
            if required:
                self.error(key, f"missing required key {key!r}")
            return MISSING
        return value

    def text(self, key: str, required: bool = True) -> str | None:
        value = self.raw(key, required)
        if value is MISSING:
            return None
        if isinstance(value, (dict, list, bool)):
            self.error(key, f"{key}: expected text, got {describe(value)}")
            return None
        value = str(value).strip()
        if required and not value:
            self.error(key, f"{key}: must not be empty")
            return None
        return self.short_enough(key, value)

    def short_enough(self, key: str, value: str) -> str | None:
        """`value`, or None (and an error) when it is longer than the field `key` may be."""
        problem = too_long(key, value)
        if problem:
            self.error(key, problem, "shorten it: this text is shown on many pages")
            return None
        return value

    def few_enough(self, key: str, values: list) -> bool:
        """Whether the list `values` is short enough for the field `key` (else an error)."""
        problem = too_many(key, len(values))
        if problem:
            self.error(key, problem, "list the most important ones")
        return problem is None

    def boolean(self, key: str) -> bool | None:
        value = self.raw(key, False)
        if value is MISSING:
            return None
        if not isinstance(value, bool):
            self.error(key, f"{key}: expected true or false, got {describe(value)}")
            return None
        return value

    def slugs(self, key: str, required: bool = False) -> tuple[str, ...] | None:
        value = self.raw(key, required)
        if value is MISSING:
            return None
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.error(key, f"{key}: expected a list of slugs, e.g. [kim-jong-un, john-kirby]")
            return None
        if not self.few_enough(key, value):
            return None
        for slug in value:
            if not SLUG.match(slug):
                self.error(key, f"{key}: bad slug {slug!r}", "use lowercase letters, digits and hyphens")
        if len(set(value)) != len(value):
            self.error(key, f"{key}: a slug is listed twice")
        return tuple(value)

    def strings(self, key: str) -> tuple[str, ...] | None:
        value = self.raw(key, False)
        if value is MISSING:
            return None
        if not isinstance(value, list) or not all(isinstance(v, (str, int)) and not isinstance(v, bool) for v in value):
            self.error(key, f"{key}: expected a list of texts")
            return None
        if not self.few_enough(key, value):
            return None
        texts = tuple(self.short_enough(key, str(v)) for v in value)
        return None if None in texts else texts

    def moment(self, key: str, zone: tzinfo, required: bool = True) -> datetime | None:
        value = self.raw(key, required)
        if value is MISSING:
            return None
        try:
            return parse_moment(str(value), zone)
        except DateError as exc:
            self.error(key, f"{key}: {exc}")
            return None

    def partial_date(self, key: str, required: bool = True) -> PartialDate | None:
        value = self.raw(key, required)
        if value is MISSING:
            return None
        if isinstance(value, (dict, list, bool)):
            self.error(key, f"{key}: expected YYYY, YYYY-MM or YYYY-MM-DD, got {describe(value)}")
            return None
        try:
            return parse_partial_date(str(value))
        except DateError as exc:
            self.error(key, f"{key}: {exc}")
            return None

    def choice(self, key: str, options: tuple[str, ...], required: bool = True) -> str | None:
        value = self.text(key, required)
        if value is not None and value not in options:
            self.error(key, f"{key}: expected one of {', '.join(options)}, got {value!r}")
            return None
        return value

    def language_map(self, key: str, languages: tuple[str, ...], required: bool = True) -> dict[str, str] | None:
        value = self.raw(key, required)
        if value is MISSING:
            return None
        if not isinstance(value, dict):
            example = ", ".join(f"{lang}: …" for lang in languages)
            self.error(key, f"{key}: expected one text per language, e.g. {{{example}}}")
            return None
        for lang in value:
            if lang not in languages:
                self.error(key, f"{key}: {lang!r} is not one of the site's languages ({', '.join(languages)})")
        result = {}
        for lang in languages:
            text = value.get(lang)
            if not isinstance(text, str) or not text.strip():
                self.error(key, f"{key}: missing the {lang!r} text", "every site language needs one")
            elif self.short_enough(key, text.strip()) is not None:
                result[lang] = text.strip()
        return result

    def mapping(self, key: str, required: bool = True) -> "Fields | None":
        value = self.raw(key, required)
        if value is MISSING:
            return None
        if not isinstance(value, LinedDict):
            self.error(key, f"{key}: expected keys indented below it")
            return None
        return Fields(self.problems, self.path, value, value.line)
