"""The questionnaire at ``/s/{token}`` (issue 17, items 2 and 5) on both stores: what a link
shows (only what its questionnaire needs), drafts, sending and revising, and its security: a
survey token opens nothing under ``/api/v1`` (every route of the app, 401), nor another actor's
or campaign's answer; unknown links are limited per client (429); a closed campaign answers 410;
the POST needs JSON from the page's own origin (415, 403); hostile text is kept as text.
"""

from __future__ import annotations

import json
import re
import sqlite3
from datetime import date, timedelta
from typing import Any

import pytest
from fastapi.routing import iter_route_contexts

from tests.api.conftest import CONTACT, make_api
from tests.api.test_surveys_api import (  # survey_api: the fixture "api" with the survey key
    KEY,
    P,
    links,
    path,
    send,
    start,
    survey_api,  # noqa: F401
)

COOP = {"actor": "gz-hoengg", "kind": "cooperates_with", "weight": 4}


def form(api, url: str) -> dict[str, Any]:
    answer = api.client.get(path(url) + "/form")
    assert answer.status_code == 200, answer.text
    return answer.json()


def test_the_page_and_its_form_show_only_what_the_questionnaire_needs(api):
    made = start(api, message="Bitte bis Ende Monat.")
    url = links(api, made["id"])["qv-hoengg"]
    page = api.client.get(path(url))
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert "connect-src 'self'" in page.headers["content-security-policy"]
    assert page.headers["referrer-policy"] == "no-referrer"
    assert page.headers["cache-control"] == "no-store"
    assert "set-cookie" not in page.headers
    assert '<html lang="de">' in page.text and "Absenden" in page.text
    assert 'lang="en"' in api.client.get(path(url) + "?lang=en").text
    data = api.client.get(path(url) + "/form")
    assert "set-cookie" not in data.headers
    got = data.json()
    assert got["survey"] == {"title": "Netzwerk Kreis 10", "message": "Bitte bis Ende Monat.",
                             "until": made["until"]}
    assert got["actor"] == {"id": "qv-hoengg", "name": "Quartierverein Höngg",
                            "areas": ["hoengg"], "topics": ["alter"]}
    # the picker: the campaign's other actor, id and name only; not the respondent itself
    assert got["picker"] == [{"id": "gz-hoengg", "name": "GZ Höngg"}]
    assert {k["value"] for k in got["kinds"]} == {"cooperates_with", "informs", "funds", "member_of"}
    assert {"de": "monatlich", "en": "monthly", "value": "monatlich"} in got["frequencies"]
    assert got["answer"] is None
    raw = data.content.decode()
    for secret in (CONTACT["name"], CONTACT["email"], "Gemeinschaftszentrum", "qv-unterstrass",
                   "Quartierverein Unterstrass"):
        assert secret not in raw, secret  # no contact, description or actor outside the survey
    for asset, kind in (("questionnaire.js", "javascript"), ("questionnaire.css", "css"),
                        ("words.js", "javascript")):
        answer = api.client.get(f"/s/assets/{asset}")
        assert answer.status_code == 200 and kind in answer.headers["content-type"], asset
    assert api.client.get("/s/assets/app.js").status_code == 404
    # only qv-hoengg invited: the picker still offers the known actors of the area
    alone = start(api, title="Nur einer", actors=["qv-hoengg"])
    assert form(api, links(api, alone["id"])["qv-hoengg"])["picker"] == [
        {"id": "gz-hoengg", "name": "GZ Höngg"}]


def test_drafts_are_kept_sent_and_revised_until_the_end(api):
    made = start(api)
    url = links(api, made["id"])["qv-hoengg"]
    draft = send(api, url, [COOP], submit=False)
    assert draft.status_code == 200 and draft.json()["state"] == "draft"
    kept = form(api, url)["answer"]
    assert kept["state"] == "draft" and kept["partners"][0]["weight"] == 4
    record = {"name": "Quartierverein Höngg (QVH)", "areas": ["hoengg"], "topics": ["alter", "jugend"]}
    sent = send(api, url, [COOP, {"actor": "gz-hoengg", "kind": "informs", "weight": 2,
                                  "frequency": "woechentlich", "since": "2015-01-01"}],
                record=record)
    assert sent.status_code == 200 and sent.json()["state"] == "submitted"
    shown = form(api, url)
    assert shown["answer"]["record"] == record
    assert [(p["kind"], p["weight"]) for p in shown["answer"]["partners"]] == [
        ("cooperates_with", 4), ("informs", 2)]
    # revised: replaced as a whole, still submitted
    revised = send(api, url, [{**COOP, "weight": 3}])
    assert revised.status_code == 200
    assert [(p["kind"], p["weight"]) for p in form(api, url)["answer"]["partners"]] == [
        ("cooperates_with", 3)]
    # the coordination's record of the actor is not changed by the answer
    assert api.call("GET", "/api/v1/actors/qv-hoengg").json()["name"] == "Quartierverein Höngg"


