"""Positions for drawing a network: pivot MDS per connected component, and the round table's rings.

Pure functions, no drawing: the views (``api/views``) and the graph browser (:mod:`graph.browse`)
place their nodes with them and leave the rendering to the page.

- :func:`layout`: every node of a NetworkX graph, by pivot MDS (Brandes & Pich 2007);
- :func:`layout_indices`: the same on node indices ``0..n-1`` and index pairs (what a renderer
  that already numbered its nodes has);
- :func:`spread_layout`: :func:`layout` refined by a seeded force-directed pass (for small views
  drawn without the page's physics: an actor's neighbourhood);
- :func:`round_table_layout`: the seats of a round table on a circle, whom they reach around it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import networkx as nx
import numpy as np
from scipy.sparse import coo_matrix, csr_matrix
from scipy.sparse.csgraph import connected_components, shortest_path

#: Above this many nodes a drawing keeps this layout as final (physics off); up to it a page's
#: physics refines it and stops once stable.
PHYSICS_LIMIT = 1000


def layout(G: nx.Graph, *, pivots: int = 32, edge_length: float = 100.0,
           seed: int = 0) -> dict[Any, tuple[float, float]]:
    """Positions for every node: pivot MDS per connected component, components packed in rows.

    Each component is placed by classical multidimensional scaling of its hop distances to
    ``pivots`` pivots chosen farthest-first (Brandes & Pich's pivot MDS): ``pivots`` breadth-
    first searches and a ``pivots x pivots`` eigenproblem, where ``nx.spring_layout`` iterates
    over all pairs (see ``docs/benchmarks.md`` for the times). Nodes with the same distances to
    every pivot are spread by a small seeded jitter; actors without ties go in a grid below.

    Parameters
    ----------
    G : networkx.Graph
        Any graph; directions and weights are ignored.
    pivots : int
        Number of pivots per component.
    edge_length : float
        Length of one hop in the drawing (pixels at zoom 1).
    seed : int
        Seed of the jitter: the same graph (same node order) and seed give the same positions.

    Returns
    -------
    dict
        node -> (x, y), centred on the origin.

    Examples
    --------
    >>> pos = layout(nx.path_graph(3))
    >>> round(abs(pos[0][0] - pos[2][0]) / 100)
    2

    References
    ----------
    .. [1] U. Brandes and C. Pich, "Eigensolver methods for progressive multidimensional scaling
       of large data", Graph Drawing 2006, LNCS 4372, 42-53 (2007).
    """
    nodes = list(G)
    index = {v: i for i, v in enumerate(nodes)}
    pairs = [(index[u], index[v]) for u, v in G.edges()]
    pos = layout_indices(len(nodes), pairs, pivots=pivots, edge_length=edge_length, seed=seed)
    return {v: (float(pos[i, 0]), float(pos[i, 1])) for i, v in enumerate(nodes)}


def spread_layout(G: nx.Graph, *, edge_length: float = 100.0, seed: int = 0,
                  iterations: int = 80) -> dict[Any, tuple[float, float]]:
    """:func:`layout`, then Fruchterman-Reingold (``nx.spring_layout``) from those positions with
    a fixed seed, scaled so that the median tie is ``edge_length`` long.

    Pivot MDS puts nodes with the same distances to every pivot (the partners of a hub) on one
    spot; the force-directed pass spreads them. Deterministic: the same graph (same node order)
    and seed give the same positions. Meant for small graphs (a few hundred nodes: its cost grows
    with the square of the nodes).

    Examples
    --------
    >>> pos = spread_layout(nx.star_graph(6))
    >>> min(math.dist(pos[i], pos[j]) for i in range(1, 7) for j in range(i + 1, 7)) > 30
    True

    References
    ----------
    .. [1] T. M. J. Fruchterman and E. M. Reingold, "Graph drawing by force-directed placement",
       Software: Practice and Experience 21(11), 1129-1164 (1991).
    """
    start = layout(G, edge_length=1.0, seed=seed)
    if G.number_of_nodes() < 3:
        return {v: (x * edge_length, y * edge_length) for v, (x, y) in start.items()}
    pos = nx.spring_layout(G, pos={v: np.array(xy) for v, xy in start.items()}, seed=seed,
                           iterations=iterations, k=2.0 / math.sqrt(G.number_of_nodes()))
    lengths = [math.dist(pos[u], pos[v]) for u, v in G.edges() if u != v]
    unit = float(np.median(lengths)) if lengths else 1.0
    scale = edge_length / unit if unit > 0 else edge_length
    return {v: (float(xy[0]) * scale, float(xy[1]) * scale) for v, xy in pos.items()}


def layout_indices(n: int, pairs: Sequence[tuple[int, int]], *, pivots: int = 32,
                   edge_length: float = 100.0, seed: int = 0) -> np.ndarray:
    """:func:`layout` on node indices ``0..n-1`` and index pairs: an ``n x 2`` array.

    Parameters
    ----------
    n : int
        Number of nodes.
    pairs : sequence of (int, int)
        The edges as index pairs (loops and repeats are allowed and ignored).
    pivots, edge_length, seed
        As for :func:`layout`.

    Returns
    -------
    numpy.ndarray
        Row ``i`` holds the position of node ``i``.

    Examples
    --------
    >>> layout_indices(2, [(0, 1)]).shape
    (2, 2)
    """
    if n == 0:
        return np.zeros((0, 2))
    if pairs:
        ij = np.array(pairs, dtype=np.int64).reshape(-1, 2)
        ij = ij[ij[:, 0] != ij[:, 1]]
        rows = np.concatenate([ij[:, 0], ij[:, 1]])
        cols = np.concatenate([ij[:, 1], ij[:, 0]])
    else:
        rows = cols = np.zeros(0, dtype=np.int64)
    A = coo_matrix((np.ones(len(rows), dtype=np.float64), (rows, cols)), shape=(n, n)).tocsr()
    A.data[:] = 1.0  # duplicates (a multigraph) summed: one hop all the same
    count, labels = connected_components(A, directed=False)
    members: list[list[int]] = [[] for _ in range(count)]
    for i, c in enumerate(labels.tolist()):
        members[c].append(i)
    members.sort(key=lambda m: (-len(m), m[0]))
    rng = np.random.default_rng(seed)
    pos = np.zeros((n, 2))
    blocks: list[tuple[np.ndarray, np.ndarray]] = []  # (indices, coordinates)
    singles: list[int] = []
    for comp in members:
        if len(comp) == 1:
            singles.append(comp[0])
            continue
        idx = np.array(comp)
        sub = A[idx][:, idx] if len(comp) < n else A
        xy = _pivot_mds(sub, pivots, rng) * edge_length
        # dense components (short distances, many nodes) spread out to about one hop per node
        extent = np.maximum(xy.max(axis=0) - xy.min(axis=0), edge_length)
        crowded = len(comp) * (0.8 * edge_length) ** 2 / float(extent[0] * extent[1])
        if crowded > 1:
            xy *= math.sqrt(crowded)
        blocks.append((idx, xy))
    if singles:
        side = math.ceil(math.sqrt(len(singles)))
        grid = np.array([(i % side, i // side) for i in range(len(singles))], dtype=float)
        blocks.append((np.array(singles), grid * edge_length * 0.7))
    _pack(blocks, pos, edge_length)
    return pos


def _pivot_mds(A: csr_matrix, k: int, rng: np.random.Generator) -> np.ndarray:
    """Pivot MDS of one connected component (adjacency ``A``): ``m x 2``, one hop about one unit."""
    m = A.shape[0]
    if m == 2:
        return np.array([[0.0, 0.0], [1.0, 0.0]])
    k = min(k, m)
    D = np.empty((k, m))
    nearest = np.full(m, np.inf)
    degree = np.diff(A.indptr)
    p = int(np.argmax(degree))
    for i in range(k):  # pivots farthest-first, from the best connected node
        D[i] = shortest_path(A, method="D", unweighted=True, directed=True, indices=p)
        nearest = np.minimum(nearest, D[i])
        p = int(np.argmax(nearest))
    C = (D.T ** 2)
    C = -0.5 * (C - C.mean(axis=0) - C.mean(axis=1)[:, None] + C.mean())  # double centring
    _, vectors = np.linalg.eigh(C.T @ C)
    X = C @ vectors[:, [-1, -2]]
    for axis in range(2):  # deterministic orientation; unit scale: one hop ~ one unit
        col = X[:, axis]
        if col[np.argmax(np.abs(col))] < 0:
            X[:, axis] = -col
    hop = _hop_length(A, X)
    if hop > 0:
        X /= hop
    return X + rng.normal(scale=0.12, size=X.shape)


def _hop_length(A: csr_matrix, X: np.ndarray) -> float:
    coo = A.tocoo()
    if coo.nnz == 0:
        return 0.0
    d = np.linalg.norm(X[coo.row] - X[coo.col], axis=1)
    return float(np.median(d))


def _pack(blocks: list[tuple[np.ndarray, np.ndarray]], pos: np.ndarray, gap: float) -> None:
    """Shelf packing of blocks (largest first) into rows of about the square root of their area."""
    sizes = []
    for _, xy in blocks:
        lo, hi = xy.min(axis=0), xy.max(axis=0)
        sizes.append((lo, hi - lo + gap))
    area = sum(float(s[0] * s[1]) for _, s in sizes)
    width = max(math.sqrt(area) * 1.2, max(float(s[0]) for _, s in sizes))
    x = y = row = 0.0
    for (idx, xy), (lo, size) in zip(blocks, sizes, strict=True):
        if x > 0 and x + size[0] > width:
            x, y, row = 0.0, y + row, 0.0
        pos[idx] = xy - lo + np.array([x, y])
        x += float(size[0])
        row = max(row, float(size[1]))
    pos -= pos.mean(axis=0)


def round_table_layout(seats: Sequence[Any], via: Mapping[Any, Sequence[Any]], unreached: Sequence[Any],
                       *, gap: float = 170.0) -> dict[Any, tuple[float, float]]:
    """Seats evenly on a circle (the table), each reached actor outside it towards the seats
    that reach it, unreached relevant actors on an outer ring.

    Parameters
    ----------
    seats : sequence
        The seated actors, in their order round the table (the first at the top).
    via : mapping
        Reached actor -> the seats that reach it (seats themselves are skipped).
    unreached : sequence
        Relevant actors no seat reaches.
    gap : float
        Distance between neighbouring seats and between the rings.

    Returns
    -------
    dict
        actor -> (x, y), the table's centre at the origin.

    Examples
    --------
    >>> pos = round_table_layout(["a", "b"], {"c": ["a"]}, ["d"])
    >>> [round(v) for v in pos["a"]]
    [0, -160]
    """
    k = max(len(seats), 1)
    radius = max(160.0, k * gap / (2 * math.pi))
    angle = {v: 2 * math.pi * i / k - math.pi / 2 for i, v in enumerate(seats)}
    placed = {v: (radius * math.cos(a), radius * math.sin(a)) for v, a in angle.items()}
    around: dict[Any, int] = {}
    for v in sorted(via, key=str):
        if v in placed:
            continue
        ends = [angle[s] for s in via[v] if s in angle] or [0.0]
        a = math.atan2(sum(math.sin(x) for x in ends), sum(math.cos(x) for x in ends))
        slot = around.get(ends[0], 0)
        around[ends[0]] = slot + 1
        r = radius + gap * (0.8 + 0.45 * (slot % 3))
        a += 0.18 * ((slot + 1) // 2) * (1 if slot % 2 else -1) / max(1.0, (slot // 3) + 1)
        placed[v] = (r * math.cos(a), r * math.sin(a))
    outer = radius + gap * 2.4
    for i, v in enumerate(unreached):
        a = 2 * math.pi * (i + 0.5) / max(len(unreached), 1) - math.pi / 2
        placed[v] = (outer * math.cos(a), outer * math.sin(a))
    return placed
