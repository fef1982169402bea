"""Brokers: who holds the neighbourhood together.

Per actor: normalised betweenness and Burt's constraint and effective size
(:mod:`graph.analysis.measures`), and Gould & Fernandez's (1989) brokerage roles relative to a
grouping (:mod:`graph.analysis.brokerage`); then a combined ranking with reasons
(:mod:`graph.analysis.broker_reasons`).
"""

from __future__ import annotations

import math
from typing import Any

import networkx as nx

from graph.analysis import _kernels
from graph.analysis.broker_reasons import (
    broker_reasons,
    kernel_sides,
    reasons_from,
    reasons_of,
    with_forums,
)
from graph.analysis.brokerage import ROLES, brokerage_roles, group_of, roles_of
from graph.analysis.directed import check_grouping
from graph.analysis.measures import (
    EXACT_LIMIT,
    METHODS,
    Betweenness,
    betweenness,
    betweenness_csr,
    burt_csr,
    burt_measures,
)

__all__ = ["EXACT_LIMIT", "ROLES", "Betweenness", "betweenness", "broker_reasons", "broker_scores",
           "brokerage_roles", "burt_measures", "group_of"]


class _NeighbourSets(dict):
    """node -> set of its neighbours (without itself), built on first use."""

    def __init__(self, G: nx.Graph) -> None:
        super().__init__()
        self.G = G

    def __missing__(self, v: Any) -> set:
        found = set(self.G.adj[v]) - {v}
        self[v] = found
        return found


def _key(g: Any) -> tuple[bool, str]:
    """Sort key for group values (None last)."""
    return (g is None, str(g))


def broker_scores(
    G: nx.Graph,
    *,
    group_by: str = "sector",
    weight: str | None = "weight",
    top: int | None = None,
    method: str = "auto",
    samples: int = 256,
    seed: int = 0,
    include_outside: bool = False,
) -> list[dict[str, Any]]:
    """Actors ranked as brokers, with the measures and the reasons (as messages).

    ``score`` is the mean of three parts, each in [0, 1]: betweenness relative to the highest,
    ``1 - constraint`` (0 for an actor without ties), and brokerage between groups (every role
    but coordinator) relative to the highest. Rows are sorted by score descending, then id.

    Parameters
    ----------
    G : networkx.Graph
        An analysis graph (see :func:`graph.analysis.projection.analysis_graph`).
    group_by : str
        Grouping for the brokerage roles: ``sector`` (default), ``area``, ``kind`` or any node
        attribute.
    weight : str or None
        Tie strength; distances for betweenness are ``1 / weight``.
    top : int, optional
        Return only the first ``top`` rows.
    method, samples, seed : see :func:`betweenness`; ``"auto"`` (the default) is exact up to
        20,000 actors and sampled above, and every row's ``method`` says which one ran.
    include_outside : bool
        Also rank partners outside the selected area (node attribute ``outside``).

    Returns
    -------
    list of dict
        ``id, name, kind, sector, group, betweenness, betweenness_error, constraint,
        effective_size, degree, brokerage`` (the five role counts), ``score, reasons, method``;
        ``reasons`` are messages (:func:`graph.words.worded` puts them in words).

    Raises
    ------
    ValueError
        for an unknown ``method`` or a non-positive tie weight.
    QuartiernetzError
        ``unknown_grouping`` for a ``group_by`` no actor has (the message lists the attributes
        that exist).

    Examples
    --------
    >>> rows = broker_scores(nx.florentine_families_graph(), weight=None, top=1)
    >>> rows[0]["id"]
    'Medici'

    References
    ----------
    .. [1] U. Brandes (2001), see :func:`betweenness`.
    .. [2] R. S. Burt (1992), see :func:`burt_measures`.
    .. [3] R. V. Gould and R. M. Fernandez (1989), see :func:`brokerage_roles`.
    """
    if method not in METHODS:
        raise ValueError(f"method must be 'auto', 'exact' or 'sampled', not {method!r}")
    check_grouping(G, group_by)
    with _kernels.paused_gc():
        return _broker_scores(G, group_by, weight, top, method, samples, seed, include_outside)


def _broker_scores(G: nx.Graph, group_by: str, weight: str | None, top: int | None,
                   method: str, samples: int, seed: int,
                   include_outside: bool) -> list[dict[str, Any]]:
    csr = _kernels.to_csr(G, weight)
    bc = betweenness_csr(csr, weight is not None, method, samples, seed, 8)
    constraint, esize = burt_csr(csr)
    group = {v: group_of(d, group_by) for v, d in G.nodes(data=True)}
    nbrs = _NeighbourSets(G)
    roles = roles_of(G, csr, group, nbrs)
    across = {v: sum(r.values()) - r["coordinator"] for v, r in roles.items()}
    bmax = max(bc.values.values(), default=0.0) or 1.0
    amax = max(across.values(), default=0) or 1
    scored = []
    for i, (v, data) in enumerate(G.nodes(data=True)):
        if data.get("outside") and not include_outside:
            continue
        c = constraint[v]
        openness = 0.0 if math.isnan(c) else max(0.0, 1.0 - min(c, 1.0))
        score = (bc.values[v] / bmax + openness + across[v] / amax) / 3
        scored.append((-round(score, 9), str(v), v, score, i))
    scored.sort()
    if top is not None:
        scored = scored[:max(0, top)]
    fast = kernel_sides(G, csr, group, [i for *_, i in scored])
    rows = []
    ip = csr.indptr
    for k, (_, _, v, score, i) in enumerate(scored):
        data = G.nodes[v]
        c, e = constraint[v], esize[v]
        if fast is None:
            reasons = reasons_of(G, v, group, nbrs, group_by, bc.values[v], c, e)
        else:
            reasons = with_forums(G, v, reasons_from(fast[k], group_by, ip[i + 1] - ip[i],
                                                     bc.values[v], c, e))
        rows.append({
            "id": v,
            "name": data.get("name", str(v)),
            "kind": data.get("kind"),
            "sector": data.get("sector"),
            "group": group[v],
            "betweenness": bc.values[v],
            "betweenness_error": bc.error.get(v, 0.0),
            "constraint": None if math.isnan(c) else c,
            "effective_size": None if math.isnan(e) else e,
            "degree": G.degree(v),
            "brokerage": roles[v],
            "score": round(score, 6),
            "reasons": reasons,
            "method": bc.method,
        })
    return rows
