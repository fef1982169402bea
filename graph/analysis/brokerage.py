"""Gould & Fernandez's (1989) brokerage roles of every actor, relative to a grouping.

:func:`brokerage_roles` with its helpers (:func:`group_of`, the kernel's :func:`_fast_roles` and
the pure-Python :func:`_roles`) is kept together here.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import networkx as nx

from graph.analysis import _kernels
from graph.analysis.directed import arcs, check_grouping, directed_roles

ROLES = ("coordinator", "itinerant", "gatekeeper", "representative", "liaison")
ROLES_ORDER = ROLES  # the order of the kernel's output


def group_of(data: dict[str, Any], by: str) -> Any:
    """The group an actor belongs to: ``data[by]``; ``area`` reads the first of ``areas``.

    For list-valued attributes (areas, topics, tags) the first element counts: an actor's main
    area is listed first.
    """
    value = data.get("areas" if by == "area" else by)
    if isinstance(value, (list, tuple)):
        return value[0] if value else None
    return value


def brokerage_roles(G: nx.Graph, *, group_by: str = "sector") -> dict[Any, dict[str, int]]:
    """Gould-Fernandez brokerage roles of every node, relative to a grouping.

    Two-paths follow the direction of the ties (:mod:`graph.analysis.directed`): a directed
    graph's arcs, or an analysis graph's ``sources`` (information, funding and membership run
    from their source, cooperation both ways). When every tie runs both ways (an undirected
    graph), each unordered pair ``{a, b}`` of ``v``'s partners that are not tied to each other
    gives two two-paths ``a -> v -> b`` and ``b -> v -> a``.
    With ``g`` the group of a node, a two-path ``a -> v -> b`` makes ``v`` a

    - *coordinator* if ``g(a) = g(v) = g(b)``;
    - *itinerant* (consultant) if ``g(a) = g(b) != g(v)``;
    - *representative* if ``g(a) = g(v) != g(b)``;
    - *gatekeeper* if ``g(a) != g(v) = g(b)``;
    - *liaison* if all three groups differ.

    On an undirected graph representative and gatekeeper counts are therefore equal; on
    directed ties they differ.
    Counting is by groups, not by pairs: ordered pairs per group combination from the group
    sizes among ``v``'s partners, minus the pairs that are tied (found through triangles).

    Parameters
    ----------
    G : networkx.Graph
    group_by : str
        Node attribute naming the group (``sector``, ``area``, ``kind`` or any attribute);
        a node without it is in the group ``None``.

    Returns
    -------
    dict
        node -> {role: count} for the five roles.

    Examples
    --------
    >>> G = nx.path_graph(3)
    >>> nx.set_node_attributes(G, {0: "a", 1: "b", 2: "c"}, "sector")
    >>> brokerage_roles(G)[1]["liaison"]
    2

    References
    ----------
    .. [1] R. V. Gould and R. M. Fernandez, "Structures of mediation: A formal approach to
       brokerage in transaction networks", Sociological Methodology 19, 89-126 (1989).
    """
    check_grouping(G, group_by)
    group = {v: group_of(d, group_by) for v, d in G.nodes(data=True)}
    one_way = arcs(G)
    if one_way is not None:
        return directed_roles(one_way, group)
    with _kernels.paused_gc():
        fast = _fast_roles(_kernels.to_csr(G, None), group)
    if fast is not None:
        return fast
    nbrs = {v: set(G.adj[v]) - {v} for v in G}
    return _roles(G, group, nbrs)


def roles_of(G: nx.Graph, csr: _kernels.CSR, group: dict, nbrs: dict) -> dict[Any, dict[str, int]]:
    """:func:`brokerage_roles` on a prepared graph: ``csr`` for the kernel, ``group`` of every
    node, ``nbrs`` its partners (for the pure-Python count when the kernel is missing); the
    directed count when the ties have a direction."""
    one_way = arcs(G)
    if one_way is not None:
        return directed_roles(one_way, group)
    return _fast_roles(csr, group) or _roles(G, group, nbrs)


def _fast_roles(csr: _kernels.CSR, group: dict) -> dict[Any, dict[str, int]] | None:
    """The same counts from the compiled kernel (None without it)."""
    ids: dict[Any, int] = {}
    groups = [ids.setdefault(group[v], len(ids)) for v in csr.nodes]
    counts = _kernels.roles(csr, groups)
    if counts is None:
        return None
    return {v: dict(zip(ROLES_ORDER, c, strict=True)) for v, c in zip(csr.nodes, counts,
                                                                   strict=True)}


def _roles(G: nx.Graph, group: dict, nbrs: dict) -> dict[Any, dict[str, int]]:
    same_v: Counter = Counter()  # tied pairs of partners, both in v's group
    one_v: Counter = Counter()  # tied pairs with exactly one in v's group
    same_other: Counter = Counter()  # both in one other group
    diff_other: Counter = Counter()  # in two different other groups
    for a, b in G.edges:
        if a == b:
            continue
        ga, gb = group[a], group[b]
        for v in nbrs[a] & nbrs[b]:
            gv = group[v]
            if ga == gv and gb == gv:
                same_v[v] += 1
            elif ga == gv or gb == gv:
                one_v[v] += 1
            elif ga == gb:
                same_other[v] += 1
            else:
                diff_other[v] += 1
    roles = {}
    for v in G:
        counts = Counter(group[u] for u in nbrs[v])
        d = len(nbrs[v])
        cv = counts.pop(group[v], 0)
        others = d - cv
        sq_other = sum(c * c for c in counts.values())
        rep = cv * others - one_v[v]
        roles[v] = {
            "coordinator": cv * (cv - 1) - 2 * same_v[v],
            "itinerant": sum(c * (c - 1) for c in counts.values()) - 2 * same_other[v],
            "gatekeeper": rep,
            "representative": rep,
            "liaison": others * others - sq_other - 2 * diff_other[v],
        }
    return roles
