"""Memory benchmark (issue 15): the four speed goals of the network's memory in one table.

    PYTHONPATH=$PWD .venv/bin/python bench/memory.py [--actors 10000] [--ties 50000]
        [--needs 20000] [--meetings 100000] [--repeat 7] [--bolt]

One SQLite store in a temporary folder holds the synthetic network of ``bench/store.py``
(10,000 actors, 50,000 ties; a tenth of the ties start and a tenth end within 2025:
``bench/changes.py``), 20,000 needs taken along their life by allowed steps (a third still
``neu``; written with ``import_needs``) and 100,000 meetings of 2 to 6 actors of one Quartier
(``bench/memory_meetings.py``). Then, each timed ``--repeat`` times (median and slowest, wall
clock and the process's CPU time: on a shared machine the CPU column is what an idle core
would take):

- open needs of the city (``list_needs(open_only=True)``: the first page of 50 and the total),
  goal < 100 ms; of a Kreis with its Quartiere, older than 90 days; one step of a need;
- recording a meeting with 20 participants (``record_meeting``: 190 pairs of evidence, audit,
  commit), goal < 200 ms;
- the suggested ties (``suggested_ties(limit=100)``, the API's page), goal < 1 s, and all;
- ``changes`` over 2025 (``network_changes`` on the snapshot, with the needs), goal < 3 s; and
  once what the command does around it (snapshot with evidence, needs, changes).

With ``--bolt`` also the load of 2,000 meetings and 500 contacts into the Bolt store
(``bench/memory_bolt.py``: the ArcadeDB stand-in the tests start, or ``NEO4J_URI``).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.changes import SINCE, UNTIL, a_year_of_changes  # noqa: E402
from bench.memory_meetings import NOW, fill_meetings  # noqa: E402
from bench.store import synthetic  # noqa: E402
from graph.analysis._kernels import kernel_name  # noqa: E402
from graph.analysis.changes import CHANGE_KEYS, need_days, network_changes  # noqa: E402
from graph.store.base import Audit  # noqa: E402
from graph.store.sqlite import SqliteStore  # noqa: E402

TODAY = date(2026, 11, 28)
PATH = ["abgeklaert", "vermittelt", "in_bearbeitung", "erledigt"]


def needs_of(network: dict[str, list[dict]], n: int, seed: int = 11) -> list[dict]:
    """``n`` needs in random Quartiere on one or two topics over the last two years, each taken
    along its life by allowed steps (a third still ``neu``, the others clarified, handed to one
    or two city units, worked on, answered)."""
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


def timed(fn: Callable[[], Any], repeat: int) -> tuple[float, float, float, Any]:
    """Median and slowest wall seconds, median CPU seconds, and the last result."""
    walls, cpus, result = [], [], None
    for _ in range(repeat):
        cpu, wall = time.process_time(), time.perf_counter()
        result = fn()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), max(walls), statistics.median(cpus), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actors", type=int, default=10_000)
    parser.add_argument("--ties", type=int, default=50_000)
    parser.add_argument("--needs", type=int, default=20_000)
    parser.add_argument("--meetings", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--bolt", action="store_true", help="also the load into the Bolt store")
    args = parser.parse_args()
    network = synthetic(args.actors, args.ties)
    a_year_of_changes(network["ties"])
    needs = needs_of(network, args.needs)
    rows: list[tuple[str, str, float, float, float, float | None]] = []
    setup: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        store = SqliteStore(Path(tmp) / "memory.db")
        started = time.perf_counter()
        store.apply(network)
        setup.append(f"network {time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
        store.import_needs(needs, user="bench", now=datetime(2026, 11, 28, tzinfo=UTC))
        setup.append(f"{args.needs:,} needs {time.perf_counter() - started:.1f} s")
        setup.append(f"{args.meetings:,} meetings "
                     f"{fill_meetings(store, network, args.meetings):.1f} s")
        pairs = store._memory_read(lambda m: m.conn.execute(
            "SELECT count(*) FROM pair_evidence").fetchone()[0])
        r = args.repeat

        def add(what: str, size: str, fn: Callable[[], Any], goal: float | None,
                repeat: int = r) -> Any:
            median, worst, cpu, result = timed(fn, repeat)
            rows.append((what, size, median, worst, cpu, goal))
            return result

        open_total = add("open needs of the city (page of 50 + total)", "",
                         lambda: store.list_needs(open_only=True).total, 0.1)
        rows[-1] = (rows[-1][0], f"{open_total:,} open", *rows[-1][2:])
        add("open needs of a Kreis (with its Quartiere)", "",
            lambda: store.list_needs(open_only=True, area="kreis-3").total, None)
        add("open needs older than 90 days", "",
            lambda: store.list_needs(open_only=True, older_than=90, today=TODAY).total, None)
        fresh = iter([n["id"] for n in needs if n["status"] == "neu"])
        add("one step of a need (a write transaction)", "",
            lambda: store.step_need(next(fresh), "abgeklaert", user="bench"), None)
        people = [a["id"] for a in network["actors"] if a["kind"] != "forum"]
        rng = random.Random(3)
        add("record a meeting with 20 participants", "190 pairs",
            lambda: store.record_meeting({"date": "2026-10-01", "title": "Grosse Sitzung",
                                          "participants": rng.sample(people, 20)},
                                         audit=Audit("bench", "create"), now=NOW), 0.2)
        found = add("suggested ties, first 100 (the API's page)", "",
                    lambda: store.suggested_ties(limit=100), 1.0)
        rows[-1] = (rows[-1][0], f"{len(found)} of {pairs:,} pairs", *rows[-1][2:])
        every = add("suggested ties, all", "", store.suggested_ties, None, repeat=min(r, 3))
        rows[-1] = (rows[-1][0], f"{len(every):,}", *rows[-1][2:])
        S = add("the snapshot (what a server keeps per version)", "", store.snapshot, None,
                repeat=min(r, 3))
        days = add("the needs' days as stored (stored_needs)", f"{args.needs:,}",
                   lambda: need_days(store.stored_needs()), None, repeat=min(r, 3))
        answer = add("changes over 2025 (network_changes)", f"{args.ties:,} ties",
                     lambda: network_changes(S, since=SINCE, until=UNTIL, needs=days), 3.0,
                     repeat=min(r, 3))
        rows[-1] = (rows[-1][0], ", ".join(f"{len(answer[k]):,}" for k in CHANGE_KEYS),
                    *rows[-1][2:])
        add("changes, as the command: snapshot, needs, changes", "",
            lambda: network_changes(store.snapshot(), since=SINCE, until=UNTIL,
                                    needs=need_days(store.stored_needs())), None, repeat=1)
        store.close()
    if args.bolt:
        from bench.memory_bolt import bolt_load

        loaded = bolt_load()
        rows.append(("Bolt store: load 2,000 meetings + 500 contacts", f"{loaded['rows']:,}",
                     loaded["seconds"], loaded["seconds"], float("nan"), None))
    load = " ".join(Path("/proc/loadavg").read_text().split()[:3]) if os.path.exists(
        "/proc/loadavg") else "?"
    print(f"memory benchmark {date.today()}: {args.actors:,} actors, {args.ties:,} ties, "
          f"{args.needs:,} needs, {args.meetings:,} meetings (SQLite); kernel {kernel_name()}; "
          f"setup: {', '.join(setup)}; load average at the end {load}")
    print(f"{'what':<52} {'size':>26} {'median s':>9} {'slowest':>8} {'cpu s':>7} {'goal':>6}  ok")
    for what, size, median, worst, cpu, goal in rows:
        ok = "" if goal is None else ("yes" if median < goal else "NO")
        print(f"{what:<52} {size:>26} {median:>9.3f} {worst:>8.3f} {cpu:>7.3f} "
              f"{'' if goal is None else goal:>6}  {ok}")
    print("changes counts: " + ", ".join(CHANGE_KEYS))


if __name__ == "__main__":
    main()
