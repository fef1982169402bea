"""The plain dicts behind NetworkX graphs, in one place.

NetworkX keeps a graph in nested dicts (``G._node``, ``G._adj``; ``G._succ`` and ``G._pred`` for
directed graphs) and hands out read-only view objects over them (``G.nodes``, ``G.adj``). Walking
the dicts directly skips a view object per lookup, which made snapshots, projections, ego
networks and the CSR arrays of the C kernel several times faster on city-sized networks (see
docs/benchmarks.md). These are private attributes of NetworkX: they are read (and, for the
snapshot and induced graphs, filled) only through this module, ``tests/test_nxdicts.py`` fails
if NetworkX changes them, and ``pyproject.toml`` bounds ``networkx`` above.

Writing through these dicts bypasses NetworkX's checks: the caller guarantees that both ends
of an edge exist and that ``succ[u][v] is pred[v][u]`` (one key dict shared, as NetworkX does).
"""

from __future__ import annotations

from typing import Any

import networkx as nx

Dicts = dict[Any, Any]


def nodes(G: nx.Graph) -> Dicts:
    """Node -> its attribute dict (the dict behind ``G.nodes``)."""
    return G._node  # type: ignore[no-any-return]


def adjacency(G: nx.Graph) -> Dicts:
    """Node -> neighbour -> edge data (for multigraphs: -> key -> edge data); for directed
    graphs the successors (the dict behind ``G.adj``)."""
    return G._adj  # type: ignore[no-any-return]


def successors(G: nx.DiGraph) -> Dicts:
    """Node -> successor -> edge data (directed graphs; the dict behind ``G.succ``)."""
    return G._succ  # type: ignore[no-any-return]


def predecessors(G: nx.DiGraph) -> Dicts:
    """Node -> predecessor -> edge data (directed graphs; the dict behind ``G.pred``)."""
    return G._pred  # type: ignore[no-any-return]
