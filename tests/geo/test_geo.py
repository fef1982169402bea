"""The vendored geometry of Zurich, decoded and projected (api.geo), and matched to the sample's
areas (api.geo.areas)."""

from __future__ import annotations

import math
import re
from importlib import resources

import pytest

from api.geo import Projection, city_map, decode, polygon_area, ring_area, svg_path, topology
from api.geo.areas import match, quartiere_of
from loaders.sample.facts import areas_of, data_dir

SUBPATH = re.compile(r"M[^MZ]+Z")


def test_vendored_file_and_licence_ship_with_the_package():
    data = resources.files("api.geo") / "data"
    assert "Statistik Stadt Zürich" in (data / "LICENSE-sszvis").read_text("utf-8")
    assert "sszvis 2.6.8" in (data / "README.md").read_text("utf-8")
    assert set(topology()["objects"]) >= {"statistische_quartiere", "stadtkreise", "lakezurich"}


def test_34_quartiere_12_kreise_and_the_lake_every_path_closed():
    shapes = city_map()
    assert [q["number"] for q in shapes["quartiere"]][:4] == [11, 12, 13, 14]
    assert len(shapes["quartiere"]) == 34 and len({q["name"] for q in shapes["quartiere"]}) == 34
    assert [k["number"] for k in shapes["kreise"]] == list(range(1, 13))
    for shape in [*shapes["quartiere"], *shapes["kreise"], {"path": shapes["lake"]}]:
        path = shape["path"]
        assert path.startswith("M") and path.endswith("Z")
        assert "".join(SUBPATH.findall(path)) == path  # nothing but closed subpaths
    # inside the viewBox
    _, _, width, height = map(float, shapes["viewBox"].split())
    numbers = [float(n) for q in shapes["quartiere"] for n in re.findall(r"-?\d+\.\d", q["path"])]
    assert min(numbers) >= -0.1 and max(numbers) <= max(width, height) + 0.1


def test_decoded_rings_are_closed_and_fill_the_bounding_box():
    topo = topology()
    west, south, east, north = topo["bbox"]
    points = []
    for _, polygons in decode(topo, "stadtkreise"):
        for polygon in polygons:
            for ring in polygon:
                assert ring[0] == pytest.approx(ring[-1], abs=1e-12)  # TopoJSON rings repeat the start
                points += ring
    # the city's extent is the topology's bbox, to within two quantization steps (about 25 m)
    sx, sy = (2 * s for s in topo["transform"]["scale"])
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    assert min(lons) == pytest.approx(west, abs=sx) and max(lons) == pytest.approx(east, abs=sx)
    assert min(lats) == pytest.approx(south, abs=sy) and max(lats) == pytest.approx(north, abs=sy)


def test_each_kreis_has_the_area_of_its_quartiere():
    """Second source: the TopoJSON's own ``stadtkreise`` polygons against the sum of the
    ``statistische_quartiere`` of each Kreis (the Quartiere tile their Kreis)."""
    topo = topology()
    by_kreis: dict[int, float] = {}
    for props, polygons in decode(topo, "statistische_quartiere"):
        n = int(props["Kreisnummer"])
        by_kreis[n] = by_kreis.get(n, 0.0) + polygon_area(polygons)
    kreise = {int(p["Kreisnummer"]): polygon_area(polys) for p, polys in decode(topo, "stadtkreise")}
    assert sorted(kreise) == list(range(1, 13))
    for n, area in kreise.items():
        assert by_kreis[n] == pytest.approx(area, rel=1e-3), f"Kreis {n}"
    # and the city's size in km2 (spherical Earth): the Kreise reach into the lake, so a little
    # more than its 87.9 km2 of land (BFS)
    km2 = sum(kreise.values()) * (math.pi / 180 * 6371.0) ** 2 * math.cos(math.radians(47.377))
    assert 88 < km2 < 95


def test_projection_keeps_relative_areas_and_orientation():
    """A square degree-box near Zurich keeps its true shape ratio: width = cos(lat) * height."""
    p = Projection.fit([8.4, 47.3, 8.6, 47.5], width=1000)
    (x0, y0), (x1, y1) = p(8.4, 47.5), p(8.6, 47.3)
    assert (x0, y0) == pytest.approx((0, 0))
    assert x1 == pytest.approx(1000) and y1 / x1 == pytest.approx(1 / math.cos(math.radians(47.4)))
    square = [[[(8.4, 47.3), (8.5, 47.3), (8.5, 47.4), (8.4, 47.4), (8.4, 47.3)]]]
    assert svg_path(square, p).count("L") == 3  # the repeated closing point left to Z
    assert ring_area([(0, 0), (1, 0), (1, 1), (0, 1)]) == 1.0  # counter-clockwise: positive


def test_all_quartiere_and_kreise_map_to_areas_of_the_zurich_sample():
    rows, _ = areas_of(data_dir())
    areas = {a["id"]: a for a in rows}
    shapes = city_map()
    q_ids, k_ids = match(shapes["quartiere"], shapes["kreise"], areas)
    assert len(q_ids) == 34 and len(set(q_ids.values())) == 34
    assert all(areas[a]["level"] == "quartier" for a in q_ids.values())
    assert k_ids == {n: f"kreis-{n}" for n in range(1, 13)}
    assert q_ids[101] == "hoengg" and q_ids[102] == "wipkingen"  # accents: the sample's slugs
    # each Quartier lies in the Kreis the city's register says
    for q in shapes["quartiere"]:
        assert areas[q_ids[q["number"]]]["parent"] == f"kreis-{q['kreis']}"
    covered = quartiere_of(areas, q_ids.values())
    assert covered["kreis-10"] == ["hoengg", "wipkingen"]
    assert len(covered["zuerich"]) == 34
    # every area of the other schemes is drawn as the Quartiere it covers
    regions = [a for a in rows if a["level"] == "region"]
    assert regions and all(covered.get(a["id"]) for a in regions)
    assert {"sozialregionen", "schulkreise", "quartierkoordination"} <= {a["scheme"] for a in regions}


def test_an_area_named_otherwise_is_matched_by_name_and_kreis_number():
    shapes = city_map()
    areas = {"q-hoengg": {"id": "q-hoengg", "name": "HÖNGG", "level": "quartier"},
             "district-10": {"id": "district-10", "name": "Kreis 10 (Höngg, Wipkingen)", "level": "kreis"},
             "k1": {"id": "k1", "name": "Kreis 1", "level": "kreis"}}
    q_ids, k_ids = match(shapes["quartiere"], shapes["kreise"], areas)
    assert q_ids == {101: "q-hoengg"}
    assert k_ids == {10: "district-10", 1: "k1"}  # "Kreis 1" is not taken for Kreis 10, 11, 12
