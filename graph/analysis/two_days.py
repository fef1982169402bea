"""One snapshot judged on two days at once, as arrays: the engine of
:func:`~graph.analysis.changes.network_changes`.

``changes`` asks the same questions of two days: which ties hold, who is cut off, who brokers.
Asked one day at a time (``analysis_graph`` twice, ``isolated_actors`` twice, ``broker_scores``
twice) most of the time went into building two NetworkX graphs and the broker reasons nobody
reads here (4.8 s at 10,000 actors and 50,000 ties). This module reads the snapshot's ties once
as columns (:func:`read_ties`: validity on both days as NumPy flags), projects each day straight
into the CSR arrays of the C kernel (:class:`Projector`), ranks the brokers from those arrays
and finds the cut-off actors from degree, reach and component arrays
(:class:`~graph.analysis.two_days_isolation.Isolation`, in its own module).

The results are those of the one-day functions, by construction and by test
(``tests/analysis/test_changes.py`` compares them with two snapshots and the one-day analyses):

- :meth:`Projector.day` follows :func:`~graph.analysis.projection.analysis_graph` (default tie
  kinds, forums projected away) step by step: the same ties in the same order (by tie id), the
  same weights added in the same order, the same neighbour order in every row. So the CSR arrays
  are those ``to_csr(analysis_graph(S, as_of=day))`` gives, and the sampled betweenness sees the
  same sources and sums in the same order; :func:`within` cuts out an area as
  ``analysis_graph(..., area=...)`` does.
- :func:`broker_ranking` computes the score of :func:`~graph.analysis.brokers.broker_scores`
  (betweenness, constraint, brokerage between groups by sector) without the reasons.
- :mod:`graph.analysis.two_days_isolation` tests the reasons of
  :data:`~graph.analysis.isolates.ISOLATION_CODES` from a :class:`DayGraph` and gives every
  reason of :func:`~graph.analysis.isolates.isolated_actors` for the few actors asked about.
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from operator import itemgetter
from typing import Any

import networkx as nx
import numpy as np

from graph import nxdicts
from graph.analysis import _kernels
from graph.analysis.brokerage import group_of
from graph.analysis.directed import DIRECTED_KINDS, ROLES, Arcs, directed_roles_python
from graph.analysis.measures import betweenness_csr
from graph.analysis.projection import DEFAULT_TIE_KINDS, valid_on

_TIE_KINDS = frozenset(DEFAULT_TIE_KINDS)


#: Open ends of a period as day numbers (``date.toordinal``).
_FIRST, _LAST = -(2**62), 2**62


@dataclass(frozen=True)
class Ties:
    """Every tie of a snapshot in the order of its id, as columns.

    ``rows[k]`` is ``(id, source, target, data)``; ``source[k]``/``target[k]`` the ends' numbers
    in ``names`` (every node of the snapshot, in its order); ``kinds[k]`` its kind; ``held[d][k]``
    whether it holds on ``days[d]``; ``weight[k]`` its weight as the projection reads it (ties of
    the projected kinds only).
    """

    days: tuple[date, ...]
    rows: list[tuple[Any, Any, Any, dict[str, Any]]]
    names: list[Any]
    source: np.ndarray
    target: np.ndarray
    kinds: np.ndarray
    held: list[np.ndarray]
    weight: np.ndarray

    def of_kind(self, *kinds: str) -> np.ndarray:
        return np.isin(self.kinds, kinds)


def read_ties(S: nx.MultiDiGraph, days: Sequence[date]) -> Ties:
    """The ties of ``S`` as columns, with their validity on each of ``days``
    (:func:`~graph.analysis.projection.valid_on`, read once per tie)."""
    rows = [(key, u, v, data) for u, nbrs in nxdicts.adjacency(S).items()
            for v, keyed in nbrs.items() for key, data in keyed.items()]
    rows.sort(key=itemgetter(0))
    names = list(nxdicts.nodes(S))
    index = {v: i for i, v in enumerate(names)}
    at = index.__getitem__
    data = [r[3] for r in rows]
    kinds = [d.get("kind") for d in data]
    starts = [d.get("since") for d in data]
    ends = [d.get("until") for d in data]
    if all(x is None or type(x) is date for x in starts + ends):
        first = np.array([_FIRST if x is None else x.toordinal() for x in starts], dtype=np.int64)
        last = np.array([_LAST if x is None else x.toordinal() for x in ends], dtype=np.int64)
        held = [(first <= day.toordinal()) & (day.toordinal() <= last) for day in days]
    else:  # text or other values: the one rule itself
        held = [np.array([valid_on(d, day) for d in data], dtype=bool) for day in days]

    return Ties(
        tuple(days), rows, names,
        source=np.array([at(r[1]) for r in rows], dtype=np.int64),
        target=np.array([at(r[2]) for r in rows], dtype=np.int64),
        kinds=np.array(kinds, dtype=object), held=held,
        weight=np.array([float(d.get("weight") or 1) if k in _TIE_KINDS else 1.0
                         for d, k in zip(data, kinds, strict=True)], dtype=np.float64))


@dataclass
class DayGraph:
    """The analysis graph of one day as arrays (see the module).

    ``nodes`` are the actors (every node of the snapshot but forums, in its order); edge ``e``
    joins ``first[e]`` and ``second[e]`` (node numbers, in the order first seen) with
    ``weight[e]``; ``runs[e]`` says from which ends its ties run: 1 the first, 2 the second,
    3 both (cooperation, a shared forum). ``csr`` holds the rows, neighbours in edge order, and
    ``arc_edge`` the edge of each arc.
    """

    nodes: list[Any]
    first: np.ndarray
    second: np.ndarray
    weight: np.ndarray
    runs: np.ndarray
    csr: _kernels.CSR
    arc_edge: np.ndarray

    @cached_property
    def degree(self) -> np.ndarray:
        return np.diff(np.frombuffer(self.csr.indptr, dtype=np.int64))

    @cached_property
    def arc_source(self) -> np.ndarray:
        return np.repeat(np.arange(len(self.nodes), dtype=np.int32), self.degree)

    @cached_property
    def arc_target(self) -> np.ndarray:
        return np.frombuffer(self.csr.indices, dtype=np.int32)


def actors_of(S: nx.MultiDiGraph) -> list[Any]:
    """The nodes an analysis graph keeps: every actor but the forums, in the snapshot's order."""
    return [v for v, d in nxdicts.nodes(S).items() if d.get("kind") != "forum"]


