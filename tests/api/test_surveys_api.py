"""``/api/v1/surveys`` (issue 17, item 6) on both stores: campaigns started, listed, followed and
closed by role and area; the personal links as JSON and CSV (contact persons only for who may
see them); a link replaced; two actors naming each other with different strengths shown side by
side with the coordination's tie, and reconciled into the tie with its provenance.

The seeded network (tests/api/conftest.py): Kreis 10 with Höngg (qv-hoengg, gz-hoengg, a
cooperation of strength 4 between them), Kreis 6 with Unterstrass (qv-unterstrass), and the
city-wide Soziale Dienste (sd).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.api.conftest import CONTACT, Api, make_api

P = "/api/v1/surveys"
KEY = "test-survey-key-3f9a0c1e5b7d4a2c8e6f0b1d3a5c7e9f"
UNTIL = (date.today() + timedelta(days=30)).isoformat()


@pytest.fixture(name="api")
def survey_api(seeded_store) -> Iterator[Api]:
    """The API on the seeded network on each store, with the survey key as a setting (never
    a ``survey.key`` file in the test's working directory)."""
    yield from make_api(seeded_store, seeded=True, QUARTIERNETZ_SURVEY_KEY=KEY)


def start(api: Api, who: str = "admin", **body: Any) -> dict[str, Any]:
    """A new campaign (Kreis 10 unless told otherwise); fails the test unless created."""
    payload = {"title": "Netzwerk Kreis 10", "areas": ["kreis-10"], "until": UNTIL, **body}
    made = api.call("POST", P, who=who, json=payload)
    assert made.status_code == 201, made.text
    return made.json()


def links(api: Api, survey_id: str, who: str = "admin") -> dict[str, str]:
    """actor -> its personal link."""
    answer = api.call("GET", f"{P}/{survey_id}/links", who=who)
    assert answer.status_code == 200, answer.text
    return {row["actor"]: row["url"] for row in answer.json()}


def path(url: str) -> str:
    return urlsplit(url).path


def send(api: Api, url: str, partners: list[dict[str, Any]], *, submit: bool = True,
         record: dict[str, Any] | None = None, **headers: str) -> Any:
    """POST the questionnaire's answer as the page does (JSON, no account)."""
    body: dict[str, Any] = {"partners": partners, "submit": submit}
    if record is not None:
        body["record"] = record
    return api.client.post(path(url) + "/answers", json=body, headers=headers)


def test_an_editor_starts_a_campaign_follows_it_and_closes_it(api):
    made = start(api, who="editor", message="Danke für <b>10 Minuten</b>!")
    assert made["id"].startswith("umfrage-") and len(made["id"]) == 18
    assert sorted(made["actors"]) == ["gz-hoengg", "qv-hoengg"]  # active in Kreis 10, by default
    assert made["status"] == "open" and made["created_by"] == "editor"
    assert made["message"] == "Danke für <b>10 Minuten</b>!"  # text, kept as written
    listed = api.call("GET", P, who="admin").json()
    assert [s["id"] for s in listed["data"]] == [made["id"]] and listed["count"] == 1
    status = api.call("GET", f"{P}/{made['id']}", who="editor").json()
    assert status["counts"] == {"invited": 2, "submitted": 0, "draft": 0, "none": 2}
    assert {r["actor"]: r["name"] for r in status["responses"]} == {
        "gz-hoengg": "GZ Höngg", "qv-hoengg": "Quartierverein Höngg"}
    url = links(api, made["id"])["qv-hoengg"]
    assert send(api, url, [{"actor": "gz-hoengg", "kind": "cooperates_with", "weight": 5}],
                submit=False).status_code == 200
    status = api.call("GET", f"{P}/{made['id']}").json()
    assert status["counts"] == {"invited": 2, "submitted": 0, "draft": 1, "none": 1}
    closed = api.call("POST", f"{P}/{made['id']}/close", who="editor")
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    assert api.call("GET", f"{P}/{made['id']}").json()["accepts_answers"] is False
    assert api.client.get(path(url) + "/form").status_code == 410


def test_bad_campaigns_are_refused_naming_the_field(api):
    version = api.store.version()
    for body, field in (({"until": "2020-01-01"}, "until"), ({"areas": ["kreis-99"]}, "areas"),
                        ({"actors": ["niemand"]}, "actors")):
        answer = api.call("POST", P, json={"title": "T", "areas": ["kreis-10"], "until": UNTIL,
                                           **body})
        assert answer.status_code == 422, answer.text
        assert any(field in (e.get("field") or "") for e in answer.json()["errors"]), answer.text
    assert api.call("POST", P, json={"title": "T", "until": UNTIL, "colour": "rot"}).status_code == 422
    assert api.call("GET", P).json()["count"] == 0
    assert api.store.version() == version


def test_viewers_read_no_survey_and_an_area_editor_only_its_own(api):
    mine = start(api, who="editor10")  # Kreis 10: its own area
    theirs = start(api, title="Unterstrass", areas=["unterstrass"])
    for route in ("", f"/{mine['id']}", f"/{mine['id']}/links", f"/{mine['id']}/perspectives",
                  f"/{mine['id']}/proposals"):
        assert api.call("GET", P + route, who="viewer").status_code == 403, route
    assert api.call("POST", P, who="viewer", json={"title": "T", "areas": ["hoengg"],
                                                   "until": UNTIL}).status_code == 403
    # the Kreis 10 editor: its survey yes, Unterstrass's is answered as an unknown id
    listed = api.call("GET", P, who="editor10").json()
    assert [s["id"] for s in listed["data"]] == [mine["id"]]
    for route in ("", "/links", "/perspectives", "/proposals"):
        other = api.call("GET", f"{P}/{theirs['id']}{route}", who="editor10")
        unknown = api.call("GET", f"{P}/umfrage-0000000000{route}", who="editor10")
        assert other.status_code == unknown.status_code == 404, route
        assert other.json()["detail"].replace(theirs["id"], "umfrage-0000000000") == \
            unknown.json()["detail"]
    assert api.call("POST", f"{P}/{theirs['id']}/close", who="editor10").status_code == 404
    refused = api.call("POST", P, who="editor10", json={"title": "T", "areas": ["unterstrass"],
                                                        "until": UNTIL})
    assert refused.status_code == 403
    refused = api.call("POST", P, who="editor10", json={
        "title": "T", "areas": ["hoengg"], "actors": ["qv-hoengg", "qv-unterstrass"],
        "until": UNTIL})
    assert refused.status_code == 403
    assert api.call("GET", P).json()["count"] == 2  # nothing new was started


def test_links_as_json_and_csv_with_contacts_only_for_who_may_see_them(api):
    made = start(api)
    answer = api.call("GET", f"{P}/{made['id']}/links")
    rows = answer.json()
    assert sorted(r["actor"] for r in rows) == ["gz-hoengg", "qv-hoengg"]
    for row in rows:
        assert row["url"].startswith("http://testserver/s/qs_"), row
        assert api.client.get(path(row["url"]) + "/form").json()["actor"]["id"] == row["actor"]
    assert len({r["url"] for r in rows}) == 2
    # asked again: the same links (made from the key; the store keeps no token)
    assert links(api, made["id"]) == {r["actor"]: r["url"] for r in rows}
    table = api.call("GET", f"{P}/{made['id']}/links?format=csv", who="editor")
    assert table.status_code == 200 and table.headers["content-type"].startswith("text/csv")
    parsed = list(csv.reader(io.StringIO(table.content.decode("utf-8-sig"))))
    assert parsed[0] == ["id", "Akteur", "Link", "Kontaktperson", "E-Mail", "Telefon"]
    by_actor = {r[0]: r for r in parsed[1:]}
    assert by_actor["qv-hoengg"][2] == {r["actor"]: r["url"] for r in rows}["qv-hoengg"]
    assert by_actor["qv-hoengg"][3:] == [CONTACT["name"], CONTACT["email"], CONTACT["phone"]]
    assert by_actor["gz-hoengg"][3:] == ["", "", ""]  # no contact person recorded
    assert api.call("GET", f"{P}/{made['id']}/links?format=csv", who="viewer").status_code == 403


def test_links_start_with_the_public_url_when_it_is_set(seeded_sqlite):
    for api in make_api(seeded_sqlite, seeded=True, QUARTIERNETZ_SURVEY_KEY=KEY,
                        QUARTIERNETZ_PUBLIC_URL="https://quartiernetz.example.ch/"):
        made = start(api)
        urls = links(api, made["id"]).values()
        assert all(u.startswith("https://quartiernetz.example.ch/s/qs_") for u in urls), urls
        token_path = path(next(iter(urls)))
        # the questionnaire's origin check accepts the public origin
        ok = api.client.post(token_path + "/answers", json={"partners": [], "submit": False},
                             headers={"Origin": "https://quartiernetz.example.ch"})
        assert ok.status_code == 200, ok.text


def test_a_replaced_link_stops_working(api):
    made = start(api)
    old = links(api, made["id"])["qv-hoengg"]
    new = api.call("POST", f"{P}/{made['id']}/links/qv-hoengg/revoke", who="editor")
    assert new.status_code == 200 and new.json()["actor"] == "qv-hoengg"
    assert new.json()["url"] != old
    assert api.client.get(path(old) + "/form").status_code == 404
    assert api.client.get(path(new.json()["url"]) + "/form").status_code == 200
    assert links(api, made["id"])["qv-hoengg"] == new.json()["url"]
    # the other actor's link is untouched; an actor not invited has no link to replace
    assert api.call("POST", f"{P}/{made['id']}/links/qv-unterstrass/revoke").status_code == 404


def _pair(rows: list[dict[str, Any]], source: str, target: str, kind: str) -> dict[str, Any]:
    found = [r for r in rows if (r["source"], r["target"], r["kind"]) == (source, target, kind)]
    assert len(found) == 1, rows
    return found[0]


def test_both_perspectives_side_by_side_and_reconciled_into_the_tie(api):
    made = start(api)
    sid = made["id"]
    urls = links(api, sid)
    # Quartierverein says 5 and also informs Soziale Dienste; GZ says 2
    said = send(api, urls["qv-hoengg"], [
        {"actor": "gz-hoengg", "kind": "cooperates_with", "weight": 5, "frequency": "monatlich",
         "since": "2019-01-01"},
        {"actor": "sd", "kind": "informs", "weight": 3}])
    assert said.status_code == 200, said.text
    assert send(api, urls["gz-hoengg"], [
        {"actor": "qv-hoengg", "kind": "cooperates_with", "weight": 2}]).status_code == 200
    rows = api.call("GET", f"{P}/{sid}/perspectives", who="editor").json()
    pair = _pair(rows, "gz-hoengg", "qv-hoengg", "cooperates_with")
    assert {(a["asserted_by"], a["weight"]) for a in pair["assertions"]} == {
        ("qv-hoengg", 5), ("gz-hoengg", 2)}
    assert all(a["kind"] == "cooperates_with" and a["asserted_on"] for a in pair["assertions"])
    assert pair["tie"]["weight"] == 4  # what the coordination recorded, beside both
    assert pair["status"] == "open"
    only_one = _pair(rows, "qv-hoengg", "sd", "informs")
    assert [a["asserted_by"] for a in only_one["assertions"]] == ["qv-hoengg"]
    assert only_one["tie"] is None
    # nothing changed in the network yet
    assert api.call("GET", "/api/v1/ties/cooperates_with:gz-hoengg:qv-hoengg").json()["weight"] == 4

    accepted = api.call("POST", f"{P}/{sid}/reconcile", who="editor", json={
        "source": "gz-hoengg", "target": "qv-hoengg", "kind": "cooperates_with",
        "decision": "accept", "asserted_by": "qv-hoengg"})
    assert accepted.status_code == 200, accepted.text
    tie = api.call("GET", "/api/v1/ties/cooperates_with:gz-hoengg:qv-hoengg").json()
    assert (tie["weight"], tie["method"], tie["asserted_by"]) == (5, "survey", "qv-hoengg")
    set_one = api.call("POST", f"{P}/{sid}/reconcile", json={
        "source": "qv-hoengg", "target": "sd", "kind": "informs", "decision": "set", "weight": 2})
    assert set_one.status_code == 200, set_one.text
    tie = api.call("GET", "/api/v1/ties/informs:qv-hoengg:sd").json()
    assert (tie["weight"], tie["method"], tie["asserted_by"]) == (2, "survey", "admin")
    rows = api.call("GET", f"{P}/{sid}/perspectives").json()
    assert _pair(rows, "gz-hoengg", "qv-hoengg", "cooperates_with")["status"] == "reconciled"
    assert _pair(rows, "qv-hoengg", "sd", "informs")["status"] == "reconciled"
    # a viewer may not reconcile; a bad decision names the field
    assert api.call("POST", f"{P}/{sid}/reconcile", who="viewer", json={
        "source": "qv-hoengg", "target": "sd", "kind": "informs",
        "decision": "reject"}).status_code == 403
    bad = api.call("POST", f"{P}/{sid}/reconcile", json={
        "source": "qv-hoengg", "target": "sd", "kind": "informs", "decision": "vielleicht"})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "decision"


def test_reject_leaves_the_tie_and_proposals_wait_for_review(api):
    made = start(api)
    sid = made["id"]
    urls = links(api, sid)
    assert send(api, urls["gz-hoengg"], [
        {"actor": "qv-hoengg", "kind": "cooperates_with", "weight": 1},
        {"actor": None, "proposed_name": "Neuer Verein <b>Höngg</b>", "kind": "informs",
         "weight": 3}]).status_code == 200
    rejected = api.call("POST", f"{P}/{sid}/reconcile", json={
        "source": "gz-hoengg", "target": "qv-hoengg", "kind": "cooperates_with",
        "decision": "reject"})
    assert rejected.status_code == 200, rejected.text
    assert api.call("GET", "/api/v1/ties/cooperates_with:gz-hoengg:qv-hoengg").json()["weight"] == 4
    rows = api.call("GET", f"{P}/{sid}/perspectives").json()
    assert _pair(rows, "gz-hoengg", "qv-hoengg", "cooperates_with")["status"] == "rejected"
    proposals = api.call("GET", f"{P}/{sid}/proposals", who="editor").json()
    assert [(p["name"], p["proposed_by"], p["status"]) for p in proposals] == [
        ("Neuer Verein <b>Höngg</b>", "gz-hoengg", "open")]
    decided = api.call("POST", f"{P}/proposals/{proposals[0]['id']}", json={"accept": False})
    assert decided.status_code == 200, decided.text
    assert api.call("GET", f"{P}/{sid}/proposals").json()[0]["status"] != "open"
    assert api.call("POST", f"{P}/proposals/unbekannt", json={"accept": False}).status_code == 404


def test_without_a_key_setting_the_key_file_lies_beside_the_database(seeded_sqlite):
    """No ``QUARTIERNETZ_SURVEY_KEY``: ``survey.key`` (0600) beside the store's own file, made
    only when someone who may see a survey's links asks for them."""
    key_file = Path(seeded_sqlite.path).parent / "survey.key"
    for api in make_api(seeded_sqlite, seeded=True):
        made = start(api)
        assert api.call("GET", f"{P}/{made['id']}/links", who="viewer").status_code == 403
        assert api.call("GET", f"{P}/umfrage-0000000000/links").status_code == 404
        assert not key_file.exists()
        first = links(api, made["id"])
        assert key_file.exists() and key_file.stat().st_mode & 0o777 == 0o600
        assert links(api, made["id"]) == first
        assert api.client.get(path(first["qv-hoengg"]) + "/form").status_code == 200
