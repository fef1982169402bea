"""``/api/v1/anliegen`` on both stores: a need's life over HTTP, bad input (a step not allowed,
no topic, no area, an unknown actor: 422 naming the field, nothing stored), roles and areas.

The seeded network (tests/api/conftest.py): Kreis 10 with Höngg, Kreis 6 with Unterstrass;
``sd`` (Soziale Dienste) is a city unit of the whole city; ``editor10`` writes in Kreis 10,
``reader10`` reads and writes only there.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

P = "/api/v1/anliegen"
PROBLEM = "application/problem+json"
TODAY = date.today()


def raise_need(api, who="editor", **over):
    body = {"title": "Sitzbänke an der Limmat", "areas": ["hoengg"], "topics": ["alter"],
            "raised_by": "qv-hoengg", "raised_on": (TODAY - timedelta(days=30)).isoformat(),
            **over}
    answer = api.call("POST", P, json=body, who=who)
    assert answer.status_code == 201, answer.text
    return answer.json()


def test_a_need_from_intake_to_answer(api):
    need = raise_need(api)
    assert need["status"] == "neu" and need["age_days"] == 30
    assert api.call("GET", f"{P}/{need['id']}", who="viewer").json()["title"] == need["title"]
    clarified = api.call("POST", f"{P}/{need['id']}/steps", who="editor10",
                         json={"status": "abgeklärt", "confirmed": ["sd"]})
    assert clarified.status_code == 200, clarified.text
    body = clarified.json()
    assert body["status"] == "abgeklaert" and body["confirmed"] == ["sd"]
    assert "sd" in body["proposed"]  # the need finder: a city unit on Alter, city-wide
    handed = api.call("POST", f"{P}/{need['id']}/assign", who="editor10",
                      json={"actors": ["sd"], "note": "an die Sozialen Dienste"})
    assert handed.json()["status"] == "vermittelt" and handed.json()["assigned_to"] == ["sd"]
    api.call("POST", f"{P}/{need['id']}/steps", who="editor10",
             json={"status": "in_bearbeitung", "actor": "sd"})
    done = api.call("POST", f"{P}/{need['id']}/steps", who="editor10",
                    json={"status": "erledigt", "note": "Bänke stehen"}).json()
    assert [s["status"] for s in done["history"]] == [
        "neu", "abgeklaert", "vermittelt", "in_bearbeitung", "erledigt"]
    assert [s["by"] for s in done["history"]] == ["editor"] + ["editor10"] * 4
    times = api.call("GET", f"{P}/response-times", who="viewer").json()
    assert [(t["actor"], t["handed"], t["answered"], t["median_days"]) for t in times] == [
        ("sd", 1, 1, 0)]
    listed = api.call("GET", P, params={"open": "true"}, who="viewer").json()
    assert listed["count"] == 0
    listed = api.call("GET", P, params={"status": "erledigt", "area": "kreis-10"},
                      who="viewer").json()
    assert [n["id"] for n in listed["data"]] == [need["id"]]


@pytest.mark.parametrize(("body", "field", "code"), [
    ({"topics": []}, "topics", "missing"),
    ({"areas": []}, "areas", "missing"),
    ({"raised_by": "niemand"}, "raised_by", "unknown_actor"),
    ({"areas": ["atlantis"]}, "areas", "unknown_area"),
])
def test_bad_need_is_422_naming_the_field_and_nothing_stored(api, body, field, code):
    version = api.store.version()
    answer = api.call("POST", P, json={"title": "Treffpunkt", "areas": ["hoengg"],
                                       "topics": ["alter"], **body}, who="editor")
    assert answer.status_code == 422 and answer.headers["content-type"] == PROBLEM
    assert [(e["code"], e["field"]) for e in answer.json()["errors"]] == [(code, field)]
    assert api.store.all_needs() == [] and api.store.version() == version


def test_a_step_not_allowed_is_422_naming_from_to_and_allowed(api):
    need = raise_need(api)
    answer = api.call("POST", f"{P}/{need['id']}/steps", json={"status": "erledigt"})
    assert answer.status_code == 422
    (error,) = answer.json()["errors"]
    def status(code):  # a status as a message of the catalogue (context need_status)
        return {"code": code, "params": {}, "context": "need_status"}

    assert (error["code"], error["field"], error["params"]) == (
        "need_step_not_allowed", "status",
        {"from_status": status("neu"), "to_status": status("erledigt"),
         "allowed": {"items": [status("abgeklaert"), status("nicht_umsetzbar")]}})
    assert error["message"] == ("Schritt von «neu» nach «erledigt» ist nicht erlaubt; von «neu» aus "
                                "möglich: abgeklärt und nicht umsetzbar")
    assert api.call("GET", f"{P}/{need['id']}").json()["history"] == need["history"]


def test_assigning_an_unknown_actor_is_422_and_keeps_the_need(api):
    need = raise_need(api)
    api.call("POST", f"{P}/{need['id']}/steps", json={"status": "abgeklaert"})
    answer = api.call("POST", f"{P}/{need['id']}/assign", json={"actors": ["niemand"]})
    assert answer.status_code == 422
    assert [(e["code"], e["field"]) for e in answer.json()["errors"]] == [
        ("unknown_actor", "assigned")]
    assert api.call("GET", f"{P}/{need['id']}").json()["status"] == "abgeklaert"


def test_if_match_and_etag(api):
    need = raise_need(api)
    got = api.call("GET", f"{P}/{need['id']}")
    tag = got.headers["etag"]
    moved = api.call("POST", f"{P}/{need['id']}/steps", json={"status": "abgeklaert"},
                     headers={"If-Match": tag})
    assert moved.status_code == 200 and moved.headers["etag"] != tag
    stale = api.call("PATCH", f"{P}/{need['id']}", json={"follow_up": "2030-01-01"},
                     headers={"If-Match": tag})
    assert stale.status_code == 412
    assert api.call("GET", f"{P}/{need['id']}").json()["follow_up"] is None


def test_roles_and_areas(api):
    assert api.call("POST", P, json={"title": "x", "areas": ["hoengg"], "topics": ["alter"]},
                    who="viewer").status_code == 403
    refused = api.call("POST", P, who="editor10", json={
        "title": "Spielplatz", "areas": ["unterstrass"], "topics": ["jugend"]})
    assert refused.status_code == 403 and api.store.all_needs() == []
    outside = raise_need(api, areas=["unterstrass"], raised_by="qv-unterstrass")
    assert api.call("POST", f"{P}/{outside['id']}/steps", who="editor10",
                    json={"status": "abgeklaert"}).status_code == 403
    inside = raise_need(api)
    # a read-scoped account sees only needs of its areas: one outside is an unknown id
    listed = api.call("GET", P, who="reader10").json()
    assert [n["id"] for n in listed["data"]] == [inside["id"]]
    hidden = api.call("GET", f"{P}/{outside['id']}", who="reader10")
    unknown = api.call("GET", f"{P}/anliegen-unbekannt", who="reader10")
    assert hidden.status_code == unknown.status_code == 404
    # and may not name an actor it cannot read: as unknown as an unknown id
    api.call("POST", f"{P}/{inside['id']}/steps", who="reader10", json={"status": "abgeklaert"})
    a = api.call("POST", f"{P}/{inside['id']}/assign", who="reader10",
                 json={"actors": ["qv-unterstrass"]})
    b = api.call("POST", f"{P}/{inside['id']}/assign", who="reader10",
                 json={"actors": ["niemand"]})
    assert a.status_code == b.status_code == 422
    assert a.json()["errors"][0]["field"] == b.json()["errors"][0]["field"] == "assigned"


def test_gaps_list_open_needs_without_a_responsible_actor(api):
    # nobody works on Jugend as a city unit in Unterstrass... but sd is city-wide on Jugend:
    # add a topic no unit covers
    api.call("POST", "/api/v1/topics", json={"id": "wohnen", "name": "Wohnen"}, who="admin")
    gap = raise_need(api, topics=["wohnen"], title="Mieten zu hoch")
    raise_need(api)  # Alter: sd is responsible
    rows = api.call("GET", f"{P}/gaps", who="viewer").json()
    assert [(r["id"], r["title"]) for r in rows] == [(gap["id"], "Mieten zu hoch")]
