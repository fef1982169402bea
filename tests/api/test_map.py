"""``GET /api/v1/map`` on both stores: the shapes with their areas, the areas of other schemes as
their Quartiere, figures equal to what the analysis routes answer, per read scope, cached."""

from __future__ import annotations

import pytest

from api.geo.areas import figures
from graph.analysis import analysis_graph, broker_scores, coordination_gaps, isolated_actors


def test_shapes_areas_and_figures_match_the_analysis_routes(api):
    r = api.call("GET", "/api/v1/map", who="viewer")
    assert r.status_code == 200
    data = r.json()
    assert len(data["quartiere"]) == 34 and len(data["kreise"]) == 12 and data["lake"].endswith("Z")
    by_name = {q["name"]: q for q in data["quartiere"]}
    assert by_name["Höngg"]["area"] == "hoengg" and by_name["Unterstrass"]["area"] == "unterstrass"
    assert by_name["Wipkingen"]["area"] is None  # not an area of this network: drawn, no figures
    assert {k["number"]: k["area"] for k in data["kreise"]}[10] == "kreis-10"
    areas = {a["id"]: a["quartiere"] for a in data["areas"]}
    assert areas == {"zuerich": ["hoengg", "unterstrass"], "kreis-10": ["hoengg"],
                     "kreis-6": ["unterstrass"], "hoengg": ["hoengg"], "unterstrass": ["unterstrass"]}
    f = data["figures"]
    assert set(f) == set(areas)
    # by hand from the seed: Höngg has qv-hoengg and gz-hoengg; the city all four actors
    assert f["hoengg"]["actors"] == 2 and f["zuerich"]["actors"] == 4
    # and as the routes count them
    for area in areas:
        iso = api.call("GET", "/api/v1/analyses/isolates", who="viewer", params={"area": area}).json()
        assert f[area]["isolated"] == len(iso), area
        gaps = api.call("GET", "/api/v1/analyses/gaps", who="viewer", params={"area": area}).json()
        assert f[area]["gaps"] == len(gaps["sectors"]), area
        graph = api.call("GET", "/api/v1/graph", who="viewer", params={"area": area}).json()
        assert f[area]["actors"] == len([n for n in graph["nodes"] if not n["outside"]]), area
    brokers = {b["id"] for b in api.call("GET", "/api/v1/analyses/brokers", who="viewer").json()
               if b["betweenness"] > 0}
    assert brokers  # qv-hoengg lies between gz-hoengg and qv-unterstrass
    assert f["hoengg"]["brokers"] == len(brokers & {"qv-hoengg", "gz-hoengg"})
    assert r.headers.get("X-Quartiernetz-Scope") is None


def test_read_scoped_account_gets_the_shapes_but_figures_only_for_its_areas(api):
    r = api.call("GET", "/api/v1/map", who="reader10")
    assert r.status_code == 200
    data = r.json()
    assert len(data["quartiere"]) == 34  # the city's public geometry
    assert set(data["figures"]) == {"kreis-10", "hoengg"}  # not the city, not Kreis 6
    assert data["figures"]["hoengg"]["actors"] == 2
    assert data["scope"] == ["kreis-10"] and r.headers["X-Quartiernetz-Scope"] == "kreis-10"
    # a city-wide reader's answer is not given to it (nor the other way round)
    assert set(api.call("GET", "/api/v1/map", who="viewer").json()["figures"]) >= {"kreis-6", "zuerich"}


def test_needs_a_token_and_is_computed_once_per_version(api):
    assert api.call("GET", "/api/v1/map", who=None).status_code == 401
    analyses = api.client.app.state.analyses
    api.call("GET", "/api/v1/map", who="viewer")
    before = analyses.computed
    again = api.call("GET", "/api/v1/map", who="editor")
    assert analyses.computed == before  # same version, same scope: from the cache
    r = api.call("POST", "/api/v1/actors", who="editor", json={
        "id": "jugi-hoengg", "name": "Jugendtreff Höngg", "kind": "association", "areas": ["hoengg"]})
    assert r.status_code == 201
    after = api.call("GET", "/api/v1/map", who="viewer").json()
    assert after["figures"]["hoengg"]["actors"] == again.json()["figures"]["hoengg"]["actors"] + 1


def test_figures_on_a_literal_network_by_hand():
    """Expected values by hand: area q with a-b tied (civil society, administration) and c alone
    (institution); forum-free, so every actor also lacks a forum."""
    import networkx as nx

    S = nx.MultiDiGraph(areas={"c": {"id": "c", "level": "city"},
                               "q": {"id": "q", "level": "quartier", "parent": "c"},
                               "r": {"id": "r", "level": "region", "covers": ["q"]}}, topics={})
    for v, sector, kind in (("a", "civil_society", "association"), ("b", "administration", "city_unit"),
                            ("c", "institution", "institution")):
        S.add_node(v, name=v.upper(), kind=kind, sector=sector, areas=["q"], topics=[])
    S.add_edge("a", "b", key="t1", kind="cooperates_with", weight=3, directed=False)
    got = figures(S, ["q", "r", "unknown"])
    assert set(got) == {"q", "r"} and got["q"] == got["r"]
    assert got["q"]["actors"] == 3
    assert got["q"]["isolated"] == len(isolated_actors(S, area="q")) == 3  # all lack a forum
    assert got["q"]["gaps"] == 2  # institution-civil society, institution-administration
    assert got["q"]["gaps"] == len(coordination_gaps(analysis_graph(S), area="q")["sectors"])
    # nobody lies between two others: no broker, though broker_scores ranks all three
    assert got["q"]["brokers"] == 0 and len(broker_scores(analysis_graph(S), top=20)) == 3
    S.add_edge("b", "c", key="t2", kind="informs", weight=1, directed=True)  # b now between a and c
    assert figures(S, ["q"])["q"]["brokers"] == 1


@pytest.mark.parametrize("who", ["viewer", "admin"])
def test_answer_is_the_documented_schema(api, who):
    schema = api.client.app.openapi()["paths"]["/api/v1/map"]["get"]
    assert "200" in schema["responses"]
    data = api.call("GET", "/api/v1/map", who=who).json()
    assert set(data) == {"viewBox", "quartiere", "kreise", "lake", "areas", "figures", "as_of"}


@pytest.mark.parametrize("warm", [True, False])
def test_the_city_wide_map_is_prepared_at_start_when_asked(seeded_sqlite, warm):
    """``create_app(warm=True)`` (as ``quartiernetz serve``): the map's snapshot and figures are
    computed while the server starts, so the first coordinator's map is answered from the cache;
    without it the first request computes them."""
    from fastapi.testclient import TestClient

    from api.app import create_app
    from graph.config import Settings
    from tests.api.conftest import ROLES

    tokens = {name: f"qn_test-{name}-token" for name in ROLES}  # the seeded file's accounts
    app = create_app(Settings(), store=seeded_sqlite, warm=warm)  # type: ignore[call-arg]
    with TestClient(app) as client:
        assert app.state.warmed.wait(30)
        before = app.state.analyses.computed
        assert (before > 0) is warm
        first = client.get("/api/v1/map", headers={"Authorization": f"Bearer {tokens['viewer']}"})
        assert first.status_code == 200 and first.json()["figures"]["hoengg"]["actors"] == 2
        assert (app.state.analyses.computed == before) is warm
