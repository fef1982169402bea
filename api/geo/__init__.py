"""Zurich's map as SVG: the city's own geometry, decoded and projected without a build step.

The geometry is Statistik Stadt Zürich's TopoJSON from the npm package ``sszvis`` (vendored in
``api/geo/data/``, BSD-3-Clause; see its README). This module

- decodes TopoJSON (:func:`decode`): quantized arcs are delta-encoded integer positions; the
  ``transform`` turns them into longitude/latitude; a ring lists arc indices, ``~i`` (that is
  ``-i - 1``) meaning arc ``i`` walked backwards, and consecutive arcs share their end point;
- projects longitude/latitude to SVG user units (:class:`Projection`): the city spans 0.18 deg
  of longitude and 0.11 deg of latitude, so an equirectangular projection whose x is scaled by
  the cosine of the mid latitude (about 0.68) keeps shapes and relative areas within a fraction
  of a percent of a conformal projection; y grows southwards, as SVG's does;
- gives the shapes the browser draws (:func:`city_map`): the 34 statistische Quartiere and the
  12 Kreise with the numbers and names of the city's register, and the lake, as SVG path
  strings (each ring one closed subpath ``M ... Z``).

Quartiere and Kreise are matched to area ids (the Zurich sample's: ``slugify`` of the Quartier's
name, ``kreis-N``) in :mod:`api.geo.areas`.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

#: The vendored TopoJSON (see ``api/geo/data/README.md``).
TOPOJSON = "stadt-zurich.json"
#: Width of the SVG's viewBox in user units (the height follows from the projection).
WIDTH = 1000.0

Ring = list[tuple[float, float]]
Polygon = list[Ring]  # the outer ring first, then holes


@lru_cache(maxsize=1)
def topology() -> dict[str, Any]:
    """The vendored TopoJSON document, as parsed JSON (read once)."""
    text = (resources.files("api.geo") / "data" / TOPOJSON).read_text("utf-8")
    return json.loads(text)  # type: ignore[no-any-return]


def decode_arcs(topo: dict[str, Any]) -> list[Ring]:
    """Every arc as longitude/latitude points: cumulative sums of the quantized deltas, then
    ``transform`` (scale, translate); an unquantized topology's arcs are taken as they are."""
    transform = topo.get("transform")
    arcs: list[Ring] = []
    for arc in topo["arcs"]:
        if transform is None:
            arcs.append([(float(p[0]), float(p[1])) for p in arc])
            continue
        (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
        x = y = 0
        points: Ring = []
        for dx, dy, *_ in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring(arcs: list[Ring], indices: list[int]) -> Ring:
    """The ring made of these arcs (``~i`` walks arc ``i`` backwards); each arc after the first
    starts where the previous one ended, so its first point is dropped."""
    points: Ring = []
    for k, i in enumerate(indices):
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]
        points.extend(arc if k == 0 else arc[1:])
    return points


def decode(topo: dict[str, Any], name: str) -> list[tuple[dict[str, Any], list[Polygon]]]:
    """The geometries of object ``name``: (properties, polygons) for each Polygon or
    MultiPolygon, in the object's order (lines and points are left out)."""
    arcs = decode_arcs(topo)
    out = []
    for geometry in topo["objects"][name]["geometries"]:
        kind = geometry.get("type")
        if kind == "Polygon":
            polygons = [[ring(arcs, r) for r in geometry["arcs"]]]
        elif kind == "MultiPolygon":
            polygons = [[ring(arcs, r) for r in poly] for poly in geometry["arcs"]]
        else:
            continue
        out.append((geometry.get("properties") or {}, polygons))
    return out


def ring_area(points: Ring) -> float:
    """The signed area of a closed ring (shoelace formula), in the points' units squared."""
    return 0.5 * sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1],
                                                                     strict=True))


def polygon_area(polygons: list[Polygon]) -> float:
    """The area of polygons with holes: each outer ring's area less its holes'."""
    return sum(abs(ring_area(p[0])) - sum(abs(ring_area(h)) for h in p[1:]) for p in polygons)


@dataclass(frozen=True)
class Projection:
    """Equirectangular, x scaled by ``cos(mid latitude)``, fitted to :data:`WIDTH` units wide.

    Good enough for one city (a few kilometres): the scale error between the north and south
    edges is below 0.2 %, far less than a pixel of the drawn map.
    """

    west: float
    north: float
    cos_lat: float
    scale: float
    height: float

    @classmethod
    def fit(cls, bbox: list[float], width: float = WIDTH) -> Projection:
        west, south, east, north = bbox
        cos_lat = math.cos(math.radians((south + north) / 2))
        scale = width / ((east - west) * cos_lat)
        return cls(west, north, cos_lat, scale, (north - south) * scale)

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        return ((lon - self.west) * self.cos_lat * self.scale, (self.north - lat) * self.scale)


def svg_path(polygons: list[Polygon], project: Projection) -> str:
    """One SVG path: every ring a subpath ``M x,y L ... Z`` (the repeated closing point of a
    TopoJSON ring dropped: ``Z`` closes it), coordinates with one decimal."""
    parts = []
    for polygon in polygons:
        for points in polygon:
            if len(points) > 1 and points[0] == points[-1]:
                points = points[:-1]
            xy = [project(lon, lat) for lon, lat in points]
            parts.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in xy) + "Z")
    return "".join(parts)


def _centre(polygons: list[Polygon], project: Projection) -> tuple[float, float]:
    """Where a label goes: the area-weighted centroid of the outer rings, projected."""
    ax = ay = total = 0.0
    for polygon in polygons:
        pts = [project(lon, lat) for lon, lat in polygon[0]]
        a = ring_area(pts)
        if a == 0:
            continue
        cx = sum((x0 + x1) * (x0 * y1 - x1 * y0) for (x0, y0), (x1, y1) in zip(pts, pts[1:] + pts[:1],
                                                                                strict=True))
        cy = sum((y0 + y1) * (x0 * y1 - x1 * y0) for (x0, y0), (x1, y1) in zip(pts, pts[1:] + pts[:1],
                                                                                strict=True))
        ax += cx / 6
        ay += cy / 6
        total += a
    return (round(ax / total, 1), round(ay / total, 1)) if total else (0.0, 0.0)


@lru_cache(maxsize=1)
def city_map() -> dict[str, Any]:
    """The shapes of the map, projected: ``viewBox``, ``quartiere`` (number, name, kreis,
    path, centre), ``kreise`` (number, name, path) and ``lake`` (path), each list sorted by
    number. Computed once per process (about 20 ms)."""
    topo = topology()
    project = Projection.fit(topo["bbox"])
    quartiere = []
    for props, polygons in decode(topo, "statistische_quartiere"):
        quartiere.append({"number": int(props["Quartiernummer"]), "name": props["Quartiername"],
                          "kreis": int(props["Kreisnummer"]), "path": svg_path(polygons, project),
                          "centre": list(_centre(polygons, project))})
    kreise = [{"number": int(props["Kreisnummer"]), "name": props["Kreisname"],
               "path": svg_path(polygons, project)}
              for props, polygons in decode(topo, "stadtkreise")]
    lake = "".join(svg_path(polygons, project) for _, polygons in decode(topo, "lakezurich"))
    return {"viewBox": f"0 0 {WIDTH:g} {project.height:.1f}",
            "quartiere": sorted(quartiere, key=lambda q: q["number"]),
            "kreise": sorted(kreise, key=lambda k: k["number"]), "lake": lake}
