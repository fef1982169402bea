"""The memory over HTTP on both stores: meetings, contacts, suggested ties, Kontaktpflege,
forum health, with roles, area scopes and bad input (422, nothing stored)."""

from __future__ import annotations

from datetime import date, timedelta

P = "/api/v1"


def _meeting(api, day, *people, who="editor", **extra):
    return api.call("POST", f"{P}/meetings", who=who,
                    json={"date": day, "title": "Vernetzung", "participants": list(people), **extra})


def test_an_editor_records_a_meeting_and_everyone_lists_it(api):
    answer = _meeting(api, "2026-03-04", "gz-hoengg", "sd", topics=["alter"])
    assert answer.status_code == 201, answer.text
    body = answer.json()
    assert (body["participants"], body["recorded_by"], body["topics"]) == (
        ["gz-hoengg", "sd"], "editor", ["alter"])
    listed = api.call("GET", f"{P}/meetings?actor=sd", who="viewer").json()
    assert (listed["count"], listed["data"][0]["id"]) == (1, body["id"])
    assert api.call("GET", f"{P}/meetings?actor=qv-hoengg", who="viewer").json()["count"] == 0


def test_bad_meetings_are_422_naming_the_field_and_store_nothing(api):
    version = api.store.version()
    future = (date.today() + timedelta(days=3)).isoformat()
    answer = _meeting(api, future, "gz-hoengg")
    assert answer.status_code == 422
    assert {e["field"] for e in answer.json()["errors"]} == {"date", "participants"}
    unknown = _meeting(api, "2026-03-04", "gz-hoengg", "niemand", forum="sd")
    assert unknown.status_code == 422
    assert {(e["code"], e["field"]) for e in unknown.json()["errors"]} == {
        ("unknown_actor", "participants"), ("not_a_forum", "forum")}
    extra = api.call("POST", f"{P}/meetings", json={"date": "2026-03-04", "title": "x",
                                                    "participants": ["sd", "gz-hoengg"],
                                                    "secret": 1})
    assert extra.status_code == 422
    assert api.store.version() == version
    assert api.call("GET", f"{P}/meetings").json()["count"] == 0


def test_a_viewer_may_not_record_and_an_area_editor_only_with_an_actor_of_its_areas(api):
    assert _meeting(api, "2026-03-04", "gz-hoengg", "sd", who="viewer").status_code == 403
    outside = _meeting(api, "2026-03-04", "qv-unterstrass", "sd", who="editor10")
    assert outside.status_code == 403
    assert _meeting(api, "2026-03-04", "qv-hoengg", "sd", who="editor10").status_code == 201


def test_a_contact_keeps_its_note_and_is_hidden_outside_a_read_scope(api):
    made = api.call("POST", f"{P}/contacts", json={
        "date": "2026-03-04", "kind": "telefon", "actors": ["qv-unterstrass"],
        "note": "Abklärung Mittagstisch"})
    assert made.status_code == 201, made.text
    assert made.json()["note"] == "Abklärung Mittagstisch"
    assert api.call("GET", f"{P}/contacts").json()["count"] == 1
    scoped = api.call("GET", f"{P}/contacts", who="reader10")
    assert scoped.json()["count"] == 0 and "unterstrass" not in scoped.text.lower()
    # an actor outside the read scope is answered as an unknown one
    hidden = api.call("POST", f"{P}/contacts", who="reader10", json={
        "date": "2026-03-04", "kind": "mail", "actors": ["qv-unterstrass"]})
    unknown = api.call("POST", f"{P}/contacts", who="reader10", json={
        "date": "2026-03-04", "kind": "mail", "actors": ["zz-unbekannt"]})
    assert (hidden.status_code, unknown.status_code) == (422, 422)
    assert hidden.json()["errors"][0]["code"] == unknown.json()["errors"][0]["code"] == "unknown_actor"
    bad_kind = api.call("POST", f"{P}/contacts", json={
        "date": "2026-03-04", "kind": "brief", "actors": ["sd"]})
    assert bad_kind.status_code == 422 and bad_kind.json()["errors"][0]["field"] == "kind"


def test_suggestion_confirmed_over_http_becomes_a_tie_with_provenance(api):
    for day in ("2026-03-04", "2026-04-01", "2026-05-06"):
        assert _meeting(api, day, "gz-hoengg", "sd").status_code == 201
    found = api.call("GET", f"{P}/ties/suggested", who="viewer").json()
    assert [(s["id"], s["evidence"], s["since"], s["text"]) for s in found] == [
        ("gz-hoengg+sd", 3, "2026-03-04", "3 gemeinsame Sitzungen seit März 2026")]
    assert api.call("POST", f"{P}/ties/suggested/gz-hoengg+sd/confirm",
                    who="viewer").status_code == 403
    tie = api.call("POST", f"{P}/ties/suggested/gz-hoengg+sd/confirm", who="editor")
    assert tie.status_code == 201, tie.text
    assert (tie.json()["id"], tie.json()["method"], tie.json()["asserted_by"]) == (
        "cooperates_with:gz-hoengg:sd", "evidence", "editor")
    assert api.call("GET", f"{P}/ties/suggested").json() == []
    again = api.call("POST", f"{P}/ties/suggested/gz-hoengg+sd/confirm", who="editor")
    assert again.status_code == 404


def test_a_dismissed_suggestion_is_gone_until_new_evidence(api):
    for day in ("2026-03-04", "2026-04-01", "2026-05-06"):
        _meeting(api, day, "qv-hoengg", "sd")
    assert api.call("POST", f"{P}/ties/suggested/qv-hoengg+sd/dismiss",
                    who="editor").status_code == 200
    assert api.call("GET", f"{P}/ties/suggested").json() == []
    _meeting(api, "2026-06-01", "qv-hoengg", "sd")
    assert [s["evidence"] for s in api.call("GET", f"{P}/ties/suggested").json()] == [4]


def test_kontaktpflege_and_forum_health_over_http(api):
    api.store.apply({"actors": [{"id": "rt-alter", "name": "Runder Tisch Alter",
                                 "kind": "forum", "areas": ["hoengg"], "topics": ["alter"]}],
                     "ties": [{"source": "gz-hoengg", "target": "rt-alter", "kind": "member_of"},
                              {"source": "sd", "target": "rt-alter", "kind": "member_of"}]})
    today = date.today()
    lapsed = api.call("GET", f"{P}/kontaktpflege?months=6").json()
    assert [r["id"] for r in lapsed] == ["sd"] and lapsed[0]["last_contact"] is None
    _meeting(api, today.isoformat(), "gz-hoengg", "sd", forum="rt-alter")
    assert api.call("GET", f"{P}/kontaktpflege?months=6").json() == []
    health = api.call("GET", f"{P}/forums/rt-alter/health", who="viewer")
    assert health.status_code == 200, health.text
    h = health.json()
    assert {m["id"]: m["last_attended"] for m in h["members"]} == {
        "gz-hoengg": today.isoformat(), "sd": today.isoformat()}
    assert h["sectors_present"] == ["institution", "administration"]
    assert "population" in h["sectors_missing"]
    assert api.call("GET", f"{P}/forums/sd/health").status_code == 404
    assert api.call("GET", f"{P}/kontaktpflege?months=-1").status_code == 422
