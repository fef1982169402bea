"""Brokerage over HTTP and the CLI: direction read as stored, an unknown grouping refused."""

from __future__ import annotations

from typer.testing import CliRunner

from api.cli import app as cli_app
from tests.api.conftest import cli_options


def test_an_unknown_grouping_is_refused_naming_what_exists(api):
    answer = api.call("GET", "/api/v1/analyses/brokers?by=nosuchattr", who="viewer")
    assert answer.status_code == 400, answer.text
    body = answer.json()
    assert body["code"] == "unknown_grouping"
    assert "nosuchattr" in body["detail"] and "sector" in body["detail"]
    assert "kind" in body["detail"] and "area" in body["detail"]
    options, env = cli_options(api.store)
    result = CliRunner().invoke(cli_app, [*options, "brokers", "--by", "nosuchattr"], env=env)
    assert result.exit_code != 0 and "nosuchattr" in result.output
    assert "Traceback" not in result.output


def test_information_runs_one_way_in_the_brokerage_counts(api):
    # the seeded network: qv-hoengg informs qv-unterstrass; gz-hoengg cooperates with
    # qv-hoengg; sd funds qv-unterstrass. Through qv-hoengg: gz -> qv-hoengg -> qv-unterstrass
    # is a two-path; qv-unterstrass -> qv-hoengg -> gz is not (information runs the other way).
    rows = api.call("GET", "/api/v1/analyses/brokers?by=area", who="viewer").json()
    roles = {r["id"]: r["brokerage"] for r in rows}
    assert sum(roles["qv-hoengg"].values()) == 1
    # through qv-unterstrass nothing flows on: it only receives
    assert sum(roles["qv-unterstrass"].values()) == 0
