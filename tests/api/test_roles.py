"""Every endpoint x every role x an object inside and outside the editor's areas.

``editor10`` may change only what is in Kreis 10 (Höngg is below it); ``reader10`` is limited to
Kreis 10 for reads too. "in" objects are in Höngg, "out" objects in Unterstrass (Kreis 6). The
expected answers are written out by hand in MATRIX, per kind of endpoint; ``OK`` stands for the
endpoint's success status.
"""

from __future__ import annotations

import time

import pytest

from tests.api.conftest import make_api

OK = "ok"
ROLES = [None, "viewer", "editor10", "reader10", "editor", "admin"]

#: kind of endpoint -> role -> (status for the in-area object, for the out-of-area object)
MATRIX = {
    # reads of one object: read-limited accounts do not see objects outside their areas
    "read": {None: (401, 401), "viewer": (OK, OK), "editor10": (OK, OK), "reader10": (OK, 404),
             "editor": (OK, OK), "admin": (OK, OK)},
    # lists and city-wide reference data: everyone with a token (read-limited: filtered)
    "list": {None: (401, 401), "viewer": (OK, OK), "editor10": (OK, OK), "reader10": (OK, OK),
             "editor": (OK, OK), "admin": (OK, OK)},
    # writes to actors and ties: editors within their areas
    "write": {None: (401, 401), "viewer": (403, 403), "editor10": (OK, 403),
              "reader10": (OK, 403), "editor": (OK, OK), "admin": (OK, OK)},
    # changes and deletes of one actor or tie: as writes, but a record a read-limited account
    # may not see is unknown to it (404, no existence oracle), not forbidden
    "change": {None: (401, 401), "viewer": (403, 403), "editor10": (OK, 403),
               "reader10": (OK, 404), "editor": (OK, OK), "admin": (OK, OK)},
    # a new tie to an actor outside: a read-limited account does not know that actor (422
    # unknown_actor, as for an id that does not exist)
    "new tie": {None: (401, 401), "viewer": (403, 403), "editor10": (OK, 403),
                "reader10": (422, 422), "editor": (OK, OK), "admin": (OK, OK)},
    # areas and topics: city-wide editors and admins only
    "reference": {None: (401, 401), "viewer": (403, 403), "editor10": (403, 403),
                  "reader10": (403, 403), "editor": (OK, OK), "admin": (OK, OK)},
    # analyses, invitations and exports asked for an area: read-limited accounts only theirs
    "analysis": {None: (401, 401), "viewer": (OK, OK), "editor10": (OK, OK), "reader10": (OK, 403),
                 "editor": (OK, OK), "admin": (OK, OK)},
    # the audit log: admins only
    "admin": {None: (401, 401), "viewer": (403, 403), "editor10": (403, 403),
              "reader10": (403, 403), "editor": (403, 403), "admin": (OK, OK)},
}

IN_TIE = "cooperates_with:gz-hoengg:qv-hoengg"
OUT_TIE = "funds:sd:qv-unterstrass"

