"""Why an actor is a broker: the groups it connects, its share of shortest paths, an open
network -- as messages (codes with parameters, :func:`graph.i18n.message`); the words are made by
:func:`graph.words.worded`.
"""

from __future__ import annotations

import math
from collections import Counter
from typing import Any

import networkx as nx

from graph.analysis import _kernels
from graph.analysis.brokerage import group_of
from graph.i18n import label, listing, message, percent
from graph.model import ActorKind


def _key(g: Any) -> tuple[bool, str]:
    """Sort key for group values (None last)."""
    return (g is None, str(g))


def broker_reasons(
    G: nx.Graph,
    v: Any,
    *,
    group_by: str = "sector",
    betweenness: float = 0.0,
    constraint: float = math.nan,
    effective_size: float = math.nan,
) -> list[dict[str, Any]]:
    """Why ``v`` is a broker, as messages: the groups it connects, its share of shortest
    paths, an open network.

    The first sentence names the pair of groups between which ``v`` bridges the most
    pairs of partners that are not tied to each other ("verbindet 4 Bewohnergruppen mit 2
    Dienstabteilungen, die sonst keinen Kontakt haben"), counting by actor kind.
    """
    group = {u: group_of(d, group_by) for u, d in G.nodes(data=True)}
    nbrs = {u: set(G.adj[u]) - {u} for u in (v, *G.adj[v])}
    return reasons_of(G, v, group, nbrs, group_by, betweenness, constraint, effective_size)


def reasons_of(G: nx.Graph, v: Any, group: dict, nbrs: dict, group_by: str, betweenness: float,
             constraint: float, effective_size: float) -> list[dict[str, Any]]:
    return with_forums(G, v, reasons_from(_bridge_sides(G, v, group, nbrs), group_by,
                                          len(nbrs[v]), betweenness, constraint, effective_size))


