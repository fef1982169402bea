"""Fixtures for the API tests: an app on a real store, with one account per role.

``seeded`` holds a small network: Kreis 10 (with Höngg) and Kreis 6 (with Unterstrass), an actor
in each, a tie between them and one inside Kreis 10; ``tokens`` has a token for a viewer, an
editor limited to Kreis 10, a city-wide editor, a read-limited editor and an admin.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.app import create_app
from api.auth import hash_token
from graph.config import Settings
from graph.store import Store
from graph.store.sqlite import SqliteStore

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


@pytest.fixture
def api(sqlite_store) -> Iterator[Api]:
    """The API on a seeded SQLite store."""
    yield from make_api(sqlite_store)


@pytest.fixture
def any_api(store) -> Iterator[Api]:
    """The API on each store (SQLite and Bolt)."""
    yield from make_api(store)
