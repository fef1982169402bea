"""Introduction paths: the best chain of acquaintances from actor A to actor B."""

from __future__ import annotations

from datetime import date
from typing import Any

import networkx as nx

from graph.analysis.network import (
    COST,
    FADE_PER_YEAR,
    FRESH_MIN,
    FRESH_YEARS,
    InviteInputError,
    Network,
    add_path_costs,
    attribute,
    network_of,
    tie_cost,
    tie_day,
)
from graph.errors import Problem
from graph.i18n import label, listing, message
from graph.model import TieKind

__all__ = ["COST", "FADE_PER_YEAR", "FRESH_MIN", "FRESH_YEARS", "add_path_costs",
           "introduction_path", "tie_cost"]


def introduction_path(
    S: nx.MultiDiGraph | Network,
    source: str,
    target: str,
    *,
    as_of: date | None = None,
    nearest: int = 5,
) -> dict[str, Any]:
    """The best chain of current ties from ``source`` to ``target``, every hop explained.

    The analysis graph (cooperation, funding, information, shared forums; see
    :func:`~graph.analysis.projection.analysis_graph`) on ``as_of`` is searched with Dijkstra's
    algorithm (bidirectional), each tie of length :func:`tie_cost`: fewest hops first, then the
    strongest and most recently confirmed ties.

    Parameters
    ----------
    S : networkx.MultiDiGraph or Network
        A snapshot, or a prepared one (:func:`graph.analysis.network.prepare`).
    source, target : str
        Actor ids.
    as_of : datetime.date, optional
        The day (default: today, or the prepared network's day); only ties valid then count.
    nearest : int
        Without a path: how many actors reachable from ``source`` to suggest.

    Returns
    -------
    dict
        ``found``, ``source``, ``target`` (``id, name, kind``), ``summary``, ``cost``, ``hops``
        (``from, to, from_name, to_name, kind, weight, tie, text``) and, without a path,
        ``nearest`` (``id, name, kind, hops, shared, text``) and ``notes``. ``summary``, each
        ``text`` and the notes are messages (:func:`graph.words.worded` puts them in words).

    Raises
    ------
    NotFoundError
        for an unknown actor id.
    InvalidInputError
        if ``source`` and ``target`` are the same.

    Examples
    --------
    >>> S = nx.MultiDiGraph(areas={}, topics={})
    >>> for v in "abc":
    ...     S.add_node(v, name=v.upper(), kind="association", sector="civil_society")
    >>> _ = S.add_edge("a", "b", key="cooperates_with:a:b", kind="cooperates_with", weight=4)
    >>> _ = S.add_edge("b", "c", key="cooperates_with:b:c", kind="cooperates_with", weight=2)
    >>> [h["to"] for h in introduction_path(S, "a", "c", as_of=date(2025, 1, 1))["hops"]]
    ['b', 'c']

    References
    ----------
    .. [1] E. W. Dijkstra, "A note on two problems in connexion with graphs", Numer. Math. 1,
       269-271 (1959).
    .. [2] M. S. Granovetter, "The strength of weak ties", Am. J. Sociol. 78(6), 1360-1380 (1973).
    """
    net = network_of(S, as_of)
    G = net.G
    a, b = net.actor_id(source), net.actor_id(target)
    if a == b:
        raise InviteInputError([Problem("bad_value", {"detail": message("path_same_actor")},
                                        field="target")])
    ties = net.tie_index()
    add_path_costs(net)
    result: dict[str, Any] = {"source": _who(net, a), "target": _who(net, b), "as_of": net.as_of}
    path: list[str] | None = None
    total = 0.0
    if a in G and b in G:
        try:
            total, path = nx.bidirectional_dijkstra(G, a, b, weight=COST)
        except nx.NetworkXNoPath:
            path = None
    if path is None:
        result.update(found=False, cost=None, hops=[],
                      summary=message("no_path", a=net.name(a), b=net.name(b)))
        result["notes"] = [message("no_ties_at_all", who=net.name(v))
                           for v in (a, b) if v not in G or G.degree(v) == 0]
        result["nearest"] = _nearest(net, a, b, nearest)
        return result
    hops = [_hop(net, u, v, ties) for u, v in zip(path, path[1:], strict=False)]
    summary = (message("path_direct", a=net.name(a), b=net.name(b)) if len(hops) == 1 else
               message("path_found", hops=len(hops), a=net.name(a), b=net.name(b)))
    result.update(found=True, cost=round(total, 3), hops=hops, summary=summary)
    return result


def _who(net: Network, v: str) -> dict[str, Any]:
    return {"id": v, "name": net.name(v), "kind": attribute(net, v, "kind")}


def _hop(net: Network, u: str, v: str, ties: dict[str, dict[str, Any]]) -> dict[str, Any]:
    e = net.G[u][v]
    own = [ties[t] for t in e.get("ties") or () if t in ties]
    row: dict[str, Any] = {"from": u, "to": v, "from_name": net.name(u), "to_name": net.name(v),
                           "weight": round(float(e.get("weight") or 0.0), 3)}
    if own:
        best = max(own, key=lambda t: (int(t.get("weight") or 0),
                                       tie_day(t, net.as_of) or date.min, t["id"]))
        kind = TieKind(best["kind"])
        s, t = (best["source"], best["target"]) if kind.directed else (u, v)
        day = tie_day(best, net.as_of)
        when: Any = ""
        seen = best.get("last_seen")
        if seen and day == (date.fromisoformat(seen) if isinstance(seen, str) else seen):
            when = message("last_seen", day=day.isoformat() if day else "")
        elif best.get("asserted_on"):
            when = message("confirmed", day=day.isoformat() if day else "")
        elif best.get("since"):
            when = message("since", day=day.isoformat() if day else "")
        row.update(kind=kind.value, tie=best["id"], text=message(
            "hop_tie", a=net.name(s), verb=label("tie", kind.value), b=net.name(t),
            weight=best.get("weight"), when=when))
    else:
        forums = [net.name(f) for f in e.get("forums") or ()]
        row.update(kind="member_of", tie=None, text=message(
            "hop_forum", a=net.name(u), b=net.name(v), forums=listing(forums, 4)))
    return row


def _nearest(net: Network, a: str, b: str, limit: int) -> list[dict[str, Any]]:
    """Actors reachable from ``a`` that share most with ``b`` (areas, topics), nearest first."""
    G = net.G
    if a not in G or limit <= 0:
        return []
    dist = nx.single_source_shortest_path_length(G, a)
    b_areas = set(attribute(net, b, "areas") or ())
    b_topics = set(attribute(net, b, "topics") or ())
    b_near = {x for area in b_areas for x in net.below.get(area, (area,))}
    rows = []
    for v, hops in dist.items():
        if v == a:
            continue
        areas = [x for x in attribute(net, v, "areas") or () if x in b_near or
                 b_areas & net.below.get(x, frozenset())]
        topics = [t for t in attribute(net, v, "topics") or () if t in b_topics]
        shared = [net.area_name(x) for x in areas] + [net.topic_name(t) for t in topics]
        rows.append((-len(shared), hops, v, shared))
    rows.sort()
    out = []
    for _, hops, v, shared in rows[:limit]:
        n = message("step", context="term", count=hops)
        text = (message("nearest", a=net.name(a), hops=hops, steps=n, b=net.name(b),
                    shared=listing(shared, 4))
                if shared else message("nearest_plain", a=net.name(a), hops=hops, steps=n))
        out.append({**_who(net, v), "hops": hops, "shared": shared, "text": text})
    return out
