"""What the data files say of relations: each actor's relations in `api/actors.json` (see exports.py)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from .dates import PartialDate

if TYPE_CHECKING:
    from .exports import Exporter


def _date(value: PartialDate | None) -> str | None:
    return value.isoformat() if value else None


def actor_relations_data(exporter: Exporter, slug: str) -> list[dict]:
    """An actor's relations from its end: the type and its name as read from here, the other
    actor, the direction (`out`, `in`, or `mutual`), dates at their precision, claimants, sources."""
    types = {t.key: t for t in exporter.config.relation_types}
    found = []
    for end in exporter.graph.relations_by_actor.get(slug, ()):
        relation, kind = end.relation, types[end.relation.type]
        direction = "mutual" if not kind.directed else "out" if end.outgoing else "in"
        found.append({
            "type": relation.type, "label": (kind.inverse if direction == "in" else kind.name)[exporter.lang],
            "direction": direction, "actor": exporter.ref("actor", exporter.content.actors[end.other]),
            "from": _date(relation.start), "until": _date(relation.until),
            "claimed_by": [exporter.ref("actor", exporter.content.actors[s]) for s in relation.claimed_by],
            "sources": exporter.source_urls(relation.sources),
        })
    return found
