"""Typed, dated, sourced relations between actors: their vocabulary (site.yaml's
`relation_types`), an actor's `relations:` as read and checked, and each actor's relations
seen from its own end. Reading and checking only: pages are planned in relation_views.py."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .dates import PartialDate
from .editorial import read_sources
from .errors import Problems, did_you_mean
from .fields import MISSING, Fields, describe
from .load import SLUG
from .model import Content, Relation, RelationType
from .yamltext import LinedDict

RELATION_KEYS = ("to", "type", "from", "until", "sources", "claimed_by")
TYPE_KEYS = ("name", "inverse")
TYPES_HINT = "define it under relation_types in site.yaml, with a name per language (and an inverse if it is directed)"


def read_relation_types(path: Path, data: LinedDict, problems: Problems,
                        languages: tuple[str, ...]) -> tuple[RelationType, ...]:
    """site.yaml's `relation_types`: `{key: {name: {lang: text}, inverse: {lang: text}}}`; a
    type with an `inverse` is directed ("sanctions" / "sanctioned by"), one without is mutual."""
    fields = Fields(problems, path, data, data.line)
    value = fields.raw("relation_types", required=False)
    if value is MISSING:
        return ()
    if not isinstance(value, LinedDict):
        fields.error("relation_types", f"relation_types: expected a mapping of types, got {describe(value)}", TYPES_HINT)
        return ()
    types = []
    for key, spec in value.items():
        line = value.line_of(key)
        if not isinstance(key, str) or not SLUG.match(key):
            problems.add(path, line, f"relation_types: bad key {key!r}", "use lowercase letters, digits and hyphens")
            continue
        if not isinstance(spec, LinedDict):
            problems.add(path, line, f"relation_types: {key}: expected name (and inverse) below it", TYPES_HINT)
            continue
        one = Fields(problems, path, spec, spec.line)
        one.unknown_keys(TYPE_KEYS)
        name = one.language_map("name", languages)
        inverse = one.language_map("inverse", languages, required=False)
        if one.ok:
            types.append(RelationType(key, name, inverse))
    return tuple(types)


def read_relations(fields: Fields, actor: str, types: tuple[RelationType, ...]) -> tuple[Relation, ...] | None:
    """An actor's `relations:`, each `{to, type, from, until, sources, claimed_by}`; every
    problem is reported at its line (and `fields.ok` is then false). None when there are none."""
    value = fields.raw("relations", required=False)
    if value is MISSING:
        return None
    if not isinstance(value, list) or not all(isinstance(item, LinedDict) for item in value):
        fields.error("relations", f"relations: expected a list of {{to, type, from, sources}}, got {describe(value)}")
        return None
    if not fields.few_enough("relations", value):
        return None
    known = {t.key for t in types}
    found = []
    for item in value:
        one = Fields(fields.problems, fields.path, item, item.line)
        one.unknown_keys(RELATION_KEYS)
        to, kind = one.slugs("to", required=True), one.text("type")
        if kind is not None and kind not in known:
            hint = did_you_mean(kind, known) or TYPES_HINT
            one.error("type", f"type: unknown relation type {kind!r}" + (f" (known: {', '.join(sorted(known))})" if known else ""), hint)
        if to is not None and len(to) != 1:
            one.error("to", "to: expected one actor slug")
        start, until = one.partial_date("from", required=False), one.partial_date("until", required=False)
        if start and until and until.end() < start.start():
            one.error("until", f"until: {until} is before from: {start}")
        sources, claimed_by = read_sources(one, required=False), one.slugs("claimed_by") or ()
        if one.raw("sources", required=False) is MISSING:
            one.error("sources", "a relation without a source", "add sources: the article slugs or addresses that state it")
        if to and len(to) == 1 and to[0] == actor:
            one.error("to", f"to: {actor!r} is the actor itself", "a relation links two different actors")
        if one.ok:
            found.append(Relation(actor, to[0], kind, sources, start, until, claimed_by, fields.path, item.line))
        else:
            fields.ok = False
    return tuple(found) or None  # with an error in one, the others' references are checked all the same


def pair_key(relation: Relation, types: dict[str, RelationType]) -> tuple:
    """What makes two declarations the same relation: the type and its two ends, in order for a
    directed type, in either order for a mutual one."""
    ends = (relation.actor, relation.to)
    kind = types.get(relation.type)
    return (relation.type, ends if kind is None or kind.directed else tuple(sorted(ends)))


def check_relations(content: Content, types: tuple[RelationType, ...], problems: Problems,
                    check: Callable[[str, int, str, str, dict, bool], None]) -> None:
    """The references of every relation (through `check`, validate's reference check), and the
    same relation declared on two actors' pages with other dates or claimants."""
    by_key = {t.key: t for t in types}
    seen: dict[tuple, Relation] = {}
    for actor in content.actors.values():
        for relation in actor.relations:
            published = not actor.draft
            check(relation.path, relation.line, "actor", relation.to, content.actors, published)
            for slug in relation.claimed_by:
                check(relation.path, relation.line, "actor", slug, content.actors, published)
            for source in relation.sources:
                if source.article:
                    check(relation.path, relation.line, "article", source.article, content.articles, published)
            key = pair_key(relation, by_key)
            first = seen.setdefault(key, relation)
            if first is not relation and first.actor != relation.actor and _dates(first) != _dates(relation):
                problems.add(relation.path, relation.line,
                             f"the relation {relation.type!r} between {relation.actor!r} and {relation.to!r} has other "
                             f"dates than at {problems.display(first.path)}:{first.line}",
                             "give it the same from and until on both actors, or declare it on one of them only")


def _dates(relation: Relation) -> tuple:
    return (relation.start, relation.until)


@dataclass(frozen=True)
class RelationEnd:
    """A relation as one of its actors sees it: the other actor, and whether it points away."""

    relation: Relation
    other: str
    outgoing: bool


def unique_relations(content: Content, types: tuple[RelationType, ...]) -> list[Relation]:
    """Every relation once (one declared on both actors is kept as the first actor declares
    it, by slug), in a fixed order: by actor, then as declared."""
    by_key = {t.key: t for t in types}
    seen: dict[tuple, Relation] = {}
    for slug in sorted(content.actors):
        for relation in content.actors[slug].relations:
            if relation.to in content.actors:
                seen.setdefault(pair_key(relation, by_key), relation)
    return list(seen.values())


def relations_by_actor(relations: list[Relation]) -> dict[str, list[RelationEnd]]:
    """Each actor's relations from its own end, the earliest first (undated ones last), then by
    type and the other actor."""
    ends: dict[str, list[RelationEnd]] = {}
    for relation in relations:
        ends.setdefault(relation.actor, []).append(RelationEnd(relation, relation.to, True))
        ends.setdefault(relation.to, []).append(RelationEnd(relation, relation.actor, False))
    for found in ends.values():
        found.sort(key=lambda end: (_start_key(end.relation), end.relation.type, end.other))
    return ends


def _start_key(relation: Relation) -> tuple:
    return (0, relation.start.start()) if relation.start else (1, None)


def in_force(relation: Relation, year: int) -> bool:
    """Whether the relation stood at some time in `year`: begun by its end (or undated), and not
    over before it began."""
    if relation.start and relation.start.start() > PartialDate(year).end():
        return False
    return not (relation.until and relation.until.end() < PartialDate(year).start())


def relation_years(relations: list[Relation]) -> list[int]:
    """The years the network can be shown as of: every year a relation begins or ends in, and
    those between, oldest first."""
    years = {d.year for r in relations for d in (r.start, r.until) if d}
    return list(range(min(years), max(years) + 1)) if years else []
