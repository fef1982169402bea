"""The analysis graph: one projection from a store snapshot to an undirected, weighted
actor-actor graph, on which every measure of this package runs.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from itertools import combinations
from typing import Any

import networkx as nx

from graph import nxdicts
from graph.analysis._kernels import paused_gc
from graph.analysis.directed import DIRECTED_KINDS
from graph.errors import NotFoundError
from graph.model import valid_between
from graph.validation import descendants

#: Tie kinds that become actor-actor ties (part_of is kept apart, see analysis_graph).
DEFAULT_TIE_KINDS = ("cooperates_with", "member_of", "funds", "informs")


def valid_on(data: dict[str, Any], day: date | None) -> bool:
    """True if a tie (edge data with ``since``/``until`` as dates or ISO strings) holds on ``day``."""
    if day is None:
        return True
    since, until = data.get("since"), data.get("until")
    if isinstance(since, str):
        since = date.fromisoformat(since)
    if isinstance(until, str):
        until = date.fromisoformat(until)
    return valid_between(since, until, day)


def area_members(S: nx.Graph, area: str) -> set[str]:
    """Actors of ``area`` and its sub-areas (through ``parent`` and ``covers``).

    Raises
    ------
    NotFoundError
        if ``area`` is not in ``S.graph["areas"]``.
    """
    areas = S.graph.get("areas") or {}
    if area not in areas:
        raise NotFoundError("area", area)
    below = descendants(areas.values(), area)
    return {v for v, d in S.nodes(data=True) if below.intersection(d.get("areas") or ())}


def analysis_graph(
    S: nx.MultiDiGraph,
    *,
    as_of: date | None = None,
    area: str | None = None,
    kinds: Iterable[str] | None = None,
    tie_kinds: Iterable[str] = DEFAULT_TIE_KINDS,
    keep_forums: bool = False,
) -> nx.Graph:
    """Project a store snapshot onto an undirected, weighted actor-actor graph.

    Which ties count, and why:

    - **Cooperation** (``cooperates_with``) with its weight (the coordinator's 1-5, or a
      file's value as given): the relation the measures are about.
    - **Shared forum membership** (``member_of``): two members of the same forum meet there, so
      they are tied. Each forum with ``k`` members adds ``min(w_a, w_b) / (k - 1)`` to the tie
      of each pair of members ``a, b`` (``w`` the membership weights): Newman's (2001)
      weighting of a bipartite projection, so that sitting together in a forum of 30 counts far
      less than working together, and every forum adds at most ``w`` to a member's strength.
      With ``keep_forums`` forums stay nodes instead, tied to their members.
    - **Funding** (``funds``) and **information** (``informs``): directed in the store, read
      here as undirected ties with their weight; money and information flows are contacts a
      broker can use in both directions.
    - **Hierarchy** (``part_of``) is kept apart: belonging to the same department is not a
      working contact. It is returned in ``G.graph["part_of"]`` (child -> parent).

    Several ties between the same two actors add up: the edge weight is the sum, ``kinds`` the
    sorted tie kinds, ``ties`` the tie ids and ``forums`` the shared forums. The graph is
    undirected for distances, but ``sources`` keeps which ends the ties run from (information,
    funding and membership from their source, cooperation and a shared forum from both), and
    ``G.graph["one_way"]`` lists the edges that run one way only, as ``(from, to)``: the
    brokerage roles follow that direction (:mod:`graph.analysis.directed`).

    Parameters
    ----------
    S : networkx.MultiDiGraph
        A snapshot as returned by ``Store.snapshot()``.
    as_of : datetime.date, optional
        Keep only ties valid on that day (also when the snapshot holds every tie).
    area : str, optional
        Keep the actors of this area and its sub-areas, and their direct partners outside it,
        marked with the node attribute ``outside=True`` (ties among outside partners are
        dropped).
    kinds : iterable of str, optional
        Keep only actors of these kinds (ids, e.g. ``["resident_group", "city_unit"]``).
    tie_kinds : iterable of str
        Which tie kinds count (default: cooperation, membership, funding, information).
    keep_forums : bool
        Keep forums as nodes tied to their members instead of projecting them away.

    Returns
    -------
    networkx.Graph
        Nodes are actor ids with the actor's attributes (``outside`` added); ``G.graph`` keeps
        the snapshot's ``areas``, ``topics``, ``version`` and ``as_of``, plus ``part_of`` and
        ``forum_names`` (forum id -> name).

    Raises
    ------
    NotFoundError
        if ``area`` is unknown.

    Examples
    --------
    >>> S = nx.MultiDiGraph(areas={}, topics={})
    >>> S.add_node("a", kind="association", sector="civil_society")
    >>> S.add_node("b", kind="city_unit", sector="administration")
    >>> S.add_edge("a", "b", key="cooperates_with:a:b", kind="cooperates_with", weight=4)
    'cooperates_with:a:b'
    >>> analysis_graph(S)["a"]["b"]["weight"]
    4.0

    References
    ----------
    .. [1] M. E. J. Newman, "Scientific collaboration networks. II. Shortest paths, weighted
       networks, and centrality", Phys. Rev. E 64, 016132 (2001).
    """
    with paused_gc():
        return _project(S, as_of=as_of, area=area, kinds=kinds, tie_kinds=set(tie_kinds),
                        keep_forums=keep_forums)


_EMPTY: dict[str, Any] = {}


def _project(S: nx.MultiDiGraph, *, as_of: date | None, area: str | None,
             kinds: Iterable[str] | None, tie_kinds: set[str], keep_forums: bool) -> nx.Graph:
    as_of = as_of if as_of is not None else S.graph.get("as_of")
    kind_set = set(kinds) if kinds is not None else None
    G = nx.Graph()
    G.graph.update({k: S.graph.get(k) for k in ("areas", "topics", "version")})
    G.graph["as_of"] = as_of
    G.graph["part_of"] = {}
    # the forums' names, for reasons that name the forum a projected tie runs through
    G.graph["forum_names"] = {v: d.get("name", v) for v, d in S.nodes(data=True)
                              if d.get("kind") == "forum"}

    def keep(v: str) -> bool:
        kind = S.nodes[v].get("kind")
        if kind == "forum":
            return keep_forums
        return kind_set is None or kind in kind_set

    for v, data in S.nodes(data=True):
        if keep(v):
            G.add_node(v, **data)

    present = nxdicts.nodes(G)  # membership without a method call
    found: dict[str, dict[str, dict[str, Any]]] = {}  # u -> v -> edge data, as first seen
    edges: list[tuple[str, str, dict[str, Any]]] = []  # in the order first seen

    def add(u: str, v: str, w: float, kind: str, tie: str | None, forum: str | None) -> None:
        if u == v or u not in present or v not in present:
            return
        e = found.get(u, _EMPTY).get(v) or found.get(v, _EMPTY).get(u)
        if e is None:
            e = {"weight": 0.0, "kinds": [], "ties": [], "forums": [], "sources": []}
            found.setdefault(u, {})[v] = e
            edges.append((u, v, e))
        # the ends the tie runs from: one for information, funding and a membership (member ->
        # forum), both for cooperation and for sitting in one forum (a projected pair, no tie)
        for end in (u,) if kind in DIRECTED_KINDS and tie is not None else (u, v):
            if end not in e["sources"]:
                e["sources"].append(end)
        e["weight"] += w
        if kind not in e["kinds"]:
            e["kinds"].append(kind)
        if tie and tie not in e["ties"]:
            e["ties"].append(tie)
        if forum and forum not in e["forums"]:
            e["forums"].append(forum)

    members: dict[str, dict[str, float]] = {}
    # every tie in the order of its id (from the plain dicts behind S.edges: 30% faster)
    ties = [(key, u, v, data) for u, nbrs in nxdicts.adjacency(S).items() for v, keyed in nbrs.items()
            for key, data in keyed.items()]
    ties.sort(key=lambda t: t[0])
    for key, u, v, data in ties:
        kind = data.get("kind")
        if not valid_on(data, as_of):
            continue
        if kind == "part_of":
            G.graph["part_of"][u] = v
            continue
        if kind not in tie_kinds:
            continue
        w = float(data.get("weight") or 1)
        if kind == "member_of":
            if keep_forums:
                add(u, v, w, kind, key, v)
            elif u in G:
                group = members.setdefault(v, {})
                group[u] = max(w, group.get(u, 0.0))
            continue
        add(u, v, w, kind, key, None)
    for forum in sorted(members):
        group = members[forum]
        if len(group) < 2:
            continue
        share = 1.0 / (len(group) - 1)
        for a, b in combinations(sorted(group), 2):
            add(a, b, min(group[a], group[b]) * share, "member_of", None, forum)

    one_way = []
    for u, v, e in edges:
        e["kinds"].sort()
        e["ties"].sort()
        e["forums"].sort()
        if len(e["sources"]) == 1:
            one_way.append((u, v) if e["sources"][0] == u else (v, u))
    G.graph["one_way"] = one_way
    G.add_edges_from(edges)  # at once, in the order first seen (as adding one by one did)

    if area is not None:
        inside = area_members(S, area) & set(G)
        outside = {p for v in inside for p in G[v]} - inside
        G.remove_nodes_from([v for v in list(G) if v not in inside and v not in outside])
        G.remove_edges_from([(u, v) for u, v in list(G.edges) if u in outside and v in outside])
        for v in G:
            G.nodes[v]["outside"] = v in outside
        G.graph["area"] = area
    else:
        for v in G:
            G.nodes[v]["outside"] = False
    return G