class Projector:
    """What the analysis graphs of all days share: the actors, and every tie that can count
    with its ends as node numbers (see :func:`~graph.analysis.projection.analysis_graph`)."""

    def __init__(self, S: nx.MultiDiGraph, ties: Ties) -> None:
        self.ties = ties
        self.nodes = actors_of(S)
        index = self.index = {v: i for i, v in enumerate(self.nodes)}
        # snapshot node number -> actor number (-1 for a forum)
        actor = np.array([index.get(v, -1) for v in ties.names], dtype=np.int64)
        i, j = actor[ties.source], actor[ties.target]
        direct = (ties.of_kind("cooperates_with", "informs", "funds") & (i >= 0) & (j >= 0)
                  & (i != j))
        self.tie = np.flatnonzero(direct)
        self.ends = np.stack([i[direct], j[direct]], axis=1)
        self.weight = ties.weight[direct]
        self.both = ties.of_kind(*(set(_TIE_KINDS) - DIRECTED_KINDS))[direct]
        members = np.flatnonzero(ties.of_kind("member_of") & (i >= 0))
        # (tie, member, forum, weight)
        self.members = [(k, ties.rows[k][1], ties.rows[k][2], w)
                        for k, w in zip(members.tolist(), ties.weight[members].tolist(),
                                        strict=True)]

    def day(self, d: int) -> DayGraph:
        """The analysis graph of ``ties.days[d]``: the ties in the order of their id, then each
        forum's pairs (forums and members sorted by id) with Newman's weight ``min(w_a, w_b) /
        (k - 1)``; several ties between two actors add up in that order.

        Raises
        ------
        ValueError
            if an edge's weight is not a positive number (as ``to_csr``).
        """
        held = self.ties.held[d]
        keep = held[self.tie]
        members: dict[Any, dict[Any, float]] = {}
        for k, u, forum, w in self.members:
            if held[k]:
                group = members.setdefault(forum, {})
                group[u] = max(w, group.get(u, 0.0))
        # each forum's pairs in the order of itertools.combinations over its sorted members
        pairs, shares = [np.empty((0, 2), dtype=np.int64)], [np.empty(0)]
        index = self.index
        for forum in sorted(members):
            group = members[forum]
            if len(group) < 2:
                continue
            share = 1.0 / (len(group) - 1)
            names = sorted(group)
            at = np.array([index[a] for a in names], dtype=np.int64)
            w = np.array([group[a] for a in names], dtype=np.float64)
            a, b = np.triu_indices(len(names), 1)
            pairs.append(np.stack([at[a], at[b]], axis=1))
            shares.append(np.minimum(w[a], w[b]) * share)
        projected = np.concatenate(pairs)
        ends = np.concatenate([self.ends[keep], projected])
        weight = np.concatenate([self.weight[keep], *shares])
        both = np.concatenate([self.both[keep], np.ones(len(projected), dtype=bool)])
        n = len(self.nodes)
        i, j = ends[:, 0], ends[:, 1]
        _, seen, at = np.unique(np.minimum(i, j) * n + np.maximum(i, j), return_index=True,
                                return_inverse=True)
        order = np.argsort(seen, kind="stable")  # edges in the order first seen
        rank = np.empty_like(order)
        rank[order] = np.arange(len(order))
        edge = rank[at.reshape(-1)]  # the edge each tie adds to
        first, second = i[seen[order]], j[seen[order]]
        # weights summed tie by tie in order, from 0.0 (bincount adds in input order)
        total = np.bincount(edge, weights=weight, minlength=len(order))
        runs = np.zeros(len(order), dtype=np.uint8)
        np.bitwise_or.at(runs, edge, np.where(both, 3, np.where(i == first[edge], 1, 2))
                         .astype(np.uint8))
        return _with_rows(self.nodes, first, second, total, runs)