#: name -> (kind, method, (in path, out path), (in body, out body) or None, success status)
ENDPOINTS = {
    "get actor": ("read", "GET", ("/api/v1/actors/qv-hoengg", "/api/v1/actors/qv-unterstrass"),
                  None, 200),
    "list actors": ("list", "GET", ("/api/v1/actors?area=kreis-10", "/api/v1/actors?area=kreis-6"),
                    None, 200),
    "create actor": ("write", "POST", ("/api/v1/actors", "/api/v1/actors"),
                     ({"name": "Neu", "kind": "association", "areas": ["hoengg"]},
                      {"name": "Neu", "kind": "association", "areas": ["unterstrass"]}), 201),
    "change actor": ("change", "PATCH", ("/api/v1/actors/qv-hoengg", "/api/v1/actors/qv-unterstrass"),
                     ({"description": "neu"}, {"description": "neu"}), 200),
    "move actor out": ("change", "PATCH", ("/api/v1/actors/gz-hoengg", "/api/v1/actors/qv-unterstrass"),
                       ({"areas": ["hoengg", "unterstrass"]}, {"areas": ["hoengg"]}), 200),
    "delete actor": ("change", "DELETE", ("/api/v1/actors/qv-hoengg", "/api/v1/actors/qv-unterstrass"),
                     None, 204),
    "get tie": ("read", "GET", (f"/api/v1/ties/{IN_TIE}", f"/api/v1/ties/{OUT_TIE}"), None, 200),
    "list ties": ("read", "GET", ("/api/v1/ties?actor=qv-hoengg", "/api/v1/ties?actor=qv-unterstrass"),
                  None, 200),
    "create tie": ("new tie", "POST", ("/api/v1/ties", "/api/v1/ties"),
                   ({"source": "gz-hoengg", "target": "sd", "kind": "informs"},
                    {"source": "qv-unterstrass", "target": "sd", "kind": "informs"}), 201),
    "change tie": ("change", "PATCH", (f"/api/v1/ties/{IN_TIE}", f"/api/v1/ties/{OUT_TIE}"),
                   ({"weight": 1}, {"weight": 1}), 200),
    "delete tie": ("change", "DELETE", (f"/api/v1/ties/{IN_TIE}", f"/api/v1/ties/{OUT_TIE}"), None, 204),
    "get area": ("list", "GET", ("/api/v1/areas/hoengg", "/api/v1/areas/unterstrass"), None, 200),
    "list areas": ("list", "GET", ("/api/v1/areas", "/api/v1/areas?q=kreis"), None, 200),
    "create area": ("reference", "POST", ("/api/v1/areas", "/api/v1/areas"),
                    ({"id": "x1", "name": "X1", "level": "quartier", "parent": "kreis-10"},
                     {"id": "x2", "name": "X2", "level": "quartier", "parent": "kreis-6"}), 201),
    "change area": ("reference", "PATCH", ("/api/v1/areas/hoengg", "/api/v1/areas/unterstrass"),
                    ({"name": "H"}, {"name": "U"}), 200),
    "delete area": ("reference", "DELETE", ("/api/v1/areas/hoengg", "/api/v1/areas/unterstrass"),
                    None, "in use"),
    "get topic": ("list", "GET", ("/api/v1/topics/alter", "/api/v1/topics/jugend"), None, 200),
    "list topics": ("list", "GET", ("/api/v1/topics", "/api/v1/topics?q=j"), None, 200),
    "create topic": ("reference", "POST", ("/api/v1/topics", "/api/v1/topics"),
                     ({"name": "Wohnen"}, {"name": "Kultur"}), 201),
    "change topic": ("reference", "PATCH", ("/api/v1/topics/alter", "/api/v1/topics/jugend"),
                     ({"name": "A"}, {"name": "J"}), 200),
    "brokers": ("analysis", "GET", ("/api/v1/analyses/brokers?area=kreis-10",
                                    "/api/v1/analyses/brokers?area=kreis-6"), None, 200),
    "isolates": ("analysis", "GET", ("/api/v1/analyses/isolates?area=kreis-10",
                                     "/api/v1/analyses/isolates?area=kreis-6"), None, 200),
    "communities": ("analysis", "GET", ("/api/v1/analyses/communities?area=kreis-10",
                                        "/api/v1/analyses/communities?area=kreis-6"), None, 200),
    "gaps": ("analysis", "GET", ("/api/v1/analyses/gaps?area=kreis-10",
                                 "/api/v1/analyses/gaps?area=kreis-6"), None, 200),
    "ego": ("read", "GET", ("/api/v1/analyses/ego/qv-hoengg", "/api/v1/analyses/ego/qv-unterstrass"),
            None, 200),
    "path": ("read", "GET", ("/api/v1/analyses/path?source=qv-hoengg&target=gz-hoengg",
                             "/api/v1/analyses/path?source=qv-hoengg&target=qv-unterstrass"),
             None, 200),
    "invite": ("analysis", "POST", ("/api/v1/invite", "/api/v1/invite"),
               ({"topics": ["alter"], "areas": ["kreis-10"]},
                {"topics": ["alter"], "areas": ["kreis-6"]}), 200),
    "need": ("analysis", "POST", ("/api/v1/need", "/api/v1/need"),
             ({"topic": "alter", "area": "kreis-10"}, {"topic": "alter", "area": "kreis-6"}), 200),
    "export": ("analysis", "GET", ("/api/v1/exports/json?area=kreis-10",
                                   "/api/v1/exports/json?area=kreis-6"), None, 200),
    "export personal": ("write", "GET", ("/api/v1/exports/json?area=kreis-10&include_personal=true",
                                         "/api/v1/exports/json?area=kreis-6&include_personal=true"),
                        None, 200),
    "import": ("write", "POST", ("/api/v1/imports", "/api/v1/imports"),
               ({"upload": ("a.csv", b"id,name,kind,areas\nneu,Neu,association,hoengg\n")},
                {"upload": ("a.csv", b"id,name,kind,areas\nneu,Neu,association,unterstrass\n")}),
               200),
    "audit": ("admin", "GET", ("/api/v1/audit?record_id=qv-hoengg", "/api/v1/audit?record=tie"),
              None, 200),
}


