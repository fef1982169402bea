"""Fast and safe under load: single flight, timeouts as 503, an unreachable store as 503; on
both stores (a stalled store: SQLite's lock held, or Bolt bytes held back by a relay)."""

from __future__ import annotations

import asyncio
import threading
import time

import httpx

from api.app import create_app
from api.compute import Analyses
from graph.config import Settings
from tests.api.conftest import make_api

AUTH = {"Authorization": "Bearer qn_test-admin-token"}


def _app_on(store, timeout: float = 20.0):  # type: ignore[no-untyped-def]
    app = create_app(Settings(QUARTIERNETZ_QUERY_TIMEOUT=timeout))  # type: ignore[call-arg]
    app.state.store = store
    app.state.analyses = Analyses(store, timeout)
    return app


def test_concurrent_requests_for_one_analysis_compute_it_once(stallable):
    store, stall = stallable
    app = _app_on(store)
    analyses = app.state.analyses

    async def storm() -> list[httpx.Response]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            with stall():  # the store answers nothing for a while: everyone queues
                calls = [asyncio.ensure_future(client.get("/api/v1/analyses/brokers", headers=AUTH))
                         for _ in range(8)]
                await asyncio.sleep(0.3)
            return list(await asyncio.gather(*calls))

    answers = asyncio.run(storm())
    assert [a.status_code for a in answers] == [200] * 8
    assert all(a.json() == answers[0].json() for a in answers)
    assert analyses.computed == 2  # the snapshot and the brokers, once each


def test_a_query_that_takes_too_long_is_a_503_with_retry_after(stallable):
    store, stall = stallable
    app = _app_on(store, timeout=0.3)

    async def slow() -> list[httpx.Response]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            with stall():
                started = time.perf_counter()
                answers = [await client.get("/api/v1/actors", headers=AUTH),
                           await client.get("/api/v1/analyses/communities", headers=AUTH)]
                assert time.perf_counter() - started < 3  # answered, not hung
            return answers

    for answer in asyncio.run(slow()):
        assert answer.status_code == 503
        assert answer.headers["retry-after"] == "5"
        assert answer.headers["content-type"] == "application/problem+json"
        assert answer.json()["code"] == "timeout"


def test_an_unreachable_store_is_a_503_with_retry_after(bolt_store):
    for api in make_api(bolt_store):
        assert api.call("GET", "/api/v1/actors").status_code == 200
        bolt_store.database = "gone" + bolt_store.database  # as if the database went away
        for path in ("/api/v1/health", "/api/v1/actors", "/api/v1/analyses/brokers"):
            answer = api.call("GET", path)
            assert answer.status_code == 503, (path, answer.text)
            assert answer.headers["retry-after"] == "5"
            assert answer.json()["code"] == "store_unavailable"


def test_health_reports_latency_while_another_request_computes(seeded_store):
    app = _app_on(seeded_store)
    release = threading.Event()

    async def both() -> tuple[float, httpx.Response]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            app.state.analyses.memo(seeded_store.version(), "block", {}, lambda: None)
            slow = asyncio.ensure_future(app.state.analyses.get(
                "slow", {}, lambda _v: release.wait(20)))
            await asyncio.sleep(0.05)
            started = time.perf_counter()
            health = await client.get("/health")
            took = time.perf_counter() - started
            release.set()
            await slow
            return took, health

    took, health = asyncio.run(both())
    # the event loop was free: a blocked loop would answer only after the 20 s computation
    # (the margin is wide because shared CI machines are slow, not to measure speed)
    assert health.status_code == 200 and took < 5.0


def test_served_snapshots_are_kept_out_of_the_gc_and_old_ones_still_freed(seeded_sqlite, monkeypatch):
    """As ``serve`` runs it: a built snapshot or prepared network is frozen (no full collection
    walks it during a request), and after a write the old prepared network, which holds
    reference cycles, is freed."""
    import gc
    import weakref

    from api import compute

    monkeypatch.setattr(compute, "FREEZE_GC", True)
    analyses = Analyses(seeded_sqlite, 20)
    try:
        old = weakref.ref(analyses.network(seeded_sqlite.version(), None))
        assert gc.get_freeze_count() > 0
        assert old() is not None
        full_collections = gc.get_stats()[2]["collections"]
        seeded_sqlite.upsert_topics([{"id": "wohnen", "name": "Wohnen"}])
        analyses.network(seeded_sqlite.version(), None)
        assert old() is None
        # the stale inputs were unfrozen and collected (cycles and all), not frozen for ever
        assert gc.get_stats()[2]["collections"] > full_collections
    finally:
        gc.unfreeze()
