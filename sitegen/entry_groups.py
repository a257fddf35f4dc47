"""The files of each entry, checked together, and what `sitegen serve` keeps of them between
rebuilds (`KeptEntries`).

An entry (an article, topic or actor) is checked from all its files at once, and what the check
gave is remembered under a key naming those files' bytes (`entry_key`, `remembered`). Serve
keeps more: the last build's groups, their keys, the entries and where each key was written. A
rebuild then looks only at the entries whose files are new objects (the reader hands back the
same objects for files it did not read again), rather than grouping, keying and looking up all
5,000 of a big site's entries on every save.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Callable

from .errors import Problems
from .load import ProseFile
from .model import SiteConfig

Group = tuple[str, str]  # (kind folder, slug), e.g. ("articles", "kirby-statement")


def entry_groups(prose: list[ProseFile], config: SiteConfig,
                 problems: Problems | None) -> dict[Group, list[ProseFile]]:
    """The files of each entry, by (kind, slug), in the order of the site's languages; a file in
    a language the site does not have is left out, and reported to `problems` when given."""
    groups: dict[Group, list[ProseFile]] = defaultdict(list)
    rank = {lang: number for number, lang in enumerate(config.languages)}
    for doc in prose:
        if doc.lang in rank:
            groups[(doc.kind, doc.slug)].append(doc)
        elif problems is not None:
            problems.add(doc.source.path, 0, f"unknown language suffix {doc.lang!r}",
                         f"name the file <slug>.<language>.md with one of: {', '.join(config.languages)}")
    for docs in groups.values():
        if len(docs) > 1:
            docs.sort(key=lambda d: rank[d.lang])
    return groups


def entry_key(kind: str, slug: str, docs: list[ProseFile]) -> tuple:
    """What an entry's check is remembered under: its files' bytes."""
    return (kind, slug, tuple(d.source.digest for d in docs))


def remembered(cache: dict | None, key: tuple, problems: Problems, places: dict, check):
    """`check(problems, places)`, or what it gave for the same files last time."""
    result, items, where = checked_once(cache, key, problems.root, check)
    problems.items += items
    places.update(where)
    return result


def checked_once(cache: dict | None, key: tuple, root, check) -> tuple:
    """(what `check(problems, places)` gives, the problems, the places), kept in `cache` under
    `key` and made only when it is not there yet."""
    if cache is not None and key in cache:
        return cache[key]
    found, where = Problems(root), {}
    result = (check(found, where), found.items, where)
    if cache is not None:
        cache[key] = result
    return result


@dataclass
class Checked:
    """The entries of one build in the order the full check adds them (by kind, then slug):
    each group's files and check key, the entries without problems, and where each key was
    written."""

    groups: dict[Group, list[ProseFile]]
    keys: dict[Group, tuple]
    tables: dict[str, dict[str, object]]  # kind folder → slug → entry
    places: dict[tuple, tuple[str, int]]
    wheres: dict[Group, dict]


@dataclass
class KeptEntries:
    """What `sitegen serve` keeps of the last build's entries (see the module's docstring). Only
    a build whose entries all checked without a problem is kept: problems are reported by the
    full check, in its order."""

    setting: str = ""  # repr of the site's settings the entries were checked under
    docs: dict[int, ProseFile] = field(default_factory=dict)  # id → file; held, so ids stay unique
    last: Checked | None = None

    def keep(self, config: SiteConfig, prose: list[ProseFile], checked: Checked | None) -> None:
        self.setting, self.last = repr(config), checked
        self.docs = {id(doc): doc for doc in prose} if checked is not None else {}

    def since(self, prose: list[ProseFile], config: SiteConfig, check: Callable) -> Checked | None:
        """This build's entries from the last build's, checking again (`check(kind, slug, docs)`
        → (key, entry, items, where)) only the groups with a file that is new or gone, and kept
        for the next build; None when the full check must run (and `keep` what it gives):
        nothing kept, other settings, a file in an unknown language, or an entry with problems."""
        last = self.last
        if last is None or self.setting != repr(config):
            return None
        now = {id(doc) for doc in prose}
        new = [doc for doc in prose if id(doc) not in self.docs]
        gone = {number for number in self.docs if number not in now}
        if any(doc.lang not in config.languages for doc in new):
            return None
        changed = {(doc.kind, doc.slug) for doc in new} | {(self.docs[n].kind, self.docs[n].slug) for n in gone}
        if not changed:
            return last
        tables = {kind: dict(table) for kind, table in last.tables.items()}
        patched = Checked(dict(last.groups), dict(last.keys), tables, dict(last.places), dict(last.wheres))
        for group in sorted(changed):
            files = [doc for doc in last.groups.get(group, ()) if id(doc) not in gone]
            files += [doc for doc in new if (doc.kind, doc.slug) == group]
            docs = entry_groups(files, config, None).get(group, [])  # in the order of the languages
            if not _replace(patched, group, docs, check):
                return None
        for number in gone:
            del self.docs[number]
        self.docs.update((id(doc), doc) for doc in new)
        self.last = patched
        return patched


def _replace(checked: Checked, group: Group, docs: list[ProseFile], check: Callable) -> bool:
    """Put the entry of `group`'s files now (`docs`; none: the entry is gone) in `checked`;
    False when it has problems."""
    kind, slug = group
    for key in checked.wheres.pop(group, {}):
        checked.places.pop(key, None)
    table = checked.tables.setdefault(kind, {})
    known = slug in table
    if not docs:
        del checked.groups[group], checked.keys[group], table[slug]
        return True
    key, entry, items, where = check(kind, slug, docs)
    if entry is None or items:
        return False
    checked.groups[group], checked.keys[group], table[slug], checked.wheres[group] = docs, key, entry, where
    checked.places.update(where)
    if not known:  # a new entry: in slug order, as the full check adds them
        checked.tables[kind] = dict(sorted(table.items()))
    return True
