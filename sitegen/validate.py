"""Turn what was read into the model, checking every key and every reference on the way."""
from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from .entry_groups import Checked, KeptEntries, checked_once, entry_groups, entry_key, remembered
from .entry_images import read_entry_image
from .eras import read_eras
from .errors import Problems
from .fields import Fields, is_language_code, is_url
from .load import SLUG, EventFile, ProseFile, RawContent
from .editorial import add_events, event_items, merge_translations, read_corrections, read_sources
from .model import ACTOR_KINDS, Actor, Article, Content, SiteConfig, SourceInfo, Text, Topic
from .placeholders import published_without_placeholders
from .references import MEMO_KEY, CheckKeys, LeftOut, check_references
from .relations import read_relations

ARTICLE_TEXT = ("title", "summary")
ARTICLE_SHARED = ("date", "updated", "topics", "actors", "source", "draft", "claimed_by", "image", "image_alt")
TOPIC_TEXT = ("title", "summary")
TOPIC_SHARED = ("sources", "draft")
ACTOR_TEXT = ("name", "role")
ACTOR_SHARED = ("kind", "country", "aliases", "role_as_of", "sources", "draft", "relations")
PER_LANGUAGE = ("corrections",)  # keys every translation has its own of
# key → the kind of entry it names
REFERENCES = {"topics": "topic", "actors": "actor", "country": "actor", "claimed_by": "actor"}
SOURCE_KEYS = ("outlet", "author", "published", "url", "language")

def build_content(raw: RawContent, config: SiteConfig, problems: Problems, include_drafts: bool,
                  cache: dict | None = None, kept: KeptEntries | None = None) -> Content:
    """Validate `raw` into a Content; problems are collected, never raised here.

    With a `cache` (kept by `sitegen serve` between rebuilds, or filled by `check_ahead` while
    the files were read), an entry or events file whose files are unchanged is not checked
    again: what it gave then is used. With `kept` too (serve's), only the entries with a file
    read again are looked at (see entry_groups). References between entries are checked anew:
    all of them, or, after a check that found nothing wrong, those of the entries whose files
    changed since (see references).
    """
    checks_for(cache, config)
    check = _group_check(cache, config, problems.root)
    since = kept.since(raw.prose, config, check) if kept is not None and cache is not None else None
    groups = entry_groups(raw.prose, config, problems) if since is None else {}
    eras, unchecked = read_eras(raw.eras, config, problems)  # the references of eras with errors
    failed: set[str] = set()  # entries with errors of their own: references to them are not errors too
    # `unchecked`: the references of those entries (and of eras with errors), checked all the same
    checked, clean = (since, True) if since is not None else _checked_entries(groups, check, problems, failed,
                                                                               unchecked)
    if kept is not None and since is None:
        kept.keep(config, raw.prose, checked if clean else None)
    content = Content(eras=eras, **{kind: dict(table) for kind, table in checked.tables.items()})
    places = dict(checked.places)
    keys = CheckKeys(dict(checked.keys))  # which files each entry and event was read from, for the reference check
    failed_events = []
    for event_file in raw.events:
        key = _events_key(event_file)
        items = remembered(cache, key, problems, places, _events_check(event_file, config))
        keys.events[key] = [event_id for event_id, *_ in items]
        failed_events += add_events(items, event_file.source.rel, content, problems)
    check_references(content, places, LeftOut(failed, unchecked, failed_events), problems, include_drafts,
                     config.relation_types, cache, keys)
    if include_drafts:
        return content
    return replace(content, drafts_left_out=_leave_out_drafts(content))


def _group_check(cache: dict | None, config: SiteConfig, root: Path | None):
    """The check of one entry from its files: (its key, the entry or None, problems, places)."""
    def check(kind: str, slug: str, docs: list[ProseFile]) -> tuple:
        key = entry_key(kind, slug, docs)
        return (key, *checked_once(cache, key, root, _entry_check(kind, slug, docs, config)))
    return check


