"""One snapshot judged on two days at once, as arrays: the engine of
:func:`~graph.analysis.changes.network_changes`.

``changes`` asks the same questions of two days: which ties hold, who is cut off, who brokers.
Asked one day at a time (``analysis_graph`` twice, ``isolated_actors`` twice, ``broker_scores``
twice) most of the time went into building two NetworkX graphs and the broker reasons nobody
reads here. This module reads the snapshot's ties once (validity on both days as flags),
projects each day straight into the CSR arrays of the C kernel, and ranks the brokers and finds
the cut-off actors from those arrays.

The results are those of the one-day functions, by construction and by test
(``tests/analysis/test_changes.py`` compares them with two snapshots and the one-day analyses):

- :func:`day_graph` follows :func:`~graph.analysis.projection.analysis_graph` (default tie
  kinds, forums projected away) step by step: the same ties in the same order (by tie id), the
  same weights added in the same order, the same neighbour order in every row. So the CSR arrays
  are those ``to_csr(analysis_graph(S, as_of=day))`` gives, and the sampled betweenness sees the
  same sources and sums in the same order.
- :func:`broker_ranking` computes the score of :func:`~graph.analysis.brokers.broker_scores`
  (betweenness, constraint, brokerage between groups by sector) without the reasons.
- :func:`cut_off` tests the reasons of :data:`~graph.analysis.isolates.ISOLATION_CODES` for every
  actor; :func:`isolation_rows` words every reason of
  :func:`~graph.analysis.isolates.isolated_actors` for the few actors asked about.
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from itertools import combinations
from typing import Any

import networkx as nx
import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import connected_components

from graph import nxdicts
from graph.analysis import _kernels
from graph.analysis.brokerage import group_of
from graph.analysis.directed import DIRECTED_KINDS, ROLES, Arcs, directed_roles_python
from graph.analysis.isolates import REASON_WEIGHTS, _as_date, months_before
from graph.analysis.measures import betweenness_csr
from graph.analysis.projection import DEFAULT_TIE_KINDS, valid_on
from graph.i18n import label, listing, message

_TIE_KINDS = frozenset(DEFAULT_TIE_KINDS)


@dataclass(frozen=True)
class Ties:
    """Every tie of a snapshot in the order of its id: ``rows[k]`` is ``(id, source, target,
    data)``, ``held[d][k]`` whether it holds on ``days[d]``."""

    days: tuple[date, ...]
    rows: list[tuple[Any, Any, Any, dict[str, Any]]]
    held: list[bytearray]


def read_ties(S: nx.MultiDiGraph, days: Sequence[date]) -> Ties:
    """The ties of ``S`` with their validity on each of ``days``
    (:func:`~graph.analysis.projection.valid_on`, read once per tie)."""
    rows = [(key, u, v, data) for u, nbrs in nxdicts.adjacency(S).items()
            for v, keyed in nbrs.items() for key, data in keyed.items()]
    rows.sort(key=lambda t: t[0])
    held = [bytearray(len(rows)) for _ in days]
    for k, (_, _, _, data) in enumerate(rows):
        since, until = data.get("since"), data.get("until")
        if (since is None or type(since) is date) and (until is None or type(until) is date):
            for d, day in enumerate(days):  # valid_between on dates, inlined
                held[d][k] = (since is None or since <= day) and (until is None or day <= until)
        else:
            for d, day in enumerate(days):
                held[d][k] = valid_on(data, day)
    return Ties(tuple(days), rows, held)


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
        at = index.get
        tie, ends, weights, both = [], [], [], []
        self.members: list[tuple[int, Any, Any, float]] = []  # (tie, member, forum, weight)
        for k, (_, u, v, data) in enumerate(ties.rows):
            kind = data.get("kind")
            if kind not in _TIE_KINDS:  # part_of included: hierarchy is kept apart
                continue
            w = float(data.get("weight") or 1)
            if kind == "member_of":
                if u in index:
                    self.members.append((k, u, v, w))
                continue
            i, j = at(u), at(v)
            if i is None or j is None or i == j:
                continue
            tie.append(k)
            ends.append((i, j))
            weights.append(w)
            both.append(kind not in DIRECTED_KINDS)
        self.tie = np.array(tie, dtype=np.int64)
        self.ends = np.array(ends, dtype=np.int64).reshape(-1, 2)
        self.weight = np.array(weights, dtype=np.float64)
        self.both = np.array(both, dtype=bool)

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
        keep = np.frombuffer(held, dtype=np.bool_)[self.tie]
        members: dict[Any, dict[Any, float]] = {}
        for k, u, forum, w in self.members:
            if held[k]:
                group = members.setdefault(forum, {})
                group[u] = max(w, group.get(u, 0.0))
        pairs, shares = [], []
        index = self.index
        for forum in sorted(members):
            group = members[forum]
            if len(group) < 2:
                continue
            share = 1.0 / (len(group) - 1)
            for a, b in combinations(sorted(group), 2):
                pairs.append((index[a], index[b]))
                shares.append(min(group[a], group[b]) * share)
        ends = np.concatenate([self.ends[keep], np.array(pairs, dtype=np.int64).reshape(-1, 2)])
        weight = np.concatenate([self.weight[keep], np.array(shares, dtype=np.float64)])
        both = np.concatenate([self.both[keep], np.ones(len(pairs), dtype=bool)])
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


@dataclass(frozen=True)
class RecordFacts:
    """What isolation reads from the ties themselves, per day: ``recorded`` ties per actor (not
    hierarchy), actors with a ``fresh`` tie, ``in_forum`` and ``hierarchy`` partners."""

    recorded: dict[Any, int]
    fresh: list[set[Any]]
    in_forum: list[set[Any]]
    hierarchy: list[dict[Any, list[Any]]]


def record_facts(ties: Ties, stale_months: int) -> RecordFacts:
    """The per-tie facts of :func:`~graph.analysis.isolates.isolated_actors` on every day of
    ``ties`` in one pass."""
    days = ties.days
    cutoffs = [months_before(day, stale_months) for day in days]
    recorded: dict[Any, int] = {}
    fresh: list[set[Any]] = [set() for _ in days]
    in_forum: list[set[Any]] = [set() for _ in days]
    hierarchy: list[dict[Any, list[Any]]] = [{} for _ in days]
    for k, (_, u, v, data) in enumerate(ties.rows):
        kind = data.get("kind")
        if kind == "part_of":
            for d in range(len(days)):
                if u != v and ties.held[d][k]:
                    hierarchy[d].setdefault(u, []).append(v)
                    hierarchy[d].setdefault(v, []).append(u)
            continue
        recorded[u] = recorded.get(u, 0) + 1
        recorded[v] = recorded.get(v, 0) + 1
        asserted = _as_date(data.get("asserted_on"))
        seen = _as_date(data.get("last_seen"))
        for d, day in enumerate(days):
            if not ties.held[d][k]:
                continue
            if kind == "member_of":
                in_forum[d].add(u)
            confirmed = asserted
            if seen is not None and seen <= day and (confirmed is None or seen > confirmed):
                confirmed = seen
            if confirmed is None or confirmed >= cutoffs[d]:
                fresh[d].add(u)
                fresh[d].add(v)
    return RecordFacts(recorded, fresh, in_forum, hierarchy)


class Isolation:
    """Who is cut off on one day (see :func:`~graph.analysis.isolates.isolated_actors`), from
    the day's graph and :class:`RecordFacts`."""

    def __init__(self, G: DayGraph, actors: dict[Any, dict[str, Any]], facts: RecordFacts,
                 day: int) -> None:
        self.G, self.actors, self.facts, self.day = G, actors, facts, day
        n = len(G.nodes)
        src, dst = G.arc_source, G.arc_target
        self.sector = [actors[v].get("sector") for v in G.nodes]
        codes: dict[Any, int] = {}
        sector = np.array([codes.setdefault(s, len(codes)) for s in self.sector], dtype=np.int64)
        unit = np.array([actors[v].get("kind") == "city_unit" for v in G.nodes], dtype=bool)
        # within two steps of a city unit
        reach = unit.copy()
        for _ in range(2):
            reach = reach | (np.bincount(src, weights=reach[dst], minlength=n) > 0)
        self.reach = reach.tolist()
        # the size of each connected part without a city unit (0: it has one)
        matrix = csr_matrix((np.ones(len(dst)), dst, np.frombuffer(G.csr.indptr, dtype=np.int64)),
                            shape=(n, n))
        _, part = connected_components(matrix, directed=False)
        size = np.bincount(part, minlength=n)
        has_unit = np.bincount(part, weights=unit, minlength=n) > 0
        self.unitless = np.where(has_unit[part], 0, size[part]).tolist()
        # partners all of the actor's own sector
        other = np.bincount(src, weights=sector[src] != sector[dst], minlength=n)
        self.own_sector = ((G.degree > 0) & (other == 0)).tolist()
        self.degree = G.degree.tolist()

    def cut_off(self, wanted: set[Any] | None) -> set[Any]:
        """The actors (of ``wanted``) with a reason of
        :data:`~graph.analysis.isolates.ISOLATION_CODES` on this day."""
        found = set()
        for i, v in enumerate(self.G.nodes):
            if wanted is not None and v not in wanted:
                continue
            admin = self.sector[i] == "administration"
            if (self.degree[i] == 0 or (not admin and (self.unitless[i] or not self.reach[i]))
                    or self.own_sector[i]):
                found.add(v)
        return found

    def codes(self, i: int, v: Any, stale_months: int) -> list[tuple[str, dict[str, Any]]]:
        """Every reason of ``isolated_actors`` for node ``i`` (actor ``v``), heaviest first."""
        facts, d, data = self.facts, self.day, self.actors[v]
        codes: list[tuple[str, dict[str, Any]]] = []
        admin = self.sector[i] == "administration"
        degree = self.degree[i]
        partners = facts.hierarchy[d].get(v)
        if degree == 0 and partners:
            names = sorted({str(self.actors.get(u, {}).get("name", u)) for u in partners})
            codes.append(("hierarchy_only", {"names": listing(names, limit=3)}))
        elif degree == 0:
            codes.append(("no_ties", {}))
        if not admin and self.unitless[i]:
            codes.append(("no_admin_in_component",
                          {"actors": message("actor", context="term", count=self.unitless[i])}))
        if not admin and not self.reach[i]:
            codes.append(("admin_unreachable", {}))
        if facts.recorded.get(v) and v not in facts.fresh[d]:
            codes.append(("stale", {"count": facts.recorded[v], "months": stale_months}))
        if self.own_sector[i]:
            codes.append(("own_sector_only", {"sector": label("sector", data.get("sector"))}))
        if v not in facts.in_forum[d]:
            codes.append(("no_forum", {}))
        codes.sort(key=lambda c: (-REASON_WEIGHTS[c[0]], c[0]))
        return codes


def isolation_rows(iso: Isolation, ids: set[Any], stale_months: int) -> list[dict[str, Any]]:
    """The rows of :func:`~graph.analysis.isolates.isolated_actors` for the actors ``ids``, in
    its order."""
    rows = []
    for i, v in enumerate(iso.G.nodes):
        if v not in ids:
            continue
        codes = iso.codes(i, v, stale_months)
        data = iso.actors[v]
        rows.append({"id": v, "name": data.get("name", str(v)), "kind": data.get("kind"),
                     "sector": data.get("sector"), "codes": [c for c, _ in codes],
                     "reasons": [message(c, **p) for c, p in codes],
                     "score": sum(REASON_WEIGHTS[c] for c, _ in codes)})
    rows.sort(key=lambda r: (-len(r["codes"]), -r["score"], str(r["id"])))
    return rows
