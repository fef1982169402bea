"""The views served by the API (``/api/v1/views/...``) on the Zurich sample in a real SQLite file.

Expected contents come from a second path through the system: the store's own area query, the
ego-network and invite endpoints of the JSON API, and ``quartiernetz view`` writing the same view.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.auth import hash_token
from graph.config import Settings
from graph.store.sqlite import SqliteStore
from tests.views.data import page_data

DAY = "2025-06-01"
INVITE = {"topics": ["Jugend"], "areas": ["Kreis 10"], "seats": 6, "reach_isolated": 1,
          "as_of": DAY}
ACCOUNTS = {"viewer": {"role": "viewer"},
            "reader10": {"role": "editor", "areas": ["kreis-10"], "read_scoped": True}}


@pytest.fixture(scope="module")
def client(zurich_db, tmp_path_factory) -> Iterator[TestClient]:
    path = tmp_path_factory.mktemp("view-routes") / "zh.db"
    shutil.copyfile(zurich_db, path)
    store = SqliteStore(path)
    for name, spec in ACCOUNTS.items():
        store.add_account(name, token_hash=hash_token(f"qn_view-{name}"), **spec)  # type: ignore[arg-type]
    app = create_app(Settings(), store=store)  # type: ignore[call-arg]
    try:
        with TestClient(app, raise_server_exceptions=False) as c:
            c.store = store  # type: ignore[attr-defined]
            yield c
    finally:
        store.close()


def auth(who: str = "viewer") -> dict[str, str]:
    return {"Authorization": f"Bearer qn_view-{who}"}


def test_area_view_is_an_offline_page_with_the_areas_actors(client):
    r = client.get(f"/api/v1/views/network?area=wipkingen&as_of={DAY}", headers=auth())
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("text/html")
    csp = r.headers["content-security-policy"]
    assert csp.startswith("default-src 'none'; script-src 'sha256-") and "frame-ancestors" in csp
    assert f'content="{csp.split("; frame-ancestors")[0]}"' in r.text  # header and page agree
    data = page_data(r.text)
    # forums are not drawn: the projection turns them into ties between their members
    inside = {a.id for a in client.store.list_actors(area="wipkingen", limit=10_000).items
              if a.kind != "forum"}
    faint = {v for v, row in zip(data["ids"], data["nodes"], strict=True) if row[5] & 16}
    assert set(data["ids"]) - faint == inside  # the area's own actors, partners outside faint
    assert "<h1>Gebiet Wipkingen</h1>" in r.text


def test_ego_view_shows_what_the_ego_endpoint_finds(client):
    found = client.get(f"/api/v1/analyses/ego/gz-wipkingen?hops=2&as_of={DAY}", headers=auth()).json()
    r = client.get(f"/api/v1/views/ego/gz-wipkingen?hops=2&as_of={DAY}", headers=auth())
    assert r.status_code == 200, r.text
    ids = set(page_data(r.text)["ids"])
    assert ids == {"gz-wipkingen"} | {a["id"] for a in found["actors"]}
    assert len(ids) > 5


def test_round_table_view_seats_what_the_invite_endpoint_seats(client, cli, tmp_path):
    seats = client.post("/api/v1/invite", json=INVITE, headers=auth()).json()["seats"]
    r = client.post("/api/v1/views/invite", json=INVITE, headers=auth())
    assert r.status_code == 200, r.text
    data = page_data(r.text)
    seated = [v for v, row in zip(data["ids"], data["nodes"], strict=True) if row[5] & 4]
    assert seated == sorted(s["id"] for s in seats) and len(seated) == 6
    out = tmp_path / "tisch.html"
    cli("view", "--invite", "--topic", "Jugend", "--area", "Kreis 10", "--seats", "6",
        "--reach-isolated", "1", "--as-of", DAY, "-o", str(out))
    assert page_data(out.read_text("utf-8"))["ids"] == data["ids"]  # the CLI draws the same table


def test_language_from_the_query_or_the_browser(client):
    en = client.get(f"/api/v1/views/network?area=wipkingen&lang=en&as_of={DAY}", headers=auth())
    assert "<h1>Area Wipkingen</h1>" in en.text and '<html lang="en">' in en.text
    browser = client.get(f"/api/v1/views/network?area=wipkingen&as_of={DAY}",
                         headers={**auth(), "Accept-Language": "en-GB,en;q=0.9,de;q=0.5"})
    assert "<h1>Area Wipkingen</h1>" in browser.text
    swiss = client.get(f"/api/v1/views/network?area=wipkingen&as_of={DAY}",
                       headers={**auth(), "Accept-Language": "de-CH"})
    assert "<h1>Gebiet Wipkingen</h1>" in swiss.text and "ß" not in swiss.text.split("<script")[0]


def test_tokens_scopes_and_bad_input_answer_as_problems(client):
    assert client.get("/api/v1/views/network").status_code == 401
    limited = client.get("/api/v1/views/network", headers=auth("reader10"))
    assert limited.status_code == 403  # a read-limited account must name its area
    assert client.get(f"/api/v1/views/network?area=kreis-10&as_of={DAY}",
                      headers=auth("reader10")).status_code == 200
    outside = client.get("/api/v1/views/ego/gz-bachwiesen", headers=auth("reader10"))  # Kreis 9
    inside = client.get("/api/v1/views/ego/gz-wipkingen", headers=auth("reader10"))  # Kreis 10
    assert (outside.status_code, inside.status_code) == (404, 200)
    for path in ("/api/v1/views/network?area=no-such-area", "/api/v1/views/ego/no-such-actor"):
        r = client.get(path, headers=auth())
        assert r.status_code == 404 and r.headers["content-type"] == "application/problem+json"
    r = client.post("/api/v1/views/invite", json={**INVITE, "topics": ["Raumfahrt"]}, headers=auth())
    assert r.status_code == 422 and "Raumfahrt" in r.text
    r = client.post("/api/v1/views/invite", json={**INVITE, "colour": "red"}, headers=auth())
    assert r.status_code == 422 and "colour" in r.text
