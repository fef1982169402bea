"""An SQLite database written by the code before the memory (schema 3, made with main's code
of 2026-11-28 and kept in tests/store/data/) opens, is migrated to the current schema, keeps
everything, and takes meetings and contacts."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path

from graph.store.sqlite import SCHEMA_VERSION, SqliteStore

OLD = Path(__file__).parent / "data" / "main-before-memory.db"
NOW = datetime(2026, 6, 30, tzinfo=UTC)


def test_the_file_is_what_main_wrote():
    conn = sqlite3.connect(OLD)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 3
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    finally:
        conn.close()
    assert "encounters" not in tables and "actors" in tables


def test_an_old_database_is_migrated_and_keeps_its_network(tmp_path):
    path = tmp_path / "old.db"
    shutil.copy(OLD, path)
    with SqliteStore(path) as store:
        assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert [a.id for a in store.list_actors(limit=10).items] == ["gz-hoengg", "rt-alter", "sd"]
        assert store.get_actor("sd").contact.email == "anna@example.ch"
        assert store.get_tie("funds:sd:gz-hoengg").asserted_on == date(2023, 5, 1)
        assert [a.name for a in store.accounts()] == ["admin"]
        assert store.audit_log(action="import").total == 8  # 2 areas, 1 topic, 3 actors, 2 ties
        assert store.list_meetings().total == 0 and store.suggested_ties() == []
        m = store.record_meeting({"date": "2026-03-04", "title": "Runder Tisch",
                                  "participants": ["gz-hoengg", "sd"], "forum": "rt-alter"},
                                 now=NOW)
        assert store.list_meetings(forum="rt-alter").items[0].id == m.id
        assert store.snapshot().edges["sd", "gz-hoengg", "funds:sd:gz-hoengg"]["last_seen"] == (
            date(2026, 3, 4))
    with SqliteStore(path) as again:  # opening once more migrates nothing twice
        assert again.list_meetings().total == 1
