"""Pivot MDS (Brandes & Pich 2007) and the round table's rings, checked against classical MDS
computed here with numpy (the second source) and against what a drawing must show."""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pytest

from graph.analysis.layout import layout, layout_indices, round_table_layout


def classical_mds(G: nx.Graph) -> np.ndarray:
    """Torgerson's classical MDS of all hop distances (rows in ``list(G)`` order), by numpy."""
    D = nx.floyd_warshall_numpy(G, weight=None)  # hops, as the layout counts them
    n = len(D)
    J = np.eye(n) - np.ones((n, n)) / n
    B = -0.5 * J @ (D ** 2) @ J
    values, vectors = np.linalg.eigh(B)
    return vectors[:, [-1, -2]] * np.sqrt(values[[-1, -2]])


def _axis_agreement(pos: dict, G: nx.Graph, reference: np.ndarray) -> list[float]:
    """|Pearson r| per axis: pivot MDS equals classical MDS up to scale, sign and a shift per axis."""
    xy = np.array([pos[v] for v in G])
    return [abs(float(np.corrcoef(xy[:, a], reference[:, a])[0, 1])) for a in range(2)]


def test_layout_is_deterministic_separates_components_and_keeps_hop_lengths():
    G = nx.disjoint_union(nx.path_graph(5), nx.cycle_graph(6))
    G.add_node("allein")
    a, b = layout(G, seed=1), layout(G, seed=1)
    assert a == b
    step = [math.dist(a[i], a[i + 1]) for i in range(4)]
    assert min(step) > 60 and max(step) < 140  # one hop about 100 px
    assert math.dist(a[0], a[4]) == pytest.approx(400, rel=0.15)
    path_box = [a[i] for i in range(5)]
    cycle = [a[i] for i in range(5, 11)]
    assert min(math.dist(p, q) for p in path_box for q in cycle) > 50
    assert layout(nx.Graph()) == {}


def test_seed_is_the_only_randomness():
    G = nx.les_miserables_graph()
    assert layout(G, seed=7) == layout(G.copy(), seed=7)
    other = layout(G, seed=8)
    moved = [math.dist(layout(G, seed=7)[v], other[v]) for v in G]
    assert max(moved) > 0  # the jitter depends on the seed ...
    assert float(np.median(moved)) < 40  # ... and stays well below one hop (100 px)


def test_path_graph_nodes_lie_in_order_along_the_first_axis():
    G = nx.path_graph(12)
    pos = layout(G)
    xs = [pos[v][0] for v in G]
    steps = np.diff(xs)
    assert (steps > 0).all() or (steps < 0).all()
    assert abs(xs[-1] - xs[0]) == pytest.approx(1100, rel=0.1)  # 11 hops of about 100 px
    assert max(abs(pos[v][1]) for v in G) < 60  # a line, not a curve


@pytest.mark.parametrize("G, pivots, least", [
    # every node a pivot: pivot MDS is classical MDS up to a scale per axis (and the jitter)
    (nx.grid_2d_graph(4, 7), 28, 0.99),
    (nx.florentine_families_graph(), 15, 0.99),
    (nx.karate_club_graph(), 34, 0.97),
    (nx.les_miserables_graph(), 77, 0.99),
    # fewer pivots than nodes: an approximation, close on a grid, looser on clustered graphs
    (nx.grid_2d_graph(9, 16), 32, 0.99),
    (nx.les_miserables_graph(), 32, 0.93),
])
def test_pivot_mds_agrees_with_classical_mds(G, pivots, least):
    pos = layout(G, pivots=pivots)
    agreement = _axis_agreement(pos, G, classical_mds(G))
    assert min(agreement) > least, agreement


def test_the_agreement_measure_tells_a_wrong_layout():
    G = nx.grid_2d_graph(9, 16)
    pos = layout(G)
    shuffled = dict(zip(G, np.random.default_rng(0).permutation([pos[v] for v in G]).tolist(), strict=True))
    assert max(_axis_agreement(shuffled, G, classical_mds(G))) < 0.3
    assert max(_axis_agreement(nx.circular_layout(G), G, classical_mds(G))) < 0.9


def test_layout_indices_matches_layout_on_the_same_numbering():
    G = nx.karate_club_graph()
    pos = layout(G, seed=3)
    arr = layout_indices(len(G), list(G.edges()), seed=3)
    assert arr.shape == (34, 2)
    assert [tuple(arr[v]) for v in G] == [pos[v] for v in G]
    assert layout_indices(3, [(0, 0), (0, 1), (0, 1)]).shape == (3, 2)  # loops and repeats ignored


def test_round_table_seats_on_the_ring_reached_outside_unreached_beyond():
    seats = ["a", "b", "c", "d"]
    pos = round_table_layout(seats, {"x": ["a"], "y": ["a", "b"], "a": ["a"]}, ["u", "w"])
    assert [round(math.hypot(*pos[s]), 6) for s in seats] == [160.0] * 4
    assert pos["a"] == pytest.approx((0, -160))  # the first seat at the top
    assert 160 < math.hypot(*pos["x"]) < 160 + 2 * 170
    assert [round(math.hypot(*pos[v])) for v in ("u", "w")] == [round(160 + 2.4 * 170)] * 2
    many = round_table_layout([f"s{i}" for i in range(20)], {}, [])
    assert math.hypot(*many["s0"]) == pytest.approx(20 * 170 / (2 * math.pi))  # the ring grows
