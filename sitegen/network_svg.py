"""The actor network drawn as SVG at build time: laid out by networkx's spring layout with a
fixed seed, written out by hand with rounded coordinates, so that every build of the same
relations writes the same bytes. Each node links to its actor's profile."""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import networkx as nx

WIDTH = 640
MARGIN_X, MARGIN_Y = 40, 25  # room for the names below the nodes
RADIUS = 9
SEED = 24


@dataclass(frozen=True)
class Node:
    key: str  # the actor's slug
    label: str
    url: str


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    label: str  # the type's name
    title: str  # the relation in words, for the tooltip
    directed: bool
    claimed: bool  # someone's claim (drawn dashed)


@lru_cache(maxsize=64)
def layout(keys: tuple[str, ...], pairs: tuple[tuple[str, str], ...]) -> tuple[dict[str, tuple[int, int]], int]:
    """Each node's place in the drawing, in whole units, and the drawing's height. Each group of
    connected actors gets a cell of its own, the largest first (a spring layout of the whole
    pushes unconnected groups to the edges and crowds each one). One layout serves the network
    at every date (the same nodes keep their places), so it is made from every node and pair."""
    import networkx as nx  # here, not at the top: a site without relations never pays for its import

    graph = nx.Graph()
    graph.add_nodes_from(sorted(keys))
    graph.add_edges_from(sorted(pairs))
    groups = sorted((sorted(c) for c in nx.connected_components(graph)), key=lambda c: (-len(c), c[0]))
    columns = 1 if len(groups) <= 3 else 2 if len(groups) <= 8 else 3
    cell_width = WIDTH // columns
    places: dict[str, tuple[int, int]] = {}
    top = 0
    for row in range(0, len(groups), columns):
        height = max(_cell_height(len(group)) for group in groups[row:row + columns])
        for column, group in enumerate(groups[row:row + columns]):
            box = (column * cell_width, top, (column + 1) * cell_width, top + height)
            places.update(_placed(graph.subgraph(group), group, box))
        top += height
    return places, top


def _cell_height(size: int) -> int:
    return 90 if size <= 2 else 160 if size <= 4 else 320


def _placed(graph: nx.Graph, group: list[str], box: tuple[int, int, int, int]) -> dict[str, tuple[int, int]]:
    left, top, right, bottom = box[0] + MARGIN_X, box[1] + MARGIN_Y, box[2] - MARGIN_X, box[3] - MARGIN_Y
    if len(group) == 1:
        return {group[0]: ((left + right) // 2, (top + bottom) // 2)}
    if len(group) == 2:  # side by side, in the order of their slugs
        return {group[0]: (left, (top + bottom) // 2), group[1]: (right, (top + bottom) // 2)}
    import networkx as nx

    found = nx.spring_layout(graph, seed=SEED, iterations=200)
    xs, ys = [float(found[k][0]) for k in group], [float(found[k][1]) for k in group]
    return {k: (_scale(float(found[k][0]), min(xs), max(xs), left, right),
                _scale(float(found[k][1]), min(ys), max(ys), top, bottom)) for k in group}


def _scale(value: float, low: float, high: float, start: int, end: int) -> int:
    if high - low < 1e-9:
        return (start + end) // 2
    return round(start + (value - low) / (high - low) * (end - start))


def network_svg(nodes: list[Node], edges: list[Edge], places: dict[str, tuple[int, int]], height: int,
                heading_id: str) -> str:
    """The drawing of `nodes` (at `places`) and `edges`, `height` units high, as inline SVG markup."""
    parts = [f'<svg class="network-svg" viewBox="0 0 {WIDTH} {height}" role="group" aria-labelledby="{heading_id}">',
             '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" '
             'orient="auto"><path class="arrow" d="M0,0L10,5L0,10z"/></marker></defs>', '<g class="edges">']
    parts += [_edge(edge, places) for edge in edges]
    parts.append('</g><g class="nodes">')
    parts += [_node(node, places[node.key]) for node in nodes]
    parts.append("</g></svg>")
    return "".join(parts)


def _edge(edge: Edge, places: dict[str, tuple[int, int]]) -> str:
    (x1, y1), (x2, y2) = places[edge.source], places[edge.target]
    length = math.hypot(x2 - x1, y2 - y1) or 1
    dx, dy = (x2 - x1) / length, (y2 - y1) / length
    start = (round(x1 + dx * RADIUS), round(y1 + dy * RADIUS))
    end = (round(x2 - dx * (RADIUS + 2)), round(y2 - dy * (RADIUS + 2)))
    kind = "edge edge-claimed" if edge.claimed else "edge"
    arrow = ' marker-end="url(#arrow)"' if edge.directed else ""
    middle = (round((x1 + x2) / 2), round((y1 + y2) / 2) - 8)
    return (f'<line class="{kind}" x1="{start[0]}" y1="{start[1]}" x2="{end[0]}" y2="{end[1]}"{arrow}>'
            f'<title>{escape(edge.title)}</title></line>'
            f'<text class="edge-label" x="{middle[0]}" y="{middle[1]}" text-anchor="middle">{escape(edge.label)}</text>')


def _node(node: Node, place: tuple[int, int]) -> str:
    """A node, its name below it: starting at it on the drawing's left, ending at it on the
    right. A clear box about the size of both takes clicks between them too."""
    x, y = place
    anchor = "start" if x < WIDTH * 0.4 else "end" if x > WIDTH * 0.6 else "middle"
    label_x = x - RADIUS if anchor == "start" else x + RADIUS if anchor == "end" else x
    wide = max(2 * RADIUS, round(len(node.label) * 9))
    left = label_x if anchor == "start" else label_x - wide if anchor == "end" else label_x - wide // 2
    return (f'<a class="node" href="{escape(node.url)}"><rect class="node-hit" x="{left}" y="{y - RADIUS}" width="{wide}" '
            f'height="{2 * RADIUS + 22}"/><circle cx="{x}" cy="{y}" r="{RADIUS}"/>'
            f'<text x="{label_x}" y="{y + RADIUS + 17}" text-anchor="{anchor}">{escape(node.label)}</text></a>')