def _fill(route_path: str) -> str:
    return re.sub(r"\{[^}]+\}", "x", route_path)


#: The /api/v1 routes that need no account at all: they answer a survey token as they
#: answer no token (the health check, the version, ending a browser session).
OPEN = {("GET", "/api/v1/health"), ("GET", "/api/v1/version"), ("DELETE", "/api/v1/session")}


def test_a_survey_token_opens_no_api_route(seeded_store):
    """Every ``/api/v1`` route of the app (``app.routes``, the included routers' routes
    through FastAPI's :func:`~fastapi.routing.iter_route_contexts`), every method, with a valid
    survey token as bearer token or as session cookie: 401. The few routes open to anyone
    answer it exactly as they answer no token."""
    for api in make_api(seeded_store, seeded=True, QUARTIERNETZ_SURVEY_KEY=KEY,
                        QUARTIERNETZ_AUTH_MAX_FAILURES=100_000):
        made = start(api)
        token = path(links(api, made["id"])["qv-hoengg"]).rsplit("/", 1)[1]
        assert api.client.get(f"/s/{token}/form").status_code == 200  # a working token
        checked, open_seen = 0, set()
        for route in iter_route_contexts(api.client.app.routes):
            if not (route.path or "").startswith("/api/v1"):
                continue
            for method in sorted((route.methods or set()) - {"HEAD"}):
                url = _fill(route.path)
                api.client.cookies.clear()
                bare = api.client.request(method, url)
                for how in ("bearer", "cookie"):
                    api.client.cookies.clear()
                    if how == "cookie":
                        api.client.cookies.set("qn_session", token)
                    headers = {"Authorization": f"Bearer {token}"} if how == "bearer" else {}
                    answer = api.client.request(method, url, headers=headers)
                    where = (method, url, how, answer.text[:200])
                    if (method, route.path) in OPEN:
                        open_seen.add((method, route.path))
                        assert answer.status_code == bare.status_code < 300, where
                        assert answer.content == bare.content or answer.json().keys() == \
                            bare.json().keys(), where
                    else:
                        assert answer.status_code == 401, where
                        assert bare.status_code == 401, (method, url, "no token")
                    checked += 1
        api.client.cookies.clear()
        assert open_seen == OPEN
        assert checked > 140  # every route of the app (77 paths, 2 ways each), not a few


@pytest.fixture
def lenient_api(seeded_store) -> Any:
    """The API on each store, allowing many wrong links per client (tests that try several)."""
    yield from make_api(seeded_store, seeded=True, QUARTIERNETZ_SURVEY_KEY=KEY,
                        QUARTIERNETZ_AUTH_MAX_FAILURES=1000)


def test_a_token_opens_only_its_own_actor_and_campaign(lenient_api):
    api = lenient_api
    first = start(api)
    second = start(api, title="Zweite Runde")
    one = links(api, first["id"])
    two = links(api, second["id"])
    assert send(api, one["qv-hoengg"], [COOP]).status_code == 200
    # the same actor in the other campaign: its own (empty) answer, not the first one's
    assert form(api, two["qv-hoengg"])["answer"] is None
    assert form(api, two["qv-hoengg"])["survey"]["title"] == "Zweite Runde"
    # the other actor's link shows the other actor, without qv-hoengg's answer
    other = form(api, one["gz-hoengg"])
    assert other["actor"]["id"] == "gz-hoengg" and other["answer"] is None
    # a token changed in one character, cut short, or of another kind: 404, nothing written
    token = path(one["qv-hoengg"]).rsplit("/", 1)[1]
    flipped = token[:-1] + ("A" if token[-1] != "A" else "B")
    for wrong in (flipped, token[:-5], "qn_test-admin-token", "qs_" + "A" * 43):
        assert api.client.get(f"/s/{wrong}/form").status_code == 404, wrong
        refused = api.client.post(f"/s/{wrong}/answers", json={"partners": [], "submit": True})
        assert refused.status_code == 404, wrong
        page = api.client.get(f"/s/{wrong}")
        assert page.status_code == 404 and "nicht gültig" in page.text
    assert form(api, one["qv-hoengg"])["answer"]["partners"][0]["weight"] == 4


