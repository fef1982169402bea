"""``quartiernetz anliegen ...`` against a real SQLite file: a need's life in commands, the JSON
shape, and bad input (exit 1, a message naming the field, nothing stored)."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest
from typer.testing import CliRunner

from api.cli import app
from graph.store.sqlite import SqliteStore
from tests.store.test_contract import seed

runner = CliRunner()
SHAPE = {"id", "title", "status", "topics", "areas", "raised_on", "raised_by", "assigned_to",
         "age_days", "history"}


@pytest.fixture
def db(tmp_path, monkeypatch):
    monkeypatch.setenv("QUARTIERNETZ_USER", "anna")
    path = tmp_path / "netz.db"
    with SqliteStore(path) as store:
        seed(store)
    return path


def cli(db, *args):
    return runner.invoke(app, ["--db", str(db), "anliegen", *args])


def add(db, *extra):
    result = cli(db, "add", "--title", "Sitzbänke an der Limmat", "--topic", "alter",
                 "--area", "hoengg", "--date", "01.10.2026", *extra)
    assert result.exit_code == 0, result.output
    return result.output.strip().splitlines()[-1]


def test_a_need_raised_clarified_handed_on_and_answered(db):
    need_id = add(db, "--raised-by", "qv-hoengg")
    assert need_id.startswith("anliegen-")
    clarified = cli(db, "status", need_id, "abgeklärt", "--confirm", "sd")
    assert clarified.exit_code == 0, clarified.output
    assert "jetzt «abgeklärt»" in clarified.output
    handed = cli(db, "assign", need_id, "--to", "sd", "--to", "oja")
    assert handed.exit_code == 0 and "«vermittelt»" in handed.output
    assert cli(db, "status", need_id, "in_bearbeitung", "--actor", "sd").exit_code == 0
    done = cli(db, "status", need_id, "erledigt", "--note", "Bänke stehen")
    assert done.exit_code == 0, done.output
    shown = json.loads(cli(db, "show", need_id, "--format", "json").output)
    assert SHAPE <= set(shown)
    assert (shown["status"], shown["raised_by"], shown["assigned_to"]) == (
        "erledigt", "qv-hoengg", ["sd", "oja"])
    assert shown["age_days"] == (date.today() - date(2026, 10, 1)).days
    assert [(s["status"], s["by"]) for s in shown["history"]] == [
        ("neu", "anna"), ("abgeklaert", "anna"), ("vermittelt", "anna"),
        ("in_bearbeitung", "anna"), ("erledigt", "anna")]
    assert shown["confirmed"] == ["sd"]
    table = cli(db, "show", need_id).output
    assert "Bänke stehen" in table and "erfasst am" in table


def test_list_filters_and_formats(db):
    a = add(db)
    b = runner.invoke(app, ["--db", str(db), "anliegen", "add", "--title", "Skatepark",
                            "--topic", "jugend", "--area", "unterstrass"]).output.split()[-1]
    rows = json.loads(cli(db, "list", "--format", "json").output)
    assert [r["id"] for r in rows] == [a, b] and all(SHAPE <= set(r) for r in rows)
    assert [r["id"] for r in json.loads(cli(db, "list", "--area", "kreis-6", "--format",
                                            "json").output)] == [b]
    assert [r["id"] for r in json.loads(cli(db, "list", "--topic", "alter", "--format",
                                            "json").output)] == [a]
    assert json.loads(cli(db, "list", "--status", "erledigt", "--format", "json").output) == []
    table = list(csv.reader(io.StringIO(cli(db, "list", "--format", "csv").output)))
    assert table[0][:3] == ["Kennung", "Titel", "Status"] and table[1][2] == "neu"
    assert "keine Anliegen" in cli(db, "list", "--status", "erledigt").output


@pytest.mark.parametrize(("args", "field"), [
    (["add", "--title", "x", "--area", "hoengg"], "topics"),
    (["add", "--title", "x", "--topic", "alter"], "areas"),
    (["add", "--title", "x", "--topic", "alter", "--area", "hoengg", "--raised-by", "niemand"],
     "raised_by"),
])
def test_bad_input_exits_1_naming_the_field_and_stores_nothing(db, args, field):
    result = cli(db, *args)
    assert result.exit_code == 1
    assert f"Feld {field}" in result.output
    with SqliteStore(db) as store:
        assert store.all_needs() == []


def test_a_step_not_allowed_exits_1_naming_from_to_and_allowed(db):
    need_id = add(db)
    result = cli(db, "status", need_id, "erledigt")
    assert result.exit_code == 1
    assert "von «neu» nach «erledigt» ist nicht erlaubt" in result.output
    assert "möglich: abgeklärt und nicht umsetzbar" in result.output  # words, not ids
    unknown = cli(db, "assign", need_id, "--to", "niemand")
    assert unknown.exit_code == 1
    with SqliteStore(db) as store:
        assert [s.status.value for s in store.get_need(need_id).history] == ["neu"]


def test_export_and_import_round_trip(db, tmp_path):
    need_id = add(db)
    cli(db, "status", need_id, "abgeklaert")
    path = tmp_path / "anliegen.json"
    assert cli(db, "export", str(path)).exit_code == 0
    other = tmp_path / "other.db"
    with SqliteStore(other) as store:
        seed(store)
    result = cli(other, "import", str(path))
    assert result.exit_code == 0 and "1 neu" in result.output
    with SqliteStore(db) as a, SqliteStore(other) as b:
        assert a.get_need(need_id).history == b.get_need(need_id).history
    path.write_text('{"format": "quartiernetz-needs", "needs": [{"id": 1e400}]}')
    bad = cli(other, "import", str(path))
    assert bad.exit_code == 1 and "anliegen.json" in bad.output


def test_excel_export_has_a_row_per_need_and_per_step(db, tmp_path):
    from openpyxl import load_workbook

    need_id = add(db)
    cli(db, "status", need_id, "abgeklaert", "--note", "=HYPERLINK(\"x\")")
    path = tmp_path / "anliegen.xlsx"
    assert cli(db, "export", str(path)).exit_code == 0
    book = load_workbook(path, read_only=True)
    needs = list(book["Anliegen"].iter_rows(values_only=True))
    steps = list(book["Verlauf"].iter_rows(values_only=True))
    assert needs[0][:3] == ("id", "title", "status") and needs[1][:3] == (
        need_id, "Sitzbänke an der Limmat", "abgeklaert")
    assert [s[2] for s in steps[1:]] == ["neu", "abgeklaert"]
    assert not str(steps[2][6]).startswith("=")  # a note is text, never a formula


def test_english_on_request(db):
    need_id = add(db)
    result = runner.invoke(app, ["--db", str(db), "--lang", "en", "anliegen", "status", need_id,
                                 "erledigt"])
    assert result.exit_code == 1 and "is not allowed" in result.output