def _with_rows(nodes: list[Any], first: np.ndarray, second: np.ndarray, weight: np.ndarray,
               runs: np.ndarray) -> DayGraph:
    """The CSR rows of an edge list: each node's neighbours in edge order, as NetworkX's
    adjacency holds them after ``add_edges_from`` in that order."""
    m = len(weight)
    if m and not (weight.min() > 0 and np.isfinite(weight).all()):
        bad = weight[~((weight > 0) & np.isfinite(weight))]
        raise ValueError(f"a tie has weight {float(bad[0])!r}; weights must be positive numbers")
    source = np.empty(2 * m, dtype=np.int64)
    target = np.empty(2 * m, dtype=np.int64)
    source[0::2], source[1::2] = first, second
    target[0::2], target[1::2] = second, first
    arcs = np.argsort(source, kind="stable")
    arc_edge = arcs // 2
    indptr = np.zeros(len(nodes) + 1, dtype=np.int64)
    np.cumsum(np.bincount(source, minlength=len(nodes)), out=indptr[1:])
    csr = _kernels.CSR(nodes, array("q", indptr.tobytes()),
                       array("i", target[arcs].astype(np.int32).tobytes()),
                       array("d", weight[arc_edge].tobytes()))
    return DayGraph(nodes, first, second, weight, runs, csr, arc_edge)


