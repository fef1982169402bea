"""The whole network as one NetworkX MultiDiGraph, built from a store's rows."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

import networkx as nx

from graph import nxdicts
from graph.model import ActorKind, valid_between
from graph.store.records import strip_times

#: actor kind -> its sector (None for kinds outside the three sectors)
_SECTORS = {k.value: (k.sector.value if k.sector else None) for k in ActorKind}


def build_snapshot(*, version: int, areas: Iterable[dict[str, Any]],
                   topics: Iterable[dict[str, Any]], actors: Iterable[dict[str, Any]],
                   ties: Iterable[dict[str, Any]], as_of: date | None = None,
                   include_personal: bool = False) -> nx.MultiDiGraph:
    """The network as a MultiDiGraph; see :meth:`graph.store.base.Store.snapshot`.

    The rows are the store's (JSON-ready dicts, dates as ISO text) and are taken over: the
    caller hands in rows it does not keep.
    """
    graph = nx.MultiDiGraph(version=version, as_of=as_of)
    graph.graph["areas"] = {r["id"]: strip_times(r) for r in areas}
    graph.graph["topics"] = {r["id"]: strip_times(r) for r in topics}
    nodes = []
    for attrs in actors:
        if not include_personal:
            attrs.pop("contact", None)
        attrs["sector"] = _SECTORS[attrs["kind"]]
        nodes.append((attrs.pop("id"), attrs))
    graph.add_nodes_from(nodes)
    parse = date.fromisoformat
    day = as_of.isoformat() if as_of else None
    # Edges go straight into the adjacency dicts: add_edges_from's per-edge view lookups were
    # half the snapshot's time on city-sized networks. Both ends exist (the store guarantees it),
    # keys are unique tie ids, and each key dict is shared by succ and pred as NetworkX does.
    succ, pred = nxdicts.successors(graph), nxdicts.predecessors(graph)
    for attrs in ties:
        if day and not valid_between(attrs["since"], attrs["until"], day):
            continue
        for key in ("since", "until", "asserted_on"):
            if attrs[key]:
                attrs[key] = parse(attrs[key])
        attrs["directed"] = attrs["kind"] != "cooperates_with"
        u, v = attrs["source"], attrs["target"]
        keydict = succ[u].get(v)
        if keydict is None:
            keydict = succ[u][v] = pred[v][u] = {}
        keydict[attrs["id"]] = attrs
    return graph
