"""Erased personal data is gone from the SQLite files themselves: ``secure_delete`` is set by
the store (not left to the build), and after an erasure the WAL is checkpointed and truncated,
so the name is in neither the database file, nor the ``-wal``, nor the ``-shm`` file."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.store.base import Audit
from graph.store.sqlite import SqliteStore

NAME = "Zora Quellwasser-Eindeutig"  # a name that appears nowhere else
AREAS = [{"id": "hoengg", "name": "Höngg", "level": "quartier"}]


def _files(path: Path) -> dict[str, bytes]:
    return {suffix or ".db": Path(str(path) + suffix).read_bytes()
            for suffix in ("", "-wal", "-shm") if Path(str(path) + suffix).exists()}


def _holding(path: Path, text: str) -> list[str]:
    needle = text.encode()
    return sorted(name for name, data in _files(path).items() if needle in data)


@pytest.fixture
def written(tmp_path):
    """A store whose actor's contact person went through a few audited writes (the name is in
    the table, in the audit log, and in the WAL)."""
    path = tmp_path / "netz.db"
    store = SqliteStore(path)
    actors = [{"id": f"verein-{i}", "name": f"Verein {i}", "kind": "association",
               "areas": ["hoengg"]} for i in range(50)]
    store.apply({"areas": AREAS, "actors": actors}, audit=Audit("seed", "import", summary=True))
    store.apply({"actors": [{"id": "qv", "name": "Quartierverein", "kind": "association",
                             "areas": ["hoengg"], "contact": {"name": NAME,
                                                              "email": "zora@example.ch"}}]},
                audit=Audit("ed", "create"))
    for n in range(3):
        store.update("actor", "qv", {"description": f"Stand {n}"}, audit=Audit("ed", "update"))
    assert _holding(path, NAME)  # the test can fail: the name is on disk before
    yield store, path
    store.close()


def test_secure_delete_is_on(sqlite_store):
    assert sqlite_store._conn.execute("PRAGMA secure_delete").fetchone()[0] == 1


def test_a_deleted_actors_contact_is_in_no_file(written):
    store, path = written
    store.delete_actor("qv", audit=Audit("ed", "delete"))
    assert _holding(path, NAME) == []
    assert _holding(path, "zora@example.ch") == []
    assert _holding(path, "Verein 7")  # the rest is still there
    assert Path(str(path) + "-wal").stat().st_size == 0  # truncated


def test_a_removed_contact_is_in_no_file_and_the_actor_stays(written):
    store, path = written
    store.update("actor", "qv", {"contact": None}, audit=Audit("ed", "update"))
    assert _holding(path, NAME) == []
    assert store.get_actor("qv").description == "Stand 2"
    assert store.audit_log(record_id="qv").total == 5


def test_a_replaced_contact_is_in_no_file(written):
    store, path = written
    store.update("actor", "qv", {"contact": {"name": "Neue Person"}}, audit=Audit("ed", "update"))
    assert _holding(path, NAME) == []
    assert _holding(path, "Neue Person")


def test_the_erasure_survives_reopening_without_a_clean_close(written):
    store, path = written
    store.delete_actor("qv", audit=Audit("ed", "delete"))
    again = SqliteStore(path)  # as after a crash: another process opens the files as they are
    try:
        assert again.audit_log(record_id="qv").items[0]["action"] == "delete"
        assert _holding(path, NAME) == []
    finally:
        again.close()
