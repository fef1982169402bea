"""Benchmark of the Quartierbericht on the Zurich sample: one Quartier, then all 34 Quartiere.

    .venv/bin/python bench/report.py                  # PDF, as `quartiernetz report` writes
    .venv/bin/python bench/report.py --format html
    .venv/bin/python bench/report.py --area wipkingen --repeat 5

The sample is loaded into a SQLite file in a temporary folder; one snapshot is taken, as the
CLI's ``--all-areas`` does. "first" is the first report of the process (it loads Pango and
the fonts, about a second); "one" the median of ``--repeat`` further reports of the same area;
"all" every Quartier in turn (the CLI's ``--all-areas --level quartier``). Targets: one < 5 s,
all 34 < 60 s on the 2-core machine.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from api.report import build_report  # noqa: E402
from graph.store.sqlite import SqliteStore  # noqa: E402
from loaders.sample import load_sample  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--format", choices=("pdf", "html"), default="pdf")
    parser.add_argument("--area", default="wipkingen")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--as-of", default="2026-06-30")
    args = parser.parse_args()
    day = date.fromisoformat(args.as_of)
    with tempfile.TemporaryDirectory() as folder:
        store = SqliteStore(Path(folder) / "zh.db")
        load_sample(store, "zurich")
        t0 = time.perf_counter()
        S = store.snapshot()
        snap = time.perf_counter() - t0
        store.close()
    areas = S.graph["areas"]
    quartiere = sorted((a for a, d in areas.items() if d.get("level") == "quartier"),
                       key=lambda a: areas[a]["name"])

    def timed(area: str) -> tuple[float, float, int]:
        t, c = time.perf_counter(), time.process_time()
        size = len(build_report(S, area, as_of=day, fmt=args.format))
        return time.perf_counter() - t, time.process_time() - c, size

    first = timed(args.area)
    ones = [timed(args.area) for _ in range(max(1, args.repeat))]
    rows = []
    t_all, c_all = time.perf_counter(), time.process_time()
    for area in quartiere:
        seconds, cpu, size = timed(area)
        rows.append((areas[area]["name"], seconds, cpu, size))
    total, total_cpu = time.perf_counter() - t_all, time.process_time() - c_all

    print(f"Quartierbericht, Zurich sample ({S.number_of_nodes()} actors, {S.number_of_edges()} ties), "
          f"format {args.format}, as of {day}")
    print(f"snapshot {snap:.2f} s")
    print(f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())} (other work on the machine "
          "stretches the wall clock; CPU is this process's own time)")
    print(f"{'what':<34} {'wall s':>8} {'CPU s':>8} {'target':>8}")
    print(f"{'first report (' + args.area + ')':<34} {first[0]:>8.2f} {first[1]:>8.2f}")
    one = f"one Quartier (median of {len(ones)})"
    print(f"{one:<34} {statistics.median(o[0] for o in ones):>8.2f} "
          f"{statistics.median(o[1] for o in ones):>8.2f} {'< 5':>8}")
    print(f"{'all ' + str(len(quartiere)) + ' Quartiere':<34} {total:>8.2f} {total_cpu:>8.2f} {'< 60':>8}")
    print()
    print(f"{'Quartier':<24} {'wall s':>8} {'CPU s':>8} {'KB':>6}")
    for name, seconds, cpu, size in sorted(rows, key=lambda r: -r[1])[:10]:
        print(f"{name:<24} {seconds:>8.2f} {cpu:>8.2f} {size / 1024:>6.0f}")
    print(f"(slowest 10 of {len(rows)}; mean {statistics.mean(r[1] for r in rows):.2f} s wall, "
          f"{statistics.mean(r[2] for r in rows):.2f} s CPU)")


if __name__ == "__main__":
    main()