def within(G: DayGraph, inside: set[Any]) -> tuple[DayGraph, np.ndarray]:
    """The day graph of an area as ``analysis_graph(..., area=...)`` cuts it: the actors in
    ``inside``, their direct partners (marked in the returned array: ``outside``) and the
    edges with at least one end inside."""
    is_in = np.array([v in inside for v in G.nodes], dtype=bool)
    near = is_in.copy()
    near[G.arc_target[is_in[G.arc_source]]] = True
    new = np.cumsum(near) - 1
    keep = is_in[G.first] | is_in[G.second]
    nodes = [v for v, kept in zip(G.nodes, near.tolist(), strict=True) if kept]
    cut = _with_rows(nodes, new[G.first[keep]], new[G.second[keep]], G.weight[keep],
                     G.runs[keep])
    return cut, (near & ~is_in)[near]


def broker_ranking(G: DayGraph, actors: dict[Any, dict[str, Any]], *, directed: bool,
                   outside: np.ndarray | None = None, method: str = "auto"
                   ) -> list[tuple[Any, float]]:
    """``(id, score)`` of every actor (not ``outside``), best broker first: the ``score`` and
    the order of :func:`~graph.analysis.brokers.broker_scores` (grouped by sector, weighted,
    ``method`` for the betweenness), without the reasons.

    ``directed``: whether the city's analysis graph has a tie that runs one way only (then the
    brokerage roles follow the ties' direction, as :func:`~graph.analysis.directed.arcs`
    reads ``G.graph["one_way"]``).
    """
    csr = G.csr
    if csr.n == 0:
        return []
    bc = betweenness_csr(csr, True, method, 256, 0, 8).values
    constraint, _ = _kernels.burt(csr)
    ids: dict[Any, int] = {}
    groups = [ids.setdefault(group_of(actors[v], "sector"), len(ids)) for v in G.nodes]
    counts = _roles(G, groups, directed)
    across = [sum(c) - c[0] for c in counts]  # every role but coordinator (ROLES[0])
    bmax = max(bc.values(), default=0.0) or 1.0
    amax = max(across, default=0) or 1
    away = outside.tolist() if outside is not None else [False] * csr.n
    scored = []
    for i, v in enumerate(G.nodes):
        if away[i]:
            continue
        c = constraint[i]
        openness = 0.0 if math.isnan(c) else max(0.0, 1.0 - min(c, 1.0))
        score = (bc[v] / bmax + openness + across[i] / amax) / 3
        scored.append((-round(score, 9), str(v), v, score))
    scored.sort()
    return [(v, score) for _, _, v, score in scored]


def _roles(G: DayGraph, groups: list[int], directed: bool) -> list[tuple[int, ...]]:
    """Gould-Fernandez role counts per node (:data:`~graph.analysis.directed.ROLES` order):
    along the ties' direction when ``directed`` (:func:`~graph.analysis.directed.arcs`), else
    the undirected count (:func:`~graph.analysis.brokerage.brokerage_roles`)."""
    if not directed:
        counts = _kernels.roles(G.csr, groups)
        if counts is not None:
            return counts
    # who reaches whom: along every edge both ways, but against a tie that runs one way only
    r = G.runs[G.arc_edge]
    from_first = G.first[G.arc_edge] == G.arc_source
    reaches = (r == 3) | (r == np.where(from_first, 1, 2))
    reached = (r == 3) | ~reaches
    n = len(G.nodes)

    def rows(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        ptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(np.bincount(G.arc_source[mask], minlength=n), out=ptr[1:])
        return ptr, G.arc_target[mask]

    (op, ox), (ip, ix) = rows(reaches), rows(reached)
    counts = _kernels.directed_roles_arrays(op, ox, ip, ix, groups)
    if counts is not None:
        return counts
    found = Arcs(list(G.nodes), [ox[op[k]:op[k + 1]].tolist() for k in range(n)],
                 [ix[ip[k]:ip[k + 1]].tolist() for k in range(n)])
    named = directed_roles_python(found, dict(zip(G.nodes, groups, strict=True)))
    return [tuple(named[v][role] for role in ROLES) for v in G.nodes]
