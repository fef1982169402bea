"""An SQLite database written by main's code before the surveys (schema 5, made with main at
e9d63a3 on 2026-11-29 from the network of tests/store/test_contract.py plus one need and one
meeting, kept in tests/store/data/) opens, is migrated, keeps everything, and takes surveys."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

from graph.store.audit import Audit
from graph.store.sqlite import SCHEMA_VERSION, SqliteStore

OLD = Path(__file__).parent / "data" / "main-before-surveys.db"


def test_the_file_is_what_main_wrote():
    assert OLD.stat().st_size > 0, f"{OLD} is missing or empty: it must be committed"
    conn = sqlite3.connect(f"file:{OLD}?mode=ro", uri=True)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 5
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    finally:
        conn.close()
    assert "surveys" not in tables and {"actors", "needs", "encounters"} <= tables


def test_an_old_database_is_migrated_keeps_its_records_and_takes_surveys(tmp_path):
    path = tmp_path / "old.db"
    shutil.copy(OLD, path)
    with SqliteStore(path) as store:
        assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert SCHEMA_VERSION == 6
        assert store.list_actors(limit=100).total == 7
        assert store.get_tie("cooperates_with:gz-hoengg:qv-hoengg").weight == 4
        assert store.list_needs().total == 1 and store.list_meetings().total == 1
        assert store.audit_log(action="import").total == 24  # 7 areas, 3 topics, 7 actors, 7 ties
        assert store.list_surveys() == []
        until = datetime.now(UTC).date() + timedelta(days=7)
        survey = store.create_survey("Umfrage Höngg", until, areas=["hoengg"],
                                     audit=Audit("anna", "create"))
        assert survey.actors == ["gz-hoengg", "qv-hoengg"]
        store.save_answer(survey.id, "gz-hoengg", submit=True, audit=Audit("gz", "answer"),
                          partners=[{"actor": "qv-hoengg", "kind": "cooperates_with",
                                     "weight": 5}])
        assert [p["tie"]["weight"] for p in store.perspectives(survey.id)] == [4]
    with SqliteStore(path) as again:  # opening once more migrates nothing twice
        assert [s.id for s in again.list_surveys()] == [survey.id]