def test_unknown_links_are_limited_per_client(seeded_sqlite):
    for api in make_api(seeded_sqlite, seeded=True, QUARTIERNETZ_SURVEY_KEY=KEY,
                        QUARTIERNETZ_AUTH_MAX_FAILURES=3):
        made = start(api)
        good = path(links(api, made["id"])["qv-hoengg"])
        for n in range(3):
            assert api.client.get(f"/s/qs_{'x' * 40}{n}/form").status_code == 404
        limited = api.client.get(f"/s/qs_{'y' * 41}/form")
        assert limited.status_code == 429 and int(limited.headers["retry-after"]) >= 1
        assert limited.headers["content-type"] == "application/problem+json"
        # while locked out even a good link waits (the token is not looked at)
        assert api.client.get(good + "/form").status_code == 429
        page = api.client.get(good)
        assert page.status_code == 429 and "Zu viele" in page.text
        # API tokens are counted apart: the coordination is not locked out by it
        assert api.call("GET", "/api/v1/me").status_code == 200


def test_a_closed_campaign_answers_410_in_german(api):
    made = start(api)
    url = links(api, made["id"])["qv-hoengg"]
    assert api.call("POST", f"{P}/{made['id']}/close").status_code == 200
    page = api.client.get(path(url))
    assert page.status_code == 410 and "Diese Umfrage ist abgeschlossen" in page.text
    data = api.client.get(path(url) + "/form")
    assert data.status_code == 410 and data.headers["content-type"] == "application/problem+json"
    assert "abgeschlossen" in data.json()["detail"]
    assert send(api, url, [COOP]).status_code == 410
    assert api.store.answer_of(made["id"], "qv-hoengg") is None


def test_a_campaign_past_its_last_day_answers_410(seeded_sqlite):
    """The day after ``until``: the link is gone though nobody closed the campaign (the last
    day is moved into the past in the file, as time would)."""
    for api in make_api(seeded_sqlite, seeded=True, QUARTIERNETZ_SURVEY_KEY=KEY):
        made = start(api)
        url = links(api, made["id"])["qv-hoengg"]
        assert send(api, url, [COOP], submit=False).status_code == 200
        with sqlite3.connect(seeded_sqlite.path) as conn:
            conn.execute("UPDATE surveys SET data = json_set(data, '$.until', ?) WHERE id = ?",
                         ((date.today() - timedelta(days=1)).isoformat(), made["id"]))
        conn.close()
        assert api.client.get(path(url)).status_code == 410
        assert api.client.get(path(url) + "/form").status_code == 410
        assert send(api, url, [{**COOP, "weight": 1}]).status_code == 410
        assert api.store.answer_of(made["id"], "qv-hoengg").partners[0].weight == 4


def test_the_answer_must_be_json_from_the_pages_own_origin(api):
    made = start(api)
    url = links(api, made["id"])["qv-hoengg"]
    body = json.dumps({"partners": [COOP], "submit": True})
    answers = path(url) + "/answers"
    for ctype in ("text/plain", "application/x-www-form-urlencoded", "multipart/form-data", None):
        headers = {"Content-Type": ctype} if ctype else {}
        refused = api.client.post(answers, content=body, headers=headers)
        assert refused.status_code == 415, (ctype, refused.text)
    for headers in ({"Origin": "https://evil.example"}, {"Origin": "null"},
                    {"Sec-Fetch-Site": "cross-site"},
                    {"Origin": "http://testserver.evil.example"}):
        refused = api.client.post(answers, content=body,
                                  headers={"Content-Type": "application/json", **headers})
        assert refused.status_code == 403, headers
        assert refused.json()["code"] == "cross_site"
    assert api.store.answer_of(made["id"], "qv-hoengg") is None  # nothing was saved
    same = api.client.post(answers, content=body, headers={
        "Content-Type": "application/json; charset=utf-8", "Origin": "http://testserver",
        "Sec-Fetch-Site": "same-origin"})
    assert same.status_code == 200, same.text
    assert "set-cookie" not in same.headers


