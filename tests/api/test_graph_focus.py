"""``/api/v1/graph/overview`` and ``/api/v1/graph/neighbourhood/{id}`` on both stores: counts
written by hand for the seeded network (Kreis 10 with Höngg, Kreis 6 with Unterstrass, the
city-wide Soziale Dienste), read scope as on the other graph routes."""

from __future__ import annotations

P = "/api/v1/graph"


def test_overview_counts_areas_and_ties_between_them(api):
    kreise = api.call("GET", f"{P}/overview", who="viewer").json()
    assert kreise["level"] == "kreis"
    assert [(a["id"], a["actors"], a["within"]) for a in kreise["areas"]] == [
        ("kreis-10", 2, 1), ("kreis-6", 1, 0)]  # gz-hoengg -- qv-hoengg inside Kreis 10
    assert kreise["links"] == [{"source": "kreis-10", "target": "kreis-6", "ties": 1}]
    # Soziale Dienste (city-wide) funds Quartierverein Unterstrass
    assert kreise["unassigned"] == 1 and kreise["unassigned_links"] == [{"area": "kreis-6", "ties": 1}]
    quartiere = api.call("GET", f"{P}/overview?level=quartier", who="viewer").json()
    assert [a["id"] for a in quartiere["areas"]] == ["hoengg", "unterstrass"]
    assert quartiere["links"] == [{"source": "hoengg", "target": "unterstrass", "ties": 1}]
    # Höngg lies west of Unterstrass on the city's map (positions from its geometry)
    xy = {a["id"]: a["x"] for a in quartiere["areas"]}
    assert xy["hoengg"] < xy["unterstrass"]
    informs = api.call("GET", f"{P}/overview?tie_kind=funds", who="viewer").json()
    assert informs["links"] == [] and informs["unassigned_links"] == [{"area": "kreis-6", "ties": 1}]
    assert api.call("GET", f"{P}/overview?level=region", who="viewer").status_code == 422


def test_overview_of_a_read_scoped_account_only_its_areas(api):
    answer = api.call("GET", f"{P}/overview?level=quartier", who="reader10")
    assert answer.status_code == 200
    body = answer.json()
    assert [a["id"] for a in body["areas"]] == ["hoengg"] and body["links"] == []
    assert body["actors"] == 2 and answer.headers["X-Quartiernetz-Scope"] == "kreis-10"
    assert b"unterstrass" not in answer.content.lower()


def test_neighbourhood_one_and_two_steps(api):
    one = api.call("GET", f"{P}/neighbourhood/gz-hoengg", who="viewer").json()
    assert {n["id"]: n["hops"] for n in one["nodes"]} == {"gz-hoengg": 0, "qv-hoengg": 1}
    two = api.call("GET", f"{P}/neighbourhood/gz-hoengg?depth=2", who="viewer").json()
    assert {n["id"]: n["hops"] for n in two["nodes"]} == {"gz-hoengg": 0, "qv-hoengg": 1,
                                                          "qv-unterstrass": 2}
    assert len(two["edges"]) == 2 and two["layout"] == "server"
    assert all(n["x"] is not None for n in two["nodes"])
    assert api.call("GET", f"{P}/neighbourhood/gz-hoengg?depth=3", who="viewer").status_code == 422
    # read scope: the partner outside Kreis 10 is not there; an actor outside is unknown
    scoped = api.call("GET", f"{P}/neighbourhood/gz-hoengg?depth=2", who="reader10").json()
    assert {n["id"] for n in scoped["nodes"]} == {"gz-hoengg", "qv-hoengg"}
    assert api.call("GET", f"{P}/neighbourhood/sd", who="reader10").status_code == 404
