"""Brokers: who holds the neighbourhood together.

Per actor: normalised betweenness (Brandes 2001; sampled after Brandes & Pich 2007 with the
linear scaling of Geisberger, Sanders & Schultes 2008), Burt's (1992) constraint and effective
size, and Gould & Fernandez's (1989) brokerage roles relative to a grouping; then a combined
ranking with reasons in a coordinator's words.

The heavy parts run in a small C kernel (see :mod:`graph.analysis._kernels`); results agree with
``nx.betweenness_centrality``, ``nx.constraint`` and ``nx.effective_size(nodes=...)`` to 1e-9.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import networkx as nx

from graph.analysis import _kernels
from graph.analysis.words import group_label, members_phrase, percent, say
from graph.i18n import current_language
from graph.model import ActorKind

ROLES = ("coordinator", "itinerant", "gatekeeper", "representative", "liaison")
ROLES_ORDER = ROLES  # the order of the kernel's output
METHODS = ("auto", "exact", "sampled")
#: ``method="auto"`` is exact up to this many nodes and sampled above (exact weighted
#: betweenness takes about 1 s per 1,000 nodes at 10,000 and grows with the square).
EXACT_LIMIT = 20_000


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

    def describe(self, lang: str | None = None) -> str:
        if self.method == "exact":
            return say("method_exact", lang)
        return say("method_sampled", lang, k=self.sources, error=f"{self.max_error:.4f}")


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
    return _betweenness(csr, weight is not None, method, samples, seed, batches)


def _betweenness(csr: _kernels.CSR, weighted: bool, method: str, samples: int, seed: int,
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
    # linear scaling: twice the distance-shared dependencies (see _kernels.dependencies)
    estimates = [
        [d * 2 * n / len(g) * scale
         for d in _kernels.dependencies(csr, g, weighted=weighted, linear=True)]
        for g in groups
    ]
    values, error = {}, {}
    sizes = [len(g) for g in groups]
    for i, node in enumerate(csr.nodes):
        column = [est[i] for est in estimates]
        mean = sum(c * s for c, s in zip(column, sizes, strict=True)) / k
        values[node] = mean
        if len(column) > 1:
            var = sum((c - mean) ** 2 for c in column) / (len(column) - 1)
            error[node] = math.sqrt(var / len(column))
        else:
            error[node] = math.nan
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
        return _burt(_kernels.to_csr(G, weight))


def _burt(csr: _kernels.CSR) -> tuple[dict, dict]:
    constraint, esize = _kernels.burt(csr)
    return dict(zip(csr.nodes, constraint, strict=True)), dict(zip(csr.nodes, esize, strict=True))


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

    Every tie is read in both directions, so each unordered pair ``{a, b}`` of ``v``'s partners
    that are not tied to each other gives two two-paths ``a -> v -> b`` and ``b -> v -> a``.
    With ``g`` the group of a node, a two-path ``a -> v -> b`` makes ``v`` a

    - *coordinator* if ``g(a) = g(v) = g(b)``;
    - *itinerant* (consultant) if ``g(a) = g(b) != g(v)``;
    - *representative* if ``g(a) = g(v) != g(b)``;
    - *gatekeeper* if ``g(a) != g(v) = g(b)``;
    - *liaison* if all three groups differ.

    On an undirected graph representative and gatekeeper counts are therefore equal.
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
    group = {v: group_of(d, group_by) for v, d in G.nodes(data=True)}
    with _kernels.paused_gc():
        fast = _fast_roles(_kernels.to_csr(G, None), group)
    if fast is not None:
        return fast
    nbrs = {v: set(G.adj[v]) - {v} for v in G}
    return _roles(G, group, nbrs)


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
    lang: str | None = None,
) -> list[dict[str, Any]]:
    """Actors ranked as brokers, with the measures and reasons in a coordinator's words.

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
    lang : str, optional
        ``"de"`` or ``"en"`` for the reasons.

    Returns
    -------
    list of dict
        ``id, name, kind, sector, group, betweenness, betweenness_error, constraint,
        effective_size, degree, brokerage`` (the five role counts), ``score, reasons, method``.

    Raises
    ------
    ValueError
        for an unknown ``method`` or a non-positive tie weight.

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
    with _kernels.paused_gc():
        return _broker_scores(G, group_by, weight, top, method, samples, seed, include_outside,
                              lang)


