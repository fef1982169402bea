"""Betweenness (Brandes 2001; sampled after Brandes & Pich 2007 with the linear scaling of
Geisberger, Sanders & Schultes 2008) and Burt's (1992) constraint and effective size.

The heavy parts run in a small C kernel (see :mod:`graph.analysis._kernels`); results agree with
``nx.betweenness_centrality``, ``nx.constraint`` and ``nx.effective_size(nodes=...)`` to 1e-9.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import numpy as np

from graph.analysis import _kernels
from graph.i18n import message

METHODS = ("auto", "exact", "sampled")
#: ``method="auto"`` is exact up to this many nodes and sampled above (exact weighted
#: betweenness takes about 1 s per 1,000 nodes at 10,000 and grows with the square).
EXACT_LIMIT = 20_000


@dataclass
class Betweenness:
    """Normalised betweenness of every node, how it was computed, and its estimated error."""

    values: dict[Any, float]
    method: str  # "exact" or "sampled"
    sources: int  # how many sources were used (n when exact)
    error: dict[Any, float] = field(default_factory=dict)  # standard error per node (sampled)
    kernel: str = "c"

    @property
    def max_error(self) -> float:
        return max(self.error.values(), default=0.0)

    def describe(self) -> dict[str, Any]:
        """How it was computed, as a message (:func:`graph.words.text` puts it in words)."""
        if self.method == "exact":
            return message("method_exact")
        return message("method_sampled", k=self.sources, error=f"{self.max_error:.4f}")


def betweenness(
    G: nx.Graph,
    *,
    weight: str | None = "weight",
    method: str = "auto",
    samples: int = 256,
    seed: int = 0,
    batches: int = 8,
) -> Betweenness:
    """Normalised betweenness centrality, exact or estimated from sampled sources.

    Parameters
    ----------
    G : networkx.Graph
        Undirected; self-loops are ignored.
    weight : str or None
        Edge attribute holding tie strength; a tie's length is ``1 / weight``. None: every tie
        has length 1.
    method : {"auto", "exact", "sampled"}
        ``"sampled"`` accumulates dependencies from ``samples`` random sources and scales by
        ``n / samples`` (Brandes & Pich 2007), each pair's share split by distance ("linear
        scaling", Geisberger, Sanders & Schultes 2008: unbiased, and far less spread for actors
        next to a sampled source); the sources are split into ``batches`` groups and the
        spread of the group estimates gives a standard error per node. ``"auto"`` (the
        default) is exact up to :data:`EXACT_LIMIT` (20,000) nodes and sampled above; the
        result's ``method`` says which one ran. Ask for ``"exact"`` to have it at any size.
    samples, seed, batches : int
        Sample size, random seed, and number of groups for the error estimate.

    Returns
    -------
    Betweenness
        ``values`` normalised as NetworkX does for undirected graphs (divided by
        ``(n-1)(n-2)``, the number of ordered pairs of other nodes), so every value is in [0, 1].

    Raises
    ------
    ValueError
        for an unknown ``method`` or a non-positive weight.

    Examples
    --------
    >>> b = betweenness(nx.florentine_families_graph(), weight=None)
    >>> round(b.values["Medici"], 3)
    0.522

    References
    ----------
    .. [1] U. Brandes, "A faster algorithm for betweenness centrality", J. Math. Sociol. 25(2),
       163-177 (2001).
    .. [2] U. Brandes and C. Pich, "Centrality estimation in large networks", Int. J.
       Bifurcation and Chaos 17(7), 2303-2318 (2007).
    .. [3] R. Geisberger, P. Sanders and D. Schultes, "Better approximation of betweenness
       centrality", Proc. ALENEX 2008, 90-100.
    """
    if method not in METHODS:
        raise ValueError(f"method must be 'auto', 'exact' or 'sampled', not {method!r}")
    with _kernels.paused_gc():
        csr = _kernels.to_csr(G, weight)
    return betweenness_csr(csr, weight is not None, method, samples, seed, batches)


def betweenness_csr(csr: _kernels.CSR, weighted: bool, method: str, samples: int, seed: int,
                 batches: int) -> Betweenness:
    n = csr.n
    kernel = _kernels.kernel_name()
    if method == "auto":
        method = "exact" if n <= EXACT_LIMIT else "sampled"
    scale = 1.0 / ((n - 1) * (n - 2)) if n > 2 else 0.0
    if method == "exact" or samples >= n:
        dep = _kernels.dependencies(csr, list(range(n)), weighted=weighted)
        return Betweenness({csr.nodes[i]: dep[i] * scale for i in range(n)}, "exact", n,
                           kernel=kernel)
    k = max(2, samples)
    chosen = random.Random(seed).sample(range(n), k)
    groups = [chosen[i::batches] for i in range(min(batches, k))]
    # linear scaling: twice the distance-shared dependencies (see _kernels.dependencies); as
    # arrays, with the same floating-point operations in the same order as the scalar
    # ``d * 2 * n / len(g) * scale``, ``sum(c * s ...) / k`` and ``sum((c - mean) ** 2 ...)``
    # (a NumPy sum would add pairwise: these add one group after the other)
    estimates = [np.asarray(_kernels.dependencies(csr, g, weighted=weighted, linear=True))
                 * 2 * n / len(g) * scale for g in groups]
    sizes = [len(g) for g in groups]
    total = estimates[0] * sizes[0]
    for est, size in zip(estimates[1:], sizes[1:], strict=True):
        total = total + est * size
    mean = total / k
    values = dict(zip(csr.nodes, mean.tolist(), strict=True))
    if len(estimates) > 1:
        # squares by Python's ``** 2`` (the C library's pow), which differs from NumPy's x * x
        # in the last bit for about one value in a thousand
        spread = np.zeros(n)
        for est in estimates:
            spread = spread + np.array([d ** 2 for d in (est - mean).tolist()])
        sd = np.sqrt(spread / (len(estimates) - 1) / len(estimates))
        error = dict(zip(csr.nodes, sd.tolist(), strict=True))
    else:
        error = dict.fromkeys(csr.nodes, math.nan)
    return Betweenness(values, "sampled", k, error, kernel=kernel)


def burt_measures(G: nx.Graph, *, weight: str | None = "weight") -> tuple[dict, dict]:
    """Burt's constraint and effective size of every node, weighted.

    ``constraint(i) = sum_j (p_ij + sum_q p_iq p_qj)^2`` over i's partners ``j`` (``q`` other
    partners of i), with ``p_ij = w_ij / sum_k w_ik``; ``effective_size(i) = sum_j (1 - sum_q
    p_iq m_jq)`` with ``m_jq = w_jq / max_k w_jk``. A node without ties gets NaN in both, as in
    NetworkX. Unlike ``nx.effective_size(G, weight=...)`` without ``nodes=`` (wrong on weighted
    graphs in NetworkX 3.6) this follows Burt's formula for every node.

    Parameters
    ----------
    G : networkx.Graph
        Undirected; self-loops are ignored.
    weight : str or None
        Edge attribute with the tie strength (None: every tie 1).

    Returns
    -------
    (dict, dict)
        Constraint and effective size by node.

    Examples
    --------
    >>> c, e = burt_measures(nx.star_graph(3), weight=None)
    >>> c[0], e[0]
    (0.3333333333333333, 3.0)

    References
    ----------
    .. [1] R. S. Burt, *Structural Holes: The Social Structure of Competition*, Harvard
       University Press (1992), ch. 2.
    .. [2] S. P. Borgatti, "Structural holes: Unpacking Burt's redundancy measures",
       Connections 20(1), 35-38 (1997).
    """
    with _kernels.paused_gc():
        return burt_csr(_kernels.to_csr(G, weight))


def burt_csr(csr: _kernels.CSR) -> tuple[dict, dict]:
    constraint, esize = _kernels.burt(csr)
    return dict(zip(csr.nodes, constraint, strict=True)), dict(zip(csr.nodes, esize, strict=True))
