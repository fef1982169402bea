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


# -- copies left by a page rebalance --------------------------------------------------------
# SQLite rebuilds a b-tree page after rows move between pages without zeroing the gap between
# its cell pointers and its cells, so a copy of a row can stay there, unreferenced, where
# secure_delete never reaches it (graph/store/sqlite/scrub.py). The network below (the crash
# test's) has such a copy: the first assertion of the first test shows it is there before.

def _contact(i: int) -> str:
    return f"Kontaktperson-{i:03d}-Xqz"


@pytest.fixture
def rebalanced(tmp_path):
    path = tmp_path / "netz.db"
    store = SqliteStore(path)
    store.apply({"areas": AREAS})
    actors = [{"id": f"a{i:03d}", "name": f"Verein {i}", "kind": "association", "areas": ["hoengg"],
               "contact": {"name": _contact(i), "email": f"k{i}@example.ch"}} for i in range(40)]
    ties = [{"source": f"a{i:03d}", "target": f"a{(i + 1) % 40:03d}", "kind": "informs"}
            for i in range(40)]
    store.apply({"actors": actors, "ties": ties}, audit=Audit("seed", "create"))
    store.apply({"actors": [{**a, "description": "aktiv"} for a in actors]},
                audit=Audit("seed", "update"))
    yield store, path
    store.close()


def _copies(path: Path, text: str) -> int:
    return sum(data.count(text.encode()) for data in _files(path).values())


def test_a_copy_left_by_a_page_rebalance_is_erased_too(rebalanced):
    store, path = rebalanced
    store._checkpoint()
    # each contact is stored 4 times (the actor, the create entry, the update's before and
    # after); a fifth copy is a rebalance's leftover (a second source: the file's bytes)
    left_over = [i for i in range(40) if _copies(path, _contact(i)) > 4]
    assert left_over, "the network no longer has a leftover copy: the test would prove nothing"
    # those first (later deletes can rebuild the page and overwrite the copy by chance)
    for n, i in enumerate(left_over + [i for i in range(40) if i not in left_over]):
        store.delete_actor(f"a{i:03d}", audit=Audit("ed", "delete"))
        assert _holding(path, _contact(i)) == [], f"a{i:03d}"
        assert _holding(path, f"k{i}@example.ch") == [], f"a{i:03d}"
        if n == 0:  # the rest is still stored, found by the search index rebuilt after VACUUM
            assert [a.id for a in store.list_actors(q="Verein 3").items] == [
                f"a{j:03d}" for j in [3, *range(30, 40)] if j != i]


def test_a_contact_replaced_by_an_import_without_entries_leaves_no_copy(rebalanced):
    store, path = rebalanced
    store.apply({"actors": [{"id": f"a{i:03d}", "name": f"Verein {i}", "kind": "association",
                             "areas": ["hoengg"], "contact": {"name": f"Neu {i}"}}
                            for i in range(40)]}, audit=Audit("ed", "import", summary=True))
    assert [i for i in range(40) if _holding(path, _contact(i))] == []
    assert store.get_actor("a020").contact.name == "Neu 20"


def test_a_contact_another_actor_still_has_stays(rebalanced):
    store, path = rebalanced
    store.apply({"actors": [{"id": "zweit", "name": "Zweitverein", "kind": "association",
                             "areas": ["hoengg"], "contact": {"name": _contact(20)}}]})
    store.delete_actor("a020", audit=Audit("ed", "delete"))
    assert store.get_actor("zweit").contact.name == _contact(20)
    assert _holding(path, _contact(20))  # the other actor's, rightly


def test_compact_removes_leftover_copies_and_keeps_the_network(rebalanced):
    from typer.testing import CliRunner

    from api.cli import app

    store, path = rebalanced
    store._checkpoint()
    left_over = [i for i in range(40) if _copies(path, _contact(i)) > 4]
    assert left_over  # as above: the test can fail
    size = path.stat().st_size
    result = CliRunner().invoke(app, ["--db", str(path), "compact"])
    assert result.exit_code == 0, result.output
    assert f"{size:,}".replace(",", "'") in result.output  # "Datenbank neu geschrieben: 262'144 -> …"
    assert [i for i in range(40) if _copies(path, _contact(i)) != 4] == []
    assert path.stat().st_size <= size
    assert store._conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert [a.id for a in store.list_actors(q="Verein 2").items] == [
        f"a{j:03d}" for j in [2, *range(20, 30)]]
    assert store.get_actor("a020").contact.name == _contact(20)