CASES = [pytest.param(name, role, place, id=f"{name}-{role or 'anonymous'}-{place}")
         for name in ENDPOINTS for role in ROLES for place in ("in", "out")]


@pytest.mark.parametrize(("endpoint", "role", "place"), CASES)
def test_role_matrix(seeded_store, endpoint, role, place):
    kind, method, paths, bodies, success = ENDPOINTS[endpoint]
    i = 0 if place == "in" else 1
    expected = MATRIX[kind][role][i]
    for api in make_api(seeded_store, seeded=True):
        before = api.store.version()
        body = bodies[i] if bodies else None
        if endpoint == "import":
            answer = api.call(method, paths[i], who=role, files=body)
        else:
            answer = api.call(method, paths[i], who=role, json=body)
        if expected == OK:
            if success == "in use":  # allowed, but the area is still used: refused for that
                assert answer.status_code == 409, answer.text
            else:
                assert answer.status_code == success, answer.text
        else:
            assert answer.status_code == expected, answer.text
            assert answer.headers["content-type"] == "application/problem+json"
            assert api.store.version() == before  # a refused call changes nothing


def test_read_limited_lists_show_only_their_areas(api):
    page = api.call("GET", "/api/v1/actors", who="reader10").json()
    assert sorted(a["id"] for a in page["data"]) == ["gz-hoengg", "qv-hoengg"]
    outside = api.call("GET", "/api/v1/actors?area=kreis-6", who="reader10").json()
    assert outside == {"data": [], "count": 0, "offset": 0, "limit": 50}
    assert api.call("GET", "/api/v1/ties", who="reader10").status_code == 403
    city = api.call("GET", "/api/v1/actors", who="editor10").json()
    assert city["count"] == 4  # an editor limited for writes still reads city-wide


def test_revoked_and_unknown_tokens_are_401(seeded_store):
    for api in make_api(seeded_store, seeded=True, QUARTIERNETZ_TOKEN_CACHE_SECONDS=0):
        assert api.call("GET", "/api/v1/actors", who="viewer").status_code == 200
        api.store.revoke_account("viewer")
        answer = api.call("GET", "/api/v1/actors", who="viewer")
        assert answer.status_code == 401 and answer.headers["www-authenticate"] == "Bearer"
        for header in ("Bearer nope", "Basic dXNlcjpwdw==", "Bearer", "qn_test-admin-token"):
            assert api.client.get("/api/v1/actors", headers={"Authorization": header}).status_code == 401


def test_a_revoked_token_stops_working_within_the_cache_time(seeded_store):
    for api in make_api(seeded_store, seeded=True, QUARTIERNETZ_TOKEN_CACHE_SECONDS=0.3):
        assert api.call("GET", "/api/v1/actors", who="viewer").status_code == 200
        api.store.revoke_account("viewer")
        time.sleep(0.35)
        assert api.call("GET", "/api/v1/actors", who="viewer").status_code == 401


def test_a_derived_id_held_by_a_hidden_actor_is_no_oracle(api):
    """A read-limited account creating an actor whose derived id an actor outside its areas
    holds gets the next free id, not a 409 naming the hidden one; an id it can see is 409."""
    outside = {"name": "Jugendtreff Linde", "kind": "institution", "areas": ["unterstrass"]}
    assert api.call("POST", "/api/v1/actors", json=outside).json()["id"] == "jugendtreff-linde"
    mine = {**outside, "areas": ["hoengg"]}
    made = api.call("POST", "/api/v1/actors", who="reader10", json=mine)
    assert made.status_code == 201, made.text
    assert made.json()["id"] == "jugendtreff-linde-2"
    assert "unterstrass" not in made.text
    again = api.call("POST", "/api/v1/actors", who="reader10", json=mine)
    assert again.status_code == 409 and "jugendtreff-linde-2" in again.text
    assert "jugendtreff-linde\"" not in again.text and "unterstrass" not in again.text
    # an account reading the whole city still gets 409 on the derived id itself
    assert api.call("POST", "/api/v1/actors", who="editor", json=mine).status_code == 409
