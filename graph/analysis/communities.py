"""Communities: groups of actors tied more closely among themselves than to the rest."""

from __future__ import annotations

from collections import Counter
from typing import Any

import networkx as nx


def communities(
    G: nx.Graph,
    *,
    weight: str | None = "weight",
    seed: int = 0,
    resolution: float = 1.0,
    top: int = 3,
) -> dict[str, Any]:
    """Louvain communities with a fixed seed, described for a coordinator.

    Actors without ties are left out (each would be a community of its own) and counted in
    ``unassigned``. Per community: its size, the ``top`` most frequent areas and topics, the
    sectors, and its brokers: the members tied to the most other communities (then by the
    weight of those ties, then id).

    Parameters
    ----------
    G : networkx.Graph
        An analysis graph.
    weight : str or None
        Tie strength used by Louvain and modularity.
    seed : int
        Seed for Louvain's random node order: the same seed gives the same communities.
    resolution : float
        Louvain resolution (above 1: smaller communities).
    top : int
        How many areas, topics and brokers to name per community.

    Returns
    -------
    dict
        ``modularity``, ``unassigned`` and ``communities``: a list (largest first, then by
        smallest member id) of ``id`` (``c1``, ``c2``, ...), ``size``, ``members``, ``areas``
        (``[{id, name, count}]``), ``sectors`` (``{sector: count}``), ``topics``
        (``[{id, name, count}]``), ``brokers`` (``[{id, name, communities}]``).

    Examples
    --------
    >>> G = nx.barbell_graph(5, 0)
    >>> [c["size"] for c in communities(G, weight=None)["communities"]]
    [5, 5]

    References
    ----------
    .. [1] V. D. Blondel, J.-L. Guillaume, R. Lambiotte and E. Lefebvre, "Fast unfolding of
       communities in large networks", J. Stat. Mech. P10008 (2008).
    .. [2] M. E. J. Newman, "Modularity and community structure in networks", PNAS 103(23),
       8577-8582 (2006).
    """
    H = G.subgraph([v for v in G if G.degree(v) > 0])
    if H.number_of_edges() == 0:
        return {"modularity": 0.0, "unassigned": G.number_of_nodes(), "communities": []}
    found = nx.community.louvain_communities(H, weight=weight, seed=seed, resolution=resolution)
    parts = sorted((sorted(c, key=str) for c in found), key=lambda c: (-len(c), str(c[0])))
    modularity = nx.community.modularity(H, parts, weight=weight, resolution=resolution)
    label = {v: i for i, c in enumerate(parts) for v in c}
    areas = G.graph.get("areas") or {}
    topics = G.graph.get("topics") or {}
    out = []
    for i, members in enumerate(parts):
        area_count: Counter = Counter()
        topic_count: Counter = Counter()
        sector_count: Counter = Counter()
        bridges = []
        for v in members:
            data = G.nodes[v]
            area_count.update(data.get("areas") or [])
            topic_count.update(data.get("topics") or [])
            sector_count[data.get("sector")] += 1
            other = {label[u] for u in H.adj[v]} - {i}
            if other:
                w = sum(H[v][u].get(weight, 1) if weight else 1 for u in H.adj[v] if label[u] != i)
                bridges.append((-len(other), -w, str(v), v, len(other)))
        bridges.sort()

        def ranked(counts: Counter, names: dict) -> list[dict[str, Any]]:
            items = sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0])))[:top]
            return [{"id": k, "name": (names.get(k) or {}).get("name", k), "count": c}
                    for k, c in items]

        out.append({
            "id": f"c{i + 1}",
            "size": len(members),
            "members": members,
            "areas": ranked(area_count, areas),
            "sectors": dict(sorted(sector_count.items(),
                                   key=lambda kv: (-kv[1], str(kv[0])))),
            "topics": ranked(topic_count, topics),
            "brokers": [{"id": v, "name": G.nodes[v].get("name", str(v)), "communities": k}
                        for *_, v, k in bridges[:top]],
        })
    return {"modularity": modularity, "unassigned": G.number_of_nodes() - H.number_of_nodes(),
            "communities": out}
