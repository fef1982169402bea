"""The graph browser's focus views: the whole city as areas (Kreise or Quartiere) with the ties
between them, and an actor's surroundings of one or two steps (issue 14 item 2), from the rows of
:mod:`graph.browse`.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping
from typing import Any

import networkx as nx

from graph.analysis.layout import spread_layout
from graph.browse import node_row, ties_among, visible
from graph.errors import NotFoundError
from graph.validation import descendants

#: The levels :func:`area_overview` draws.
OVERVIEW_LEVELS = ("kreis", "quartier")


def area_overview(
    S: nx.MultiDiGraph,
    *,
    level: str = "kreis",
    tie_kinds: Collection[str] | None = None,
    scope: Collection[str] | None = None,
    positions: Mapping[str, tuple[float, float]] | None = None,
) -> dict[str, Any]:
    """The whole city as its areas of one level, with the ties between them.

    An actor belongs to an area when one of its areas is that area or lies below it (as
    ``/api/v1/graph?area=`` draws it). A tie counts between areas A and B (A before B by id) when
    one end is an actor of A and the other an actor of B; it counts within A when both ends are
    actors of A. An actor of two areas of the level counts in both.

    Parameters
    ----------
    S : networkx.MultiDiGraph
        A snapshot (ties already cut to the day, the reader's scope already applied).
    level : str
        ``"kreis"`` or ``"quartier"`` (:data:`OVERVIEW_LEVELS`).
    tie_kinds : collection of str, optional
        Only ties of these kinds.
    scope : collection of str, optional
        Area ids the reader may see: only those areas are drawn (None: every area).
    positions : mapping, optional
        Area id -> (x, y) (e.g. where the area lies on the city's map); the others are placed
        on a circle around them, in order of their ids.

    Returns
    -------
    dict
        ``level``; ``areas`` (id, name, actors, within, x, y) by id; ``links`` (source, target,
        ties) for every pair with at least one tie, by (source, target); ``actors`` (actors in
        the snapshot the reader sees), ``unassigned`` (those in none of the areas: city-wide
        ones), ``unassigned_within`` (ties among them) and ``unassigned_links`` (area, ties:
        ties between them and the area's actors).

    Examples
    --------
    >>> S = nx.MultiDiGraph(areas={"k1": {"id": "k1", "name": "K1", "level": "kreis"},
    ...                            "k2": {"id": "k2", "name": "K2", "level": "kreis"}}, topics={})
    >>> S.add_node("a", name="A", areas=["k1"]); S.add_node("b", name="B", areas=["k2"])
    >>> _ = S.add_edge("a", "b", key="t", kind="informs", weight=1)
    >>> area_overview(S)["links"]
    [{'source': 'k1', 'target': 'k2', 'ties': 1}]
    """
    if level not in OVERVIEW_LEVELS:
        raise ValueError(f"level must be one of {OVERVIEW_LEVELS}, not {level!r}")
    known = S.graph.get("areas") or {}
    rows = list(known.values())
    chosen = sorted(a for a, d in known.items() if d.get("level") == level and (scope is None or a in scope))
    below = {a: descendants(rows, a) for a in chosen}
    member_of: dict[str, tuple[str, ...]] = {}
    for v, data in S.nodes(data=True):
        if not visible(S, v, scope):
            continue
        own = set(data.get("areas") or ())
        member_of[v] = tuple(a for a in chosen if below[a] & own)
    actors = dict.fromkeys(chosen, 0)
    for areas in member_of.values():
        for a in areas:
            actors[a] += 1
    within = dict.fromkeys(chosen, 0)
    between: dict[tuple[str, str], int] = {}
    rest = dict.fromkeys(chosen, 0)  # ties between actors of no area of the level and an area
    rest_within = 0
    for e in ties_among(S, list(member_of), tie_kinds, among=member_of):
        ends = member_of[e["source"]], member_of[e["target"]]
        if not ends[0] or not ends[1]:
            rest_within += not ends[0] and not ends[1]
            for a in set(ends[0]) | set(ends[1]):
                rest[a] += 1
            continue
        for a in set(ends[0]) & set(ends[1]):
            within[a] += 1
        for pair in {(min(a, b), max(a, b)) for a in ends[0] for b in ends[1] if a != b}:
            between[pair] = between.get(pair, 0) + 1
    placed = dict(positions or {})
    loose = [a for a in chosen if a not in placed]
    if loose:
        xs = [xy[0] for xy in placed.values()] or [0.0]
        ys = [xy[1] for xy in placed.values()] or [0.0]
        cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
        radius = max(max(xs) - min(xs), max(ys) - min(ys), 300.0) * 0.75
        for i, a in enumerate(loose):
            angle = 2 * math.pi * i / len(loose) - math.pi / 2
            placed[a] = (cx + radius * math.cos(angle), cy + radius * math.sin(angle))
    return {
        "level": level,
        "areas": [{"id": a, "name": str(known[a].get("name") or a), "actors": actors[a],
                   "within": within[a], "x": round(placed[a][0], 1), "y": round(placed[a][1], 1)}
                  for a in chosen],
        "links": [{"source": a, "target": b, "ties": n} for (a, b), n in sorted(between.items())],
        "actors": len(member_of),
        "unassigned": sum(1 for areas in member_of.values() if not areas),
        "unassigned_within": rest_within,
        "unassigned_links": [{"area": a, "ties": n} for a, n in sorted(rest.items()) if n],
    }


def neighbourhood(
    S: nx.MultiDiGraph,
    actor: str,
    *,
    depth: int = 1,
    tie_kinds: Collection[str] | None = None,
    scope: Collection[str] | None = None,
    limit: int = 400,
) -> dict[str, Any]:
    """``actor`` and every actor within ``depth`` ties of it (either direction), the ties among
    them, placed by :func:`graph.analysis.layout.spread_layout` (seeded: the same neighbourhood on the
    same data gets the same positions).

    Parameters
    ----------
    S : networkx.MultiDiGraph
        A snapshot.
    actor : str
        The actor in the middle.
    depth : int
        1 (its partners) or 2 (and their partners).
    tie_kinds, scope
        As for :func:`browse_graph`.
    limit : int
        At most this many actors: the nearest first, then the ones with most ties, then by id.

    Returns
    -------
    dict
        As :func:`browse_graph` (``layout`` always ``"server"``: the positions are final), and
        ``center``, ``depth``, and per node ``hops`` (its distance from ``actor``).

    Raises
    ------
    NotFoundError
        if ``actor`` is not in the snapshot (or outside ``scope``).

    Examples
    --------
    >>> S = nx.MultiDiGraph(areas={}, topics={})
    >>> S.add_nodes_from("abc", name="x", kind="association", areas=[], topics=[])
    >>> _ = S.add_edge("a", "b", key="t1", kind="informs", weight=2)
    >>> _ = S.add_edge("b", "c", key="t2", kind="informs", weight=2)
    >>> [n["id"] for n in neighbourhood(S, "a", depth=1)["nodes"]]
    ['a', 'b']
    """
    if actor not in S or not visible(S, actor, scope):
        raise NotFoundError("actor", actor)
    hops = {actor: 0}
    frontier = [actor]
    for step in range(1, depth + 1):
        found: list[str] = []
        for e in ties_among(S, frontier, tie_kinds):
            for w in (e["source"], e["target"]):
                if w not in hops and visible(S, w, scope):
                    hops[w] = step
                    found.append(w)
        frontier = found
    edges = ties_among(S, list(hops), tie_kinds, among=hops)
    degree = dict.fromkeys(hops, 0)
    for e in edges:
        degree[e["source"]] += 1
        degree[e["target"]] += 1
    keep = sorted(hops, key=lambda v: (hops[v], -degree[v], v))[:limit]
    kept = set(keep)
    shown = [e for e in edges if e["source"] in kept and e["target"] in kept]
    H = nx.Graph()
    H.add_nodes_from(sorted(kept))
    H.add_edges_from((e["source"], e["target"]) for e in shown)
    pos = spread_layout(H)
    nodes = [{**node_row(S, v, degree[v], pos[v]), "hops": hops[v]} for v in sorted(kept)]
    return {"center": actor, "depth": depth, "nodes": nodes, "edges": shown, "count": len(hops),
            "omitted": len(hops) - len(kept), "illustrative": sum(e["illustrative"] for e in shown),
            "layout": "server"}
