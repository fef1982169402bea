"""The report's figures as SVG, computed on the server: the area on the city map, the network
(seeded layout, labelled top actors whose labels never overlap), and horizontal bar charts.

Every figure is a small dataclass of shapes and texts, drawn by ``figures.svg.j2`` (Jinja2 with
autoescape: a name is text, never markup). Colours are Statistik Stadt Zürich's ``sszvis``
palette (``scaleQual6``), one per sector, the same in every figure and legend.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from api.geo import city_map
from api.geo.areas import match, quartiere_of
from graph.analysis.layout import layout

#: sszvis ``scaleQual6`` (the first five, one per sector) and its grey for "no sector".
SECTOR_COLOURS = {
    "population": "#3431DE",
    "civil_society": "#DB247D",
    "institution": "#1D942E",
    "private": "#FBB900",
    "administration": "#23C3F1",
    "none": "#B8B8B8",
}
#: Map colours: the Quartiere, the one(s) reported on, the lake, the Kreis borders.
MAP_COLOURS = {"land": "#EDEDED", "area": "#3431DE", "lake": "#CFE8F5", "border": "#FFFFFF",
               "kreis": "#8C8C8C"}
#: Outside partners and ties in the network figure.
OUTSIDE_COLOUR = "#D6D6D6"
TIE_COLOUR = "#A0A0A0"
ISOLATED_RING = "#C0392B"

#: The network figure's box (SVG user units; the page scales it to the text width).
NET_WIDTH, NET_HEIGHT, NET_MARGIN = 760.0, 560.0, 24.0
LABEL_SIZE = 11.0
#: Average advance of a character of DejaVu Sans / Liberation Sans at size 1 (generous).
CHAR_WIDTH = 0.62
LABEL_CHARS = 32
#: How many actors the network figure labels at most.
LABELS = 14


@dataclass
class Box:
    """A rectangle (for label placement): x, y of the top left corner, width, height."""

    x: float
    y: float
    w: float
    h: float

    def overlaps(self, other: Box) -> bool:
        return not (self.x + self.w <= other.x or other.x + other.w <= self.x
                    or self.y + self.h <= other.y or other.y + other.h <= self.y)


@dataclass
class MapFigure:
    view_box: str
    land: list[str]
    area: list[str]
    kreise: list[str]
    lake: str
    labels: list[dict[str, Any]]


@dataclass
class NetworkFigure:
    width: float
    height: float
    edges: list[tuple[float, float, float, float, float]]
    nodes: list[dict[str, Any]]
    labels: list[dict[str, Any]]
    sectors: list[str]
    empty: bool = False


@dataclass
class BarChart:
    width: float
    height: float
    bars: list[dict[str, Any]] = field(default_factory=list)


def area_map(areas: dict[str, Any], area: str) -> MapFigure | None:
    """The city's Quartiere, those of ``area`` filled; None when ``area`` covers no drawn
    Quartier (a network without Zurich's areas)."""
    shapes = city_map()
    q_ids, _ = match(shapes["quartiere"], shapes["kreise"], areas)
    covered = set(quartiere_of(areas, q_ids.values()).get(area, ()))
    if not covered:
        return None
    land: list[str] = []
    inside: list[str] = []
    labels: list[dict[str, Any]] = []
    for q in shapes["quartiere"]:
        (inside if q_ids.get(q["number"]) in covered else land).append(q["path"])
        if q_ids.get(q["number"]) in covered and len(covered) <= 3:
            labels.append({"x": q["centre"][0], "y": q["centre"][1], "text": q["name"]})
    return MapFigure(view_box=shapes["viewBox"], land=land, area=inside,
                     kreise=[k["path"] for k in shapes["kreise"]], lake=shapes["lake"], labels=labels)


def colour(sector: Any) -> str:
    """The sszvis colour of a sector (grey for none or an unknown one)."""
    return SECTOR_COLOURS.get(str(sector or "none"), SECTOR_COLOURS["none"])


def _label_width(text: str, size: float = LABEL_SIZE) -> float:
    return len(text) * size * CHAR_WIDTH + 4


def short(text: str, limit: int = LABEL_CHARS) -> str:
    """A label: at most ``limit`` characters, an ellipsis where cut.

    >>> short("Gemeinschaftszentrum Wipkingen und Umgebung", 20)
    'Gemeinschaftszentru…'
    """
    return text if len(text) <= limit else text[:limit - 1] + "…"


def place_labels(points: list[tuple[str, float, float, float]], width: float, height: float,
                 taken: list[Box] | None = None) -> list[dict[str, Any]]:
    """Labels for ``(text, x, y, r)`` points (most important first), each beside its point
    (right, left, above, below; then above or below ending or starting at it; then a row farther
    up or down, with a ``leader`` line) where it
    overlaps no label or mark placed before (``taken``) and stays inside the box; a label with
    no free place is left out. Returns ``text, x, y, anchor, box``."""
    placed: list[Box] = list(taken or [])
    out = []
    h = LABEL_SIZE * 1.25
    for text, x, y, r in points:
        w = _label_width(text)
        gap = r + 3
        candidates = [  # (box, text x, baseline y, anchor)
            (Box(x + gap, y - h / 2, w, h), x + gap + 2, y + LABEL_SIZE * 0.35, "start"),
            (Box(x - gap - w, y - h / 2, w, h), x - gap - 2, y + LABEL_SIZE * 0.35, "end"),
            (Box(x - w / 2, y - gap - h, w, h), x, y - gap - h * 0.25, "middle"),
            (Box(x - w / 2, y + gap, w, h), x, y + gap + LABEL_SIZE, "middle"),
            # above and below, ending or starting at the point (near the box's edges)
            (Box(x + r - w, y - gap - h, w, h), x + r - 2, y - gap - h * 0.25, "end"),
            (Box(x - r, y - gap - h, w, h), x - r + 2, y - gap - h * 0.25, "start"),
            (Box(x + r - w, y + gap, w, h), x + r - 2, y + gap + LABEL_SIZE, "end"),
            (Box(x - r, y + gap, w, h), x - r + 2, y + gap + LABEL_SIZE, "start"),
        ]
        # a row farther up or down, tied to the point by a leader line
        far = gap + h
        candidates += [
            (Box(x - w / 2, y - far - h, w, h), x, y - far - h * 0.25, "middle"),
            (Box(x - r, y - far - h, w, h), x - r + 2, y - far - h * 0.25, "start"),
            (Box(x + r - w, y - far - h, w, h), x + r - 2, y - far - h * 0.25, "end"),
            (Box(x - w / 2, y + far, w, h), x, y + far + LABEL_SIZE, "middle"),
            (Box(x - r, y + far, w, h), x - r + 2, y + far + LABEL_SIZE, "start"),
            (Box(x + r - w, y + far, w, h), x + r - 2, y + far + LABEL_SIZE, "end"),
        ]
        for box, tx, ty, anchor in candidates:
            if box.x < 0 or box.y < 0 or box.x + box.w > width or box.y + box.h > height:
                continue
            if any(box.overlaps(b) for b in placed):
                continue
            placed.append(box)
            leader = None
            if box.y + box.h < y - gap or box.y > y + gap:  # a row away: a line to the point
                edge = box.y + box.h if box.y < y else box.y
                leader = (round(x, 1), round(y + (-r if box.y < y else r), 1), round(x, 1), round(edge, 1))
            out.append({"text": text, "x": round(tx, 1), "y": round(ty, 1), "anchor": anchor,
                        "box": box, "leader": leader})
            break
    return out


def network_figure(G: nx.Graph, ranked: list[str], isolated: set[str], *, seed: int = 0,
                   labels: int = LABELS) -> NetworkFigure:
    """The area's network: actors of the area coloured by sector (partners outside it grey),
    sized by their number of ties, isolated actors ringed; the first ``labels`` of ``ranked``
    (then the others by ties) labelled where a label fits. Positions: pivot MDS with ``seed``
    (:func:`graph.analysis.layout.layout`), scaled into the box."""
    if G.number_of_nodes() == 0:
        return NetworkFigure(NET_WIDTH, 120.0, [], [], [], [], empty=True)
    order = sorted(G, key=str)
    H = nx.Graph()
    H.add_nodes_from(order)
    H.add_edges_from(sorted((min(u, v, key=str), max(u, v, key=str)) for u, v in G.edges))
    pos = layout(H, seed=seed)
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    span = max(x1 - x0, y1 - y0, 1e-9)
    usable_w, usable_h = NET_WIDTH - 2 * NET_MARGIN, NET_HEIGHT - 2 * NET_MARGIN
    scale = min(usable_w / (x1 - x0 or span), usable_h / (y1 - y0 or span))
    ox = NET_MARGIN + (usable_w - (x1 - x0) * scale) / 2
    oy = NET_MARGIN + (usable_h - (y1 - y0) * scale) / 2

    def at(v: Any) -> tuple[float, float]:
        return (round(ox + (pos[v][0] - x0) * scale, 1), round(oy + (pos[v][1] - y0) * scale, 1))

    xy = {v: at(v) for v in order}
    degree = dict(G.degree())
    nodes, sectors = [], set()
    for v in order:
        d = G.nodes[v]
        outside = bool(d.get("outside"))
        sector = d.get("sector") or "none"
        if not outside:
            sectors.add(sector)
        nodes.append({"x": xy[v][0], "y": xy[v][1], "r": round(3 + 1.6 * math.sqrt(degree[v]), 1),
                      "fill": OUTSIDE_COLOUR if outside else colour(sector),
                      "isolated": v in isolated, "outside": outside,
                      "name": str(d.get("name") or v)})
    by_id = dict(zip(order, nodes, strict=True))
    nodes.sort(key=lambda n: not n["outside"])  # the area's actors drawn over their partners
    edges = [(*xy[u], *xy[v], round(min(3.0, 0.4 + 0.3 * float(G[u][v].get("weight") or 1)), 2))
             for u, v in sorted(G.edges, key=lambda e: (str(e[0]), str(e[1])))]
    inside = [v for v in order if not G.nodes[v].get("outside")]
    first = [v for v in ranked if v in by_id and not G.nodes[v].get("outside")]
    rest = sorted((v for v in inside if v not in first), key=lambda v: (-degree[v], str(v)))
    wanted = (first + rest)[:labels]
    marks = [Box(by_id[v]["x"] - by_id[v]["r"], by_id[v]["y"] - by_id[v]["r"], 2 * by_id[v]["r"],
                 2 * by_id[v]["r"]) for v in wanted]
    placed = place_labels([(short(by_id[v]["name"]), by_id[v]["x"], by_id[v]["y"], by_id[v]["r"])
                           for v in wanted], NET_WIDTH, NET_HEIGHT, taken=marks)
    return NetworkFigure(NET_WIDTH, NET_HEIGHT, edges, nodes, placed,
                         [s for s in (*SECTOR_COLOURS,) if s in sectors])


def bar_chart(rows: list[tuple[str, float, str, str]], *, width: float = 600.0, bar: float = 16.0,
              label_width: float = 250.0) -> BarChart:
    """Horizontal bars for ``(label, value, colour, shown value)`` rows, longest value 100 %."""
    top = max((r[1] for r in rows), default=0) or 1
    room = width - label_width - 60
    bars = []
    for i, (text, value, colour, shown) in enumerate(rows):
        y = i * (bar + 8)
        bars.append({"label": short(text, 40), "y": y, "ty": y + bar * 0.72, "x": label_width,
                     "w": round(max(value / top * room, 0 if value == 0 else 1.5), 1),
                     "h": bar, "colour": colour, "value": shown,
                     "vx": round(label_width + value / top * room + 6, 1)})
    return BarChart(width=width, height=max(len(rows) * (bar + 8), bar), bars=bars)
