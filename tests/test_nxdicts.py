"""graph.nxdicts reads NetworkX's private dicts: this fails if NetworkX changes them.

The second source is NetworkX's public API (views, ``edges(keys=True, data=True)``,
``add_edge``): the dicts must hold exactly what it shows, be the very objects behind its views,
and edges written into them must be seen by it.
"""

from __future__ import annotations

import networkx as nx

from graph import nxdicts


def test_the_dicts_are_the_ones_behind_the_public_views():
    G = nx.MultiDiGraph()
    G.add_node("a", kind="forum")
    G.add_edge("a", "b", key="t1", weight=2)
    G.add_edge("b", "a", key="t2", weight=3)
    assert nxdicts.nodes(G) == dict(G.nodes(data=True))
    assert nxdicts.nodes(G)["a"] is G.nodes["a"]
    assert nxdicts.successors(G)["a"]["b"]["t1"] is G.edges["a", "b", "t1"]
    assert nxdicts.predecessors(G)["a"]["b"]["t2"] is G.edges["b", "a", "t2"]
    # one key dict shared by succ and pred, as the snapshot relies on
    assert nxdicts.successors(G)["a"]["b"] is nxdicts.predecessors(G)["b"]["a"]
    assert nxdicts.adjacency(G) is nxdicts.successors(G)
    U = nx.Graph([(1, 2, {"weight": 4})])
    assert nxdicts.adjacency(U)[1][2] is U.edges[1, 2] and nxdicts.adjacency(U)[2][1] is U.edges[1, 2]


def test_edges_written_into_the_dicts_are_seen_by_networkx():
    G = nx.MultiDiGraph()
    G.add_nodes_from(["u", "v", "w"])
    succ, pred = nxdicts.successors(G), nxdicts.predecessors(G)
    keyed = succ["u"]["v"] = pred["v"]["u"] = {}
    keyed["k"] = {"weight": 5}
    assert list(G.edges(keys=True, data=True)) == [("u", "v", "k", {"weight": 5})]
    assert G.number_of_edges() == 1 and G.has_edge("u", "v", key="k")
    assert list(G.predecessors("v")) == ["u"] and G.in_degree("v") == 1
    H = G.subgraph(["u", "v"]).copy()
    assert H.edges["u", "v", "k"]["weight"] == 5
