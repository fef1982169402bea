"""Benchmark of ``changes`` (what changed over a year), the memory issue's goal: < 3 s at 10,000
actors and 50,000 ties.

    .venv/bin/python bench/changes.py                    # 1,000 and 10,000 actors
    .venv/bin/python bench/changes.py --sizes 10000

The synthetic network of ``bench/analysis.py``, with a tenth of the ties given a start in the
year and a tenth an end in it, so that ties are gained and lost, actors become isolated and
brokers fall back. Prints: size, seconds (best of ``--repeat``), and the counts found.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.analysis import snapshot_of, synthetic  # noqa: E402
from graph.analysis._kernels import kernel_name  # noqa: E402
from graph.analysis.changes import CHANGE_KEYS, network_changes  # noqa: E402

SINCE, UNTIL = date(2025, 1, 1), date(2026, 1, 1)


def with_a_year_of_changes(n: int, seed: int = 1):  # type: ignore[no-untyped-def]
    batch = synthetic(n, seed)
    rng = random.Random(seed)
    for tie in batch["ties"]:
        roll = rng.random()
        if roll < 0.1:
            tie["since"] = f"2025-{rng.randint(1, 12):02d}-15"
        elif roll < 0.2:
            tie["until"] = f"2025-{rng.randint(1, 12):02d}-15"
    S = snapshot_of(batch)
    for _, _, data in S.edges(data=True):
        for end in ("since", "until"):
            if isinstance(data.get(end), str):
                data[end] = date.fromisoformat(data[end])
    return S


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"kernel: {kernel_name()}; period {SINCE} to {UNTIL}")
    print(f"{'actors':>8} {'ties':>7} {'seconds':>8}  {'goal':<8} counts")
    for n in (int(s) for s in args.sizes.split(",")):
        S = with_a_year_of_changes(n)
        best, answer = float("inf"), None
        for _ in range(args.repeat):
            start = time.perf_counter()
            answer = network_changes(S, since=SINCE, until=UNTIL)
            best = min(best, time.perf_counter() - start)
        assert answer is not None
        counts = ", ".join(f"{k} {len(answer[k])}" for k in CHANGE_KEYS[:5])
        goal = ("< 3 s " + ("ok" if best < 3 else "MISSED")) if n >= 10_000 else ""
        print(f"{n:>8,} {S.number_of_edges():>7,} {best:>8.2f}  {goal:<8} {counts}")


if __name__ == "__main__":
    main()