@pytest.mark.parametrize("raw, status", [
    (b"{not json", 400), (b"[" * 100_000 + b"]" * 100_000, 400),
    (b'{"partners": [], "submit": true, "actor": "gz-hoengg"}', 422),
    (b'{"partners": [], "submit": "ja"}', 422), (b'[]', 422),
    (b'{"partners": [], "submit": true, "weight": 1e400}', 422)])
def test_malformed_answers_are_refused_and_nothing_is_stored(api, raw, status):
    made = start(api)
    url = links(api, made["id"])["qv-hoengg"]
    answer = api.client.post(path(url) + "/answers", content=raw,
                             headers={"Content-Type": "application/json"})
    assert answer.status_code == status, answer.text[:300]
    assert api.store.answer_of(made["id"], "qv-hoengg") is None


@pytest.mark.parametrize("partner, field", [
    ({"actor": "gz-hoengg", "kind": "cooperates_with", "weight": "stark"}, "partners[1].weight"),
    ({"actor": "gz-hoengg", "kind": "informs", "weight": 6}, "partners[1].weight"),
    ({"actor": "niemand", "kind": "informs", "weight": 2}, "partners[1].actor"),
    ({"actor": "qv-hoengg", "kind": "informs", "weight": 2}, "partners[1].actor"),
    ({"actor": "gz-hoengg", "kind": "cooperates_with", "weight": 2}, "partners[1]"),
    ({"actor": "gz-hoengg", "kind": "befreundet", "weight": 2}, "partners[1].kind"),
])
def test_a_bad_partner_is_named_and_nothing_is_stored(api, partner, field):
    made = start(api)
    url = links(api, made["id"])["qv-hoengg"]
    refused = send(api, url, [COOP, partner])
    assert refused.status_code == 422, refused.text
    fields = [e.get("field") or "" for e in refused.json()["errors"]]
    assert any(f.startswith(field) for f in fields), fields
    assert api.store.answer_of(made["id"], "qv-hoengg") is None


HOSTILE = ["<img src=x onerror=alert(1)>", "</script><script>alert(2)</script>",
           "\u202eGZ Höngg\u202c rückwärts", "Ölfeld & «Söhne» \"quoted\" 'single'"]


def test_hostile_text_is_stored_and_given_back_as_text(api):
    made = start(api)
    url = links(api, made["id"])["qv-hoengg"]
    partners = [{"actor": None, "proposed_name": name, "kind": "informs", "weight": 2}
                for name in HOSTILE]
    record = {"name": HOSTILE[0], "areas": ["hoengg"], "topics": []}
    sent = send(api, url, partners, record=record)
    assert sent.status_code == 200, sent.text
    back = form(api, url)["answer"]
    assert [p["proposed_name"] for p in back["partners"]] == HOSTILE
    assert back["record"]["name"] == HOSTILE[0]
    # too long or with a NUL: refused naming the field, the earlier answer kept
    for bad, code_field in (("x" * 10_000, "partners[0].proposed_name"),
                            ("Verein\x00Null", "partners[0].proposed_name")):
        refused = send(api, url, [{"actor": None, "proposed_name": bad, "kind": "informs",
                                   "weight": 2}])
        assert refused.status_code == 422, refused.text
        assert code_field in [e.get("field") for e in refused.json()["errors"]]
    # the same in the fields that take a choice, an id or a date: refused by name
    for name in ("actor", "kind", "frequency", "since", "weight"):
        entry = {"actor": "gz-hoengg", "kind": "informs", "weight": 2, name: HOSTILE[0]}
        refused = send(api, url, [entry])
        assert refused.status_code == 422, (name, refused.text)
        assert f"partners[0].{name}" in [e.get("field") for e in refused.json()["errors"]], name
    assert [p["proposed_name"] for p in form(api, url)["answer"]["partners"]] == HOSTILE
    # the page never carries answers in its HTML: they come as JSON and are set as text
    page = api.client.get(path(url)).text
    assert "onerror" not in page and "alert(" not in page
