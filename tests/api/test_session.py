"""The browser session (issue 14, item 6): the API token exchanged once for a ``qn_session``
cookie, so that a copied link opens in another tab without the token. On both stores."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.auth import SESSION_COOKIE, hash_token
from tests.api.conftest import Api

P = "/api/v1"


def login(api: Api, who: str = "editor", client: TestClient | None = None) -> dict:
    """POST /session with the token; the client keeps the cookie. The answer's JSON."""
    client = client or api.client
    answer = client.post(f"{P}/session", headers=api.headers(who))
    assert answer.status_code == 200, answer.text
    return answer.json()


def cookie_only(api: Api) -> TestClient:
    """A second client (another tab) with only the first one's cookie."""
    tab = TestClient(api.client.app, raise_server_exceptions=False)
    tab.cookies.set(SESSION_COOKIE, api.client.cookies[SESSION_COOKIE])
    return tab


@pytest.fixture
def fresh(api: Api) -> Iterator[Api]:
    api.client.cookies.clear()
    yield api
    api.client.cookies.clear()


def test_the_cookie_is_httponly_strict_and_expiring(fresh):
    answer = fresh.client.post(f"{P}/session", headers=fresh.headers("viewer"))
    assert answer.status_code == 200
    header = answer.headers["set-cookie"]
    flags = {part.strip().split("=")[0].lower(): part for part in header.split(";")}
    assert header.startswith(f"{SESSION_COOKIE}=viewer.")
    assert "httponly" in flags and flags["samesite"].strip().lower() == "samesite=strict"
    assert flags["max-age"].strip().lower() == "max-age=28800" and flags["path"].strip() == "Path=/"
    assert "secure" not in flags  # plain http (the test server); https below
    body = answer.json()
    assert body["account"] == "viewer" and body["role"] == "viewer" and len(body["csrf"]) == 64
    assert fresh.tokens["viewer"] not in header and hash_token(fresh.tokens["viewer"]) not in header
    assert answer.headers["cache-control"] == "no-store"


def test_secure_over_https(api):
    with TestClient(api.client.app, base_url="https://testserver") as tls:
        answer = tls.post(f"{P}/session", headers=api.headers("viewer"))
        assert answer.status_code == 200
        assert "secure" in [p.strip().lower() for p in answer.headers["set-cookie"].split(";")]
        assert tls.get(f"{P}/me").json()["name"] == "viewer"


def test_reads_with_the_cookie_alone_in_another_tab(fresh):
    made = login(fresh, "editor")
    tab = cookie_only(fresh)
    assert tab.get(f"{P}/me").json()["name"] == "editor"
    assert tab.get(f"{P}/actors/gz-hoengg").json()["name"] == "GZ Höngg"
    again = tab.get(f"{P}/session").json()
    assert again == made  # a new tab learns the same csrf, account and end


def test_writes_with_the_cookie_need_the_csrf_token(fresh):
    csrf = login(fresh, "editor")["csrf"]
    tab = cookie_only(fresh)
    before = fresh.store.get_actor("gz-hoengg").description
    for headers in ({}, {"X-CSRF-Token": "0" * 64}, {"X-CSRF-Token": csrf[:-1] + "x"}):
        refused = tab.patch(f"{P}/actors/gz-hoengg", json={"description": "CSRF"}, headers=headers)
        assert refused.status_code == 403, refused.text
        assert refused.json()["code"] == "csrf_missing"
        assert "X-CSRF-Token" in refused.json()["detail"]
    assert fresh.store.get_actor("gz-hoengg").description == before  # nothing changed
    done = tab.patch(f"{P}/actors/gz-hoengg", json={"description": "mit Sitzung"},
                     headers={"X-CSRF-Token": csrf})
    assert done.status_code == 200 and done.json()["description"] == "mit Sitzung"
    # a bearer request needs no csrf token, as before
    bearer = fresh.call("PATCH", f"{P}/actors/gz-hoengg", who="editor",
                        json={"description": "mit Token"})
    assert bearer.status_code == 200


