"""Words apart from the analyses, over HTTP: one prepared invitation network for every language,
the answers in words with their codes beside them, and typed answers in OpenAPI."""

from __future__ import annotations

import json

from graph.i18n import catalogue, say

DAY = "2025-01-01"
BODY = {"topics": ["alter"], "areas": ["kreis-10"], "seats": 2, "as_of": DAY}


def _networks(api) -> list:
    """The prepared invitation networks the app holds (cache keys)."""
    return [k for k in api.client.app.state.analyses._inputs if k[1] == "invite_network"]


def test_the_invitation_network_is_built_once_for_every_language(sqlite_api):
    api = sqlite_api
    de = api.call("POST", "/api/v1/invite", json=BODY, who="viewer")
    en = api.call("POST", "/api/v1/invite?lang=en", json=BODY, who="viewer")
    assert de.status_code == en.status_code == 200, en.text
    need = api.call("POST", "/api/v1/need?lang=en",
                    json={"topic": "alter", "area": "kreis-10", "as_of": DAY})
    path = api.call("GET", f"/api/v1/analyses/path?source=gz-hoengg&target=sd&as_of={DAY}&lang=en")
    assert need.status_code == path.status_code == 200
    assert len(_networks(api)) == 1  # de, en, need and path: one network
    # the same seats, in two languages
    seats_de, seats_en = de.json()["seats"], en.json()["seats"]
    assert [s["id"] for s in seats_de] == [s["id"] for s in seats_en]
    assert seats_de[0]["role"] != seats_en[0]["role"]
    assert seats_de[0]["role_codes"] == seats_en[0]["role_codes"]


def test_sentences_come_with_their_codes(sqlite_api):
    api = sqlite_api
    answer = api.call("POST", "/api/v1/invite?lang=en", json=BODY).json()
    known = {code for _, code in catalogue("en")}
    seat = answer["seats"][0]
    assert len(seat["reasons"]) == len(seat["reasons_codes"]) > 0
    assert {m["code"] for m in seat["reasons_codes"]} <= known
    assert answer["method_codes"]["code"] == "method"
    assert answer["method"].startswith("greedy choice (Nemhauser, Wolsey & Fisher 1978)")
    isolates = api.call("GET", f"/api/v1/analyses/isolates?as_of={DAY}").json()
    row = next(r for r in isolates if r["reasons"])
    assert [m["code"] for m in row["reasons_codes"]] == row["codes"]


def test_an_input_error_speaks_the_language_asked_for(sqlite_api):
    bad = {**BODY, "seats": 2, "must": ["gz-hoengg"], "exclude": ["gz-hoengg"]}
    de = sqlite_api.call("POST", "/api/v1/invite", json=bad)
    en = sqlite_api.call("POST", "/api/v1/invite?lang=en", json=bad)
    assert de.status_code == en.status_code == 422
    assert "steht in --must und in --exclude" in de.json()["errors"][0]["message"]
    assert "is in both --must and --exclude" in en.json()["errors"][0]["message"]


def test_invite_need_and_path_answers_are_typed_in_openapi(sqlite_api):
    schema = sqlite_api.call("GET", "/openapi.json").json()
    models = schema["components"]["schemas"]
    assert models["Invitation"]["properties"]["seats"]["items"] == {"$ref": "#/components/schemas/Seat"}
    assert {"role", "role_code", "reasons", "reasons_codes", "alternates"} <= set(
        models["Seat"]["properties"])
    assert {"requirement", "text", "met", "why", "why_codes"} <= set(
        models["RequirementReport"]["properties"])
    assert {"from", "to", "text", "text_codes"} <= set(models["Hop"]["properties"])
    assert {"codes", "reasons", "reasons_codes"} <= set(models["NeedRow"]["properties"])
    assert set(models["Message"]["required"]) == {"code", "params"}


def test_the_browser_reads_its_words_from_the_catalogues(sqlite_api):
    script = sqlite_api.client.get("/static/model.js").text
    assert script.startswith("window.QN_MODEL = ")
    model = json.loads(script.removeprefix("window.QN_MODEL = ").rstrip().rstrip(";"))
    words = model["words"]
    assert set(words) == {"de", "en"} and set(words["de"]) == set(words["en"])
    assert words["de"]["logout"] == say("logout", "de", context="browser") == "Abmelden"
    assert words["en"]["logout"] == "Sign out"
    assert not any("ß" in w for w in words["de"].values())