def _checked_entries(groups: dict, check, problems: Problems, failed: set[str],
                     unchecked: list) -> tuple[Checked, bool]:
    """Every entry checked (in kind and slug order), and whether none had a problem; the slugs
    and references of those with errors go to `failed` and `unchecked`."""
    checked = Checked({}, {}, {"articles": {}, "topics": {}, "actors": {}}, {}, {})
    clean = True
    for (kind, slug), docs in sorted(groups.items()):
        key, entry, items, where = check(kind, slug, docs)
        checked.groups[(kind, slug)], checked.keys[(kind, slug)], checked.wheres[(kind, slug)] = docs, key, where
        checked.places.update(where)
        problems.items += items
        clean = clean and not items
        if entry is not None:
            checked.tables[kind][slug] = entry
        else:
            clean = False
            failed.add(slug)
            unchecked += where.get(("unchecked", kind, slug), ())
    return checked, clean


def _leave_out_drafts(content: Content) -> tuple[str, ...]:
    """Remove the drafts, which a build does not publish, and name them (`articles/<slug>`)."""
    names = []
    for section in ("articles", "topics", "actors", "events"):
        table = getattr(content, section)
        for key in [key for key, entry in table.items() if entry.draft]:
            del table[key]
            names.append(f"{section}/{key}")
    return tuple(names)


def checks_for(cache: dict | None, config: SiteConfig) -> dict | None:
    """`cache` ready to keep checks made under `config`: emptied if it kept them under another."""
    if cache is not None and not checked_under(cache, config):
        cache.clear()
        cache["config"] = repr(config)
    return cache


def checked_under(cache: dict, config: SiteConfig) -> bool:
    """Whether the checks kept in `cache` were made under `config`."""
    return cache.get("config") == repr(config)


def check_keys(raw: RawContent, config: SiteConfig) -> set:
    """The keys under which build_content looks up the checks of `raw`'s entries and events
    files: a kept check under any other key is of files as they no longer are."""
    keys: set = {"config", MEMO_KEY}
    keys.update(entry_key(kind, slug, docs) for (kind, slug), docs in entry_groups(raw.prose, config, None).items())
    keys.update(_events_key(event_file) for event_file in raw.events)
    return keys


def check_ahead(part: RawContent, config: SiteConfig, root: Path) -> dict:
    """What build_content would keep in its cache for the entries and events files in `part`.

    The processes that read a big site's files check what they read too (discover), so that
    checking is spread over them: at 5,000 articles it took the main process half a second
    after all was read. A slice of files holds all the files of an entry; one that did not
    would be checked under another key than build_content asks for, and checked again there.
    Problems are kept with each check (paths shown from `root`, the content folder), and
    build_content reports them in its own order.
    """
    checks: dict = {}
    for (kind, slug), docs in entry_groups(part.prose, config, None).items():
        remembered(checks, entry_key(kind, slug, docs), Problems(root), {}, _entry_check(kind, slug, docs, config))
    for event_file in part.events:
        remembered(checks, _events_key(event_file), Problems(root), {}, _events_check(event_file, config))
    return checks


def _entry_check(kind: str, slug: str, docs: list[ProseFile], config: SiteConfig):
    reader = {"articles": _article, "topics": _topic, "actors": _actor}[kind]
    return lambda found, where: reader(slug, docs, config, found, where)


def _events_key(event_file: EventFile) -> tuple:
    return ("events", event_file.source.rel, event_file.source.digest)


def _events_check(event_file: EventFile, config: SiteConfig):
    return lambda found, _: event_items(event_file, config, found)


def _texts(docs: list[ProseFile], problems: Problems, title_key: str, summary_key: str, shared: tuple) -> dict[str, Text] | None:
    texts = {}
    for doc in docs:
        fields = Fields(problems, doc.source.rel, doc.meta, 1)
        fields.unknown_keys((title_key, summary_key, "translation_checked", *shared, *PER_LANGUAGE))
        title, summary = fields.text(title_key), fields.text(summary_key)
        checked = _day(fields, "translation_checked")
        if title and summary and fields.ok:
            texts[doc.lang] = Text(doc.lang, title, summary, doc.packed_body, doc.source.rel, doc.body_line, checked)
    return texts if len(texts) == len(docs) else None


