"""Fixtures for the API tests: an app on a real store, with one account per role.

``seeded`` holds a small network: Kreis 10 (with Höngg) and Kreis 6 (with Unterstrass), an actor
in each, a tie between them and one inside Kreis 10; ``tokens`` has a token for a viewer, an
editor limited to Kreis 10, a city-wide editor, a read-limited editor and an admin.

``seeded_store`` and ``api`` are parametrised over both stores (``sqlite`` and ``bolt``), so the
whole API suite runs on each. SQLite copies a seeded file; Bolt takes a seeded database from
:class:`BoltSeeds`, which hands a database out again only if the test left it exactly as seeded
(same version, audit log and accounts) and otherwise wipes and seeds it again.
"""

from __future__ import annotations

import contextlib
import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.app import create_app
from api.auth import hash_token
from graph.config import Settings
from graph.i18n import set_language
from graph.store import Store
from graph.store.sqlite import SqliteStore

BACKENDS = ["sqlite", pytest.param("bolt", marks=pytest.mark.bolt)]

AREAS = [
    {"id": "zuerich", "name": "Zürich", "level": "city"},
    {"id": "kreis-10", "name": "Kreis 10", "level": "kreis", "parent": "zuerich"},
    {"id": "hoengg", "name": "Höngg", "level": "quartier", "parent": "kreis-10"},
    {"id": "kreis-6", "name": "Kreis 6", "level": "kreis", "parent": "zuerich"},
    {"id": "unterstrass", "name": "Unterstrass", "level": "quartier", "parent": "kreis-6"},
]
TOPICS = [{"id": "alter", "name": "Alter"}, {"id": "jugend", "name": "Jugend"}]
CONTACT = {"name": "Anna Muster", "email": "anna@example.ch", "phone": "044 111 22 33"}
ACTORS = [
    {"id": "qv-hoengg", "name": "Quartierverein Höngg", "kind": "association", "areas": ["hoengg"],
     "topics": ["alter"], "contact": CONTACT},
    {"id": "gz-hoengg", "name": "GZ Höngg", "kind": "institution", "areas": ["hoengg"],
     "topics": ["jugend", "alter"], "description": "Gemeinschaftszentrum"},
    {"id": "qv-unterstrass", "name": "Quartierverein Unterstrass", "kind": "association",
     "areas": ["unterstrass"], "topics": ["alter"]},
    {"id": "sd", "name": "Soziale Dienste", "kind": "city_unit", "areas": ["zuerich"],
     "topics": ["alter", "jugend"]},
]
TIES = [
    {"source": "gz-hoengg", "target": "qv-hoengg", "kind": "cooperates_with", "weight": 4},
    {"source": "qv-hoengg", "target": "qv-unterstrass", "kind": "informs", "weight": 2},
    {"source": "sd", "target": "qv-unterstrass", "kind": "funds", "weight": 3},
]
ROLES = {
    "viewer": {"role": "viewer"},
    "editor10": {"role": "editor", "areas": ["kreis-10"]},
    "editor": {"role": "editor"},
    "reader10": {"role": "editor", "areas": ["kreis-10"], "read_scoped": True},
    "admin": {"role": "admin"},
}


def seed(store: Store) -> dict[str, str]:
    store.apply({"areas": AREAS, "topics": TOPICS, "actors": ACTORS, "ties": TIES})
    tokens = {}
    for name, spec in ROLES.items():
        token = f"qn_test-{name}-token"
        store.add_account(name, token_hash=hash_token(token), **spec)
        tokens[name] = token
    return tokens


@dataclass
class Api:
    client: TestClient
    store: Store
    tokens: dict[str, str]

    def headers(self, who: str | None) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[who]}"} if who else {}

    def call(self, method: str, path: str, who: str | None = "admin", **kwargs):  # type: ignore[no-untyped-def]
        headers = {**self.headers(who), **kwargs.pop("headers", {})}
        return self.client.request(method, path, headers=headers, **kwargs)


_APPS: dict[tuple, FastAPI] = {}


