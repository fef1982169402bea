"""What changed between two days (early warning): ties gained and lost, actors who became
isolated or stopped being brokers, forums that lost a sector.

Both days are read from the ties' validity (``since``/``until``): a store snapshot taken on each
day (:meth:`~graph.store.base.Store.snapshot` with ``as_of``). A tie deleted from the store is
gone from both days (the store keeps no history of deletions beyond the audit log), so "lost"
means "ended": its ``until`` lies between the two days. Needs opened and closed (Anliegen) are
not part of this module.
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from graph.analysis.brokers import broker_scores
from graph.analysis.projection import analysis_graph
from graph.model import Sector

#: "A broker": among the first this many by broker score with a positive betweenness.
BROKER_TOP = 20


def network_changes(before: nx.MultiDiGraph, after: nx.MultiDiGraph, *,
                    area: str | None = None, top: int = BROKER_TOP) -> dict[str, Any]:
    """The changes from the snapshot ``before`` to the snapshot ``after``.

    Parameters
    ----------
    before, after : networkx.MultiDiGraph
        Store snapshots on the first and the last day (``snapshot(as_of=...)``).
    area : str, optional
        Only actors of this area and below (ties with an end there).
    top : int
        How many of the first brokers count as brokers.

    Returns
    -------
    dict
        ``ties_gained, ties_lost`` (tie rows ``id, source, target, kind``),
        ``became_isolated`` and ``stopped_brokering`` (actor rows ``id, name, kind``),
        ``forums_lost_sector`` (``id, name, sectors``: the sectors no member holds any more),
        each sorted by id.

    Examples
    --------
    >>> a = nx.MultiDiGraph(areas={}, topics={})
    >>> a.add_node("x", kind="association", name="X", sector="civil_society", areas=[])
    >>> a.add_node("y", kind="institution", name="Y", sector="institution", areas=[])
    >>> _ = a.add_edge("x", "y", key="cooperates_with:x:y", kind="cooperates_with", weight=1)
    >>> b = a.copy(); b.remove_edge("x", "y", key="cooperates_with:x:y")
    >>> c = network_changes(a, b)
    >>> [t["id"] for t in c["ties_lost"]], [r["id"] for r in c["became_isolated"]]
    (['cooperates_with:x:y'], ['x', 'y'])
    """
    keep = None
    if area is not None:
        from graph.validation import descendants

        wanted = descendants(list((after.graph.get("areas") or {}).values()), area)
        keep = {v for S in (before, after) for v, d in S.nodes(data=True)
                if wanted & set(d.get("areas") or ())}
    old, new = _ties(before, keep), _ties(after, keep)
    G0 = analysis_graph(before, as_of=before.graph.get("as_of"))
    G1 = analysis_graph(after, as_of=after.graph.get("as_of"))
    isolated = sorted(v for v in G1 if G1.degree(v) == 0 and v in G0 and G0.degree(v) > 0
                      and (keep is None or v in keep))
    brokers0, brokers1 = _brokers(G0, top), _brokers(G1, top)
    stopped = sorted(v for v in brokers0 - brokers1 if v in after and (keep is None or v in keep))
    forums = []
    for v, data in after.nodes(data=True):
        if data.get("kind") != "forum" or v not in before or (keep is not None and v not in keep):
            continue
        lost = _sectors(before, v) - _sectors(after, v)
        if lost:
            forums.append({"id": v, "name": data.get("name", v),
                           "sectors": [s.value for s in Sector if s.value in lost]})
    return {
        "ties_gained": [new[k] for k in sorted(new.keys() - old.keys())],
        "ties_lost": [old[k] for k in sorted(old.keys() - new.keys())],
        "became_isolated": [_actor(after, v) for v in isolated],
        "stopped_brokering": [_actor(after, v) for v in stopped],
        "forums_lost_sector": sorted(forums, key=lambda f: f["id"]),
    }


def _ties(S: nx.MultiDiGraph, keep: set[str] | None) -> dict[str, dict[str, Any]]:
    return {k: {"id": k, "source": u, "target": v, "kind": d.get("kind")}
            for u, v, k, d in S.edges(keys=True, data=True)
            if keep is None or u in keep or v in keep}


def _brokers(G: nx.Graph, top: int) -> set[str]:
    if G.number_of_edges() == 0:
        return set()
    rows = broker_scores(G, top=top)
    return {r["id"] for r in rows if (r.get("betweenness") or 0) > 0}


def _sectors(S: nx.MultiDiGraph, forum: str) -> set[str]:
    return {S.nodes[u].get("sector") for u, _, d in S.in_edges(forum, data=True)
            if d.get("kind") == "member_of" and S.nodes[u].get("sector")}


def _actor(S: nx.MultiDiGraph, v: str) -> dict[str, Any]:
    data = S.nodes[v]
    return {"id": v, "name": data.get("name", v), "kind": data.get("kind")}
