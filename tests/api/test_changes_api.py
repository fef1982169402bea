"""``GET /api/v1/changes`` (issue 15 item 4): the CLI's answer over HTTP, in words, scoped, and a
bad period refused with the field named."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from api.auth import hash_token
from graph.store.sqlite import SqliteStore
from tests.analysis.test_changes import hand_made
from tests.api.conftest import Api, make_api


@pytest.fixture
def api(tmp_path) -> Iterator[Api]:
    with SqliteStore(tmp_path / "c.db") as store:
        store.apply(hand_made())
        store.add_account("admin", token_hash=hash_token("qn_test-admin-token"), role="admin")
        store.add_account("anderswo", token_hash=hash_token("qn_test-anderswo-token"), role="editor",
                          areas=["anderswo"], read_scoped=True)
        served = make_api(store, seeded=True)
        api = next(served)
        api.tokens["anderswo"] = "qn_test-anderswo-token"
        yield api
        served.close()


def test_changes_over_http_equal_the_analysis_in_words_and_scoped(api):
    answer = api.call("GET", "/api/v1/changes", params={"since": "01.01.2025", "until": "2026-01-01"})
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert [t["id"] for t in body["ties_gained"]] == ["cooperates_with:x:y", "cooperates_with:b:c"]
    assert [r["id"] for r in body["became_isolated"]] == ["a"]
    assert isinstance(body["became_isolated"][0]["reasons"][0], str)
    assert body["became_isolated"][0]["reasons_codes"][0]["code"] == "no_ties"
    # a read-scoped account sees only its own part: the tie in "anderswo", no name from outside
    scoped = api.call("GET", "/api/v1/changes", who="anderswo",
                      params={"since": "2025-01-01", "until": "2026-01-01", "area": "anderswo"})
    assert scoped.status_code == 200, scoped.text
    assert [t["id"] for t in scoped.json()["ties_gained"]] == ["cooperates_with:x:y"]
    assert "Verein A" not in scoped.text and "Sozialzentrum" not in scoped.text


def test_a_period_running_backwards_is_422_naming_the_field(api):
    bad = api.call("GET", "/api/v1/changes", params={"since": "2026-02-01", "until": "2026-01-01"})
    assert bad.status_code == 422
    problem = bad.json()
    assert problem["errors"][0]["field"] == "since" and "Zeitraum ungültig" in bad.text
    missing = api.call("GET", "/api/v1/changes")
    assert missing.status_code == 422


def test_a_read_scoped_account_asking_for_the_city_is_told_why_in_german_or_english(api):
    # The reason used to be English after a German "nicht erlaubt:" (found with this route).
    german = api.call("GET", "/api/v1/changes", who="anderswo", params={"since": "2025-01-01"})
    assert german.status_code == 403
    assert german.json()["detail"] == ("nicht erlaubt: dieses Konto liest nur seine Gebiete "
                                       "(anderswo): eines davon angeben (area=...)")
    english = api.call("GET", "/api/v1/changes", who="anderswo",
                       params={"since": "2025-01-01", "lang": "en"})
    assert english.json()["detail"] == ("not allowed: this account reads only its areas "
                                        "(anderswo): name one of them (area=...)")