def make_api(store: Store, *, seeded: bool = False, **settings: object) -> Iterator[Api]:
    """``store`` (seeded here unless ``seeded``) behind the API; apps are built once per
    settings and reused."""
    tokens = {name: f"qn_test-{name}-token" for name in ROLES} if seeded else seed(store)
    key = tuple(sorted(settings.items()))
    if key not in _APPS:
        _APPS[key] = create_app(Settings(**settings))  # type: ignore[arg-type]
    app = _APPS[key]
    app.state.store = store
    try:
        with TestClient(app, raise_server_exceptions=False) as client:
            yield Api(client, store, tokens)
    finally:
        app.state.store = None


@pytest.fixture(autouse=True)
def _language_back_to_default() -> Iterator[None]:
    """``quartiernetz --lang en`` sets the language for the whole process: undo it after each
    test, or later tests (tests/store) read English messages where they expect German."""
    yield
    set_language(None)


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory) -> Path:
    """A seeded SQLite file, made once; tests copy it (much faster than seeding each time)."""
    path = tmp_path_factory.mktemp("template") / "seeded.db"
    store = SqliteStore(path)
    seed(store)
    store.close()
    return path


@pytest.fixture
def seeded_sqlite(seeded_template, tmp_path) -> Iterator[SqliteStore]:
    path = tmp_path / "quartiernetz.db"
    shutil.copyfile(seeded_template, path)
    store = SqliteStore(path)
    yield store
    store.close()


#: user and password of the Bolt server in use (for the command line in :func:`cli_options`)
BOLT_LOGIN: dict[str, str] = {}


def cli_options(store: Store) -> tuple[list[str], dict[str, str]]:
    """Global options and environment with which the command line opens ``store``."""
    if store.backend == "sqlite":
        return ["--db", str(store.path)], {}  # type: ignore[attr-defined]
    env = {"QUARTIERNETZ_STORE": "neo4j", "NEO4J_URI": store.uri,  # type: ignore[attr-defined]
           "NEO4J_USER": BOLT_LOGIN["user"], "NEO4J_PASSWORD": BOLT_LOGIN["password"]}
    if store.database:  # type: ignore[attr-defined]
        env["NEO4J_DATABASE"] = store.database  # type: ignore[attr-defined]
    return [], env


def fingerprint(store: Store) -> tuple:
    """What a test may have changed: the version, the audit log and the accounts."""
    audit = store.audit_log(limit=1)
    return (store.version(), audit.total, [a.to_dict() for a in store.accounts()])


class BoltSeeds:
    """Seeded Bolt databases for the API tests, reused while a test leaves them as seeded.

    Making one costs about 0.7 s on the ArcadeDB stand-in (schema, then the seed); most API
    tests only read or are refused, so a database is handed out again unless its
    :func:`fingerprint` changed, in which case it is wiped and seeded afresh.
    """

    def __init__(self, target: tuple) -> None:
        self.uri, self.user, self.password, self.make_database, self.wipe_first = target
        BOLT_LOGIN.update(user=self.user, password=self.password)
        self.clean: list[tuple[Store, tuple]] = []
        self.made = 0

    def take(self) -> tuple[Store, tuple]:
        if self.clean:
            return self.clean.pop()
        store = self.make()
        return store, fingerprint(store)

    def make(self, uri: str | None = None) -> Store:
        """A newly seeded database, reached at ``uri`` (default: the server's own address)."""
        from graph.store.neo4j import Neo4jStore

        store = Neo4jStore(uri or self.uri, self.user, self.password, database=self.make_database())
        if self.wipe_first:
            self.reseed(store)
        else:
            seed(store)
        self.made += 1
        return store

    @staticmethod
    def reseed(store: Store) -> None:
        store.wipe()  # type: ignore[attr-defined]
        store.init()
        seed(store)

    def give_back(self, store: Store, seeded: tuple) -> None:
        try:
            if fingerprint(store) != seeded:
                self.reseed(store)
                seeded = fingerprint(store)
        except Exception:
            store.close()  # a test broke the connection (on purpose): use a new one next time
            return
        self.clean.append((store, seeded))

    def close(self) -> None:
        for store, _ in self.clean:
            store.close()
        self.clean.clear()


