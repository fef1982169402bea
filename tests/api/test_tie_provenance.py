"""A tie entered by hand records who asserted it, how and when (issue 14 item 8)."""

from __future__ import annotations

from datetime import date

from api.records import HAND_ENTRY_METHOD

TIE = {"source": "qv-unterstrass", "target": "gz-hoengg", "kind": "cooperates_with", "weight": 4}
TIE_ID = "cooperates_with:gz-hoengg:qv-unterstrass"


def test_a_tie_without_provenance_records_the_editor_the_method_and_today(any_api):
    created = any_api.call("POST", "/api/v1/ties", who="editor", json=TIE)
    assert created.status_code == 201, created.text
    body = created.json()
    assert (body["asserted_by"], body["method"], body["asserted_on"]) == (
        "editor", "meeting", date.today().isoformat())
    assert HAND_ENTRY_METHOD.value == "meeting"
    assert body["weight"] == 4 and body["id"] == TIE_ID   # the answer keeps its fields
    stored = any_api.store.get_tie(TIE_ID)   # stored so, not only answered so
    assert (stored.asserted_by, stored.method, stored.asserted_on) == (
        "editor", HAND_ENTRY_METHOD, date.today())
    again = any_api.call("GET", f"/api/v1/ties/{TIE_ID}", who="viewer").json()
    assert again["asserted_by"] == "editor" and again["asserted_on"] == date.today().isoformat()


def test_given_provenance_is_kept(any_api):
    given = {**TIE, "asserted_by": "Umfrage Quartierverein 2024", "method": "survey",
             "asserted_on": "2024-03-01"}
    body = any_api.call("POST", "/api/v1/ties", who="admin", json=given).json()
    assert (body["asserted_by"], body["method"], body["asserted_on"]) == (
        "Umfrage Quartierverein 2024", "survey", "2024-03-01")
    stored = any_api.store.get_tie(TIE_ID)
    assert stored.asserted_by == "Umfrage Quartierverein 2024" and stored.asserted_on == date(2024, 3, 1)


def test_blank_provenance_counts_as_not_given_and_a_bad_one_changes_nothing(any_api):
    blank = {**TIE, "asserted_by": "  ", "method": None, "asserted_on": None}
    body = any_api.call("POST", "/api/v1/ties", who="editor", json=blank).json()
    assert body["asserted_by"] == "editor" and body["method"] == "meeting"
    other = {"source": "qv-hoengg", "target": "gz-hoengg", "kind": "funds", "method": "guessing"}
    before = any_api.call("GET", "/api/v1/ties", params={"limit": 1000}).json()["count"]
    bad = any_api.call("POST", "/api/v1/ties", who="editor", json=other)
    assert bad.status_code == 422 and "method" in bad.text
    assert any_api.call("GET", "/api/v1/ties", params={"limit": 1000}).json()["count"] == before
