"""Benchmark: ``snapshot()`` with and without survey answers on the generated 10,000-actor network.

    PYTHONPATH=. .venv/bin/python bench/surveys.py DB [--answers 300] [--repeat 5]

``DB`` is an SQLite file holding the network (``loaders.generate`` + ``load_files``; made by
``--make DB`` with the code at hand). Prints the median CPU seconds of ``--repeat`` runs of ``snapshot()``
(no survey row is read on that path), then, after a survey with ``--answers`` submitted answers
of five partners each, of ``snapshot()`` and ``snapshot(with_survey=True)``. Run it with main's
code on a copy of the same file (``snapshot`` only) to compare the default path.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from graph.store.sqlite import SqliteStore  # noqa: E402


def median_time(fn, repeat: int) -> float:  # type: ignore[no-untyped-def]
    """The median CPU time of the process (wall time swings on a loaded machine)."""
    times = []
    for _ in range(repeat):
        start = time.process_time()
        fn()
        times.append(time.process_time() - start)
    return statistics.median(times)


def make(db: Path, actors: int) -> None:
    from loaders.generate import generate
    from loaders.load import load_files

    with tempfile.TemporaryDirectory() as tmp, SqliteStore(db) as store:
        generate(Path(tmp), actors=actors, seed=1)
        load_files(store, sorted(Path(tmp).glob("*.csv")))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("db", type=Path)
    parser.add_argument("--make", action="store_true", help="generate and load the network first")
    parser.add_argument("--actors", type=int, default=10_000)
    parser.add_argument("--answers", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--plain-only", action="store_true", help="only snapshot() (main's code)")
    args = parser.parse_args()
    if args.make:
        make(args.db, args.actors)
    with SqliteStore(args.db) as store:
        print(f"snapshot() before any survey: {median_time(store.snapshot, args.repeat):.3f} s")
        if args.plain_only:
            return
        from graph.store.audit import Audit

        rng = random.Random(1)
        ids = sorted(store.snapshot().nodes)
        kinds = dict(store.snapshot().nodes(data="kind"))
        asked = rng.sample([a for a in ids if kinds[a] != "forum"], args.answers)
        until = datetime.now(UTC).date() + timedelta(days=30)
        survey = store.create_survey("Bench", until, actors=asked, audit=Audit("bench", "create"))
        started = time.perf_counter()
        for actor in asked:
            partners = [{"actor": p, "kind": "cooperates_with", "weight": rng.randint(1, 5)}
                        for p in rng.sample([a for a in ids if a != actor], 5)]
            store.save_answer(survey.id, actor, partners=partners, submit=True,
                              audit=Audit(actor, "answer"))
        saved = time.perf_counter() - started
        print(f"{args.answers} answers saved in {saved:.2f} s "
              f"({saved / args.answers * 1000:.1f} ms each)")
        print(f"snapshot() with a survey:      {median_time(store.snapshot, args.repeat):.3f} s")
        with_survey = median_time(lambda: store.snapshot(with_survey=True), args.repeat)
        print(f"snapshot(with_survey=True):    {with_survey:.3f} s")
        print(f"perspectives():                "
              f"{median_time(lambda: store.perspectives(survey.id), args.repeat):.3f} s")


if __name__ == "__main__":
    main()