def test_a_tampered_or_expired_cookie_is_refused(fresh):
    login(fresh, "viewer")
    value = fresh.client.cookies[SESSION_COOKIE]
    name, expiry, nonce, mac = value.split(".")
    tab = TestClient(fresh.client.app, raise_server_exceptions=False)
    flipped = mac[:-1] + ("1" if mac[-1] == "0" else "0")
    forged = [f"admin.{expiry}.{nonce}.{mac}",                  # another account
              f"{name}.{int(expiry) + 3600}.{nonce}.{mac}",     # extended
              f"{name}.{expiry}.{nonce}.{flipped}",             # the mac changed
              f"{name}.{int(time.time()) - 1}.{nonce}.{mac}",   # expired
              "garbage", ""]
    for bad in forged:
        tab.cookies.clear()
        tab.cookies.set(SESSION_COOKIE, bad)
        answer = tab.get(f"{P}/me")
        assert answer.status_code == 401, bad
    tab.cookies.set(SESSION_COOKIE, value)
    assert tab.get(f"{P}/me").status_code == 200  # the real one still works


def test_a_session_that_has_ended_is_refused(api, monkeypatch):
    api.client.cookies.clear()
    login(api, "viewer")
    tab = cookie_only(api)
    later = time.time() + 8 * 3600 + 1
    monkeypatch.setattr("api.auth.time.time", lambda: later)
    monkeypatch.setattr("api.deps.time.time", lambda: later)
    assert tab.get(f"{P}/me").status_code == 401
    api.client.cookies.clear()


def test_rotating_or_revoking_the_token_ends_every_session(fresh):
    login(fresh, "viewer")
    first = cookie_only(fresh)
    fresh.client.cookies.clear()
    login(fresh, "editor")
    second = cookie_only(fresh)
    assert first.get(f"{P}/me").status_code == 200 and second.get(f"{P}/me").status_code == 200
    fresh.store.rotate_account("viewer", token_hash=hash_token("qn_new-viewer-token"))
    assert first.get(f"{P}/me").status_code == 401
    fresh.store.revoke_account("editor")
    assert second.get(f"{P}/me").status_code == 401
    assert second.get(f"{P}/session").status_code == 401


def test_delete_clears_the_cookie(fresh):
    login(fresh, "viewer")
    assert fresh.client.get(f"{P}/session").status_code == 200
    answer = fresh.client.delete(f"{P}/session")
    assert answer.status_code == 204
    header = answer.headers["set-cookie"].lower()
    assert header.startswith(f"{SESSION_COOKIE}=") and "max-age=0" in header
    assert SESSION_COOKIE not in fresh.client.cookies
    assert fresh.client.get(f"{P}/session").status_code == 401
    assert fresh.client.get(f"{P}/me").status_code == 401


def test_a_session_cannot_extend_itself(fresh):
    made = login(fresh, "viewer")
    tab = cookie_only(fresh)
    again = tab.post(f"{P}/session", headers={"X-CSRF-Token": made["csrf"]})
    assert again.status_code == 401
    assert tab.get(f"{P}/session").json()["expires_at"] == made["expires_at"]


def test_without_a_token_there_is_no_session(fresh):
    assert fresh.client.post(f"{P}/session").status_code == 401
    assert fresh.client.post(f"{P}/session",
                             headers={"Authorization": "Bearer qn_wrong"}).status_code == 401
    assert SESSION_COOKIE not in fresh.client.cookies
    assert fresh.client.get(f"{P}/session").status_code == 401


def test_a_read_scoped_account_keeps_its_scope_with_the_cookie(fresh):
    csrf = login(fresh, "reader10")["csrf"]
    tab = cookie_only(fresh)
    assert tab.get(f"{P}/actors/gz-hoengg").status_code == 200
    assert tab.get(f"{P}/actors/qv-unterstrass").status_code == 404
    listed = tab.get(f"{P}/actors?area=kreis-10&limit=100").json()
    assert {a["id"] for a in listed["data"]} == {"gz-hoengg", "qv-hoengg"}
    assert b"qv-unterstrass" not in tab.get(f"{P}/graph?area=kreis-10").content
    assert tab.patch(f"{P}/actors/qv-unterstrass", json={"description": "x"},
                     headers={"X-CSRF-Token": csrf}).status_code == 404
    # a viewer's cookie does not make it an editor
    fresh.client.cookies.clear()
    viewer = login(fresh, "viewer")["csrf"]
    assert cookie_only(fresh).patch(f"{P}/actors/gz-hoengg", json={"description": "x"},
                                    headers={"X-CSRF-Token": viewer}).status_code == 403
