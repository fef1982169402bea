"""``GET /api/v1/surveys/{id}/dashboard`` (the browser's "Umfragen" workspace) and
``?with_survey=true`` on the analyses, on both stores.

The seeded network (tests/api/conftest.py): Kreis 10 with Höngg (qv-hoengg, gz-hoengg, a
cooperation of strength 4 between them), Kreis 6 with Unterstrass (qv-unterstrass), the
city-wide Soziale Dienste (sd). Expected values are written by hand from it.
"""

from __future__ import annotations

import pytest

from tests.api.test_surveys_api import KEY, P, links, send, start


@pytest.fixture(autouse=True)
def _survey_key(monkeypatch) -> None:
    """The survey key from the environment (never a ``survey.key`` file in the test's cwd)."""
    monkeypatch.setenv("QUARTIERNETZ_SURVEY_KEY", KEY)


def test_the_dashboard_of_a_campaign(api):
    survey = start(api)  # Kreis 10: gz-hoengg and qv-hoengg
    urls = links(api, survey["id"])
    assert send(api, urls["gz-hoengg"], [
        {"actor": "qv-hoengg", "kind": "cooperates_with", "weight": 5},
        {"actor": "sd", "kind": "informs", "weight": 2}]).status_code == 200
    assert send(api, urls["qv-hoengg"], [
        {"actor": "gz-hoengg", "kind": "cooperates_with", "weight": 2}], submit=False).status_code == 200
    answer = api.call("GET", f"{P}/{survey['id']}/dashboard", who="editor")
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["survey"]["id"] == survey["id"]
    board = body["dashboard"]
    assert board["total"] == {"invited": 2, "answered": 1, "percent": 50.0, "drafts": 1}
    assert board["by_sector"] == [
        {"sector": "civil_society", "invited": 1, "answered": 0, "percent": 0.0},
        {"sector": "institution", "invited": 1, "answered": 1, "percent": 100.0}]
    assert board["by_area"] == [{"area": "hoengg", "invited": 2, "answered": 1, "percent": 50.0}]
    assert [(r["id"], r["draft"]) for r in board["not_answered"]] == [("qv-hoengg", True)]
    # the Quartierverein's draft does not count: both pairs are named by the GZ only
    assert [(r["named_by"], r["other"], r["other_answered"]) for r in board["one_sided"]] == [
        ("gz-hoengg", "qv-hoengg", False), ("gz-hoengg", "sd", False)]
    assert board["disagreements"] == []
    assert body["names"] == {"gz-hoengg": "GZ Höngg", "qv-hoengg": "Quartierverein Höngg",
                             "sd": "Soziale Dienste"}
    # submitted now: the two sides disagree by 3
    send(api, urls["qv-hoengg"], [{"actor": "gz-hoengg", "kind": "cooperates_with", "weight": 2}])
    board = api.call("GET", f"{P}/{survey['id']}/dashboard").json()["dashboard"]
    assert [(d["source"], d["target"], d["difference"]) for d in board["disagreements"]] == [
        ("gz-hoengg", "qv-hoengg", 3)]
    # a viewer reads no survey; an unknown one is 404
    assert api.call("GET", f"{P}/{survey['id']}/dashboard", who="viewer").status_code == 403
    assert api.call("GET", f"{P}/umfrage-0000000000/dashboard").status_code == 404


def test_analyses_with_survey_answers_say_so(api):
    survey = start(api, areas=["unterstrass"])  # qv-unterstrass
    # qv-unterstrass names the GZ Höngg: no tie between them is recorded
    send(api, links(api, survey["id"])["qv-unterstrass"], [
        {"actor": "gz-hoengg", "kind": "cooperates_with", "weight": 4}])
    plain = api.call("GET", "/api/v1/analyses/ego/qv-unterstrass?hops=1")
    assert plain.status_code == 200 and plain.headers["X-Quartiernetz-Ties"] == "confirmed"
    assert "gz-hoengg" not in {a["id"] for a in plain.json()["actors"]}
    with_answers = api.call("GET", "/api/v1/analyses/ego/qv-unterstrass?hops=1&with_survey=true")
    assert with_answers.status_code == 200, with_answers.text
    assert with_answers.headers["X-Quartiernetz-Ties"] == "confirmed+survey"
    assert {a["id"] for a in with_answers.json()["actors"]} == (
        {a["id"] for a in plain.json()["actors"]} | {"gz-hoengg"})
    # not from the cache: reconciled (rejected) now, the answer is no longer counted
    decided = api.call("POST", f"{P}/{survey['id']}/reconcile", json={
        "source": "qv-unterstrass", "target": "gz-hoengg", "kind": "cooperates_with",
        "decision": "reject"})
    assert decided.status_code == 200, decided.text
    again = api.call("GET", "/api/v1/analyses/ego/qv-unterstrass?hops=1&with_survey=true")
    assert "gz-hoengg" not in {a["id"] for a in again.json()["actors"]}
    for name in ("brokers", "isolates", "communities", "gaps"):
        shown = api.call("GET", f"/api/v1/analyses/{name}?with_survey=true")
        assert shown.status_code == 200, (name, shown.text)
        assert shown.headers["X-Quartiernetz-Ties"] == "confirmed+survey"
