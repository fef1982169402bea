"""The command line against a real SQLite file."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from api.cli import app
from graph.store.sqlite import SqliteStore
from tests.store.test_contract import seed

runner = CliRunner()


def test_init_creates_the_database_and_says_so(tmp_path):
    db = tmp_path / "netz.db"
    result = runner.invoke(app, ["--db", str(db), "init"])
    assert result.exit_code == 0, result.output
    assert "Datenbank bereit" in result.output and db.exists()


def test_stats_json_has_the_documented_keys_and_counts(tmp_path):
    db = tmp_path / "netz.db"
    with SqliteStore(db) as store:
        seed(store)
    result = runner.invoke(app, ["--db", str(db), "stats", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data) == {"actors", "ties", "areas", "topics", "version"}
    assert data["actors"]["forum"] == 1 and data["ties"]["member_of"] == 2
    assert (data["areas"], data["topics"], data["version"]) == (7, 3, 1)


def test_stats_table_is_german_by_default_and_english_on_request(tmp_path):
    db = tmp_path / "netz.db"
    with SqliteStore(db) as store:
        seed(store)
    german = runner.invoke(app, ["--db", str(db), "stats"])
    assert "Dienstabteilung" in german.output and "Gremium" in german.output
    english = runner.invoke(app, ["--db", str(db), "--lang", "en", "stats"])
    assert "city unit" in english.output and "Dienstabteilung" not in english.output


def test_db_from_environment(tmp_path, monkeypatch):
    db = tmp_path / "env.db"
    monkeypatch.setenv("QUARTIERNETZ_DB", str(db))
    assert runner.invoke(app, ["init"]).exit_code == 0
    assert db.exists()


def test_a_broken_database_file_is_a_clear_error_not_a_traceback(tmp_path):
    db = tmp_path / "kaputt.db"
    db.write_bytes(b"\x00garbage" * 200)
    result = runner.invoke(app, ["--db", str(db), "stats"])
    assert result.exit_code == 1
    assert "keine Quartiernetz-Datenbank" in result.output
    assert "Traceback" not in result.output


def test_unknown_store_is_refused(tmp_path):
    result = runner.invoke(app, ["--db", str(tmp_path / "x.db"), "--store", "mongo", "stats"])
    assert result.exit_code == 2 and "sqlite oder neo4j" in result.output
