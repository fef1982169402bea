"""Benchmark: generate a network, load it from CSV into SQLite, load it again, export it.

    python bench/load.py                       # 100,000 actors + 500,000 ties (the issue's target)
    python bench/load.py --actors 10000        # quicker

Each phase runs the real command line (``quartiernetz ...``) in its own process, so its time and
peak memory (max RSS) are its own; "seconds" is the command itself (after Python's start-up),
"CPU s" the process's user + system time (less moved by other jobs on a shared machine).
Targets (issue 5): load < 60 s with peak < 2 GB; GraphML export < 30 s. Prints a table; exit
code 1 if a target is missed.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

_CHILD = """
import resource, sys, time
from api.cli import app
start = time.perf_counter()
try:
    app(sys.argv[1:], standalone_mode=False)
finally:
    took = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu = usage.ru_utime + usage.ru_stime
    print(f"@@BENCH {took:.3f} {usage.ru_maxrss / 1024:.0f} {cpu:.3f}", file=sys.stderr)
"""


def phase(args: list[str]) -> tuple[float, float, str]:
    """Run ``quartiernetz ARGS`` in a fresh process: (seconds, peak MB, stdout).

    Also records the CPU seconds (user + system) in ``CPU``: on a shared machine the wall
    time moves with the neighbours' load, the CPU time much less.
    """
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, *args],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    line = next((ln for ln in done.stderr.splitlines() if ln.startswith("@@BENCH")), None)
    if done.returncode != 0 or line is None:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"phase failed: quartiernetz {' '.join(args)}")
    _, took, peak, cpu = line.split()
    CPU.append(float(cpu))
    return float(took), float(peak), done.stdout


CPU: list[float] = []


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actors", type=int, default=100_000)
    parser.add_argument("--ties", type=int, default=None, help="default: 5 per actor")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--formats", default="graphml,gexf,csv,json,xlsx", help="export formats to time")
    parser.add_argument("--json", action="store_true", help="print the results as JSON too")
    opts = parser.parse_args()
    ties = opts.ties if opts.ties is not None else 5 * opts.actors
    rows: list[tuple[str, float, float, str, str]] = []
    scale = opts.actors / 100_000 * 0.5 + ties / 500_000 * 0.5
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        db = str(work / "bench.db")
        took, peak, _ = phase(
            [
                "generate",
                "--actors",
                str(opts.actors),
                "--ties",
                str(ties),
                "--seed",
                str(opts.seed),
                "-o",
                str(work / "csv"),
            ]
        )
        rows.append(("generate", took, peak, "", ""))
        files = [str(work / "csv" / f) for f in ("areas.csv", "topics.csv", "actors.csv", "ties.csv")]
        took, peak, _ = phase(["--db", db, "load", *files])
        ok = took < 60 * max(scale, 0.01) and peak < 2048
        rows.append(("load CSV -> SQLite", took, peak, "< 60 s, < 2048 MB", "ok" if ok else "MISSED"))
        failed = not ok
        took, peak, out = phase(["--db", db, "--lang", "en", "load", *files])
        same = "Nothing changed" in out
        rows.append(("load again (no change)", took, peak, "version kept", "ok" if same else "MISSED"))
        failed |= not same
        for fmt in [f for f in opts.formats.split(",") if f]:
            target = work / ("export-csv" if fmt == "csv" else f"export.{fmt}")
            took, peak, _ = phase(["--db", db, "export", "--format", fmt, "-o", str(target)])
            if fmt == "graphml":
                ok = took < 30 * max(scale, 0.01)
                failed |= not ok
                rows.append((f"export {fmt}", took, peak, "< 30 s", "ok" if ok else "MISSED"))
            else:
                rows.append((f"export {fmt}", took, peak, "", ""))
    print(f"quartiernetz bench/load.py: {opts.actors:,} actors, {ties:,} ties, seed {opts.seed}")
    headers = ("phase", "seconds", "CPU s", "peak MB", "target", "result")
    table = [headers] + [
        (n, f"{t:.1f}", f"{c:.1f}", f"{p:.0f}", tg, r) for (n, t, p, tg, r), c in zip(rows, CPU, strict=True)
    ]
    widths = [max(len(str(r[i])) for r in table) for i in range(len(headers))]
    for i, row in enumerate(table):
        print("  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
        if i == 0:
            print("  ".join("-" * w for w in widths))
    if opts.json:
        print(json.dumps([dict(zip(headers, r, strict=True)) for r in table[1:]]))
    return 1 if failed else 0


if __name__ == "__main__":
    start = time.perf_counter()
    code = main()
    print(f"total {time.perf_counter() - start:.0f} s")
    raise SystemExit(code)
