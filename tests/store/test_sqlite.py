"""What only the SQLite store promises: durability settings, schema versions, one file."""

from __future__ import annotations

import sqlite3

import pytest

from graph.errors import StoreSchemaError, StoreUnavailableError
from graph.store.sqlite import SCHEMA_VERSION, SqliteStore
from tests.store.test_contract import seed


def test_pragmas_wal_full_sync_and_foreign_keys(sqlite_store):
    conn = sqlite_store._conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_data_survives_closing_and_reopening(tmp_path):
    path = tmp_path / "netz.db"
    with SqliteStore(path) as store:
        seed(store)
        version = store.version()
    with SqliteStore(path) as again:
        assert again.version() == version
        assert again.get_actor("gz-hoengg").name == "GZ Höngg"


def test_foreign_keys_guard_the_file_even_without_our_checks(sqlite_store):
    seed(sqlite_store)
    with pytest.raises(sqlite3.IntegrityError):
        with sqlite_store._transaction() as conn:
            conn.execute("INSERT INTO ties (id, source, target, kind, data) "
                         "VALUES ('x', 'sd', 'phantom', 'funds', '{}')")
    assert sqlite_store.list_ties().total == 7


def test_a_file_that_is_not_a_database_is_refused_clearly(tmp_path):
    path = tmp_path / "notizen.db"
    path.write_text("Das ist keine Datenbank, nur Notizen.\n" * 100)
    with pytest.raises(StoreSchemaError, match="ist keine Quartiernetz-Datenbank"):
        SqliteStore(path)
    assert path.read_text().startswith("Das ist keine Datenbank")


def test_a_foreign_sqlite_database_is_not_touched(tmp_path):
    path = tmp_path / "andere.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE kunden (id INTEGER)")
    conn.commit()
    conn.close()
    with pytest.raises(StoreSchemaError, match="kunden"):
        SqliteStore(path)


def test_a_newer_schema_is_refused_with_advice(tmp_path):
    path = tmp_path / "neu.db"
    SqliteStore(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    with pytest.raises(StoreSchemaError, match="bitte Quartiernetz aktualisieren"):
        SqliteStore(path)


def test_missing_folder_is_reported(tmp_path):
    with pytest.raises(StoreUnavailableError, match="nicht erreichbar"):
        SqliteStore(tmp_path / "fehlt" / "netz.db")


def test_a_failed_batch_rolls_back_a_write_that_had_started(sqlite_store, monkeypatch):
    """If the write itself fails half-way (disk, constraint), nothing of the batch remains."""
    seed(sqlite_store)
    before = sqlite_store.stats()
    from graph.store.sqlite import ops as module

    original = module.SqliteOps.write

    def write_then_fail(self, record, rows):
        original(self, record, rows)
        if record == "tie":
            raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(module.SqliteOps, "write", write_then_fail)
    with pytest.raises(sqlite3.OperationalError):
        sqlite_store.apply({"actors": [{"name": "Neu", "kind": "association"}],
                            "ties": [{"source": "neu", "target": "sd", "kind": "informs"}]})
    assert sqlite_store.stats() == before


def test_a_batch_larger_than_one_write_chunk_is_written_whole(sqlite_store):
    from graph.store.base import WRITE_CHUNK

    n = 2 * WRITE_CHUNK + 1
    actors = [{"id": f"a{i:05d}", "name": f"Akteur {i}", "kind": "association"} for i in range(n)]
    ties = [{"source": f"a{i:05d}", "target": f"a{i + 1:05d}", "kind": "informs"} for i in range(n - 1)]
    result = sqlite_store.apply({"actors": actors, "ties": ties})
    assert (result.counts["actor"].created, result.counts["tie"].created) == (n, n - 1)
    stats = sqlite_store.stats()
    assert (stats["actors"]["association"], stats["ties"]["informs"]) == (n, n - 1)
    assert sqlite_store.apply({"actors": actors}).changed == 0


def test_close_waits_for_a_read_still_running_and_refuses_later_ones(tmp_path):
    """A query thread given up on (a 503) may still read when the app shuts down: closing its
    connection under it crashed the process (a segfault in sqlite3). close() now waits for it."""
    import threading
    import time

    store = SqliteStore(tmp_path / "q.db")
    store.apply({"areas": [{"id": "k10", "name": "Kreis 10", "level": "kreis"}]})
    reading, results = threading.Event(), []

    def slow_read() -> None:
        with store._reader() as conn:
            reading.set()
            time.sleep(0.5)  # the query is still running when close() is called
            results.append(conn.execute("SELECT count(*) FROM areas").fetchone()[0])

    thread = threading.Thread(target=slow_read)
    thread.start()
    assert reading.wait(10)
    started = time.monotonic()
    store.close()
    assert time.monotonic() - started >= 0.3  # close waited for the read
    thread.join(10)
    assert results == [1]
    with pytest.raises(StoreUnavailableError):
        store.list_actors()
