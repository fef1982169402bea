"""``quartiernetz users add|list|revoke``: the token is printed once, alone on the last line."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from api.app import create_app
from api.cli import app
from graph.config import Settings
from graph.store.sqlite import SqliteStore
from tests.api.conftest import AREAS

runner = CliRunner()


def cli(db, *args):  # type: ignore[no-untyped-def]
    return runner.invoke(app, ["--db", str(db), "--lang", "en", *args])


def test_users_add_prints_the_token_last_and_it_works_until_revoked(tmp_path):
    from fastapi.testclient import TestClient

    db = tmp_path / "netz.db"
    with SqliteStore(db) as store:
        store.apply({"areas": AREAS})
    added = cli(db, "users", "add", "anna", "--role", "editor", "--area", "kreis-10")
    assert added.exit_code == 0, added.output
    lines = added.output.strip().splitlines()
    token = lines[-1]
    assert token.startswith("qn_") and " " not in token and len(token) > 40
    assert "kreis-10" in added.output

    listed = json.loads(cli(db, "users", "list", "--format", "json").output)
    assert [(a["name"], a["role"], a["areas"]) for a in listed] == [("anna", "editor", ["kreis-10"])]
    assert token not in cli(db, "users", "list").output

    with SqliteStore(db) as store:
        assert token not in db.read_bytes().decode("latin-1")  # only the hash is stored
        with TestClient(create_app(Settings(QUARTIERNETZ_TOKEN_CACHE_SECONDS=0), store=store)) as client:  # type: ignore[call-arg]
            auth = {"Authorization": f"Bearer {token}"}
            assert client.get("/api/v1/actors", headers=auth).status_code == 200
            assert cli(db, "users", "revoke", "anna").exit_code == 0
            assert client.get("/api/v1/actors", headers=auth).status_code == 401


def test_users_add_refuses_a_taken_name_a_bad_role_and_unknown_areas(tmp_path):
    db = tmp_path / "netz.db"
    assert cli(db, "users", "add", "anna").exit_code == 0
    again = cli(db, "users", "add", "anna", "--role", "admin")
    assert again.exit_code == 1 and "qn_" not in again.output
    bad = cli(db, "users", "add", "bob", "--role", "king", "--area", "kreis-99")
    assert bad.exit_code == 1
    assert "king" in bad.output and "kreis-99" in bad.output
    assert cli(db, "users", "revoke", "nobody").exit_code == 1


def test_first_admin_only_on_first_start_with_a_login_link(tmp_path):
    from fastapi.testclient import TestClient

    db = tmp_path / "netz.db"
    first = cli(db, "users", "first-admin", "--url", "http://127.0.0.1:8000")
    assert first.exit_code == 0, first.output
    token = first.output.strip().splitlines()[-1]
    assert f"http://127.0.0.1:8000/login#token={token}" in first.output
    again = cli(db, "users", "first-admin")
    assert again.exit_code == 0 and token not in again.output and "qn_" not in again.output
    with SqliteStore(db) as store:
        assert [(a.name, a.role) for a in store.accounts()] == [("admin", "admin")]
        with TestClient(create_app(Settings(), store=store)) as client:
            page = client.get("/login")
            assert page.status_code == 200 and "location.hash" in page.text
            assert page.headers["cache-control"] == "no-store"
            auth = {"Authorization": f"Bearer {token}"}
            assert client.get("/api/v1/audit", headers=auth).status_code == 200