def _broker_scores(G: nx.Graph, group_by: str, weight: str | None, top: int | None,
                   method: str, samples: int, seed: int, include_outside: bool,
                   lang: str | None) -> list[dict[str, Any]]:
    csr = _kernels.to_csr(G, weight)
    bc = _betweenness(csr, weight is not None, method, samples, seed, 8)
    constraint, esize = _burt(csr)
    group = {v: group_of(d, group_by) for v, d in G.nodes(data=True)}
    nbrs = _NeighbourSets(G)
    roles = _fast_roles(csr, group) or _roles(G, group, nbrs)
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
    lang = current_language(lang)
    fast = _fast_sides(G, csr, group, [i for *_, i in scored])
    rows = []
    ip = csr.indptr
    for k, (_, _, v, score, i) in enumerate(scored):
        data = G.nodes[v]
        c, e = constraint[v], esize[v]
        if fast is None:
            reasons = _reasons(G, v, group, nbrs, group_by, bc.values[v], c, e, lang)
        else:
            reasons = _sentences(fast[k], group_by, ip[i + 1] - ip[i], bc.values[v], c, e, lang)
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


def broker_reasons(
    G: nx.Graph,
    v: Any,
    *,
    group_by: str = "sector",
    betweenness: float = 0.0,
    constraint: float = math.nan,
    effective_size: float = math.nan,
    lang: str | None = None,
) -> list[str]:
    """Why ``v`` is a broker, in sentences: the groups it connects, its share of shortest
    paths, an open network.

    The first sentence names the pair of groups between which ``v`` bridges the most
    pairs of partners that are not tied to each other ("verbindet 4 Bewohnergruppen mit 2
    Dienstabteilungen, die sonst keinen Kontakt haben"), counting by actor kind.
    """
    group = {u: group_of(d, group_by) for u, d in G.nodes(data=True)}
    nbrs = {u: set(G.adj[u]) - {u} for u in (v, *G.adj[v])}
    return _reasons(G, v, group, nbrs, group_by, betweenness, constraint, effective_size, lang)


def _reasons(G: nx.Graph, v: Any, group: dict, nbrs: dict, group_by: str, betweenness: float,
             constraint: float, effective_size: float, lang: str | None) -> list[str]:
    return _sentences(_bridge_sides(G, v, group, nbrs), group_by, len(nbrs[v]), betweenness,
                      constraint, effective_size, lang)


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


def _sentences(sides: tuple[Side, Side] | None, group_by: str, partners: int,
               betweenness: float, constraint: float, effective_size: float,
               lang: str | None) -> list[str]:
    """The reasons in words: the groups bridged, the share of shortest paths, an open network."""
    reasons = []
    if sides is not None:
        lang = current_language(lang)  # resolved before the sentence is kept
        (g1, n1, k1), (g2, n2, k2) = sides
        reasons.append(_bridge_sentence(group_by, g1, n1, tuple(k1.items()), g2, n2,
                                        tuple(k2.items()), lang))
    if betweenness >= 0.005:
        reasons.append(say("on_paths", lang, share=percent(betweenness)))
    if not math.isnan(constraint) and partners >= 3 and constraint < 0.5:
        reasons.append(say("open_network", lang, partners=partners,
                           esize=f"{effective_size:.1f}"))
    return reasons


_KNOWN_KINDS = {k.value for k in ActorKind}


@lru_cache(maxsize=4096)
def _bridge_sentence(group_by: str, g1: Any, n1: int, k1: tuple, g2: Any, n2: int, k2: tuple,
                     lang: str | None) -> str:
    """"verbindet 4 Bewohnergruppen mit 2 Dienstabteilungen, ..." (kept: a report of 10,000
    actors says the same few hundred sentences)."""
    phrase = {}
    for name, g, count, kinds, case in (("left", g1, n1, dict(k1), "acc"),
                                        ("right", g2, n2, dict(k2), "dat")):
        if None in kinds or not set(kinds) <= _KNOWN_KINDS:
            phrase[name] = f"{count} ({group_label(group_by, g, lang)})"
        else:
            phrase[name] = members_phrase(kinds, lang, case)
    return say("bridges_groups", lang, **phrase)
_KIND_IDS = {k.value: i for i, k in enumerate(ActorKind)}  # kind -> id in the bridges kernel


def _fast_sides(G: nx.Graph, csr: _kernels.CSR, group: dict, which: list[int]
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
