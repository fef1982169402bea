"""Needs benchmark (the needs half of bench/memory.py; the meetings half is
bench/memory_meetings.py): 10,000 actors, 50,000 ties and 20,000 needs in a fresh SQLite file.

The network is :func:`bench.store.synthetic`; the needs are raised in random Quartiere on one
to two topics over the last two years, each taken along its life by allowed steps (a third
still ``neu``, the others clarified, handed to one or two city units, worked on, answered),
written with :meth:`~graph.store.needs.NeedStore.import_needs` in one transaction. Then, each
timed ``--repeat`` times (the median and the slowest are printed):

- ``open needs of the city``: :meth:`list_needs` with ``open_only`` (the first page of 50 and
  the total), the issue's target: < 100 ms;
- ``open needs of a Kreis`` (with its Quartiere) and ``open needs older than 90 days``;
- ``every open need``: all pages of 1,000 (what ``anliegen list --open`` reads);
- ``one step``: a need moved on (one write transaction, fsync included);
- ``response times``: median days per city unit over all needs (reading them all).

    .venv/bin/python bench/memory.py [--actors 10000] [--ties 50000] [--needs 20000]
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
from graph.analysis.needs import response_times  # noqa: E402
from graph.store.sqlite import SqliteStore  # noqa: E402

TODAY = date(2026, 11, 28)
PATH = ["abgeklaert", "vermittelt", "in_bearbeitung", "erledigt"]


def needs_of(network: dict[str, list[dict]], n: int, seed: int = 11) -> list[dict]:
    rng = random.Random(seed)
    quartiere = [a["id"] for a in network["areas"] if a["level"] == "quartier"]
    topics = [t["id"] for t in network["topics"]]
    units = [a["id"] for a in network["actors"] if a["kind"] == "city_unit"]
    others = [a["id"] for a in network["actors"] if a["kind"] != "city_unit"]
    rows = []
    for i in range(n):
        raised = TODAY - timedelta(days=rng.randint(0, 730))
        day = raised
        history = [{"status": "neu", "action": "create", "on": raised.isoformat(), "by": "bench"}]
        steps = rng.choices(range(5), weights=[35, 10, 15, 15, 25])[0]
        assigned = []
        status = "neu"
        for step in PATH[:steps]:
            day = min(TODAY, day + timedelta(days=rng.randint(0, 30)))
            if step == "vermittelt":
                assigned = [{"actor": u, "on": day.isoformat()}
                            for u in rng.sample(units, rng.randint(1, 2))]
            history.append({"status": step, "action": "step", "on": day.isoformat(),
                            "by": "bench", "note": None})
            status = step
        rows.append({"id": f"anliegen-{i:06d}", "title": f"Anliegen {i}", "status": status,
                     "raised_on": raised.isoformat(),
                     "raised_by": rng.choice(others) if rng.random() < 0.5 else None,
                     "areas": [rng.choice(quartiere)], "topics": rng.sample(topics, rng.randint(1, 2)),
                     "assigned": assigned, "history": history})
    return rows


def timed(fn, repeat: int) -> tuple[float, float, object]:  # type: ignore[no-untyped-def]
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), max(times), result


def every_open(store: SqliteStore) -> int:
    found, offset = 0, 0
    while True:
        page = store.list_needs(open_only=True, offset=offset, limit=1000)
        found += len(page.items)
        offset += 1000
        if offset >= page.total:
            return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--actors", type=int, default=10_000)
    parser.add_argument("--ties", type=int, default=50_000)
    parser.add_argument("--needs", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    network = synthetic(args.actors, args.ties)
    rows = needs_of(network, args.needs)
    with tempfile.TemporaryDirectory() as tmp:
        store = SqliteStore(Path(tmp) / "memory.db")
        started = time.perf_counter()
        store.apply(network)
        loaded = time.perf_counter() - started
        started = time.perf_counter()
        counts = store.import_needs(rows, user="bench", now=datetime(2026, 11, 28, tzinfo=UTC))
        imported = time.perf_counter() - started
        print(f"network: {args.actors:,} actors, {args.ties:,} ties in {loaded:.1f} s; "
              f"needs: {counts['created']:,} written in {imported:.1f} s")
        kinds = {a["id"]: a["kind"] for a in network["actors"]}
        step_ids = iter([r["id"] for r in rows if r["status"] == "neu"])
        cases = [
            ("open needs of the city (page of 50 + total)",
             lambda: store.list_needs(open_only=True).total),
            ("open needs of a Kreis (with its Quartiere)",
             lambda: store.list_needs(open_only=True, area="kreis-3").total),
            ("open needs older than 90 days",
             lambda: store.list_needs(open_only=True, older_than=90, today=TODAY).total),
            ("every open need (pages of 1,000)", lambda: every_open(store)),
            ("one step (a write transaction)",
             lambda: store.step_need(next(step_ids), "abgeklaert", user="bench").status.value),
            ("response times (all needs read)",
             lambda: len(response_times(store.all_needs(), kinds))),
        ]
        print(f"{'query':<48} {'median ms':>10} {'max ms':>10}  result")
        for name, fn in cases:
            median, worst, result = timed(fn, args.repeat)
            print(f"{name:<48} {median:>10.1f} {worst:>10.1f}  {result}")
        store.close()


if __name__ == "__main__":
    main()
