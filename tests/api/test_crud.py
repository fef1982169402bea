"""CRUD, lists, errors as problem+json: on both stores (the whole flow a client uses)."""

from __future__ import annotations

import pytest

from tests.api.conftest import CONTACT, make_api

PROBLEM = "application/problem+json"


def test_health_and_version_need_no_token_and_say_which_store(any_api):
    health = any_api.call("GET", "/api/v1/health", who=None)
    assert health.status_code == 200
    body = health.json()
    assert body["status"] == "ok" and body["latency_ms"] >= 0
    assert body["store"] == any_api.store.backend
    version = any_api.call("GET", "/version", who=None).json()
    assert version["api"] == "v1" and version["store_version"] == any_api.store.version()
    assert version["kernel"] == "c"  # built by pip install (make test installs the package)


def test_actor_lifecycle_create_read_list_change_delete(any_api):
    new = {"name": "Elterngruppe Höngg", "kind": "Bewohnergruppe", "areas": ["hoengg"],
           "topics": ["jugend"], "tags": ["eltern"]}
    created = any_api.call("POST", "/api/v1/actors", json=new, who="editor10")
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["id"] == "elterngruppe-hoengg"  # derived from the name
    assert body["kind"] == "resident_group" and body["sector"] == "population"
    assert created.headers["location"] == "/api/v1/actors/elterngruppe-hoengg"

    got = any_api.call("GET", "/api/v1/actors/elterngruppe-hoengg", who="viewer").json()
    assert got["name"] == "Elterngruppe Höngg" and got["created_at"]

    found = any_api.call("GET", "/api/v1/actors", params={"q": "hongg", "kind": "resident_group"},
                         who="viewer").json()
    assert [a["id"] for a in found["data"]] == ["elterngruppe-hoengg"] and found["count"] == 1

    changed = any_api.call("PATCH", "/api/v1/actors/elterngruppe-hoengg",
                           json={"description": "trifft sich im GZ"}, who="editor10")
    assert changed.status_code == 200, changed.text
    assert changed.json()["description"] == "trifft sich im GZ"
    assert changed.json()["topics"] == ["jugend"]  # untouched fields stay

    assert any_api.call("DELETE", "/api/v1/actors/elterngruppe-hoengg", who="editor10").status_code == 204
    gone = any_api.call("GET", "/api/v1/actors/elterngruppe-hoengg", who="viewer")
    assert gone.status_code == 404
    assert gone.headers["content-type"] == PROBLEM
    assert gone.json()["errors"][0]["id"] == "elterngruppe-hoengg"


def test_lists_filter_by_area_below_and_page_with_a_total(any_api):
    page = any_api.call("GET", "/api/v1/actors", params={"area": "kreis-10", "limit": 1}).json()
    assert page["count"] == 2 and len(page["data"]) == 1
    assert page["data"][0]["id"] == "gz-hoengg"  # by name: "GZ Höngg" < "Quartierverein Höngg"
    second = any_api.call("GET", "/api/v1/actors",
                          params={"area": "kreis-10", "limit": 1, "offset": 1}).json()
    assert [a["id"] for a in second["data"]] == ["qv-hoengg"]
    ties = any_api.call("GET", "/api/v1/ties", params={"actor": "qv-hoengg"}).json()
    assert sorted(t["id"] for t in ties["data"]) == ["cooperates_with:gz-hoengg:qv-hoengg",
                                                     "informs:qv-hoengg:qv-unterstrass"]
    areas = any_api.call("GET", "/api/v1/areas", params={"q": "kreis"}).json()
    assert [a["id"] for a in areas["data"]] == ["kreis-10", "kreis-6"] and areas["count"] == 2


def test_ties_areas_topics_crud_and_conflicts(any_api):
    tie = {"source": "qv-unterstrass", "target": "gz-hoengg", "kind": "cooperates_with",
           "since": "01.05.2024"}
    created = any_api.call("POST", "/api/v1/ties", json=tie)
    assert created.status_code == 201, created.text
    assert created.json()["id"] == "cooperates_with:gz-hoengg:qv-unterstrass"  # ends sorted
    assert created.json()["since"] == "2024-05-01" and created.json()["weight"] == 3
    again = any_api.call("POST", "/api/v1/ties", json=tie)
    assert again.status_code == 409 and again.json()["code"] == "duplicate"
    changed = any_api.call("PATCH", "/api/v1/ties/cooperates_with:gz-hoengg:qv-unterstrass",
                           json={"weight": 5})
    assert changed.json()["weight"] == 5 and changed.json()["since"] == "2024-05-01"
    assert any_api.call("DELETE", "/api/v1/ties/cooperates_with:gz-hoengg:qv-unterstrass").status_code == 204

    assert any_api.call("POST", "/api/v1/topics", json={"name": "Wohnen"}).json()["id"] == "wohnen"
    patched = any_api.call("PATCH", "/api/v1/topics/wohnen", json={"description": "x"})
    assert patched.json()["description"] == "x"
    in_use = any_api.call("DELETE", "/api/v1/topics/alter")
    assert in_use.status_code == 409 and in_use.json()["code"] == "in_use"
    assert any_api.call("DELETE", "/api/v1/topics/wohnen").status_code == 204
    area = {"id": "wipkingen", "name": "Wipkingen", "level": "quartier", "parent": "kreis-10"}
    assert any_api.call("POST", "/api/v1/areas", json=area).status_code == 201
    assert any_api.call("DELETE", "/api/v1/areas/kreis-10").status_code == 409
    assert any_api.call("DELETE", "/api/v1/areas/wipkingen").status_code == 204


