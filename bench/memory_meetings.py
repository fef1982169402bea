"""Memory benchmark (issue 15, items 2-3): 10,000 actors, 50,000 ties, 100,000 meetings in a
SQLite file; then the times a coordinator waits for.

The 100,000 meetings (2 to 6 actors each, mostly of one Quartier, so that pairs meet again) are
written through the store's own memory primitives in one transaction (the path
``record_meeting`` takes, without a transaction per meeting); what is measured goes through the
public methods:

- recording one meeting with 20 participants (``record_meeting``: validation, the meeting, 190
  pairs of evidence, audit entry, commit with ``synchronous=FULL``), median of 7; goal < 200 ms;
- the suggested ties (``suggested_ties``), median of 5; goal < 1 s;
- a snapshot with ``last_seen`` on the ties, against one without evidence (same store);
- the last contact of every city unit and department (Kontaktpflege's read).

    .venv/bin/python bench/memory_meetings.py [--actors 10000] [--ties 50000] [--meetings 100000]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.store import synthetic  # noqa: E402
from graph.store.base import Audit  # noqa: E402
from graph.store.meetings import _pairs  # noqa: E402
from graph.store.sqlite import SqliteStore  # noqa: E402

NOW = datetime(2026, 11, 1, tzinfo=UTC)


def fill_meetings(store: SqliteStore, batch: dict, n: int, seed: int = 11) -> float:
    rng = random.Random(seed)
    by_area: dict[str, list[str]] = {}
    for a in batch["actors"]:
        if a["kind"] != "forum":
            by_area.setdefault(a["areas"][0], []).append(a["id"])
    groups = [ids for ids in by_area.values() if len(ids) >= 6]
    first = date(2024, 1, 1)

    def work(ops):  # type: ignore[no-untyped-def]
        memory = store._memory_ops(ops)
        for i in range(n):
            people = rng.sample(rng.choice(groups), rng.randint(2, 6))
            day = (first + timedelta(days=rng.randrange(1000))).isoformat()
            memory.insert_encounter({"type": "meeting", "id": f"m-bench-{i:06d}", "date": day,
                                     "title": f"Sitzung {i}", "participants": people,
                                     "forum": None, "topics": [], "tags": [],
                                     "recorded_by": "bench", "recorded_at": NOW.isoformat()})
            memory.add_pairs(_pairs(people), day)
        ops.bump_version()

    start = time.perf_counter()
    store._run_write(work)
    return time.perf_counter() - start


def timed(fn, runs: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actors", type=int, default=10_000)
    parser.add_argument("--ties", type=int, default=50_000)
    parser.add_argument("--meetings", type=int, default=100_000)
    args = parser.parse_args()
    batch = synthetic(args.actors, args.ties)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        store = SqliteStore(Path(tmp) / "bench.db")
        store.apply(batch)
        plain, _ = timed(store.snapshot, 3)
        fill = fill_meetings(store, batch, args.meetings)
        pairs = store._memory_read(lambda m: m.conn.execute(
            "SELECT count(*) FROM pair_evidence").fetchone()[0])
        people = [a["id"] for a in batch["actors"] if a["kind"] != "forum"]
        rng = random.Random(3)

        def record():  # type: ignore[no-untyped-def]
            return store.record_meeting({"date": "2026-10-01", "title": "Grosse Sitzung",
                                         "participants": rng.sample(people, 20)},
                                        audit=Audit("bench", "create"), now=NOW)

        one, _ = timed(record, 7)
        suggest, found = timed(lambda: store.suggested_ties(limit=100), 5)  # the API's page
        every, everything = timed(store.suggested_ties, 3)
        snap, S = timed(store.snapshot, 3)
        seen = sum(1 for _, _, d in S.edges(data=True) if "last_seen" in d)
        units = [a["id"] for a in batch["actors"] if a["kind"] in ("city_unit", "department")]
        last, contacted = timed(lambda: store.last_contact(units), 3)
        store.close()
    rows = [
        ("fill: meetings in one transaction", f"{args.meetings:,}", fill, None),
        ("record a meeting with 20 participants", "190 pairs", one, 0.2),
        ("suggested ties, first 100 (API default)", f"{len(found):,} of {pairs:,} pairs", suggest, 1.0),
        ("suggested ties, all", f"{len(everything):,} of {pairs:,} pairs", every, None),
        ("snapshot without evidence", f"{args.ties:,} ties", plain, None),
        ("snapshot with last_seen", f"{seen:,} ties seen", snap, None),
        ("last contact of city units", f"{len(contacted):,} of {len(units):,}", last, None),
    ]
    print(f"memory benchmark, {date.today()}: {args.actors:,} actors, {args.ties:,} ties, "
          f"{args.meetings:,} meetings (SQLite)")
    print(f"{'what':<40} {'size':>24} {'seconds':>9} {'goal':>6}  ok")
    for what, size, secs, goal in rows:
        ok = "" if goal is None else ("yes" if secs < goal else "NO")
        print(f"{what:<40} {size:>24} {secs:>9.3f} {'' if goal is None else goal:>6}  {ok}")


if __name__ == "__main__":
    main()
