"""Issue 11, finding 9 f/g/h over HTTP and the command line, on both stores: an unknown topic
in ``analyses/gaps`` is 404; a ``javascript:`` website and a name mixing scripts are refused on
create, PATCH and file import, with a message naming the field, and nothing is stored."""

from __future__ import annotations

from typer.testing import CliRunner

from api.cli import app as cli_app

CYRILLIC_WIPKINGEN = "GZ W\u0456\u0440kingen"  # і (U+0456) and р (U+0440) from Cyrillic


def test_gaps_for_an_unknown_topic_is_404_like_other_unknown_ids(api):
    answer = api.call("GET", "/api/v1/analyses/gaps?topic=nowhere", who="viewer")
    assert answer.status_code == 404, answer.text
    body = answer.json()
    assert body["code"] == "not_found" and "nowhere" in body["detail"]
    assert body["errors"][0]["record"] == "topic"
    known = api.call("GET", "/api/v1/analyses/gaps?topic=alter", who="viewer")
    assert known.status_code == 200 and known.json()["pairs"] is not None


def test_cli_gaps_for_an_unknown_topic_says_so_and_exits_1(sqlite_api):
    result = CliRunner().invoke(cli_app, ["--db", str(sqlite_api.store.path), "gaps", "--topic",
                                          "nowhere"])
    assert result.exit_code == 1
    assert "Thema «nowhere» nicht gefunden" in result.output
    assert "Traceback" not in result.output


def _refused(answer, field: str, code: str) -> str:  # type: ignore[no-untyped-def]
    assert answer.status_code == 422, answer.text
    errors = answer.json()["errors"]
    assert [(e["field"], e["code"]) for e in errors] == [(field, code)], errors
    return str(errors[0]["message"])


def test_only_http_websites_on_create_patch_and_import(api):
    before = api.store.version()
    message = _refused(api.call("POST", "/api/v1/actors", json={
        "id": "evil", "name": "Evil", "kind": "association", "areas": ["hoengg"],
        "website": "javascript:alert(1)"}), "website", "bad_url")
    assert "javascript:alert(1)" in message and "https://" in message
    _refused(api.call("PATCH", "/api/v1/actors/gz-hoengg", json={"website": "JavaScript:alert(1)"}),
             "website", "bad_url")
    csv = b"id,name,kind,areas,website\nneu,Neu,association,hoengg,javascript:alert(1)\n"
    imported = api.call("POST", "/api/v1/imports", files={"upload": ("actors.csv", csv)})
    assert imported.status_code == 422, imported.text
    [error] = imported.json()["errors"]
    assert (error["file"], error["line"], error["code"]) == ("actors.csv", 2, "bad_url")
    assert api.store.version() == before  # nothing was written
    assert api.store.get_actor("gz-hoengg").website is None
    fine = api.call("PATCH", "/api/v1/actors/gz-hoengg", json={"website": "https://gz-zh.ch/hoengg"})
    assert fine.status_code == 200 and fine.json()["website"] == "https://gz-zh.ch/hoengg"


def test_names_mixing_scripts_are_refused_on_create_patch_and_import(api):
    before = api.store.version()
    message = _refused(api.call("POST", "/api/v1/actors", json={
        "name": CYRILLIC_WIPKINGEN, "kind": "institution", "areas": ["hoengg"]}), "name", "mixed_script")
    assert "«W\u0456\u0440kingen»" in message and "kyrillisch" in message and "U+0440" in message
    _refused(api.call("PATCH", "/api/v1/actors/gz-hoengg", json={"name": CYRILLIC_WIPKINGEN}),
             "name", "mixed_script")
    _refused(api.call("POST", "/api/v1/topics", json={"id": "alter2", "name": "\u0410lter"}),
             "name", "mixed_script")
    csv = f"id,name,kind,areas\ngz-wipkingen,{CYRILLIC_WIPKINGEN},institution,hoengg\n".encode()
    imported = api.call("POST", "/api/v1/imports", files={"upload": ("actors.csv", csv)})
    assert imported.status_code == 422, imported.text
    [error] = imported.json()["errors"]
    assert (error["line"], error["column"], error["code"]) == (2, "name", "mixed_script")
    assert api.store.version() == before
    assert api.call("GET", "/api/v1/actors", params={"q": "wkingen"}).json()["count"] == 0


def test_a_name_in_one_other_script_needs_an_id_and_then_is_kept(api):
    tamil = "தமிழ் சங்கம் Zürich"
    _refused(api.call("POST", "/api/v1/actors", json={"name": tamil, "kind": "association",
                                                      "areas": ["hoengg"]}), "id", "id_not_derivable")
    created = api.call("POST", "/api/v1/actors", json={"id": "tamil-sangam", "name": tamil,
                                                       "kind": "association", "areas": ["hoengg"]})
    assert created.status_code == 201, created.text
    assert api.call("GET", "/api/v1/actors/tamil-sangam").json()["name"] == tamil
    latin = api.call("POST", "/api/v1/actors", json={"name": "Œuvre Łódź Café", "kind": "association",
                                                     "areas": ["hoengg"]})
    assert latin.status_code == 201 and latin.json()["id"] == "oeuvre-lodz-cafe"
