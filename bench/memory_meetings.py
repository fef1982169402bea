"""100,000 meetings for the memory benchmark (bench/memory.py): 2 to 6 actors each, mostly of
one Quartier so that pairs meet again, written through the store's own memory primitives in
one transaction (the batched path an import takes: the encounters at once, each pair's
evidence added up), without validating each one."""

from __future__ import annotations

import random
import time
from datetime import UTC, date, datetime, timedelta
from typing import Any

from graph.store.meetings import _pairs
from graph.store.sqlite import SqliteStore

NOW = datetime(2026, 11, 1, tzinfo=UTC)


def fill_meetings(store: SqliteStore, batch: dict[str, list[dict[str, Any]]], n: int,
                  seed: int = 11) -> float:
    """Write ``n`` meetings among the actors of ``batch``; seconds taken."""
    rng = random.Random(seed)
    by_area: dict[str, list[str]] = {}
    for a in batch["actors"]:
        if a["kind"] != "forum":
            by_area.setdefault(a["areas"][0], []).append(a["id"])
    groups = [ids for ids in by_area.values() if len(ids) >= 6]
    first = date(2024, 1, 1)
    rows, pairs = [], {}
    for i in range(n):
        people = rng.sample(rng.choice(groups), rng.randint(2, 6))
        day = (first + timedelta(days=rng.randrange(1000))).isoformat()
        rows.append({"type": "meeting", "id": f"m-bench-{i:06d}", "date": day,
                     "title": f"Sitzung {i}", "participants": people, "forum": None,
                     "topics": [], "tags": [], "recorded_by": "bench",
                     "recorded_at": NOW.isoformat()})
        for pair in _pairs(people):
            seen = pairs.get(pair)
            pairs[pair] = [1, day, day] if seen is None else [
                seen[0] + 1, min(seen[1], day), max(seen[2], day)]

    def work(ops):  # type: ignore[no-untyped-def]
        memory = store._memory_ops(ops)
        memory.insert_encounters(rows)
        memory.add_pair_counts([(a, b, c, f, last) for (a, b), (c, f, last) in pairs.items()])
        ops.bump_version()

    start = time.perf_counter()
    store._run_write(work)
    return time.perf_counter() - start