def _day(fields: Fields, key: str) -> date | None:
    """An optional calendar day, `YYYY-MM-DD`."""
    value = fields.partial_date(key, required=False)
    if value is not None and value.precision != "day":
        fields.error(key, f"{key}: expected a day such as 2023-09-02, got {value.isoformat()!r}",
                     "write the day the translation was checked against the other language")
        return None
    return value.start() if value else None


def _shared(docs: list[ProseFile], problems: Problems, read, places: dict) -> tuple[dict, bool]:
    """Language-independent keys: read from every translation, and equal wherever given twice;
    with whether all were (the values read are returned either way)."""
    merged: dict[str, tuple] = {}
    ok = True
    for doc in docs:
        fields = Fields(problems, doc.source.rel, doc.meta, 1)
        values = read(fields)
        ok = ok and fields.ok
        for key, value in values.items():
            if value is None:
                continue
            if key not in merged:
                merged[key] = (value, doc, fields.line(key))
                places[(docs[0].kind, docs[0].slug, key)] = (doc.source.rel, fields.line(key))
            elif _comparable(merged[key][0]) != _comparable(value):
                first, first_line = merged[key][1], merged[key][2]
                problems.add(doc.source.rel, fields.line(key),
                             f"{key} differs from {problems.display(first.source.rel)}:{first_line}",
                             "language-independent keys must be equal in every translation, or written in one only")
                ok = False
    return {key: value for key, (value, _, _) in merged.items()}, ok


def _comparable(value):
    if isinstance(value, tuple) and all(isinstance(v, str) for v in value):
        return tuple(sorted(value))
    return value


def _required_shared(values: dict, docs: list[ProseFile], problems: Problems, keys: tuple[str, ...]) -> bool:
    """Whether every key of `keys` was read; one left out or empty everywhere is reported here
    (one written with a bad value was reported where it was read)."""
    ok = True
    for key in keys:
        if key not in values and all(doc.meta.get(key) is None for doc in docs):
            problems.add(docs[0].source.rel, 1, f"missing required key {key!r}",
                         "write it in at least one translation")
            ok = False
        elif key not in values:
            ok = False
    return ok


def _corrections(docs: list[ProseFile], config: SiteConfig, problems: Problems):
    """The entry's corrections, each in every translation (None when one is missing)."""
    found = [(doc.source.rel, doc.lang, read_corrections(Fields(problems, doc.source.rel, doc.meta, 1), config.zone, doc.lang))
             for doc in docs]
    return merge_translations(found, problems)


def _article(slug: str, docs: list[ProseFile], config: SiteConfig, problems: Problems, places: dict) -> Article | None:
    texts = _texts(docs, problems, "title", "summary", ARTICLE_SHARED)
    corrections = _corrections(docs, config, problems)

    def read(fields: Fields) -> dict:
        return {
            "date": fields.moment("date", config.zone, required=False),
            "updated": fields.moment("updated", config.zone, required=False),
            "topics": fields.slugs("topics"),
            "actors": fields.slugs("actors"),
            "source": _source(fields, config),
            "draft": fields.boolean("draft"),
            "claimed_by": fields.slugs("claimed_by"),
            "image": fields.text("image", required=False),
        }

    shared, ok = _shared(docs, problems, read, places)
    ok = _required_shared(shared, docs, problems, ("date", "source")) and ok and corrections is not None
    if shared.get("updated") and shared.get("date") and shared["updated"] < shared["date"]:
        problems.add(docs[0].source.rel, 1, "updated is before date", "an update comes after the first publication")
        ok = False
    image = None
    if shared.get("image") and ok:
        where = places.get(("articles", slug, "image"), (docs[0].source.rel, 1))
        image = read_entry_image(docs, shared["image"], where, problems)
        ok = image is not None
    if not (published_without_placeholders(docs, bool(shared.get("draft")), problems) and ok and texts):
        return _failed(docs, shared, places)
    return Article(slug, shared["date"], shared.get("topics", ()), shared.get("actors", ()), shared["source"],
                   texts, shared.get("updated"), bool(shared.get("draft", False)), shared.get("claimed_by", ()),
                   corrections, image=image)


