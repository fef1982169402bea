"""Coordination gaps: who works on the same thing in the same place without knowing each other,
and which sectors have no tie at all inside an area."""

from __future__ import annotations

from itertools import combinations
from typing import Any

import networkx as nx

from graph.analysis.projection import area_members
from graph.errors import NotFoundError
from graph.i18n import label, message
from graph.model import Sector

_SECTOR_ORDER = {s.value: i for i, s in enumerate(Sector)}


def _area_name(G: nx.Graph, area: str) -> str:
    return ((G.graph.get("areas") or {}).get(area) or {}).get("name", area)


def _topic_name(G: nx.Graph, topic: str) -> str:
    return ((G.graph.get("topics") or {}).get(topic) or {}).get("name", topic)


def coordination_gaps(
    G: nx.Graph,
    *,
    topic: str | None = None,
    area: str | None = None,
) -> dict[str, list[dict[str, Any]]]:
    """Pairs of actors and pairs of sectors that should know each other but do not.

    - ``pairs``: two actors active on the same topic in the same area with neither a tie nor a
      common partner (distance greater than 2 in the analysis graph). Without ``area`` "same
      area" means a shared area id; with ``area`` every actor of the area or its sub-areas is
      in it. ``score`` is the number of (topic, area) combinations the two share.
    - ``sectors``: pairs of sectors that both have actors in an area (with its sub-areas) but no
      tie between any two of them there. ``score`` is the number of actor pairs that could be
      tied (``n_left * n_right``). Without ``area`` every area of ``G.graph["areas"]`` is looked
      at.

    Parameters
    ----------
    G : networkx.Graph
        An analysis graph (partners outside a selected area are ignored).
    topic : str, optional
        Only this topic (for ``pairs``).
    area : str, optional
        Only this area and its sub-areas.

    Returns
    -------
    dict
        ``{"pairs": [...], "sectors": [...]}``, each sorted by score descending, then ids.

    Raises
    ------
    NotFoundError
        if ``area`` is unknown, or ``topic`` is not among ``G.graph["topics"]`` (when the
        graph lists its topics, as analysis graphs from a store do).

    Examples
    --------
    >>> G = nx.Graph(areas={"k5": {"name": "Kreis 5"}}, topics={})
    >>> G.add_node("a", areas=["k5"], topics=["alter"], sector="population", name="A")
    >>> G.add_node("b", areas=["k5"], topics=["alter"], sector="administration", name="B")
    >>> [(p["a"], p["b"]) for p in coordination_gaps(G)["pairs"]]
    [('a', 'b')]

    References
    ----------
    .. [1] R. S. Burt, *Structural Holes* (1992): a gap between actors who need each other is
       a structural hole nobody bridges yet.
    """
    known_topics = G.graph.get("topics")
    if topic is not None and known_topics is not None and topic not in known_topics:
        raise NotFoundError("topic", topic)  # like any unknown id: not an empty answer
    inside = {v for v, d in G.nodes(data=True) if not d.get("outside") and d.get("kind") != "forum"}
    scope = area_members(G, area) & inside if area is not None else inside
    groups: dict[tuple[str, str], list[Any]] = {}
    for v in sorted(scope, key=str):
        data = G.nodes[v]
        topics = [t for t in data.get("topics") or [] if topic is None or t == topic]
        places = [area] if area is not None else list(data.get("areas") or [])
        for t in topics:
            for a in places:
                groups.setdefault((t, a), []).append(v)
    shared: dict[tuple[Any, Any], list[tuple[str, str]]] = {}
    for (t, a), members in groups.items():
        for u, v in combinations(members, 2):
            shared.setdefault((u, v), []).append((t, a))
    pairs: list[dict[str, Any]] = []
    for (u, v), where in shared.items():
        if G.has_edge(u, v) or (set(G.adj[u]) & set(G.adj[v])):
            continue
        where.sort()
        t, a = where[0]
        pairs.append({
            "a": u, "a_name": G.nodes[u].get("name", str(u)),
            "b": v, "b_name": G.nodes[v].get("name", str(v)),
            "topics": sorted({w[0] for w in where}),
            "areas": sorted({w[1] for w in where}),
            "topic_names": [_topic_name(G, x) for x in sorted({w[0] for w in where})],
            "area_names": [_area_name(G, x) for x in sorted({w[1] for w in where})],
            "score": len(where),
            "reason": message("gap_pair", topic=_topic_name(G, t), area=_area_name(G, a)),
        })
    pairs.sort(key=lambda p: (-p["score"], str(p["a"]), str(p["b"])))

    areas = [area] if area is not None else sorted(G.graph.get("areas") or {})
    sector_gaps: list[dict[str, Any]] = []
    for a in areas:
        in_area = area_members(G, a) & inside
        by_sector: dict[str, set[Any]] = {}
        for v in in_area:
            s = G.nodes[v].get("sector")
            if s is not None:
                by_sector.setdefault(s, set()).add(v)
        order = sorted(by_sector, key=lambda s: (_SECTOR_ORDER.get(s, 99), s))
        for s1, s2 in combinations(order, 2):
            left, right = by_sector[s1], by_sector[s2]
            if any(u in right for v in left for u in G.adj[v]):
                continue
            sector_gaps.append({
                "area": a, "area_name": _area_name(G, a),
                "sectors": [s1, s2],
                "counts": [len(left), len(right)],
                "score": len(left) * len(right),
                "reason": message("gap_sectors", area=_area_name(G, a),
                                  left=label("sector", s1), n_left=len(left),
                                  right=label("sector", s2), n_right=len(right)),
            })
    sector_gaps.sort(key=lambda g: (-g["score"], g["area"], *g["sectors"]))
    return {"pairs": pairs, "sectors": sector_gaps}
