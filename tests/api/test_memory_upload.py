"""Uploading the memory (needs, meetings, contacts) with the network through ``POST
/api/v1/imports``, on both stores: loaded in one transaction with the checks of the memory's own
routes; an area-limited editor is refused records outside its areas, naming them, and nothing
of the file is stored."""

from __future__ import annotations

import json

import pytest

STAMP = {"recorded_by": "import", "recorded_at": "2026-01-10T09:00:00+00:00"}


def need(need_id: str, area: str, raised_by: str | None = None) -> dict:
    return {"id": need_id, "title": f"Anliegen {need_id}", "status": "neu",
            "raised_on": "2025-11-03", "raised_by": raised_by, "areas": [area],
            "topics": ["alter"],
            "history": [{"status": "neu", "action": "create", "on": "2025-11-03", "by": "x"}]}


def meeting(meeting_id: str, *people: str) -> dict:
    return {"id": meeting_id, "date": "2025-12-01", "title": "Vernetzung",
            "participants": list(people), **STAMP}


def contact(contact_id: str, *people: str) -> dict:
    return {"id": contact_id, "date": "2025-12-02", "kind": "telefon", "actors": list(people),
            "note": "Rückruf vereinbart", **STAMP}


def upload(api, who: str, content: dict, query: str = ""):  # type: ignore[no-untyped-def]
    return api.call("POST", f"/api/v1/imports{query}", who=who,
                    files={"upload": ("netz.json", json.dumps(content).encode())})


def memory_of(store) -> tuple[list[str], list[str]]:  # type: ignore[no-untyped-def]
    return sorted(n.id for n in store.all_needs()), sorted(e["id"] for e in store.all_encounters())


def test_an_upload_loads_needs_meetings_and_contacts_with_the_network(api):
    content = {"actors": [{"id": "spitex-hoengg", "name": "Spitex Höngg", "kind": "private_provider",
                           "areas": ["hoengg"]}],
               "needs": [need("n-bank", "hoengg", raised_by="qv-hoengg")],
               "meetings": [meeting("m-1", "gz-hoengg", "qv-hoengg", "spitex-hoengg")],
               "contacts": [contact("c-1", "sd", "gz-hoengg")]}
    dry = upload(api, "editor", content, "?dry_run=true")
    assert dry.status_code == 200, dry.text
    assert dry.json()["counts"]["encounter"] == {"created": 2, "updated": 0, "unchanged": 0}
    assert memory_of(api.store) == ([], [])  # a dry run stores nothing
    answer = upload(api, "editor", content)
    assert answer.status_code == 200, answer.text
    counts = answer.json()["counts"]
    assert counts["need"] == {"created": 1, "updated": 0, "unchanged": 0}
    assert counts["encounter"] == {"created": 2, "updated": 0, "unchanged": 0}
    assert counts["actor"]["created"] == 1
    assert memory_of(api.store) == (["n-bank"], ["c-1", "m-1"])
    listed = api.call("GET", "/api/v1/meetings?actor=spitex-hoengg").json()
    assert [m["id"] for m in listed["data"]] == ["m-1"]
    assert api.store.get_need("n-bank").raised_by == "qv-hoengg"
    # recorded as the account's import, and the same file again changes nothing
    assert {e["user"] for e in api.store.audit_log(record="meeting").items} == {"editor"}
    again = upload(api, "editor", content).json()["counts"]
    assert again["need"]["unchanged"] == 1 and again["encounter"]["unchanged"] == 2


@pytest.mark.parametrize("outside", ["need", "meeting", "contact"])
def test_an_area_editor_is_refused_records_outside_its_areas_and_nothing_is_stored(api, outside):
    # editor10 changes Kreis 10 (with Höngg); Unterstrass and the city-wide Soziale Dienste
    # are outside it. One record outside refuses the whole file, its actor included.
    content = {"actors": [{"id": "spitex-hoengg", "name": "Spitex Höngg",
                           "kind": "private_provider", "areas": ["hoengg"]}],
               "needs": [need("n-in", "hoengg")],
               "meetings": [meeting("m-in", "gz-hoengg", "qv-unterstrass")],  # one inside: ok
               "contacts": [contact("c-in", "qv-hoengg")]}
    refused = {"need": ("needs", need("n-out", "unterstrass"), "Anliegen «n-out»"),
               "meeting": ("meetings", meeting("m-out", "qv-unterstrass", "sd"), "Sitzung «m-out»"),
               "contact": ("contacts", contact("c-out", "sd"), "Kontakt «c-out»")}
    key, row, named = refused[outside]
    content[key].append(row)
    before = memory_of(api.store)
    answer = upload(api, "editor10", content)
    assert answer.status_code == 403, answer.text
    detail = answer.json()["detail"]
    assert named in detail and "(kreis-10)" in detail and "nichts wurde geladen" in detail
    assert f"«{row['id']}»" in detail and "«n-in»" not in detail
    assert memory_of(api.store) == before
    assert api.store.list_actors(q="spitex").total == 0
    content[key].pop()
    ok = upload(api, "editor10", content)
    assert ok.status_code == 200, ok.text
    assert memory_of(api.store) == (["n-in"], ["c-in", "m-in"])


def test_a_viewer_may_not_upload_memory(api):
    answer = upload(api, "viewer", {"meetings": [meeting("m-1", "gz-hoengg", "qv-hoengg")]})
    assert answer.status_code == 403
    assert memory_of(api.store) == ([], [])


def test_an_actor_a_read_limited_account_may_not_read_is_unknown_with_file_and_line(api):
    # reader10 reads only Kreis 10: Quartierverein Unterstrass does not exist for it, as on
    # POST /meetings (the meeting has gz-hoengg inside, so it is not refused for its areas).
    content = {"meetings": [meeting("m-1", "gz-hoengg", "qv-hoengg"),
                            meeting("m-2", "gz-hoengg", "qv-unterstrass")]}
    answer = upload(api, "reader10", content)
    assert answer.status_code == 422, answer.text
    errors = answer.json()["errors"]
    assert [(e["code"], e["id"], e["params"], e["file"], e["line"], e["column"]) for e in errors] == [
        ("unknown_actor", "m-2", {"id": "qv-unterstrass"}, "netz.json", 1, "participants")]
    assert memory_of(api.store) == ([], [])
    content["meetings"].pop()
    assert upload(api, "reader10", content).status_code == 200
    assert memory_of(api.store) == ([], ["m-1"])
