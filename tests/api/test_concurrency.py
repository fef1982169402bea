"""No lost updates, through a real HTTP server (uvicorn on a socket) on both stores: concurrent
PATCHes of different fields of one actor both survive; every record carries an ETag; a stale
``If-Match`` gets 412 and changes nothing."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator

import httpx
import pytest
import uvicorn

from api.app import create_app
from graph.config import Settings

AUTH = {"Authorization": "Bearer qn_test-editor-token"}
PAIRS = 100


@pytest.fixture
def server(seeded_store) -> Iterator[str]:
    """The API served by uvicorn in a thread, on the seeded store; yields its base URL."""
    app = create_app(Settings())  # type: ignore[call-arg]
    app.state.store = seeded_store
    sock = socket.create_server(("127.0.0.1", 0))
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on")
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not running.started:
        thread.join(0.02)
        assert thread.is_alive(), "the server did not start"
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}/api/v1"
    finally:
        running.should_exit = True
        thread.join(10)
        sock.close()


def test_concurrent_patches_of_different_fields_lose_nothing(server):
    barrier = threading.Barrier(2)
    answers: list[int] = []

    def patch(client: httpx.Client, body: dict) -> None:
        barrier.wait()
        answers.append(client.patch(f"{server}/actors/gz-hoengg", json=body, headers=AUTH).status_code)

    lost = []
    with httpx.Client(timeout=30) as one, httpx.Client(timeout=30) as two:
        for i in range(PAIRS):
            description, tags = f"Beschreibung {i}", [f"runde-{i}"]
            threads = [threading.Thread(target=patch, args=(one, {"description": description})),
                       threading.Thread(target=patch, args=(two, {"tags": tags}))]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            stored = one.get(f"{server}/actors/gz-hoengg", headers=AUTH).json()
            if (stored["description"], stored["tags"]) != (description, tags):
                lost.append((i, stored["description"], stored["tags"]))
    assert answers == [200] * (2 * PAIRS)
    assert lost == []


def test_every_record_has_an_etag_that_changes_with_it(server):
    with httpx.Client(base_url=server, headers=AUTH, timeout=30) as client:
        for path in ("/actors/gz-hoengg", "/ties/cooperates_with:gz-hoengg:qv-hoengg",
                     "/areas/hoengg", "/topics/alter"):
            first = client.get(path)
            assert first.status_code == 200
            assert first.headers["etag"].startswith('"') and len(first.headers["etag"]) == 18
            assert client.get(path).headers["etag"] == first.headers["etag"]  # stable
        made = client.post("/actors", json={"id": "neu", "name": "Neu", "kind": "association",
                                            "areas": ["hoengg"]})
        assert made.status_code == 201
        assert made.headers["etag"] == client.get("/actors/neu").headers["etag"]
        changed = client.patch("/actors/neu", json={"description": "anders"})
        assert changed.headers["etag"] not in ("", made.headers["etag"])
        assert changed.headers["etag"] == client.get("/actors/neu").headers["etag"]
        assert changed.headers["server-timing"].startswith("write;dur=")


def test_a_stale_if_match_is_412_and_changes_nothing(server):
    with httpx.Client(base_url=server, headers=AUTH, timeout=30) as client:
        loaded = client.get("/actors/gz-hoengg")
        stale = loaded.headers["etag"]
        saved = client.patch("/actors/gz-hoengg", json={"description": "erste Änderung"},
                             headers={"If-Match": stale})
        assert saved.status_code == 200
        for method, body in (("PATCH", {"name": "Zweite Änderung"}), ("DELETE", None)):
            refused = client.request(method, "/actors/gz-hoengg", json=body,
                                     headers={"If-Match": stale})
            assert refused.status_code == 412, refused.text
            assert refused.headers["content-type"] == "application/problem+json"
            problem = refused.json()
            assert problem["code"] == "precondition_failed"
            assert "inzwischen von jemand anderem geändert" in problem["detail"]
        now = client.get("/actors/gz-hoengg")
        assert now.json()["name"] == "GZ Höngg"
        assert now.json()["description"] == "erste Änderung"
        assert now.headers["etag"] == saved.headers["etag"]
        english = client.patch("/actors/gz-hoengg?lang=en", json={"name": "X"},
                               headers={"If-Match": stale, "Accept-Language": "en"})
        assert english.status_code == 412
        gone = client.delete("/actors/gz-hoengg", headers={"If-Match": now.headers["etag"]})
        assert gone.status_code == 204
        assert client.get("/actors/gz-hoengg").status_code == 404
