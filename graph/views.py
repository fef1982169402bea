"""Pictures of the network: self-contained HTML views drawn with vis-network, as pyvis draws them.

Four views, each a pure function from NetworkX graphs (and analysis results) to one HTML string:

- :func:`network_view`: the whole analysis graph (or an area's, see :func:`area_view`);
- :func:`ego_view`: an actor and the actors within a few ties (from :func:`~graph.analysis.ego.ego_network`);
- :func:`round_table_view`: the seated actors of :func:`~graph.analysis.invite.invite_table`, whom
  they reach, and the relevant actors they do not reach.

Colour by actor kind, size by betweenness, brokers and isolated actors marked, a legend, tooltips
in German (de-CH) or English (:func:`graph.i18n.current_language`).

Why not pyvis's ``Network.from_nx(...).write_html(...)``, though the JavaScript is the one pyvis
ships (``pyvis/lib/vis-9.1.2``, vis-network 9.1.2, inlined):

- **offline**: pyvis's "local" and "in_line" modes still load bootstrap (and more) from CDNs.
  Here every script is inline and a Content-Security-Policy (``default-src 'none'``, scripts
  only by hash) forbids the page any request at all;
- **safe**: pyvis renders its template without autoescaping and inserts titles containing
  "href" with ``innerHTML``. Here the heading and legend are escaped, the data travels as JSON
  in a ``<script type="application/json">`` block (``<``, ``>``, ``&`` escaped), and tooltips
  are plain strings, which vis-network 9 sets with ``innerText``;
- **large**: ``from_nx`` grows with the square of the graph (49 s at 10,000 nodes); here the
  node and edge lists are built directly, in compact arrays. Every view gets a server-side
  layout (pivot MDS, :func:`layout`); up to :data:`PHYSICS_LIMIT` nodes vis-network's physics
  then refines it and stops once stable, above it physics stays off.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any

import networkx as nx
import numpy as np
from scipy.sparse import coo_matrix, csr_matrix
from scipy.sparse.csgraph import connected_components, shortest_path

from graph.analysis import analysis_graph, broker_scores, ego_network, isolated_actors
from graph.analysis.invite import invite_table, prepare
from graph.errors import NotFoundError
from graph.i18n import current_language
from graph.model import ActorKind, TieKind, search_key, slugify

#: Above this many nodes the layout is final (physics off); up to it physics refines and stops.
PHYSICS_LIMIT = 1000
#: Above this many nodes only marked actors (brokers, seats, the centre) carry a label.
LABEL_LIMIT = 1000
#: Isolation reasons that mark an actor as isolated (``no_forum`` alone does not).
ISOLATION_CODES = ("no_ties", "no_admin_in_component", "admin_unreachable", "own_sector_only")

#: Colours by actor kind (Okabe & Ito's colour-blind safe palette).
KIND_COLOURS = {
    "resident_group": "#E69F00",
    "association": "#56B4E9",
    "institution": "#009E73",
    "private_provider": "#F0E442",
    "city_unit": "#0072B2",
    "department": "#CC79A7",
    "forum": "#999999",
}
OTHER_COLOUR = "#BBBBBB"

# node flags (bits), read by the page script
BROKER, ISOLATED, SEATED, CENTER, DIM, UNREACHED, FIXED = 1, 2, 4, 8, 16, 32, 64

_WORDS: dict[str, tuple[str, str]] = {
    "actors": ("Akteure", "actors"),
    "ties": ("Beziehungen", "ties"),
    "kind": ("Art", "kind"),
    "areas": ("Gebiete", "areas"),
    "topics": ("Themen", "topics"),
    "legend": ("Legende", "Legend"),
    "broker": ("Broker", "broker"),
    "broker_rank": ("Broker (Rang {rank})", "Broker (rank {rank})"),
    "isolated": ("isoliert", "isolated"),
    "isolated_line": ("Isoliert: {reasons}", "Isolated: {reasons}"),
    "betweenness": ("Betweenness: {value}", "Betweenness: {value}"),
    "outside": ("Partner ausserhalb des Gebiets", "partner outside the area"),
    "seated": ("am Tisch", "seated"),
    "seated_line": ("Am Tisch: {role}", "Seated: {role}"),
    "reached": ("erreicht (eine Beziehung vom Tisch)", "reached (one tie from the table)"),
    "reached_line": ("Erreicht über: {names}", "Reached through: {names}"),
    "unreached": ("relevant, nicht erreicht", "relevant, not reached"),
    "unreached_line": ("Nicht erreicht: {reasons}", "Not reached: {reasons}"),
    "center": ("im Zentrum", "in the centre"),
    "distance": ("Abstand: {hops} (über {via})", "Distance: {hops} (through {via})"),
    "strength": ("Stärke {value}", "strength {value}"),
    "forums": ("gemeinsame Gremien: {names}", "shared forums: {names}"),
    "size_note": ("Grösse: Betweenness", "size: betweenness"),
    "layout_physics": ("Layout: Physik, hält an, sobald stabil", "layout: physics, stops once stable"),
    "layout_fixed": ("Layout: vorberechnet (Physik aus)", "layout: precomputed (physics off)"),
    "details": ("Details (Klick auf einen Knoten)", "Details (click a node)"),
    "network": ("Netzwerk", "Network"),
    "area": ("Gebiet {name}", "Area {name}"),
    "ego": ("Umfeld von {name} ({hops} Schritte)", "Surroundings of {name} ({hops} steps)"),
    "table": ("Runder Tisch: {topics} in {areas}", "Round table: {topics} in {areas}"),
    "and": ("und", "and"),
    "noscript": ("Diese Ansicht braucht JavaScript.", "This view needs JavaScript."),
}


def _w(key: str, lang: str, **params: Any) -> str:
    de, en = _WORDS[key]
    text = en if lang == "en" else de
    return text.format(**params) if params else text


def _join(items: Sequence[str], lang: str) -> str:
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {_w('and', lang)} " + items[-1]


def _kind_label(kind: Any, lang: str) -> str:
    try:
        return ActorKind(kind).label(lang)
    except ValueError:
        return str(kind or "?")


def _tie_label(kind: Any, lang: str) -> str:
    try:
        return TieKind(kind).label(lang)
    except ValueError:
        return str(kind)


def _number(x: float) -> str:
    return f"{x:.0f}" if abs(x - round(x)) < 0.05 else f"{x:.1f}"


# ---------------------------------------------------------------------------------------------
# layout


def layout(G: nx.Graph, *, pivots: int = 32, edge_length: float = 100.0,
           seed: int = 0) -> dict[Any, tuple[float, float]]:
    """Positions for every node: pivot MDS per connected component, components packed in rows.

    Each component is placed by classical multidimensional scaling of its hop distances to
    ``pivots`` pivots chosen farthest-first (Brandes & Pich's pivot MDS): ``pivots`` breadth-
    first searches and a ``pivots x pivots`` eigenproblem, so about 0.3 s for 10,000 nodes and
    50,000 edges where ``nx.spring_layout`` needs minutes. Nodes with the same distances to
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
        Seed of the jitter.

    Returns
    -------
    dict
        node -> (x, y).

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
    pos = _layout(len(nodes), pairs, pivots=pivots, edge_length=edge_length, seed=seed)
    return {v: (float(pos[i, 0]), float(pos[i, 1])) for i, v in enumerate(nodes)}


def _layout(n: int, pairs: Sequence[tuple[int, int]], *, pivots: int = 32, edge_length: float = 100.0,
            seed: int = 0) -> np.ndarray:
    """:func:`layout` on node indices ``0..n-1`` and index pairs: an ``n x 2`` array."""
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
    m = A.shape[0]
    if m == 2:
        return np.array([[0.0, 0.0], [1.0, 0.0]])
    k = min(k, m)
    D = np.empty((k, m))
    nearest = np.full(m, np.inf)
    degree = np.diff(A.indptr)
    p = int(np.argmax(degree))
    for i in range(k):
        D[i] = shortest_path(A, method="D", unweighted=True, directed=True, indices=p)
        nearest = np.minimum(nearest, D[i])
        p = int(np.argmax(nearest))
    C = (D.T ** 2)
    C = -0.5 * (C - C.mean(axis=0) - C.mean(axis=1)[:, None] + C.mean())
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


# ---------------------------------------------------------------------------------------------
# what the page gets


@dataclass
class _Node:
    id: Any
    data: Mapping[str, Any]
    flags: int = 0
    lines: list[str] = field(default_factory=list)


@dataclass
class _Marks:
    """Analysis results by actor id: betweenness, broker rank and reasons, isolation reasons."""

    betweenness: dict[Any, float]
    broker: dict[Any, tuple[int, list[str]]]
    isolated: dict[Any, list[str]]

    @classmethod
    def of(cls, brokers: Iterable[Mapping[str, Any]], isolated: Iterable[Mapping[str, Any]],
           mark_brokers: int) -> _Marks:
        between: dict[Any, float] = {}
        marked: dict[Any, tuple[int, list[str]]] = {}
        for rank, row in enumerate(brokers, start=1):
            between[row["id"]] = float(row.get("betweenness") or 0.0)
            if rank <= mark_brokers and between[row["id"]] > 0:  # a broker lies on some path
                marked[row["id"]] = (rank, list(row.get("reasons") or []))
        cut_off = {}
        for row in isolated:
            codes = row.get("codes")
            if codes is None or any(c in ISOLATION_CODES for c in codes):
                cut_off[row["id"]] = list(row.get("reasons") or [])
        return cls(between, marked, cut_off)

    def apply(self, node: _Node, lang: str) -> None:
        if node.id in self.broker:
            rank, reasons = self.broker[node.id]
            node.flags |= BROKER
            why = ": " + "; ".join(reasons) if reasons else ""
            node.lines.append(_w("broker_rank", lang, rank=rank) + why)
        if node.id in self.isolated:
            node.flags |= ISOLATED
            node.lines.append(_w("isolated_line", lang, reasons="; ".join(self.isolated[node.id])))


class _Lookup:
    """Names of areas and topics and labels of kinds, looked up once per page."""

    def __init__(self, graph: Mapping[str, Any], lang: str) -> None:
        self.lang = lang
        self.areas = {a: str(row.get("name") or a) for a, row in (graph.get("areas") or {}).items()}
        self.topics = {t: str(row.get("name") or t) for t, row in (graph.get("topics") or {}).items()}
        self.kinds: dict[Any, str] = {}
        self.prefix = {k: _w(k, lang) + ": " for k in ("kind", "areas", "topics")}

    def kind(self, kind: Any) -> str:
        label = self.kinds.get(kind)
        if label is None:
            label = self.kinds[kind] = _kind_label(kind, self.lang)
        return label


def _tooltip(node: _Node, look: _Lookup, between: float | None) -> str:
    data = node.data
    lines = [str(data.get("name") or node.id), look.prefix["kind"] + look.kind(data.get("kind"))]
    if data.get("areas"):
        lines.append(look.prefix["areas"] + ", ".join(look.areas.get(a, str(a)) for a in data["areas"]))
    if data.get("topics"):
        lines.append(look.prefix["topics"] + ", ".join(look.topics.get(t, str(t)) for t in data["topics"]))
    lines += node.lines
    if between:
        lines.append(_w("betweenness", look.lang, value=f"{between:.4f}"))
    return "\n".join(lines)


def _edge_title(a: str, b: str, data: Mapping[str, Any], graph: Mapping[str, Any], lang: str) -> str:
    kinds = ", ".join(_tie_label(k, lang) for k in data.get("kinds") or [data.get("kind")])
    text = f"{a} – {b}: {kinds}"
    weight = data.get("weight")
    if weight:
        text += f" ({_w('strength', lang, value=_number(float(weight)))})"
    forums = data.get("forums") or []
    if forums:
        names = [str(graph["names"].get(f, f)) for f in forums]
        text += "\n" + _w("forums", lang, names=", ".join(names))
    return text


def _json_for_html(value: Any) -> str:
    """JSON that is safe inside ``<script type="application/json">``: no ``<``, ``>`` or ``&``."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


@lru_cache(maxsize=1)
def _vis_js() -> str:
    """vis-network 9.1.2 as bundled in the pyvis package (standalone build, no CSS needed)."""
    text = (resources.files("pyvis") / "lib" / "vis-9.1.2" / "vis-network.min.js").read_text("utf-8")
    # nothing in it may end the script element early or start an HTML comment inside it
    return text.replace("</script", "<\\/script").replace("<!--", "<\\!--")


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


@lru_cache(maxsize=1)
def _script_hashes() -> str:
    return f"{_sha256(_vis_js())} {_sha256(_APP_JS)}"


def page_csp() -> str:
    """The Content-Security-Policy of every view page: no request to anywhere, only our two
    scripts (by hash). A server sending a page should send it as a header too."""
    return (f"default-src 'none'; script-src {_script_hashes()}; style-src 'unsafe-inline'; "
            "img-src data:; base-uri 'none'; form-action 'none'")


def _render(nodes: list[_Node], edges: list[tuple[Any, Any, float, str | None]], *,
            graph: Mapping[str, Any], marks: _Marks, title: str, legend_marks: Sequence[tuple[int, str]],
            lang: str, physics_limit: int, seed: int, subtitle: str = "",
            placed: Mapping[Any, tuple[float, float]] | None = None) -> str:
    n = len(nodes)
    physics = n <= physics_limit
    index = {node.id: i for i, node in enumerate(nodes)}
    flat: list[Any] = []
    titles: list[str | None] = []
    for u, v, width, text in edges:
        flat += [index[u], index[v], width]
        titles.append(text)
    if placed is not None:
        positions = np.array([placed[node.id] for node in nodes], dtype=float).reshape(-1, 2)
    else:
        positions = _layout(n, [(flat[i], flat[i + 1]) for i in range(0, len(flat), 3)], seed=seed)
    look = _Lookup(graph, lang)
    between = marks.betweenness
    top = max((between.get(node.id, 0.0) for node in nodes), default=0.0) or 1.0
    kinds: list[str] = []
    kind_index: dict[str, int] = {}
    rows = []
    for node in nodes:
        kind = str(node.data.get("kind") or "")
        if kind not in kind_index:
            kind_index[kind] = len(kinds)
            kinds.append(kind)
        b = between.get(node.id, 0.0)
        size = round(9 + 26 * math.sqrt(max(b, 0.0) / top), 1)
        if node.flags & (SEATED | CENTER):
            size = max(size, 18)
        label = (str(node.data.get("name") or node.id)
                 if n <= LABEL_LIMIT or node.flags & (BROKER | SEATED | CENTER) else "")
        rows.append([label, kind_index[kind], size, 0, 0, node.flags, _tooltip(node, look, b)])
    for row, (x, y) in zip(rows, np.round(positions, 1).tolist(), strict=True):
        row[3], row[4] = x, y
    order = sorted(kinds, key=lambda k: (k not in KIND_COLOURS,
                                         list(KIND_COLOURS).index(k) if k in KIND_COLOURS else 0, k))
    data = {
        "nodes": rows,
        "edges": flat,
        "edgeTitles": titles if any(titles) else None,
        "colours": [KIND_COLOURS.get(k, OTHER_COLOUR) for k in kinds],
        "physics": physics,
        "large": n > physics_limit,
        "labelThreshold": 3 if n <= 300 else 6,
        "ids": [node.id for node in nodes],
    }
    legend = "".join(
        f'<li><span class="swatch" style="background:{KIND_COLOURS.get(k, OTHER_COLOUR)}"></span>'
        f"{html.escape(_kind_label(k, lang))}</li>" for k in order)
    legend += "".join(
        f'<li><span class="mark m{flag}"></span>{html.escape(text)}</li>' for flag, text in legend_marks)
    facts = (f"{n:,}".replace(",", "'") + f" {_w('actors', lang)}, "
             + f"{len(edges):,}".replace(",", "'") + f" {_w('ties', lang)} · {_w('size_note', lang)} · "
             + _w("layout_physics" if physics else "layout_fixed", lang))
    return _PAGE.format(
        lang=lang,
        csp=page_csp(),
        title=html.escape(title),
        subtitle=html.escape(subtitle),
        facts=html.escape(facts),
        legend_title=html.escape(_w("legend", lang)),
        legend=legend,
        details=html.escape(_w("details", lang)),
        noscript=html.escape(_w("noscript", lang)),
        data=_json_for_html(data),
        vis=_vis_js(),
        app=_APP_JS,
    )


def _names(graph: Mapping[str, Any], G: nx.Graph) -> dict[str, Any]:
    return {**graph, "names": {v: d.get("name", v) for v, d in G.nodes(data=True)}}


def _weighted_edges(G: nx.Graph, keep: set[Any] | None, graph: Mapping[str, Any], lang: str,
                    titles: bool) -> list[tuple[Any, Any, float, str | None]]:
    out: list[tuple[Any, Any, float, str | None]] = []
    name = graph["names"]
    for u, v, data in G.edges(data=True):
        if u == v or (keep is not None and (u not in keep or v not in keep)):
            continue
        weight = float(data.get("weight") or 1.0)
        width = round(1 + min(weight, 8.0) / 2, 1)
        text = _edge_title(str(name.get(u, u)), str(name.get(v, v)), data, graph, lang) if titles else None
        out.append((u, v, width, text))
    return out


def _sorted_nodes(G: nx.Graph) -> list[Any]:
    return sorted(G, key=str)


# ---------------------------------------------------------------------------------------------
# the views


def network_view(
    G: nx.Graph,
    *,
    brokers: Iterable[Mapping[str, Any]] = (),
    isolated: Iterable[Mapping[str, Any]] = (),
    title: str | None = None,
    mark_brokers: int = 10,
    lang: str | None = None,
    physics_limit: int = PHYSICS_LIMIT,
    seed: int = 0,
) -> str:
    """The whole network (or the graph given) as one offline HTML page.

    Parameters
    ----------
    G : networkx.Graph
        An analysis graph (:func:`~graph.analysis.projection.analysis_graph`): nodes with
        ``name, kind, areas, topics`` (``outside=True`` is drawn faint), edges with ``weight``,
        ``kinds`` and ``forums``; ``G.graph`` with ``areas`` and ``topics`` (id -> fields).
    brokers : iterable of dict
        Rows of :func:`~graph.analysis.brokers.broker_scores` (best first): their
        ``betweenness`` sizes the nodes, the first ``mark_brokers`` are marked with their reasons.
    isolated : iterable of dict
        Rows of :func:`~graph.analysis.isolates.isolated_actors`; those with a code in
        :data:`ISOLATION_CODES` are marked with their reasons.
    title : str, optional
        The heading (default "Netzwerk"/"Network").
    mark_brokers : int
        How many of the best brokers to mark.
    lang : str, optional
        ``"de"`` or ``"en"`` (default: :func:`~graph.i18n.current_language`).
    physics_limit : int
        Above this many nodes the precomputed layout stays (physics off).
    seed : int
        Seed of the layout's jitter.

    Returns
    -------
    str
        A complete HTML document without any external resource.

    Examples
    --------
    >>> G = nx.Graph(areas={}, topics={})
    >>> G.add_edge("a", "b", weight=2.0)
    >>> G.nodes["a"].update(name="Quartierverein", kind="association")
    >>> "Quartierverein" in network_view(G)
    True
    """
    lang = current_language(lang)
    marks = _Marks.of(brokers, isolated, mark_brokers)
    graph = _names(G.graph, G)
    nodes = []
    for v in _sorted_nodes(G):
        node = _Node(v, G.nodes[v])
        if G.nodes[v].get("outside"):
            node.flags |= DIM
            node.lines.append(_w("outside", lang))
        marks.apply(node, lang)
        nodes.append(node)
    small = len(nodes) <= physics_limit
    edges = _weighted_edges(G, None, graph, lang, titles=small)
    legend = _legend_marks(nodes, lang)
    return _render(nodes, edges, graph=graph, marks=marks, title=title or _w("network", lang),
                   legend_marks=legend, lang=lang, physics_limit=physics_limit, seed=seed)


def area_view(
    G: nx.Graph,
    area: str,
    *,
    brokers: Iterable[Mapping[str, Any]] = (),
    isolated: Iterable[Mapping[str, Any]] = (),
    mark_brokers: int = 10,
    lang: str | None = None,
    physics_limit: int = PHYSICS_LIMIT,
    seed: int = 0,
) -> str:
    """An area's network: ``G`` is ``analysis_graph(S, area=area)`` (partners outside faint).

    Parameters as for :func:`network_view`; the heading names the area.
    """
    lang = current_language(lang)
    name = str(((G.graph.get("areas") or {}).get(area) or {}).get("name") or area)
    return network_view(G, brokers=brokers, isolated=isolated, title=_w("area", lang, name=name),
                        mark_brokers=mark_brokers, lang=lang, physics_limit=physics_limit, seed=seed)


def ego_view(
    S: nx.MultiDiGraph,
    ego: Mapping[str, Any],
    *,
    brokers: Iterable[Mapping[str, Any]] = (),
    isolated: Iterable[Mapping[str, Any]] = (),
    mark_brokers: int = 10,
    lang: str | None = None,
    physics_limit: int = PHYSICS_LIMIT,
    seed: int = 0,
) -> str:
    """An actor's surroundings, as :func:`~graph.analysis.ego.ego_network` found them.

    Parameters
    ----------
    S : networkx.MultiDiGraph
        The snapshot the ego network was taken from (for names, kinds, areas, topics).
    ego : dict
        The result of ``ego_network(S, actor, hops=...)``.
    brokers, isolated, mark_brokers, lang, physics_limit, seed
        As for :func:`network_view` (brokers from the whole network: sizes compare with it).

    Returns
    -------
    str
        The HTML page; the actor in the middle is a star, each other actor says how far away it
        is and through which kinds of tie.
    """
    lang = current_language(lang)
    marks = _Marks.of(brokers, isolated, mark_brokers)
    center = ego["center"]["id"]
    H = nx.Graph()
    H.add_node(center)
    for row in ego["actors"]:
        H.add_node(row["id"])
    for tie in ego["ties"]:
        u, v = tie["source"], tie["target"]
        if H.has_edge(u, v):
            e = H[u][v]
            e["weight"] += float(tie.get("weight") or 1)
            e["kinds"].append(tie["kind"])
        else:
            H.add_edge(u, v, weight=float(tie.get("weight") or 1), kinds=[tie["kind"]], forums=[])
    for _, _, e in H.edges(data=True):
        e["kinds"] = sorted(set(e["kinds"]))
    graph = {**S.graph, "names": {v: S.nodes[v].get("name", v) for v in H}}
    nodes = [_Node(center, S.nodes[center], CENTER, [_w("center", lang)])]
    for row in ego["actors"]:
        node = _Node(row["id"], S.nodes[row["id"]])
        via = _join([_tie_label(k, lang) for k in row.get("via") or []], lang)
        node.lines.append(_w("distance", lang, hops=row["distance"], via=via))
        nodes.append(node)
    for node in nodes:
        marks.apply(node, lang)
    edges = _weighted_edges(H, None, graph, lang, titles=len(nodes) <= physics_limit)
    title = _w("ego", lang, name=str(ego["center"].get("name") or center), hops=ego.get("hops", "?"))
    return _render(nodes, edges, graph=graph, marks=marks, title=title,
                   legend_marks=_legend_marks(nodes, lang), lang=lang, physics_limit=physics_limit,
                   seed=seed)


def round_table_view(
    G: nx.Graph,
    table: Any,
    *,
    brokers: Iterable[Mapping[str, Any]] = (),
    isolated: Iterable[Mapping[str, Any]] = (),
    mark_brokers: int = 10,
    lang: str | None = None,
    physics_limit: int = PHYSICS_LIMIT,
    seed: int = 0,
) -> str:
    """A round table: the seated actors, whom they reach, and the relevant actors not reached.

    Parameters
    ----------
    G : networkx.Graph
        The analysis graph the table was composed on (``prepare(S).G``).
    table : InviteTable or dict
        The result of :func:`~graph.analysis.invite.invite_table` (or its ``to_dict()``).
    brokers, isolated, mark_brokers, lang, physics_limit, seed
        As for :func:`network_view`.

    Returns
    -------
    str
        The HTML page: seats as squares with their role and reasons, reached actors with the
        seats that reach them, unreached relevant actors faint and dashed, with the reason.
    """
    lang = current_language(lang)
    result = table.to_dict() if hasattr(table, "to_dict") else dict(table)
    marks = _Marks.of(brokers, isolated, mark_brokers)
    graph = _names(G.graph, G)
    names = graph["names"]
    nodes: dict[Any, _Node] = {}
    for seat in result["seats"]:
        node = _Node(seat["id"], G.nodes[seat["id"]] if seat["id"] in G else seat, SEATED)
        node.lines.append(_w("seated_line", lang, role=seat.get("role") or ""))
        node.lines += [f"– {r}" for r in seat.get("reasons") or []]
        nodes[seat["id"]] = node
    for row in result["reached"]:
        node = nodes.get(row["id"]) or _Node(row["id"], G.nodes[row["id"]] if row["id"] in G else row)
        via = [str(names.get(s, s)) for s in row.get("via") or [] if s != row["id"]]
        if via:
            node.lines.append(_w("reached_line", lang, names=", ".join(via)))
        nodes[row["id"]] = node
    for row in result["unreached"]:
        if row["id"] in nodes:
            continue
        node = _Node(row["id"], G.nodes[row["id"]] if row["id"] in G else row, DIM | UNREACHED)
        node.lines.append(_w("unreached_line", lang, reasons="; ".join(row.get("why") or [])))
        nodes[row["id"]] = node
    for node in nodes.values():
        marks.apply(node, lang)
    keep = set(nodes)
    H = G.subgraph(keep)
    edges = _weighted_edges(H, None, graph, lang, titles=len(keep) <= physics_limit)
    topics = G.graph.get("topics") or {}
    areas = G.graph.get("areas") or {}
    title = _w("table", lang,
               topics=_join([str((topics.get(t) or {}).get("name") or t) for t in result["topics"]], lang),
               areas=_join([str((areas.get(a) or {}).get("name") or a) for a in result["areas"]], lang))
    ordered = sorted(nodes.values(), key=lambda nd: (not nd.flags & SEATED, str(nd.id)))
    subtitle = result.get("method") or ""
    placed = _ring([s["id"] for s in result["seats"]],
                   {r["id"]: r.get("via") or [] for r in result["reached"]},
                   [nd.id for nd in ordered if nd.flags & UNREACHED])
    for nd in ordered:
        if nd.flags & SEATED:
            nd.flags |= FIXED
    return _render(ordered, edges, graph=graph, marks=marks, title=title,
                   legend_marks=_legend_marks(ordered, lang), lang=lang, physics_limit=physics_limit,
                   seed=seed, subtitle=subtitle, placed=placed)


#: Above this many actors the node sizes come from sampled betweenness (exact up to it).
EXACT_LIMIT = 2000


def find_area(S: nx.Graph, text: str) -> str:
    """An area by id, name or slug of its name (``"Kreis 10"`` -> ``"kreis-10"``).

    Raises
    ------
    NotFoundError
        If no area has that id or name.
    """
    areas = S.graph.get("areas") or {}
    if text in areas:
        return text
    key, slug = search_key(text), slugify(text)
    for aid, row in sorted(areas.items()):
        if aid == slug or search_key(str(row.get("name") or "")) == key:
            return aid
    raise NotFoundError("area", text)


def snapshot_view(
    S: nx.MultiDiGraph,
    *,
    area: str | None = None,
    ego: str | None = None,
    hops: int = 2,
    invite: Mapping[str, Any] | None = None,
    network: Any = None,
    as_of: date | None = None,
    mark_brokers: int = 10,
    lang: str | None = None,
) -> str:
    """One view of a store snapshot, with its brokers and isolated actors computed on the way.

    The one place where the command line (``quartiernetz view``) and the API
    (``/api/v1/views/...``) turn a question into a page.

    Parameters
    ----------
    S : networkx.MultiDiGraph
        A store snapshot.
    area : str, optional
        An area id or name: :func:`area_view` (without ``ego`` and ``invite``).
    ego : str, optional
        An actor id: :func:`ego_view` with ``hops`` (1 to 3).
    invite : mapping, optional
        Keyword arguments of :func:`~graph.analysis.invite.invite_table` (``topics``, ``areas``,
        ``seats``, ``requirements``, ``must``, ``exclude``, ``reach_isolated``, ``responsible``):
        :func:`round_table_view`.
    network : Network, optional
        ``prepare(S, as_of=...)`` when the caller keeps one (for ``invite``).
    as_of : date, optional
        The day the ties must be valid on (default today).
    mark_brokers, lang
        As for :func:`network_view`. Betweenness (node size) is exact up to
        :data:`EXACT_LIMIT` actors and estimated from sampled sources above it.

    Returns
    -------
    str
        The HTML page.

    Raises
    ------
    NotFoundError
        For an unknown area or actor.
    InvalidInputError
        For an invitation the invite module refuses (unknown topic, bad requirement).
    """
    day = as_of or date.today()
    lang = current_language(lang)

    def brokers(G: nx.Graph) -> list[dict[str, Any]]:
        method = "exact" if G.number_of_nodes() <= EXACT_LIMIT else "sampled"
        return broker_scores(G, method=method, lang=lang)

    if invite is not None:
        net = network if network is not None else prepare(S, as_of=day, lang=lang)
        table = invite_table(net, lang=lang, **invite)
        return round_table_view(net.G, table, brokers=brokers(net.G),
                                isolated=isolated_actors(S, as_of=day, lang=lang),
                                mark_brokers=mark_brokers, lang=lang)
    if ego is not None:
        found = ego_network(S, ego, hops=hops, as_of=day)
        return ego_view(S, found, brokers=brokers(analysis_graph(S, as_of=day)),
                        isolated=isolated_actors(S, as_of=day, lang=lang),
                        mark_brokers=mark_brokers, lang=lang)
    if area is not None:
        aid = find_area(S, area)
        G = analysis_graph(S, as_of=day, area=aid)
        return area_view(G, aid, brokers=brokers(G),
                         isolated=isolated_actors(S, as_of=day, area=aid, lang=lang),
                         mark_brokers=mark_brokers, lang=lang)
    G = analysis_graph(S, as_of=day)
    return network_view(G, brokers=brokers(G), isolated=isolated_actors(S, as_of=day, lang=lang),
                        mark_brokers=mark_brokers, lang=lang)


def _ring(seats: Sequence[Any], via: Mapping[Any, Sequence[Any]], unreached: Sequence[Any],
          gap: float = 170.0) -> dict[Any, tuple[float, float]]:
    """Seats evenly on a circle (the table), each reached actor outside it towards the seats
    that reach it, unreached relevant actors on an outer ring."""
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


def _legend_marks(nodes: Sequence[_Node], lang: str) -> list[tuple[int, str]]:
    present = 0
    for node in nodes:
        flags = node.flags
        # The page draws one shape per node (star > square > diamond > triangle): a mark hidden
        # behind a stronger one is not in the picture, so it is not in the legend either.
        for stronger, hidden in ((CENTER, SEATED | BROKER | ISOLATED), (SEATED, BROKER | ISOLATED),
                                 (BROKER, ISOLATED)):
            if flags & stronger:
                flags &= ~hidden
        present |= flags
    marks = [(CENTER, "center"), (SEATED, "seated"), (BROKER, "broker"), (ISOLATED, "isolated"),
             (UNREACHED, "unreached")]
    out = [(flag, _w(key, lang)) for flag, key in marks if present & flag]
    if present & SEATED:
        out.insert(1, (0, _w("reached", lang)))
    if present & DIM and not present & UNREACHED:
        out.append((DIM, _w("outside", lang)))
    return out


# ---------------------------------------------------------------------------------------------
# the page


_PAGE = """<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
html, body {{ margin: 0; height: 100%; font: 14px/1.4 system-ui, "Segoe UI", Roboto, sans-serif;
  color: #1a1a1a; background: #fff; }}
body {{ display: flex; flex-direction: column; }}
header {{ padding: 8px 14px; border-bottom: 1px solid #ddd; }}
h1 {{ font-size: 18px; margin: 0; }}
header p {{ margin: 2px 0 0; color: #555; font-size: 12px; }}
main {{ flex: 1; display: flex; min-height: 0; }}
#graph {{ flex: 1; min-width: 0; position: relative; }}
aside {{ width: 250px; padding: 10px 14px; border-left: 1px solid #ddd; overflow: auto; font-size: 13px; }}
aside h2 {{ font-size: 14px; margin: 4px 0 6px; }}
aside ul {{ list-style: none; margin: 0 0 12px; padding: 0; }}
aside li {{ display: flex; align-items: center; gap: 8px; margin: 3px 0; }}
.swatch {{ width: 14px; height: 14px; border-radius: 50%; border: 1px solid #0003; flex: none; }}
.mark {{ width: 14px; height: 14px; flex: none; box-sizing: border-box; border: 2px solid #1a1a1a; }}
.m0 {{ border-radius: 50%; background: #ddd; border-width: 1px; }}
.m1 {{ transform: rotate(45deg) scale(.8); }}
.m2 {{ border: none; width: 0; height: 0; border-left: 8px solid transparent;
  border-right: 8px solid transparent; border-bottom: 14px solid #c0392b; }}
.m4 {{ background: #ddd; }}
.m8 {{ border: none; background: #1a1a1a;
  clip-path: polygon(50% 0,61% 35%,98% 35%,68% 57%,79% 91%,50% 70%,21% 91%,32% 57%,2% 35%,39% 35%); }}
.m16 {{ border-radius: 50%; background: #ddd; opacity: .4; border-width: 1px; }}
.m32 {{ border-radius: 50%; border-style: dashed; opacity: .6; }}
#details {{ white-space: pre-line; margin: 0; font: inherit; }}
div.vis-tooltip {{ position: absolute; visibility: hidden; padding: 6px 8px; white-space: pre-line;
  max-width: 420px; font: 13px/1.35 system-ui, sans-serif; color: #1a1a1a; background: #fffef6;
  border: 1px solid #888; border-radius: 3px; box-shadow: 2px 2px 8px #0003; pointer-events: none;
  z-index: 5; }}
</style>
</head>
<body>
<header><h1>{title}</h1><p>{facts}</p><p>{subtitle}</p></header>
<main>
<div id="graph"><noscript>{noscript}</noscript></div>
<aside>
<h2>{legend_title}</h2>
<ul id="legend">{legend}</ul>
<h2>{details}</h2>
<pre id="details"></pre>
</aside>
</main>
<script type="application/json" id="qn-data">{data}</script>
<script>{vis}</script>
<script>{app}</script>
</body>
</html>
"""

_APP_JS = """
(function () {
  "use strict";
  var raw = JSON.parse(document.getElementById("qn-data").textContent);
  var BROKER = 1, ISOLATED = 2, SEATED = 4, CENTER = 8, DIM = 16, UNREACHED = 32, FIXED = 64;
  var list = new Array(raw.nodes.length);
  for (var i = 0; i < raw.nodes.length; i++) {
    var r = raw.nodes[i], f = r[5], colour = raw.colours[r[1]];
    var shape = f & CENTER ? "star" : f & SEATED ? "square" : f & BROKER ? "diamond"
      : f & ISOLATED ? "triangle" : "dot";
    var border = f & ISOLATED ? "#c0392b" : f & (BROKER | SEATED | CENTER) ? "#1a1a1a" : "#00000055";
    var node = {
      id: i, title: r[6], size: r[2], x: r[3], y: r[4], shape: shape,
      color: {background: colour, border: border,
              highlight: {background: colour, border: "#000000"},
              hover: {background: colour, border: "#000000"}},
      borderWidth: f & (BROKER | SEATED | CENTER | ISOLATED) ? 3 : 1,
      opacity: f & DIM ? 0.35 : 1
    };
    if (r[0] !== "") { node.label = r[0]; }
    if (f & UNREACHED) { node.shapeProperties = {borderDashes: [4, 3]}; }
    if (f & FIXED) { node.fixed = true; }
    list[i] = node;
  }
  var edges = new Array(raw.edges.length / 3);
  for (var j = 0; j < edges.length; j++) {
    var e = {id: j, from: raw.edges[3 * j], to: raw.edges[3 * j + 1], width: raw.edges[3 * j + 2]};
    if (raw.edgeTitles && raw.edgeTitles[j]) { e.title = raw.edgeTitles[j]; }
    edges[j] = e;
  }
  var nodes = new vis.DataSet(list);
  var options = {
    autoResize: true,
    layout: {improvedLayout: false, randomSeed: 1},
    physics: raw.physics ? {
      enabled: true, solver: "barnesHut",
      barnesHut: {gravitationalConstant: -4000, springLength: 110, springConstant: 0.03,
                  damping: 0.35, avoidOverlap: 0.1},
      stabilization: {enabled: true, iterations: 400, updateInterval: 50, fit: true}
    } : false,
    interaction: {hover: true, tooltipDelay: 120, hideEdgesOnDrag: raw.large,
                  hideEdgesOnZoom: raw.large, keyboard: false},
    nodes: {font: {size: 13, face: "system-ui, sans-serif", strokeWidth: 3, strokeColor: "#ffffff"},
            scaling: {label: {drawThreshold: raw.labelThreshold}}},
    edges: {smooth: raw.large ? false : {type: "continuous", roundness: 0.2},
            color: {color: "#8a949e", highlight: "#222222", hover: "#444444",
                    opacity: raw.large ? 0.3 : 0.6}}
  };
  var container = document.getElementById("graph");
  var network = new vis.Network(container, {nodes: nodes, edges: new vis.DataSet(edges)}, options);
  var details = document.getElementById("details");
  network.on("click", function (p) {
    details.textContent = p.nodes.length ? list[p.nodes[0]].title : "";
  });
  function ready() { document.documentElement.setAttribute("data-ready", "1"); }
  if (raw.physics) {
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({physics: false});
      ready();
    });
  } else {
    network.once("afterDrawing", ready);
    network.fit();
    network.redraw();
  }
  window.quartiernetz = {network: network, nodes: nodes, ids: raw.ids};
})();
"""
