"""Shared fixtures: real stores, never mocks of our own code.

- ``sqlite_store``: a fresh SQLite file in ``tmp_path``.
- ``store``: parametrised over both backends; the ``bolt`` run uses a real Bolt server: the
  ArcadeDB stand-in started once per session (tests/bolt_server.py), or the Neo4j named by
  ``NEO4J_URI`` if that is set. Each test gets a fresh, empty database.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest

from graph.i18n import set_language
from graph.store.sqlite import SqliteStore


@pytest.fixture(autouse=True)
def _language_reset():
    """Every test starts and ends with the default language (a CLI call with --lang en sets
    it for the process)."""
    set_language(None)
    yield
    set_language(None)


@pytest.fixture
def sqlite_store(tmp_path) -> Iterator[SqliteStore]:
    store = SqliteStore(tmp_path / "quartiernetz.db")
    yield store
    store.close()


@pytest.fixture(scope="session")
def bolt_target():
    """(uri, user, password, make_database) for the Bolt run."""
    if os.environ.get("NEO4J_URI"):
        uri = os.environ["NEO4J_URI"]
        user = os.environ.get("NEO4J_USER", "neo4j")
        password = os.environ.get("NEO4J_PASSWORD", "neo4j")
        database = os.environ.get("NEO4J_DATABASE")

        def make_database() -> str | None:
            return database  # a real Neo4j: the store is wiped before each test

        yield uri, user, password, make_database, True
        return
    from tests.bolt_server import BoltServer

    server = BoltServer()
    server.start()
    try:

        def make_database() -> str:
            name = "t" + uuid.uuid4().hex[:12]
            server.create_database(name)
            return name

        yield server.uri, server.user, server.password, make_database, False
    finally:
        server.stop()


@pytest.fixture
def bolt_store(bolt_target):
    from graph.store.neo4j import Neo4jStore

    uri, user, password, make_database, wipe = bolt_target
    store = Neo4jStore(uri, user, password, database=make_database())
    if wipe:
        store.wipe()
    store.init()
    yield store
    store.close()


@pytest.fixture(params=["sqlite", pytest.param("bolt", marks=pytest.mark.bolt)])
def store(request, tmp_path):
    """Each store behind the one interface: the contract suite runs once per backend."""
    if request.param == "sqlite":
        s = SqliteStore(tmp_path / "quartiernetz.db")
        yield s
        s.close()
    else:
        yield request.getfixturevalue("bolt_store")
