"""What the web graph browser draws: a filtered part of a snapshot as plain node and edge rows.

Pure functions on a store snapshot (``Store.snapshot()``), no I/O:

- :func:`browse_graph`: the actors matching the filters (area with its sub-areas, kinds, sectors,
  topics), at most ``limit`` of them (the best tied first), and the ties among them, with
  positions from :func:`graph.analysis.layout.layout` (final above its :data:`PHYSICS_LIMIT` nodes,
  a starting point below it);
- :func:`neighbour_rows`: one page of an actor's neighbours (strongest tie first), with their
  ties;
- :func:`actor_rows`: named actors with their ties (to draw round-table seats);
- :func:`area_overview`: the whole city as its areas of one level (Kreise or Quartiere), each
  with its number of actors, and the number of ties between each pair of them;
- :func:`neighbourhood`: an actor and everyone within one or two ties of it, placed by the
  seeded layout (the same view looks the same each time).

Contact persons (personal data) never appear: a node carries only id, name, kind, sector, areas,
topics and its number of ties. A tie says whether it is illustrative (``method = illustrative``,
as every tie of the Zurich sample), so that the browser can say the picture is not a fact.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Any

import networkx as nx

from graph.analysis.layout import PHYSICS_LIMIT, layout, spread_layout
from graph.analysis.projection import area_members
from graph.errors import NotFoundError

#: Up to this many actors a view's positions are final, spread on the server
#: (:func:`~graph.analysis.layout.spread_layout`, seeded): drawn at once, the same each time.
SPREAD_LIMIT = 150

#: Node fields the browser gets (never ``contact``).
NODE_FIELDS = ("name", "kind", "sector", "areas", "topics")


def visible(S: nx.MultiDiGraph, v: str, scope: Collection[str] | None) -> bool:
    return scope is None or bool(set(S.nodes[v].get("areas") or ()) & set(scope))


def ties_among(S: nx.MultiDiGraph, nodes: Iterable[str], tie_kinds: Collection[str] | None,
          among: Collection[str] | None = None) -> list[dict[str, Any]]:
    """Every tie touching ``nodes`` (both ends in ``among`` when given), each once, by id."""
    found: dict[str, dict[str, Any]] = {}
    nodes = list(nodes)
    # the edge views walk the adjacency dicts directly (a loop over S.succ[v].items() goes
    # through the Mapping protocol for every neighbour: three times slower on 6,000 ties)
    for outgoing, edges in ((True, S.out_edges(nodes, keys=True, data=True)),
                            (False, S.in_edges(nodes, keys=True, data=True))):
        for u, x, key, data in edges:
            if key in found or (among is not None and (x if outgoing else u) not in among):
                continue
            if tie_kinds and data.get("kind") not in tie_kinds:
                continue
            found[key] = {"id": key, "source": u, "target": x, "kind": data.get("kind"),
                          "weight": data.get("weight") or 1,
                          "directed": bool(data.get("directed")),
                          "illustrative": data.get("method") == "illustrative"}
    return [found[k] for k in sorted(found)]


def node_row(S: nx.MultiDiGraph, v: str, degree: int, xy: tuple[float, float] | None = None, *,
          outside: bool = False) -> dict[str, Any]:
    data = S.nodes[v]
    row: dict[str, Any] = {"id": v, **{k: data.get(k) for k in NODE_FIELDS}, "degree": degree,
                           "outside": outside, "x": None, "y": None}
    row["name"] = str(row["name"] or v)
    row["areas"] = list(row["areas"] or [])
    row["topics"] = list(row["topics"] or [])
    if xy is not None:
        row["x"], row["y"] = round(xy[0], 1), round(xy[1], 1)
    return row


def browse_graph(
    S: nx.MultiDiGraph,
    *,
    area: str | None = None,
    kinds: Collection[str] | None = None,
    sectors: Collection[str] | None = None,
    topics: Collection[str] | None = None,
    tie_kinds: Collection[str] | None = None,
    scope: Collection[str] | None = None,
    partners: bool = True,
    limit: int = 2500,
    physics_limit: int = PHYSICS_LIMIT,
    spread_limit: int = SPREAD_LIMIT,
) -> dict[str, Any]:
    """The part of the network the browser shows for these filters.

    Parameters
    ----------
    S : networkx.MultiDiGraph
        A snapshot (``Store.snapshot(as_of)``: ties already cut to the day, if one is asked).
    area : str, optional
        Only actors of this area and its sub-areas.
    kinds, sectors, topics : collections of str, optional
        Only actors of one of these kinds, sectors, or with one of these topics.
    tie_kinds : collection of str, optional
        Only ties of these kinds.
    scope : collection of str, optional
        Area ids (sub-areas included) the reader may see; None: everything.
    partners : bool
        With ``area``: also the direct partners of its actors outside it that match the other
        filters (``outside`` true; ties among them left out), as
        :func:`~graph.analysis.analysis_graph` does.
    limit : int
        At most this many actors, the ones with most ties (then by id) first.
    physics_limit : int
        Above this many actors the layout is final (``layout = "server"``).
    spread_limit : int
        Up to this many actors too, by :func:`~graph.analysis.layout.spread_layout` (between
        the two limits the positions are a start for the page's physics).

    Returns
    -------
    dict
        ``nodes`` (id, name, kind, sector, areas, topics, degree, outside, x, y), ``edges`` (id, source,
        target, kind, weight, directed, illustrative), ``count`` (actors matching), ``omitted``
        (matching actors left out by ``limit``), ``illustrative`` (shown ties that are
        illustrative) and ``layout`` (``"server"`` or ``"physics"``).

    Raises
    ------
    NotFoundError
        if ``area`` is unknown.

    Examples
    --------
    >>> S = nx.MultiDiGraph(areas={}, topics={})
    >>> S.add_node("a", name="A", kind="association", sector="civil_society", areas=[], topics=[])
    >>> browse_graph(S)["count"]
    1
    """
    members = area_members(S, area) if area else None

    def matches(v: str) -> bool:
        data = S.nodes[v]
        return ((not kinds or data.get("kind") in kinds)
                and (not sectors or data.get("sector") in sectors)
                and (not topics or bool(set(topics) & set(data.get("topics") or ())))
                and visible(S, v, scope))

    chosen = [v for v in S if (members is None or v in members) and matches(v)]
    inside = set(chosen)
    if members is None:
        keep = inside
        edges = ties_among(S, chosen, tie_kinds, among=keep)
    else:  # ties of the area's actors: among them, and (with partners) to partners outside
        touching = ties_among(S, chosen, tie_kinds)
        if partners:
            for e in touching:
                for v in (e["source"], e["target"]):
                    if v not in inside and v not in members and matches(v):
                        chosen.append(v)
                        inside.add(v)
        keep = inside
        edges = [e for e in touching if e["source"] in keep and e["target"] in keep]
    degree = dict.fromkeys(chosen, 0)
    for e in edges:
        degree[e["source"]] += 1
        degree[e["target"]] += 1
    if len(chosen) > limit:
        chosen = sorted(chosen, key=lambda v: (-degree[v], v))[:limit]
        keep = set(chosen)
        edges = [e for e in edges if e["source"] in keep and e["target"] in keep]
    H = nx.Graph()
    H.add_nodes_from(sorted(keep))
    H.add_edges_from((e["source"], e["target"]) for e in edges)
    small = H.number_of_nodes() <= spread_limit
    pos = spread_layout(H, iterations=50) if small else layout(H)
    nodes = [node_row(S, v, degree[v], pos[v], outside=members is not None and v not in members)
             for v in sorted(keep)]
    return {"nodes": nodes, "edges": edges, "count": len(degree), "omitted": len(degree) - len(keep),
            "illustrative": sum(e["illustrative"] for e in edges),
            "layout": "server" if small or len(nodes) > physics_limit else "physics"}


def neighbour_rows(
    S: nx.MultiDiGraph,
    actor: str,
    *,
    offset: int = 0,
    limit: int = 25,
    tie_kinds: Collection[str] | None = None,
    scope: Collection[str] | None = None,
) -> dict[str, Any]:
    """One page of ``actor``'s neighbours, the strongest tie first (then by id), with every tie
    of the actor and of those neighbours (the browser keeps the ones whose ends it shows).

    Returns
    -------
    dict
        ``center``, ``nodes``, ``edges``, ``total`` (neighbours in all), ``offset`` and
        ``omitted`` (neighbours after this page).

    Raises
    ------
    NotFoundError
        if ``actor`` is not in the snapshot (or outside ``scope``).

    Examples
    --------
    >>> S = nx.MultiDiGraph(areas={}, topics={})
    >>> S.add_nodes_from(["a", "b"], name="x", kind="association", areas=[], topics=[])
    >>> _ = S.add_edge("a", "b", key="t", kind="informs", weight=2)
    >>> neighbour_rows(S, "a")["total"]
    1
    """
    if actor not in S or not visible(S, actor, scope):
        raise NotFoundError("actor", actor)
    strength: dict[str, int] = {}
    for e in ties_among(S, [actor], tie_kinds):
        other = e["target"] if e["source"] == actor else e["source"]
        if other != actor and visible(S, other, scope):
            strength[other] = max(strength.get(other, 0), e["weight"])
    ranked = sorted(strength, key=lambda v: (-strength[v], v))
    page = ranked[offset:offset + limit]
    piece = actor_rows(S, [actor, *page], tie_kinds=tie_kinds, scope=scope)
    return {"center": actor, **piece, "total": len(ranked), "offset": offset,
            "omitted": max(0, len(ranked) - offset - len(page))}


def actor_rows(S: nx.MultiDiGraph, actors: Iterable[str], *, tie_kinds: Collection[str] | None = None,
               scope: Collection[str] | None = None) -> dict[str, Any]:
    """The named actors (unknown or invisible ones skipped) and every tie touching them whose
    other end the reader may see."""
    ids = [v for v in dict.fromkeys(actors) if v in S and visible(S, v, scope)]
    edges = [e for e in ties_among(S, ids, tie_kinds)
             if visible(S, e["source"], scope) and visible(S, e["target"], scope)]
    degree = {v: S.degree(v) for v in ids}
    return {"nodes": [node_row(S, v, degree[v]) for v in ids], "edges": edges}
