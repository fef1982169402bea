"""The invite, need and path commands against a real SQLite file."""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from api.cli import app
from graph.analysis import CACHE


@pytest.fixture
def cli(tmp_path, monkeypatch, scenario_store):  # noqa: ARG001  (the store fills the file)
    monkeypatch.delenv("QUARTIERNETZ_LANG", raising=False)
    CACHE.clear()
    db = str(tmp_path / "quartiernetz.db")
    runner = CliRunner()
    return lambda *args: runner.invoke(app, ["--db", db, *args])


def test_invite_json_shape(cli):
    result = cli("invite", "--topic", "Jugend", "--area", "Kreis 10", "--seats", "3",
                 "--reach-isolated", "1", "--require", "sector=Verwaltung:1",
                 "--as-of", "2025-06-01", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [s["id"] for s in data["seats"]] == ["jugendamt", "gz-hoengg", "oja-wipkingen"]
    assert set(data["seats"][0]) >= {"id", "name", "kind", "role", "reasons", "alternates"}
    assert [(r["requirement"], r["met"]) for r in data["requirements"]] == [
        ("responsible=jugend", True), ("sector=administration:1", True), ("reach_isolated=1", True)]
    assert all("why" in r for r in data["requirements"])
    assert {r["id"] for r in data["reached"]} >= {"jugendamt", "oja-wipkingen"}
    assert data["unreached"] == []


def test_invite_table_in_german_and_english(cli):
    result = cli("invite", "--topic", "jugend", "--area", "hoengg", "--seats", "2",
                 "--require", "kind=Privater Träger", "--as-of", "01.06.2025")
    assert result.exit_code == 0, result.output
    out = result.output
    assert out.startswith("Am Tisch (2/2)\n"
                          " 1. Jugendamt Kreis 10 (Dienstabteilung): zuständige Dienstabteilung")
    assert re.search(r"mindestens 1 der Art Privater Träger +nein +kein Akteur der Art", out)
    assert "Methode: gierige Auswahl" in out
    english = cli("--lang", "en", "invite", "--topic", "jugend", "--area", "hoengg", "--seats", "2",
                  "--as-of", "2025-06-01")
    assert "responsible city unit" in english.output and "Reached:" in english.output


def test_invite_impossible_input_exits_1_with_the_message(cli):
    result = cli("invite", "--topic", "jugend", "--area", "kreis-10", "--seats", "1",
                 "--must", "jugendamt", "--must", "spitex")
    assert result.exit_code == 1
    assert "2 fest gesetzte Akteure (--must), aber nur 1 Plätze" in result.output
    assert "Traceback" not in result.output
    unknown = cli("invite", "--topic", "jugend", "--area", "kreis-10", "--exclude", "niemand")
    assert unknown.exit_code == 1 and "Akteur «niemand» nicht gefunden" in unknown.output


def test_need_and_path_commands(cli):
    need = cli("need", "--topic", "Jugend", "--area", "wipkingen", "--as-of", "2025-06-01")
    assert need.exit_code == 0, need.output
    lines = need.output.splitlines()
    assert lines[0].split()[:3] == ["Nr", "Akteur", "Art"]
    assert "Jugendamt Kreis 10" in lines[2]
    rows = json.loads(cli("need", "--topic", "jugend", "--area", "wipkingen", "--format", "json").output)
    assert rows[0]["id"] == "jugendamt"
    path = cli("path", "jugendtreff-a", "gz-hoengg", "--as-of", "2025-06-01")
    assert path.exit_code == 0, path.output
    assert path.output.splitlines()[0] == "3 Schritte von Jugendtreff A zu GZ Höngg"
    none = cli("path", "oja-wipkingen", "jugendclub-kreis-5", "--as-of", "2025-06-01")
    assert "keine Verbindung" in none.output and "Am nächsten erreichbar:" in none.output
    bad = cli("path", "oja-wipkingen", "niemand")
    assert bad.exit_code == 1 and "nicht gefunden" in bad.output
