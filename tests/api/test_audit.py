"""The audit log over HTTP: every write, delete, import and export; erasure is real; on both
stores."""

from __future__ import annotations

import logging

from tests.api.conftest import CONTACT


def test_writes_deletes_imports_exports_are_logged_and_erased_on_delete(any_api, caplog):
    caplog.set_level(logging.INFO)
    api = any_api
    new = {"id": "elterngruppe", "name": "Elterngruppe", "kind": "resident_group",
           "areas": ["hoengg"], "contact": {"name": "Berta Beispiel", "email": "berta@example.ch"}}
    assert api.call("POST", "/api/v1/actors", json=new, who="editor10").status_code == 201
    assert api.call("PATCH", "/api/v1/actors/elterngruppe", json={"description": "neu"},
                    who="editor").status_code == 200
    api.call("GET", "/api/v1/exports/json", who="viewer")
    csv = b"id,name,kind,areas\nneu,Neu,association,hoengg\n"
    api.call("POST", "/api/v1/imports", files={"upload": ("neu.csv", csv)}, who="editor")

    log = api.call("GET", "/api/v1/audit", params={"record_id": "elterngruppe"}).json()
    assert [(e["action"], e["user"]) for e in log["data"]] == [("update", "editor"),
                                                               ("create", "editor10")]
    update, create = log["data"]
    assert create["before"] is None and create["after"]["contact"]["email"] == "berta@example.ch"
    assert update["before"]["description"] == "" and update["after"]["description"] == "neu"
    actions = [e["action"] for e in api.call("GET", "/api/v1/audit").json()["data"]]
    assert actions[:2] == ["import", "export"]
    imported = api.call("GET", "/api/v1/audit", params={"action": "import"}).json()["data"][0]
    assert imported["detail"]["files"] == ["neu.csv"]
    assert imported["detail"]["ids"]["actor"]["created"] == ["neu"]

    assert api.call("DELETE", "/api/v1/actors/elterngruppe", who="admin").status_code == 204
    after = api.call("GET", "/api/v1/audit", params={"record_id": "elterngruppe"}).json()["data"]
    assert [e["action"] for e in after] == ["delete", "update", "create"]
    everything = api.call("GET", "/api/v1/audit", params={"limit": 1000}).text
    assert "berta@example.ch" not in everything and "Berta Beispiel" not in everything
    assert all(e[side]["contact"] == "[erased]" for e in after for side in ("before", "after")
               if e[side] is not None)
    # personal data never reaches the log lines
    assert "berta@example.ch" not in caplog.text and CONTACT["email"] not in caplog.text


def test_audit_filters_and_is_admin_only(api):
    api.call("PATCH", "/api/v1/actors/gz-hoengg", json={"description": "x"}, who="editor")
    assert api.call("GET", "/api/v1/audit", who="editor").status_code == 403
    assert api.call("GET", "/api/v1/audit", params={"user": "editor"}).json()["count"] == 1
    assert api.call("GET", "/api/v1/audit", params={"user": "admin"}).json()["count"] == 0
    assert api.call("GET", "/api/v1/audit", params={"since": "2999-01-01T00:00:00Z"}).json()["count"] == 0
    assert api.call("GET", "/api/v1/audit", params={"action": "drop"}).status_code == 422


def test_a_refused_write_leaves_no_trace(api):
    bad = {"name": "Neu", "kind": "association", "areas": ["kreis-99"]}
    assert api.call("POST", "/api/v1/actors", json=bad).status_code == 422
    assert api.call("POST", "/api/v1/actors", json={**bad, "areas": ["unterstrass"]},
                    who="editor10").status_code == 403
    assert api.call("GET", "/api/v1/audit").json()["count"] == 0
