"""Gould and Fernandez's brokerage roles on directed ties.

A two-path ``a -> v -> b`` runs along the direction of the ties: information and money flow
from the one who informs or funds, a member reaches its forum; cooperation runs both ways. The
two-path is brokered by ``v`` only when ``a`` has no tie to ``b`` in that direction, and ``a``
and ``b`` differ. With ``g`` the group of a node, it makes ``v`` a

- *coordinator* if ``g(a) = g(v) = g(b)``;
- *itinerant* (consultant) if ``g(a) = g(b) != g(v)``;
- *representative* if ``g(a) = g(v) != g(b)`` (``v`` speaks for its group to another);
- *gatekeeper* if ``g(a) != g(v) = g(b)`` (``v`` lets another group in to its own);
- *liaison* if all three groups differ.

Those are the rules of Gould and Fernandez (1989) as UCINET and R's ``sna::brokerage`` apply
them. Counting is by groups, not by pairs: per broker, the products of its in- and
out-partners' group sizes, minus the pairs ``a -> v -> a`` and the pairs whose ends are tied
``a -> b`` (found by walking each tie ``a -> b`` to the brokers between them).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import Any

import networkx as nx

from graph import nxdicts
from graph.analysis import _kernels
from graph.errors import QuartiernetzError

#: The five roles in the order the kernels return them.
ROLES = ("coordinator", "itinerant", "gatekeeper", "representative", "liaison")
#: The tie kinds read in their stored direction (all others, cooperation, both ways).
DIRECTED_KINDS = frozenset({"informs", "funds", "member_of"})


def check_grouping(G: nx.Graph, by: str) -> None:
    """Refuse a grouping no actor has. ``area`` and ``sector`` (the default, which every
    actor has) always go, as does anything on an empty graph; another name must be a node
    attribute of some node. Raises QuartiernetzError ``unknown_grouping`` naming the
    attributes that exist."""
    if by in ("area", "sector") or G.number_of_nodes() == 0:
        return
    present: set[str] = set()
    for _, data in G.nodes(data=True):
        if by in data:
            return
        present.update(data)
    allowed = sorted((present | {"area"}) - {"outside", "areas", "contact"})
    raise QuartiernetzError("unknown_grouping", value=by, allowed=", ".join(allowed))


def _role(ga: Any, gv: Any, gb: Any) -> str:
    if ga == gv:
        return "coordinator" if gb == gv else "representative"
    if gb == gv:
        return "gatekeeper"
    return "itinerant" if ga == gb else "liaison"


@dataclass(frozen=True)
class Arcs:
    """Who reaches whom along the ties: ``out[i]`` and ``inn[i]`` are the numbers of node
    ``nodes[i]``'s out- and in-partners (no self-loops)."""

    nodes: list[Hashable]
    out: list[list[int]]
    inn: list[list[int]]


def arcs(G: nx.Graph) -> Arcs | None:
    """The arcs of ``G`` if it has a tie read in one direction only, else None (every tie
    runs both ways: the undirected count applies).

    A directed graph gives its arcs. An undirected graph runs every edge both ways except
    those listed in ``G.graph["one_way"]`` as ``(from, to)``: an analysis graph
    (:func:`~graph.analysis.projection.analysis_graph`) lists its information, funding and
    membership ties there (pairs whose nodes or edge are gone are skipped).
    """
    nodes = list(G)
    at = {v: i for i, v in enumerate(nodes)}.__getitem__
    if G.is_directed():
        succ, pred = nxdicts.successors(G), nxdicts.predecessors(G)
        return Arcs(nodes, [[at(b) for b in succ[v] if b != v] for v in nodes],
                    [[at(a) for a in pred[v] if a != v] for v in nodes])
    pairs = G.graph.get("one_way")
    if not pairs:
        return None
    adj = nxdicts.adjacency(G)
    no_out: dict[Hashable, set] = {}  # b -> partners b does not reach (a tie a -> b only)
    no_in: dict[Hashable, set] = {}  # a -> partners that do not reach a
    for a, b in pairs:
        if a in adj and b in adj[a]:
            no_out.setdefault(b, set()).add(a)
            no_in.setdefault(a, set()).add(b)
    out: list[list[int]] = []
    inn: list[list[int]] = []
    for v in nodes:
        row = adj[v]
        full = None if v in row else list(map(at, row))
        for rows, blocked in ((out, no_out.get(v)), (inn, no_in.get(v))):
            if full is None or blocked:
                skip = (blocked or set()) | {v}
                rows.append([at(u) for u in row if u not in skip])
            else:
                rows.append(full)
    return Arcs(nodes, out, inn)


def directed_roles(found: Arcs, group: Mapping[Hashable, Any]) -> dict[Hashable, dict[str, int]]:
    """Role counts of every node (see the module): from the compiled kernel when it is there,
    else :func:`directed_roles_python`."""
    ids: dict[Any, int] = {}
    groups = [ids.setdefault(group[v], len(ids)) for v in found.nodes]
    counts = _kernels.directed_roles(found.out, found.inn, groups)
    if counts is None:
        return directed_roles_python(found, group)
    return {v: dict(zip(ROLES, c, strict=True)) for v, c in zip(found.nodes, counts, strict=True)}


def directed_roles_python(found: Arcs, group: Mapping[Hashable, Any]
                          ) -> dict[Hashable, dict[str, int]]:
    """The same counts in pure Python (the test reference and the fallback).

    >>> found = Arcs(["a", "v", "b"], out=[[1], [2], []], inn=[[], [0], [1]])
    >>> directed_roles_python(found, {"a": 1, "v": 1, "b": 2})["v"]["representative"]
    1
    """
    names = found.nodes
    out = {names[i]: {names[j] for j in row} for i, row in enumerate(found.out)}
    inn = {names[i]: {names[j] for j in row} for i, row in enumerate(found.inn)}
    roles: dict[Hashable, dict[str, int]] = {}
    for v in out:
        gv = group[v]
        cin = Counter(group[a] for a in inn[v])
        cout = Counter(group[b] for b in out[v])
        nin, nout = len(inn[v]), len(out[v])
        iv, ov = cin.get(gv, 0), cout.get(gv, 0)
        same_other = sum(c * cout.get(g, 0) for g, c in cin.items() if g != gv)
        counts = {"coordinator": iv * ov, "itinerant": same_other,
                  "gatekeeper": (nin - iv) * ov, "representative": iv * (nout - ov),
                  "liaison": (nin - iv) * (nout - ov) - same_other}
        for a in inn[v] & out[v]:  # a -> v -> a is no two-path
            counts[_role(group[a], gv, group[a])] -= 1
        roles[v] = counts
    for a, targets in out.items():
        ga = group[a]
        for b in targets:  # a -> b is tied: no a -> v -> b is brokered
            for v in out[a] & inn[b]:
                roles[v][_role(ga, group[v], group[b])] -= 1
    return roles
