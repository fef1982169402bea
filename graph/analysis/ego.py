"""Ego network: an actor, the actors within a few ties of it, and the ties among them."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

import networkx as nx

from graph import nxdicts
from graph.analysis.projection import valid_on
from graph.errors import InvalidInputError, NotFoundError, Problem


def ego_network(
    S: nx.MultiDiGraph,
    actor: str,
    *,
    hops: int = 2,
    tie_kinds: Iterable[str] | None = None,
    as_of: date | None = None,
) -> dict[str, Any]:
    """The actors within ``hops`` ties of ``actor``, with the partners' kinds and the ties.

    Ties count in both directions, every tie kind unless ``tie_kinds`` is given (``part_of``
    included: in an ego network the hierarchy is part of the picture).

    Parameters
    ----------
    S : networkx.MultiDiGraph
        A snapshot (``Store.snapshot()``).
    actor : str
        The actor in the middle.
    hops : int
        1 to 3.
    tie_kinds : iterable of str, optional
        Only ties of these kinds.
    as_of : datetime.date, optional
        Only ties valid on that day.

    Returns
    -------
    dict
        ``center`` (``id, name, kind, sector``), ``actors`` (each with ``distance`` and
        ``via``: the kinds of the ties that reach it from the ring before, nearest first, then
        by the strongest such tie, then id), ``ties`` (``id, source, target, kind, weight``
        among the actors shown, sorted by id) and ``kinds`` (how many partners of each kind).

    Raises
    ------
    NotFoundError
        if ``actor`` is not in the snapshot.
    InvalidInputError
        if ``hops`` is not 1, 2 or 3.

    Examples
    --------
    >>> S = nx.MultiDiGraph()
    >>> S.add_edge("a", "b", key="t1", kind="cooperates_with", weight=3)
    't1'
    >>> [x["id"] for x in ego_network(S, "a", hops=1)["actors"]]
    ['b']

    References
    ----------
    .. [1] S. Wasserman and K. Faust, *Social Network Analysis* (1994), ch. 2.2 (ego-centred
       networks).
    """
    if actor not in S:
        raise NotFoundError("actor", actor)
    if not 1 <= hops <= 3:
        raise InvalidInputError([Problem("hops_range", {"value": hops}, field="hops")])
    kinds = set(tie_kinds) if tie_kinds is not None else None

    def counts(data: dict[str, Any]) -> bool:
        return (kinds is None or data.get("kind") in kinds) and valid_on(data, as_of)

    # walk out from the actor over the plain adjacency dicts (only the ties touching the rings,
    # not every tie of the snapshot: a hub's 2-hop ring in a city network is a few thousand)
    succ, pred = nxdicts.successors(S), nxdicts.predecessors(S)
    distance = {actor: 0}
    via: dict[Any, set[str]] = {}
    strength: dict[Any, float] = {}
    frontier = [actor]
    for step in range(1, hops + 1):
        found: dict[Any, float] = {}
        for v in frontier:
            for side in (succ[v], pred[v]):
                for u, keyed in side.items():
                    if u in distance and distance[u] < step:
                        continue
                    for data in keyed.values():
                        if not counts(data):
                            continue
                        weight = float(data.get("weight") or 0)
                        if weight > found.get(u, -1.0):
                            found[u] = weight
                        via.setdefault(u, set()).add(str(data.get("kind")))
        for u, w in found.items():
            distance[u] = step
            strength[u] = w
        frontier = list(found)
        if not frontier:
            break
    ranked = sorted((v for v in distance if v != actor),
                    key=lambda v: (distance[v], -strength[v], str(v)))

    def describe(v: Any) -> dict[str, Any]:
        d = S.nodes[v]
        return {"id": v, "name": d.get("name", str(v)), "kind": d.get("kind"),
                "sector": d.get("sector")}

    keep = distance  # every tie among the actors shown, once (from its source's side)
    ties = {}
    for v in keep:
        for u, keyed in succ[v].items():
            if u in keep:
                for key, data in keyed.items():
                    if counts(data):
                        ties[key] = {"id": key, "source": v, "target": u,
                                     "kind": data.get("kind"), "weight": data.get("weight")}
    kind_count: dict[str, int] = {}
    for v in ranked:
        k = S.nodes[v].get("kind")
        kind_count[k] = kind_count.get(k, 0) + 1
    return {
        "center": describe(actor),
        "hops": hops,
        "actors": [{**describe(v), "distance": distance[v], "via": sorted(via[v])}
                   for v in ranked],
        "ties": [ties[k] for k in sorted(ties, key=str)],
        "kinds": dict(sorted(kind_count.items(), key=lambda kv: (-kv[1], str(kv[0])))),
    }