def test_store_validation_is_a_422_naming_record_id_and_field(any_api):
    bad = {"id": "neu", "name": "Neu", "kind": "association", "areas": ["kreis-99"]}
    answer = any_api.call("POST", "/api/v1/actors", json=bad)
    assert answer.status_code == 422 and answer.headers["content-type"] == PROBLEM
    (problem,) = answer.json()["errors"]
    assert (problem["code"], problem["record"], problem["id"], problem["field"]) == (
        "unknown_area", "actor", "neu", "areas")
    assert "kreis-99" in problem["message"]
    tie = {"source": "qv-hoengg", "target": "nobody", "kind": "member_of"}
    codes = {e["code"] for e in any_api.call("POST", "/api/v1/ties", json=tie).json()["errors"]}
    assert "unknown_actor" in codes


@pytest.mark.parametrize("body", [
    {"id": "other", "name": "x"},                       # the id cannot change
    {"created_at": "2020-01-01T00:00:00Z"},             # read-only
    {"sector": "private"},                              # derived
    {"role": "admin"},                                  # not a field at all
])
def test_mass_assignment_unknown_or_read_only_fields_are_422(api, body):
    answer = api.call("PATCH", "/api/v1/actors/gz-hoengg", json=body)
    assert answer.status_code == 422
    assert {e["code"] for e in answer.json()["errors"]} == {"extra_field"}
    assert api.store.get_actor("gz-hoengg").name == "GZ Höngg"


def test_mass_assignment_on_create_and_ties(api):
    actor = {"name": "Neu", "kind": "association", "created_at": "2020-01-01T00:00:00Z"}
    assert api.call("POST", "/api/v1/actors", json=actor).status_code == 422
    tie_change = {"source": "sd"}
    assert api.call("PATCH", "/api/v1/ties/cooperates_with:gz-hoengg:qv-hoengg",
                    json=tie_change).status_code == 422
    account = {"name": "x", "kind": "association", "role": "admin"}
    assert api.call("POST", "/api/v1/actors", json=account).status_code == 422
    assert api.store.list_actors(q="neu").total == 0


def test_contact_only_for_editors_who_ask(api):
    plain = api.call("GET", "/api/v1/actors/qv-hoengg", who="admin").json()
    assert plain["contact"] is None
    asked = api.call("GET", "/api/v1/actors/qv-hoengg", params={"include_personal": True}).json()
    assert asked["contact"]["email"] == CONTACT["email"]
    refused = api.call("GET", "/api/v1/actors/qv-hoengg", params={"include_personal": True},
                       who="viewer")
    assert refused.status_code == 403
    listed = api.call("GET", "/api/v1/actors", who="viewer").json()
    assert all(a["contact"] is None for a in listed["data"])


def test_bad_requests_are_problems_not_500(api):
    cases = [
        ("GET", "/api/v1/actors", {"params": {"limit": 0}}, 422),
        ("GET", "/api/v1/actors", {"params": {"offset": -1}}, 422),
        ("GET", "/api/v1/actors", {"params": {"area": "kreis-99"}}, 404),
        ("GET", "/api/v1/actors", {"params": {"kind": "castle"}}, 422),
        ("POST", "/api/v1/actors",
         {"content": b"{not json", "headers": {"content-type": "application/json"}}, 422),
        ("GET", "/api/v1/actors/NOT%20A%20SLUG", {}, 422),
        ("DELETE", "/api/v1/health", {}, 405),
        ("GET", "/api/v1/nothing-here", {}, 404),
    ]
    for method, path, kwargs, status in cases:
        answer = api.call(method, path, **kwargs)
        assert answer.status_code == status, (method, path, answer.text)
        assert answer.headers["content-type"] == PROBLEM
        assert answer.json()["status"] == status


def test_page_size_is_capped(seeded_store):
    for api in make_api(seeded_store, seeded=True, QUARTIERNETZ_MAX_PAGE_SIZE=2):
        page = api.call("GET", "/api/v1/actors", params={"limit": 1000}).json()
        assert page["limit"] == 2 and len(page["data"]) == 2 and page["count"] == 4


def test_body_over_the_limit_is_413_before_it_is_read(seeded_store):
    for api in make_api(seeded_store, seeded=True, QUARTIERNETZ_MAX_BODY_BYTES=1000):
        big = {"name": "x", "kind": "association", "description": "y" * 5000}
        answer = api.call("POST", "/api/v1/actors", json=big)
        assert answer.status_code == 413 and answer.headers["content-type"] == PROBLEM

        def chunks():  # no Content-Length: counted as it arrives
            for _ in range(10):
                yield b"x" * 500

        streamed = api.call("POST", "/api/v1/actors", content=chunks(),
                            headers={"content-type": "application/json"})
        assert streamed.status_code == 413
        assert api.store.list_actors(q="x").total == 0
