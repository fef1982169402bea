"""Free-text search and area lists on every store, against a brute force over the same actors.

The SQLite store answers text of three or more characters from a trigram index and pages
through its (name, id) index; the expected answers here come from Python's ``in`` over
:func:`graph.model.search_text` and a plain sort, so an index that missed or invented a match, or
a page out of order, would show.
"""

from __future__ import annotations

import random

import pytest

from graph.model import search_key, search_text
from graph.store.sqlite import SqliteStore

WORDS = ["Verein", "Höngg", "Quartier", "Treff", "Zürich", "Alter", "Jugend", "GZ", "Spielgruppe",
         "Café", "Strasse", "Musik", "ab", "x'y", 'Zitat "eins"', "100%", "a_b", "Süd"]
AREAS = [{"id": "zuerich", "name": "Zürich", "level": "city"},
         {"id": "kreis-10", "name": "Kreis 10", "level": "kreis", "parent": "zuerich"},
         {"id": "hoengg", "name": "Höngg", "level": "quartier", "parent": "kreis-10"},
         {"id": "kreis-6", "name": "Kreis 6", "level": "kreis", "parent": "zuerich"}]
KINDS = ["association", "institution", "resident_group", "city_unit"]


def network(n: int = 120) -> list[dict]:
    rng = random.Random(7)
    actors = []
    for i in range(n):
        name = " ".join(rng.sample(WORDS, rng.randint(1, 3))) + f" {i}"
        actors.append({"id": f"a{i:03d}", "name": name, "kind": rng.choice(KINDS),
                       "areas": [rng.choice(["hoengg", "kreis-10", "kreis-6", "zuerich"])],
                       "description": rng.choice(["", "Treffpunkt für alle", "Beratung"])})
    return actors


def expected(actors: list[dict], q: str, areas: set[str] | None = None,
             kind: str | None = None) -> list[str]:
    key = search_key(q)
    hits = [a for a in actors
            if key in search_text(a["id"], a["name"], a["description"])
            and (areas is None or set(a["areas"]) & areas) and (kind is None or a["kind"] == kind)]
    return [a["id"] for a in sorted(hits, key=lambda a: (search_key(a["name"]), a["id"]))]


QUERIES = ["verein", "hongg", "hoengg", "HÖNGG", "ab", "a", "x'y", 'zitat "eins', "100%", "a_b",
           "treff 1", "e", "süd", "sud", "zzz", "ve", "rein tr", "1", "11", "café"]


@pytest.fixture
def searchable(store):  # type: ignore[no-untyped-def]
    actors = network()
    store.apply({"areas": AREAS, "actors": actors})
    return store, actors


def test_search_finds_exactly_what_a_brute_force_finds(searchable):
    store, actors = searchable
    for q in QUERIES:
        want = expected(actors, q)
        page = store.list_actors(q=q, limit=500)
        assert (page.total, [a.id for a in page.items]) == (len(want), want), q
        second = store.list_actors(q=q, offset=3, limit=4)
        assert [a.id for a in second.items] == want[3:7], q


def test_search_with_area_and_kind_filters_pages_in_name_order(searchable):
    store, actors = searchable
    below = {"kreis-10", "hoengg"}
    for q in ("verein", "e", "treff", None):
        want = expected(actors, q or "", below)
        page = store.list_actors(q=q, area="kreis-10", limit=500)
        assert (page.total, [a.id for a in page.items]) == (len(want), want), q
        pages = [a.id for off in range(0, len(want) + 5, 5)
                 for a in store.list_actors(q=q, area="kreis-10", offset=off, limit=5).items]
        assert pages == want, q
        with_kind = expected(actors, q or "", below, "association")
        got = store.list_actors(q=q, area="kreis-10", kind="association", limit=500)
        assert [a.id for a in got.items] == with_kind, q


def test_the_search_index_follows_changes_and_deletes(searchable):
    store, actors = searchable
    store.upsert_actors([{**actors[0], "name": "Ganz Neu Quizverein"}])
    assert [a.id for a in store.list_actors(q="quizverein").items] == ["a000"]
    assert actors[0]["id"] not in [a.id for a in store.list_actors(q=actors[0]["name"]).items]
    store.delete_actor("a000")
    assert store.list_actors(q="quizverein").total == 0


def test_an_older_sqlite_file_gets_its_search_index_on_opening(tmp_path):
    path = tmp_path / "alt.db"
    actors = network(40)
    with SqliteStore(path) as store:
        store.apply({"areas": AREAS, "actors": actors})
        conn = store._conn  # back to schema 2: as a file written before the index existed
        for trigger in ("insert", "delete", "update"):
            conn.execute(f"DROP TRIGGER actors_search_{trigger}")
        conn.execute("DROP TABLE actors_search")
        for table in _tables_after(3):  # and what later migrations made (needs, meetings, ...)
            conn.execute(f"DROP TABLE {table}")
        conn.execute("PRAGMA user_version = 2")
    with SqliteStore(path) as store:
        for q in ("verein", "treff", "höngg 3"):
            assert [a.id for a in store.list_actors(q=q, limit=500).items] == expected(actors, q)


def _tables_after(version: int) -> list[str]:
    """The tables the migrations after ``version`` create (run on an empty in-memory database)."""
    import sqlite3

    from graph.store.sqlite.schema import MIGRATIONS, statements

    def tables(migrations: list[str]) -> set[str]:
        conn = sqlite3.connect(":memory:")
        for migration in migrations:
            for statement in statements(migration):
                conn.execute(statement)
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}

    return sorted(tables(MIGRATIONS) - tables(MIGRATIONS[:version]), reverse=True)


def _triggers(store: SqliteStore) -> set[str]:
    rows = store._conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall()
    return {r[0] for r in rows}


def test_a_large_batch_is_indexed_once_and_the_triggers_come_back(sqlite_store):
    """A batch of >= BULK_SEARCH_ROWS actors drops the row-by-row triggers for its transaction
    and rebuilds the index at the end: the answers equal the brute force all the same, later
    single writes are indexed again, and a refused batch leaves the triggers in place."""
    from graph.errors import InvalidInputError
    from graph.store.sqlite import BULK_SEARCH_ROWS

    before = _triggers(sqlite_store)
    assert {"actors_search_insert", "actors_search_update", "actors_search_delete"} <= before
    actors = network(BULK_SEARCH_ROWS + 200)
    sqlite_store.apply({"areas": AREAS, "actors": actors})
    assert _triggers(sqlite_store) == before
    for q in ("verein", "hongg", "treff 1", "süd", "1199"):
        assert [a.id for a in sqlite_store.list_actors(q=q, limit=2000).items] == expected(actors, q)

    renamed = {**actors[5], "name": "Neuer Name Zyx"}
    added = {"id": "b-1", "name": "Quxtreff Verein", "kind": "association", "areas": [],
             "description": ""}
    sqlite_store.apply({"actors": [renamed, added]})  # small: row by row, through the triggers
    now = [renamed if a["id"] == renamed["id"] else a for a in actors] + [added]
    for q in ("zyx", "quxtreff", "verein", actors[5]["name"].split()[0]):
        assert [a.id for a in sqlite_store.list_actors(q=q, limit=2000).items] == expected(now, q)

    big = [{"id": f"c{i}", "name": f"Chor {i}", "kind": "association"} for i in range(BULK_SEARCH_ROWS * 5)]
    with pytest.raises(InvalidInputError):
        sqlite_store.apply({"actors": big, "ties": [{"source": "c1", "target": "nirgends",
                                                     "kind": "cooperates_with"}]})
    assert _triggers(sqlite_store) == before and sqlite_store.list_actors(q="chor").items == []
