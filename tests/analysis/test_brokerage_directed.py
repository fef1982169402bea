"""Gould-Fernandez brokerage on directed ties: two-paths follow ``informs``, ``funds`` and
``member_of``; cooperation counts both ways; a two-path ``a -> v -> b`` is brokered only when
``a`` has no tie to ``b`` in that direction.

Second sources: the six-tie example's counts as UCINET and R's ``sna::brokerage`` give them
(quoted in issue 13), a second example counted by hand below, and a brute force over every
two-path on random directed graphs.
"""

from __future__ import annotations

import random

import networkx as nx
import pytest

from graph.analysis import analysis_graph, brokerage_roles

ROLES = ("coordinator", "itinerant", "representative", "gatekeeper", "liaison")


def _nonzero(roles: dict) -> dict:
    return {v: {k: c for k, c in r.items() if c} for v, r in roles.items() if any(r.values())}


def _digraph(arcs: list[tuple[str, str]], groups: dict[str, int]) -> nx.DiGraph:
    G = nx.DiGraph(arcs)
    nx.set_node_attributes(G, groups, "sector")
    return G


def test_the_standard_six_tie_example_as_ucinet_and_sna_count_it():
    G = _digraph([("A", "B"), ("A", "C"), ("B", "C"), ("B", "D"), ("C", "D"), ("D", "A")],
                 {"A": 1, "B": 1, "C": 2, "D": 2})
    assert _nonzero(brokerage_roles(G)) == {
        "A": {"gatekeeper": 1, "itinerant": 1},
        "B": {"representative": 1},
        "C": {"gatekeeper": 1},
        "D": {"itinerant": 1, "representative": 1},
    }


def test_a_second_example_counted_by_hand():
    # P -> Q (informs), Q -> R (funds), Q <-> S and R <-> S (cooperation); groups P 1, Q R 2, S 3.
    # Through Q (in P, S; out R, S): P>Q>R gatekeeper; P>Q>S liaison; S>Q>R not (S -> R).
    # Through S (in R, Q; out R, Q): R>S>Q itinerant; Q>S>R not (Q -> R). R and P: none.
    G = _digraph([("P", "Q"), ("Q", "R"), ("Q", "S"), ("S", "Q"), ("R", "S"), ("S", "R")],
                 {"P": 1, "Q": 2, "R": 2, "S": 3})
    assert _nonzero(brokerage_roles(G)) == {"Q": {"gatekeeper": 1, "liaison": 1},
                                          "S": {"itinerant": 1}}


def _brute(G: nx.DiGraph, by: str) -> dict:
    def role(a, v, b):
        ga, gv, gb = (G.nodes[x].get(by) for x in (a, v, b))
        if ga == gv:
            return "coordinator" if gb == gv else "representative"
        if gb == gv:
            return "gatekeeper"
        return "itinerant" if ga == gb else "liaison"

    out = {v: dict.fromkeys(ROLES, 0) for v in G}
    for v in G:
        for a in G.predecessors(v):
            for b in G.successors(v):
                if a != b and a != v and b != v and not G.has_edge(a, b):
                    out[v][role(a, v, b)] += 1
    return out


@pytest.mark.parametrize("seed", range(40))
def test_equals_a_brute_force_over_every_two_path(seed):
    rng = random.Random(seed)
    G = nx.gnp_random_graph(rng.randint(3, 25), rng.uniform(0.05, 0.4), seed=seed, directed=True)
    nx.set_node_attributes(G, {v: rng.randint(0, 3) for v in G}, "sector")
    assert brokerage_roles(G) == _brute(G, "sector")


def test_an_undirected_graph_counts_every_tie_both_ways_as_before():
    G = nx.les_miserables_graph()
    nx.set_node_attributes(G, {v: len(v) % 3 for v in G}, "sector")
    assert brokerage_roles(G) == _brute(G.to_directed(), "sector")


def _snapshot(ties: list[tuple[str, str, str]], sectors: dict[str, str]) -> nx.MultiDiGraph:
    S = nx.MultiDiGraph(areas={}, topics={})
    for v, sector in sectors.items():
        S.add_node(v, kind="association", sector=sector)
    for u, v, kind in ties:
        S.add_edge(u, v, key=f"{kind}:{u}:{v}", kind=kind, weight=3)
    return S


def test_the_analysis_graph_keeps_the_direction_of_information_and_funding():
    S = _snapshot([("a", "b", "informs"), ("a", "c", "informs"), ("b", "c", "informs"),
                   ("b", "d", "funds"), ("c", "d", "informs"), ("d", "a", "informs")],
                  {"a": "civil_society", "b": "civil_society", "c": "administration",
                   "d": "administration"})
    roles = brokerage_roles(analysis_graph(S))
    assert roles["a"]["gatekeeper"] == 1 and roles["a"]["representative"] == 0
    assert roles["b"]["representative"] == 1 and roles["b"]["gatekeeper"] == 0


def test_cooperation_between_the_same_pair_makes_the_tie_mutual():
    S = _snapshot([("a", "b", "informs"), ("b", "c", "informs"), ("c", "b", "cooperates_with")],
                  {"a": "civil_society", "b": "administration", "c": "private"})
    roles = brokerage_roles(analysis_graph(S))
    assert roles["b"]["liaison"] == 1  # a > b > c; c > b > a is not a two-path (no b -> a)


@pytest.mark.parametrize("seed", range(20))
def test_the_compiled_kernel_equals_the_python_reference(seed):
    from graph.analysis import _kernels
    from graph.analysis.directed import arcs, directed_roles, directed_roles_python

    assert _kernels.kernel_name() == "c"  # else this compares the reference with itself
    rng = random.Random(1000 + seed)
    G = nx.gnp_random_graph(rng.randint(3, 60), rng.uniform(0.02, 0.3), seed=seed, directed=True)
    G.add_edges_from((u, u) for u in list(G)[:2])  # self-loops are no partners
    group = {v: rng.choice(["a", "b", None, 3]) for v in G}
    found = arcs(G)
    assert directed_roles(found, group) == directed_roles_python(found, group)


def test_an_unknown_grouping_is_an_error_naming_the_attributes_that_exist():
    from graph.analysis import broker_scores
    from graph.errors import QuartiernetzError

    G = _digraph([("A", "B")], {"A": 1, "B": 2})
    with pytest.raises(QuartiernetzError) as caught:
        brokerage_roles(G, group_by="nosuchattr")
    text = str(caught.value)
    assert "nosuchattr" in text and "sector" in text and "area" in text
    with pytest.raises(QuartiernetzError):
        broker_scores(nx.Graph(G), group_by="nosuchattr")
    assert brokerage_roles(G, group_by="area")  # area is always there (first of ``areas``)
    assert brokerage_roles(nx.DiGraph([("A", "B")]))  # the default, sector, too
