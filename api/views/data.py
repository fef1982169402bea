"""What a view page draws, as JSON-ready dicts: nodes with marks and tooltips, edges, the legend.

No HTML here (:mod:`api.views.render` puts a :class:`Page` into the template) and no analysis
(the brokers and isolated actors to mark come in as rows, see :mod:`api.views.inputs`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import numpy as np

from api.views.style import (
    BROKER,
    CENTER,
    DIM,
    ISOLATED,
    KIND_COLOURS,
    LABEL_LIMIT,
    NODE_STYLE,
    OTHER_COLOUR,
    SEATED,
    UNREACHED,
)
from api.views.words import kind_label, number, tie_label, word
from graph.analysis.isolates import ISOLATION_CODES
from graph.analysis.layout import layout_indices
from graph.i18n import number as swiss_number

#: An edge as the views collect it: (source, target, width, tooltip or None).
Edge = tuple[Any, Any, float, str | None]


@dataclass
class Node:
    """An actor on the page: its fields, its flags (:mod:`api.views.style`) and extra tooltip lines."""

    id: Any
    data: Mapping[str, Any]
    flags: int = 0
    lines: list[str] = field(default_factory=list)


@dataclass
class Marks:
    """Analysis results by actor id: betweenness, broker rank and reasons, isolation reasons."""

    betweenness: dict[Any, float]
    broker: dict[Any, tuple[int, list[str]]]
    isolated: dict[Any, list[str]]

    @classmethod
    def of(cls, brokers: Iterable[Mapping[str, Any]], isolated: Iterable[Mapping[str, Any]],
           mark_brokers: int) -> Marks:
        """From rows of ``broker_scores`` (best first) and ``isolated_actors``: the first
        ``mark_brokers`` brokers on some shortest path, the actors with an isolation code."""
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

    def apply(self, node: Node, lang: str) -> None:
        """Flag ``node`` as broker or isolated and add the reasons to its tooltip."""
        if node.id in self.broker:
            rank, reasons = self.broker[node.id]
            node.flags |= BROKER
            why = ": " + "; ".join(reasons) if reasons else ""
            node.lines.append(word("broker_rank", lang, rank=rank) + why)
        if node.id in self.isolated:
            node.flags |= ISOLATED
            node.lines.append(word("isolated_line", lang, reasons="; ".join(self.isolated[node.id])))


class _Lookup:
    """Names of areas and topics and labels of kinds, looked up once per page."""

    def __init__(self, graph: Mapping[str, Any], lang: str) -> None:
        self.lang = lang
        self.areas = {a: str(row.get("name") or a) for a, row in (graph.get("areas") or {}).items()}
        self.topics = {t: str(row.get("name") or t) for t, row in (graph.get("topics") or {}).items()}
        self.kinds: dict[Any, str] = {}
        self.prefix = {k: word(k, lang) + ": " for k in ("kind", "areas", "topics")}

    def kind(self, kind: Any) -> str:
        label = self.kinds.get(kind)
        if label is None:
            label = self.kinds[kind] = kind_label(kind, self.lang)
        return label


def _tooltip(node: Node, look: _Lookup, between: float | None) -> str:
    data = node.data
    lines = [str(data.get("name") or node.id), look.prefix["kind"] + look.kind(data.get("kind"))]
    if data.get("areas"):
        lines.append(look.prefix["areas"] + ", ".join(look.areas.get(a, str(a)) for a in data["areas"]))
    if data.get("topics"):
        lines.append(look.prefix["topics"] + ", ".join(look.topics.get(t, str(t)) for t in data["topics"]))
    lines += node.lines
    if between:
        lines.append(word("betweenness", look.lang, value=f"{between:.4f}"))
    return "\n".join(lines)


def _edge_title(a: str, b: str, data: Mapping[str, Any], graph: Mapping[str, Any], lang: str) -> str:
    kinds = ", ".join(tie_label(k, lang) for k in data.get("kinds") or [data.get("kind")])
    text = f"{a} – {b}: {kinds}"
    weight = data.get("weight")
    if weight:
        text += f" ({word('strength', lang, value=number(float(weight)))})"
    forums = data.get("forums") or []
    if forums:
        names = [str(graph["names"].get(f, f)) for f in forums]
        text += "\n" + word("forums", lang, names=", ".join(names))
    return text


def with_names(graph: Mapping[str, Any], G: nx.Graph) -> dict[str, Any]:
    """``graph`` (a graph's ``G.graph``: areas, topics) with ``names``: node -> its name."""
    return {**graph, "names": {v: d.get("name", v) for v, d in G.nodes(data=True)}}


def weighted_edges(G: nx.Graph, graph: Mapping[str, Any], lang: str, *, titles: bool) -> list[Edge]:
    """Every edge of ``G`` but loops, its width from its weight, with a tooltip if ``titles``."""
    out: list[Edge] = []
    name = graph["names"]
    for u, v, data in G.edges(data=True):
        if u == v:
            continue
        weight = float(data.get("weight") or 1.0)
        width = round(1 + min(weight, 8.0) / 2, 1)
        text = _edge_title(str(name.get(u, u)), str(name.get(v, v)), data, graph, lang) if titles else None
        out.append((u, v, width, text))
    return out


#: The marks' flags, strongest first (from the one node style table).
_MARK_FLAGS = [mark["flag"] for mark in NODE_STYLE["marks"]]


def legend_marks(nodes: Sequence[Node], lang: str) -> list[tuple[int, str]]:
    """The marks (flag, words) drawn on the page, strongest first."""
    present = 0
    for node in nodes:
        flags = node.flags
        # The page draws one shape per node, the strongest mark's (NODE_STYLE lists them
        # strongest first): a mark hidden behind a stronger one is not in the picture, so it is
        # not in the legend either.
        for i, stronger in enumerate(_MARK_FLAGS):
            if flags & stronger:
                for hidden in _MARK_FLAGS[i + 1:]:
                    flags &= ~hidden
        present |= flags
    marks = [(CENTER, "center"), (SEATED, "seated"), (BROKER, "broker"), (ISOLATED, "isolated"),
             (UNREACHED, "unreached")]
    out = [(flag, word(key, lang)) for flag, key in marks if present & flag]
    if present & SEATED:
        out.insert(1, (0, word("reached", lang)))
    if present & DIM and not present & UNREACHED:
        out.append((DIM, word("outside", lang)))
    return out


@dataclass
class Page:
    """Everything a view page shows, ready for the template.

    ``legend`` holds ``{"colour": ..., "label": ...}`` (a kind) and ``{"mark": flag, "label": ...}``
    (a shape) items; ``data`` is what the page script draws (see ``page.js``).
    """

    lang: str
    title: str
    subtitle: str
    facts: str
    legend: list[dict[str, Any]]
    data: dict[str, Any]


def page(nodes: list[Node], edges: list[Edge], *, graph: Mapping[str, Any], marks: Marks, title: str,
         lang: str, physics_limit: int, seed: int,
         subtitle: str = "", placed: Mapping[Any, tuple[float, float]] | None = None) -> Page:
    """The :class:`Page` of ``nodes`` (in drawing order) and ``edges`` among them.

    Positions come from ``placed`` when given, else from pivot MDS
    (:func:`graph.analysis.layout.layout_indices`) with ``seed``; node sizes grow with the
    square root of betweenness; above ``physics_limit`` nodes the layout is final.
    """
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
        positions = layout_indices(n, [(flat[i], flat[i + 1]) for i in range(0, len(flat), 3)], seed=seed)
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
        "style": NODE_STYLE,
        "physics": physics,
        "large": n > physics_limit,
        "labelThreshold": 3 if n <= 300 else 6,
        "ids": [node.id for node in nodes],
    }
    items: list[dict[str, Any]] = [{"colour": KIND_COLOURS.get(k, OTHER_COLOUR), "label": kind_label(k, lang)}
                                   for k in order]
    items += [{"mark": flag, "label": text} for flag, text in legend_marks(nodes, lang)]
    facts = (f"{swiss_number(n)} {word('actors', lang)}, "
             + f"{swiss_number(len(edges))} {word('ties', lang)} · {word('size_note', lang)} · "
             + word("layout_physics" if physics else "layout_fixed", lang))
    return Page(lang=lang, title=title, subtitle=subtitle, facts=facts, legend=items, data=data)