@pytest.fixture(scope="session")
def bolt_seeds(bolt_target) -> Iterator[BoltSeeds]:
    seeds = BoltSeeds(bolt_target)
    yield seeds
    seeds.close()


@pytest.fixture
def seeded_bolt(bolt_seeds) -> Iterator[Store]:
    store, seeded = bolt_seeds.take()
    yield store
    bolt_seeds.give_back(store, seeded)


@pytest.fixture(params=BACKENDS)
def seeded_store(request) -> Iterator[Store]:
    """The seeded network on each store: a fresh copy of the file, or a seeded Bolt database."""
    yield request.getfixturevalue(f"seeded_{request.param}")


class StallProxy:
    """A TCP relay to the Bolt server that can stop passing bytes on: ``with proxy.stalled():``
    the database is alive but answers nothing, as when it hangs or the network does."""

    def __init__(self, host: str, port: int) -> None:
        self.target = (host, port)
        self.flowing = threading.Event()
        self.flowing.set()
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
                upstream = socket.create_connection(self.target)
            except OSError:
                return
            for src, dst in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(src, dst), daemon=True).start()

    def _pump(self, src: socket.socket, dst: socket.socket) -> None:
        try:
            while data := src.recv(65536):
                self.flowing.wait()
                dst.sendall(data)
        except OSError:
            pass
        finally:  # one side hung up: end both directions
            for sock in (src, dst):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()

    @contextlib.contextmanager
    def stalled(self) -> Iterator[None]:
        self.flowing.clear()
        try:
            yield
        finally:
            self.flowing.set()

    def close(self) -> None:
        self.flowing.set()
        self.listener.close()


@pytest.fixture(params=BACKENDS)
def stallable(request) -> Iterator[tuple[Store, Callable[[], AbstractContextManager]]]:  # type: ignore[no-untyped-def]
    """The seeded network on each store, and ``stall()``: a context in which the store takes
    no query on (SQLite: its read connections wait, as on a hung disk; Bolt: no byte passes
    between the driver and the server)."""
    if request.param == "sqlite":
        store = request.getfixturevalue("seeded_sqlite")
        yield store, lambda: _stalled_reads(store)
        return
    seeds = request.getfixturevalue("bolt_seeds")
    host, port = seeds.uri.split("://", 1)[1].rsplit(":", 1)
    proxy = StallProxy(host, int(port))
    store = seeds.make(f"bolt://127.0.0.1:{proxy.port}")
    try:
        yield store, proxy.stalled
    finally:
        # Queries given up on (503) are still running in worker threads: let them finish
        # before the driver is closed under them.
        proxy.flowing.set()
        store.ping()
        time.sleep(0.5)
        store.close()
        proxy.close()


@contextlib.contextmanager
def _stalled_reads(store: SqliteStore) -> Iterator[None]:
    """SQLite reads wait until the context ends (WAL: a write lock no longer holds them)."""
    flowing = threading.Event()
    reader = store._reader

    @contextlib.contextmanager
    def waiting() -> Iterator[object]:
        flowing.wait()
        with reader() as conn:
            yield conn

    store._reader = waiting  # type: ignore[method-assign]
    try:
        yield
    finally:
        flowing.set()
        del store._reader


@pytest.fixture
def api(seeded_store) -> Iterator[Api]:
    """The API on the seeded network, on each store (SQLite and Bolt)."""
    yield from make_api(seeded_store, seeded=True)


@pytest.fixture
def sqlite_api(seeded_sqlite) -> Iterator[Api]:
    """The API on a seeded SQLite store, for what only SQLite has (a file the CLI can open)."""
    yield from make_api(seeded_sqlite, seeded=True)


@pytest.fixture
def any_api(api) -> Api:
    """The API on each store (SQLite and Bolt); the same as ``api``."""
    return api