def with_forums(G: nx.Graph, v: Any, reasons: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``reasons`` with, after the groups bridged, how many of ``v``'s partners it meets only in
    a forum ("3 der 8 Kontakte laufen nur über das Gremium Quartierkonferenz …"): those partners
    are counted in "verbindet 23 Vereine" (the analysis graph projects a shared forum onto a
    tie, :func:`~graph.analysis.projection.analysis_graph`), but the actor's own ties do not
    list them. Nothing is added when every partner has a tie of its own."""
    names = G.graph.get("forum_names") or {}
    through: dict[Any, int] = {}  # forum -> partners met only there
    only = 0
    partners = 0
    for u, e in G.adj[v].items():
        if u == v:
            continue
        partners += 1
        if e.get("ties") or not e.get("forums"):
            continue
        only += 1
        for f in e["forums"]:
            through[f] = through.get(f, 0) + 1
    if not only:
        return reasons
    forums = [str(names.get(f, f)) for f, _ in sorted(through.items(), key=lambda x: (-x[1], str(x[0])))]
    said = (message("via_forum", count=only, partners=partners, forum=forums[0]) if len(forums) == 1
            else message("via_forums", count=only, partners=partners, forums=listing(forums, 3)))
    at = 1 if reasons and reasons[0]["code"] == "bridges_groups" else 0
    return [*reasons[:at], said, *reasons[at:]]


Side = tuple[Any, int, dict]  # a group, how many of v's partners of it, their kinds (None: other)


def _bridge_sides(G: nx.Graph, v: Any, group: dict, nbrs: dict) -> tuple[Side, Side] | None:
    """The pair of groups between which ``v`` bridges the most pairs of partners not tied to
    each other, as (left, right) sides, the side with more partners first; None if none."""
    mine = nbrs[v]
    size: dict[Any, int] = {}
    for u in mine:
        g = group[u]
        size[g] = size.get(g, 0) + 1
    open_pairs: dict[tuple[Any, Any], int] = {}  # (g1, g2) -> g1 x g2 partner pairs not tied
    involved: dict[tuple[Any, Any], list[Any]] = {}  # (g1, g2) -> partners of g1 in such a pair
    if len(size) > 1:
        for a in mine:
            ga = group[a]
            linked: dict[Any, int] = {}
            for b in nbrs[a] & mine:
                gb = group[b]
                linked[gb] = linked.get(gb, 0) + 1
            for h, count in size.items():
                if h == ga:
                    continue
                free = count - linked.get(h, 0)
                if free > 0:
                    open_pairs[(ga, h)] = open_pairs.get((ga, h), 0) + free
                    involved.setdefault((ga, h), []).append(a)
    best = None
    for (g1, g2), count in open_pairs.items():
        key = (count, str(g2) if g1 is None else str(g1), str(g2))
        if _key(g1) > _key(g2):
            continue  # each pair of groups once (the counts are symmetric)
        if best is None or key[0] > best[0] or (key[0] == best[0] and key[1:] < best[1:]):
            best = (count, *key[1:], g1, g2)
    if best is None:
        return None
    g1, g2 = best[3], best[4]
    left = involved[(g1, g2)]
    right = involved[(g2, g1)]
    if len(right) > len(left):
        left, right, g1, g2 = right, left, g2, g1
    kinds = [dict(Counter(G.nodes[u].get("kind") for u in side)) for side in (left, right)]
    return (g1, len(left), kinds[0]), (g2, len(right), kinds[1])


def reasons_from(sides: tuple[Side, Side] | None, group_by: str, partners: int,
               betweenness: float, constraint: float, effective_size: float,
               ) -> list[dict[str, Any]]:
    """The reasons: the groups bridged, the share of shortest paths, an open network."""
    reasons = []
    if sides is not None:
        (g1, n1, k1), (g2, n2, k2) = sides
        reasons.append(message("bridges_groups", left=_side(group_by, g1, n1, k1, "acc"),
                               right=_side(group_by, g2, n2, k2, "dat")))
    if betweenness >= 0.005:
        reasons.append(message("on_paths", share=percent(betweenness)))
    if not math.isnan(constraint) and partners >= 3 and constraint < 0.5:
        reasons.append(message("open_network", partners=partners, esize=f"{effective_size:.1f}"))
    return reasons


_KNOWN_KINDS = {k.value for k in ActorKind}


def _side(group_by: str, g: Any, count: int, kinds: dict, case: str) -> Any:
    """One side of "verbindet 4 Bewohnergruppen mit 2 Dienstabteilungen": its actors by kind
    (German ``case`` "acc" or "dat"), or their number and group when a kind is not ours."""
    if None in kinds or not set(kinds) <= _KNOWN_KINDS:
        return message("group_count", context="term", count=count, group=label(group_by, g))
    ordered = sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0]))
    return [message(k, context=f"kind.{case}", count=c) for k, c in ordered]


_KIND_IDS = {k.value: i for i, k in enumerate(ActorKind)}  # kind -> id in the bridges kernel


def kernel_sides(G: nx.Graph, csr: _kernels.CSR, group: dict, which: list[int]
                ) -> list[tuple[Side, Side] | None] | None:
    """:func:`_bridge_sides` of the nodes ``csr.nodes[i]`` for ``i`` in ``which``, from the
    compiled kernel; None without it."""
    values: list[Any] = []
    ids: dict[Any, int] = {}
    groups = []
    for v in csr.nodes:
        g = group[v]
        if g not in ids:
            ids[g] = len(values)
            values.append(g)
        groups.append(ids[g])
    keyrank = [0] * len(values)
    for r, i in enumerate(sorted(range(len(values)), key=lambda i: _key(values[i]))):
        keyrank[i] = r
    strrank = [0] * len(values)
    for r, i in enumerate(sorted(range(len(values)), key=lambda i: (str(values[i]), _key(
            values[i])))):
        strrank[i] = r
    other = len(_KIND_IDS)
    nodes = G.nodes
    kinds = [_KIND_IDS.get(nodes[v].get("kind"), other) for v in csr.nodes]
    found = _kernels.bridges(csr, groups, keyrank, strrank, kinds, other + 1, which)
    if found is None:
        return None
    best, counts = found
    names = [*_KIND_IDS, None]
    width = 2 * (other + 1)
    out: list[tuple[Side, Side] | None] = []
    for k in range(len(which)):
        gl, gr, _, nl, nr = best[5 * k:5 * k + 5]
        if gl < 0:
            out.append(None)
            continue
        c = counts[width * k:width * (k + 1)]
        left = {names[j]: c[j] for j in range(other + 1) if c[j]}
        right = {names[j]: c[other + 1 + j] for j in range(other + 1) if c[other + 1 + j]}
        out.append(((values[gl], nl, left), (values[gr], nr, right)))
    return out
