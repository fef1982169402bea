"""The analysis commands against a real SQLite file."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from api.cli import app
from graph.analysis import CACHE


@pytest.fixture
def cli(tmp_path, monkeypatch, zurich_store):  # noqa: ARG001  (the store fills the file)
    monkeypatch.delenv("QUARTIERNETZ_LANG", raising=False)
    CACHE.clear()
    db = str(tmp_path / "quartiernetz.db")
    runner = CliRunner()

    def invoke(*args: str):
        result = runner.invoke(app, ["--db", db, *args])
        return result

    return invoke


def test_brokers_json_shape(cli):
    result = cli("brokers", "--format", "json", "--as-of", "2025-06-01")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    first = rows[0]
    assert first["id"] == "quartierverein-wipkingen"
    assert set(first) >= {"id", "name", "kind", "sector", "betweenness", "constraint",
                          "effective_size", "brokerage", "score", "reasons"}
    assert set(first["brokerage"]) == {"coordinator", "itinerant", "gatekeeper",
                                       "representative", "liaison"}
    assert first["reasons"][0].startswith("verbindet 4 Bewohnergruppen mit 2 Dienstabteilungen")
    # the default --method auto is exact at this size (273 actors, far below 20,000)
    assert {r["method"] for r in rows} == {"exact"}
    assert cli("brokers", "--method", "geraten").exit_code == 2


def test_brokers_table_csv_and_options(cli):
    table = cli("brokers", "--top", "2", "--as-of", "01.06.2025")
    assert table.exit_code == 0, table.output
    lines = table.output.splitlines()
    assert lines[0].split()[:3] == ["Nr", "Akteur", "Art"]
    assert "Quartierverein Wipkingen" in lines[2] and "Verein" in lines[2]
    assert lines[-1] == "Methode: exakt (Brandes 2001)"
    assert len(lines) == 5
    rows = list(csv.DictReader(io.StringIO(cli("brokers", "--format", "csv").output)))
    assert rows[0]["id"] == "quartierverein-wipkingen" and rows[0]["liaison"] == "26"
    sampled = cli("brokers", "--method", "sampled", "--samples", "4", "--by", "area")
    assert "geschätzt aus 4 zufälligen Startpunkten" in sampled.output
    area = json.loads(cli("brokers", "--area", "hoengg", "--format", "json").output)
    assert [r["id"] for r in area] == ["spitex-hoengg", "seniorentreff-hoengg"]
    english = cli("--lang", "en", "brokers", "--top", "1")
    assert "connects 4 residents' groups" in english.output


def test_isolates(cli):
    result = cli("isolates", "--format", "json", "--as-of", "2025-06-01")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert rows[0]["id"] == "alt-verein"
    assert set(rows[0]) >= {"id", "name", "kind", "reasons"}
    table = cli("isolates", "--top", "2", "--as-of", "2025-06-01")
    assert "für die Verwaltung nicht erreichbar" in table.output
    assert "Seniorentreff Höngg" in table.output


def test_communities_gaps_ego(cli):
    com = cli("communities")
    assert com.exit_code == 0, com.output
    assert "Modularität" in com.output and "Quartierverein Wipkingen" in com.output
    gaps = json.loads(cli("gaps", "--topic", "alter", "--area", "hoengg", "--format",
                          "json").output)
    assert gaps["pairs"][0]["a"] == "seniorentreff-hoengg"
    table = cli("gaps", "--area", "kreis-10")
    assert "Sektoren ohne Beziehung" in table.output and "Bevölkerung" in table.output
    ego = cli("ego", "gz-wipkingen", "--hops", "1")
    assert ego.exit_code == 0, ego.output
    assert "Quartierverein Wipkingen" in ego.output and "finanziert" in ego.output
    only = json.loads(cli("ego", "gz-wipkingen", "--hops", "1", "--kind",
                          "arbeitet zusammen mit", "--format", "json").output)
    assert [a["id"] for a in only["actors"]] == ["quartierverein-wipkingen"]


def test_errors_are_clear(cli):
    unknown = cli("brokers", "--area", "atlantis")
    assert unknown.exit_code == 1
    assert "atlantis" in unknown.output
    assert cli("ego", "nobody").exit_code == 1
    bad = cli("brokers", "--as-of", "gestern")
    assert bad.exit_code == 2 and "kein gültiges Datum" in bad.output
    assert cli("ego", "gz-wipkingen", "--hops", "5").exit_code == 1


def test_cache_by_version(cli, zurich_store):
    """A repeated call is served from the cache; a write moves the version and recomputes."""
    cli("brokers", "--format", "json")
    hits = CACHE.hits
    cli("brokers", "--format", "json")
    assert CACHE.hits == hits + 1
    zurich_store.apply({"ties": [{"source": "seniorentreff-hoengg", "target": "spitex-hoengg",
                                  "kind": "cooperates_with", "weight": 5}]})
    rows = json.loads(cli("isolates", "--format", "json").output)
    assert "seniorentreff-hoengg" not in {r["id"] for r in rows if "no_ties" in r["codes"]}
    again = json.loads(cli("brokers", "--format", "json").output)
    assert CACHE.hits == hits + 1
    assert any(r["id"] == "seniorentreff-hoengg" and r["degree"] == 1 for r in again)