def _source(fields: Fields, config: SiteConfig) -> SourceInfo | None:
    source = fields.mapping("source", required=False)
    if source is None:
        return None
    source.unknown_keys(SOURCE_KEYS)
    outlet = source.text("outlet")
    published = source.moment("published", config.zone)
    url = source.text("url", required=False) or ""
    if url and not is_url(url):
        source.error("url", f"url: expected an http(s) address, got {url!r}")
    language = source.text("language", False) or ""
    if language and not is_language_code(language):
        source.error("language", f"language: {language!r} is not a language code", "e.g. id, en or ru")
    if not source.ok:
        fields.ok = False
        return None
    return SourceInfo(outlet, published, source.text("author", False) or "", url, language)


def _topic(slug: str, docs: list[ProseFile], config: SiteConfig, problems: Problems, places: dict) -> Topic | None:
    texts = _texts(docs, problems, "title", "summary", TOPIC_SHARED)
    corrections = _corrections(docs, config, problems)
    shared, ok = _shared(docs, problems, lambda fields: {"sources": read_sources(fields, required=False) or None,
                                                        "draft": fields.boolean("draft")}, places)
    if not (published_without_placeholders(docs, bool(shared.get("draft")), problems) and ok and texts
            and corrections is not None):
        return None
    return Topic(slug, texts, shared.get("sources", ()), corrections, draft=bool(shared.get("draft", False)))


def _actor(slug: str, docs: list[ProseFile], config: SiteConfig, problems: Problems, places: dict) -> Actor | None:
    texts = _texts(docs, problems, "name", "role", ACTOR_SHARED)
    corrections = _corrections(docs, config, problems)

    def read(fields: Fields) -> dict:
        country = fields.slugs("country")
        if country is not None and len(country) != 1:
            fields.error("country", "country: expected one actor slug")
        return {
            "kind": fields.choice("kind", ACTOR_KINDS, required=False),
            "country": country[0] if country and len(country) == 1 else None,
            "aliases": fields.strings("aliases"),
            "role_as_of": fields.partial_date("role_as_of", required=False),
            "sources": read_sources(fields, required=False) or None,
            "draft": fields.boolean("draft"),
            "relations": read_relations(fields, slug, config.relation_types),
        }

    shared, ok = _shared(docs, problems, read, places)
    ok = _required_shared(shared, docs, problems, ("kind",)) and ok and corrections is not None
    if not (published_without_placeholders(docs, bool(shared.get("draft")), problems) and ok and texts):
        return _failed(docs, shared, places)
    return Actor(slug, shared["kind"], texts, shared.get("country"), shared.get("aliases", ()), shared.get("role_as_of"),
                 shared.get("sources", ()), corrections, draft=bool(shared.get("draft", False)),
                 relations=shared.get("relations", ()))


def _failed(docs: list[ProseFile], shared: dict, places: dict) -> None:
    """An entry with errors is left out, but the entries it names are checked all the same, so
    that one run reports all its problems: its references are kept in `places`."""
    kind, slug = docs[0].kind, docs[0].slug
    references = []
    for key, what in REFERENCES.items():
        value = shared.get(key) or ()
        rel, line = places.get((kind, slug, key), (docs[0].source.rel, 1))
        references += [(rel, line, what, target) for target in ((value,) if isinstance(value, str) else value)
                       if SLUG.match(target)]
    references += [(r.path, r.line, "actor", slug) for r in shared.get("relations") or () for slug in (r.to, *r.claimed_by)]
    if references:
        places[("unchecked", kind, slug)] = tuple(references)
    return None
