"""Loading memory records into the Bolt store (issue 15): meetings and contact log entries
written by :meth:`~graph.store.meetings.Memory.import_encounters` (the path a JSON or Excel
file takes) into the ArcadeDB stand-in the tests start (tests/bolt_server.py), or into the
Neo4j named by ``NEO4J_URI``.

bench/memory.py runs it as one row of the memory benchmark (``--bolt``).
"""

from __future__ import annotations

import hashlib
import os
import random
import sys
import time
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.store import synthetic  # noqa: E402

NOW = datetime(2026, 11, 1, tzinfo=UTC)


def encounter_rows(batch: dict[str, list[dict]], meetings: int, contacts: int,
                   seed: int = 5) -> list[dict[str, Any]]:
    """Meetings of 2 to 6 actors of one Quartier and contact entries of 1 to 3 actors, as an
    export holds them (ids, recorded_at and recorded_by kept)."""
    rng = random.Random(seed)
    by_area: dict[str, list[str]] = {}
    for a in batch["actors"]:
        if a["kind"] != "forum":
            by_area.setdefault(a["areas"][0], []).append(a["id"])
    groups = [ids for ids in by_area.values() if len(ids) >= 6]
    first = date(2024, 1, 1)
    rows: list[dict[str, Any]] = []
    for i in range(meetings + contacts):
        day = (first + timedelta(days=rng.randrange(1000))).isoformat()
        common = {"date": day, "recorded_by": "bench", "recorded_at": NOW.isoformat()}
        if i < meetings:
            rows.append({"type": "meeting", "id": f"m-bench-{i:06d}", "title": f"Sitzung {i}",
                         "participants": rng.sample(rng.choice(groups), rng.randint(2, 6)),
                         **common})
        else:
            rows.append({"type": "contact_entry", "id": f"c-bench-{i:06d}", "kind": "telefon",
                         "actors": rng.sample(rng.choice(groups), rng.randint(1, 3)),
                         "note": "Rückruf", **common})
    return rows


@contextmanager
def bolt_store(name: str = "memory"):  # type: ignore[no-untyped-def]
    """A Neo4jStore on NEO4J_URI (wiped), else on an ArcadeDB server started here."""
    from graph.store.neo4j import Neo4jStore

    if os.environ.get("NEO4J_URI"):
        store = Neo4jStore(os.environ["NEO4J_URI"], os.environ.get("NEO4J_USER", "neo4j"),
                           os.environ.get("NEO4J_PASSWORD", "neo4j"),
                           database=os.environ.get("NEO4J_DATABASE"))
        store.wipe()
        store.init()
        try:
            yield store
        finally:
            store.close()
        return
    from tests.bolt_server import BoltServer

    with BoltServer() as server:
        server.create_database(name)
        store = Neo4jStore(server.uri, server.user, server.password, database=name)
        store.init()
        try:
            yield store
        finally:
            store.close()


def bolt_load(meetings: int = 2000, contacts: int = 500, actors: int = 1000,
              ties: int = 3000) -> dict[str, Any]:
    """Seconds to import the encounters into a fresh Bolt store holding a synthetic network,
    and the pair evidence they left (checked against the rows)."""
    batch = synthetic(actors, ties)
    rows = encounter_rows(batch, meetings, contacts)
    with bolt_store() as store:
        store.apply(batch)
        started = time.perf_counter()
        counts = store.import_encounters(rows, user="bench", now=NOW)
        seconds = time.perf_counter() - started
        assert counts["created"] == len(rows), counts
        again = time.perf_counter()
        assert store.import_encounters(rows, user="bench", now=NOW)["unchanged"] == len(rows)
        unchanged = time.perf_counter() - again
        evidence = sorted((s.source, s.target, s.evidence, s.since, s.last_seen)
                          for s in store.suggested_ties(min_evidence=1))
    return {"rows": len(rows), "seconds": seconds, "unchanged_seconds": unchanged,
            "suggested": len(evidence), "evidence": hashlib.sha256(repr(evidence).encode()).hexdigest()[:12]}
